"""Qualification API: queue, engaged, evaluations, rule sets; role matrix; refused writes."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from baton.core.roles import Role
from baton.qualification import services
from baton.qualification.defaults import DEFAULT_CONFIG
from baton.qualification.models import Evaluation, RuleSet
from baton.qualification.tasks import recompute_sweep
from tests.qualification.conftest import NOW, account, deal, ready_account

pytestmark = pytest.mark.django_db
ROLES = [r.value for r in Role]
API = "/api/v1"


@pytest.fixture
def judged() -> dict[str, Any]:
    old = ready_account("Old", signal_days_ago=20)
    new = ready_account("New", signal_days_ago=2)
    border = ready_account("Border")
    deal(border)
    quiet = account("Quiet")
    services.evaluate_accounts(now=NOW)
    return {"old": old, "new": new, "border": border, "quiet": quiet}


def post(client: Client, url: str, body: Any = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


@pytest.mark.parametrize(
    "path",
    ["/qualification/queue", "/qualification/engaged", "/qualification/rulesets"],
)
def test_reads_role_matrix(api_as: Callable[[str | None], Client], path: str) -> None:
    assert api_as(None).get(API + path).status_code == 401
    for role in ROLES:
        assert api_as(role).get(API + path).status_code == 200, role


def test_queue(api_as: Callable[[str | None], Client], judged: dict[str, Any]) -> None:
    body = api_as("sales_rep").get(f"{API}/qualification/queue").json()
    assert body["ready_count"] == 2
    assert [i["account_name"] for i in body["ready"]] == ["New", "Old"]
    assert body["ready"][0]["last_signal_on"] == "2026-03-29"
    assert [(i["account_name"], i["failing"]) for i in body["borderline"]] == [
        ("Border", ["no_open_deal"])
    ]
    page = api_as("sales_rep").get(f"{API}/qualification/queue?limit=1&offset=1").json()
    assert [i["account_name"] for i in page["ready"]] == ["Old"]


def test_engaged(api_as: Callable[[str | None], Client], judged: dict[str, Any]) -> None:
    body = api_as("leadership").get(f"{API}/qualification/engaged").json()
    assert (body["engaged_targets"], body["targets"], body["count"]) == (3, 4, 3)


def test_latest_evaluation_with_lines_and_evidence(
    api_as: Callable[[str | None], Client], judged: dict[str, Any]
) -> None:
    client = api_as("marketing")
    body = client.get(f"{API}/accounts/{judged['border'].pk}/evaluation").json()
    assert (body["ready"], body["borderline"], body["level"], body["score"]) == (
        False,
        True,
        "cold",
        35,
    )
    assert [(x["code"], x["passed"]) for x in body["lines"]] == [
        ("icp", True),
        ("engagement", True),
        ("decision_maker", True),
        ("buying_signal", True),
        ("no_open_deal", False),
    ]
    engagement = body["lines"][1]
    assert [e["text"] for e in engagement["evidence"]] == [
        "webinar 12/03",
        "pricing page 14/03",
        "email reply 20/03",
    ]
    assert body["model_score"] is None
    assert client.get(f"{API}/accounts/999999/evaluation").status_code == 404


def test_unevaluated_account_is_404(api_as: Callable[[str | None], Client]) -> None:
    acc = account("Fresh")
    response = api_as("marketing").get(f"{API}/accounts/{acc.pk}/evaluation")
    assert response.status_code == 404
    assert response.json() == {
        "errors": [{"field": None, "reason": f"the account {acc.pk} has not been evaluated yet"}]
    }


def test_history(api_as: Callable[[str | None], Client], judged: dict[str, Any]) -> None:
    services.evaluate_accounts(now=NOW.replace(month=5))  # window moved: verdicts change
    body = api_as("leadership").get(f"{API}/accounts/{judged['new'].pk}/evaluations").json()
    assert [(e["engaged"], e["rule_version"]) for e in body] == [(False, 1), (True, 1)]


def test_rule_set_lifecycle_for_admin(
    api_as: Callable[[str | None], Client], judged: dict[str, Any]
) -> None:
    admin = api_as("admin")
    cfg = copy.deepcopy(DEFAULT_CONFIG)
    cfg["engagement"]["min_interactions"] = 4
    created = post(admin, f"{API}/qualification/rulesets", {"config": cfg, "note": "Stricter"})
    assert created.status_code == 201
    draft = created.json()
    assert (draft["version"], draft["status"], draft["note"]) == (2, "draft", "Stricter")
    preview = post(admin, f"{API}/qualification/rulesets/{draft['id']}/preview").json()
    assert {
        k: preview[k] for k in ("ready_before", "ready_after", "loses_ready", "loses_engaged")
    } == {
        "ready_before": 2,
        "ready_after": 0,
        "loses_ready": 2,
        "loses_engaged": 3,
    }
    assert [c["account_name"] for c in preview["changes"]] == ["Border", "New", "Old"]
    activated = post(admin, f"{API}/qualification/rulesets/{draft['id']}/activate").json()
    assert (activated["rule_set"]["status"], activated["previous_version"]) == ("active", 1)
    assert activated["recompute"] is None  # the worker re-judges every account
    assert recompute_sweep(NOW) == 4
    assert Evaluation.objects.filter(is_latest=True, rule_set__version=2).count() == 4
    again = post(admin, f"{API}/qualification/rulesets/{draft['id']}/activate")
    assert again.status_code == 409


def test_invalid_rule_set_is_400_with_the_field(api_as: Callable[[str | None], Client]) -> None:
    cfg = copy.deepcopy(DEFAULT_CONFIG)
    cfg["readiness"]["opens_required"] = 9
    response = post(api_as("admin"), f"{API}/qualification/rulesets", {"config": cfg})
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": "readiness.opens_required", "reason": "must be between 1 and 5"}]
    }
    assert RuleSet.objects.count() == 1


@pytest.mark.parametrize("role", ["marketing", "sales_rep", "sales_manager", "leadership", None])
def test_refused_writes_change_nothing(
    api_as: Callable[[str | None], Client], users: dict[str, Any], role: str | None
) -> None:
    draft = services.rule_set_create_draft(actor=users["admin"], config=DEFAULT_CONFIG)
    before = list(RuleSet.objects.values_list("pk", "status", "version"))
    client = api_as(role)
    expected = 401 if role is None else 403
    assert (
        post(client, f"{API}/qualification/rulesets", {"config": DEFAULT_CONFIG}).status_code
        == expected
    )
    assert post(client, f"{API}/qualification/rulesets/{draft.pk}/preview").status_code == expected
    assert post(client, f"{API}/qualification/rulesets/{draft.pk}/activate").status_code == expected
    assert list(RuleSet.objects.values_list("pk", "status", "version")) == before


def test_evaluation_texts_in_the_callers_language(
    api_as: Callable[[str | None], Client], users: dict[str, Any], judged: dict[str, Any]
) -> None:
    users["marketing"].language = "fr"
    users["marketing"].save(update_fields=["language"])
    body = api_as("marketing").get(f"{API}/accounts/{judged['border'].pk}/evaluation").json()
    assert body["lines"][1]["text"] == (
        "3 interactions significatives en 30 jours\u00a0: webinaire 12/03, page tarifs 14/03, "
        "réponse à un email 20/03"
    )
    assert body["level_label"] == "froid"
