"""Committee, signals, context, pains, projects and the whole dossier through the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from baton.accounts.models import AccountContext, Contact, Pain, Project, Signal
from baton.core.models import AuditEvent
from baton.users.models import User
from tests.accounts.test_api_helpers import Seed, seed, send, snapshot

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
STAMP = "2026-11-20T09:30:00Z"


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def data(users: dict[str, User], frozen: None) -> Seed:
    return seed(users)


@pytest.fixture
def api(api_as: Callable[[str | None], Client]) -> Client:
    return api_as("sales_rep")


def marie_json(data: Seed) -> dict[str, Any]:
    return {
        "id": data.marie.pk,
        "account_id": data.acme.pk,
        "first_name": "Marie",
        "last_name": "Dupont",
        "full_name": "Marie Dupont",
        "title": "DSI",
        "email": "marie.dupont@acme.fr",
        "phone": "",
        "linkedin_url": "",
        "topics": "",
        "committee_role": "decision_maker",
        "is_identified": True,
        "is_reachable": True,
        "is_engaged": False,
        "approach": "auto",
        "effective_approach": "contact_first",
        "notes": "",
        "external_id": None,
        "created_at": STAMP,
        "updated_at": STAMP,
    }


# Committee


def test_contact_detail_exact_body(api: Client, data: Seed) -> None:
    response = api.get(f"/api/v1/contacts/{data.marie.pk}")

    assert response.status_code == 200
    assert response.json() == marie_json(data)


def test_account_contacts_lists_the_committee(api: Client, data: Seed) -> None:
    response = api.get(f"/api/v1/accounts/{data.acme.pk}/contacts")

    body = response.json()
    assert body["count"] == 3
    assert [c["full_name"] for c in body["items"]] == ["Luc Bernard", "Marie Dupont", "Paul Martin"]
    assert [c["effective_approach"] for c in body["items"]] == [
        "influence",
        "contact_first",
        "avoid",
    ]


def test_account_contacts_of_unknown_account_is_404(api: Client, db: None) -> None:
    response = api.get("/api/v1/accounts/777/contacts")

    assert response.status_code == 404
    assert response.json() == {"errors": [{"field": "id", "reason": "no account with id 777"}]}


@pytest.mark.parametrize(("email", "count"), [("MARIE.DUPONT@acme.fr", 1), ("nobody@acme.fr", 0)])
def test_contact_lookup_by_email(api: Client, data: Seed, email: str, count: int) -> None:
    response = api.get("/api/v1/contacts", {"email": email})

    assert response.status_code == 200
    assert response.json()["count"] == count
    if count:
        assert response.json()["items"] == [marie_json(data)]


def test_contact_lookup_needs_an_email(api: Client, db: None) -> None:
    response = api.get("/api/v1/contacts")

    assert response.status_code == 422
    assert response.json() == {"errors": [{"field": "email", "reason": "Field required"}]}


def test_contact_create(api: Client, data: Seed) -> None:
    response = send(
        api,
        "POST",
        f"/api/v1/accounts/{data.acme.pk}/contacts",
        {
            "first_name": "Julie",
            "last_name": "Roux",
            "email": " Julie.Roux@ACME.fr ",
            "linkedin_url": "linkedin.com/in/julieroux",
            "committee_role": "champion",
            "is_reachable": True,
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["email"], body["linkedin_url"], body["effective_approach"]) == (
        "julie.roux@acme.fr",
        "https://linkedin.com/in/julieroux",
        "contact_first",
    )
    assert Contact.objects.get(pk=body["id"]).account == data.acme


def test_contact_create_with_a_taken_email_is_400(api: Client, data: Seed) -> None:
    before = snapshot()

    response = send(
        api,
        "POST",
        f"/api/v1/accounts/{data.beta.pk}/contacts",
        {"first_name": "Marie", "email": "marie.dupont@acme.fr"},
    )

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "email",
                "reason": "marie.dupont@acme.fr is already Marie Dupont at Acme Industrie",
            }
        ]
    }
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"first_name": "Ana", "email": "not-an-email"}, "email", "value is not a valid email"),
        (
            {"first_name": "Ana", "committee_role": "boss"},
            "committee_role",
            "must be one of decision_maker, champion, influencer, end_user, "
            "blocker, unknown (got 'boss')",
        ),
        (
            {"first_name": "Ana", "linkedin_url": "https://example.com/ana"},
            "linkedin_url",
            "must be a LinkedIn profile URL (https://www.linkedin.com/in/…)",
        ),
        ({"last_name": "Sans prénom"}, "first_name", "Field required"),
    ],
)
def test_contact_create_validation(
    api: Client, data: Seed, body: dict[str, Any], field: str, reason: str
) -> None:
    response = send(api, "POST", f"/api/v1/accounts/{data.acme.pk}/contacts", body)

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert errors[0]["reason"].startswith(reason)
    assert Contact.objects.count() == 3


def test_contact_update_is_partial(api: Client, data: Seed) -> None:
    response = send(api, "PATCH", f"/api/v1/contacts/{data.paul.pk}", {"approach": "influence"})

    assert response.status_code == 200
    body = response.json()
    assert (body["approach"], body["effective_approach"], body["committee_role"]) == (
        "influence",
        "influence",
        "blocker",
    )
    event = AuditEvent.objects.get(action="contact.updated")
    assert event.changes == {"approach": ["auto", "influence"]}


@pytest.mark.parametrize("field", ["first_name", "committee_role", "is_reachable"])
def test_contact_update_null_on_a_required_field_is_422(
    api: Client, data: Seed, field: str
) -> None:
    response = send(api, "PATCH", f"/api/v1/contacts/{data.marie.pk}", {field: None})

    assert response.status_code == 422
    assert response.json() == {"errors": [{"field": field, "reason": "may not be null"}]}


def test_contact_delete_keeps_the_signal(api: Client, data: Seed) -> None:
    response = api.delete(f"/api/v1/contacts/{data.marie.pk}")

    assert response.status_code == 204
    assert response.content == b""
    assert not Contact.objects.filter(pk=data.marie.pk).exists()
    data.signal.refresh_from_db()
    assert data.signal.contact is None
    assert api.delete(f"/api/v1/contacts/{data.marie.pk}").status_code == 404


# Signals


def test_account_signals_newest_first(api: Client, data: Seed) -> None:
    send(
        api,
        "POST",
        f"/api/v1/accounts/{data.acme.pk}/signals",
        {"kind": "demo_request", "description": "Demande de démo", "occurred_on": "2026-11-18"},
    )

    response = api.get(f"/api/v1/accounts/{data.acme.pk}/signals")

    assert response.json()["count"] == 2
    assert [(s["kind"], s["occurred_on"]) for s in response.json()["items"]] == [
        ("demo_request", "2026-11-18"),
        ("hiring", "2026-10-01"),
    ]


def test_signal_detail_exact_body(api: Client, data: Seed) -> None:
    response = api.get(f"/api/v1/signals/{data.signal.pk}")

    assert response.json() == {
        "id": data.signal.pk,
        "account_id": data.acme.pk,
        "kind": "hiring",
        "description": "Recrute trois développeurs data",
        "occurred_on": "2026-10-01",
        "source": "LinkedIn",
        "source_url": "",
        "is_confirmed": False,
        "contact_id": data.marie.pk,
        "created_at": STAMP,
        "updated_at": STAMP,
    }


def test_signal_create_with_another_accounts_person_is_400(api: Client, data: Seed) -> None:
    before = snapshot()
    other = Contact.objects.create(account=data.beta, first_name="Zoé")
    before = snapshot()

    response = send(
        api,
        "POST",
        f"/api/v1/accounts/{data.acme.pk}/signals",
        {"kind": "hiring", "description": "x", "occurred_on": "2026-11-01", "contact_id": other.pk},
    )

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {"field": "contact_id", "reason": f"no person with id {other.pk} on this account"}
        ]
    }
    assert snapshot() == before


def test_signal_create_with_a_bad_date_is_422(api: Client, data: Seed) -> None:
    response = send(
        api,
        "POST",
        f"/api/v1/accounts/{data.acme.pk}/signals",
        {"kind": "hiring", "description": "x", "occurred_on": "31/12/2026"},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "occurred_on"
    assert Signal.objects.count() == 1


def test_signal_confirm(api: Client, data: Seed) -> None:
    response = send(api, "PATCH", f"/api/v1/signals/{data.signal.pk}", {"is_confirmed": True})

    assert response.json()["is_confirmed"] is True
    assert AuditEvent.objects.filter(action="signal.confirmed").count() == 1


def test_signal_delete(api: Client, data: Seed) -> None:
    response = api.delete(f"/api/v1/signals/{data.signal.pk}")

    assert response.status_code == 204
    assert not Signal.objects.exists()
    assert AuditEvent.objects.filter(action="signal.deleted").count() == 1


def test_unknown_signal_is_404(api: Client, db: None) -> None:
    response = send(api, "PATCH", "/api/v1/signals/55", {"is_confirmed": True})

    assert response.status_code == 404
    assert response.json() == {"errors": [{"field": "id", "reason": "no buying signal with id 55"}]}


# Context, pains, projects


def test_context_detail_exact_body(api: Client, data: Seed) -> None:
    response = api.get(f"/api/v1/accounts/{data.acme.pk}/context")

    assert response.json() == {
        "context": {
            "account_id": data.acme.pk,
            "budget_min": {"amount": "20000.00", "currency": "EUR"},
            "budget_max": {"amount": "50000.00", "currency": "EUR"},
            "timing": "soon",
            "competitors": "",
            "tech_stack": "",
            "note": "",
            "updated_at": STAMP,
        },
        "pains": [
            {
                "id": data.pain.pk,
                "account_id": data.acme.pk,
                "description": "Reporting manuel",
                "origin": "expressed",
                "source": "",
                "created_at": STAMP,
            }
        ],
        "projects": [
            {
                "id": data.project.pk,
                "account_id": data.acme.pk,
                "description": "Migration ERP",
                "source": "",
                "source_url": "",
                "noted_on": "2026-09-01",
                "created_at": STAMP,
            }
        ],
    }


def test_context_of_an_account_without_one_is_empty_and_not_written(
    api: Client, data: Seed
) -> None:
    AccountContext.objects.filter(account=data.beta).delete()

    response = api.get(f"/api/v1/accounts/{data.beta.pk}/context")

    assert response.json()["context"]["budget_min"] is None
    assert response.json()["context"]["timing"] == "unknown"
    assert not AccountContext.objects.filter(account=data.beta).exists()


def test_context_update_is_partial(api: Client, data: Seed) -> None:
    response = send(
        api,
        "PATCH",
        f"/api/v1/accounts/{data.acme.pk}/context",
        {"budget_max": "80000", "budget_currency": "chf", "competitors": "Salesforce"},
    )

    assert response.status_code == 200
    context = response.json()["context"]
    assert context["budget_min"] == {"amount": "20000.00", "currency": "CHF"}
    assert context["budget_max"] == {"amount": "80000.00", "currency": "CHF"}
    assert (context["timing"], context["competitors"]) == ("soon", "Salesforce")


def test_context_budget_inverted_is_400(api: Client, data: Seed) -> None:
    before = snapshot()

    response = send(
        api, "PATCH", f"/api/v1/accounts/{data.acme.pk}/context", {"budget_min": "90000"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {"field": "budget_min", "reason": "the budget's lower bound is above its upper bound"}
        ]
    }
    assert snapshot() == before


def test_context_timing_null_is_422(api: Client, data: Seed) -> None:
    response = send(api, "PATCH", f"/api/v1/accounts/{data.acme.pk}/context", {"timing": None})

    assert response.status_code == 422
    assert response.json() == {"errors": [{"field": "timing", "reason": "may not be null"}]}


def test_pain_add_and_remove(api: Client, data: Seed) -> None:
    created = send(
        api,
        "POST",
        f"/api/v1/accounts/{data.acme.pk}/pains",
        {"description": "Pas de vision du pipeline", "origin": "detected", "source": "Webinar"},
    )
    pain_id = created.json()["id"]

    assert created.status_code == 201
    assert created.json()["source"] == "Webinar"
    assert api.delete(f"/api/v1/pains/{pain_id}").status_code == 204
    assert list(Pain.objects.values_list("pk", flat=True)) == [data.pain.pk]
    assert api.delete(f"/api/v1/pains/{pain_id}").json() == {
        "errors": [{"field": "id", "reason": f"no pain with id {pain_id}"}]
    }


def test_pain_with_a_bad_origin_is_422(api: Client, data: Seed) -> None:
    response = send(
        api, "POST", f"/api/v1/accounts/{data.acme.pk}/pains", {"description": "x", "origin": "?"}
    )

    assert response.status_code == 422
    assert response.json() == {
        "errors": [
            {
                "field": "origin",
                "reason": "must be one of expressed, detected (got '?')",
            }
        ]
    }


def test_project_add_and_remove(api: Client, data: Seed) -> None:
    created = send(
        api,
        "POST",
        f"/api/v1/accounts/{data.acme.pk}/projects",
        {"description": "Refonte du site", "source": "Communiqué", "noted_on": "2026-11-02"},
    )
    project_id = created.json()["id"]

    assert created.status_code == 201
    assert created.json()["noted_on"] == "2026-11-02"
    assert api.delete(f"/api/v1/projects/{project_id}").status_code == 204
    assert list(Project.objects.values_list("pk", flat=True)) == [data.project.pk]
    assert api.delete(f"/api/v1/projects/{project_id}").status_code == 404


# Dossier


def test_dossier_holds_every_section(api: Client, data: Seed, users: dict[str, User]) -> None:
    response = api.get(f"/api/v1/accounts/{data.acme.pk}/dossier")

    assert response.status_code == 200
    body = response.json()
    assert list(body) == [
        "account",
        "signals",
        "recent_interactions",
        "committee",
        "main_decision_maker",
        "context",
        "pains",
        "projects",
        "deals",
        "generated_at",
    ]
    assert body["account"]["domains"] == ["acme.fr", "acme.com"]
    assert [s["id"] for s in body["signals"]] == [data.signal.pk]
    interactions = body["recent_interactions"]
    assert (interactions["since"], interactions["count"]) == ("2026-08-22", 2)
    assert [(i["contact_name"], i["page_category"]) for i in interactions["items"]] == [
        ("Marie Dupont", "pricing"),
        (None, "pricing"),
    ]
    assert interactions["items"][0]["occurred_at"] == "2026-11-18T09:30:00Z"
    committee = body["committee"]
    assert {k: [c["full_name"] for c in v] for k, v in committee.items()} == {
        "contact_first": ["Marie Dupont"],
        "influence": ["Luc Bernard"],
        "avoid": ["Paul Martin"],
    }
    assert body["main_decision_maker"] == marie_json(data)
    assert body["context"]["timing"] == "soon"
    assert [p["description"] for p in body["pains"]] == ["Reporting manuel"]
    assert [p["description"] for p in body["projects"]] == ["Migration ERP"]
    rep = users["sales_rep"]
    assert body["deals"] == [
        {
            "id": data.deal.pk,
            "external_id": None,
            "name": "Acme — licence",
            "amount": {"amount": "25000.00", "currency": "EUR"},
            "stage": "Proposition",
            "status": "open",
            "created_on": "2026-09-15",
            "closed_on": None,
            "expected_close_on": None,
            "source": "",
            "owner": {"id": rep.pk, "name": rep.display_name, "email": rep.email},
        }
    ]
    assert body["generated_at"] == STAMP


def test_dossier_without_committee(api: Client, data: Seed) -> None:
    body = api.get(f"/api/v1/accounts/{data.beta.pk}/dossier").json()

    assert body["committee"] == {"contact_first": [], "influence": [], "avoid": []}
    assert body["main_decision_maker"] is None
    assert body["recent_interactions"]["count"] == 0


def test_dossier_query_count_does_not_grow(api: Client, data: Seed) -> None:
    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert api.get(f"/api/v1/accounts/{data.acme.pk}/dossier").status_code == 200
        return len(ctx.captured_queries)

    queries()  # the token's first use records its date once
    small = queries()
    for n in range(10):
        Contact.objects.create(account=data.acme, first_name=f"P{n}", committee_role="end_user")
        Signal.objects.create(
            account=data.acme, kind="other", description="x", occurred_on=dt.date(2026, 11, 1)
        )
    assert queries() == small
