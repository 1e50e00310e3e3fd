"""Qualification pages: role matrix, queue content and order, query count, rules editing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baton.core.roles import Role
from baton.qualification import services
from baton.qualification.defaults import DEFAULT_CONFIG
from baton.qualification.forms import RuleSetForm
from baton.qualification.models import Evaluation, RuleSet
from tests.qualification.conftest import NOW, account, deal, ready_account, touch

pytestmark = pytest.mark.django_db
ROLES = [r.value for r in Role]


@pytest.fixture
def judged() -> dict[str, Any]:
    ready = ready_account("Ready Co")
    border = ready_account("Border Co")
    deal(border, name="Pilot 2026")
    engaged = account("Busy Co", is_target=False)
    for days in (1, 2, 3):
        touch(engaged, "meeting", days)
    account("Quiet Co")
    services.evaluate_accounts(now=NOW)
    return {"ready": ready, "border": border, "engaged": engaged}


def _form_data(**overrides: Any) -> dict[str, Any]:
    initial = RuleSetForm.initial_from(RuleSet.objects.get(status="active").config)
    data: dict[str, Any] = {}
    for key, value in initial.items():
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list):
            data[key] = value
        else:
            data[key] = str(value)
    data.update(overrides)
    return data


@pytest.mark.parametrize("name", ["ready", "engaged", "rules"])
def test_read_pages_role_matrix(client_as: Callable[[str | None], Client], name: str) -> None:
    url = reverse(f"qualification:{name}")
    assert client_as(None).get(url).status_code == 302
    for role in ROLES:
        assert client_as(role).get(url).status_code == 200, role


def test_history_page_role_matrix(
    client_as: Callable[[str | None], Client], judged: dict[str, Any]
) -> None:
    url = reverse("qualification:history", args=[judged["ready"].pk])
    assert client_as(None).get(url).status_code == 302
    for role in ROLES:
        response = client_as(role).get(url)
        assert response.status_code == 200, role
    assert (
        client_as("leadership").get(reverse("qualification:history", args=[999999])).status_code
        == 404
    )


def test_ready_queue_page(
    client_as: Callable[[str | None], Client], judged: dict[str, Any]
) -> None:
    body = client_as("sales_rep").get(reverse("qualification:ready")).content.decode()
    queue = body.split('id="ready-queue"')[1].split("</table>")[0]
    assert "Ready Co" in queue
    assert "Border Co" not in queue
    borderline = body.split('id="borderline-queue"')[1].split("</table>")[0]
    assert "Border Co" in borderline
    expected = "No deal already open</strong> — A deal is already open: Pilot 2026, opened 19/02"
    assert expected in borderline


@pytest.mark.parametrize(
    ("role", "proposes"),
    [("marketing", True), ("admin", True), ("sales_rep", False), ("sales_manager", False),
     ("leadership", False)],
)  # fmt: skip
def test_queue_rows_link_the_dossier_the_history_and_propose_for_marketing_only(
    client_as: Callable[[str | None], Client], judged: dict[str, Any], role: str, proposes: bool
) -> None:
    body = client_as(role).get(reverse("qualification:ready")).content.decode()
    for name, table in (("ready", "ready-queue"), ("border", "borderline-queue")):
        pk = judged[name].pk
        rows = body.split(f'id="{table}"')[1].split("</table>")[0]
        assert f'<a href="{reverse("accounts:detail", args=[pk])}">' in rows
        propose = (
            '<a class="button button--small propose-handover" '
            f'href="{reverse("handovers:propose", args=[pk])}">Propose handover</a>'
        )
        assert (propose in rows) is proposes
        assert rows.count("propose-handover") == (1 if proposes else 0)
    ready_rows = body.split('id="ready-queue"')[1].split("</table>")[0]
    history = reverse("qualification:history", args=[judged["ready"].pk])
    assert f'<a href="{history}">' in ready_rows


def test_ready_queue_query_count_is_bounded(client_as: Callable[[str | None], Client]) -> None:
    client = client_as("marketing")
    url = reverse("qualification:ready")

    def count() -> int:
        services.evaluate_accounts(now=NOW)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    for i in range(2):
        deal(ready_account(f"B{i}"))
        ready_account(f"R{i}")
    small = count()
    for i in range(2, 12):
        deal(ready_account(f"B{i}"))
        ready_account(f"R{i}")
    assert count() == small
    assert small <= 10


def test_engaged_page(client_as: Callable[[str | None], Client], judged: dict[str, Any]) -> None:
    body = client_as("leadership").get(reverse("qualification:engaged")).content.decode()
    assert "2 of 3 target accounts engaged" in body
    listing = body.split('id="engaged-list"')[1]
    assert "Ready Co" in listing
    assert "Busy Co" in listing
    assert "Quiet Co" not in listing


def test_rules_page_shows_rules_in_words(client_as: Callable[[str | None], Client]) -> None:
    body = client_as("sales_rep").get(reverse("qualification:rules")).content.decode()
    assert "at least 3 significant interactions over the last 30 days" in body
    assert "Save as a draft" not in body  # only admins edit
    assert (
        "Save as a draft" in client_as("admin").get(reverse("qualification:rules")).content.decode()
    )


@pytest.mark.parametrize("role", ["marketing", "sales_rep", "sales_manager", "leadership"])
def test_refused_rule_edits_change_nothing(
    client_as: Callable[[str | None], Client], judged: dict[str, Any], role: str
) -> None:
    draft = services.rule_set_create_draft(
        actor=services_admin(), config=DEFAULT_CONFIG, note="draft"
    )
    before = (list(RuleSet.objects.values_list("pk", "status")), Evaluation.objects.count())
    client = client_as(role)
    assert client.post(reverse("qualification:rules"), _form_data()).status_code == 403
    assert client.get(reverse("qualification:preview", args=[draft.pk])).status_code == 403
    assert client.post(reverse("qualification:activate", args=[draft.pk])).status_code == 403
    assert (list(RuleSet.objects.values_list("pk", "status")), Evaluation.objects.count()) == before


def services_admin() -> Any:
    from baton.users.models import User

    return User.objects.get(role="admin")


def test_admin_edits_previews_and_activates(
    client_as: Callable[[str | None], Client],
    judged: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(services, "worker_available", lambda: False)
    admin = client_as("admin")
    response = admin.post(
        reverse("qualification:rules"), _form_data(min_interactions="4", note="Stricter engagement")
    )
    draft = RuleSet.objects.get(version=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("qualification:preview", args=[draft.pk])
    assert (draft.status, draft.note, draft.config["engagement"]["min_interactions"]) == (
        "draft",
        "Stricter engagement",
        4,
    )
    preview = admin.get(response["Location"]).content.decode()
    assert "Ready for handover: 1 → 0 (0 gained, 1 lost)" in preview
    assert "Engaged: 3 → 0 (0 gained, 3 lost)" in preview
    response = admin.post(reverse("qualification:activate", args=[draft.pk]), follow=True)
    assert (
        "Version 2 is active: 4 accounts judged again, 4 new verdicts." in response.content.decode()
    )
    assert Evaluation.objects.filter(is_latest=True, rule_set=draft).count() == 4


def test_admin_invalid_form_creates_nothing(client_as: Callable[[str | None], Client]) -> None:
    response = client_as("admin").post(
        reverse("qualification:rules"), _form_data(hot="30", warm="40")
    )
    assert response.status_code == 200
    assert "must be below the hot threshold" in response.content.decode()
    assert RuleSet.objects.count() == 1


def test_pages_in_french(
    client_as: Callable[[str | None], Client], users: dict[str, Any], judged: dict[str, Any]
) -> None:
    users["admin"].language = "fr"
    users["admin"].save(update_fields=["language"])
    client = client_as("admin")
    ready = client.get(reverse("qualification:ready")).content.decode()
    assert "Un deal est déjà en cours\u00a0: Pilot 2026, ouvert le 19/02" in ready
    engaged = client.get(reverse("qualification:engaged")).content.decode()
    assert "2 comptes cibles engagés sur 3" in engaged
    history = client.get(reverse("qualification:history", args=[judged["ready"].pk])).content
    assert "Checklist de qualification" in history.decode()
    rules = client.get(reverse("qualification:rules")).content.decode()
    assert "Enregistrer en brouillon" in rules
