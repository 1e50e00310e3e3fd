from django.urls import URLPattern, URLResolver, path

from baton.handovers import views

app_name = "handovers"

urlpatterns: list[URLPattern | URLResolver] = [
    path("handovers/", views.board, name="board"),
    path("handovers/mine/", views.mine, name="mine"),
    path("handovers/review/", views.review, name="review"),
    path("handovers/propose/<int:account_id>/", views.propose, name="propose"),
    path("handovers/<int:pk>/", views.detail, name="detail"),
    path("handovers/<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("handovers/<int:pk>/feedback/<int:checkpoint>/", views.feedback, name="feedback"),
    path("handovers/rules/", views.rules, name="rules"),
    path("handovers/rules/new/", views.rule_edit, name="rule_create"),
    path("handovers/rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("handovers/rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("handovers/pools/new/", views.pool_edit, name="pool_create"),
    path("handovers/pools/<int:pk>/", views.pool_edit, name="pool_edit"),
    path("handovers/rules/test/", views.tester, name="tester"),
    path("handovers/settings/", views.sla_settings, name="settings"),
]
