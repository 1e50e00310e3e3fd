"""Matching table: email domain, subdomain, several domains, free mail, unknown domain."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baton.engagement.matching import Matcher
from baton.engagement.schemas import InteractionIn
from tests.engagement.conftest import account, contact

pytestmark = pytest.mark.django_db


def _event(**fields: object) -> InteractionIn:
    base = {"external_id": "x", "type": "email_open", "occurred_at": "2026-03-02T10:00:00Z"}
    return InteractionIn.model_validate({**base, **fields})


@pytest.fixture
def world() -> dict[str, int]:
    acme = account("Acme", "acme.fr", "acme.com")
    bolt = account("Bolt", "bolt.io", "eu.shop.acme.fr")
    person = contact(acme, "paul@gmail.com", "Paul")
    claire = contact(acme, "claire@acme.fr")
    return {"acme": acme.pk, "bolt": bolt.pk, "paul": person.pk, "claire": claire.pk}


CASES = [
    # fields, account, contact, stored domain, free mail
    ({"email": "claire@acme.fr"}, "acme", "claire", "acme.fr", False),
    ({"email": "CLAIRE@Acme.FR"}, "acme", "claire", "acme.fr", False),
    ({"email": "jo@acme.com"}, "acme", None, "acme.com", False),  # second domain
    ({"domain": "www.acme.com"}, "acme", None, "acme.com", False),
    ({"domain": "shop.acme.fr"}, "acme", None, "shop.acme.fr", False),  # subdomain
    ({"domain": "eu.shop.acme.fr"}, "bolt", None, "eu.shop.acme.fr", False),  # most specific
    ({"domain": "x.eu.shop.acme.fr"}, "bolt", None, "x.eu.shop.acme.fr", False),
    ({"email": "anna@gmail.com"}, None, None, "gmail.com", True),  # free mail: never a company
    ({"email": "paul@gmail.com"}, "acme", "paul", "gmail.com", True),  # known person
    ({"email": "anna@gmail.com", "domain": "bolt.io"}, "bolt", None, "bolt.io", False),
    ({"domain": "unknown.example"}, None, None, "unknown.example", False),
    ({"email": "x@unknown.example"}, None, None, "unknown.example", False),
    ({"email": "claire@acme.fr", "domain": "bolt.io"}, "bolt", None, "bolt.io", False),
    ({"email": "z@other.fr", "domain": "unknown.example"}, None, None, "unknown.example", False),
]


@pytest.mark.parametrize("case", CASES)
def test_matching_table(world: dict[str, int], case: tuple[Any, ...]) -> None:
    fields, acc, person, domain, free = case
    for matcher in (Matcher(), Matcher(all_domains=True)):
        event = _event(**fields)
        matcher.load([event])
        match = matcher.match(event)
        assert match.account_id == (world[acc] if acc else None)
        assert match.contact_id == (world[person] if person else None)
        assert match.domain == domain
        assert match.free_mail is free


def test_a_batch_is_matched_with_two_queries(world: dict[str, int]) -> None:
    events = [_event(email=f"p{i}@acme.fr", domain=f"s{i}.acme.com") for i in range(300)]
    matcher = Matcher()
    with CaptureQueriesContext(connection) as queries:
        matcher.load(events)
        matches = [matcher.match(e) for e in events]
    assert len(queries) == 2
    assert {m.account_id for m in matches} == {world["acme"]}
