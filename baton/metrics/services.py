"""Writes of the metrics app: targets, weekly snapshots, pins, survey answers, corrective
actions, exchange rates, and deals and costs (the import's writer). Each change appends its audit
row in the same transaction."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from baton.accounts.models import CostEntry, Deal
from baton.core.errors import ConflictError, DomainError
from baton.core.models import record
from baton.metrics import dashboard_snapshot as snap
from baton.metrics import definitions as d
from baton.metrics import formulas as f
from baton.metrics.computations import Ctx, compute_safe
from baton.metrics.models import (
    ActionStatus,
    CorrectiveAction,
    DashboardSnapshot,
    DealStageChange,
    ExchangeRate,
    MetricSnapshot,
    MetricTarget,
    PinnedMetric,
    SurveyResponse,
    WeeklyReview,
)
from baton.metrics.scope import Scope

# == targets (R-4.4) ==


def _metric(metric_id: str) -> d.MetricDef:
    try:
        return d.get(metric_id)
    except KeyError as exc:
        raise DomainError(_("unknown metric %(id)s") % {"id": metric_id}, field="metric") from exc


def target_set(
    *,
    actor: Any,
    metric_id: str,
    quarter: str,
    value: Decimal,
    at_risk: Decimal | None = None,
    segment: str = "",
    note: str = "",
) -> MetricTarget:
    """Record a quarterly target; the previous one stays as history (the newest wins)."""
    definition = _metric(metric_id)
    try:
        period = f.parse_period(quarter, today=timezone.localdate())
    except f.PeriodError as exc:
        raise DomainError(str(exc), field="quarter") from exc
    if period.kind != f.PeriodKind.QUARTER:
        raise DomainError(_("a target is set per quarter, e.g. 2026-Q3"), field="quarter")
    if segment:
        dimension, sep, _value = segment.partition("=")
        if not sep or dimension not in d.SEGMENTS:
            raise DomainError(
                _("a segment is written dimension=value, the dimension one of: %(names)s")
                % {"names": ", ".join(d.SEGMENTS)},
                field="segment",
            )
    if at_risk is not None:
        wrong_side = (
            at_risk > value if definition.direction == d.Direction.HIGHER else at_risk < value
        )
        if wrong_side:
            raise DomainError(
                _("the at-risk threshold must be on the far side of the target"), field="at_risk"
            )
    with transaction.atomic():
        target = MetricTarget.objects.create(
            metric_id=metric_id,
            quarter=period.label,
            segment=segment,
            value=value,
            at_risk=at_risk,
            note=note,
            set_by=actor if getattr(actor, "is_authenticated", False) else None,
            set_at=timezone.now(),
        )
        record(
            actor=actor,
            action="metrics.target_set",
            target=target,
            changes={
                "value": [None, str(value)],
                "at_risk": [None, None if at_risk is None else str(at_risk)],
            },
        )
    return target


# == weekly snapshots (R-4.3) ==


def snapshot_metrics() -> list[str]:
    """What a weekly snapshot holds: the seeds' sheet, the default five and the pinned ones."""
    ids = [*d.SHEET_COLUMNS, *d.DEFAULT_DASHBOARD]
    ids += list(PinnedMetric.objects.values_list("metric_id", flat=True))
    return [m for m in dict.fromkeys(ids) if m in d.METRICS and d.get(m).available]


def week_scope(week_start: dt.date) -> Scope:
    """A week's snapshot: the quarter to date, as of the Sunday that ends the week."""
    sunday = week_start + dt.timedelta(days=6)
    return Scope(period=f.quarter_of(sunday), day=sunday)


