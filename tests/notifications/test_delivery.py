"""Delivery against real local receivers: SMTP (aiosmtpd) and HTTP (Slack, Teams, webhook)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from typing import Any

import pytest
import time_machine

from baton.core import worker
from baton.notifications import tasks  # noqa: F401 (registers the outbox sweeper)
from baton.notifications.channels.email import message_id
from baton.notifications.models import ChannelConfig, Health, Notification, OutboxMessage, State
from baton.notifications.services import notify
from tests.notifications.conftest import HANDOVER_CONTEXT
from tests.notifications.servers import Reply, SmtpServer, WebhookServer

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)


def run_worker() -> int:
    return worker.run_until_idle(only=["notifications.outbox"])["notifications.outbox"]


def states() -> dict[str, str]:
    return dict(OutboxMessage.objects.values_list("channel", "state"))


def test_every_channel_delivers_once_to_real_receivers(
    make_user: Any, connect: Any, http_server: WebhookServer, smtp_server: SmtpServer
) -> None:
    connect("slack", "/slack")
    connect("teams", "/teams")
    connect("webhook", "/hook", secret="whsec-42")
    rep = make_user("sales_rep", language="fr", email="camille@example.com")
    notify(event="handover.assigned", recipients=[rep], context=HANDOVER_CONTEXT, target=rep)

    assert run_worker() == 4
    assert states() == {
        "in_app": "sent",
        "email": "sent",
        "slack": "sent",
        "teams": "sent",
        "webhook": "sent",
    }
    assert [r.path for r in http_server.received] == ["/slack", "/teams", "/hook"]

    (envelope,) = smtp_server.messages
    assert envelope.rcpt_tos == ["camille@example.com"]
    mail = message_from_bytes(envelope.content, policy=policy.default)
    key = f"handover.assigned:users.user#{rep.pk}:u{rep.pk}:email"
    assert mail["Message-ID"] == message_id(key)
    assert mail["List-Unsubscribe"] == "<http://testserver/notifications/preferences/>"
    assert mail["Subject"] == "Nouveau compte pour vous\u00a0: Acme Industrie"
    text = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = mail.get_body(("html",)).get_content()
    assert "Décideur à contacter\u00a0: Sophie Martin, Directrice marketing" in text
    assert 'href="http://testserver/accounts/42/"' in html

    slack = http_server.on("/slack")[0].json()
    assert slack["blocks"][-1]["elements"][0]["url"] == "http://testserver/accounts/42/"
    teams = http_server.on("/teams")[0].json()
    assert teams["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"

    hook = http_server.on("/hook")[0]
    assert (
        hook.headers["Idempotency-Key"]
        == f"handover.assigned:users.user#{rep.pk}:u{rep.pk}:webhook"
    )
    t, v1 = (part.split("=", 1)[1] for part in hook.headers["Baton-Signature"].split(","))
    expected = hmac.new(b"whsec-42", f"{t}.".encode() + hook.body, hashlib.sha256).hexdigest()
    assert v1 == expected
    assert hook.json()["recipient"] == {"email": "camille@example.com", "name": rep.display_name}


def test_receiver_down_for_a_while_then_up_delivers_every_message_once(
    make_user: Any, connect: Any, http_server: WebhookServer
) -> None:
    connect("webhook", "/hook")
    reps = [make_user("sales_rep") for _ in range(3)]
    with time_machine.travel(T0, tick=False) as clock:
        notify(
            event="handover.assigned",
            recipients=reps,
            context=HANDOVER_CONTEXT,
            channels=["webhook"],
        )
        http_server.stop()  # closed port: connection refused
        assert run_worker() == 3
        assert set(states().values()) == {"failed"}
        assert all(r.attempts == 1 for r in OutboxMessage.objects.all())
        for _ in range(3):  # still down for the next retries
            clock.shift(timedelta(hours=2))
            assert run_worker() == 3
        http_server.start()  # up again, on the same port
        http_server.script("/hook", Reply(503), Reply(503))  # and still busy twice
        clock.shift(timedelta(hours=2))
        run_worker()
        clock.shift(timedelta(hours=2))
        run_worker()
    assert set(states().values()) == {"sent"}
    keys = [r.headers["Idempotency-Key"] for r in http_server.on("/hook") if r.headers]
    accepted = keys[2:]  # the first two got the scripted 503
    assert sorted(accepted) == sorted(
        OutboxMessage.objects.values_list("idempotency_key", flat=True)
    )
    assert OutboxMessage.objects.get(recipient=reps[0]).attempts in (5, 6)


def test_429_retry_after_is_honoured_no_earlier_retry(
    make_user: Any, connect: Any, http_server: WebhookServer
) -> None:
    connect("slack", "/slack")
    rep = make_user("sales_rep")
    http_server.script("/slack", Reply(429, {"Retry-After": "120"}))
    with time_machine.travel(T0, tick=False) as clock:
        notify(
            event="handover.assigned",
            recipients=[rep],
            context=HANDOVER_CONTEXT,
            channels=["slack"],
        )
        assert run_worker() == 1
        row = OutboxMessage.objects.get()
        assert (row.state, row.last_status) == ("failed", 429)
        assert row.next_attempt_at == T0 + timedelta(seconds=120)
        clock.shift(timedelta(seconds=119))
        assert run_worker() == 0  # not due yet: nothing sent
        assert len(http_server.on("/slack")) == 1
        clock.shift(timedelta(seconds=1))
        assert run_worker() == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("sent", 2)
    assert len(http_server.on("/slack")) == 2


@pytest.mark.parametrize("status", [404, 410])
def test_404_or_410_is_dead_channel_failing_and_admins_alerted(
    status: int, make_user: Any, users: dict[str, Any], connect: Any, http_server: WebhookServer
) -> None:
    connect("teams", "/teams")
    rep = make_user("sales_rep")
    http_server.script("/teams", Reply(status, body=b"no such workflow"))
    notify(
        event="handover.assigned",
        recipients=[rep],
        context=HANDOVER_CONTEXT,
        channels=["teams"],
        dedupe="first",
    )
    notify(
        event="handover.assigned",
        recipients=[rep],
        context=HANDOVER_CONTEXT,
        channels=["teams"],
        dedupe="second",
    )
    run_worker()

    first, second = OutboxMessage.objects.filter(channel="teams").order_by("id")
    assert (first.state, first.last_status, first.attempts) == ("dead", status, 1)
    assert first.last_error == f"HTTP {status}: no such workflow"
    # The channel is paused: the second message waits, it is neither sent nor lost.
    assert second.state == "pending"
    assert len(http_server.on("/teams")) == 1
    config = ChannelConfig.objects.get(channel="teams")
    assert config.health == Health.FAILING
    alert = Notification.objects.get(recipient=users["admin"], event="channel.failing")
    assert alert.title == "Notifications to Microsoft Teams are failing"
    assert alert.url == "http://testserver/notifications/channels/"
    assert not Notification.objects.filter(recipient=rep, event="channel.failing").exists()


def test_transient_failures_give_up_at_the_horizon(
    make_user: Any, connect: Any, http_server: WebhookServer, settings: Any
) -> None:
    settings.BATON_NOTIFICATIONS_HORIZON_HOURS = 1
    connect("webhook", "/hook")
    http_server.script("/hook", *[Reply(500)] * 50)
    with time_machine.travel(T0, tick=False) as clock:
        notify(event="test.message", recipients=[make_user()], context={}, channels=["webhook"])
        for _ in range(20):
            run_worker()
            clock.shift(timedelta(minutes=10))
    row = OutboxMessage.objects.get()
    assert row.state == State.DEAD
    assert row.dead_at is not None
    assert row.dead_at <= T0 + timedelta(hours=1, minutes=10)
    assert row.last_error.startswith("HTTP 500: ok (gave up after ")


def test_smtp_down_then_up_delivers_once(make_user: Any, smtp_server: SmtpServer) -> None:
    rep = make_user("sales_rep", email="rep@example.com")
    with time_machine.travel(T0, tick=False) as clock:
        notify(
            event="handover.assigned",
            recipients=[rep],
            context=HANDOVER_CONTEXT,
            channels=["email"],
        )
        smtp_server.stop()
        assert run_worker() == 1
        row = OutboxMessage.objects.get()
        assert row.state == "failed"
        assert row.last_error == "could not reach the mail server (ConnectionRefusedError)"
        smtp_server.restart()
        clock.shift(timedelta(hours=1))
        assert run_worker() == 1
    row.refresh_from_db()
    assert row.state == "sent"
    assert len(smtp_server.messages) == 1


def test_rolled_back_transaction_sends_nothing(
    make_user: Any, connect: Any, http_server: WebhookServer, smtp_server: SmtpServer
) -> None:
    from django.db import transaction

    connect("slack", "/slack")
    rep = make_user("sales_rep")

    def change_then_fail() -> None:
        with transaction.atomic():
            notify(event="handover.assigned", recipients=[rep], context=HANDOVER_CONTEXT)
            raise RuntimeError("the handover was refused")

    with pytest.raises(RuntimeError, match="refused"):
        change_then_fail()
    assert run_worker() == 0
    assert http_server.received == []
    assert smtp_server.messages == []


def test_claims_do_not_overlap_and_expired_leases_are_reclaimed(make_user: Any) -> None:
    from baton.notifications.delivery import claim

    reps = [make_user("sales_rep") for _ in range(3)]
    with time_machine.travel(T0, tick=False) as clock:
        notify(event="test.message", recipients=reps, context={}, channels=["email"])
        lease = timedelta(minutes=5)
        first = claim(now=T0, limit=2, lease=lease, owner="worker-a")
        second = claim(now=T0, limit=10, lease=lease, owner="worker-b")
        assert [r.claimed_by for r in first] == ["worker-a", "worker-a"]
        assert [r.claimed_by for r in second] == ["worker-b"]
        assert not {r.pk for r in first} & {r.pk for r in second}
        assert claim(now=T0 + timedelta(minutes=4), limit=10, lease=lease, owner="c") == []
        clock.shift(timedelta(minutes=5))
        taken = claim(now=T0 + lease, limit=10, lease=lease, owner="worker-c")
    assert sorted(r.pk for r in taken) == sorted(r.pk for r in [*first, *second])
    assert {r.attempts for r in taken} == {2}
