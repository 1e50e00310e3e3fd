"""When an HTMX form fails, the page says so and keeps what was typed: the server's error
page (here a 403, after an administrator changed the person's role) shows at the bottom of the
window until closed or until the next request; a session that ended sends the whole page to
the sign-in form, then back to the dossier."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from playwright.sync_api import Browser, expect

from baton.accounts.models import Account, Pain
from baton.users.models import User
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_failed_htmx_form_says_why_and_keeps_the_entry(
    live_server, browser: Browser, make_user
) -> None:
    julie = make_user("marketing", email="julie@example.com", first_name="Julie")
    account = Account.objects.create(name="Acme Industries")
    base = live_server.url
    dossier = base + reverse("accounts:detail", args=[account.pk])
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(base + reverse("login"))
    page.fill("#id_username", "julie@example.com")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/$"))

    page.goto(dossier)
    pains = page.locator("#pains")
    pains.get_by_text("Add pain").click()
    pains.get_by_label("Pain").fill("Pas de vision du pipeline")
    alert = page.locator("#request-error")
    expect(alert).to_be_hidden()

    # An administrator made Julie leadership (read-only) meanwhile: the form gets a 403.
    User.objects.filter(pk=julie.pk).update(role="leadership")
    pains.get_by_role("button", name="Add").click()
    expect(alert).to_contain_text("Access refused")
    expect(alert).to_contain_text("Your role does not allow this page or action.")
    expect(pains.get_by_label("Pain")).to_have_value("Pas de vision du pipeline")
    assert Pain.objects.count() == 0
    # Shown at the bottom of the window, wherever the form is; it closes.
    page.set_viewport_size({"width": 1000, "height": 500})
    pains.get_by_role("button", name="Add").scroll_into_view_if_needed()
    expect(alert).to_be_in_viewport()
    alert.get_by_role("button", name="Close this message").click()
    expect(alert).to_be_hidden()
    pains.get_by_role("button", name="Add").click()
    expect(alert).to_contain_text("Access refused")

    # Back to marketing: the same entry goes through and the message goes away.
    User.objects.filter(pk=julie.pk).update(role="marketing")
    pains.get_by_role("button", name="Add").click()
    expect(page.locator("#pains li")).to_contain_text("Pas de vision du pipeline")
    expect(alert).to_be_hidden()
    assert list(Pain.objects.values_list("description", flat=True)) == ["Pas de vision du pipeline"]

    # The session ended: the whole page goes to the sign-in form, and back to the dossier.
    Session.objects.all().delete()
    page.locator("#pains").get_by_text("Add pain").click()
    page.locator("#pains").get_by_label("Pain").fill("Silos")
    page.locator("#pains").get_by_role("button", name="Add").click()
    expect(page).to_have_url(
        re.compile(re.escape(reverse("login")) + r"\?next=" + re.escape(f"/accounts/{account.pk}/"))
    )
    expect(page.locator("#pains")).to_have_count(0)
    page.fill("#id_username", "julie@example.com")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(dossier)
    context.close()
