"""French and ISO values as spreadsheets write them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from baton.core.importing.parsing import (
    as_text,
    normalise_word,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_decimal,
    parse_int,
)

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Exact English messages (the French ones are checked in test_import_cli)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1 200,50", Decimal("1200.50")),
        ("1\u00a0200,50", Decimal("1200.50")),
        ("1\u202f200\u202f000", Decimal("1200000")),
        ("1 200 000", Decimal("1200000")),
        ("1200.50", Decimal("1200.50")),
        ("1,200.50", Decimal("1200.50")),
        ("1.200,50", Decimal("1200.50")),
        ("1,200,000", Decimal("1200000")),
        ("12 500 €", Decimal("12500")),
        ("-3,5", Decimal("-3.5")),
        (1200, Decimal("1200")),
        (1200.5, Decimal("1200.5")),
    ],
)
def test_parse_decimal(raw: object, expected: Decimal) -> None:
    assert parse_decimal(raw) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["beaucoup", "1e5", "12,5,3.1", "NaN", "=1+1"])
def test_parse_decimal_refuses(raw: str) -> None:
    with pytest.raises(ValueError, match="must be a number such as 1 200,50") as info:
        parse_decimal(raw)
    assert str(info.value) == f'must be a number such as 1 200,50 (got "{raw}")'


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12", 12), ("1 200", 1200), ("1\u202f200", 1200), ("12,0", 12), (12.0, 12), (7, 7)],
)
def test_parse_int(raw: object, expected: int) -> None:
    assert parse_int(raw) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["douze", "12,5", "1.5"])
def test_parse_int_refuses(raw: str) -> None:
    with pytest.raises(ValueError, match="must be a whole number") as info:
        parse_int(raw)
    assert str(info.value) == f'must be a whole number (got "{raw}")'


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("23/11/2026", dt.date(2026, 11, 23)),
        ("3/2/2026", dt.date(2026, 2, 3)),
        ("23-11-2026", dt.date(2026, 11, 23)),
        ("23.11.2026", dt.date(2026, 11, 23)),
        ("2026-11-23", dt.date(2026, 11, 23)),
        (dt.datetime(2026, 11, 23, 10, 0), dt.date(2026, 11, 23)),
    ],
)
def test_parse_date(raw: object, expected: dt.date) -> None:
    assert parse_date(raw) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["31/02/2026", "11/23/2026x", "demain", "2026-13-01"])
def test_parse_date_refuses(raw: str) -> None:
    with pytest.raises(ValueError, match="must be a date") as info:
        parse_date(raw)
    assert str(info.value) == f'must be a date such as 23/11/2026 or 2026-11-23 (got "{raw}")'


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("23/11/2026 14:05", dt.datetime(2026, 11, 23, 14, 5, tzinfo=PARIS)),
        ("23/11/2026 14h05", dt.datetime(2026, 11, 23, 14, 5, tzinfo=PARIS)),
        ("23/11/2026 14:05:30", dt.datetime(2026, 11, 23, 14, 5, 30, tzinfo=PARIS)),
        ("2026-11-23T14:05:00+00:00", dt.datetime(2026, 11, 23, 14, 5, tzinfo=dt.UTC)),
        ("2026-11-23T14:05:00Z", dt.datetime(2026, 11, 23, 14, 5, tzinfo=dt.UTC)),
        ("2026-11-23 14:05", dt.datetime(2026, 11, 23, 14, 5, tzinfo=PARIS)),
        ("23/11/2026", dt.datetime(2026, 11, 23, tzinfo=PARIS)),
    ],
)
def test_parse_datetime(raw: str, expected: dt.datetime) -> None:
    value = parse_datetime(raw, tz=PARIS)
    assert value == expected
    assert value.tzinfo is not None


def test_parse_datetime_refuses() -> None:
    with pytest.raises(ValueError, match="must be a date and time") as info:
        parse_datetime("hier soir", tz=PARIS)
    assert str(info.value) == (
        'must be a date and time such as 23/11/2026 14:05 or 2026-11-23T14:05 (got "hier soir")'
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("oui", True), ("Non", False), ("yes", True), ("no", False), ("1", True), ("0", False),
     ("vrai", True), ("FAUX", False), ("x", True), (True, True), (0, False)],
)  # fmt: skip
def test_parse_bool(raw: object, expected: bool) -> None:
    assert parse_bool(raw) is expected  # type: ignore[arg-type]


def test_parse_bool_refuses() -> None:
    with pytest.raises(ValueError, match="must be yes or no") as info:
        parse_bool("peut-être")
    assert str(info.value) == 'must be yes or no (oui/non, 1/0) (got "peut-être")'


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(" Annual Revenue ", "annual_revenue"), ("CA estimé", "ca_estime"),
     ("Décideur final", "decideur_final"), ("E-mail", "e_mail"), ("Nb. salariés", "nb_salaries")],
)  # fmt: skip
def test_normalise_word(raw: str, expected: str) -> None:
    assert normalise_word(raw) == expected


def test_as_text() -> None:
    assert as_text(1001.0) == "1001"
    assert as_text(None) == ""
    assert as_text(dt.date(2026, 11, 23)) == "2026-11-23"
    assert as_text("  a ") == "a"
