"""Matching table: email domain, subdomain, several domains, free mail, unknown domain."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baton.accounts.models import Account, Contact
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


def test_a_contact_stored_with_capitals_is_found_by_its_lower_case_email(
    world: dict[str, int],
) -> None:
    marc = contact(Account.objects.get(pk=world["acme"]), "Marc.Dupont@ACME.fr", "Marc")
    matcher = Matcher(all_domains=True)
    event = _event(email="marc.dupont@acme.fr")
    matcher.load([event])
    assert matcher.match(event).contact_id == marc.pk


def test_a_file_import_asks_only_for_emails_it_has_not_seen(world: dict[str, int]) -> None:
    matcher = Matcher(all_domains=True)
    first = [_event(email="claire@acme.fr"), _event(email="nobody@acme.fr")]
    with CaptureQueriesContext(connection) as queries:
        matcher.load(first)
    assert len(queries) == 2  # the domains (once per import), the two emails
    with CaptureQueriesContext(connection) as queries:
        matcher.load(first)  # both known now, the unknown one included
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        matcher.load([*first, _event(email="paul@gmail.com")])
    assert len(queries) == 1
    assert "'paul@gmail.com'" in queries[0]["sql"]
    assert "claire@acme.fr" not in queries[0]["sql"]
    assert matcher.match(_event(email="paul@gmail.com")).contact_id == world["paul"]


def test_contacts_by_email_search_the_unique_index_not_the_table() -> None:
    """One lookup per import batch: a scan of every contact each time made big imports
    quadratic (500 batches times every contact at 1M events)."""
    sql, params = Contact.with_emails(["claire@acme.fr"]).query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "USING INDEX contact_email_unique" in plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "contact_email_unique" in plan
    assert "Seq Scan" not in plan
    assert "SCAN accounts_contact" not in plan
