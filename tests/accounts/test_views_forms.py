"""The edit forms: happy paths, errors shown on the right field, HTMX partials."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from baton.accounts import services
from baton.accounts.models import Account, AccountContext, Contact, Pain, Project, Signal
from baton.accounts.schemas import AccountCreate, ContactCreate, PainCreate, SignalCreate

pytestmark = pytest.mark.django_db

ACCOUNT_FORM = {
    "name": "Acme",
    "domains": "acme.fr; www.acme.com",
    "industry": "SaaS",
    "employees": "120",
    "annual_revenue": "12000000",
    "revenue_currency": "EUR",
    "country": "fr",
    "tier": "tier_1",
    "is_target": "on",
    "targeted_on": "2026-09-01",
    "targeting_reason": "Series B",
    "journey_stage": "interest",
}


@pytest.fixture
def client(client_as):
    return client_as("marketing")


@pytest.fixture
def account(users):
    return services.account_create(
        actor=users["marketing"], data=AccountCreate(name="Acme", domains="acme.fr")
    )


def _errors(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def test_create_account(client, users):
    data = {**ACCOUNT_FORM, "marketing_owner": users["marketing"].pk}
    response = client.post(reverse("accounts:create"), data)
    account = Account.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:detail", args=[account.pk])
    assert (account.name, account.country, account.tier, account.size_band) == (
        "Acme",
        "FR",
        "tier_1",
        "51-200",
    )
    assert account.targeted_on == dt.date(2026, 9, 1)
    assert account.annual_revenue == Decimal("12000000")
    assert account.marketing_owner == users["marketing"]
    assert list(account.domains.values_list("domain", flat=True)) == ["acme.fr", "acme.com"]


def test_create_account_refuses_a_taken_domain_on_the_domains_field(client, account):
    response = client.post(reverse("accounts:create"), {**ACCOUNT_FORM, "name": "Other"})
    assert response.status_code == 200
    assert _errors(response, "domains") == [
        "One of these domains already belongs to another account."
    ]
    assert Account.objects.count() == 1


def test_create_account_refuses_a_malformed_domain_and_country(client):
    response = client.post(
        reverse("accounts:create"),
        {**ACCOUNT_FORM, "domains": "acme.fr not_a_domain", "country": "FRA"},
    )
    assert _errors(response, "domains") == [
        "“not_a_domain” is not a web domain (expected e.g. acme.fr)."
    ]
    assert _errors(response, "country") == [
        "Ensure this value has at most 2 characters (it has 3)."
    ]
    assert Account.objects.count() == 0


def test_edit_account(client, account, users):
    form = client.get(reverse("accounts:edit", args=[account.pk])).context["form"]
    assert form.initial["domains"] == "acme.fr"
    data = {**ACCOUNT_FORM, "domains": "acme.fr acme.io", "sales_owner": users["sales_rep"].pk}
    response = client.post(reverse("accounts:edit", args=[account.pk]), data)
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.industry == "SaaS"
    assert account.sales_owner == users["sales_rep"]
    assert list(account.domains.values_list("domain", flat=True)) == ["acme.fr", "acme.io"]


def test_edit_keeps_the_target_date_when_left_empty(client, account):
    account.targeted_on = dt.date(2026, 1, 5)
    account.save()
    client.post(reverse("accounts:edit", args=[account.pk]), {**ACCOUNT_FORM, "targeted_on": ""})
    account.refresh_from_db()
    assert account.targeted_on == dt.date(2026, 1, 5)


def test_edit_context_and_its_budget_check(client, account):
    url = reverse("accounts:context_edit", args=[account.pk])
    data = {
        "budget_min": "50000",
        "budget_max": "30000",
        "budget_currency": "EUR",
        "timing": "soon",
        "note": "Digital transformation",
    }
    response = client.post(url, data)
    assert _errors(response, "budget_min") == [
        "The lower bound of the budget is above its upper bound."
    ]
    assert AccountContext.objects.get(account=account).note == ""
    response = client.post(url, {**data, "budget_min": "30000", "budget_max": "50000"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:detail", args=[account.pk]) + "#context"
    context = AccountContext.objects.get(account=account)
    assert (context.budget_min, context.budget_max, context.timing, context.note) == (
        Decimal(30000),
        Decimal(50000),
        "soon",
        "Digital transformation",
    )


def test_signal_add_edit_delete(client, account, users):
    person = services.contact_create(
        actor=users["marketing"], account=account, data=ContactCreate(first_name="Claire")
    )
    data = {
        "kind": "pricing_request",
        "description": "Asked for pricing",
        "occurred_on": "2026-11-20",
        "source": "Form",
        "source_url": "https://acme.fr/contact",
        "is_confirmed": "on",
        "contact": person.pk,
    }
    response = client.post(reverse("accounts:signal_create", args=[account.pk]), data)
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert (signal.kind, signal.is_confirmed, signal.contact, signal.occurred_on) == (
        "pricing_request",
        True,
        person,
        dt.date(2026, 11, 20),
    )
    edit = reverse("accounts:signal_edit", args=[signal.pk])
    assert client.get(edit).context["form"].initial["contact"] == person.pk
    client.post(edit, {**data, "is_confirmed": "", "contact": ""})
    signal.refresh_from_db()
    assert (signal.is_confirmed, signal.contact) == (False, None)
    delete = reverse("accounts:signal_delete", args=[signal.pk])
    assert b"Delete this buying signal?" in client.get(delete).content
    assert Signal.objects.count() == 1
    client.post(delete)
    assert Signal.objects.count() == 0


def test_signal_form_offers_only_this_accounts_people(client, account, users):
    other = services.account_create(actor=users["marketing"], data=AccountCreate(name="Other"))
    stranger = services.contact_create(
        actor=users["marketing"], account=other, data=ContactCreate(first_name="Stranger")
    )
    response = client.post(
        reverse("accounts:signal_create", args=[account.pk]),
        {"kind": "hiring", "description": "x", "occurred_on": "2026-11-20", "contact": stranger.pk},
    )
    assert _errors(response, "contact") == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert Signal.objects.count() == 0


def test_contact_create_edit_delete(client, account):
    url = reverse("accounts:contact_create", args=[account.pk])
    data = {
        "first_name": "Claire",
        "last_name": "Martin",
        "title": "CEO",
        "email": "Claire@Acme.fr",
        "linkedin_url": "https://www.linkedin.com/in/claire",
        "topics": "ABM, alignment",
        "committee_role": "decision_maker",
        "is_identified": "on",
        "is_reachable": "on",
        "approach": "auto",
    }
    response = client.post(url, data)
    assert response["Location"] == reverse("accounts:detail", args=[account.pk]) + "#committee"
    contact = Contact.objects.get()
    assert (contact.email, contact.is_reachable, contact.is_engaged) == (
        "claire@acme.fr",
        True,
        False,
    )
    # Same email again: refused on the email field.
    response = client.post(url, {**data, "first_name": "Other"})
    assert _errors(response, "email") == [
        "This email address is already used by another committee member."
    ]
    # A non-LinkedIn profile URL is refused by the form.
    response = client.post(url, {**data, "email": "", "linkedin_url": "https://example.com/x"})
    assert _errors(response, "linkedin_url") == [
        "Enter a LinkedIn profile URL (https://www.linkedin.com/in/…)."
    ]
    assert Contact.objects.count() == 1

    edit = reverse("accounts:contact_edit", args=[contact.pk])
    assert client.get(edit).context["form"].initial["title"] == "CEO"
    client.post(edit, {**data, "title": "CEO & founder", "is_engaged": "on"})
    contact.refresh_from_db()
    assert (contact.title, contact.is_engaged) == ("CEO & founder", True)

    delete = reverse("accounts:contact_delete", args=[contact.pk])
    assert b"Remove Claire Martin from the buying committee?" in client.get(delete).content
    assert Contact.objects.count() == 1
    client.post(delete)
    assert Contact.objects.count() == 0


def test_pain_inline_add_with_htmx_returns_the_section(client, account):
    url = reverse("accounts:pain_add", args=[account.pk])
    response = client.post(
        url, {"pain-description": "Leads lost", "pain-origin": "expressed"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="pains"')
    assert "Leads lost" in html
    assert "<html" not in html
    assert Pain.objects.get().origin == "expressed"
    # Invalid: the section comes back with the error, the details open.
    response = client.post(url, {"pain-description": ""}, HTTP_HX_REQUEST="true")
    assert "This field is required." in response.content.decode()
    assert Pain.objects.count() == 1


def test_pain_and_project_plain_forms_redirect(client, account, users):
    response = client.post(
        reverse("accounts:project_add", args=[account.pk]),
        {
            "project-description": "CRM migration",
            "project-source": "LinkedIn post",
            "project-noted_on": "2026-10-20",
        },
    )
    assert response["Location"] == reverse("accounts:detail", args=[account.pk]) + "#projects"
    project = Project.objects.get()
    assert (project.source, project.noted_on) == ("LinkedIn post", dt.date(2026, 10, 20))
    client.post(reverse("accounts:project_delete", args=[project.pk]))
    assert Project.objects.count() == 0
    pain = services.pain_add(
        actor=users["marketing"], account=account, data=PainCreate(description="Silos")
    )
    response = client.post(reverse("accounts:pain_delete", args=[pain.pk]), HTTP_HX_REQUEST="true")
    assert "Silos" not in response.content.decode()
    assert Pain.objects.count() == 0


def test_dossier_shows_the_history(client, account, users):
    services.signal_create(
        actor=users["marketing"],
        account=account,
        data=SignalCreate(kind="hiring", description="SDRs", occurred_on=dt.date(2026, 11, 2)),
    )
    html = client.get(reverse("accounts:detail", args=[account.pk])).content.decode()
    history = html[html.index('id="history"') :]
    assert "Buying signal recorded" in history
    assert "Account created" in history
    assert "kind: — → Hiring" in history
    assert users["marketing"].display_name in history
