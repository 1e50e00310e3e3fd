from django.urls import URLPattern, URLResolver, path

from baton.engagement import views

app_name = "engagement"

urlpatterns: list[URLPattern | URLResolver] = [
    path("interactions/unmatched/", views.unmatched, name="unmatched"),
    path("interactions/unmatched/attach/", views.unmatched_attach, name="unmatched_attach"),
    path("interactions/sources/", views.sources, name="sources"),
    path("interactions/sources/<int:pk>/rotate/", views.source_rotate, name="source_rotate"),
    path("interactions/sources/<int:pk>/toggle/", views.source_toggle, name="source_toggle"),
]
