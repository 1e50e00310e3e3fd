"""Journeys through the shell in Chromium: keyboard sign-in, language switch, HTMX revoke."""

from typing import Any

import pytest

from baton.users.models import ApiToken
from baton.users.services import user_create
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "fr-FR"}


@pytest.fixture
def member(transactional_db: None) -> Any:
    return user_create(
        email="lea@example.com",
        role="leadership",
        password=PASSWORD,
        first_name="Léa",
        last_name="Martin",
        language="fr",
    )


def test_keyboard_sign_in_language_switch_and_htmx_revoke(
    live_server: Any, page: Any, member: Any
) -> None:
    page.goto(f"{live_server.url}/login/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_label("Courriel").fill("lea@example.com")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/accounts/")

    # The skip link is the first keyboard stop, visible on focus, and jumps to <main>.
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Switch to English: saved on the user, next page in English.
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    member.refresh_from_db()
    assert member.language == "en"

    # Create a token (shown once), then revoke it through HTMX (CSRF header from <body>).
    page.goto(f"{live_server.url}/me/tokens/")
    page.get_by_label("Token name").fill("BI export")
    page.get_by_role("button", name="Create the token").click()
    raw = page.get_by_label("Token value").input_value()
    assert raw.startswith("bat_")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke BI export").click()
    page.locator("tr.is-inactive").wait_for()
    assert "Revoked on" in page.locator("tr.is-inactive").inner_text()
    assert ApiToken.objects.get(name="BI export").revoked_at is not None
