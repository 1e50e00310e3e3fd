"""Writes of the handovers app. ``_act`` is the one service that changes a handover's stage:
it locks the row, asks ``states.transition``, applies the action, stops the timers it
satisfies, appends the ``HandoverEvent`` and the global audit row, and queues the
notifications — all in one transaction. The public services below parse their arguments and
call it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baton.accounts.models import Account, AccountStatus, Deal, DealStatus
from baton.core.errors import ConflictError, DomainError, ForbiddenError, NotFoundError
from baton.core.models import record
from baton.core.money import CURRENCIES, DEFAULT_CURRENCY
from baton.core.permissions import can
from baton.core.roles import Perm
from baton.handovers import assignment as rules
from baton.handovers import deadlines, notices, selectors, states
from baton.handovers.models import (
    AssignmentRule,
    ContactChannel,
    DisqualifyReason,
    Feedback,
    Handover,
    HandoverDeadline,
    HandoverEvent,
    HandoverSettings,
    Outcome,
    QualificationAnswer,
    RepPool,
    Stage,
)
from baton.handovers.wording import refusal, steps_json
from baton.notifications.services import notify

A = states.Action


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _check_actor(actor: Any) -> None:
    if not can(actor, Perm.VIEW):
        raise ForbiddenError(_("Please sign in with an active account."))


def _refuse(error: states.TransitionError, stage: str | None) -> DomainError:
    label = str(Stage(stage).label) if stage else ""
    text = refusal(error, label)
    if error.code == "forbidden":
        return ForbiddenError(text, field="action")
    if error.code == "reason_required":
        return DomainError(text, field="reason")
    return ConflictError(text, field="action")


def _event(
    handover: Handover,
    *,
    action: str,
    from_state: str,
    to_state: str,
    actor: Any,
    reason: str = "",
    at: dt.datetime,
    data: dict[str, Any] | None = None,
) -> HandoverEvent:
    return HandoverEvent.objects.create(
        handover=handover,
        from_state=from_state,
        to_state=to_state,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason,
        at=at,
        data=data or {},
    )


def _start_timers(handover: Handover, planned: dict[str, dt.datetime]) -> None:
    for kind, due in planned.items():
        HandoverDeadline.objects.update_or_create(
            handover=handover,
            kind=kind,
            defaults={
                "due_at": due,
                "fired_at": None,
                "stopped_at": None,
                "claimed_until": None,
                "claim_token": "",
            },
        )


def _stop_timers(handover: Handover, kinds: Iterable[str], now: dt.datetime) -> int:
    kinds = list(kinds)
    if not kinds:
        return 0
    return HandoverDeadline.objects.filter(
        handover=handover, kind__in=kinds, fired_at__isnull=True, stopped_at__isnull=True
    ).update(stopped_at=now)


# --- proposal ---------------------------------------------------------------------------------


def _assign(account: Account, amount: Decimal | None) -> rules.Decision:
    """Run the rules with the pools locked, so that two proposals never take the same turn."""
    pools = RepPool.objects.select_for_update().order_by("pk")
    rule_list, reps, pool_facts = selectors.assignment_inputs(pools=pools)
    decision = rules.assign(selectors.account_facts(account, amount), rule_list, reps, pool_facts)
    if decision.pool_id is not None and decision.rep_id is not None:
        RepPool.objects.filter(pk=decision.pool_id).update(last_rep_id=decision.rep_id)
    return decision


def handover_propose(
    *,
    actor: Any,
    account: Account,
    note: str = "",
    expected_amount: Decimal | None = None,
    currency: str = DEFAULT_CURRENCY,
    now: dt.datetime | None = None,
) -> Handover:
    """Marketing proposes ``account`` (R-3.2): evidence snapshot, assignment, timers, message."""
    _check_actor(actor)
    now = _now(now)
    note = note.strip()
    try:
        states.transition(None, A.PROPOSE, actor.role, False)
    except states.TransitionError as exc:
        raise _refuse(exc, None) from None
    if currency not in CURRENCIES:
        raise DomainError(_("Unknown currency."), field="currency")
    if expected_amount is not None and expected_amount < 0:
        raise DomainError(_("The expected deal size cannot be negative."), field="expected_amount")
    from baton.qualification.selectors import latest_evaluation

    with transaction.atomic():
        locked = Account.objects.select_for_update().filter(pk=account.pk).first()
        if locked is None:
            raise NotFoundError(_("This account no longer exists."), field="account")
        if locked.status == AccountStatus.ARCHIVED:
            raise ConflictError(_("An archived account cannot be handed over."), field="account")
        current = selectors.holding_handover(locked)
        if current is not None:
            raise ConflictError(
                _("%(company)s already has a handover in progress (stage “%(stage)s”).")
                % {"company": locked.name, "stage": current.get_stage_display()},
                field="account",
            )
        evaluation = latest_evaluation(locked)
        ready = evaluation is not None and evaluation.ready
        if not ready and not note:
            raise DomainError(
                _(
                    "This account does not pass the whole qualification checklist: explain in "
                    "a note why you hand it over anyway."
                ),
                field="note",
            )
        amount = selectors.expected_amount_for(locked, expected_amount)
        decision = _assign(locked, amount)
        rep = None
        if decision.rep_id is not None:
            from django.contrib.auth import get_user_model

            rep = get_user_model().objects.get(pk=decision.rep_id)
        handover = Handover(
            account=locked,
            stage=Stage.PROPOSED,
            rep=rep,
            marketing_owner=locked.marketing_owner or actor,
            proposed_by=actor,
            note=note,
            borderline=not ready,
            evidence=selectors.evidence_snapshot(locked, now=now),
            expected_amount=amount,
            currency=currency,
            assignment={"steps": steps_json(decision.steps), "rule_id": decision.rule_id},
            proposed_at=now,
            last_action_at=now,
        )
        try:
            with transaction.atomic():
                handover.save()
        except IntegrityError:
            raise ConflictError(
                _("%(company)s already has a handover in progress.") % {"company": locked.name},
                field="account",
            ) from None
        settings_row = selectors.handover_settings()
        _start_timers(
            handover,
            deadlines.plan_proposal(now, settings_row.sla(), settings_row.calendar()),
        )
        _event(
            handover,
            action=A.PROPOSE,
            from_state="",
            to_state=Stage.PROPOSED,
            actor=actor,
            reason=note,
            at=now,
            data={"rep": rep.pk if rep else None, "borderline": not ready},
        )
        record(
            actor=actor,
            action="handover.proposed",
            target=handover,
            changes={"stage": [None, Stage.PROPOSED.value], "rep": [None, rep.pk if rep else None]},
            reason=note,
        )
        if rep is not None:
            _notify_assigned(handover, rep, actor)
        else:
            _notify_unassigned(handover, actor)
    return handover


def _notify_assigned(handover: Handover, rep: Any, actor: Any) -> None:
    notify(
        event="handover.assigned",
        recipients=[rep],
        context=notices.assigned_context(handover, rep),
        target=handover,
        dedupe=f"rep{rep.pk}",
        actor=actor,
    )


def _notify_unassigned(handover: Handover, actor: Any) -> None:
    for manager in selectors.sales_managers():
        notify(
            event="handover.unassigned",
            recipients=[manager],
            context={
                "first_name": manager.first_name,
                "company": handover.account.name,
                "url": notices.handover_url(handover),
            },
            target=handover,
            actor=actor,
        )


# --- the one transition service -----------------------------------------------------------------

Apply = Callable[[Handover, dt.datetime], dict[str, Any]]


def _act(
    *,
    handover_id: int,
    actor: Any,
    action: states.Action,
    reason: str = "",
    now: dt.datetime | None = None,
    apply: Apply | None = None,
) -> Handover:
    """Lock, check, apply, stop timers, audit, notify — one transaction (see module doc)."""
    _check_actor(actor)
    now = _now(now)
    reason = reason.strip()
    with transaction.atomic():
        handover = (
            Handover.objects.select_for_update(of=("self",))
            .select_related("account", "rep", "marketing_owner")
            .filter(pk=handover_id)
            .first()
        )
        if handover is None:
            raise NotFoundError(_("No such handover."), field="id")
        before = handover.stage
        try:
            to = states.transition(
                before, action, actor.role, handover.rep_id == actor.pk, reason=reason
            )
        except states.TransitionError as exc:
            raise _refuse(exc, before) from None
        data = apply(handover, now) if apply is not None else {}
        handover.stage = to.value
        handover.last_action_at = now
        handover.save()
        _stop_timers(handover, states.timers_stopped(action, to), now)
        _event(
            handover,
            action=action,
            from_state=before,
            to_state=to,
            actor=actor,
            reason=reason,
            at=now,
            data=data,
        )
        record(
            actor=actor,
            action=f"handover.{action}",
            target=handover,
            changes={"stage": [before, to.value]} if before != to else {},
            reason=reason,
        )
        _after(handover, action, actor, reason, now)
    return handover


def _after(handover: Handover, action: states.Action, actor: Any, reason: str, now: Any) -> None:
    """Side effects of an action that stay in its transaction: timers, account, messages."""
    settings_row = selectors.handover_settings()
    if action == A.ACCEPT:
        _start_timers(
            handover,
            deadlines.plan_acceptance(now, settings_row.sla(), settings_row.calendar()),
        )
        if handover.rep is not None and handover.account.sales_owner_id != handover.rep_id:
            Account.objects.filter(pk=handover.account_id).update(
                sales_owner=handover.rep, updated_at=timezone.now()
            )
            record(
                actor=actor,
                action="account.sales_owner_set",
                target=handover.account,
                changes={"sales_owner": [handover.account.sales_owner_id, handover.rep_id]},
                reason=_("Handover accepted"),
            )
    if action in (A.ACCEPT, A.REJECT) and handover.marketing_owner is not None:
        owner = handover.marketing_owner
        notify(
            event="handover.decided",
            recipients=[owner],
            context={
                "first_name": owner.first_name,
                "company": handover.account.name,
                "rep_name": actor.display_name,
                "decision": "accepted" if action == A.ACCEPT else "rejected",
                "reason": reason,
                "url": notices.handover_url(handover),
            },
            target=handover,
            dedupe=str(action),
            actor=actor,
        )
    status = {
        A.RETURN_TO_NURTURE: AccountStatus.NURTURE,
        A.ARCHIVE: AccountStatus.ARCHIVED,
    }.get(action)
    if status is not None and handover.account.status != status:
        previous = handover.account.status
        Account.objects.filter(pk=handover.account_id).update(
            status=status, updated_at=timezone.now()
        )
        record(
            actor=actor,
            action="account.status_changed",
            target=handover.account,
            changes={"status": [previous, status.value]},
            reason=reason,
        )


def handover_accept(
    *, handover: Handover, actor: Any, note: str = "", now: dt.datetime | None = None
) -> Handover:
    def apply(h: Handover, at: dt.datetime) -> dict[str, Any]:
        h.accepted_at = at
        if h.rep_id is None and actor.role in ("sales_rep", "sales_manager"):
            h.rep = actor  # a manager accepting an unassigned handover takes it
        return {}

    return _act(
        handover_id=handover.pk, actor=actor, action=A.ACCEPT, reason=note, now=now, apply=apply
    )


def handover_reject(
    *, handover: Handover, actor: Any, reason: str, now: dt.datetime | None = None
) -> Handover:
    def apply(h: Handover, at: dt.datetime) -> dict[str, Any]:
        h.reject_reason = reason.strip()
        h.closed_at = at
        return {}

    return _act(
        handover_id=handover.pk, actor=actor, action=A.REJECT, reason=reason, now=now, apply=apply
    )


def briefing_confirm(
    *, handover: Handover, actor: Any, at: dt.datetime, now: dt.datetime | None = None
) -> Handover:
    """The 15-minute briefing between marketing and the rep is booked at ``at``."""
    if timezone.is_naive(at):
        raise DomainError(_("The briefing time needs a time zone."), field="at")
    if at.minute % 15 or at.second or at.microsecond:
        raise DomainError(_("Pick a 15-minute slot (e.g. 10:00, 10:15)."), field="at")

    def apply(h: Handover, _at: dt.datetime) -> dict[str, Any]:
        h.briefing_at = at
        return {"briefing_at": at.isoformat(), "minutes": 15}

    return _act(
        handover_id=handover.pk, actor=actor, action=A.CONFIRM_BRIEFING, now=now, apply=apply
    )


def first_contact_log(
    *,
    handover: Handover,
    actor: Any,
    channel: str,
    on: dt.date,
    note: str = "",
    now: dt.datetime | None = None,
) -> Handover:
    if channel not in ContactChannel.values:
        raise DomainError(_("Unknown channel."), field="channel")
    today = timezone.localdate(_now(now))
    if on > today:
        raise DomainError(_("The first contact cannot be in the future."), field="on")

    def apply(h: Handover, at: dt.datetime) -> dict[str, Any]:
        h.first_contact_at = at
        h.first_contact_channel = channel
        return {"channel": channel, "on": on.isoformat(), "note": note.strip()}

    return _act(
        handover_id=handover.pk, actor=actor, action=A.LOG_FIRST_CONTACT, now=now, apply=apply
    )


def meeting_log(
    *, handover: Handover, actor: Any, on: dt.date, note: str = "", now: dt.datetime | None = None
) -> Handover:
    def apply(h: Handover, at: dt.datetime) -> dict[str, Any]:
        return {"on": on.isoformat(), "note": note.strip()}

    return _act(handover_id=handover.pk, actor=actor, action=A.LOG_MEETING, now=now, apply=apply)


def opportunity_move(
    *,
    handover: Handover,
    actor: Any,
    deal_id: int | None = None,
    name: str = "",
    amount: Decimal | None = None,
    currency: str = DEFAULT_CURRENCY,
    now: dt.datetime | None = None,
) -> Handover:
    """Approaching → opportunity, linking an open deal of the account or creating one."""
    if deal_id is None and (amount is None or amount < 0):
        raise DomainError(_("Give the deal's amount (or pick an existing deal)."), field="amount")
    if currency not in CURRENCIES:
        raise DomainError(_("Unknown currency."), field="currency")

    def apply(h: Handover, at: dt.datetime) -> dict[str, Any]:
        if deal_id is not None:
            deal = Deal.objects.filter(pk=deal_id, account_id=h.account_id).first()
            if deal is None:
                raise DomainError(_("This deal is not one of the account's."), field="deal_id")
            created = False
        else:
            deal = Deal.objects.create(
                account_id=h.account_id,
                name=name.strip() or h.account.name,
                amount=amount or Decimal(0),
                currency=currency,
                stage="Opportunity",
                status=DealStatus.OPEN,
                created_on=timezone.localdate(at),
                source="baton",
                owner=h.rep,
            )
            record(actor=actor, action="deal.created", target=deal, reason=_("Handover"))
            created = True
        h.deal = deal
        h.opportunity_at = at
        return {"deal": deal.pk, "created": created}

    return _act(
        handover_id=handover.pk, actor=actor, action=A.MOVE_TO_OPPORTUNITY, now=now, apply=apply
    )


def handover_close(
    *, handover: Handover, actor: Any, won: bool, reason: str = "", now: dt.datetime | None = None
) -> Handover:
    action = A.CLOSE_WON if won else A.CLOSE_LOST

    def apply(h: Handover, at: dt.datetime) -> dict[str, Any]:
        h.closed_at = at
        if h.deal_id is not None:
            Deal.objects.filter(pk=h.deal_id, status=DealStatus.OPEN).update(
                status=DealStatus.WON if won else DealStatus.LOST,
                closed_on=timezone.localdate(at),
                updated_at=at,
            )
        return {"deal": h.deal_id}

    return _act(
        handover_id=handover.pk, actor=actor, action=action, reason=reason, now=now, apply=apply
    )


def handover_disqualify(
    *,
    handover: Handover,
    actor: Any,
    reason_code: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> Handover:
    """Any open stage → disqualified, with a reason from the taxonomy and free text (R-3.7)."""
    if reason_code not in DisqualifyReason.values:
        raise DomainError(_("Pick a disqualification reason."), field="reason_code")
    label = str(DisqualifyReason(reason_code).label)
    text = f"{label} — {note.strip()}" if note.strip() else label

    def apply(h: Handover, at: dt.datetime) -> dict[str, Any]:
        h.disqualify_reason = reason_code
        h.disqualify_note = note.strip()
        h.closed_at = at
        return {"reason_code": reason_code}

    return _act(
        handover_id=handover.pk, actor=actor, action=A.DISQUALIFY, reason=text, now=now, apply=apply
    )


def handover_return_to_nurture(
    *, handover: Handover, actor: Any, note: str = "", now: dt.datetime | None = None
) -> Handover:
    return _act(
        handover_id=handover.pk, actor=actor, action=A.RETURN_TO_NURTURE, reason=note, now=now
    )


def handover_archive(
    *, handover: Handover, actor: Any, note: str = "", now: dt.datetime | None = None
) -> Handover:
    return _act(handover_id=handover.pk, actor=actor, action=A.ARCHIVE, reason=note, now=now)


def handover_reassign(
    *, handover: Handover, actor: Any, rep: Any, reason: str, now: dt.datetime | None = None
) -> Handover:
    """A sales manager's manual override (R-3.3), logged with its reason."""
    if rep is None or not rep.is_active or rep.role not in ("sales_rep", "sales_manager"):
        raise DomainError(_("Pick an active sales rep."), field="rep")

    def apply(h: Handover, at: dt.datetime) -> dict[str, Any]:
        if h.rep_id == rep.pk:
            raise DomainError(_("This rep already holds the handover."), field="rep")
        before = h.rep_id
        h.rep = rep
        h.assignment = {
            **(h.assignment or {}),
            "steps": [
                *(h.assignment or {}).get("steps", []),
                {"code": "manual", "params": {"manager": actor.display_name, "reason": reason}},
            ],
        }
        return {"rep": [before, rep.pk]}

    handover = _act(
        handover_id=handover.pk, actor=actor, action=A.REASSIGN, reason=reason, now=now, apply=apply
    )
    with transaction.atomic():
        _notify_assigned(handover, rep, actor)
    return handover


