"""Ingestion journey in Chromium: marketing uploads a CSV of interactions with its own headers,
maps them, reads the dry run, imports, and the account becomes "ready for handover" with the
checklist evidence on its dossier.

A screenshot of the dry run goes to ``test-artifacts/`` (gitignored).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from baton.accounts.models import Account, AccountDomain, Contact, Signal
from baton.engagement.models import Interaction
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _csv(tmp_path: Path) -> Path:
    """French Excel style: semicolons, BOM, day-first dates, headers of another tool."""
    today = timezone.localdate()

    def day(days_ago: int, hour: str) -> str:
        return (today - dt.timedelta(days=days_ago)).strftime("%d/%m/%Y ") + hour

    lines = [
        "Event ID;Kind;Quand;Company website;Contact;Page",
        f"hs-1;webinar_attended;{day(12, '10:00')};acme.fr;;",
        f"hs-2;web_visit;{day(8, '14h05')};www.acme.fr;;https://www.baton.fr/tarifs",
        f"hs-3;email_reply;{day(3, '09:30')};;claire.martin@acme.fr;",
        f"hs-4;web_visit;{day(2, '11:00')};newco.example;;https://www.baton.fr/blog",
        f"hs-5;visite;{day(1, '11:00')};acme.fr;;",
    ]
    path = tmp_path / "hubspot-export.csv"
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def acme(make_user):
    make_user("marketing", email="julie@example.com", first_name="Julie")
    account = Account.objects.create(name="Acme Industries", size_band="51-200")
    AccountDomain.objects.create(account=account, domain="acme.fr", is_primary=True)
    Contact.objects.create(
        account=account,
        first_name="Claire",
        last_name="Martin",
        title="CEO",
        email="claire.martin@acme.fr",
        committee_role="decision_maker",
        is_identified=True,
        is_reachable=True,
    )
    Signal.objects.create(
        account=account,
        kind="fundraising",
        description="Series B",
        occurred_on=timezone.localdate() - dt.timedelta(days=10),
        is_confirmed=True,
    )
    return account


def _login(page: Page, base: str, email: str) -> None:
    page.goto(base + reverse("login"))
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/$"))


def test_ingestion_journey(live_server, browser: Browser, acme, tmp_path: Path) -> None:
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    _login(page, base, "julie@example.com")

    # Upload the file as marketing interactions.
    page.goto(base + reverse("accounts:import"))
    page.select_option("#id_kind", "interactions")
    page.set_input_files("#id_file", str(_csv(tmp_path)))
    page.get_by_role("button", name="Next: map the columns").click()

    # Map the headers the export tool chose.
    expect(page.locator("h1")).to_have_text("Map the columns")
    page.get_by_label("Event ID").select_option("external_id")
    page.get_by_label("Kind").select_option("type")
    page.get_by_label("Quand").select_option("occurred_at")
    page.get_by_label("Company website").select_option("domain")
    page.get_by_label("Contact").select_option("email")
    page.get_by_label("Page").select_option("page_url")
    page.get_by_role("button", name="Next: preview").click()

    # The dry run: exact counts, the bad row named, nothing saved yet.
    expect(page.locator("h1")).to_have_text("Preview of the import")
    expect(page.locator('dd[data-count="created"]')).to_have_text("3")
    expect(page.locator('dd[data-count="unmatched"]')).to_have_text("1")
    expect(page.locator('dd[data-count="rejected"]')).to_have_text("1")
    bad_row = page.get_by_role("row").filter(has_text="(got 'visite')")
    expect(bad_row.locator("td").first).to_have_text("6")
    expect(bad_row).to_contain_text("Kind")
    page.screenshot(path=str(ARTIFACTS / "ingestion-dry-run.png"), full_page=True)
    assert Interaction.objects.count() == 0

    # Import: the events are stored and the account judged again.
    page.get_by_role("button", name="Import").click()
    expect(page.locator('dd[data-count="created"]')).to_have_text("3")
    assert Interaction.objects.filter(account=acme).count() == 3
    assert Interaction.objects.filter(account__isnull=True).count() == 1

    # The account is on the ready queue.
    page.goto(base + reverse("qualification:ready"))
    queue = page.locator("#ready-queue")
    expect(queue).to_contain_text("Acme Industries")
    queue.get_by_role("link", name="Acme Industries").click()

    # Its dossier shows the checklist with the evidence of each line.
    checklist = page.locator(".qualification-checklist")
    expect(checklist).to_contain_text("Ready for handover")
    expect(checklist.locator("li.is-pass")).to_have_count(5)
    expect(checklist.locator("li.is-fail")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "ingestion-dossier.png"), full_page=True)

    # The unmatched event waits on its page.
    page.goto(base + reverse("engagement:unmatched"))
    expect(page.locator("#unmatched-companies")).to_contain_text("newco.example")
    context.close()


def test_a_big_file_is_checked_and_imported_by_the_worker_while_the_page_follows(
    live_server, browser: Browser, acme, tmp_path: Path, settings
) -> None:
    """Above ``BATON_IMPORT_INLINE_MB`` the page waits for the worker and follows its runs by
    itself (HTMX polling), from the check to the preview, then from the import to its summary."""
    from baton.core.importing import jobs

    settings.BATON_IMPORT_INLINE_BYTES = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    _login(page, base, "julie@example.com")
    page.goto(base + reverse("accounts:import"))
    page.select_option("#id_kind", "interactions")
    page.set_input_files("#id_file", str(_csv(tmp_path)))
    page.get_by_role("button", name="Next: map the columns").click()
    for label, field in (
        ("Event ID", "external_id"), ("Kind", "type"), ("Quand", "occurred_at"),
        ("Company website", "domain"), ("Contact", "email"), ("Page", "page_url"),
    ):  # fmt: skip
        page.get_by_label(label).select_option(field)
    page.get_by_role("button", name="Next: preview").click()

    expect(page.locator("h1")).to_have_text("Checking the file")
    expect(page.locator("#import-progress")).to_contain_text("Waiting for the worker to start")
    assert jobs.sweep(timezone.now()) == 1  # the worker checks the file
    expect(page.locator("h1")).to_have_text("Preview of the import")  # no reload by hand
    expect(page.locator('dd[data-count="created"]')).to_have_text("3")
    expect(page.locator('dd[data-count="rejected"]')).to_have_text("1")
    assert Interaction.objects.count() == 0

    page.get_by_role("button", name="Import").click()
    expect(page.locator("h1")).to_have_text("Importing the file")
    assert Interaction.objects.count() == 0
    assert jobs.sweep(timezone.now()) == 1  # the worker imports it
    expect(page.locator("h1")).to_have_text("Import finished")
    expect(page.locator('dd[data-count="created"]')).to_have_text("3")
    assert Interaction.objects.filter(account=acme).count() == 3
    context.close()
