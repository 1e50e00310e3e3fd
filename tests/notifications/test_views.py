"""Pages: inbox and preferences for everyone; channels, delivery log, dead letters for admins."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from baton.core import worker
from baton.core.models import AuditEvent
from baton.notifications import tasks  # noqa: F401
from baton.notifications.context_processors import unread
from baton.notifications.models import (
    ChannelConfig,
    Health,
    Notification,
    OutboxMessage,
    Preference,
    State,
)
from baton.notifications.services import notify
from tests.notifications.conftest import HANDOVER_CONTEXT
from tests.notifications.servers import Reply, WebhookServer

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["channels", "deliveries", "dead_letters"]
EVERYONE_PAGES = ["inbox", "preferences"]
SLACK_URL_PATH = "/services/T0001/B0002/supersecrettoken3f2a"


@pytest.mark.parametrize("name", ADMIN_PAGES + EVERYONE_PAGES)
def test_anonymous_is_sent_to_login(name: str, client_as: Any) -> None:
    response = client_as(None).get(reverse(f"notifications:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("role", ["marketing", "sales_rep", "sales_manager", "leadership"])
@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_pages_refuse_other_roles(name: str, role: str, client_as: Any) -> None:
    assert client_as(role).get(reverse(f"notifications:{name}")).status_code == 403


@pytest.mark.parametrize("role", ["marketing", "sales_rep", "sales_manager", "leadership", "admin"])
@pytest.mark.parametrize("name", EVERYONE_PAGES)
def test_everyone_has_an_inbox_and_preferences(name: str, role: str, client_as: Any) -> None:
    assert client_as(role).get(reverse(f"notifications:{name}")).status_code == 200


def test_inbox_lists_marks_read_and_opens_the_object(client_as: Any, users: dict[str, Any]) -> None:
    rep = users["sales_rep"]
    notify(
        event="handover.assigned", recipients=[rep], context=HANDOVER_CONTEXT, channels=["in_app"]
    )
    client = client_as("sales_rep")
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "New account for you: Acme Industrie" in page
    assert "1 unread" in page
    item = Notification.objects.get(recipient=rep)
    response = client.post(reverse("notifications:open", args=[item.pk]))
    assert (response.status_code, response["Location"]) == (302, "http://testserver/accounts/42/")
    item.refresh_from_db()
    assert item.read_at is not None


def test_someone_else_cannot_open_my_notification(client_as: Any, users: dict[str, Any]) -> None:
    notify(event="test.message", recipients=[users["sales_rep"]], context={}, channels=["in_app"])
    item = Notification.objects.get()
    assert (
        client_as("marketing").post(reverse("notifications:open", args=[item.pk])).status_code
        == 404
    )
    item.refresh_from_db()
    assert item.read_at is None


def test_mark_all_read(client_as: Any, users: dict[str, Any]) -> None:
    rep = users["sales_rep"]
    for n in range(3):
        notify(
            event="test.message", recipients=[rep], context={}, channels=["in_app"], dedupe=str(n)
        )
    client_as("sales_rep").post(reverse("notifications:mark_read"))
    assert Notification.objects.filter(recipient=rep, read_at__isnull=True).count() == 0


def test_nav_badge_shows_the_unread_count(users: dict[str, Any]) -> None:
    rep = users["sales_rep"]
    for n in range(2):
        notify(
            event="test.message", recipients=[rep], context={}, channels=["in_app"], dedupe=str(n)
        )
    request = RequestFactory().get("/")
    request.user = rep
    html = render_to_string("notifications/_nav_badge.html", unread(request))
    assert html == (
        '<a href="/notifications/" class="nav-notifications" data-testid="nav-notifications">'
        'Notifications <span class="badge" aria-label="2 unread notifications">2</span></a>\n'
    )


def test_inbox_query_count_does_not_grow_with_items(
    client_as: Any, users: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    rep = users["sales_rep"]
    for n in range(25):
        notify(
            event="test.message", recipients=[rep], context={}, channels=["in_app"], dedupe=str(n)
        )
    client = client_as("sales_rep")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("notifications:inbox")).status_code == 200


def test_leadership_saves_its_own_preferences(client_as: Any, users: dict[str, Any]) -> None:
    boss = users["leadership"]
    response = client_as("leadership").post(
        reverse("notifications:preferences"),
        {"handover.assigned:in_app": "on", "digest.daily:email": "on"},
    )
    assert response.status_code == 302
    saved = set(Preference.objects.filter(user=boss).values_list("event", "channel", "enabled"))
    assert ("digest.daily", "email", True) in saved
    assert ("handover.assigned", "email", False) in saved
    assert ("handover.assigned", "in_app", True) not in saved  # unchanged default: no row
    audit = AuditEvent.objects.get(action="notification.preferences")
    assert audit.changes["digest.daily/email"] == [False, True]


def test_channel_url_is_masked_and_never_shown_back(
    client_as: Any, http_server: WebhookServer
) -> None:
    url = http_server.url(SLACK_URL_PATH)
    client = client_as("admin")
    response = client.post(
        reverse("notifications:channel_save", args=["slack"]),
        {"slack-url": url, "slack-enabled": "on"},
    )
    assert response.status_code == 302
    assert ChannelConfig.objects.get(channel="slack").url == url
    page = client.get(reverse("notifications:channels")).content.decode()
    assert "supersecrettoken" not in page
    assert "http://127.0.0.1/\u2026/\u2022\u2022\u2022\u20223f2a" in page
    audit = AuditEvent.objects.get(action="notification.channel_saved")
    assert "supersecrettoken" not in str(audit.changes)


def test_blank_url_keeps_the_stored_one(client_as: Any, connect: Any) -> None:
    config = connect("slack", SLACK_URL_PATH)
    client_as("admin").post(
        reverse("notifications:channel_save", args=["slack"]), {"slack-url": ""}
    )
    config.refresh_from_db()
    assert config.url.endswith(SLACK_URL_PATH)
    assert config.enabled is False


def test_non_admin_cannot_change_channels(client_as: Any, connect: Any) -> None:
    connect("slack", SLACK_URL_PATH)
    response = client_as("marketing").post(
        reverse("notifications:channel_save", args=["slack"]), {"slack-url": "https://evil.test/x"}
    )
    assert response.status_code == 403
    assert ChannelConfig.objects.get(channel="slack").url.endswith(SLACK_URL_PATH)


def test_send_test_message_delivers_and_resumes_a_failing_channel(
    client_as: Any, connect: Any, http_server: WebhookServer, caplog: Any
) -> None:
    config = connect("slack", SLACK_URL_PATH)
    ChannelConfig.objects.filter(pk=config.pk).update(health=Health.FAILING)
    caplog.set_level(logging.DEBUG)
    response = client_as("admin").post(
        reverse("notifications:channel_test", args=["slack"]), follow=True
    )
    assert "Test message sent to Slack." in response.content.decode()
    (received,) = http_server.on(SLACK_URL_PATH)
    assert received.json()["text"] == "Baton test message"
    config.refresh_from_db()
    assert config.health == Health.OK
    assert "supersecrettoken" not in caplog.text  # webhook URLs are never logged


def test_failed_test_message_explains_why(
    client_as: Any, connect: Any, http_server: WebhookServer
) -> None:
    connect("teams", "/teams")
    http_server.script("/teams", Reply(404, body=b"workflow not found"))
    response = client_as("admin").post(
        reverse("notifications:channel_test", args=["teams"]), follow=True
    )
    assert (
        "The test message to Microsoft Teams did not go through: HTTP 404: workflow not found"
        in response.content.decode()
    )


def test_delivery_log_filters_and_dead_letter_retry(
    client_as: Any, users: dict[str, Any], connect: Any, http_server: WebhookServer
) -> None:
    connect("webhook", "/hook")
    http_server.script("/hook", Reply(410))
    rep = users["sales_rep"]
    notify(
        event="handover.assigned",
        recipients=[rep],
        context=HANDOVER_CONTEXT,
        channels=["webhook", "in_app"],
    )
    worker.run_until_idle(only=["notifications.outbox"])
    dead = OutboxMessage.objects.get(channel="webhook")
    assert dead.state == State.DEAD
    client = client_as("admin")
    page = client.get(
        reverse("notifications:deliveries"), {"state": "dead", "channel": "webhook"}
    ).content.decode()
    assert page.count('data-testid="delivery"') == 1
    assert "HTTP 410" in page
    page = client.get(reverse("notifications:deliveries"), {"recipient": "nobody"}).content.decode()
    assert page.count('data-testid="delivery"') == 0
    assert (
        client.get(reverse("notifications:dead_letters"))
        .content.decode()
        .count('data-testid="delivery"')
        == 1
    )

    # Fix the channel (saving resumes it), then retry the dead letter.
    client.post(reverse("notifications:channel_save", args=["webhook"]), {"webhook-enabled": "on"})
    client.post(reverse("notifications:retry", args=[dead.pk]))
    dead.refresh_from_db()
    assert dead.state == State.PENDING
    worker.run_until_idle(only=["notifications.outbox"])
    dead.refresh_from_db()
    assert dead.state == State.SENT
    assert len(http_server.on("/hook")) == 2


def test_only_admins_retry(client_as: Any, users: dict[str, Any]) -> None:
    rows = notify(event="test.message", recipients=[users["admin"]], context={}, channels=["email"])
    OutboxMessage.objects.filter(pk=rows[0].pk).update(state=State.DEAD)
    assert (
        client_as("sales_manager")
        .post(reverse("notifications:retry", args=[rows[0].pk]))
        .status_code
        == 403
    )
    assert OutboxMessage.objects.get(pk=rows[0].pk).state == State.DEAD