# --- feedback ---------------------------------------------------------------------------------


def feedback_submit(
    *,
    handover: Handover,
    actor: Any,
    checkpoint: int,
    qualification_right: str,
    info_useful: str,
    missing: str = "",
    outcome: str,
    now: dt.datetime | None = None,
) -> Feedback:
    """The rep answers the D+14 or D+30 questions (R-3.6); stops that feedback's follow-ups."""
    _check_actor(actor)
    now = _now(now)
    for field, value in (
        ("qualification_right", qualification_right),
        ("info_useful", info_useful),
    ):
        if value not in QualificationAnswer.values:
            raise DomainError(_("Please answer this question."), field=field)
    if outcome not in Outcome.values:
        raise DomainError(_("Please pick the outcome."), field="outcome")
    with transaction.atomic():
        locked = Handover.objects.select_for_update().filter(pk=handover.pk).first()
        if locked is None:
            raise NotFoundError(_("No such handover."), field="id")
        if actor.pk != locked.rep_id and actor.role not in ("sales_manager", "admin"):
            raise ForbiddenError(_("Only the assigned rep gives this feedback."), field="actor")
        feedback = (
            Feedback.objects.select_for_update()
            .filter(handover=locked, checkpoint=checkpoint)
            .first()
        )
        if feedback is None:
            raise NotFoundError(_("This feedback was not requested."), field="checkpoint")
        if feedback.submitted_at is not None:
            raise ConflictError(_("This feedback was already given."), field="checkpoint")
        feedback.qualification_right = qualification_right
        feedback.info_useful = info_useful
        feedback.missing = missing.strip()
        feedback.outcome = outcome
        feedback.submitted_at = now
        feedback.submitted_by = actor
        feedback.save()
        prefix = deadlines.feedback_kind(checkpoint)
        _stop_timers(locked, [prefix, f"{prefix}_reminder", f"{prefix}_escalation"], now)
        _event(
            locked,
            action="feedback",
            from_state=locked.stage,
            to_state=locked.stage,
            actor=actor,
            at=now,
            data={"checkpoint": checkpoint, "outcome": outcome},
        )
        record(
            actor=actor,
            action="handover.feedback",
            target=locked,
            changes={"checkpoint": [None, checkpoint], "outcome": [None, outcome]},
        )
    return feedback


