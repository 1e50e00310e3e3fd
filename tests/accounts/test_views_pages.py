"""The list and the dossier pages: content, pagination, query bounds, French rendering."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from baton.accounts import services
from baton.accounts.models import Account, Deal
from baton.accounts.schemas import (
    AccountCreate,
    ContactCreate,
    ContextUpdate,
    PainCreate,
    ProjectCreate,
    SignalCreate,
)
from baton.engagement.models import Interaction

pytestmark = pytest.mark.django_db


def _bulk_accounts(n, owner, start=0):
    for i in range(start, start + n):
        services.account_create(
            actor=owner,
            data=AccountCreate(
                name=f"Company {i:03d}",
                domains=f"company{i:03d}.fr",
                industry="SaaS" if i % 2 else "Retail",
                territory="North",
                marketing_owner_id=owner.pk,
                annual_revenue=Decimal(1_000_000 + i),
            ),
        )


def _rows(html):
    return re.findall(r'<a href="/accounts/\d+/">([^<]+)</a>', html)


def test_list_search_filter_count_and_pagination_keep_filters(client_as, users):
    _bulk_accounts(60, users["marketing"])
    client = client_as("leadership")
    response = client.get(reverse("accounts:list"), {"industry": "SaaS", "sort": "-name"})
    html = response.content.decode()
    assert "30 accounts" in html
    assert len(_rows(html)) == 25
    assert _rows(html)[0] == "Company 059"
    assert 'href="?industry=SaaS&amp;sort=-name&amp;page=2"' in html
    page2 = client.get(reverse("accounts:list"), {"industry": "SaaS", "sort": "-name", "page": 2})
    assert _rows(page2.content.decode()) == [f"Company {i:03d}" for i in range(9, 0, -2)]
    _bulk_accounts(2, users["sales_manager"], start=100)
    mine = client.get(reverse("accounts:list"), {"owner": users["sales_manager"].pk})
    assert _rows(mine.content.decode()) == ["Company 100", "Company 101"]
    search = client.get(reverse("accounts:list"), {"q": "company007.fr"}).content.decode()
    assert "1 account<" in search
    assert _rows(search) == ["Company 007"]


def test_list_empty_states_and_level_badge(client_as, users):
    client = client_as("marketing")
    assert "No account yet." in client.get(reverse("accounts:list")).content.decode()
    _bulk_accounts(1, users["marketing"])
    Account.objects.update(level="hot")
    html = client.get(reverse("accounts:list")).content.decode()
    assert '<span class="badge level-hot">Hot</span>' in html
    html = client.get(reverse("accounts:list"), {"q": "zzz"}).content.decode()
    assert "No account matches these filters." in html


def test_list_sort_links_and_htmx_partial(client_as, users):
    _bulk_accounts(3, users["marketing"])
    client = client_as("marketing")
    html = client.get(reverse("accounts:list"), {"sort": "-revenue"}).content.decode()
    assert _rows(html) == ["Company 002", "Company 001", "Company 000"]
    assert '<th scope="col" class="num" aria-sort="descending">' in html
    assert 'href="?sort=revenue"' in html  # clicking again sorts ascending
    partial = client.get(reverse("accounts:list"), {"q": "001"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert body.lstrip().startswith('<section id="account-results"')
    assert "<html" not in body
    assert _rows(body) == ["Company 001"]


def test_list_ignores_a_stale_filter_value(client_as, users):
    _bulk_accounts(2, users["marketing"])
    response = client_as("marketing").get(
        reverse("accounts:list"), {"industry": "Gone", "owner": "x"}
    )
    assert response.status_code == 200
    assert "2 accounts" in response.content.decode()


def test_list_queries_do_not_grow_with_the_accounts(
    client_as, users, django_assert_max_num_queries
):
    client = client_as("marketing")
    _bulk_accounts(5, users["marketing"])
    with django_assert_max_num_queries(10):
        client.get(reverse("accounts:list"))
    _bulk_accounts(40, users["sales_manager"], start=5)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("accounts:list"), {"q": "company", "sort": "-level"})
    assert "45 accounts" in response.content.decode()


def _rich_account(actor, n=3, domain="acme.fr"):
    account = services.account_create(
        actor=actor,
        data=AccountCreate(
            name="Acme Industries",
            domains=domain,
            industry="Manufacturing",
            employees=1200,
            annual_revenue=Decimal(180000),
            targeted_on=dt.date(2026, 11, 23),
            targeting_reason="Series B raised in October.",
            marketing_owner_id=actor.pk,
        ),
    )
    Account.objects.filter(pk=account.pk).update(level="hot", score=82)
    for i in range(n):
        contact = services.contact_create(
            actor=actor,
            account=account,
            data=ContactCreate(
                first_name=f"Person{i}",
                last_name="Doe",
                email=f"p{i}@{domain}",
                committee_role="decision_maker" if i == 0 else "influencer",
                is_reachable=True,
                linkedin_url=f"https://www.linkedin.com/in/p{i}",
            ),
        )
        services.signal_create(
            actor=actor,
            account=account,
            data=SignalCreate(
                kind="hiring",
                description=f"Signal {i}",
                occurred_on=dt.date(2026, 11, 2),
                contact_id=contact.pk,
                is_confirmed=True,
            ),
        )
        services.pain_add(actor=actor, account=account, data=PainCreate(description=f"Pain {i}"))
        services.project_add(
            actor=actor, account=account, data=ProjectCreate(description=f"Project {i}")
        )
        Interaction.objects.create(
            external_id=f"{account.pk}-{i}",
            type="web_visit",
            occurred_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=i),
            account=account,
            contact=contact,
        )
        Deal.objects.create(
            account=account,
            name=f"Deal {i}",
            amount=Decimal(45000),
            stage="Proposal",
            created_on=dt.date(2026, 11, 10),
            owner=actor,
        )
    services.context_update(
        actor=actor,
        account=account,
        data=ContextUpdate(
            budget_min=Decimal(30000), budget_max=Decimal(50000), note="Digital transformation"
        ),
    )
    return account


def test_dossier_sections_in_order_with_main_decision_maker(client_as, users):
    account = _rich_account(users["marketing"])
    html = (
        client_as("leadership").get(reverse("accounts:detail", args=[account.pk])).content.decode()
    )
    titles = re.findall(r'<h2 id="[a-z]+-title">([^<]+)</h2>', html)
    assert titles == [
        "Company",
        "Reason for targeting",
        "Qualification level",
        "Buying signals",
        "Marketing interactions",
        "Buying committee",
        "Context and needs",
        "Deals",
        "History",
    ]
    assert "Score: 82/100" in html
    assert "3 interactions over the last 90 days" in html
    assert 'class="committee-member is-main" id="contact-' in html
    assert html.count("is-main") == 1
    assert "Main decision maker: <strong>Person0 Doe</strong>" in html
    assert '<a href="https://www.linkedin.com/in/p1" rel="noopener noreferrer"' in html
    assert "€30,000 \u2013 €50,000" in html
    assert "€180,000" in html


def test_dossier_queries_do_not_grow(client_as, users, django_assert_max_num_queries):
    client = client_as("marketing")
    small = _rich_account(users["marketing"], n=1)
    with django_assert_max_num_queries(18):
        client.get(reverse("accounts:detail", args=[small.pk]))
    big = _rich_account(users["marketing"], n=12, domain="big.fr")
    with django_assert_max_num_queries(18):
        response = client.get(reverse("accounts:detail", args=[big.pk]))
    assert response.content.decode().count('<li class="committee-member') == 12


def test_export_links_point_to_both_languages(client_as, users):
    account = _rich_account(users["marketing"], n=1)
    html = (
        client_as("leadership").get(reverse("accounts:detail", args=[account.pk])).content.decode()
    )
    for name in ("accounts:dossier_md", "accounts:dossier_pdf"):
        url = reverse(name, args=[account.pk])
        assert f'href="{url}?lang=fr"' in html
        assert f'href="{url}?lang=en"' in html


def test_french_rendering(client_as, users):
    users["leadership"].language = "fr"
    users["leadership"].save()
    account = _rich_account(users["marketing"], n=2)
    client = client_as("leadership")
    html = client.get(reverse("accounts:detail", args=[account.pk])).content.decode()
    for text in (
        "Fiche compte",
        "Raison du ciblage",
        "CA estimé",
        "180\u00a0000\u00a0€",
        "Signaux d'achat",
        "Comité d'achat",
        "Décideur final",
        "Influenceur",
        "À contacter en premier",
        "Depuis le 23/11/2026",
        "02/11/2026",
        "30\u00a0000\u00a0€ \u2013 50\u00a0000\u00a0€",
        '<span class="badge level-hot">Chaud</span>',
        "1\u00a0200 salariés",
        "Score\u00a0: 82/100",
    ):
        assert text in html, text
    listing = client.get(reverse("accounts:list")).content.decode()
    assert "1 compte" in listing
    assert "Rechercher" in listing
    assert "Tous les secteurs" in listing
