from django.urls import URLPattern, URLResolver, path

from baton.notifications import views, views_admin

app_name = "notifications"

urlpatterns: list[URLPattern | URLResolver] = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/read/", views.mark_read, name="mark_read"),
    path("notifications/<int:pk>/open/", views.open_notification, name="open"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("notifications/l/<str:token>/", views.signed_link, name="link"),
    path("notifications/channels/", views_admin.channels, name="channels"),
    path("notifications/channels/<str:channel>/", views_admin.channel_save, name="channel_save"),
    path(
        "notifications/channels/<str:channel>/test/",
        views_admin.channel_test,
        name="channel_test",
    ),
    path(
        "notifications/channels/<str:channel>/delete/",
        views_admin.channel_delete,
        name="channel_delete",
    ),
    path("notifications/deliveries/", views_admin.deliveries, name="deliveries"),
    path("notifications/deliveries/dead/", views_admin.dead_letters, name="dead_letters"),
    path("notifications/deliveries/<int:pk>/retry/", views_admin.retry, name="retry"),
]