def feedback_link_open(user: Any, target_id: str) -> str:
    """The one-click link of the feedback email: where the form is."""
    feedback = Feedback.objects.filter(pk=int(target_id)).first()
    if feedback is None:
        return reverse("handovers:mine")
    return reverse("handovers:feedback", args=[feedback.handover_id, feedback.checkpoint])


# --- settings and rules ---------------------------------------------------------------------------


def _check_manager(actor: Any) -> None:
    _check_actor(actor)
    if actor.role not in ("sales_manager", "admin"):
        raise ForbiddenError(_("Only sales managers and admins manage assignment."), field="actor")


SETTINGS_FIELDS = (
    "briefing_hours",
    "first_contact_hours",
    "reminder_hours",
    "escalation_hours",
    "feedback_first_days",
    "feedback_second_days",
    "feedback_reminder_days",
    "feedback_escalation_days",
    "support_days",
    "business_hours",
    "day_start",
    "day_end",
    "workdays",
    "holidays",
    "time_zone",
)


def settings_update(*, actor: Any, values: dict[str, Any]) -> HandoverSettings:
    """Admins change the SLA (R-3.5). New durations apply to timers started afterwards."""
    _check_actor(actor)
    if not can(actor, Perm.CONFIGURE):
        raise ForbiddenError(_("Only admins change the SLA."), field="actor")
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise DomainError(f"unknown setting {sorted(unknown)[0]}", field=sorted(unknown)[0])
    support = values.get("support_days")
    if support is not None and not 1 <= int(support) <= 28:
        raise DomainError(_("Active support lasts 1 to 28 days."), field="support_days")
    with transaction.atomic():
        row, _created = HandoverSettings.objects.select_for_update().get_or_create(pk=1)
        changes: dict[str, list[Any]] = {}
        for key, value in values.items():
            before = getattr(row, key)
            if before != value:
                changes[key] = [_plain(before), _plain(value)]
                setattr(row, key, value)
        if row.day_end <= row.day_start:
            raise DomainError(_("The working day must end after it starts."), field="day_end")
        row.save()
        if changes:
            record(actor=actor, action="handover.settings_changed", target=row, changes=changes)
    return row