def snapshot_week(*, week_start: dt.date, now: dt.datetime | None = None) -> int:
    """Compute and store the snapshot of the week starting ``week_start`` (a Monday). A value
    equal to the stored one writes nothing; a different one appends a row flagged
    ``back_dated``. Returns the number of rows written."""
    week_start = f.week_start(week_start)
    at = now or timezone.now()
    scope = week_scope(week_start)
    ctx = Ctx(scope)
    latest: dict[str, Any] = {}
    for metric_id, value in (
        MetricSnapshot.objects.filter(week_start=week_start, segment="")
        .order_by("metric_id", "computed_at", "id")
        .values_list("metric_id", "value")
    ):
        latest[metric_id] = value
    rows = []
    for metric_id in snapshot_metrics():
        value = compute_safe(metric_id, scope, ctx).as_json()
        if metric_id in latest and latest[metric_id] == value:
            continue
        rows.append(
            MetricSnapshot(
                week_start=week_start,
                metric_id=metric_id,
                segment="",
                value=value,
                computed_at=at,
                back_dated=metric_id in latest,
            )
        )
    with transaction.atomic():
        MetricSnapshot.objects.bulk_create(rows)
    return len(rows)


def due_weeks(now: dt.datetime, weeks: int = d.TREND_WEEKS) -> list[dt.date]:
    """The Mondays of the last ``weeks`` complete weeks whose snapshot time (Monday 07:00
    workspace time, after the week) has come, oldest first."""
    local = timezone.localtime(now)
    this_monday = f.week_start(local.date())
    ready = local.weekday() > d.SNAPSHOT_WEEKDAY or local.hour >= d.SNAPSHOT_HOUR
    last = this_monday - dt.timedelta(days=7 if ready else 14)
    return [last - dt.timedelta(days=7 * i) for i in reversed(range(weeks))]


def snapshot_sweep(now: dt.datetime) -> int:
    """Worker sweeper: write the snapshots of due weeks that have none yet."""
    weeks = due_weeks(now)
    done = set(
        MetricSnapshot.objects.filter(week_start__in=weeks).values_list("week_start", flat=True)
    )
    return sum(snapshot_week(week_start=w, now=now) for w in weeks if w not in done)


# == dashboard snapshots (issue 7) ==

SNAPSHOT_MAX_AGE = dt.timedelta(hours=1)  # the worker recomputes the current numbers this often
SNAPSHOT_KEEP = dt.timedelta(days=7)  # older rows are deleted (recomputed when asked for)


def dashboard_snapshot_store(
    *, scope: Scope, fingerprint: str, numbers: snap.Numbers, seconds: float
) -> snap.Numbers:
    """Store ``numbers`` (computed from data with ``fingerprint``) as the snapshot of
    ``scope``, replacing the previous one: a new row, so a row id always names the same
    numbers. Numbers that cannot be stored, or a concurrent writer, leave them unstored."""
    try:
        payload = snap.encode(numbers)
    except TypeError:
        return numbers
    language = (translation.get_language() or "") if numbers.has_texts else ""
    at = numbers.computed_at or timezone.now()
    key = {
        "period": scope.period.label,
        "as_of": scope.day,
        "segment": snap.segment_label(scope),
        "language": language,
    }
    try:
        with transaction.atomic():
            DashboardSnapshot.objects.filter(**key).delete()
            row = DashboardSnapshot.objects.create(
                **key,
                fingerprint=fingerprint,
                payload=payload,
                computed_at=at,
                compute_ms=round(seconds * 1000),
            )
    except IntegrityError:  # another process stored the same scope meanwhile
        return numbers
    numbers.computed_at = row.computed_at
    numbers.snapshot_id = row.pk
    numbers.token = payload["token"]
    return numbers


def dashboard_refresh(*, now: dt.datetime | None = None) -> bool:
    """Make the current quarter's dashboard warm: recompute its numbers when the data changed
    since they were stored, or when they are older than ``SNAPSHOT_MAX_AGE``. Returns whether
    they were recomputed."""
    from baton.metrics import selectors

    at = now or timezone.now()
    today = timezone.localdate(at)
    scope = Scope.make(f.quarter_of(today), as_of=today)
    ids = selectors.dashboard_ids()
    with translation.override(settings.LANGUAGE_CODE):
        fingerprint = snap.fingerprint(scope, ids)
        stored = selectors.find_snapshot(scope=scope, fingerprint=fingerprint)
        if stored is not None and (stored.computed_at or at) > at - SNAPSHOT_MAX_AGE:
            return False
        started = time.perf_counter()
        numbers = selectors.compute_numbers(scope=scope, ids=ids)
        numbers.computed_at = at
        dashboard_snapshot_store(
            scope=scope,
            fingerprint=fingerprint,
            numbers=numbers,
            seconds=time.perf_counter() - started,
        )
    return True


