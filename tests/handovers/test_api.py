"""REST API: every action, refusals (403 role, 409 stage, 400 reason, 404), and the race of
20 parallel accept/reject calls on PostgreSQL (exactly one wins)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from baton.handovers.models import Handover, HandoverEvent
from baton.users.services import token_create
from tests.handovers.conftest import make_account

URL = "/api/v1/handovers"


def client(user: Any) -> Client:
    _, raw = token_create(user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.mark.django_db
def test_propose_then_walk_the_stages(people: Any, rule_to_rep: Any) -> None:
    acc = make_account(marketing_owner=people["marketing"])
    marketing, rep = client(people["marketing"]), client(people["rep"])
    r = marketing.post(URL, {"account_id": acc.pk}, content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    hid = body["id"]
    assert (body["stage"], body["rep"]["name"], body["account_name"]) == (
        "proposed",
        "Camille User2",
        "Acme Industrie",
    )
    assert [d["kind"] for d in body["deadlines"]] == ["reminder", "escalation"]
    assert body["assignment"] == [
        "Rule “France” applies.",
        "It names Camille User2, who is available.",
    ]
    steps = [
        ("accept", {}),
        ("briefing", {"at": "2026-03-03T09:30:00+01:00"}),
        ("first-contact", {"channel": "phone", "on": "2026-03-02"}),
        ("meetings", {"on": "2026-03-02", "note": "Discovery"}),
        ("opportunity", {"name": "Platform", "amount": "42000"}),
        ("close", {"outcome": "won"}),
    ]
    stages = []
    for path, payload in steps:
        r = rep.post(f"{URL}/{hid}/{path}", payload, content_type="application/json")
        assert r.status_code == 200, (path, r.content)
        stages.append(r.json()["stage"])
    assert stages == [
        "accepted",
        "accepted",
        "approaching",
        "approaching",
        "opportunity",
        "closed_won",
    ]
    detail = rep.get(f"{URL}/{hid}").json()
    assert [e["action"] for e in detail["events"]] == [
        "propose",
        "accept",
        "confirm_briefing",
        "log_first_contact",
        "log_meeting",
        "move_to_opportunity",
        "close_won",
    ]
    assert detail["events"][1]["actor"] == {"id": people["rep"].pk, "name": "Camille User2"}
    listed = rep.get(URL, {"stage": "closed_won"}).json()
    assert (listed["count"], listed["items"][0]["id"]) == (1, hid)


@pytest.mark.django_db
def test_refusals(people: Any, proposed: Handover) -> None:
    hid = proposed.pk
    r = client(people["rep"]).post(
        f"{URL}/{hid}/close", {"outcome": "won"}, content_type="application/json"
    )
    assert r.status_code == 409
    assert r.json() == {
        "errors": [
            {
                "field": "action",
                # Camille reads French: the API answers in the token owner's language.
                "reason": "«\u00a0Fermer gagné\u00a0» n\u2019est pas possible à l\u2019étape "
                "«\u00a0Qualifié Marketing\u00a0».",
            }
        ]
    }
    r = client(people["leadership"]).post(
        f"{URL}/{hid}/accept", {}, content_type="application/json"
    )
    assert r.status_code == 403
    r = client(people["rep2"]).post(f"{URL}/{hid}/accept", {}, content_type="application/json")
    assert r.status_code == 403
    r = client(people["rep"]).post(
        f"{URL}/{hid}/reject", {"reason": " "}, content_type="application/json"
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "reason"
    assert (
        client(people["rep"])
        .post(f"{URL}/999999/accept", {}, content_type="application/json")
        .status_code
        == 404
    )
    r = client(people["marketing"]).post(
        URL, {"account_id": proposed.account_id}, content_type="application/json"
    )
    assert r.status_code == 409
    r = client(people["rep"]).post(
        URL, {"account_id": proposed.account_id}, content_type="application/json"
    )
    assert r.status_code == 403  # sales reps do not propose
    assert Client().get(URL).status_code == 401
    proposed.refresh_from_db()
    assert proposed.stage == "proposed"
    assert HandoverEvent.objects.filter(handover=proposed).count() == 1


@pytest.mark.django_db
def test_disqualify_feedback_reassign_and_preview(people: Any, proposed: Handover) -> None:
    from django.utils import timezone

    from baton.handovers.models import Feedback

    hid = proposed.pk
    manager = client(people["manager"])
    r = manager.post(
        f"{URL}/{hid}/reassign",
        {"rep_id": people["rep2"].pk, "reason": "Load"},
        content_type="application/json",
    )
    assert (r.status_code, r.json()["rep"]["id"]) == (200, people["rep2"].pk)
    hugo = client(people["rep2"])
    assert hugo.post(f"{URL}/{hid}/accept", {}, content_type="application/json").status_code == 200
    Feedback.objects.create(handover_id=hid, checkpoint=14, requested_at=timezone.now())
    r = hugo.post(
        f"{URL}/{hid}/feedback/14",
        {"qualification_right": "no", "info_useful": "yes", "missing": "Budget", "outcome": "none"},
        content_type="application/json",
    )
    assert (r.status_code, r.json()["qualification_right"]) == (200, "no")
    r = hugo.post(
        f"{URL}/{hid}/disqualify",
        {"reason_code": "no_budget", "note": "2027"},
        content_type="application/json",
    )
    assert r.json()["stage"] == "disqualified"
    r = client(people["marketing"]).post(
        f"{URL}/{hid}/return-to-nurture", {}, content_type="application/json"
    )
    assert r.json()["stage"] == "returned_to_nurture"
    r = manager.get(f"{URL}/assignment/preview", {"account_id": proposed.account_id})
    assert r.json() == {
        "rep": {"id": people["rep"].pk, "name": "Camille User2"},
        "explanation": ["Rule “France” applies.", "It names Camille User2, who is available."],
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_accept_and_reject_calls_one_wins(people: Any, rule_to_rep: Any) -> None:
    from baton.handovers import services

    acc = make_account(marketing_owner=people["marketing"])
    h = services.handover_propose(actor=people["marketing"], account=acc)
    _, rep_token = token_create(user=people["rep"], name="race")
    _, manager_token = token_create(user=people["manager"], name="race")
    barrier = threading.Barrier(20)

    def call(i: int) -> int:
        token = rep_token if i % 2 == 0 else manager_token
        path, payload = ("accept", {}) if i % 4 < 2 else ("reject", {"reason": "Not now"})
        try:
            c = Client(headers={"Authorization": f"Bearer {token}"})
            barrier.wait(timeout=30)
            return c.post(
                f"{URL}/{h.pk}/{path}", payload, content_type="application/json"
            ).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(call, range(20)))
    assert sorted(codes) == [200] + [409] * 19
    h.refresh_from_db()
    assert h.stage in ("accepted", "rejected")
    decided = HandoverEvent.objects.filter(handover=h, action__in=["accept", "reject"])
    assert decided.count() == 1
    assert decided.get().to_state == h.stage
