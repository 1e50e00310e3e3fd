"""Foundation journey in Chromium: marketing finds an account, edits its dossier, reads it in
French and exports it; leadership sees the same pages without any edit control.

Screenshots of the French list and dossier go to ``test-artifacts/`` (gitignored).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from baton.accounts import services
from baton.accounts.models import AccountContext, Contact
from baton.accounts.schemas import AccountCreate, ContactCreate, SignalCreate
from tests.conftest import PASSWORD

# serialized_rollback: the flush after a transactional test would drop the rows that data
# migrations created (e.g. the default rule set) for the tests that run afterwards.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def journey_data(make_user):
    marketing = make_user("marketing", email="julie@example.com", first_name="Julie")
    leadership = make_user("leadership", email="direction@example.com", first_name="Anne")
    acme = services.account_create(
        actor=marketing,
        data=AccountCreate(
            name="Acme Industries",
            domains="acme.fr acme-industries.com",
            industry="Manufacturing",
            employees=1200,
            annual_revenue=Decimal(180000),
            targeted_on=dt.date(2026, 9, 1),
            targeting_reason="Series B raised in October; the CMO wants alignment.",
            marketing_owner_id=marketing.pk,
            tier="tier_1",
        ),
    )
    services.signal_create(
        actor=marketing,
        account=acme,
        data=SignalCreate(
            kind="fundraising",
            description="Series B, 20 M€",
            occurred_on=dt.date(2026, 10, 14),
            source="Press release",
            is_confirmed=True,
        ),
    )
    services.contact_create(
        actor=marketing,
        account=acme,
        data=ContactCreate(
            first_name="Paul",
            last_name="Durand",
            title="Head of Sales Ops",
            committee_role="influencer",
        ),
    )
    for name, domain in (("Bolt Logistics", "bolt.io"), ("Cargo Retail", "cargo.fr")):
        services.account_create(
            actor=marketing, data=AccountCreate(name=name, domains=domain, industry="Retail")
        )
    return {"marketing": marketing, "leadership": leadership, "acme": acme}


def _login(page: Page, base: str, email: str) -> None:
    page.goto(base + reverse("login"))
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/$"))
    # HTMX binds the live search once the page has loaded (its scripts are deferred): typing
    # before that would fire no request.
    page.wait_for_load_state()


def test_foundation_journey(live_server, browser: Browser, journey_data):
    base = live_server.url
    acme = journey_data["acme"]
    ARTIFACTS.mkdir(exist_ok=True)

    context = browser.new_context(accept_downloads=True, locale="en-GB")
    page = context.new_page()
    _login(page, base, "julie@example.com")

    # Find the account through the live search (HTMX swaps the results).
    expect(page.locator(".account-count")).to_have_text("3 accounts")
    page.fill("#id_q", "acme")
    expect(page.locator(".account-count")).to_have_text("1 account")
    expect(page.locator("#account-results")).not_to_contain_text("Bolt Logistics")
    page.get_by_role("link", name="Acme Industries").click()
    expect(page.locator("h1")).to_contain_text("Acme Industries")

    # Edit the context note.
    page.get_by_role("link", name="Edit context").click()
    page.fill("#id_note", "Digital transformation after a series B. Budget 30 to 50 k€.")
    page.fill("#id_budget_min", "30000")
    page.fill("#id_budget_max", "50000")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#context .context-note")).to_contain_text(
        "Digital transformation after a series B."
    )
    expect(page.locator(".message--success")).to_have_text("The context is saved.")

    # Add a committee member: a reachable decision maker is the one to contact first.
    page.get_by_role("link", name="Add committee member").click()
    page.fill("#id_first_name", "Claire")
    page.fill("#id_last_name", "Martin")
    page.fill("#id_title", "CEO")
    page.fill("#id_email", "claire.martin@acme.fr")
    page.fill("#id_linkedin_url", "https://www.linkedin.com/in/claire-martin")
    page.select_option("#id_committee_role", "decision_maker")
    page.check("#id_is_reachable")
    page.get_by_role("button", name="Save").click()
    first = page.locator(".committee-group--contact_first")
    expect(first.locator(".committee-member.is-main")).to_contain_text("Claire Martin")
    expect(first).to_contain_text("Main decision maker")

    # Add a pain inline (HTMX swaps the pains block, no page load).
    page.locator("#pains summary").click()
    page.fill("#id_pain-description", "Leads lost between marketing and sales")
    page.select_option("#id_pain-origin", "expressed")
    page.locator("#pains").get_by_role("button", name="Add").click()
    expect(page.locator("#pains .item-list")).to_contain_text("Leads lost between marketing")

    # Switch the interface to French with the shell's language switch.
    page.locator('.language-switch button[value="fr"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#targeting-title")).to_have_text("Raison du ciblage")
    expect(page.locator("#committee-title")).to_have_text("Comité d'achat")
    expect(page.locator(".committee-group--contact_first h3")).to_contain_text(
        "À contacter en premier"
    )
    expect(page.locator("#company")).to_contain_text("180\u00a0000\u00a0€")
    expect(page.locator("#company")).to_contain_text("Depuis le 01/09/2026")
    expect(page.locator("#signals")).to_contain_text("14/10/2026")
    expect(page.locator("#context")).to_contain_text("30\u00a0000\u00a0€")
    page.screenshot(path=str(ARTIFACTS / "dossier-fr.png"), full_page=True)

    # Export the dossier as PDF, in French.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF (français)").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-fr.pdf")
    assert Path(download.path()).read_bytes()[:4] == b"%PDF"

    page.goto(base + reverse("accounts:list"))
    expect(page.locator(".account-count")).to_have_text("3 comptes")
    page.screenshot(path=str(ARTIFACTS / "accounts-list-fr.png"), full_page=True)

    assert AccountContext.objects.get(account=acme).note.startswith("Digital transformation")
    assert Contact.objects.filter(account=acme, email="claire.martin@acme.fr").count() == 1
    context.close()

    # Leadership: same pages, no edit control, and a forged POST is refused.
    boss = browser.new_context(locale="en-GB")
    page = boss.new_page()
    _login(page, base, "direction@example.com")
    main = page.locator("main")
    expect(page.locator(".account-count")).to_have_text("3 accounts")
    expect(main.get_by_role("link", name="New account")).to_have_count(0)
    page.get_by_role("link", name="Acme Industries").click()
    expect(page.locator("#committee")).to_contain_text("Claire Martin")
    for label in (
        "Edit account",
        "Edit context",
        "Add signal",
        "Add committee member",
        "Edit",
        "Delete",
    ):
        expect(main.get_by_role("link", name=label, exact=True)).to_have_count(0)
    expect(main.locator("form[method=post]")).to_have_count(0)
    expect(main.locator("button")).to_have_count(0)

    token = page.locator('input[name="csrfmiddlewaretoken"]').first.get_attribute("value")
    response = page.request.post(
        base + reverse("accounts:context_edit", args=[acme.pk]),
        form={
            "csrfmiddlewaretoken": token or "",
            "budget_currency": "EUR",
            "timing": "now",
            "note": "Forged by leadership",
        },
        headers={"Referer": base + reverse("accounts:detail", args=[acme.pk])},
    )
    assert response.status == 403
    assert AccountContext.objects.get(account=acme).note.startswith("Digital transformation")
    boss.close()
