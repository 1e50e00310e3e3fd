from django.urls import URLPattern, URLResolver

app_name = "qualification"

urlpatterns: list[URLPattern | URLResolver] = []
