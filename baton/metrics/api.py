"""REST endpoints of the metrics app (mounted under /api/v1/).

Reading needs ``Perm.VIEW`` (leadership included); setting targets needs ``Perm.EDIT_ACCOUNT``
(the marketing and sales leads, admin). Names and definitions are in the caller's language.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone, translation
from ninja import Field, Query, Router, Schema

from baton.core.api import ErrorOut, api_require
from baton.core.errors import DomainError
from baton.core.roles import Perm
from baton.metrics import definitions as d
from baton.metrics import formulas as f
from baton.metrics import selectors, services
from baton.metrics.computations import Ctx, accounts_behind, breakdown, compute_safe, funnel
from baton.metrics.scope import Scope

router = Router(tags=["metrics"])

READ = {401: ErrorOut, 403: ErrorOut}
EDIT_TARGETS = Perm.EDIT_ACCOUNT


class DefinitionOut(Schema):
    id: str
    family: str
    name: str
    definition: str
    formula: str
    sources: list[str]
    unit: str
    direction: str
    params: dict[str, Any]
    benchmark: list[float] | None
    segments: list[str]
    available: bool


class ScopeQuery(Schema):
    period: str = Field("quarter", description="2026-Q3, 2026-07, 2026-W27, a..b, quarter")
    as_of: dt.date | None = Field(None, description="Compute as of this day")
    segment: str | None = Field(
        None, description="dimension (breakdown) or dimension=value (filter)"
    )
    metric: list[str] = Field(default_factory=list, description="Metric ids (default: board)")


class ValueOut(Schema):
    metric: str
    value: str | None
    parts: dict[str, Any]
    error: str | None = None
    by_segment: dict[str, Any] | None = None


class ValuesOut(Schema):
    period: str
    as_of: dt.date
    segment: str | None
    currency: str
    metrics: list[ValueOut]
    funnel: dict[str, int]
    summary: str | None
    summary_error: str | None = None


class AccountOut(Schema):
    id: int
    name: str
    industry: str
    size_band: str
    tier: str


class TargetIn(Schema):
    metric_id: str
    quarter: str = Field(..., examples=["2026-Q3"])
    value: Decimal
    at_risk: Decimal | None = None
    segment: str = ""
    note: str = ""


class TargetOut(Schema):
    id: int
    metric_id: str
    quarter: str
    segment: str
    value: Decimal
    at_risk: Decimal | None
    note: str
    set_by: str | None
    set_at: dt.datetime


def _language(user: Any) -> str:
    return getattr(user, "language", "") or "fr"


def _scope(query: ScopeQuery) -> tuple[Scope, str | None]:
    try:
        period = f.parse_period(query.period, today=timezone.localdate())
    except f.PeriodError as exc:
        raise DomainError(str(exc), field="period") from exc
    dimension, sep, value = (query.segment or "").partition("=")
    scope = Scope.make(period, as_of=query.as_of, segment=(dimension, value) if sep else None)
    if dimension and not sep:
        Scope.make(period, segment=(dimension, ""))  # validates the dimension
        return scope, dimension
    return scope, None


@router.get("/metrics/definitions", response={200: list[DefinitionOut], **READ})
def list_definitions(request: HttpRequest) -> list[DefinitionOut]:
    """Every metric with its definition, formula, data sources, unit and parameters."""
    user = api_require(request, Perm.VIEW)
    language = _language(user)
    return [
        DefinitionOut(
            id=m.id,
            family=m.family.value,
            name=m.name.get(language),
            definition=m.definition.get(language),
            formula=m.formula,
            sources=[s.value for s in m.sources],
            unit=m.unit.value,
            direction=m.direction.value,
            params=dict(m.params),
            benchmark=list(m.benchmark) if m.benchmark else None,
            segments=list(m.segments),
            available=m.available,
        )
        for m in d.METRICS.values()
    ]


@router.get("/metrics/values", response={200: ValuesOut, **READ, 400: ErrorOut})
def metric_values(request: HttpRequest, query: Query[ScopeQuery]) -> ValuesOut:
    """Metric values for a period, as of a day, whole or by segment, with the funnel and the
    executive summary."""
    user = api_require(request, Perm.VIEW)
    scope, dimension = _scope(query)
    ids = query.metric or selectors.dashboard_ids()
    unknown = [m for m in ids if m not in d.METRICS]
    if unknown:
        raise DomainError(f"unknown metric: {', '.join(unknown)}", field="metric")
    ctx = Ctx(scope)
    items = []
    for metric_id in ids:
        data = compute_safe(metric_id, scope, ctx).as_json()
        if dimension and dimension in d.get(metric_id).segments:
            data["by_segment"] = {
                k: v.as_json() for k, v in breakdown(metric_id, scope, dimension, ctx).items()
            }
        items.append(ValueOut(**data))
    with translation.override(_language(user)):
        try:
            summary, error = (
                selectors.executive_summary(scope=scope, language=_language(user)),
                None,
            )
        except DomainError as exc:
            summary, error = None, exc.reason
    return ValuesOut(
        period=scope.period.label,
        as_of=scope.day,
        segment=query.segment,
        currency=d.REPORTING_CURRENCY,
        metrics=items,
        funnel=funnel(scope),
        summary=summary,
        summary_error=error,
    )


@router.get(
    "/metrics/{metric_id}/accounts", response={200: list[AccountOut], **READ, 400: ErrorOut}
)
def metric_accounts(
    request: HttpRequest, metric_id: str, query: Query[ScopeQuery]
) -> list[AccountOut]:
    """The accounts behind a count (engaged, targets, in opportunity, converted, won)."""
    api_require(request, Perm.VIEW)
    scope, _dimension = _scope(query)
    return [
        AccountOut(id=a.pk, name=a.name, industry=a.industry, size_band=a.size_band, tier=a.tier)
        for a in accounts_behind(metric_id, scope)[:5000]
    ]


def _target_out(t: Any) -> TargetOut:
    return TargetOut(
        id=t.pk,
        metric_id=t.metric_id,
        quarter=t.quarter,
        segment=t.segment,
        value=t.value,
        at_risk=t.at_risk,
        note=t.note,
        set_by=t.set_by.email if t.set_by else None,
        set_at=t.set_at,
    )


@router.get("/metrics/targets", response={200: list[TargetOut], **READ})
def list_targets(request: HttpRequest) -> list[TargetOut]:
    """Every target ever set, newest first (the newest of a metric/quarter/segment wins)."""
    api_require(request, Perm.VIEW)
    return [_target_out(t) for t in selectors.target_history()[:1000]]


@router.post("/metrics/targets", response={201: TargetOut, **READ, 400: ErrorOut})
def create_target(request: HttpRequest, payload: TargetIn) -> tuple[int, TargetOut]:
    """Set a quarterly target (marketing and sales leads, admin)."""
    user = api_require(request, EDIT_TARGETS)
    target = services.target_set(actor=user, **payload.model_dump())
    return 201, _target_out(target)


@router.get("/metrics/snapshots", response={200: dict[str, Any], **READ})
def snapshots(request: HttpRequest) -> dict[str, Any]:
    """The weekly snapshot history: one row per week, one column per metric."""
    api_require(request, Perm.VIEW)
    header, rows = selectors.sheet_rows()
    return {
        "columns": header,
        "rows": [[None if v is None else str(v) for v in row] for row in rows],
    }


class WeeklyOut(Schema):
    week: str
    week_start: dt.date
    summary: str
    markdown: str
    sent_at: dt.datetime | None


@router.get("/metrics/weekly/{week}", response={200: WeeklyOut, **READ, 400: ErrorOut})
def weekly_pack(request: HttpRequest, week: str, lang: str = "") -> WeeklyOut:
    """The weekly review pack of an ISO week (``2026-W39``): summary and Markdown, in ``lang``
    (``fr`` or ``en``; default: the caller's language)."""
    from baton.metrics import weekly, weekly_render
    from baton.metrics.models import WeeklyReview

    api_require(request, Perm.VIEW)
    language = lang or translation.get_language() or "fr"
    if language not in weekly_render.LANGUAGES:
        raise DomainError("lang is fr or en", field="lang")
    pack = weekly.build(weekly.parse_week(week), language=language)
    row = WeeklyReview.objects.filter(week_start=pack.week_start).first()
    return WeeklyOut(
        week=pack.label,
        week_start=pack.week_start,
        summary=pack.summary,
        markdown=weekly_render.markdown(pack, language),
        sent_at=row.notified_at if row is not None else None,
    )


@router.get("/metrics/monthly", response={200: dict[str, Any], **READ, 400: ErrorOut})
def monthly_review(request: HttpRequest, month: str = "month") -> dict[str, Any]:
    """The monthly lead review (``month=2026-09``): conversion by segment, disqualification and
    rejection reasons over the last six months."""
    from baton.metrics import monthly

    api_require(request, Perm.VIEW)
    today = timezone.localdate()
    try:
        period = f.parse_period(month, today=today)
    except f.PeriodError as exc:
        raise DomainError(str(exc), field="month") from exc
    if period.kind != f.PeriodKind.MONTH:
        raise DomainError("month is a month such as 2026-09", field="month")
    return monthly.build(period, as_of=min(today, period.end)).as_json()
