"""Deals and costs import: stages in EN/FR, account matching, unmatched rows, upsert, costs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from baton.accounts.models import Account, AccountDomain, CostEntry, Deal
from baton.core.importing.runner import run_import
from baton.metrics.importers import CostImporter, DealImporter
from baton.metrics.models import DealStageChange

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def acme() -> Account:
    account = Account.objects.create(name="Acme Industrie", external_id="CRM-1")
    AccountDomain.objects.create(account=account, domain="acme.fr", is_primary=True)
    Account.objects.create(name="Bolt")
    return account


def write(tmp_path: Path, text: str, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


DEALS = """Deal ID;Nom;Montant;Devise;Étape;Date de création;Date de clôture;Source;Compte;Domaine
D1;Licences;45 000;EUR;Closed Won;15/03/2026;20/05/2026;webinar;;acme.fr
D2;Extension;12 000,50;EUR;Gagné;01/04/2026;30/06/2026;outbound;Acme Industrie;
D3;Pilote;5000;EUR;perdu;01/04/2026;10/04/2026;;Bolt;
D4;Audit;8000;EUR;Proposition;02/05/2026;;partner;;shop.acme.fr
D5;Sans compte;1000;EUR;Qualification;02/05/2026;;;;
D6;Inconnu;1000;EUR;won;02/05/2026;03/05/2026;;Nobody SA;
D7;Sans date;1000;EUR;Closed Lost;02/05/2026;;;;
D1;Doublon;1;EUR;open;02/05/2026;;;;
"""


def test_deals_import_stages_accounts_and_report(tmp_path: Path, acme: Account) -> None:
    summary = run_import(DealImporter(), write(tmp_path, DEALS))
    assert (summary.created, summary.updated, summary.rejected) == (5, 0, 3)
    assert [str(e) for e in summary.errors] == [
        "line 7, field Compte: no account matches Nobody SA",
        "line 8, field Date de clôture: required for a won or lost deal",
        "line 9, field Deal ID: the external id D1 is already on line 2",
    ]
    deals = {d.external_id: d for d in Deal.objects.all()}
    assert {k: (v.status, v.stage) for k, v in deals.items()} == {
        "D1": ("won", "Closed Won"),
        "D2": ("won", "Gagné"),
        "D3": ("lost", "perdu"),
        "D4": ("open", "Proposition"),
        "D5": ("open", "Qualification"),
    }
    assert deals["D1"].account == acme  # by domain
    assert deals["D2"].account == acme  # by exact name
    assert deals["D3"].account.name == "Bolt"
    assert deals["D4"].account == acme  # a sub-domain finds its parent
    assert deals["D5"].account is None
    assert deals["D2"].amount == Decimal("12000.50")
    assert deals["D1"].closed_on == dt.date(2026, 5, 20)


def test_deals_reimport_is_unchanged_and_a_stage_change_is_history(
    tmp_path: Path, acme: Account
) -> None:
    first = "external_id,name,amount,stage,created_on\nD9,Deal,100,Discovery,2026-01-10\n"
    run_import(DealImporter(), write(tmp_path, first))
    again = run_import(DealImporter(), write(tmp_path, first))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    moved = (
        "external_id,name,amount,stage,created_on,closed_on\n"
        "D9,Deal,100,Closed Won,2026-01-10,2026-02-01\n"
    )
    summary = run_import(DealImporter(), write(tmp_path, moved))
    assert summary.updated == 1
    history = list(
        DealStageChange.objects.filter(deal__external_id="D9").values_list("stage", "entered_on")
    )
    assert history == [("Discovery", dt.date(2026, 1, 10)), ("Closed Won", dt.date(2026, 2, 1))]


COSTS = """Catégorie;Montant;Date;Heures;Taux horaire;Campagne;Domaine;Libellé
Dépenses marketing;2 500;31/03/2026;;;Salon Lyon;;Stand
Temps commercial;;31/03/2026;20;95;;acme.fr;Rendez-vous
Contenu;800;15/03/2026;;;;acme.fr;Étude de cas
Formation;300;15/03/2026;;;;;
Voyage;300;15/03/2026;;;Salon Lyon;;
"""


def test_costs_import_categories_sales_time_and_campaigns(tmp_path: Path, acme: Account) -> None:
    summary = run_import(CostImporter(), write(tmp_path, COSTS))
    assert (summary.created, summary.rejected) == (3, 2)
    assert [str(e) for e in summary.errors] == [
        "line 5, field Campagne: give the account or the campaign of the cost",
        "line 6, field Catégorie: must be one of marketing_spend, sales_time, content, "
        "technology, training (got Voyage)",
    ]
    rows = sorted(
        CostEntry.objects.values_list("category", "amount", "account__name", "campaign"),
        key=lambda r: r[0],
    )
    assert rows == [
        ("content", Decimal("800.00"), "Acme Industrie", ""),
        ("marketing_spend", Decimal("2500.00"), None, "Salon Lyon"),
        ("sales_time", Decimal("1900.00"), "Acme Industrie", ""),  # 20 h x 95
    ]
    again = run_import(CostImporter(), write(tmp_path, COSTS))
    assert (again.created, again.unchanged, again.rejected) == (0, 3, 2)
