from django.urls import URLPattern, URLResolver, path

from baton.metrics import views

app_name = "metrics"

urlpatterns: list[URLPattern | URLResolver] = [
    path("metrics/", views.dashboard, name="dashboard"),
    path("metrics/definitions/", views.definitions, name="definitions"),
    path("metrics/targets/", views.targets, name="targets"),
    path("metrics/pin/", views.pin, name="pin"),
    path("metrics/survey/", views.survey, name="survey"),
    path("metrics/stages/", views.stages, name="stages"),
    path("metrics/export/<slug:table>.<slug:fmt>", views.export, name="export"),
    path("metrics/<slug:metric_id>/accounts/", views.accounts, name="accounts"),
]
