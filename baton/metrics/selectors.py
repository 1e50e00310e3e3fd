"""Reads of the metrics app: the dashboard, targets and their history, snapshot history, the
executive summary. A bounded number of queries whatever the number of accounts."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone, translation

from baton.accounts.models import Account, Deal
from baton.core.errors import DomainError
from baton.core.lru import LruCache
from baton.metrics import dashboard_snapshot as snap
from baton.metrics import definitions as d
from baton.metrics import formulas as f
from baton.metrics.computations import Ctx, MetricValue, breakdown, compute_safe, funnel
from baton.metrics.models import DashboardSnapshot, MetricSnapshot, MetricTarget, PinnedMetric
from baton.metrics.scope import Scope


def pinned_ids() -> list[str]:
    return list(PinnedMetric.objects.order_by("position", "id").values_list("metric_id", flat=True))


def dashboard_ids(markers: snap.PageMarkers | None = None) -> list[str]:
    """The default five, then the pinned ones (at most ``MAX_PINNED`` in all). With the
    page's ``markers``, read once per state of the pins (per process)."""

    def read() -> list[str]:
        ids = [*d.DEFAULT_DASHBOARD, *(m for m in pinned_ids() if m in d.METRICS)]
        return list(dict.fromkeys(ids))[: d.MAX_PINNED]

    if markers is None:
        return read()
    return list(_pins.get_or_make(markers.pins, read))


def current_targets(quarter: str) -> dict[tuple[str, str], MetricTarget]:
    """The newest target of each (metric, segment) for ``quarter``."""
    out: dict[tuple[str, str], MetricTarget] = {}
    for target in MetricTarget.objects.filter(quarter=quarter).order_by("-set_at", "-id"):
        out.setdefault((target.metric_id, target.segment), target)
    return out


def target_history(*, metric_id: str | None = None) -> QuerySet[MetricTarget]:
    qs = MetricTarget.objects.select_related("set_by").order_by("-set_at", "-id")
    return qs.filter(metric_id=metric_id) if metric_id else qs


@dataclass(frozen=True)
class TargetView:
    target: Decimal
    at_risk: Decimal | None
    expected: Decimal  # pro-rated to the as-of day for cumulative metrics
    expected_at_risk: Decimal | None
    state: f.TargetState
    set_by: str
    set_at: dt.datetime


def target_view(
    definition: d.MetricDef,
    value: Decimal | None,
    target: MetricTarget | None,
    scope: Scope,
    names: dict[int, str] | None = None,
) -> TargetView | None:
    """``names``: who set the targets, by user id, when already read (else from the row)."""
    if target is None:
        return None
    fraction = (
        f.quarter_of(scope.day).elapsed_fraction(scope.day) if definition.cumulative else Decimal(1)
    )
    expected = f.prorated(target.value, fraction)
    at_risk = None if target.at_risk is None else f.prorated(target.at_risk, fraction)
    state = f.target_state(value, target=expected, at_risk=at_risk, direction=definition.direction)
    if names is not None:
        who = names.get(target.set_by_id or 0, "")
    else:
        who = target.set_by.display_name if target.set_by is not None else ""
    return TargetView(target.value, target.at_risk, expected, at_risk, state, who, target.set_at)


@dataclass(frozen=True)
class Card:
    definition: d.MetricDef
    result: MetricValue
    shown: str
    target: TargetView | None
    trend: list[tuple[dt.date, Decimal | None]]


@dataclass
class Dashboard:
    scope: Scope
    cards: list[Card]
    funnel: dict[str, int]
    roi_by: dict[str, list[tuple[str, Decimal | None]]] = field(default_factory=dict)
    summary: str = ""
    summary_error: str = ""
    computed_at: dt.datetime | None = None  # when the numbers were computed
    snapshot_id: int | None = None  # the stored numbers shown (None: not stored)
    fingerprint: str = ""  # of the data the numbers were computed from
    token: str = ""  # names the stored numbers (unique to their row)


