"""Reading cell values the way French and international spreadsheets write them.

Each parser takes a cell (text from a CSV, or the native value from an XLSX) and returns the
Python value, or raises ``ValueError`` whose message is the reason shown to the user.

- numbers: ``1 200,50``, ``1 200 000`` (normal, no-break, narrow no-break or thin spaces as
  thousands separators), ``1200.50``, ``1,200.50``, ``1.200,50``; a trailing ``€`` is allowed;
- dates: ``23/11/2026`` (day first, also with ``-`` or ``.``) and ISO ``2026-11-23``;
- date-times: ``23/11/2026 14:05``, ``23/11/2026 14:05:30``, ISO ``2026-11-23T14:05:00+01:00``;
  a time without offset is in the given time zone;
- booleans: oui/non, yes/no, vrai/faux, true/false, 1/0, x (and an empty cell is no value).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

Cell = str | int | float | Decimal | dt.datetime | dt.date | dt.time | bool | None

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DAY_FIRST_TIME = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})[ T]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?$"
)
_TRUE = frozenset({"oui", "o", "yes", "y", "vrai", "true", "1", "x"})
_FALSE = frozenset({"non", "n", "no", "faux", "false", "0"})


def shown(value: Any, limit: int = 60) -> str:
    """The value as quoted in an error message, shortened."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return _('"%(text)s"') % {"text": text}


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Cell) -> str:
    """The cell as text: XLSX numbers lose a spurious ``.0``, dates become ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _number_text(text: str) -> str:
    """Plain ``[-]digits[.digits]`` text, or ``"?"`` when the grouping is wrong."""
    text = _SPACES.sub("", text.strip())
    text = text.removesuffix("€").removesuffix("EUR").strip()
    if "," in text and "." in text:  # the last one is the decimal separator
        decimal, thousands = (",", ".") if text.rfind(",") > text.rfind(".") else (".", ",")
    elif text.count(",") == 1:  # 1200,50
        decimal, thousands = ",", ""
    elif "," in text:  # 1,200,000
        decimal, thousands = "", ","
    elif text.count(".") > 1:  # 1.200.000
        decimal, thousands = "", "."
    else:
        decimal, thousands = ".", ""
    whole, dot, fraction = (
        text.rpartition(decimal)
        if decimal in text and decimal
        else (
            text,
            "",
            "",
        )
    )
    if thousands and thousands in whole:
        if not re.fullmatch(rf"[+-]?\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+", whole):
            return "?"
        whole = whole.replace(thousands, "")
    return f"{whole}.{fraction}" if dot else whole


def parse_decimal(value: Cell) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(
            _("must be a number such as 1 200,50 (got %(value)s)") % {"value": shown(value)}
        )
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = _number_text(as_text(value))
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not re.fullmatch(r"[+-]?\d*\.?\d+", text):
        raise ValueError(
            _("must be a number such as 1 200,50 (got %(value)s)") % {"value": shown(value)}
        )
    return number


def parse_int(value: Cell) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    try:
        number = parse_decimal(value)
    except ValueError:
        number = None
    if number is None or number != number.to_integral_value():
        raise ValueError(_("must be a whole number (got %(value)s)") % {"value": shown(value)})
    return int(number)


def parse_bool(value: Cell) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = as_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(
        _("must be yes or no (oui/non, 1/0) (got %(value)s)") % {"value": shown(value)}
    )


def _date_error(value: Cell) -> ValueError:
    return ValueError(
        _("must be a date such as 23/11/2026 or 2026-11-23 (got %(value)s)")
        % {"value": shown(value)}
    )


def parse_date(value: Cell) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = as_text(value)
    match = _DAY_FIRST.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        raise _date_error(value) from None
    raise _date_error(value)


def parse_datetime(value: Cell, *, tz: dt.tzinfo) -> dt.datetime:
    """An aware datetime; a value without offset is read in ``tz``."""

    def error() -> ValueError:
        return ValueError(
            _(
                "must be a date and time such as 23/11/2026 14:05 or 2026-11-23T14:05 "
                "(got %(value)s)"
            )
            % {"value": shown(value)}
        )

    result: dt.datetime | None = None
    if isinstance(value, dt.datetime):
        result = value
    elif isinstance(value, dt.date):
        result = dt.datetime.combine(value, dt.time.min)
    else:
        text = as_text(value)
        match = _DAY_FIRST_TIME.match(text)
        try:
            if match:
                day, month, year, hour, minute = (int(g) for g in match.groups()[:5])
                second = int(match.group(6) or 0)
                result = dt.datetime(year, month, day, hour, minute, second)  # noqa: DTZ001
            elif re.match(r"^\d{4}-\d{2}-\d{2}", text):
                result = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            else:
                result = dt.datetime.combine(parse_date(text), dt.time.min)
        except ValueError:
            raise error() from None
    if result.tzinfo is None:
        result = result.replace(tzinfo=tz)
    return result


def normalise_word(text: str) -> str:
    """``" Décideur final "`` → ``"decideur_final"``: for headers and choice values."""
    text = unicodedata.normalize("NFKD", text.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")
