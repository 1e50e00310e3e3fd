"""Numbers, money and dates written the way the active language writes them.

French: ``180 000 €``, ``23/11/2026``; English: ``€180,000``, ``11/23/2026``. Django's
localization does the grouping and the date patterns; call these inside
``translation.override(language)``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import formats, timezone, translation
from django.utils.translation import gettext

EMPTY = "\N{EM DASH}"  # an unknown value
EN_DASH = "\N{EN DASH}"  # between the two ends of a range
NBSP = "\u00a0"
CURRENCY_SYMBOLS: dict[str, str] = {"EUR": "€", "USD": "$", "GBP": "£"}


def number(value: int | Decimal | None) -> str:
    """``1200`` → ``1 200`` (fr) / ``1,200`` (en); whole amounts without decimals."""
    if value is None:
        return EMPTY
    places = 0
    if isinstance(value, Decimal) and value != value.to_integral_value():
        places = 2
    return formats.number_format(value, decimal_pos=places, force_grouping=True)


def money(amount: Decimal | None, currency: str) -> str:
    """``180 000 €`` in French, ``€180,000`` in English; ``CHF 1,000`` without a symbol."""
    if amount is None:
        return EMPTY
    figure = number(amount)
    symbol = CURRENCY_SYMBOLS.get(currency)
    if (translation.get_language() or "").startswith("fr"):
        return f"{figure}{NBSP}{symbol or currency}"
    if symbol:
        return f"{symbol}{figure}"
    return f"{currency}{NBSP}{figure}"


def date(value: dt.date | dt.datetime | None) -> str:
    """``23/11/2026`` (fr) / ``11/23/2026`` (en); a datetime is shown on its local day."""
    if value is None:
        return EMPTY
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def datetime(value: dt.datetime | None) -> str:
    """``20/11/2026 10:00`` (fr) / ``11/20/2026 10 a.m.`` (en), in the local time zone."""
    if value is None:
        return EMPTY
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def yes_no(flag: bool) -> str:
    return gettext("yes") if flag else gettext("no")


def text(value: str | None) -> str:
    """A one-line value, or the dash when blank."""
    value = (value or "").strip()
    return value or EMPTY
