from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("baton.users.urls")),
    path("", include("baton.accounts.urls")),
    path("", include("baton.engagement.urls")),
    path("", include("baton.qualification.urls")),
    path("", include("baton.handovers.urls")),
    path("", include("baton.notifications.urls")),
    path("", include("baton.metrics.urls")),
    path("", include("baton.web.urls")),
]
