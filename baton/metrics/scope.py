"""What a computation is about (period, as-of day, segment) and the SQL helpers it shares:
money in the reporting currency, days between two dates, segment paths, back-dated records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, F, Func, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from baton.accounts.models import Account, AccountStatus, CostEntry, Deal
from baton.core.errors import DomainError
from baton.engagement.models import Interaction
from baton.metrics import definitions as d
from baton.metrics.formulas import Period
from baton.metrics.models import ExchangeRate

TOTAL = "*"  # the key of the whole population in grouped results
MONEY = DecimalField(max_digits=28, decimal_places=6)
CENT = Decimal("0.01")

# Where each segment dimension lives, seen from an account and from a deal. The owner of an
# account is its sales owner; the owner of a deal is the deal's owner. "source" is the deal's.
ACCOUNT_PATHS: dict[str, str] = {
    "industry": "industry",
    "size_band": "size_band",
    "tier": "tier",
    "territory": "territory",
    "owner": "sales_owner_id",
}
DEAL_PATHS: dict[str, str] = {
    "industry": "account__industry",
    "size_band": "account__size_band",
    "tier": "account__tier",
    "territory": "account__territory",
    "owner": "owner_id",
    "source": "source",
}
# Seen from a handover (and from its deadlines and feedback, through "handover__"): the
# account's dimensions; the owner is the handover's sales rep.
HANDOVER_PATHS: dict[str, str] = {
    "industry": "account__industry",
    "size_band": "account__size_band",
    "tier": "account__tier",
    "territory": "account__territory",
    "owner": "rep_id",
}


class MissingRateError(DomainError):
    """Amounts in a currency without an exchange rate: the computation is refused."""

    def __init__(self, missing: dict[str, int], on: dt.date) -> None:
        listed = ", ".join(f"{cur} ({n})" for cur, n in sorted(missing.items()))
        super().__init__(
            _(
                "amounts in %(currencies)s have no exchange rate to %(reporting)s valid on "
                "%(day)s: add one (Exchange rates) or convert them"
            )
            % {"currencies": listed, "reporting": d.REPORTING_CURRENCY, "day": day_text(on)},
            field="currency",
        )
        self.missing = missing


def day_text(day: dt.date) -> str:
    return day.isoformat()


class SegmentError(DomainError):
    pass


@dataclass(frozen=True)
class Scope:
    """A period, the as-of day ``day`` (never after the period's end) and an optional
    segment ``(dimension, value)``."""

    period: Period
    day: dt.date
    segment: tuple[str, str] | None = None

    @classmethod
    def make(
        cls,
        period: Period,
        *,
        as_of: dt.date | None = None,
        segment: tuple[str, str] | None = None,
    ) -> Scope:
        today = timezone.localdate()
        day = min(as_of or today, period.end)
        if segment is not None and segment[0] not in d.SEGMENTS:
            raise SegmentError(
                _("unknown segment %(name)s (one of: %(names)s)")
                % {"name": segment[0], "names": ", ".join(d.SEGMENTS)},
                field="segment",
            )
        return cls(period=period, day=day, segment=segment)

    @property
    def start(self) -> dt.date:
        return self.period.start

    @property
    def end_dt(self) -> dt.datetime:
        """The first instant after the as-of day (local midnight of the next day)."""
        return local_midnight(self.day + dt.timedelta(days=1))


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def segment_key(value: Any) -> str:
    return "" if value is None else str(value)


def segment_q(path: str, value: str) -> Q:
    """Rows whose ``path`` has the segment value ``value`` (``""``: blank or missing)."""
    if value:
        return Q(**{path: value})
    blank = Q(**{f"{path}__isnull": True})
    return blank if path.endswith("_id") else blank | Q(**{path: ""})


def path_for(dimension: str, *, on: str) -> str:
    paths = {"account": ACCOUNT_PATHS, "handover": HANDOVER_PATHS}.get(on, DEAL_PATHS)
    if dimension not in paths:
        raise SegmentError(
            _("this metric has no breakdown by %(name)s") % {"name": dimension}, field="segment"
        )
    return paths[dimension]


class DaysBetween(Func):
    """Whole days from ``start`` to ``end`` (two dates), the same on SQLite and PostgreSQL."""

    arity = 2
    output_field = DecimalField(max_digits=12, decimal_places=2)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="((%(expressions)s))::numeric",
            arg_joiner=")::date - (",
            **extra,
        )


# == money ==


def rates_on(day: dt.date) -> dict[str, Decimal]:
    """The exchange rate of each currency valid on ``day`` (the newest ``valid_from`` ≤ day)."""
    out: dict[str, Decimal] = {d.REPORTING_CURRENCY: Decimal(1)}
    for currency, rate in (
        ExchangeRate.objects.filter(valid_from__lte=day)
        .order_by("currency", "-valid_from")
        .values_list("currency", "rate")
    ):
        out.setdefault(currency, rate)
    return out


def check_currencies(qs: QuerySet[Any], rates: dict[str, Decimal], day: dt.date) -> None:
    """Refuse ``qs`` when some of its amounts are in a currency without a rate."""
    missing = dict(
        qs.exclude(currency__in=list(rates))
        .order_by()
        .values("currency")
        .annotate(n=Count("id"))
        .values_list("currency", "n")
    )
    if missing:
        raise MissingRateError(missing, day)


def in_reporting(rates: dict[str, Decimal], field: str = "amount") -> Case:
    """``field`` converted to the reporting currency (the rates cover every currency)."""
    whens = [
        When(currency=cur, then=F(field) * Value(rate, output_field=MONEY))
        for cur, rate in rates.items()
        if cur != d.REPORTING_CURRENCY
    ]
    return Case(*whens, default=F(field), output_field=MONEY)


def money_sum(rates: dict[str, Decimal], field: str = "amount", **extra: Any) -> Coalesce:
    return Coalesce(Sum(in_reporting(rates, field), **extra), Value(Decimal(0)), output_field=MONEY)


def cents(value: Decimal | float | int | None) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


# == populations ==


def targets(scope: Scope) -> QuerySet[Account]:
    """Target accounts on the list on the as-of day (archived ones left out)."""
    return (
        Account.objects.filter(is_target=True)
        .exclude(status=AccountStatus.ARCHIVED)
        .filter(
            Q(targeted_on__lte=scope.day) | Q(targeted_on__isnull=True, created_at__lt=scope.end_dt)
        )
    )


def deals_known(scope: Scope) -> QuerySet[Deal]:
    return Deal.objects.filter(created_on__lte=scope.day)


def won_in_period(scope: Scope) -> QuerySet[Deal]:
    return Deal.objects.filter(status="won", closed_on__gte=scope.start, closed_on__lte=scope.day)


def lost_in_period(scope: Scope) -> QuerySet[Deal]:
    return Deal.objects.filter(status="lost", closed_on__gte=scope.start, closed_on__lte=scope.day)


def open_on(scope: Scope) -> Q:
    """Deals open on the as-of day: created by then and not closed by then."""
    return Q(created_on__lte=scope.day) & (Q(status="open") | Q(closed_on__gt=scope.day))


def created_in_period(scope: Scope) -> QuerySet[Deal]:
    return Deal.objects.filter(created_on__gte=scope.start, created_on__lte=scope.day)


def costs_in_period(scope: Scope) -> QuerySet[CostEntry]:
    return CostEntry.objects.filter(incurred_on__gte=scope.start, incurred_on__lte=scope.day)


# == back-dated records ==


def backdated(scope: Scope) -> dict[str, int]:
    """Records dated on or before the as-of day but recorded after it, by source (three
    queries; none when the as-of day is today or later)."""
    if scope.day >= timezone.localdate():
        return {"deals": 0, "costs": 0, "interactions": 0}
    after = scope.end_dt
    deals = Deal.objects.filter(
        Q(created_on__lte=scope.day, created_at__gte=after)
        | Q(closed_on__lte=scope.day, updated_at__gte=after)
    ).count()
    costs = CostEntry.objects.filter(incurred_on__lte=scope.day, created_at__gte=after).count()
    interactions = Interaction.objects.filter(occurred_at__lt=after, received_at__gte=after).count()
    return {"deals": deals, "costs": costs, "interactions": interactions}
