"""The deadline engine under a frozen clock (time-machine): reminder at 72 h, escalation at
7 days, feedback at D+14 and D+30 with its reminder and escalation, business hours on and
off, exactly once (also after a worker died holding claims), and the passive watch."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from baton.engagement.models import Interaction
from baton.handovers import services, timers
from baton.handovers.models import Feedback, Handover, HandoverDeadline, HandoverSettings
from baton.notifications.models import Notification, OutboxMessage
from tests.handovers.conftest import NOW, make_account

pytestmark = pytest.mark.django_db

H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def sweep_at(clock: Any, moment: dt.datetime) -> int:
    clock.move_to(moment)
    return timers.sweep(timezone.now())


def titles(user: Any) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("created_at", "id")
        .values_list("event", flat=True)
    )


def fired(h: Handover) -> list[str]:
    return list(
        HandoverDeadline.objects.filter(handover=h, fired_at__isnull=False)
        .order_by("fired_at", "id")
        .values_list("kind", flat=True)
    )


@pytest.fixture
def handover(clock: Any, people: Any, rule_to_rep: Any) -> Handover:
    acc = make_account(marketing_owner=people["marketing"])
    return services.handover_propose(actor=people["marketing"], account=acc)


def test_reminder_at_72_hours_to_rep_and_marketing(
    clock: Any, people: Any, handover: Handover
) -> None:
    assert sweep_at(clock, NOW + 72 * H - dt.timedelta(seconds=1)) == 0
    assert sweep_at(clock, NOW + 72 * H) == 1
    assert fired(handover) == ["reminder"]
    assert titles(people["rep"]) == ["handover.assigned", "handover.reminder"]
    assert titles(people["marketing"]) == ["handover.relaunch"]
    relaunch = Notification.objects.get(recipient=people["marketing"])
    assert relaunch.title == "Acme Industrie: no contact yet, time to relaunch"
    assert "was handed over to Camille User2 3 days ago" in relaunch.body
    assert sweep_at(clock, NOW + 80 * H) == 0  # never twice


def test_escalation_at_seven_days_to_the_sales_manager(
    clock: Any, people: Any, handover: Handover
) -> None:
    assert sweep_at(clock, NOW + 7 * D - H) == 1  # the reminder only
    assert titles(people["manager"]) == []
    assert sweep_at(clock, NOW + 7 * D) == 1
    assert fired(handover) == ["reminder", "escalation"]
    escalation = Notification.objects.get(recipient=people["manager"])
    assert escalation.event == "handover.escalation"
    assert escalation.title == "Escalation: Acme Industrie has had no action for a week"


def test_first_contact_stops_reminder_and_escalation(
    clock: Any, people: Any, handover: Handover
) -> None:
    clock.move_to(NOW + 2 * H)
    h = services.handover_accept(handover=handover, actor=people["rep"])
    h = services.first_contact_log(
        handover=h, actor=people["rep"], channel="phone", on=timezone.localdate()
    )
    assert sweep_at(clock, NOW + 8 * D) == 0
    assert fired(h) == []
    assert titles(people["manager"]) == []


def test_briefing_and_first_contact_deadlines_after_acceptance(
    clock: Any, people: Any, handover: Handover
) -> None:
    clock.move_to(NOW + 24 * H)
    h = services.handover_accept(handover=handover, actor=people["rep"])
    assert sweep_at(clock, NOW + 72 * H) == 2  # the reminder (from proposal) and the briefing
    assert fired(h) == ["reminder", "briefing"]
    missed = Notification.objects.get(recipient=people["rep"], event="handover.deadline_missed")
    assert missed.title == (
        "Acme Industrie\u00a0: le délai «\u00a0Briefing planifié\u00a0» est dépassé"
    )
    assert sweep_at(clock, NOW + 96 * H) == 1
    assert fired(h) == ["reminder", "briefing", "first_contact"]
    # The first-contact miss is in-app only: no email queued for it.
    assert not OutboxMessage.objects.filter(
        event="handover.deadline_missed", channel="email", idempotency_key__contains="first"
    ).exists()


def test_feedback_at_d14_and_d30_with_reminder_and_escalation(
    clock: Any, people: Any, handover: Handover
) -> None:
    rep, manager = people["rep"], people["manager"]
    h = services.handover_accept(handover=handover, actor=rep)
    services.first_contact_log(handover=h, actor=rep, channel="email", on=timezone.localdate())
    assert sweep_at(clock, NOW + 14 * D - H) == 0
    assert sweep_at(clock, NOW + 14 * D) == 2  # D+14 feedback and the end of active support
    assert fired(h) == ["feedback_14", "support_end"]
    fb14 = Feedback.objects.get(handover=h, checkpoint=14)
    assert fb14.requested_at == NOW + 14 * D
    request = OutboxMessage.objects.get(event="feedback.requested", channel="email")
    assert request.recipient == rep
    assert request.url.startswith("http://testserver/notifications/l/")  # signed one-click link
    # Not answered: one reminder after 3 days, then the manager after 7.
    assert sweep_at(clock, NOW + 17 * D) == 1
    assert titles(rep)[-1] == "handover.feedback_overdue"
    assert sweep_at(clock, NOW + 21 * D) == 1
    assert titles(manager) == ["handover.feedback_escalation"]
    # D+30: answered the same day, so no reminder and no escalation follow.
    assert sweep_at(clock, NOW + 30 * D) == 1
    services.feedback_submit(
        handover=h,
        actor=rep,
        checkpoint=30,
        qualification_right="yes",
        info_useful="yes",
        outcome="meeting",
    )
    assert sweep_at(clock, NOW + 40 * D) == 0
    assert fired(h) == [
        "feedback_14",
        "support_end",
        "feedback_14_reminder",
        "feedback_14_escalation",
        "feedback_30",
    ]
    assert titles(manager) == ["handover.feedback_escalation"]


def test_business_hours_off_friday_evening_expires_monday_evening(
    clock: Any, people: Any, rule_to_rep: Any
) -> None:
    friday_evening = timezone.make_aware(dt.datetime(2026, 3, 6, 19, 0))
    clock.move_to(friday_evening)
    h = services.handover_propose(actor=people["marketing"], account=make_account())
    assert sweep_at(clock, friday_evening + 72 * H) == 1
    assert fired(h) == ["reminder"]


def test_business_hours_on_friday_evening_does_not_expire_on_monday(
    clock: Any, people: Any, rule_to_rep: Any
) -> None:
    HandoverSettings.objects.create(pk=1, business_hours=True)
    friday_evening = timezone.make_aware(dt.datetime(2026, 3, 6, 19, 0))
    clock.move_to(friday_evening)
    h = services.handover_propose(actor=people["marketing"], account=make_account())
    reminder = HandoverDeadline.objects.get(handover=h, kind="reminder")
    assert timezone.localtime(reminder.due_at) == timezone.make_aware(
        dt.datetime(2026, 3, 11, 18, 0)
    )
    assert sweep_at(clock, timezone.make_aware(dt.datetime(2026, 3, 9, 9, 0))) == 0  # Monday
    assert sweep_at(clock, timezone.make_aware(dt.datetime(2026, 3, 9, 19, 0))) == 0
    assert sweep_at(clock, timezone.make_aware(dt.datetime(2026, 3, 11, 18, 0))) == 1
    assert fired(h) == ["reminder"]


def test_a_worker_that_died_holding_claims_fires_each_once_after_the_lease(
    clock: Any, people: Any, rule_to_rep: Any
) -> None:
    handovers = [
        services.handover_propose(actor=people["marketing"], account=make_account(f"Co {i}"))
        for i in range(6)
    ]
    clock.move_to(NOW + 8 * D)
    # A worker claims every due timer, then dies before firing any of them.
    claimed = timers.claim(now=timezone.now())
    assert len(claimed) == 12  # reminder and escalation, 6 times
    assert timers.sweep(timezone.now()) == 0  # still leased to the dead worker
    assert sweep_at(clock, NOW + 8 * D + timers.LEASE) == 12
    assert sweep_at(clock, NOW + 9 * D) == 0
    for h in handovers:
        assert sorted(fired(h)) == ["escalation", "reminder"]
    keys = Counter(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    assert set(keys.values()) == {1}
    # Six escalations to the manager, in the app and by email.
    assert OutboxMessage.objects.filter(event="handover.escalation").count() == 12
    # A fire that finds its row already fired does nothing.
    assert timers.fire(claimed[0], now=timezone.now()) is False


def test_timers_of_a_closed_handover_are_stopped_not_fired(
    clock: Any, people: Any, handover: Handover
) -> None:
    # Stage changed behind the engine's back (e.g. an old row): the timer is dropped.
    Handover.objects.filter(pk=handover.pk).update(stage="rejected")
    assert sweep_at(clock, NOW + 8 * D) == 0
    assert fired(handover) == []
    assert HandoverDeadline.objects.filter(handover=handover, stopped_at__isnull=False).count() == 2


def test_passive_watch_alerts_both_owners_once(clock: Any, people: Any, handover: Handover) -> None:
    rep = people["rep"]
    h = services.handover_accept(handover=handover, actor=rep)
    services.first_contact_log(handover=h, actor=rep, channel="phone", on=timezone.localdate())
    assert sweep_at(clock, NOW + 14 * D) == 2
    h.refresh_from_db()
    assert h.watch_since == NOW + 14 * D
    clock.move_to(NOW + 15 * D)
    Interaction.objects.create(
        external_id="weak", type="email_open", occurred_at=timezone.now(), account=h.account
    )
    strong = Interaction.objects.create(
        external_id="strong", type="pricing_request", occurred_at=timezone.now(), account=h.account
    )
    assert timers.watch(timezone.now()) == 1
    assert timers.watch(timezone.now()) == 0
    alerts = Notification.objects.filter(event="handover.watch_alert")
    assert sorted(a.recipient.first_name for a in alerts) == ["Camille", "Julie"]
    assert (
        OutboxMessage.objects.filter(
            event="handover.watch_alert", idempotency_key__contains=f"i{strong.pk}"
        ).count()
        >= 2
    )


def test_worker_once_runs_the_sweepers(clock: Any, people: Any, handover: Handover) -> None:
    clock.move_to(NOW + 8 * D)
    call_command("worker", "--once")
    assert fired(handover) == ["reminder", "escalation"]
