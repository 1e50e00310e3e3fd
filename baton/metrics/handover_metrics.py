"""The alignment metrics computed from the handovers app (R-4.2): acceptance rate, response
time, SLA compliance of sales and of marketing, feedback completion, qualified accounts handed
over. Each is one or two grouped statements, as of the scope's day:

* a handover is **accepted** on ``accepted_at`` and **rejected** on ``closed_at`` (stage
  ``rejected``; a rejection only ever follows a proposal);
* the **response time** runs from ``accepted_at`` (when the SLA clock starts) to
  ``first_contact_at``, over the first contacts logged in the period;
* a sales **deadline** (``briefing``, ``first_contact``) counts in the period it falls due. It is
  met when the briefing was confirmed (a ``confirm_briefing`` event) or the first contact logged
  at or before ``due_at``; it is cancelled — and left out — when its timer was stopped before it
  fell due without being met (the handover closed);
* a **feedback** request counts in the period it was requested; it is given when
  ``submitted_at`` is before the end of the as-of day.

Segments are the account's dimensions; ``owner`` is the handover's sales rep.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from baton.handovers.deadlines import BRIEFING, FIRST_CONTACT
from baton.handovers.models import Feedback, Handover, HandoverDeadline, HandoverEvent, Stage
from baton.metrics import definitions as d
from baton.metrics import formulas as f
from baton.metrics.computations import Ctx, Grouped, _group
from baton.metrics.models import MetricTarget
from baton.metrics.scope import TOTAL, local_midnight, path_for, segment_key

HOURS = Decimal(3600)
CONFIRM_BRIEFING = "confirm_briefing"


def _path(dim: str | None, prefix: str = "") -> str | None:
    return None if dim is None else prefix + path_for(dim, on="handover")


def _bounds(ctx: Ctx) -> tuple[Any, Any]:
    return local_midnight(ctx.scope.start), ctx.scope.end_dt


def acceptance(ctx: Ctx, dim: str | None) -> Grouped:
    start, end = _bounds(ctx)
    accepted = Q(accepted_at__gte=start, accepted_at__lt=end)
    rejected = Q(stage=Stage.REJECTED, closed_at__gte=start, closed_at__lt=end)
    return _group(
        Handover.objects.filter(accepted | rejected),
        _path(dim),
        accepted=Count("id", filter=accepted),
        rejected=Count("id", filter=rejected),
    )


def response_time(ctx: Ctx, dim: str | None) -> Grouped:
    """Hours per handover, fetched in one statement; the percentiles are taken in Python (the
    same interpolation as PostgreSQL's ``percentile_cont``)."""
    start, end = _bounds(ctx)
    qs = Handover.objects.filter(
        accepted_at__isnull=False, first_contact_at__gte=start, first_contact_at__lt=end
    )
    path = _path(dim)
    hours: dict[str, list[float]] = defaultdict(list)
    fields = ["accepted_at", "first_contact_at"] + ([path] if path else [])
    for row in qs.order_by().values_list(*fields):
        key = TOTAL if path is None else segment_key(row[2])
        hours[key].append((row[1] - row[0]).total_seconds() / 3600)
    out: Grouped = {}
    for key, values in hours.items():
        out[key] = {
            "contacted": len(values),
            "median_hours": _hours(f.percentile(values, 50)),
            "p90_hours": _hours(f.percentile(values, 90)),
        }
    return out or {TOTAL: {"contacted": 0}}


def _hours(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 1)))


def sla_sales(ctx: Ctx, dim: str | None) -> Grouped:
    start, end = _bounds(ctx)
    briefed = Exists(
        HandoverEvent.objects.filter(
            handover=OuterRef("handover"), action=CONFIRM_BRIEFING, at__lte=OuterRef("due_at")
        )
    )
    met = Q(kind=BRIEFING, briefed_on_time=True) | Q(
        kind=FIRST_CONTACT, handover__first_contact_at__lte=F("due_at")
    )
    cancelled = Q(stopped_at__isnull=False, stopped_at__lte=F("due_at")) & ~met
    qs = (
        HandoverDeadline.objects.filter(
            kind__in=(BRIEFING, FIRST_CONTACT), due_at__gte=start, due_at__lt=end
        )
        .annotate(briefed_on_time=briefed)
        .exclude(cancelled)
    )
    return _group(
        qs,
        _path(dim, "handover__"),
        due=Count("id"),
        met=Count("id", filter=met),
        briefing_due=Count("id", filter=Q(kind=BRIEFING)),
        briefing_met=Count("id", filter=Q(kind=BRIEFING, briefed_on_time=True)),
        contact_due=Count("id", filter=Q(kind=FIRST_CONTACT)),
        contact_met=Count(
            "id", filter=Q(kind=FIRST_CONTACT, handover__first_contact_at__lte=F("due_at"))
        ),
    )


def feedback(ctx: Ctx, dim: str | None) -> Grouped:
    start, end = _bounds(ctx)
    given = Q(submitted_at__lt=end)
    return _group(
        Feedback.objects.filter(requested_at__gte=start, requested_at__lt=end),
        _path(dim, "handover__"),
        requested=Count("id"),
        given=Count("id", filter=given),
        d14_requested=Count("id", filter=Q(checkpoint=14)),
        d14_given=Count("id", filter=given & Q(checkpoint=14)),
        d30_requested=Count("id", filter=Q(checkpoint=30)),
        d30_given=Count("id", filter=given & Q(checkpoint=30)),
    )


def _proposed(ctx: Ctx) -> QuerySet[Handover]:
    start, end = _bounds(ctx)
    return Handover.objects.filter(proposed_at__gte=start, proposed_at__lt=end)


def delivered(ctx: Ctx, dim: str | None) -> Grouped:
    return _group(_proposed(ctx), _path(dim), proposed=Count("id"))


def commitments(ctx: Ctx, dim: str | None) -> dict[str, Decimal]:
    """Marketing's commitment over the scope: the newest quarterly target of "qualified accounts
    handed over" (for the quarter of the as-of day), times the share of the quarter's days that
    ``[start, D]`` covers. Per segment value when ``dim`` is given (targets ``dim=value``)."""
    quarter = f.quarter_of(ctx.scope.day)
    days = Decimal((ctx.scope.day - ctx.scope.start).days + 1)
    share = days / Decimal(quarter.days)
    prefix = "" if dim is None else f"{dim}="
    out: dict[str, Decimal] = {}
    for segment, value in (
        MetricTarget.objects.filter(metric_id=d.QUALIFIED_DELIVERED, quarter=quarter.label)
        .order_by("-set_at", "-id")
        .values_list("segment", "value")
    ):
        if dim is None and segment == "":
            out.setdefault(TOTAL, value * share)
        elif dim is not None and segment.startswith(prefix):
            out.setdefault(segment[len(prefix) :], value * share)
    return out


def sla_marketing(ctx: Ctx, dim: str | None) -> Grouped:
    end = ctx.scope.end_dt
    decided_by_d = Q(accepted_at__lt=end) | Q(stage=Stage.REJECTED, closed_at__lt=end)
    grouped = _group(
        _proposed(ctx),
        _path(dim),
        proposed=Count("id"),
        accepted=Count("id", filter=Q(accepted_at__lt=end)),
        decided=Count("id", filter=decided_by_d),
    )
    for key, commitment in commitments(ctx, dim).items():
        grouped.setdefault(key, {"proposed": 0, "accepted": 0, "decided": 0})
        grouped[key]["commitment"] = commitment.quantize(Decimal("0.01"))
    return grouped
