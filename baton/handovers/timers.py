"""The deadline engine's writes: claim due timers, fire each exactly once, and the passive watch.

Claiming marks due rows with a lease (``claimed_until``) and a fresh ``claim_token`` in a
short transaction: ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL so that two workers
never take the same row; on SQLite the transaction begins ``IMMEDIATE`` (one writer at a
time), so the conditional UPDATE is safe. Firing is one transaction per timer that locks the
row, checks it is still unfired and still ours, marks it fired and queues its notifications
(the outbox rows are in the same transaction). A worker killed between claim and fire leaves
its rows claimed; they are due again when the lease expires, and a row marked fired is never
fired again: each timer fires exactly once.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baton.core.models import record
from baton.engagement.models import Interaction
from baton.handovers import deadlines, notices, selectors, states
from baton.handovers.models import Feedback, Handover, HandoverDeadline, HandoverEvent
from baton.notifications.signed_links import make_link

logger = logging.getLogger("baton.handovers")

LEASE = dt.timedelta(minutes=5)
BATCH = 50


def _due(now: dt.datetime) -> Q:
    return Q(fired_at__isnull=True, stopped_at__isnull=True, due_at__lte=now) & (
        Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
    )


def claim(*, now: dt.datetime, limit: int = BATCH, lease: dt.timedelta = LEASE) -> list[int]:
    """Take up to ``limit`` due timers for this worker; return their ids (claimed)."""
    token = uuid.uuid4().hex
    with transaction.atomic():
        qs = HandoverDeadline.objects.filter(_due(now)).order_by("due_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        pks = list(qs.values_list("pk", flat=True)[:limit])
        if not pks:
            return []
        HandoverDeadline.objects.filter(_due(now), pk__in=pks).update(
            claimed_until=now + lease, claim_token=token
        )
    return list(
        HandoverDeadline.objects.filter(claim_token=token, fired_at__isnull=True)
        .order_by("due_at", "id")
        .values_list("pk", flat=True)
    )


def fire(deadline_id: int, *, now: dt.datetime) -> bool:
    """Fire one claimed timer, once. False when it was fired, stopped or taken meanwhile."""
    with transaction.atomic():
        row = (
            HandoverDeadline.objects.select_for_update()
            .filter(pk=deadline_id, fired_at__isnull=True, stopped_at__isnull=True)
            .first()
        )
        if row is None:
            return False
        handover = (
            Handover.objects.select_for_update(of=("self",))
            .select_related("account", "rep", "marketing_owner")
            .get(pk=row.handover_id)
        )
        if row.kind in states.WORK_TIMERS and not handover.is_open:
            row.stopped_at = now  # the handover left the open stages: nothing to chase
            row.save(update_fields=["stopped_at"])
            return False
        row.fired_at = now
        row.save(update_fields=["fired_at"])
        FIRE[_family(row.kind)](handover, row, now)
        HandoverEvent.objects.create(
            handover=handover,
            from_state=handover.stage,
            to_state=handover.stage,
            action="deadline",
            at=now,
            data={"kind": row.kind, "due_at": row.due_at.isoformat()},
        )
        record(
            actor=None,
            action="handover.deadline_fired",
            target=handover,
            changes={"deadline": [None, row.kind]},
        )
    return True


def sweep(now: dt.datetime) -> int:
    """Worker entry point: claim one batch of due timers and fire them."""
    fired = 0
    for pk in claim(now=now):
        try:
            fired += int(fire(pk, now=now))
        except Exception:
            logger.exception("handover deadline #%s failed; retried after its lease", pk)
    return fired


# --- what each timer does ------------------------------------------------------------------------


def _family(kind: str) -> str:
    if kind.endswith("_reminder"):
        return "feedback_reminder"
    if kind.endswith("_escalation"):
        return "feedback_escalation"
    if kind in (deadlines.FEEDBACK_14, deadlines.FEEDBACK_30):
        return "feedback"
    return kind


def _days(handover: Handover, now: dt.datetime) -> int:
    return max(0, (now - handover.proposed_at).days)


def _reminder(h: Handover, row: HandoverDeadline, now: dt.datetime) -> None:
    """72 h with no contact: remind the rep, and marketing relaunches (R-3.5)."""
    url = notices.handover_url(h)
    if h.rep is not None:
        notices_notify(
            "handover.reminder",
            h.rep,
            h,
            {
                "rep_first_name": h.rep.first_name,
                "company": h.account.name,
                "age": notices.age_text(_days(h, now), h.rep),
                "next_step": notices.assigned_context(h, h.rep)["next_step"],
                "url": url,
            },
        )
    owner = h.marketing_owner
    if owner is not None:
        notices_notify(
            "handover.relaunch",
            owner,
            h,
            {
                "first_name": owner.first_name,
                "company": h.account.name,
                "rep_name": h.rep.display_name if h.rep else "—",
                "age": notices.age_text(_days(h, now), owner),
                "url": url,
            },
        )


def _escalation(h: Handover, row: HandoverDeadline, now: dt.datetime) -> None:
    """A week with no contact: the sales managers decide (R-3.5)."""
    for manager in selectors.sales_managers():
        notices_notify(
            "handover.escalation",
            manager,
            h,
            {
                "manager_first_name": manager.first_name,
                "company": h.account.name,
                "rep_name": h.rep.display_name if h.rep else "—",
                "url": notices.handover_url(h),
            },
        )


def _missed(channels: list[str] | None) -> Any:
    def handler(h: Handover, row: HandoverDeadline, now: dt.datetime) -> None:
        if h.rep is None:
            return
        from django.conf import settings
        from django.utils import translation

        from baton.handovers.wording import DEADLINE_LABELS

        with translation.override(h.rep.language or settings.LANGUAGE_CODE):
            label = str(DEADLINE_LABELS.get(row.kind, row.kind))
            step = (
                _("Book the 15-minute briefing with marketing.")
                if row.kind == deadlines.BRIEFING
                else notices.assigned_context(h, h.rep)["next_step"]
            )
        notices_notify(
            "handover.deadline_missed",
            h.rep,
            h,
            {
                "first_name": h.rep.first_name,
                "company": h.account.name,
                "deadline": label,
                "next_step": step,
                "url": notices.handover_url(h),
            },
            channels=channels,
        )

    return handler


def _feedback(h: Handover, row: HandoverDeadline, now: dt.datetime) -> None:
    """D+14 / D+30: ask the rep for feedback, then remind once and escalate if unanswered."""
    checkpoint = 14 if row.kind == deadlines.FEEDBACK_14 else 30
    feedback, _created = Feedback.objects.get_or_create(
        handover=h, checkpoint=checkpoint, defaults={"requested_at": now}
    )
    if feedback.submitted_at is not None:
        return
    settings_row = selectors.handover_settings()
    for kind, due in deadlines.plan_feedback_followups(
        now, checkpoint, settings_row.sla(), settings_row.calendar()
    ).items():
        HandoverDeadline.objects.get_or_create(handover=h, kind=kind, defaults={"due_at": due})
    if h.rep is not None and h.rep.is_active:
        notices_notify(
            "feedback.requested",
            h.rep,
            h,
            {
                "rep_first_name": h.rep.first_name,
                "company": h.account.name,
                "days": checkpoint,
                "url": make_link(user=h.rep, action="handover.feedback", target_id=feedback.pk),
            },
            dedupe=f"d{checkpoint}",
        )


def _checkpoint(kind: str) -> int:
    return 14 if kind.startswith(deadlines.FEEDBACK_14) else 30


def _feedback_reminder(h: Handover, row: HandoverDeadline, now: dt.datetime) -> None:
    checkpoint = _checkpoint(row.kind)
    if h.rep is None or _answered(h, checkpoint):
        return
    notices_notify(
        "handover.feedback_overdue",
        h.rep,
        h,
        {
            "first_name": h.rep.first_name,
            "company": h.account.name,
            "days": checkpoint,
            "url": notices.absolute(reverse("handovers:feedback", args=[h.pk, checkpoint])),
        },
        dedupe=f"d{checkpoint}",
    )


def _feedback_escalation(h: Handover, row: HandoverDeadline, now: dt.datetime) -> None:
    checkpoint = _checkpoint(row.kind)
    if _answered(h, checkpoint):
        return
    for manager in selectors.sales_managers():
        notices_notify(
            "handover.feedback_escalation",
            manager,
            h,
            {
                "first_name": manager.first_name,
                "company": h.account.name,
                "rep_name": h.rep.display_name if h.rep else "—",
                "days": checkpoint,
                "url": notices.handover_url(h),
            },
            dedupe=f"d{checkpoint}",
        )


def _answered(h: Handover, checkpoint: int) -> bool:
    return Feedback.objects.filter(
        handover=h, checkpoint=checkpoint, submitted_at__isnull=False
    ).exists()


def _support_end(h: Handover, row: HandoverDeadline, now: dt.datetime) -> None:
    """Marketing's active support ends: passive watch from now on (R-3.5)."""
    h.watch_since = now
    h.watch_cursor = now
    h.save(update_fields=["watch_since", "watch_cursor"])


