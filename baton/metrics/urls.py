from django.urls import URLPattern, URLResolver, path

from baton.metrics import views, views_weekly

app_name = "metrics"

urlpatterns: list[URLPattern | URLResolver] = [
    path("metrics/", views.dashboard, name="dashboard"),
    path("metrics/definitions/", views.definitions, name="definitions"),
    path("metrics/targets/", views.targets, name="targets"),
    path("metrics/pin/", views.pin, name="pin"),
    path("metrics/survey/", views.survey, name="survey"),
    path("metrics/stages/", views.stages, name="stages"),
    path("metrics/weekly/", views_weekly.weekly_list, name="weekly"),
    path("metrics/weekly/actions/", views_weekly.action_create, name="action_create"),
    path(
        "metrics/weekly/actions/<int:pk>/close/",
        views_weekly.action_close,
        name="action_close",
    ),
    path("metrics/weekly/<str:week>/", views_weekly.weekly_week, name="weekly_week"),
    path("metrics/weekly/<str:week>/win/", views_weekly.weekly_win, name="weekly_win"),
    path(
        "metrics/weekly/<str:week>.<slug:fmt>",
        views_weekly.weekly_download,
        name="weekly_download",
    ),
    path("metrics/monthly/", views_weekly.monthly_review, name="monthly"),
    path("metrics/export/<slug:table>.<slug:fmt>", views.export, name="export"),
    path("metrics/<slug:metric_id>/accounts/", views.accounts, name="accounts"),
]
