from django.urls import URLPattern, URLResolver, path

from baton.accounts import export_urls, import_urls, views

app_name = "accounts"

urlpatterns: list[URLPattern | URLResolver] = [
    path("accounts/", views.account_list, name="list"),
]
urlpatterns += import_urls.urlpatterns
urlpatterns += export_urls.urlpatterns