def trend(
    metric_ids: list[str], *, until: dt.date, weeks: int = d.TREND_WEEKS
) -> dict[str, list[tuple[dt.date, Decimal | None]]]:
    """The stored weekly values of each metric for the ``weeks`` weeks up to ``until``
    (newest snapshot of each week wins; a week without snapshot is None). One query."""
    last = f.week_start(until)
    mondays = [last - dt.timedelta(days=7 * i) for i in reversed(range(weeks))]
    found: dict[tuple[str, dt.date], Decimal | None] = {}
    for metric_id, week, value in (
        MetricSnapshot.objects.filter(metric_id__in=metric_ids, segment="", week_start__in=mondays)
        .order_by("computed_at", "id")
        .values_list("metric_id", "week_start", "value")
    ):
        raw = value.get("value") if isinstance(value, dict) else None
        found[(metric_id, week)] = None if raw is None else Decimal(raw)
    return {m: [(w, found.get((m, w))) for w in mondays] for m in metric_ids}


def dashboard(*, scope: Scope, language: str | None) -> Dashboard:
    """The dashboard of ``scope``: the stored numbers when the data has not changed since they
    were computed, else computed now (and stored); targets are read live. The pins, the
    stored-numbers lookup and the trend are kept per process under the page's markers (counts
    and highest ids of their insert-or-delete-only tables, one query), so a warm page reads
    them once per change."""
    state = snap.read_state()  # one statement: page markers, data markers, rates
    markers = state.page
    ids = dashboard_ids(markers)
    numbers = dashboard_numbers(scope=scope, ids=ids, markers=markers, state=state)
    quarter = f.quarter_label(scope.day)
    # Targets rows are never changed (a new target is a new row): kept under their marker;
    # the names of who set them are read live (one query, only when there are targets).
    targets = _targets.get_or_make((markers.targets, quarter), lambda: current_targets(quarter))
    names = _setters({t.set_by_id for t in targets.values() if t.set_by_id})
    segment = snap.segment_label(scope)
    until = scope.day - dt.timedelta(days=7)
    trends = _trends.get_or_make(
        (markers.weekly, tuple(ids), until), lambda: trend(ids, until=until)
    )
    cards = []
    for result in numbers.cards:
        definition = d.get(result.metric_id)
        shown = result.error or f.display_value(definition.unit, result.value, language)
        target = targets.get((result.metric_id, segment)) or (
            targets.get((result.metric_id, "")) if not segment else None
        )
        cards.append(
            Card(
                definition,
                result,
                shown,
                target_view(definition, result.value, target, scope, names),
                trends.get(result.metric_id, []),
            )
        )
    summary = "" if numbers.summary is None else f.executive_summary(numbers.summary, language)
    return Dashboard(
        scope=scope,
        cards=cards,
        funnel=numbers.funnel,
        roi_by=numbers.roi_by,
        summary=summary,
        summary_error=numbers.summary_error,
        computed_at=numbers.computed_at,
        snapshot_id=numbers.snapshot_id,
        fingerprint=numbers.fingerprint,
        token=numbers.token,
    )


def _setters(ids: set[int]) -> dict[int, str]:
    from baton.users.selectors import display_names

    return dict(display_names(sorted(ids)))


def dashboard_numbers(
    *,
    scope: Scope,
    ids: list[str],
    markers: snap.PageMarkers | None = None,
    state: snap.State | None = None,
) -> snap.Numbers:
    """The stored numbers of ``scope`` whose data fingerprint is today's (two or three
    queries), else the numbers computed now, which are stored for the next reader."""
    fingerprint = snap.fingerprint(scope, ids, state)
    if markers is None:
        stored = find_snapshot(scope=scope, fingerprint=fingerprint)
    else:
        key = (markers.stored, fingerprint, translation.get_language() or "")
        stored = _found.get_or_make(
            key, lambda: find_snapshot(scope=scope, fingerprint=fingerprint)
        )
    if stored is not None:
        return stored
    from baton.metrics.services import dashboard_snapshot_store  # services read through here

    started = time.perf_counter()
    numbers = compute_numbers(scope=scope, ids=ids)
    numbers.fingerprint = fingerprint
    return dashboard_snapshot_store(
        scope=scope,
        fingerprint=fingerprint,
        numbers=numbers,
        seconds=time.perf_counter() - started,
    )


