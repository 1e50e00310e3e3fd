"""Reads of the handovers app: settings, one handover, the board, "my handovers", the weekly
review, the timeline and deadlines, the evidence snapshot, assignment facts and the tester."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from baton.accounts.models import Account
from baton.accounts.selectors import dossier as account_dossier
from baton.core.errors import NotFoundError
from baton.engagement.models import Interaction
from baton.handovers import assignment as rules
from baton.handovers import deadlines, states
from baton.handovers.models import (
    OPEN,
    AssignmentRule,
    Handover,
    HandoverDeadline,
    HandoverEvent,
    HandoverSettings,
    RepPool,
)
from baton.handovers.notices import strongest_signal


def handover_settings() -> HandoverSettings:
    """The workspace's SLA row, or the defaults (unsaved) when nobody changed them yet."""
    return HandoverSettings.objects.filter(pk=1).first() or HandoverSettings(pk=1)


def handover_get(*, pk: int) -> Handover:
    handover = (
        Handover.objects.select_related("account", "rep", "marketing_owner", "proposed_by", "deal")
        .filter(pk=pk)
        .first()
    )
    if handover is None:
        raise NotFoundError(f"no handover with id {pk}", field="id")
    return handover


def holding_handover(account: Account | int) -> Handover | None:
    """The account's handover in progress (open or disqualified awaiting a decision)."""
    account_id = account if isinstance(account, int) else account.pk
    return (
        Handover.objects.filter(account_id=account_id, stage__in=list(states.HOLDING_STATES))
        .select_related("rep")
        .first()
    )


@dataclass(frozen=True)
class BoardFilters:
    rep: int | None = None
    marketing_owner: int | None = None
    stage: str = ""
    overdue: bool = False


def _pending_deadlines() -> Prefetch[Any]:
    return Prefetch(
        "deadlines",
        queryset=HandoverDeadline.objects.order_by("due_at", "id"),
        to_attr="all_deadlines",
    )


def handover_list(*, filters: BoardFilters, now: dt.datetime | None = None) -> QuerySet[Handover]:
    now = now or timezone.now()
    qs = Handover.objects.select_related("account", "rep", "marketing_owner").prefetch_related(
        _pending_deadlines()
    )
    if filters.rep:
        qs = qs.filter(rep_id=filters.rep)
    if filters.marketing_owner:
        qs = qs.filter(marketing_owner_id=filters.marketing_owner)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.overdue:
        qs = qs.filter(is_overdue_q(now))
    return qs.order_by("proposed_at", "id")


def is_overdue_q(now: dt.datetime) -> Q:
    """Open handovers with a work timer past due (fired or not yet swept), not stopped."""
    late = HandoverDeadline.objects.filter(
        kind__in=list(states.WORK_TIMERS - {"support_end"}),
        stopped_at__isnull=True,
        due_at__lte=now,
    ).values("handover_id")
    return Q(stage__in=OPEN, pk__in=late)


@dataclass(frozen=True)
class Column:
    key: str
    handovers: list[Handover]


CLOSED_DAYS = 30  # closed handovers stay on the board for a month


def board(*, filters: BoardFilters, now: dt.datetime | None = None) -> list[Column]:
    """The kanban (R-3.1): one column per stage group; closed ones of the last 30 days."""
    now = now or timezone.now()
    shown = [s.value for _key, group in states.COLUMNS for s in group]
    qs = handover_list(filters=filters, now=now).filter(stage__in=shown)
    qs = qs.filter(Q(closed_at__isnull=True) | Q(closed_at__gte=now - dt.timedelta(CLOSED_DAYS)))
    rows = list(qs)
    return [
        Column(key, [h for h in rows if h.stage in {s.value for s in group}])
        for key, group in states.COLUMNS
    ]


def my_handovers(*, user: Any) -> QuerySet[Handover]:
    return (
        Handover.objects.filter(Q(rep=user) | Q(marketing_owner=user))
        .filter(stage__in=list(states.HOLDING_STATES))
        .select_related("account", "rep", "marketing_owner")
        .prefetch_related(_pending_deadlines())
        .order_by("proposed_at", "id")
    )


@dataclass(frozen=True)
class DeadlineRow:
    kind: str
    due_at: dt.datetime
    state: str
    fired_at: dt.datetime | None
    stopped_at: dt.datetime | None


def deadline_rows(handover: Handover, *, now: dt.datetime | None = None) -> list[DeadlineRow]:
    now = now or timezone.now()
    found = getattr(handover, "all_deadlines", None)
    if found is None:
        found = list(handover.deadlines.order_by("due_at", "id"))
    return [
        DeadlineRow(
            d.kind,
            d.due_at,
            deadlines.deadline_state(
                d.due_at, now=now, fired_at=d.fired_at, stopped_at=d.stopped_at
            ),
            d.fired_at,
            d.stopped_at,
        )
        for d in found
    ]


