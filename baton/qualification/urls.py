from django.urls import URLPattern, URLResolver, path

from baton.qualification import views

app_name = "qualification"

urlpatterns: list[URLPattern | URLResolver] = [
    path("qualification/ready/", views.ready, name="ready"),
    path("qualification/engaged/", views.engaged, name="engaged"),
    path("qualification/rules/", views.rules, name="rules"),
    path("qualification/rules/<int:pk>/preview/", views.preview, name="preview"),
    path("qualification/rules/<int:pk>/activate/", views.activate, name="activate"),
    path("accounts/<int:pk>/qualification/", views.history, name="history"),
]
