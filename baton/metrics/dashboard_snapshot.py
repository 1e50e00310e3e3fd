"""The dashboard's stored numbers: what a :class:`~baton.metrics.models.DashboardSnapshot`
holds, and the fingerprint of the data they were computed from.

**Fingerprint.** One statement of index lookups (plus the few exchange-rate rows, and the survey
answers when the alignment score is on the dashboard), hashed with the scope, the metric ids,
the workspace time zone and this module's format. It changes whenever an input of the numbers
changes:

* interactions are append-only (``MAX(id)``); attaching the backlog of unmatched events to an
  account happens when a domain is added (``MAX(id)`` of the account domains);
* accounts, deals, costs and marketing assets are saved through their services, which bump
  ``updated_at`` (``MAX(id)``, ``MAX(updated_at)``; the asset count, as assets may go);
* a deal's stage change appends a row (``MAX(id)`` of the stage history);
* a handover action that closes a deal or changes an account's status or owner (done with
  ``QuerySet.update``) appends a handover event (``MAX(id)``);
* the active rule set (versions never change once active) and every exchange-rate row;
* only when such a metric is pinned: handovers, deadlines and feedback (alignment metrics), the
  survey answers, the quarterly targets (marketing's commitment).

No product path deletes accounts, deals, costs or interactions. A matching fingerprint means the
stored numbers are those a live computation would give; targets and the 13-week trend are read
live (two small queries).

**Payload.** Language-neutral: metric values and parts (decimals and dates tagged so they come
back with their type), the funnel, the ROI breakdowns and the executive summary's figures. The
only texts are refusal reasons (a missing exchange rate…): a snapshot holding one is kept per
language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Model

from baton.accounts.models import Account, AccountDomain, CostEntry, Deal
from baton.engagement.models import Interaction, MarketingAsset
from baton.handovers.models import Feedback, Handover, HandoverDeadline, HandoverEvent
from baton.metrics import definitions as d
from baton.metrics import formulas as f
from baton.metrics.computations import MetricValue
from baton.metrics.models import (
    DashboardSnapshot,
    DealStageChange,
    ExchangeRate,
    MetricSnapshot,
    MetricTarget,
    PinnedMetric,
    SurveyResponse,
)
from baton.metrics.scope import Scope
from baton.qualification.models import RuleSet, RuleSetStatus

FORMAT = 1  # bump when the payload or the computations change meaning: every row goes stale

HANDOVER_METRICS = frozenset(
    {
        d.ACCEPTANCE,
        d.RESPONSE_TIME,
        d.SLA_SALES,
        d.SLA_MARKETING,
        d.FEEDBACK,
        d.QUALIFIED_DELIVERED,
    }
)


@dataclass
class Numbers:
    """The dashboard's computed part: one value per metric id, the funnel, the ROI breakdowns
    and the figures of the executive summary (or the reasons they are refused)."""

    cards: list[MetricValue]
    funnel: dict[str, int]
    roi_by: dict[str, list[tuple[str, Decimal | None]]] = field(default_factory=dict)
    summary: f.SummaryFigures | None = None
    summary_error: str = ""
    computed_at: dt.datetime | None = None
    snapshot_id: int | None = None
    fingerprint: str = ""
    token: str = ""  # unique to one stored row: names these numbers even if an id came back

    @property
    def has_texts(self) -> bool:
        return bool(self.summary_error) or any(card.error for card in self.cards)


def segment_label(scope: Scope) -> str:
    return "" if scope.segment is None else f"{scope.segment[0]}={scope.segment[1]}"


# == fingerprint ==


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _select(expr: str, model: type[Model], where: str = "") -> str:
    return f"(SELECT {expr} FROM {_table(model)}{where})"  # noqa: S608 (quoted model names, no input)


def _max(model: type[Model], column: str = "id", where: str = "") -> str:
    return _select(f"MAX({_q(column)})", model, where)


def _count(model: type[Model], column: str = "*") -> str:
    return _select("COUNT(*)" if column == "*" else f"COUNT({_q(column)})", model)


def _base_markers() -> list[str]:
    active = f" WHERE {_q('status')} = '{RuleSetStatus.ACTIVE.value}'"
    return [
        _max(Interaction),
        _max(AccountDomain),
        _max(Account),
        _max(Account, "updated_at"),
        _max(Deal),
        _max(Deal, "updated_at"),
        _max(DealStageChange),
        _max(CostEntry),
        _max(CostEntry, "updated_at"),
        _count(MarketingAsset),
        _max(MarketingAsset, "updated_at"),
        _max(HandoverEvent),
        _max(RuleSet, where=active),
        _count(ExchangeRate),
    ]


def _handover_markers() -> list[str]:
    return [
        _max(Handover),
        _max(HandoverDeadline),
        _count(HandoverDeadline, "stopped_at"),
        _max(Feedback),
        _count(Feedback, "submitted_at"),
    ]


def _rates_text() -> str:
    """Every exchange rate as one text (currency|day|rate;…), in a scalar subquery."""
    cur, day, rate = _q("currency"), _q("valid_from"), _q("rate")
    if connection.vendor == "postgresql":
        return (
            f"(SELECT string_agg({cur} || '|' || {day}::text || '|' || {rate}::text, ';' "  # noqa: S608
            f"ORDER BY {cur}, {day}) FROM {_table(ExchangeRate)})"
        )
    return (
        f"(SELECT group_concat(r, ';') FROM (SELECT {cur} || '|' || {day} || '|' || {rate} "  # noqa: S608
        f"AS r FROM {_table(ExchangeRate)} ORDER BY {cur}, {day}))"
    )


# PostgreSQL connections (the driver's) on which the state statement is prepared: planning its
# thirty index lookups costs more than running them (0.8 ms against 0.15 ms, EXPLAIN ANALYZE),
# and it runs on every dashboard read. A prepared statement lives as long as the session (a
# rollback does not remove it), so it is prepared once per connection.
_prepared: weakref.WeakSet[Any] = weakref.WeakSet()
_PREPARED_NAME = "baton_dashboard_state"


def _execute_prepared(cursor: Any, sql: str) -> None:
    """Outside a transaction only (a failed EXECUTE must not abort one); when the prepared
    statement is missing after all (e.g. a pooler in transaction mode moved the session), the
    plain statement runs."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        cursor.execute(sql)
        return
    connection.ensure_connection()
    raw = connection.connection
    try:
        if raw not in _prepared:
            cursor.execute(f"PREPARE {_PREPARED_NAME} AS {sql}")
            _prepared.add(raw)
        cursor.execute(f"EXECUTE {_PREPARED_NAME}")
    except DatabaseError:
        _prepared.discard(raw)
        cursor.execute(sql)