def deadline_summary(rows: list[DeadlineRow]) -> str:
    """The worst state among the work timers: late/missed > due soon > on time."""
    states_found = {r.state for r in rows if r.kind in states.WORK_TIMERS - {"support_end"}}
    for state in ("missed", "late", "due_soon", "running"):
        if state in states_found:
            return state
    return "done" if states_found else ""


def timeline(handover: Handover) -> list[HandoverEvent]:
    return list(handover.events.select_related("actor").order_by("at", "id"))


@dataclass(frozen=True)
class ReviewRow:
    handover: Handover
    age_days: int
    deadline_state: str
    last_interaction: dt.datetime | None
    decisions: list[str]


def weekly_review(*, now: dt.datetime | None = None) -> list[ReviewRow]:
    """Every handover in progress (R-3.8) with age, deadline state, last interaction and the
    decisions to take (codes for ``wording``). A fixed number of queries."""
    now = now or timezone.now()
    handovers = list(
        Handover.objects.filter(stage__in=list(states.HOLDING_STATES))
        .select_related("account", "rep", "marketing_owner")
        .prefetch_related(_pending_deadlines())
        .order_by("stage", "proposed_at", "id")
    )
    last = dict(
        Interaction.objects.filter(account_id__in=[h.account_id for h in handovers])
        .values_list("account_id")
        .annotate(last=Max("occurred_at"))
        .values_list("account_id", "last")
    )
    rows = []
    for h in handovers:
        drows = deadline_rows(h, now=now)
        rows.append(
            ReviewRow(
                handover=h,
                age_days=(now - h.proposed_at).days,
                deadline_state=deadline_summary(drows),
                last_interaction=last.get(h.account_id),
                decisions=decisions_for(h, drows, now=now),
            )
        )
    return rows


def decisions_for(h: Handover, rows: list[DeadlineRow], *, now: dt.datetime) -> list[str]:
    found = []
    if h.rep_id is None:
        found.append("assign_rep")
    if h.stage == states.State.PROPOSED and (now - h.proposed_at) > dt.timedelta(hours=48):
        found.append("accept_or_reject")
    if h.stage == states.State.DISQUALIFIED:
        found.append("nurture_or_archive")
    by_kind = {r.kind: r for r in rows}
    escalation = by_kind.get("escalation")
    if escalation is not None and escalation.state in ("missed", "late"):
        found.append("escalated")
    elif any(r.state in ("missed", "late") for r in rows if r.kind in states.WORK_TIMERS):
        found.append("relaunch_rep")
    if any(
        r.state in ("missed", "late") for r in rows if r.kind.endswith(("_reminder", "escalation"))
    ) and any(r.kind.startswith("feedback") for r in rows):
        found.append("feedback_missing")
    if h.stage == states.State.OPPORTUNITY and (now - (h.opportunity_at or now)).days > 60:
        found.append("stalled_opportunity")
    return found


# --- evidence snapshot ------------------------------------------------------------------------


