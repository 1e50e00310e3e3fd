"""InteractionIn: the one validation of the three doors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from pydantic import ValidationError

from baton.engagement.schemas import InteractionIn

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


BASE = {"external_id": "e1", "type": "web_visit", "occurred_at": "2026-03-02T10:00:00+00:00"}


def _in(**fields: object) -> InteractionIn:
    return InteractionIn.model_validate({**BASE, "domain": "acme.fr", **fields})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-02T10:00:00+00:00", dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)),
        ("2026-03-02T10:00:00Z", dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)),
        ("2026-03-02 10:00", dt.datetime(2026, 3, 2, 10, tzinfo=PARIS)),
        ("02/03/2026 10:00", dt.datetime(2026, 3, 2, 10, tzinfo=PARIS)),
        ("02/03/2026 10h00", dt.datetime(2026, 3, 2, 10, tzinfo=PARIS)),
        ("02.03.2026", dt.datetime(2026, 3, 2, 0, tzinfo=PARIS)),
        ("2026-03-02", dt.datetime(2026, 3, 2, 0, tzinfo=PARIS)),
    ],
)
def test_dates_iso_and_french_day_first_naive_in_workspace_zone(
    value: str, expected: object
) -> None:
    assert _in(occurred_at=value).occurred_at == expected


def test_naive_datetime_object_gets_the_workspace_zone() -> None:
    event = _in(occurred_at=dt.datetime(2026, 3, 2, 10))
    assert event.occurred_at == dt.datetime(2026, 3, 2, 10, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("fields", "loc", "message"),
    [
        ({"type": "visit"}, "type", "must be one of web_visit, email_sent"),
        ({"occurred_at": "31/02/2026"}, "occurred_at", "must be a date and time"),
        ({"occurred_at": "yesterday"}, "occurred_at", "must be a date and time"),
        ({"domain": "not a domain"}, "domain", "is not a web domain"),
        ({"email": "claire@", "domain": None}, "email", "must be an email address"),
        ({"email": "=HYPERLINK(1)", "domain": None}, "email", "must be an email address"),
        ({"page_category": "pricey"}, "page_category", "must be one of pricing"),
        ({"external_id": ""}, "external_id", "at least 1 character"),
        ({"domain": None}, "", "give an email or a company domain"),
        ({"colour": "red"}, "colour", "Extra inputs are not permitted"),
    ],
)
def test_invalid_events_name_the_field(fields: dict[str, object], loc: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _in(**fields)
    errors = caught.value.errors()
    assert len(errors) == 1
    assert ".".join(str(p) for p in errors[0]["loc"]) == loc
    assert message in errors[0]["msg"]


def test_normalisations() -> None:
    event = _in(
        type=" Web Visit ",
        domain="https://www.Acme.fr/pricing",
        contact_email="Claire@ACME.fr",
        page_category="Tarifs",
        asset="Livre-Blanc",
    )
    assert (event.type, event.domain, event.email, event.page_category, event.asset) == (
        "web_visit",
        "acme.fr",
        "claire@acme.fr",
        "pricing",
        "livre-blanc",
    )


@pytest.mark.parametrize(
    ("url", "category"),
    [
        ("https://www.baton.fr/tarifs", "pricing"),
        ("https://www.baton.fr/fr/etude-de-cas/acme", "case_study"),
        ("/contact", "contact"),
        ("https://www.baton.fr/blog/abm", "blog"),
        ("https://www.baton.fr/produit", "product"),
        ("https://www.baton.fr/", "other"),
    ],
)
def test_page_category_from_the_address_of_a_web_visit(url: str, category: str) -> None:
    assert _in(page_url=url).page_category == category


def test_page_category_given_wins_and_other_types_are_left_alone() -> None:
    assert _in(page_url="/tarifs", page_category="blog").page_category == "blog"
    assert _in(type="email_open", page_url="/tarifs").page_category is None
