"""Importing the target account list: upsert keys, errors, dry run, audit trail."""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook

from baton.accounts.importers import AccountImporter
from baton.accounts.models import Account, AccountContext, AccountDomain
from baton.core.importing.errors import ImportFileError
from baton.core.importing.report import ImportSummary
from baton.core.importing.runner import run_import
from baton.core.models import AuditEvent
from baton.core.spreadsheet import write_xlsx
from baton.users.models import User

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Exact English messages (the French ones are checked in test_import_cli)."""
    with translation.override("en"):
        yield


def run(name: str | Path, actor: User | None = None, **kwargs: object) -> ImportSummary:
    path = name if isinstance(name, Path) else FIXTURES / name
    return run_import(AccountImporter(actor=actor), path, **kwargs)  # type: ignore[arg-type]


def counts() -> tuple[int, int, int, int]:
    return (
        Account.objects.count(),
        AccountDomain.objects.count(),
        AccountContext.objects.count(),
        AuditEvent.objects.count(),
    )


def test_good_csv(make_user: object) -> None:
    actor = make_user("marketing")  # type: ignore[operator]
    AuditEvent.objects.all().delete()
    summary = run("accounts_good.csv", actor=actor)
    assert summary.to_dict() == {
        "created": 3, "updated": 0, "unchanged": 0, "rejected": 0, "errors": []
    }  # fmt: skip
    acme = Account.objects.get(external_id="CRM-001")
    assert acme.name == "Acme Industrie"
    assert acme.primary_domain == "acme-industrie.fr"
    assert sorted(acme.domains.values_list("domain", flat=True)) == [
        "acme-industrie.fr",
        "acme.com",
    ]
    assert (acme.employees, acme.size_band, acme.annual_revenue) == (
        250,
        "201-500",
        Decimal("12500000"),
    )
    assert (acme.country, acme.territory, acme.tier) == ("FR", "Nord", "tier_1")
    assert acme.targeting_reason == "Salon 2026"
    assert acme.is_target is True
    assert acme.targeted_on is not None
    ciel = Account.objects.get(name="Ciel Conseil")
    assert (ciel.external_id, list(ciel.domains.all())) == (None, [])
    assert counts() == (3, 3, 3, 3)
    event = AuditEvent.objects.get(target_id=str(acme.pk))
    assert event.action == "account.created"
    assert event.actor == actor
    assert event.changes["domains"] == [None, ["acme-industrie.fr", "acme.com"]]
    assert event.changes["employees"] == [None, 250]
    assert event.changes["annual_revenue"] == [None, "12500000"]


def test_reimport_same_file_is_all_unchanged() -> None:
    run("accounts_good.csv")
    before = counts()
    summary = run("accounts_good.csv")
    assert (summary.created, summary.updated, summary.unchanged, summary.rejected) == (0, 0, 3, 0)
    assert counts() == before


def test_french_excel_csv() -> None:
    summary = run("accounts_fr_excel.csv")
    assert (summary.created, summary.rejected) == (2, 0)
    etoile = Account.objects.get(name="Étoile Énergie")
    assert (etoile.employees, etoile.annual_revenue, etoile.tier) == (
        1200,
        Decimal("1200000.50"),
        "tier_1",
    )
    assert etoile.industry == "Énergie"
    assert list(etoile.domains.values_list("domain", "is_primary")) == [
        ("etoile-energie.fr", True),
        ("etoile.com", False),
    ]
    durand = Account.objects.get(name="Durand & Fils")
    assert (durand.annual_revenue, durand.tier) == (Decimal("350000"), "tier_2")


def test_bad_values_are_reported_and_the_rest_imported() -> None:
    summary = run("accounts_bad_values.csv")
    assert (summary.created, summary.rejected) == (1, 5)
    assert [e.as_dict() for e in summary.errors] == [
        {"line": 2, "field": "employees", "reason": 'must be a whole number (got "douze")'},
        {"line": 3, "field": "annual_revenue",
         "reason": 'must be a number such as 1 200,50 (got "beaucoup")'},
        {"line": 3, "field": "tier",
         "reason": "must be one of tier_1, tier_2, tier_3 (got 'tier_9')"},
        {"line": 4, "field": "name", "reason": "required, cannot be empty"},
        {"line": 5, "field": "country",
         "reason": 'String should have at most 2 characters (got "France")'},
        {"line": 6, "field": "domain",
         "reason": "'not' is not a web domain (expected e.g. acme.fr) (got \"not a domain\")"},
    ]  # fmt: skip
    assert list(Account.objects.values_list("name", flat=True)) == ["Eole"]


def test_duplicate_rows_in_one_file() -> None:
    summary = run("accounts_duplicates.csv")
    assert (summary.created, summary.updated, summary.unchanged, summary.rejected) == (2, 0, 0, 3)
    assert [str(e) for e in summary.errors] == [
        "line 3, field domain: the domain acme.fr is already on line 2",
        "line 4, field external_id: the external id CRM-1 is already on line 2",
        "line 6, field name: same account as line 5 (no domain or external id to tell them apart)",
    ]
    assert sorted(Account.objects.values_list("name", flat=True)) == ["Acme", "Ciel"]


def test_corrected_file_updates_without_duplicates() -> None:
    run("accounts_v1.csv")
    ciel_id = Account.objects.get(name="Ciel").pk
    summary = run("accounts_v2_corrected.csv")
    assert (summary.created, summary.updated, summary.unchanged, summary.rejected) == (1, 2, 1, 0)
    assert Account.objects.count() == 4
    assert Account.objects.get(external_id="CRM-1").employees == 260
    ciel = Account.objects.get(pk=ciel_id)  # matched by name, domain added
    assert (ciel.tier, ciel.primary_domain) == ("tier_2", "ciel.fr")
    update = AuditEvent.objects.filter(action="account.updated", target_id=str(ciel_id)).get()
    assert update.changes == {"tier": ["tier_3", "tier_2"], "domains": [[], ["ciel.fr"]]}
    again = run("accounts_v2_corrected.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_domain_clash_is_a_row_error() -> None:
    run("accounts_good.csv")
    before = counts()
    summary = run("accounts_clash.csv")
    assert [str(e) for e in summary.errors] == [
        "line 2, field domain: the domain bolt.fr belongs to the account Bolt Logistique "
        "whose external id is CRM-002, not CRM-1",
        "line 3, field domain: the domain bolt.fr is already on line 2",
    ]
    assert counts() == before


def test_domain_of_another_account_than_the_external_id(tmp_path: Path) -> None:
    run("accounts_good.csv")
    rows = [["name", "domain", "external_id"], ["Acme Industrie", "bolt.fr", "CRM-001"]]
    path = tmp_path / "clash.xlsx"
    with path.open("wb") as stream:
        write_xlsx(stream, rows)
    summary = run(path)
    assert [str(e) for e in summary.errors] == [
        "line 2, field domain: the domain bolt.fr belongs to the account Bolt Logistique, "
        "not to Acme Industrie (external id CRM-001)"
    ]


def test_dry_run_changes_nothing_and_predicts_the_real_run() -> None:
    run("accounts_v1.csv")
    before = counts()
    dry = run("accounts_v2_corrected.csv", dry_run=True)
    assert counts() == before
    assert dry.dry_run is True
    real = run("accounts_v2_corrected.csv")
    assert dry.to_dict() == real.to_dict()


def test_formula_cells_are_stored_as_text() -> None:
    summary = run("accounts_formulas.csv")
    assert (summary.created, summary.rejected) == (2, 0)
    evil = Account.objects.get(domains__domain="evil.fr")
    assert evil.name == '=HYPERLINK("http://evil.example","click")'
    assert (evil.industry, evil.targeting_reason) == ("+cmd", "-2+3")
    at = Account.objects.get(domains__domain="sum.fr")
    assert (at.name, at.industry, at.targeting_reason) == ("@SUM(A1)", "=1+1", "@here")


def test_missing_required_column_reads_no_row() -> None:
    with pytest.raises(ImportFileError) as info:
        run("accounts_missing_name.csv")
    assert str(info.value) == "missing required column: name (columns found: firm, domain)"
    assert counts() == (0, 0, 0, 0)


def test_mapping() -> None:
    summary = run("accounts_mapped.csv", mapping={"Nb salariés": "employees"})
    assert summary.to_dict() == {
        "created": 1, "updated": 0, "unchanged": 0, "rejected": 0, "errors": [],
        "ignored_columns": ["Commentaire"],
    }  # fmt: skip
    acme = Account.objects.get()
    assert (acme.name, acme.primary_domain, acme.employees) == ("Acme", "acme.fr", 250)


def test_xlsx(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["name", "domain", "employees", "annual_revenue", "external_id", "targeted_on"])
    sheet.append(["Acme", "acme.fr", 250, 1200.5, 1001, dt.datetime(2026, 1, 15)])
    sheet.append(["Bolt", "bolt.fr", "douze", None, None, None])
    path = tmp_path / "accounts.xlsx"
    workbook.save(path)
    summary = run(path)
    assert summary.created == 1
    assert [str(e) for e in summary.errors] == [
        'line 3, field employees: must be a whole number (got "douze")'
    ]
    acme = Account.objects.get()
    assert (acme.employees, acme.annual_revenue, acme.external_id) == (
        250,
        Decimal("1200.50"),
        "1001",
    )
    assert acme.targeted_on == dt.date(2026, 1, 15)


def test_every_row_counted_once() -> None:
    summary = run("accounts_bad_values.csv")
    assert summary.rows == 6


def test_twenty_thousand_accounts_quickly(tmp_path: Path) -> None:
    buffer = io.StringIO()
    buffer.write("name,domain,employees,annual_revenue,tier,external_id\n")
    for i in range(20_000):
        buffer.write(f"Company {i},co{i}.fr;co{i}.com,{i % 900},{i * 1000},tier_2,EXT-{i}\n")
    path = tmp_path / "big.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    start = time.monotonic()
    summary = run(path)
    elapsed = time.monotonic() - start
    assert (summary.created, summary.rejected) == (20_000, 0)
    assert counts() == (20_000, 40_000, 20_000, 20_000)
    assert elapsed < 60, elapsed