def _date(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def evidence_snapshot(account: Account, *, now: dt.datetime) -> dict[str, Any]:
    """What marketing knew when it proposed (R-3.2): the checklist verdict and the dossier's
    essentials, as plain JSON that later edits of the account never change."""
    from baton.qualification.selectors import latest_evaluation

    d = account_dossier(account=account, today=timezone.localdate(now))
    evaluation = latest_evaluation(account)
    checklist: dict[str, Any] | None = None
    if evaluation is not None:
        # The stored lines are codes and evidence (no words): shown in the reader's language.
        checklist = {
            "ready": evaluation.ready,
            "borderline": evaluation.borderline,
            "level": evaluation.level,
            "score": evaluation.score,
            "rule_version": evaluation.rule_set.version,
            "evaluated_at": evaluation.evaluated_at.isoformat(),
            "passed_count": evaluation.passed_count,
            "lines": list(evaluation.lines),
        }
    person = d.main_decision_maker
    strongest = strongest_signal(d.signals)
    return {
        "taken_at": now.isoformat(),
        "checklist": checklist,
        "account": {
            "name": account.name,
            "industry": account.industry,
            "size_band": account.size_band,
            "country": account.country,
            "territory": account.territory,
            "level": account.level,
            "score": account.score,
            "targeting_reason": account.targeting_reason,
        },
        "strongest_signal_id": strongest.pk if strongest else None,
        "signals": [
            {
                "id": s.pk,
                "kind": s.kind,
                "description": s.description,
                "on": _date(s.occurred_on),
                "confirmed": s.is_confirmed,
                "source": s.source,
            }
            for s in d.signals[:10]
        ],
        "decision_maker": (
            {
                "id": person.pk,
                "name": person.full_name,
                "title": person.title,
                "email": person.email,
                "reachable": person.is_reachable,
            }
            if person
            else None
        ),
        "interactions_90_days": d.interaction_count,
        "context": {
            "note": d.context.note,
            "timing": getattr(d.context, "timing", ""),
            "budget_min": str(d.context.budget_min) if d.context.budget_min is not None else None,
            "budget_max": str(d.context.budget_max) if d.context.budget_max is not None else None,
            "budget_currency": d.context.budget_currency,
        },
        "pains": [p.description for p in d.pains[:5]],
    }


# --- assignment facts -------------------------------------------------------------------------


def expected_amount_for(account: Account, given: Decimal | None) -> Decimal | None:
    if given is not None:
        return given
    context = getattr(account, "context", None)
    if context is None:
        from baton.accounts.models import AccountContext

        context = AccountContext.objects.filter(account=account).first()
    return context.budget_max if context is not None else None


def account_facts(account: Account, amount: Decimal | None) -> rules.AccountFacts:
    return rules.AccountFacts(
        territory=account.territory,
        country=account.country,
        industry=account.industry,
        size_band=account.size_band,
        deal_band=rules.deal_band(amount),
    )


def open_counts() -> dict[int, int]:
    return dict(
        Handover.objects.filter(stage__in=OPEN, rep__isnull=False)
        .values_list("rep_id")
        .annotate(n=Count("id"))
        .values_list("rep_id", "n")
    )


def rep_facts(users: list[Any], counts: dict[int, int]) -> dict[int, rules.RepFacts]:
    return {
        u.pk: rules.RepFacts(
            id=u.pk,
            name=u.display_name,
            is_active=u.is_active and u.role in ("sales_rep", "sales_manager"),
            is_absent=u.is_absent,
            capacity=u.handover_capacity,
            open_count=counts.get(u.pk, 0),
        )
        for u in users
    }


def rule_facts(rule: AssignmentRule) -> rules.RuleFacts:
    return rules.RuleFacts(
        id=rule.pk,
        name=rule.name,
        territories=tuple(rule.territories or ()),
        countries=tuple(rule.countries or ()),
        sectors=tuple(rule.sectors or ()),
        size_bands=tuple(rule.size_bands or ()),
        deal_bands=tuple(rule.deal_bands or ()),
        rep_id=rule.rep_id,
        pool_id=rule.pool_id,
    )


def pool_facts(pool: RepPool) -> rules.PoolFacts:
    members = sorted(pool.members.all(), key=lambda u: u.pk)
    return rules.PoolFacts(
        id=pool.pk,
        name=pool.name,
        member_ids=tuple(u.pk for u in members),
        last_rep_id=pool.last_rep_id,
    )


def assignment_inputs(
    *, pools: QuerySet[RepPool] | None = None
) -> tuple[list[rules.RuleFacts], dict[int, rules.RepFacts], dict[int, rules.PoolFacts]]:
    active_rules = list(AssignmentRule.objects.filter(is_active=True).order_by("order", "id"))
    pool_rows = list(
        (pools if pools is not None else RepPool.objects.all()).prefetch_related("members")
    )
    user_ids: set[int] = {r.rep_id for r in active_rules if r.rep_id}
    for pool in pool_rows:
        user_ids |= {u.pk for u in pool.members.all()}
    users = list(get_user_model().objects.filter(pk__in=user_ids))
    return (
        [rule_facts(r) for r in active_rules],
        rep_facts(users, open_counts()),
        {p.pk: pool_facts(p) for p in pool_rows},
    )


def assignment_preview(*, account: Account, amount: Decimal | None) -> rules.Decision:
    """The rule tester: which rep would get ``account``, and why (writes nothing)."""
    facts = account_facts(account, expected_amount_for(account, amount))
    rule_list, reps, pools = assignment_inputs()
    return rules.assign(facts, rule_list, reps, pools)


def reps() -> QuerySet[Any]:
    return (
        get_user_model()
        .objects.filter(is_active=True, role__in=["sales_rep", "sales_manager"])
        .order_by("first_name", "last_name")
    )


def marketers() -> QuerySet[Any]:
    return get_user_model().objects.filter(is_active=True, role__in=["marketing", "admin"])


def sales_managers() -> list[Any]:
    return list(get_user_model().objects.filter(is_active=True, role="sales_manager"))


def feedback_stats() -> dict[str, int]:
    """Feedback completion (R-3.6): requested, answered."""
    from baton.handovers.models import Feedback

    agg = Feedback.objects.aggregate(
        requested=Count("id"), answered=Count("id", filter=Q(submitted_at__isnull=False))
    )
    return {"requested": agg["requested"] or 0, "answered": agg["answered"] or 0}