def _plain(value: Any) -> Any:
    if isinstance(value, dt.time | dt.date):
        return value.isoformat()
    return value


def rule_save(
    *, actor: Any, rule: AssignmentRule | None = None, values: dict[str, Any]
) -> AssignmentRule:
    _check_manager(actor)
    with transaction.atomic():
        rule = rule or AssignmentRule()
        for key, value in values.items():
            setattr(rule, key, value)
        if (rule.rep_id is None) == (rule.pool_id is None):
            raise DomainError(_("A rule names either a rep or a pool."), field="rep")
        created = rule.pk is None
        rule.save()
        record(
            actor=actor,
            action="handover.rule_created" if created else "handover.rule_changed",
            target=rule,
            changes={
                k: [None, _plain(getattr(rule, k))] for k in values if k not in ("rep", "pool")
            },
        )
    return rule


def rule_delete(*, actor: Any, rule: AssignmentRule) -> None:
    _check_manager(actor)
    with transaction.atomic():
        record(actor=actor, action="handover.rule_deleted", target=rule, reason=rule.name)
        rule.delete()


def pool_save(*, actor: Any, pool: RepPool | None = None, name: str, members: list[Any]) -> RepPool:
    _check_manager(actor)
    if not name.strip():
        raise DomainError(_("Give the pool a name."), field="name")
    with transaction.atomic():
        pool = pool or RepPool()
        pool.name = name.strip()
        try:
            with transaction.atomic():
                pool.save()
        except IntegrityError:
            raise DomainError(_("Another pool has this name."), field="name") from None
        pool.members.set(members)
        record(
            actor=actor,
            action="handover.pool_saved",
            target=pool,
            changes={"members": [None, sorted(m.pk for m in members)]},
        )
    return pool


def new_token() -> str:
    return uuid.uuid4().hex
