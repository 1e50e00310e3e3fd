"""Selectors of the accounts app: list filters and sorts, committee grouping, the dossier."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from baton.accounts import selectors, services
from baton.accounts.models import Account, Deal
from baton.accounts.schemas import (
    AccountCreate,
    AccountUpdate,
    ContactCreate,
    PainCreate,
    ProjectCreate,
    SignalCreate,
)
from baton.accounts.selectors import AccountFilters
from baton.engagement.models import Interaction

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(make_user):
    return make_user("marketing")


def _account(actor, name, **extra):
    return services.account_create(actor=actor, data=AccountCreate(name=name, **extra))


def _names(filters: AccountFilters) -> list[str]:
    return [a.name for a in selectors.account_list(filters=filters)]


@pytest.fixture
def portfolio(actor, make_user):
    rep = make_user("sales_rep")
    _account(
        actor,
        "Acme",
        domains="acme.fr",
        industry="SaaS",
        tier="tier_1",
        territory="Île-de-France",
        annual_revenue=Decimal("5000000"),
        employees=80,
        marketing_owner_id=actor.pk,
    )
    _account(
        actor,
        "Bolt",
        domains="bolt.io",
        industry="Fintech",
        tier="tier_2",
        territory="Rhône-Alpes",
        annual_revenue=Decimal("20000000"),
        employees=300,
        sales_owner_id=rep.pk,
    )
    _account(actor, "Cargo", domains="cargo-saas.com", industry="Logistics", employees=40)
    Account.objects.filter(name="Acme").update(level="warm", score=55)
    Account.objects.filter(name="Bolt").update(level="hot", score=80)
    return {"rep": rep}


def test_account_list_search_by_name_domain_or_industry(portfolio):
    assert _names(AccountFilters(q="acm")) == ["Acme"]
    assert _names(AccountFilters(q="bolt.io")) == ["Bolt"]
    assert _names(AccountFilters(q="saas")) == ["Acme", "Cargo"]  # industry, domain
    assert _names(AccountFilters(q="nothing")) == []


def test_account_list_filters(portfolio, actor):
    assert _names(AccountFilters(tier="tier_2")) == ["Bolt"]
    assert _names(AccountFilters(industry="SaaS")) == ["Acme"]
    assert _names(AccountFilters(level="cold")) == ["Cargo"]
    assert _names(AccountFilters(territory="Rhône-Alpes")) == ["Bolt"]
    assert _names(AccountFilters(owner=actor.pk)) == ["Acme"]  # marketing owner
    assert _names(AccountFilters(owner=portfolio["rep"].pk)) == ["Bolt"]  # sales owner
    assert _names(AccountFilters(industry="SaaS", level="hot")) == []


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Acme", "Bolt", "Cargo"]),
        ("-name", ["Cargo", "Bolt", "Acme"]),
        ("-level", ["Bolt", "Acme", "Cargo"]),
        ("level", ["Cargo", "Acme", "Bolt"]),
        ("-score", ["Bolt", "Acme", "Cargo"]),
        ("-revenue", ["Bolt", "Acme", "Cargo"]),
        ("employees", ["Cargo", "Acme", "Bolt"]),
        ("unknown", ["Acme", "Bolt", "Cargo"]),
    ],
)
def test_account_list_sorts(portfolio, sort, expected):
    names = _names(AccountFilters(sort=sort))
    if sort in ("-score", "-revenue"):
        # NULLs sort differently per database: only compare the non-null part.
        assert [n for n in names if n != "Cargo"] == [n for n in expected if n != "Cargo"]
    else:
        assert names == expected


def test_filter_options_lists_distinct_values(portfolio):
    assert selectors.filter_options() == {
        "industries": ["Fintech", "Logistics", "SaaS"],
        "territories": ["Rhône-Alpes", "Île-de-France"],
    }


def _contact(actor, account, first_name, **extra):
    return services.contact_create(
        actor=actor, account=account, data=ContactCreate(first_name=first_name, **extra)
    )


def test_committee_map_groups_by_approach(actor):
    account = _account(actor, "Acme")
    ceo = _contact(actor, account, "Ceo", committee_role="decision_maker", is_reachable=True)
    cfo = _contact(actor, account, "Cfo", committee_role="decision_maker", is_reachable=False)
    champ = _contact(
        actor, account, "Champ", committee_role="champion", is_reachable=True, is_engaged=True
    )
    infl = _contact(actor, account, "Infl", committee_role="influencer", is_reachable=True)
    user = _contact(actor, account, "User", committee_role="end_user")
    block = _contact(actor, account, "Block", committee_role="blocker", is_reachable=True)
    forced = _contact(
        actor,
        account,
        "Forced",
        committee_role="decision_maker",
        is_reachable=True,
        approach="avoid",
    )
    groups = selectors.committee_map(list(account.contacts.all()))
    assert [(g.approach, [c.first_name for c in g.members]) for g in groups] == [
        ("contact_first", [ceo.first_name, champ.first_name]),
        ("influence", [cfo.first_name, infl.first_name, user.first_name]),
        ("avoid", [forced.first_name, block.first_name]),
    ]
    assert selectors.main_decision_maker(list(account.contacts.all())) == ceo


def test_main_decision_maker_falls_back_to_an_unreachable_one(actor):
    account = _account(actor, "Acme")
    cfo = _contact(actor, account, "Cfo", committee_role="decision_maker")
    _contact(actor, account, "Infl", committee_role="influencer", is_reachable=True)
    assert selectors.main_decision_maker(list(account.contacts.all())) == cfo
    assert selectors.main_decision_maker([]) is None


def _interaction(account, external_id, when, type_="web_visit"):
    return Interaction.objects.create(
        external_id=external_id, type=type_, occurred_at=when, account=account
    )


def test_dossier_content(actor):
    account = _account(actor, "Acme", domains="acme.fr acme.com")
    other = _account(actor, "Other")
    ceo = _contact(actor, account, "Ceo", committee_role="decision_maker", is_reachable=True)
    for day, confirmed in ((1, False), (15, True)):
        services.signal_create(
            actor=actor,
            account=account,
            data=SignalCreate(
                kind="hiring",
                description=f"day {day}",
                occurred_on=dt.date(2026, 11, day),
                is_confirmed=confirmed,
            ),
        )
    services.pain_add(actor=actor, account=account, data=PainCreate(description="Two truths"))
    services.project_add(actor=actor, account=account, data=ProjectCreate(description="New CRM"))
    Deal.objects.create(
        account=account,
        name="Pilot",
        amount=Decimal(30000),
        stage="Proposal",
        created_on=dt.date(2026, 11, 1),
    )
    today = dt.date(2026, 11, 23)
    noon = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
    _interaction(account, "i-1", noon)
    _interaction(account, "i-2", noon - dt.timedelta(days=30), "email_reply")
    _interaction(account, "i-old", noon - dt.timedelta(days=120))
    _interaction(other, "i-other", noon)

    dossier = selectors.dossier(account=account, today=today)

    assert dossier.domains == ["acme.fr", "acme.com"]
    assert [s.description for s in dossier.signals] == ["day 15", "day 1"]
    assert [s.description for s in dossier.confirmed_signals] == ["day 15"]
    assert dossier.interaction_count == 2
    assert [i.external_id for i in dossier.interactions] == ["i-1", "i-2"]
    assert dossier.interactions_since == dt.date(2026, 8, 25)
    assert dossier.main_decision_maker == ceo
    assert [p.description for p in dossier.pains] == ["Two truths"]
    assert [p.description for p in dossier.projects] == ["New CRM"]
    assert [d.name for d in dossier.deals] == ["Pilot"]
    assert dossier.context.account_id == account.pk


def test_account_history_gathers_the_accounts_rows_only(actor):
    account = _account(actor, "Acme")
    other = _account(actor, "Other")
    gone = _contact(actor, account, "Gone")
    _contact(actor, account, "Kept")
    _contact(actor, other, "Elsewhere")
    signal = services.signal_create(
        actor=actor,
        account=account,
        data=SignalCreate(kind="hiring", description="x", occurred_on=dt.date(2026, 1, 1)),
    )
    services.contact_delete(actor=actor, contact=gone)
    services.signal_delete(actor=actor, signal=signal)
    services.account_update(actor=actor, account=account, data=AccountUpdate(industry="SaaS"))
    services.account_update(actor=actor, account=other, data=AccountUpdate(industry="Retail"))

    history = selectors.account_history(account=account)

    assert [e.action for e in history] == [
        "account.updated",
        "signal.deleted",
        "contact.deleted",
        "contact.created",
        "account.created",
    ]
    assert len(selectors.account_history(account=account, limit=2)) == 2
