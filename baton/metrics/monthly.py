"""The monthly lead review (R-4.8), as data: conversion by segment for the month, and the
disqualification reasons (the handovers app's taxonomy) and rejection reasons counted per month
over the last six months, from the handover audit rows (``HandoverEvent`` ``disqualify`` with
``data.reason_code``, ``reject`` with its free-text reason). As of a day: events after it and
conversions decided after it do not count. A bounded number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import TruncMonth
from django.utils import timezone

from baton.handovers.models import DisqualifyReason, HandoverEvent
from baton.metrics import definitions as d
from baton.metrics import formulas as f
from baton.metrics.computations import Ctx, breakdown
from baton.metrics.scope import Scope, local_midnight

TREND_MONTHS = 6
CONVERSION_DIMENSIONS = ("industry", "size_band", "tier")


@dataclass(frozen=True)
class ConversionRow:
    dimension: str
    key: str
    converted: int
    population: int
    value: Decimal | None


@dataclass(frozen=True)
class ReasonRow:
    reason: str  # a taxonomy code, or a rejection text
    label: str
    counts: tuple[int, ...]  # one per month of ``Monthly.months``, oldest first

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class Monthly:
    month: f.Period
    as_of: dt.date
    months: list[str] = field(default_factory=list)  # 2026-04 … 2026-09
    conversion: list[ConversionRow] = field(default_factory=list)
    by_source: list[ConversionRow] = field(default_factory=list)
    disqualified: list[ReasonRow] = field(default_factory=list)
    rejected: list[ReasonRow] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        def conv(rows: list[ConversionRow]) -> list[dict[str, Any]]:
            return [
                {
                    "dimension": r.dimension,
                    "segment": r.key,
                    "converted": r.converted,
                    "population": r.population,
                    "value": None if r.value is None else str(r.value),
                }
                for r in rows
            ]

        def reasons(rows: list[ReasonRow]) -> list[dict[str, Any]]:
            return [
                {"reason": r.reason, "label": r.label, "counts": list(r.counts), "total": r.total}
                for r in rows
            ]

        return {
            "month": self.month.label,
            "as_of": self.as_of.isoformat(),
            "months": self.months,
            "conversion": conv(self.conversion),
            "conversion_by_source": conv(self.by_source),
            "disqualification_reasons": reasons(self.disqualified),
            "rejection_reasons": reasons(self.rejected),
        }


def month_starts(month: f.Period, count: int = TREND_MONTHS) -> list[dt.date]:
    out = [month.start]
    while len(out) < count:
        first = out[0] - dt.timedelta(days=1)
        out.insert(0, first.replace(day=1))
    return out


def build(month: f.Period, *, as_of: dt.date) -> Monthly:
    day = min(as_of, month.end)
    scope = Scope(period=month, day=day)
    ctx = Ctx(scope)
    review = Monthly(month=month, as_of=day)
    for dimension in CONVERSION_DIMENSIONS:
        for key, value in breakdown(d.CONVERSION, scope, dimension, ctx).items():
            review.conversion.append(
                ConversionRow(
                    dimension,
                    key,
                    int(value.parts.get("converted") or 0),
                    int(value.parts.get("targets") or 0),
                    value.value,
                )
            )
    for key, value in breakdown(d.CONVERSION_BY_SOURCE, scope, "source", ctx).items():
        review.by_source.append(
            ConversionRow(
                "source",
                key,
                int(value.parts.get("won") or 0),
                int(value.parts.get("created") or 0),
                value.value,
            )
        )
    starts = month_starts(month)
    review.months = [f"{m:%Y-%m}" for m in starts]
    review.disqualified, review.rejected = _reasons(starts, scope)
    return review


def _reasons(starts: list[dt.date], scope: Scope) -> tuple[list[ReasonRow], list[ReasonRow]]:
    labels = [f"{m:%Y-%m}" for m in starts]
    rows = (
        HandoverEvent.objects.filter(
            action__in=("disqualify", "reject"),
            at__gte=local_midnight(starts[0]),
            at__lt=scope.end_dt,
        )
        .annotate(
            month=TruncMonth("at", tzinfo=timezone.get_current_timezone()),
            code=KeyTextTransform("reason_code", "data"),
        )
        .order_by()
        .values("action", "month", "code", "reason")
        .annotate(n=Count("id"))
        .order_by("month", "action", "code", "reason")
    )
    disq: dict[str, list[int]] = {}
    rej: dict[str, list[int]] = {}
    shown: dict[str, str] = {}
    for row in rows:
        month = row["month"]
        label = f"{month:%Y-%m}"
        if label not in labels:
            continue
        i = labels.index(label)
        if row["action"] == "disqualify":
            code = row["code"] or DisqualifyReason.OTHER.value
            disq.setdefault(code, [0] * len(labels))[i] += row["n"]
        else:
            text = " ".join((row["reason"] or "").split())
            key = text.casefold()
            shown.setdefault(key, text)
            rej.setdefault(key, [0] * len(labels))[i] += row["n"]
    choices = dict(DisqualifyReason.choices)
    disqualified = [
        ReasonRow(code, str(choices.get(code, code)), tuple(counts))
        for code, counts in disq.items()
    ]
    rejected = [ReasonRow(key, shown[key], tuple(counts)) for key, counts in rej.items()]
    return sorted(disqualified, key=_order), sorted(rejected, key=_order)


def _order(row: ReasonRow) -> tuple[int, str]:
    return (-row.total, row.label.casefold())
