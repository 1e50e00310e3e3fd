"""Who may open and post each account page; a refused request changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from baton.accounts import services
from baton.accounts.models import Account, AccountContext, Contact, Pain, Project, Signal
from baton.accounts.schemas import (
    AccountCreate,
    ContactCreate,
    ContextUpdate,
    PainCreate,
    ProjectCreate,
    SignalCreate,
)
from baton.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ROLES = ["marketing", "sales_rep", "sales_manager", "leadership", "admin"]
ACCOUNT_EDITORS = {"marketing", "sales_manager", "admin"}
DOSSIER_EDITORS = {"marketing", "sales_rep", "sales_manager", "admin"}


@pytest.fixture
def world(users):
    actor = users["marketing"]
    account = services.account_create(
        actor=actor,
        data=AccountCreate(name="Acme", domains="acme.fr", targeting_reason="Series B"),
    )
    contact = services.contact_create(
        actor=actor,
        account=account,
        data=ContactCreate(first_name="Claire", last_name="Martin", email="claire@acme.fr"),
    )
    signal = services.signal_create(
        actor=actor,
        account=account,
        data=SignalCreate(kind="hiring", description="SDRs", occurred_on=dt.date(2026, 11, 2)),
    )
    pain = services.pain_add(actor=actor, account=account, data=PainCreate(description="Silos"))
    project = services.project_add(
        actor=actor, account=account, data=ProjectCreate(description="New CRM")
    )
    services.context_update(actor=actor, account=account, data=ContextUpdate(note="Original note"))
    return {
        "account": account,
        "contact": contact,
        "signal": signal,
        "pain": pain,
        "project": project,
    }


def _pages(world):
    a, c, s = world["account"].pk, world["contact"].pk, world["signal"].pk
    return {
        # name: (url, permission group)
        "list": (reverse("accounts:list"), None),
        "detail": (reverse("accounts:detail", args=[a]), None),
        "create": (reverse("accounts:create"), ACCOUNT_EDITORS),
        "edit": (reverse("accounts:edit", args=[a]), ACCOUNT_EDITORS),
        "context_edit": (reverse("accounts:context_edit", args=[a]), DOSSIER_EDITORS),
        "signal_create": (reverse("accounts:signal_create", args=[a]), DOSSIER_EDITORS),
        "signal_edit": (reverse("accounts:signal_edit", args=[s]), DOSSIER_EDITORS),
        "signal_delete": (reverse("accounts:signal_delete", args=[s]), DOSSIER_EDITORS),
        "pain_add": (reverse("accounts:pain_add", args=[a]), DOSSIER_EDITORS),
        "project_add": (reverse("accounts:project_add", args=[a]), DOSSIER_EDITORS),
        "contact_create": (reverse("accounts:contact_create", args=[a]), DOSSIER_EDITORS),
        "contact_edit": (reverse("accounts:contact_edit", args=[c]), DOSSIER_EDITORS),
        "contact_delete": (reverse("accounts:contact_delete", args=[c]), DOSSIER_EDITORS),
    }


def test_anonymous_is_sent_to_the_login_page(world, client_as):
    client = client_as(None)
    for url, _group in _pages(world).values():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_200_or_403(world, client_as, role):
    client = client_as(role)
    for name, (url, group) in _pages(world).items():
        expected = 200 if group is None or role in group else 403
        assert client.get(url).status_code == expected, (role, name)


def _snapshot(world):
    account = Account.objects.get(pk=world["account"].pk)
    contact = Contact.objects.get(pk=world["contact"].pk)
    return {
        "counts": (
            Account.objects.count(),
            Contact.objects.count(),
            Signal.objects.count(),
            Pain.objects.count(),
            Project.objects.count(),
            AuditEvent.objects.filter(target_type__startswith="accounts.").count(),
        ),
        "account": (account.name, account.industry, account.targeting_reason),
        "contact": (contact.first_name, contact.title),
        "note": AccountContext.objects.get(account=account).note,
        "signal": Signal.objects.get(pk=world["signal"].pk).description,
    }


def _posts(world):
    a, c, s = world["account"].pk, world["contact"].pk, world["signal"].pk
    account_form = {
        "name": "Hacked",
        "industry": "Hacked",
        "revenue_currency": "EUR",
        "journey_stage": "awareness",
    }
    return [
        (reverse("accounts:create"), account_form, ACCOUNT_EDITORS),
        (reverse("accounts:edit", args=[a]), account_form, ACCOUNT_EDITORS),
        (
            reverse("accounts:context_edit", args=[a]),
            {"budget_currency": "EUR", "timing": "now", "note": "Hacked"},
            DOSSIER_EDITORS,
        ),
        (
            reverse("accounts:signal_create", args=[a]),
            {"kind": "hiring", "description": "Hacked", "occurred_on": "2026-11-01"},
            DOSSIER_EDITORS,
        ),
        (
            reverse("accounts:signal_edit", args=[s]),
            {"kind": "hiring", "description": "Hacked", "occurred_on": "2026-11-01"},
            DOSSIER_EDITORS,
        ),
        (reverse("accounts:signal_delete", args=[s]), {}, DOSSIER_EDITORS),
        (reverse("accounts:pain_add", args=[a]), {"pain-description": "Hacked"}, DOSSIER_EDITORS),
        (reverse("accounts:pain_delete", args=[world["pain"].pk]), {}, DOSSIER_EDITORS),
        (
            reverse("accounts:project_add", args=[a]),
            {"project-description": "Hacked"},
            DOSSIER_EDITORS,
        ),
        (reverse("accounts:project_delete", args=[world["project"].pk]), {}, DOSSIER_EDITORS),
        (
            reverse("accounts:contact_create", args=[a]),
            {"first_name": "Hacked", "committee_role": "unknown", "approach": "auto"},
            DOSSIER_EDITORS,
        ),
        (
            reverse("accounts:contact_edit", args=[c]),
            {"first_name": "Hacked", "committee_role": "unknown", "approach": "auto"},
            DOSSIER_EDITORS,
        ),
        (reverse("accounts:contact_delete", args=[c]), {}, DOSSIER_EDITORS),
    ]


@pytest.mark.parametrize("role", [None, "leadership", "sales_rep"])
def test_a_refused_post_changes_nothing(world, client_as, role):
    client = client_as(role)
    before = _snapshot(world)
    refused = 0
    for url, data, group in _posts(world):
        if role is not None and role in group:
            continue  # allowed for this role: covered by the form tests
        response = client.post(url, data)
        assert response.status_code == (302 if role is None else 403), (role, url)
        refused += 1
    assert refused == (13 if role != "sales_rep" else 2)
    assert _snapshot(world) == before


def test_leadership_sees_no_edit_control(world, client_as):
    client = client_as("leadership")
    a = world["account"].pk
    forbidden_urls = [url for url, group in _pages(world).values() if group is not None] + [
        reverse("accounts:pain_delete", args=[world["pain"].pk]),
        reverse("accounts:project_delete", args=[world["project"].pk]),
    ]
    for page in (reverse("accounts:list"), reverse("accounts:detail", args=[a])):
        html = client.get(page).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        for url in forbidden_urls:
            assert url not in main, (page, url)
        for word in ("New account", "Edit account", "Add signal", "Add committee member"):
            assert word not in main
        assert 'method="post"' not in main


def test_editors_see_their_controls(world, client_as):
    a = world["account"].pk
    html = client_as("sales_rep").get(reverse("accounts:detail", args=[a])).content.decode()
    assert reverse("accounts:context_edit", args=[a]) in html
    assert reverse("accounts:contact_create", args=[a]) in html
    assert reverse("accounts:edit", args=[a]) not in html  # a rep edits the dossier only
    html = client_as("marketing").get(reverse("accounts:list")).content.decode()
    assert reverse("accounts:create") in html


@pytest.mark.parametrize(
    ("role", "proposes"),
    [("marketing", True), ("admin", True), ("sales_rep", False), ("sales_manager", False),
     ("leadership", False)],
)  # fmt: skip
def test_only_marketing_and_admins_see_propose_handover_on_the_dossier(
    world, client_as, role, proposes
):
    a = world["account"].pk
    html = client_as(role).get(reverse("accounts:detail", args=[a])).content.decode()
    link = (
        '<a class="button button--small propose-handover" '
        f'href="{reverse("handovers:propose", args=[a])}">Propose handover</a>'
    )
    assert (link in html) is proposes


def test_unknown_ids_are_404(client_as, users):
    client = client_as("marketing")
    for name in ("detail", "edit", "context_edit", "signal_create", "contact_create"):
        assert client.get(reverse(f"accounts:{name}", args=[999])).status_code == 404
    for name in ("signal_edit", "contact_edit", "contact_delete"):
        assert client.get(reverse(f"accounts:{name}", args=[999])).status_code == 404
    assert client.post(reverse("accounts:pain_delete", args=[999])).status_code == 404


def test_delete_endpoints_refuse_get_for_pains_and_projects(world, client_as):
    client = client_as("marketing")
    assert client.get(reverse("accounts:pain_delete", args=[world["pain"].pk])).status_code == 405
    assert Pain.objects.count() == 1
