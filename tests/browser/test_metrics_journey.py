"""Metrics journey in Chromium: leadership reads the dashboard in French — the five shared
metrics with their targets and charts drawn from the vendored library — and the accounts behind
"engaged" are exactly the target accounts the qualification page shows as engaged."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from baton.accounts.models import Account
from baton.engagement.models import Interaction
from baton.metrics import definitions as d
from baton.metrics.services import target_set
from baton.qualification.services import evaluate_accounts
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def metrics_data(make_user):
    marketing = make_user("marketing", email="julie@example.com")
    make_user("leadership", email="anne@example.com", language="fr")
    now = timezone.now()
    for n, (name, meetings) in enumerate(
        [("Atlas", 3), ("Borée", 4), ("Cyclone", 1), ("Dune", 0), ("Éole", 3)]
    ):
        account = Account.objects.create(
            name=name, industry="Tech" if n % 2 else "Industrie", size_band="51-200",
            is_target=name != "Éole", targeted_on=dt.date(2026, 1, 5),
        )  # fmt: skip
        for i in range(meetings):
            Interaction.objects.create(
                external_id=f"j-{name}-{i}",
                type="meeting",
                occurred_at=now - dt.timedelta(days=2 + i),
                account=account,
            )
    evaluate_accounts()
    quarter = f"{now.year}-Q{(now.month - 1) // 3 + 1}"
    for metric_id, value, risk in (
        (d.ENGAGED, "3", "2"),
        (d.CONVERSION, "10", "5"),
        (d.VELOCITY, "1000", "500"),
        (d.INFLUENCE, "60", "40"),
        (d.ROI, "3", "2"),
    ):
        target_set(actor=marketing, metric_id=metric_id, quarter=quarter,
                   value=Decimal(value), at_risk=Decimal(risk))  # fmt: skip


def _login(page: Page, base: str, email: str) -> None:
    page.goto(base + reverse("login"))
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/$"))


def test_metrics_journey(live_server, browser: Browser, metrics_data):
    base = live_server.url
    page = browser.new_page(locale="fr-FR")
    external = []
    page.on(
        "request",
        lambda r: external.append(r.url) if not r.url.startswith(base) else None,
    )
    _login(page, base, "anne@example.com")
    page.goto(base + reverse("metrics:dashboard"))
    expect(page.locator("h1")).to_have_text("Métriques partagées")
    cards = page.locator(".metric-card")
    expect(cards).to_have_count(5)
    for metric_id in d.DEFAULT_DASHBOARD:
        card = page.locator(f"#metric-{metric_id}")
        expect(card.locator(".metric-state")).to_be_visible()
        expect(card.locator(".metric-thresholds")).to_contain_text("objectif")
    engaged = page.locator("#metric-engaged_accounts")
    expect(engaged.locator(".metric-value")).to_contain_text("2 sur 4 comptes cibles")
    expect(engaged.locator(".metric-state")).to_have_text("! À surveiller")
    expect(page.locator("#executive-summary")).to_contain_text("4 comptes ciblés, 2 engagés")
    expect(page.locator("body")).to_have_attribute("data-charts", "drawn")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "metrics-dashboard-fr.png"), full_page=True)

    engaged.get_by_role("link", name="Comptes derrière le chiffre").click()
    drilled = page.locator("#metric-accounts tbody th").all_inner_texts()
    assert drilled == ["Atlas", "Borée"]

    page.goto(base + reverse("qualification:engaged"))
    rows = page.locator("#engaged-list tbody tr")
    shown = sorted(
        row.locator("th").inner_text()
        for row in rows.all()
        if row.locator("td").first.inner_text().strip() == "oui"
    )
    assert shown == drilled

    # The weekly review pack: the list of weeks, last week's page, its PDF with the summary.
    page.goto(base + reverse("metrics:weekly"))
    expect(page.locator("h1")).to_have_text("Revue hebdomadaire")
    page.locator("#weeks tbody th a").first.click()
    expect(page.locator("#weekly-pack h1")).to_contain_text("Revue hebdomadaire")
    summary = page.locator("#executive-summary").inner_text()
    assert summary.startswith(f"T{(timezone.localdate().month - 1) // 3 + 1}")
    with page.expect_download() as download_info:
        page.locator("#download-pdf").click()
    pdf_path = download_info.value.path()
    data = Path(pdf_path).read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert _flat(summary) in _flat(text)
    assert external == []


def _flat(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())