@dataclass(frozen=True)
class State:
    """One statement's reading of everything the dashboard depends on (see ``read_state``)."""

    base: tuple[Any, ...]
    handovers: tuple[Any, ...]
    targets_max: Any
    rates: str
    page: PageMarkers


def read_state() -> State:
    """In one round trip: the page markers, the data markers of every metric and the rates."""
    base, handovers = _base_markers(), _handover_markers()
    page = []
    for model in (PinnedMetric, DashboardSnapshot, MetricSnapshot, MetricTarget):
        page += [_count(model), _max(model)]
    parts = [*page, *base, *handovers, _rates_text()]
    with connection.cursor() as cursor:
        _execute_prepared(cursor, "SELECT " + ", ".join(parts))
        row = list(cursor.fetchone())
    p = [int(v or 0) for v in row[:8]]
    markers = PageMarkers((p[0], p[1]), (p[2], p[3]), (p[4], p[5]), (p[6], p[7]))
    rest = row[8:]
    return State(
        base=tuple(rest[: len(base)]),
        handovers=tuple(rest[len(base) : len(base) + len(handovers)]),
        targets_max=p[7] or None,
        rates=str(rest[-1] or ""),
        page=markers,
    )


@dataclass(frozen=True)
class PageMarkers:
    """Count and highest id of the dashboard page's own tables, whose rows are only ever
    inserted or deleted (never updated): any change moves a marker."""

    pins: tuple[int, int]
    stored: tuple[int, int]  # dashboard snapshots
    weekly: tuple[int, int]  # weekly metric snapshots (the trend)
    targets: tuple[int, int]


def page_markers() -> PageMarkers:
    return read_state().page


def fingerprint(scope: Scope, ids: Sequence[str], state: State | None = None) -> str:
    """The hash of everything the numbers of ``scope`` for the metrics ``ids`` depend on
    (``state``: already read in this request, else read now)."""
    state = state or read_state()
    markers: list[Any] = list(state.base)
    if HANDOVER_METRICS & set(ids):
        markers += state.handovers
    if d.SLA_MARKETING in ids:
        markers.append(state.targets_max)
    survey: list[Any] = []
    if d.ALIGNMENT_SCORE in ids:
        survey = list(
            SurveyResponse.objects.order_by("id").values_list(
                "id", "answered_on", "communication", "trust", "other_team"
            )
        )
    key = [
        FORMAT,
        settings.TIME_ZONE,
        scope.period.label,
        scope.start,
        scope.day,
        segment_label(scope),
        list(ids),
        markers,
        state.rates,
        survey,
    ]
    return hashlib.sha256(repr(key).encode()).hexdigest()


# == payload ==


def _pack(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$d": str(value)}
    if isinstance(value, dt.datetime):
        raise TypeError("a datetime has no place in the dashboard's numbers")
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return {"$f": repr(value)}
    raise TypeError(f"cannot store {type(value).__name__} in a dashboard snapshot")


def _unpack(value: Any) -> Any:
    if isinstance(value, dict):
        if "$d" in value:
            return Decimal(value["$d"])
        if "$date" in value:
            return dt.date.fromisoformat(value["$date"])
        if "$f" in value:
            return float(value["$f"])
    return value


def encode(numbers: Numbers) -> dict[str, Any]:
    """The JSON payload of ``numbers``; ``TypeError`` when a part has a type it cannot hold."""
    summary = None
    if numbers.summary is not None:
        summary = {k: _pack(v) for k, v in asdict(numbers.summary).items()}
    return {
        "format": FORMAT,
        "token": secrets.token_hex(8),
        "cards": [
            {
                "metric": card.metric_id,
                "value": _pack(card.value),
                "parts": {k: _pack(v) for k, v in card.parts.items()},
                "error": card.error,
            }
            for card in numbers.cards
        ],
        "funnel": dict(numbers.funnel),
        "roi_by": {dim: [[k, _pack(v)] for k, v in rows] for dim, rows in numbers.roi_by.items()},
        "summary": summary,
        "summary_error": numbers.summary_error,
    }


def decode(payload: Mapping[str, Any]) -> Numbers:
    summary = None
    if payload.get("summary") is not None:
        summary = f.SummaryFigures(**{k: _unpack(v) for k, v in payload["summary"].items()})
    return Numbers(
        cards=[
            MetricValue(
                card["metric"],
                _unpack(card["value"]),
                {k: _unpack(v) for k, v in card["parts"].items()},
                card["error"],
            )
            for card in payload["cards"]
        ],
        funnel={k: int(v) for k, v in payload["funnel"].items()},
        roi_by={
            dim: [(str(k), _unpack(v)) for k, v in rows] for dim, rows in payload["roi_by"].items()
        },
        summary=summary,
        summary_error=str(payload["summary_error"]),
        token=str(payload["token"]),
    )
