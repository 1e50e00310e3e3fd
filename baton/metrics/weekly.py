"""The weekly review pack (R-4.6), as data: read, as of the Sunday that ends the ISO week.

* **Metrics vs targets**: the default five and the handover alignment metrics, quarter to date.
* **Accounts progressing**: target accounts with a level or journey-stage change (audit rows
  ``account.updated`` / ``qualification.level_changed`` whose changes hold ``level`` or
  ``journey_stage``) or a handover stage change (``HandoverEvent`` with a different
  ``to_state``) in the 14 days to Sunday; **stagnating**: the other target accounts.
* **Corrective actions**: open ones (overdue when due before Sunday) and those closed that
  week; **blockers**: open actions flagged ``is_blocker``.
* **Win of the week**: the deal chosen on the week's row, otherwise the largest deal won that
  week (in EUR, with the rates valid on Sunday).

A bounded number of queries, whatever the number of accounts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q
from django.utils import timezone

from baton.accounts.models import Account, Deal
from baton.core.errors import DomainError
from baton.core.models import AuditEvent
from baton.handovers.models import HandoverEvent
from baton.metrics import definitions as d
from baton.metrics import formulas as f
from baton.metrics.computations import Ctx, compute_safe
from baton.metrics.models import ActionStatus, CorrectiveAction, WeeklyReview
from baton.metrics.scope import Scope, in_reporting, local_midnight, rates_on, targets
from baton.metrics.selectors import current_targets, executive_summary, target_view

WINDOW_DAYS = 14
PACK_METRICS: tuple[str, ...] = (
    *d.DEFAULT_DASHBOARD,
    d.ACCEPTANCE,
    d.RESPONSE_TIME,
    d.SLA_SALES,
    d.SLA_MARKETING,
    d.FEEDBACK,
)
WATCHED = ("level", "journey_stage")


@dataclass(frozen=True)
class MetricRow:
    metric_id: str
    value: Decimal | None
    target: Decimal | None  # expected by Sunday (pro-rated for cumulative metrics)
    state: str  # f.TargetState value
    error: str = ""


@dataclass(frozen=True)
class Change:
    field: str  # level, journey_stage or stage
    before: str
    after: str


@dataclass(frozen=True)
class AccountMove:
    account_id: int
    name: str
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class ActionRow:
    title: str
    owner: str
    due_on: dt.date | None
    status: str
    overdue: bool
    is_blocker: bool


@dataclass(frozen=True)
class Win:
    name: str
    account: str
    amount: Decimal
    currency: str
    chosen: bool  # chosen by hand on the week's row


@dataclass
class Pack:
    week_start: dt.date
    summary: str
    metrics: list[MetricRow] = field(default_factory=list)
    progressing: list[AccountMove] = field(default_factory=list)
    stagnating: list[AccountMove] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    closed_actions: list[ActionRow] = field(default_factory=list)
    blockers: list[ActionRow] = field(default_factory=list)
    win: Win | None = None

    @property
    def sunday(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)

    @property
    def label(self) -> str:
        year, week, _day = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"


def parse_week(text: str) -> dt.date:
    """The Monday of ``2026-W27``; ``DomainError`` otherwise."""
    try:
        return f.parse_period(text, today=timezone.localdate()).start
    except f.PeriodError as exc:
        raise DomainError(str(exc), field="week") from exc


def last_complete_week(today: dt.date) -> dt.date:
    return f.week_start(today) - dt.timedelta(days=7)


def build(week_start: dt.date, *, language: str | None) -> Pack:
    week_start = f.week_start(week_start)
    sunday = week_start + dt.timedelta(days=6)
    scope = Scope(period=f.quarter_of(sunday), day=sunday)
    ctx = Ctx(scope)
    try:
        summary = executive_summary(scope=scope, language=language, ctx=ctx)
    except DomainError as exc:
        summary = exc.reason
    pack = Pack(week_start=week_start, summary=summary, metrics=_metrics(scope, ctx))
    pack.progressing, pack.stagnating = _moves(scope)
    pack.actions, pack.closed_actions = _actions(week_start, sunday)
    pack.blockers = [a for a in pack.actions if a.is_blocker]
    pack.win = _win(week_start, sunday)
    return pack


def _metrics(scope: Scope, ctx: Ctx) -> list[MetricRow]:
    targets_now = current_targets(f.quarter_label(scope.day))
    rows = []
    for metric_id in PACK_METRICS:
        definition = d.get(metric_id)
        result = compute_safe(metric_id, scope, ctx)
        view = target_view(definition, result.value, targets_now.get((metric_id, "")), scope)
        rows.append(
            MetricRow(
                metric_id,
                result.value,
                None if view is None else view.expected,
                f.TargetState.NO_TARGET if view is None else view.state,
                result.error,
            )
        )
    return rows


def _moves(scope: Scope) -> tuple[list[AccountMove], list[AccountMove]]:
    since = local_midnight(scope.day - dt.timedelta(days=WINDOW_DAYS - 1))
    until = scope.end_dt
    changes: dict[int, list[tuple[dt.datetime, Change]]] = {}
    audit = (
        AuditEvent.objects.filter(
            target_type=Account._meta.label_lower,
            action__in=("account.updated", "qualification.level_changed"),
            at__gte=since,
            at__lt=until,
        )
        .filter(Q(changes__has_key="level") | Q(changes__has_key="journey_stage"))
        .order_by("at", "id")
        .values_list("target_id", "at", "changes")
    )
    for target_id, at, diff in audit:
        for name in WATCHED:
            pair = diff.get(name)
            if isinstance(pair, list) and len(pair) == 2 and pair[0] != pair[1]:
                change = Change(name, str(pair[0] or ""), str(pair[1] or ""))
                changes.setdefault(int(target_id), []).append((at, change))
    stage_moves = (
        HandoverEvent.objects.filter(at__gte=since, at__lt=until)
        .exclude(to_state=F("from_state"))
        .order_by("at", "id")
        .values_list("handover__account_id", "at", "from_state", "to_state")
    )
    for account_id, at, before, after in stage_moves:
        changes.setdefault(account_id, []).append((at, Change("stage", before, after)))
    progressing, stagnating = [], []
    for account_id, name in targets(scope).order_by("name", "id").values_list("id", "name"):
        if account_id in changes:
            ordered = tuple(c for _at, c in sorted(changes[account_id], key=lambda p: p[0]))
            progressing.append(AccountMove(account_id, name, ordered))
        else:
            stagnating.append(AccountMove(account_id, name))
    return progressing, stagnating


def _row(action: CorrectiveAction, sunday: dt.date, *, still_open: bool) -> ActionRow:
    owner = action.owner.display_name if action.owner is not None else ""
    status = ActionStatus.OPEN.value if still_open else action.status
    overdue = still_open and action.due_on is not None and action.due_on < sunday
    return ActionRow(action.title, owner, action.due_on, status, overdue, action.is_blocker)


def _actions(week_start: dt.date, sunday: dt.date) -> tuple[list[ActionRow], list[ActionRow]]:
    """Open on Sunday (created by then, not closed by then) and closed during the week."""
    end = local_midnight(sunday + dt.timedelta(days=1))
    start = local_midnight(week_start)
    qs = CorrectiveAction.objects.select_related("owner").filter(created_at__lt=end)
    open_rows = [
        _row(a, sunday, still_open=True)
        for a in qs.filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end)).order_by(
            F("due_on").asc(nulls_last=True), "id"
        )
    ]
    closed = [
        _row(a, sunday, still_open=False)
        for a in qs.filter(closed_at__gte=start, closed_at__lt=end).order_by("closed_at", "id")
    ]
    return open_rows, closed


def _win(week_start: dt.date, sunday: dt.date) -> Win | None:
    chosen = (
        WeeklyReview.objects.filter(week_start=week_start, win_deal__isnull=False)
        .select_related("win_deal__account")
        .first()
    )
    if chosen is not None and chosen.win_deal is not None:
        deal = chosen.win_deal
        return Win(
            deal.name, deal.account.name if deal.account else "", deal.amount, deal.currency, True
        )
    rates = rates_on(sunday)
    won = (
        Deal.objects.filter(
            status="won",
            closed_on__gte=week_start,
            closed_on__lte=sunday,
            currency__in=list(rates),
        )
        .select_related("account")
        .annotate(value=in_reporting(rates))
        .order_by("-value", "closed_on", "id")
        .first()
    )
    if won is None:
        return None
    value = Decimal(won.value).quantize(Decimal("0.01"))
    return Win(
        won.name, won.account.name if won.account else "", value, d.REPORTING_CURRENCY, False
    )