def find_snapshot(*, scope: Scope, fingerprint: str) -> snap.Numbers | None:
    """The stored numbers of ``scope`` computed from data with this fingerprint: language
    neutral, or holding texts in the active language."""
    row = (
        DashboardSnapshot.objects.filter(
            period=scope.period.label,
            as_of=scope.day,
            segment=snap.segment_label(scope),
            language__in=["", translation.get_language() or ""],
            fingerprint=fingerprint,
        )
        .order_by("language")
        .values_list("pk", "computed_at", "language")
        .first()
    )
    if row is None:
        return None
    pk, computed_at, language = row
    # The same row id, fingerprint and language always hold the same numbers: decoded once per
    # process.
    numbers = _decoded.get_or_make((pk, fingerprint, language), lambda: _load(pk))
    if numbers is None:
        return None
    return replace(numbers, computed_at=computed_at, snapshot_id=pk, fingerprint=fingerprint)


def _load(pk: int) -> snap.Numbers | None:
    payload = DashboardSnapshot.objects.filter(pk=pk).values_list("payload", flat=True).first()
    if not isinstance(payload, dict) or payload.get("format") != snap.FORMAT:
        return None
    return snap.decode(payload)


_decoded: LruCache[snap.Numbers | None] = LruCache(32)
# Per process, under the page markers (see ``dashboard``): never stale, as a marker moves
# with every insert or delete of the table it watches, and those rows are never updated.
_pins: LruCache[list[str]] = LruCache(8)
_found: LruCache[snap.Numbers | None] = LruCache(64)
_targets: LruCache[dict[tuple[str, str], MetricTarget]] = LruCache(8)
_trends: LruCache[dict[str, list[tuple[dt.date, Decimal | None]]]] = LruCache(32)


def compute_numbers(*, scope: Scope, ids: list[str]) -> snap.Numbers:
    """The dashboard's numbers computed live from the records (the cold path)."""
    ctx = Ctx(scope)
    numbers = snap.Numbers(
        cards=[compute_safe(metric_id, scope, ctx) for metric_id in ids],
        funnel=funnel(scope, ctx),
        computed_at=timezone.now(),
    )
    if scope.segment is None:
        for dimension in ("industry", "size_band"):
            try:
                rows = breakdown(d.ROI, scope, dimension, ctx)
            except DomainError as exc:  # a refused ROI (missing rate) shows its reason
                numbers.summary_error = exc.reason
                rows = {}
            numbers.roi_by[dimension] = [(k, v.value) for k, v in rows.items()]
    try:
        numbers.summary = summary_figures(scope=scope, ctx=ctx)
    except DomainError as exc:
        numbers.summary_error = exc.reason
    return numbers


SEGMENT_DIMENSIONS = ("industry", "size_band", "tier", "territory")


def segment_values() -> tuple[list[tuple[str, str]], list[str], list[int]]:
    """What the segment switcher offers: (dimension, value) of the target accounts (50 per
    dimension at most), the deal sources (50 at most) and the ids of the target accounts'
    sales owners."""
    values: list[tuple[str, str]] = []
    for dimension in SEGMENT_DIMENSIONS:
        found = (
            Account.objects.filter(is_target=True)
            .exclude(**{dimension: ""})
            .order_by(dimension)
            .values_list(dimension, flat=True)
            .distinct()[:50]
        )
        values += [(dimension, v) for v in found]
    sources = list(
        Deal.objects.exclude(source="")
        .order_by("source")
        .values_list("source", flat=True)
        .distinct()[:50]
    )
    owners = list(
        Account.objects.filter(is_target=True, sales_owner__isnull=False)
        .order_by("sales_owner_id")
        .values_list("sales_owner_id", flat=True)
        .distinct()
    )
    return values, sources, owners