def dashboard_refresh_sweep(now: dt.datetime) -> int:
    """Worker sweeper: keep the current quarter's dashboard warm; forget old snapshots."""
    DashboardSnapshot.objects.filter(computed_at__lt=now - SNAPSHOT_KEEP).delete()
    return int(dashboard_refresh(now=now))


# == dashboard pins (R-4.5) ==


def pin_metric(*, actor: Any, metric_id: str) -> PinnedMetric:
    _metric(metric_id)
    if metric_id in d.DEFAULT_DASHBOARD:
        raise ConflictError(_("this metric is already on the dashboard"), field="metric")
    with transaction.atomic():
        pins = list(PinnedMetric.objects.select_for_update().order_by("position"))
        if any(p.metric_id == metric_id for p in pins):
            raise ConflictError(_("this metric is already pinned"), field="metric")
        if len(d.DEFAULT_DASHBOARD) + len(pins) >= d.MAX_PINNED:
            raise ConflictError(
                _("the dashboard shows at most %(n)s metrics: unpin one first")
                % {"n": d.MAX_PINNED},
                field="metric",
            )
        position = (PinnedMetric.objects.aggregate(p=Max("position"))["p"] or 0) + 1
        pin = PinnedMetric.objects.create(
            metric_id=metric_id,
            position=position,
            pinned_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record(actor=actor, action="metrics.pinned", target=pin)
    return pin


def unpin_metric(*, actor: Any, metric_id: str) -> None:
    with transaction.atomic():
        pin = PinnedMetric.objects.filter(metric_id=metric_id).first()
        if pin is None:
            raise DomainError(_("this metric is not pinned"), field="metric")
        record(actor=actor, action="metrics.unpinned", target=pin)
        pin.delete()


# == alignment survey (R-4.2) ==


def survey_answer(
    *,
    respondent: Any,
    team: str,
    communication: int,
    trust: int,
    other_team: int,
    comment: str = "",
    on: dt.date | None = None,
) -> SurveyResponse:
    """Record (or replace) the respondent's answer for the quarter of ``on``."""
    day = on or timezone.localdate()
    for name, score in (
        ("communication", communication),
        ("trust", trust),
        ("other_team", other_team),
    ):
        if not 1 <= score <= 5:
            raise DomainError(_("answer from 1 to 5"), field=name)
    quarter = f.quarter_label(day)
    with transaction.atomic():
        answer, created = SurveyResponse.objects.update_or_create(
            respondent=respondent,
            quarter=quarter,
            defaults={
                "team": team,
                "communication": communication,
                "trust": trust,
                "other_team": other_team,
                "comment": comment,
                "answered_on": day,
            },
        )
        record(
            actor=respondent,
            action="metrics.survey_answered" if created else "metrics.survey_changed",
            target=answer,
        )
    return answer


# == corrective actions (R-4.6) ==


def action_create(
    *,
    actor: Any,
    title: str,
    owner: Any = None,
    due_on: dt.date | None = None,
    metric_id: str = "",
    is_blocker: bool = False,
) -> CorrectiveAction:
    if not title.strip():
        raise DomainError(_("say what is to be done"), field="title")
    if metric_id:
        _metric(metric_id)
    with transaction.atomic():
        action = CorrectiveAction.objects.create(
            title=title.strip(),
            owner=owner,
            due_on=due_on,
            metric_id=metric_id,
            is_blocker=is_blocker,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record(actor=actor, action="metrics.action_created", target=action)
    return action


def action_close(*, actor: Any, action: CorrectiveAction, status: str = ActionStatus.DONE) -> None:
    if action.status != ActionStatus.OPEN:
        raise ConflictError(_("this action is already closed"), field="status")
    if status not in (ActionStatus.DONE, ActionStatus.DROPPED):
        raise DomainError(_("close as done or dropped"), field="status")
    with transaction.atomic():
        action.status = status
        action.closed_at = timezone.now()
        action.save(update_fields=["status", "closed_at"])
        record(
            actor=actor,
            action="metrics.action_closed",
            target=action,
            changes={"status": [ActionStatus.OPEN, status]},
        )


# == exchange rates ==


def rate_set(*, actor: Any, currency: str, rate: Decimal, valid_from: dt.date) -> ExchangeRate:
    if currency == d.REPORTING_CURRENCY:
        raise DomainError(_("the reporting currency needs no rate"), field="currency")
    if rate <= 0:
        raise DomainError(_("a rate is positive"), field="rate")
    with transaction.atomic():
        obj, _created = ExchangeRate.objects.update_or_create(
            currency=currency, valid_from=valid_from, defaults={"rate": rate}
        )
        record(
            actor=actor, action="metrics.rate_set", target=obj, changes={"rate": [None, str(rate)]}
        )
    return obj


# == deals and costs (the import's writer) ==

DEAL_FIELDS = (
    "account_id",
    "name",
    "amount",
    "currency",
    "stage",
    "status",
    "created_on",
    "closed_on",
    "expected_close_on",
    "source",
    "owner_id",
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal | dt.date):
        return str(value)
    return value


def deal_upsert(*, actor: Any, deal: Deal | None, values: dict[str, Any]) -> tuple[Deal, str]:
    """Create or update a deal from ``values`` (a subset of ``DEAL_FIELDS``); a change of
    stage appends a :class:`DealStageChange`. Returns the deal and ``created`` / ``updated`` /
    ``unchanged``. Call inside a transaction."""
    today = timezone.localdate()
    if deal is None:
        deal = Deal.objects.create(**values)
        DealStageChange.objects.create(deal=deal, stage=deal.stage, entered_on=deal.created_on)
        record(
            actor=actor,
            action="deal.created",
            target=deal,
            changes={k: [None, _jsonable(v)] for k, v in sorted(values.items())},
        )
        return deal, "created"
    changes = {
        k: [_jsonable(getattr(deal, k)), _jsonable(v)]
        for k, v in values.items()
        if getattr(deal, k) != v
    }
    if not changes:
        return deal, "unchanged"
    for key, value in values.items():
        setattr(deal, key, value)
    deal.save()
    if "stage" in changes:
        entered = deal.closed_on if deal.status != "open" and deal.closed_on else today
        DealStageChange.objects.create(deal=deal, stage=deal.stage, entered_on=entered)
    record(actor=actor, action="deal.updated", target=deal, changes=changes)
    return deal, "updated"


def cost_upsert(
    *, actor: Any, cost: CostEntry | None, values: dict[str, Any]
) -> tuple[CostEntry, str]:
    """Create or update a cost entry. Call inside a transaction."""
    if cost is None:
        cost = CostEntry.objects.create(**values)
        record(
            actor=actor,
            action="cost.created",
            target=cost,
            changes={k: [None, _jsonable(v)] for k, v in sorted(values.items())},
        )
        return cost, "created"
    changes = {
        k: [_jsonable(getattr(cost, k)), _jsonable(v)]
        for k, v in values.items()
        if getattr(cost, k) != v
    }
    if not changes:
        return cost, "unchanged"
    for key, value in values.items():
        setattr(cost, key, value)
    cost.save()
    record(actor=actor, action="cost.updated", target=cost, changes=changes)
    return cost, "updated"


# == weekly review pack (R-4.6) ==

REVIEW_WEEKDAY = 0  # Monday
REVIEW_HOUR = 9  # 09:00 workspace time
MEMBER_CHANNELS = frozenset({"in_app", "email"})
WORKSPACE_CHANNELS = ("slack", "teams")


def review_due_week(now: dt.datetime) -> dt.date:
    """The Monday of the last week whose pack is due at ``now`` (Monday 09:00 after it)."""
    local = timezone.localtime(now)
    this_monday = f.week_start(local.date())
    ready = local.weekday() > REVIEW_WEEKDAY or local.hour >= REVIEW_HOUR
    return this_monday - dt.timedelta(days=7 if ready else 14)


def _weekly_summaries(week_start: dt.date) -> dict[str, str]:
    """The week's executive summary in each language (the message picks the reader's)."""
    from baton.metrics.selectors import summary_figures

    sunday = week_start + dt.timedelta(days=6)
    scope = Scope(period=f.quarter_of(sunday), day=sunday)
    try:
        figures = summary_figures(scope=scope, ctx=Ctx(scope))
    except DomainError:
        return {}
    return {f"summary_{lang}": f.executive_summary(figures, lang) for lang in ("fr", "en")}


def weekly_review_send(
    *, week_start: dt.date, actor: Any = None, now: dt.datetime | None = None
) -> WeeklyReview | None:
    """Record the pack of the week starting ``week_start`` as generated and tell everyone: each
    active member in the app and by email (their preferences apply), and the workspace's Slack
    and Teams channels once. Once per ISO week: ``None`` when the week's row exists already."""
    from django.urls import reverse

    from baton.handovers.models import OPEN, Handover
    from baton.notifications.events import get_event
    from baton.notifications.selectors import effective_channels
    from baton.notifications.services import notify
    from baton.users.models import User

    week_start = f.week_start(week_start)
    at = now or timezone.now()
    kind = get_event("weekly_review.ready")
    try:
        with transaction.atomic():
            review, _created = WeeklyReview.objects.get_or_create(
                week_start=week_start,
                defaults={
                    "generated_at": at,
                    "generated_by": actor if getattr(actor, "is_authenticated", False) else None,
                },
            )
            # The conditional update is the once-only guard, also between two workers.
            claimed = WeeklyReview.objects.filter(pk=review.pk, notified_at__isnull=True).update(
                notified_at=at
            )
            if not claimed:
                return None
            review.notified_at = at
            year, week, _day = week_start.isocalendar()
            url = settings.BASE_URL + reverse(
                "metrics:weekly_week", kwargs={"week": f"{year}-W{week:02d}"}
            )
            count = str(Handover.objects.filter(stage__in=OPEN).count())
            summaries = _weekly_summaries(week_start)
            members = list(User.objects.filter(is_active=True).order_by("id"))
            for user in members:
                channels = effective_channels(user=user, kind=kind) & MEMBER_CHANNELS
                notify(
                    event=kind.key,
                    recipients=[user],
                    context={
                        "first_name": user.first_name,
                        "count": count,
                        "url": url,
                        **summaries,
                    },
                    target=review,
                    channels=sorted(channels),
                    actor=actor,
                )
            admins = [u for u in members if u.role == "admin"] or members[:1]
            if admins:
                notify(
                    event=kind.key,
                    recipients=admins[:1],
                    context={"first_name": "", "count": count, "url": url, **summaries},
                    target=review,
                    dedupe="workspace",
                    channels=WORKSPACE_CHANNELS,
                    actor=actor,
                )
            record(actor=actor, action="metrics.weekly_review_sent", target=review)
    except IntegrityError:  # another worker wrote the week's row first
        return None
    return review


def weekly_review_sweep(now: dt.datetime) -> int:
    """Worker sweeper: from Monday 09:00, the pack of the week that ended, once."""
    week = review_due_week(now)
    if WeeklyReview.objects.filter(week_start=week, notified_at__isnull=False).exists():
        return 0
    return 1 if weekly_review_send(week_start=week, now=now) is not None else 0


def weekly_win_set(*, actor: Any, week_start: dt.date, deal: Deal | None) -> WeeklyReview:
    """Choose the win of the week by hand (``None``: back to the largest deal won)."""
    week_start = f.week_start(week_start)
    with transaction.atomic():
        review, _created = WeeklyReview.objects.get_or_create(
            week_start=week_start, defaults={"generated_at": timezone.now()}
        )
        before = review.win_deal_id
        review.win_deal = deal
        review.save(update_fields=["win_deal"])
        record(
            actor=actor,
            action="metrics.weekly_win_set",
            target=review,
            changes={"win_deal": [before, None if deal is None else deal.pk]},
        )
    return review