FIRE: dict[str, Any] = {
    deadlines.REMINDER: _reminder,
    deadlines.ESCALATION: _escalation,
    deadlines.BRIEFING: _missed(["in_app", "email"]),
    deadlines.FIRST_CONTACT: _missed(["in_app"]),
    deadlines.SUPPORT_END: _support_end,
    "feedback": _feedback,
    "feedback_reminder": _feedback_reminder,
    "feedback_escalation": _feedback_escalation,
}


def notices_notify(
    event: str,
    user: Any,
    handover: Handover,
    context: dict[str, Any],
    *,
    dedupe: str = "",
    channels: list[str] | None = None,
) -> None:
    from baton.notifications.services import notify

    notify(
        event=event,
        recipients=[user],
        context=context,
        target=handover,
        dedupe=dedupe,
        channels=channels,
    )


# --- passive watch -----------------------------------------------------------------------------

STRONG_TYPES = (
    "demo_request",
    "pricing_request",
    "email_reply",
    "meeting",
    "form_fill",
    "webinar_attended",
    "event_attended",
)
STRONG_PAGES = ("pricing", "contact")


def strong_q() -> Q:
    return Q(type__in=STRONG_TYPES) | Q(type="web_visit", page_category__in=STRONG_PAGES)


def watch(now: dt.datetime) -> int:
    """After active support, a new strong interaction alerts both owners (once per
    interaction: the notification's key carries the interaction id). One query finds the new
    interactions of every watched handover, past each handover's own cursor."""
    pairs = list(
        Interaction.objects.filter(
            strong_q(),
            account__handovers__watch_since__isnull=False,
            account__handovers__stage__in=list(states.OPEN_STATES),
            received_at__gt=F("account__handovers__watch_cursor"),
            occurred_at__gte=F("account__handovers__watch_since"),
            received_at__lte=now,
        )
        .order_by("received_at", "id")
        .values_list("pk", "account__handovers__pk")[:BATCH]
    )
    if not pairs:
        return 0
    handovers = {
        h.pk: h
        for h in Handover.objects.filter(pk__in={hid for _i, hid in pairs}).select_related(
            "account", "rep", "marketing_owner"
        )
    }
    interactions = Interaction.objects.in_bulk([iid for iid, _h in pairs])
    for iid, hid in pairs:
        h, interaction = handovers[hid], interactions[iid]
        with transaction.atomic():
            for user in {u.pk: u for u in (h.rep, h.marketing_owner) if u is not None}.values():
                notices_notify(
                    "handover.watch_alert",
                    user,
                    h,
                    {
                        "first_name": user.first_name,
                        "company": h.account.name,
                        "what": _what(interaction, user),
                        "url": notices.handover_url(h),
                    },
                    dedupe=f"i{interaction.pk}",
                )
            Handover.objects.filter(pk=h.pk, watch_cursor__lt=interaction.received_at).update(
                watch_cursor=interaction.received_at
            )
    return len(pairs)


def _what(interaction: Interaction, user: Any) -> str:
    from django.conf import settings
    from django.utils import formats, translation

    with translation.override(user.language or settings.LANGUAGE_CODE):
        when = formats.date_format(timezone.localtime(interaction.occurred_at), "SHORT_DATE_FORMAT")
        return f"{interaction.get_type_display()} ({when})"
