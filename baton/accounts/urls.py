from django.urls import URLPattern, URLResolver, path

from baton.accounts import export_urls, import_urls, views

app_name = "accounts"

urlpatterns: list[URLPattern | URLResolver] = [
    path("accounts/", views.account_list, name="list"),
    path("accounts/new/", views.account_create, name="create"),
    path("accounts/<int:pk>/", views.account_detail, name="detail"),
    path("accounts/<int:pk>/edit/", views.account_edit, name="edit"),
    path("accounts/<int:pk>/context/", views.context_edit, name="context_edit"),
    path("accounts/<int:pk>/pains/new/", views.pain_add, name="pain_add"),
    path("accounts/pains/<int:pk>/delete/", views.pain_delete, name="pain_delete"),
    path("accounts/<int:pk>/projects/new/", views.project_add, name="project_add"),
    path("accounts/projects/<int:pk>/delete/", views.project_delete, name="project_delete"),
    path("accounts/<int:pk>/signals/new/", views.signal_create, name="signal_create"),
    path("accounts/signals/<int:pk>/edit/", views.signal_edit, name="signal_edit"),
    path("accounts/signals/<int:pk>/delete/", views.signal_delete, name="signal_delete"),
    path("accounts/<int:pk>/committee/new/", views.contact_create, name="contact_create"),
    path("accounts/committee/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("accounts/committee/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
]
urlpatterns += import_urls.urlpatterns
urlpatterns += export_urls.urlpatterns
