"""notify(): rendering per recipient, rows in the caller's transaction, idempotency."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from baton.core.models import AuditEvent
from baton.notifications.models import Notification, OutboxMessage, Preference, State
from baton.notifications.services import notify
from tests.notifications.conftest import HANDOVER_CONTEXT

pytestmark = pytest.mark.django_db


def test_handover_assigned_queues_one_row_per_channel_the_rep_wants(
    make_user: Any, connect: Any
) -> None:
    connect("slack", "/slack")
    rep = make_user("sales_rep", language="fr")
    rows = notify(event="handover.assigned", recipients=[rep], context=HANDOVER_CONTEXT, target=rep)
    # Teams and the generic webhook are not connected: no rows for them.
    assert [(r.channel, r.state) for r in rows] == [
        ("in_app", "sent"),
        ("email", "pending"),
        ("slack", "pending"),
    ]
    key = f"handover.assigned:users.user#{rep.pk}:u{rep.pk}:email"
    assert rows[1].idempotency_key == key
    assert rows[1].subject == "Nouveau compte pour vous\u00a0: Acme Industrie"
    inbox = Notification.objects.get(recipient=rep)
    assert inbox.title == "Nouveau compte pour vous\u00a0: Acme Industrie"
    assert inbox.url == "http://testserver/accounts/42/"
    audit = AuditEvent.objects.get(action="notification.queued")
    assert audit.changes == {"event": [None, "handover.assigned"], "messages": [None, 3]}


def test_notify_twice_for_one_event_queues_nothing_more(make_user: Any) -> None:
    rep = make_user("sales_rep")
    first = notify(
        event="handover.assigned", recipients=[rep], context=HANDOVER_CONTEXT, target=rep
    )
    second = notify(
        event="handover.assigned", recipients=[rep], context=HANDOVER_CONTEXT, target=rep
    )
    assert len(first) == 2
    assert second == []
    assert OutboxMessage.objects.count() == 2
    assert Notification.objects.count() == 1


class RefusedError(Exception):
    pass


def _notify_then_fail(rep: Any) -> None:
    with transaction.atomic():
        notify(event="handover.assigned", recipients=[rep], context=HANDOVER_CONTEXT)
        assert OutboxMessage.objects.count() == 2
        raise RefusedError


def test_a_rolled_back_transaction_queues_nothing(make_user: Any) -> None:
    rep = make_user("sales_rep")
    with pytest.raises(RefusedError):
        _notify_then_fail(rep)
    assert OutboxMessage.objects.count() == 0
    assert Notification.objects.count() == 0


def test_preferences_override_the_defaults(make_user: Any) -> None:
    rep = make_user("sales_rep")
    Preference.objects.create(user=rep, event="handover.assigned", channel="email", enabled=False)
    Preference.objects.create(user=rep, event="digest.daily", channel="email", enabled=True)
    rows = notify(event="handover.assigned", recipients=[rep], context=HANDOVER_CONTEXT)
    assert [r.channel for r in rows] == ["in_app"]
    digest = notify(event="digest.daily", recipients=[rep], context={"summary": "3 comptes"})
    assert [r.channel for r in digest] == ["email"]


def test_inactive_users_and_users_without_email_get_nothing_by_email(make_user: Any) -> None:
    gone = make_user("sales_rep")
    gone.is_active = False
    gone.save()
    assert notify(event="handover.assigned", recipients=[gone], context=HANDOVER_CONTEXT) == []


def test_english_recipient_gets_english(make_user: Any) -> None:
    rep = make_user("sales_rep", language="en")
    rows = notify(event="handover.assigned", recipients=[rep], context=HANDOVER_CONTEXT)
    assert rows[1].subject == "New account for you: Acme Industrie"
    assert rows[1].state == State.PENDING
    assert rows[1].language == "en"


def test_unknown_event_is_refused(make_user: Any) -> None:
    with pytest.raises(LookupError, match="unknown notification event 'nope'"):
        notify(event="nope", recipients=[make_user()], context={})
