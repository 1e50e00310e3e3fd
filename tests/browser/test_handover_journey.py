"""Handover journey in Chromium: marketing proposes a ready account; the rep (another browser
context) sees it, accepts, logs the first contact and moves it to opportunity; the audit
timeline shows all of it; leadership sees the board and cannot act.

Screenshots go to ``test-artifacts/`` (gitignored).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from baton.handovers.models import AssignmentRule, Handover, HandoverEvent
from tests.conftest import PASSWORD
from tests.handovers.conftest import make_account

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def journey(make_user: Any) -> dict[str, Any]:
    marketing = make_user("marketing", email="julie@example.com", first_name="Julie")
    rep = make_user("sales_rep", email="camille@example.com", first_name="Camille")
    make_user("leadership", email="anne@example.com", first_name="Anne")
    AssignmentRule.objects.create(order=1, name="France", countries=["FR"], rep=rep)
    account = make_account("Acme Industrie", marketing_owner=marketing)
    return {"account": account, "rep": rep}


def login(browser: Browser, base: str, email: str) -> Page:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(base + reverse("login"))
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/$"))
    page.locator('.language-switch button[value="en"]').click()
    return page


def act(page: Page, action: str, fill: dict[str, str] | None = None) -> None:
    box = page.locator(f"#action-{action}")
    box.locator("summary").click()
    for selector, value in (fill or {}).items():
        field = box.locator(selector)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    box.locator("button[type=submit]").click()


def test_handover_journey(live_server: Any, browser: Browser, journey: dict[str, Any]) -> None:
    base = live_server.url
    account = journey["account"]
    ARTIFACTS.mkdir(exist_ok=True)

    # Marketing proposes the ready account.
    marketing = login(browser, base, "julie@example.com")
    marketing.goto(base + reverse("handovers:propose", args=[account.pk]))
    expect(marketing.locator("main")).to_contain_text(
        "The account passes the whole qualification checklist."
    )
    expect(marketing.locator(".assignment-steps")).to_contain_text("Rule “France” applies.")
    marketing.locator("main form button[type=submit]").click()
    expect(marketing.locator("#stage")).to_have_text("Qualified by marketing")
    expect(marketing.locator(".message--success")).to_contain_text(
        "Acme Industrie is handed over to Camille"
    )
    expect(marketing.locator("#actions")).to_have_count(0)  # marketing waits for sales
    handover = Handover.objects.get(account=account)

    # The rep, in another browser context, finds it in "My handovers" and works it.
    rep = login(browser, base, "camille@example.com")
    rep.get_by_role("link", name="Handovers").click()
    expect(rep.locator("#column-proposed")).to_contain_text("Acme Industrie")
    rep.get_by_role("link", name="My handovers").click()
    rep.locator("#my-handovers").get_by_role("link", name="Acme Industrie").click()
    expect(rep.locator("#evidence")).to_contain_text("Sophie Martin, Directrice marketing")
    act(rep, "accept")
    expect(rep.locator("#stage")).to_have_text("Sales briefing")
    expect(rep.locator("#deadlines")).to_contain_text("Briefing scheduled")
    act(rep, "log_first_contact", {"select": "phone"})
    expect(rep.locator("#stage")).to_have_text("Approaching")
    act(
        rep,
        "move_to_opportunity",
        {
            'input[name="move_to_opportunity-name"]': "Acme platform",
            'input[name="move_to_opportunity-amount"]': "42000",
        },
    )
    expect(rep.locator("#stage")).to_have_text("Opportunity")
    timeline = rep.locator("#timeline li")
    expect(timeline).to_have_count(4)
    expect(timeline.nth(0)).to_contain_text("Proposed")
    expect(timeline.nth(0)).to_contain_text("Julie")
    expect(timeline.nth(1)).to_contain_text("Accepted")
    expect(timeline.nth(2)).to_contain_text("First contact logged")
    expect(timeline.nth(3)).to_contain_text("Moved to opportunity")
    expect(timeline.nth(3)).to_contain_text("Camille")
    rep.screenshot(path=str(ARTIFACTS / "handover-detail.png"), full_page=True)
    assert list(
        HandoverEvent.objects.filter(handover=handover).values_list("action", flat=True)
    ) == ["propose", "accept", "log_first_contact", "move_to_opportunity"]

    # Leadership sees the board and the timeline, and cannot act.
    boss = login(browser, base, "anne@example.com")
    boss.get_by_role("link", name="Handovers").click()
    expect(boss.locator("#column-opportunity")).to_contain_text("Acme Industrie")
    boss.screenshot(path=str(ARTIFACTS / "handover-board.png"), full_page=True)
    boss.locator("#column-opportunity").get_by_role("link", name="Acme Industrie").click()
    expect(boss.locator("#timeline li")).to_have_count(4)
    expect(boss.locator("#actions")).to_have_count(0)
    expect(boss.locator("main form[method=post]")).to_have_count(0)
    token = boss.locator('input[name="csrfmiddlewaretoken"]').first.get_attribute("value")
    response = boss.request.post(
        base + reverse("handovers:act", args=[handover.pk, "close_won"]),
        form={"csrfmiddlewaretoken": token or ""},
        headers={"Referer": base + reverse("handovers:detail", args=[handover.pk])},
    )
    assert response.status == 403
    handover.refresh_from_db()
    assert handover.stage == "opportunity"