def summary_figures(*, scope: Scope, ctx: Ctx | None = None) -> f.SummaryFigures:
    """The figures of the executive summary (R-4.7) for the quarter of the scope's day."""
    from baton.metrics.computations import compute

    quarter = Scope(period=f.quarter_of(scope.day), day=scope.day, segment=scope.segment)
    ctx = ctx if ctx is not None and ctx.scope == quarter else Ctx(quarter)
    counts = funnel(quarter, ctx)
    roi = compute(d.ROI, quarter, ctx)
    won = compute(d.WON_DEALS, quarter, ctx)
    return f.SummaryFigures(
        quarter=quarter.period.label,
        targeted=counts["targets"],
        engaged=counts["engaged"],
        in_opportunity=counts["opportunity"],
        signed=int(won.value or 0),
        signed_amount=Decimal(roi.parts.get("revenue") or 0),
        currency=d.REPORTING_CURRENCY,
        roi=roi.value,
    )


def executive_summary(*, scope: Scope, language: str | None, ctx: Ctx | None = None) -> str:
    return f.executive_summary(summary_figures(scope=scope, ctx=ctx), language)


def sheet_rows(*, weeks: int | None = None) -> tuple[list[str], list[list[Any]]]:
    """The seeds' sheet: one row per week, one column per metric (newest snapshot wins)."""
    qs = MetricSnapshot.objects.filter(segment="").order_by("week_start", "computed_at", "id")
    values: dict[dt.date, dict[str, Any]] = {}
    metric_ids: list[str] = []
    for week, metric_id, value in qs.values_list("week_start", "metric_id", "value"):
        values.setdefault(week, {})[metric_id] = (
            value.get("value") if isinstance(value, dict) else None
        )
        if metric_id not in metric_ids:
            metric_ids.append(metric_id)
    ordered = [m for m in d.SHEET_COLUMNS if m in metric_ids]
    ordered += [m for m in metric_ids if m not in ordered]
    weeks_sorted = sorted(values)
    if weeks is not None:
        weeks_sorted = weeks_sorted[-weeks:]
    rows = [[w.isoformat(), *(_number(values[w].get(m)) for m in ordered)] for w in weeks_sorted]
    return ["week", *ordered], rows


def _number(raw: Any) -> Any:
    return None if raw is None else Decimal(str(raw))


def today() -> dt.date:
    return timezone.localdate()


def survey_results(quarter: str) -> list[dict[str, Any]]:
    """Per team: answers and the mean of each question (1 to 5), for ``quarter``."""
    from django.db.models import Avg, Count

    from baton.metrics.models import SurveyResponse, Team

    rows = {
        r["team"]: r
        for r in SurveyResponse.objects.filter(quarter=quarter)
        .order_by()
        .values("team")
        .annotate(
            answers=Count("id"),
            communication=Avg("communication"),
            trust=Avg("trust"),
            other_team=Avg("other_team"),
        )
    }
    out = []
    for code, label in Team.choices:
        row: dict[str, Any] = dict(rows.get(code, {}))
        means = [row.get(k) for k in ("communication", "trust", "other_team")]
        known = [Decimal(str(m)) for m in means if m is not None]
        out.append(
            {
                "team": label,
                "answers": row.get("answers", 0),
                "communication": means[0],
                "trust": means[1],
                "other_team": means[2],
                "score": sum(known) / len(known) if known else None,
            }
        )
    return out


def breakdown_rows(*, scope: Scope, dimension: str) -> tuple[list[str], list[list[Any]]]:
    """The dashboard metrics per value of ``dimension`` (metrics without that breakdown are
    left out), for the CSV/XLSX export."""
    ctx = Ctx(scope)
    ids = [m for m in dashboard_ids() if dimension in d.get(m).segments]
    columns: dict[str, dict[str, MetricValue]] = {
        m: breakdown(m, scope, dimension, ctx) for m in ids
    }
    keys = sorted({k for values in columns.values() for k in values})
    rows = [[key, *(getattr(columns[m].get(key), "value", None) for m in ids)] for key in keys]
    return [dimension, *ids], rows
