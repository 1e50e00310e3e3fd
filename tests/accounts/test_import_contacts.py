"""Importing the buying committee: account found by domain or name, upsert by email."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

from baton.accounts.importers import AccountImporter, ContactImporter
from baton.accounts.models import Account, Contact
from baton.core.importing.report import ImportSummary
from baton.core.importing.runner import run_import
from baton.core.models import AuditEvent

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def run(path: Path, kind: type = ContactImporter) -> ImportSummary:
    return run_import(kind(), path)


@pytest.fixture
def accounts(tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text("name,domain\nAcme,acme.fr\nBolt,\nTwin,twin-a.fr\nTwin,twin-b.fr\n")
    assert run(path, AccountImporter).created == 4


@pytest.mark.usefixtures("accounts")
def test_contacts_file() -> None:
    summary = run(FIXTURES / "contacts_good.csv")
    assert summary.to_dict() == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 2,
        "errors": [
            {
                "line": 4,
                "field": "account_domain",
                "reason": "no account has the domain nowhere.fr (import the accounts first)",
            },
            {
                "line": 5,
                "field": "committee_role",
                "reason": "must be one of decision_maker, champion, influencer, end_user, "
                "blocker, unknown (got 'chef')",
            },
        ],
    }
    claire = Contact.objects.get(email="claire.martin@acme.fr")
    assert claire.account.name == "Acme"  # shop.acme.fr → acme.fr
    assert (claire.committee_role, claire.title) == ("decision_maker", "Directrice achats")
    assert claire.linkedin_url == "https://linkedin.com/in/cmartin"
    paul = Contact.objects.get(first_name="Paul")
    assert (paul.account.name, paul.email, paul.committee_role) == ("Bolt", "", "champion")
    assert AuditEvent.objects.filter(action="contact.created").count() == 2
    again = run(FIXTURES / "contacts_good.csv")
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 2)


@pytest.mark.usefixtures("accounts")
def test_corrected_contacts_update_by_email_and_by_name(tmp_path: Path) -> None:
    first = tmp_path / "v1.csv"
    first.write_text("first_name,last_name,email,title,account_domain\n"
                     "Claire,Martin,claire@acme.fr,DSI,acme.fr\n"
                     "Paul,Durand,,CTO,acme.fr\n")  # fmt: skip
    assert run(first).created == 2
    second = tmp_path / "v2.csv"
    second.write_text("first_name,last_name,email,title,account_domain\n"
                      "Claire,Martin,CLAIRE@acme.fr,DAF,acme.fr\n"
                      "Paul,Durand,paul@acme.fr,CTO,acme.fr\n")  # fmt: skip
    summary = run(second)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 0)
    assert sorted(Contact.objects.values_list("first_name", "email", "title")) == [
        ("Claire", "claire@acme.fr", "DAF"),
        ("Paul", "paul@acme.fr", "CTO"),
    ]


@pytest.mark.usefixtures("accounts")
def test_contact_row_errors(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("first_name,email,account_domain,account_name\n"
                    "Ann,ann@acme.fr,,Twin\n"
                    "Bob,bob@acme.fr,not a domain,\n"
                    ",x@acme.fr,acme.fr,\n"
                    "Cy,cy@acme.fr,,\n"
                    "Di,not-an-email,acme.fr,\n"
                    "Ed,ed@acme.fr,acme.fr,\n"
                    "Ed2,ed@acme.fr,acme.fr,\n")  # fmt: skip
    summary = run(path)
    assert summary.created == 1
    assert [str(e) for e in summary.errors] == [
        "line 2, field account_name: several accounts are named Twin; give account_domain instead",
        "line 3, field account_domain: 'not a domain' is not a web domain (expected e.g. acme.fr)",
        "line 4, field first_name: required, cannot be empty",
        "line 5, field account_domain: required, cannot be empty",
        "line 6, field email: value is not a valid email address: An email address must have "
        'an @-sign. (got "not-an-email")',
        "line 8, field email: the email ed@acme.fr is already on line 7",
    ]


@pytest.mark.usefixtures("accounts")
def test_person_on_another_account_is_not_moved(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("first_name,email,account_domain\nAnn,ann@acme.fr,acme.fr\n")
    run(path)
    path.write_text("first_name,email,account_domain\nAnn,ann@acme.fr,twin-a.fr\n")
    summary = run(path)
    assert [str(e) for e in summary.errors] == [
        "line 2, field account_domain: Ann is already on the account Acme"
    ]
    assert Contact.objects.get().account == Account.objects.get(name="Acme")
