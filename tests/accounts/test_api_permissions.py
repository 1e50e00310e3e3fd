"""Every accounts endpoint, for every role and anonymous: the status, and that a refused request
changed nothing (same rows, no audit event)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from baton.core.models import AuditEvent
from baton.core.roles import Perm, Role, role_allows
from baton.users.models import User
from tests.accounts.test_api_helpers import Seed, seed, send, snapshot

Url = Callable[[Seed], str]

# (name, method, url, body, permission needed, success status)
ENDPOINTS: list[tuple[str, str, Url, dict[str, Any] | None, Perm, int]] = [
    ("account_list", "GET", lambda s: "/api/v1/accounts", None, Perm.VIEW, 200),
    (
        "account_create",
        "POST",
        lambda s: "/api/v1/accounts",
        {"name": "Gamma", "domains": ["gamma.io"]},
        Perm.EDIT_ACCOUNT,
        201,
    ),
    ("account_detail", "GET", lambda s: f"/api/v1/accounts/{s.acme.pk}", None, Perm.VIEW, 200),
    (
        "account_update",
        "PATCH",
        lambda s: f"/api/v1/accounts/{s.acme.pk}",
        {"tier": "tier_2"},
        Perm.EDIT_ACCOUNT,
        200,
    ),
    (
        "account_contacts",
        "GET",
        lambda s: f"/api/v1/accounts/{s.acme.pk}/contacts",
        None,
        Perm.VIEW,
        200,
    ),
    (
        "contact_create",
        "POST",
        lambda s: f"/api/v1/accounts/{s.acme.pk}/contacts",
        {"first_name": "Julie", "email": "julie@acme.fr"},
        Perm.EDIT_DOSSIER,
        201,
    ),
    (
        "contact_lookup",
        "GET",
        lambda s: "/api/v1/contacts?email=marie.dupont@acme.fr",
        None,
        Perm.VIEW,
        200,
    ),
    ("contact_detail", "GET", lambda s: f"/api/v1/contacts/{s.marie.pk}", None, Perm.VIEW, 200),
    (
        "contact_update",
        "PATCH",
        lambda s: f"/api/v1/contacts/{s.marie.pk}",
        {"title": "DG"},
        Perm.EDIT_DOSSIER,
        200,
    ),
    (
        "contact_delete",
        "DELETE",
        lambda s: f"/api/v1/contacts/{s.luc.pk}",
        None,
        Perm.EDIT_DOSSIER,
        204,
    ),
    (
        "account_signals",
        "GET",
        lambda s: f"/api/v1/accounts/{s.acme.pk}/signals",
        None,
        Perm.VIEW,
        200,
    ),
    (
        "signal_create",
        "POST",
        lambda s: f"/api/v1/accounts/{s.acme.pk}/signals",
        {"kind": "fundraising", "description": "Série A", "occurred_on": "2026-11-02"},
        Perm.EDIT_DOSSIER,
        201,
    ),
    ("signal_detail", "GET", lambda s: f"/api/v1/signals/{s.signal.pk}", None, Perm.VIEW, 200),
    (
        "signal_update",
        "PATCH",
        lambda s: f"/api/v1/signals/{s.signal.pk}",
        {"is_confirmed": True},
        Perm.EDIT_DOSSIER,
        200,
    ),
    (
        "signal_delete",
        "DELETE",
        lambda s: f"/api/v1/signals/{s.signal.pk}",
        None,
        Perm.EDIT_DOSSIER,
        204,
    ),
    (
        "context_detail",
        "GET",
        lambda s: f"/api/v1/accounts/{s.acme.pk}/context",
        None,
        Perm.VIEW,
        200,
    ),
    (
        "context_update",
        "PATCH",
        lambda s: f"/api/v1/accounts/{s.acme.pk}/context",
        {"timing": "now"},
        Perm.EDIT_DOSSIER,
        200,
    ),
    (
        "pain_create",
        "POST",
        lambda s: f"/api/v1/accounts/{s.acme.pk}/pains",
        {"description": "Données dispersées"},
        Perm.EDIT_DOSSIER,
        201,
    ),
    (
        "pain_delete",
        "DELETE",
        lambda s: f"/api/v1/pains/{s.pain.pk}",
        None,
        Perm.EDIT_DOSSIER,
        204,
    ),
    (
        "project_create",
        "POST",
        lambda s: f"/api/v1/accounts/{s.acme.pk}/projects",
        {"description": "Nouveau CRM"},
        Perm.EDIT_DOSSIER,
        201,
    ),
    (
        "project_delete",
        "DELETE",
        lambda s: f"/api/v1/projects/{s.project.pk}",
        None,
        Perm.EDIT_DOSSIER,
        204,
    ),
    (
        "account_dossier",
        "GET",
        lambda s: f"/api/v1/accounts/{s.acme.pk}/dossier",
        None,
        Perm.VIEW,
        200,
    ),
]

ROLES: list[str | None] = [*(r.value for r in Role), None]


def _expected(role: str | None, perm: Perm, ok: int) -> int:
    if role is None:
        return 401
    return ok if role_allows(role, perm) else 403


CASES = [
    pytest.param(role, method, url, body, perm, ok, id=f"{name}-{role or 'anonymous'}")
    for name, method, url, body, perm, ok in ENDPOINTS
    for role in ROLES
]


@pytest.mark.parametrize(("role", "method", "url", "body", "perm", "ok"), CASES)
def test_endpoint_by_role(  # noqa: PLR0917 (one argument per parametrized column)
    users: dict[str, User],
    api_as: Callable[[str | None], Client],
    role: str | None,
    method: str,
    url: Url,
    body: dict[str, Any] | None,
    perm: Perm,
    ok: int,
) -> None:
    data = seed(users)
    client = api_as(role)
    before = snapshot()
    audit_before = AuditEvent.objects.count()

    response = send(client, method, url(data), body)

    expected = _expected(role, perm, ok)
    assert response.status_code == expected, response.content
    if expected in (401, 403):
        assert snapshot() == before
        reason = (
            "authentification requise\u00a0: envoyez «\u00a0Authorization: Bearer <jeton>\u00a0»"
            if expected == 401
            else f"your role does not allow this ({perm.value})"
        )
        assert response.json() == {"errors": [{"field": None, "reason": reason}]}
    elif method == "GET":
        assert AuditEvent.objects.count() == audit_before
    else:
        assert AuditEvent.objects.count() == audit_before + 1


def test_every_route_is_in_the_matrix() -> None:
    """A new endpoint must join the matrix above."""
    from config.api import api

    schema = api.get_openapi_schema()
    operations = {
        operation["operationId"].removeprefix("baton_accounts_api_")
        for path, methods in schema["paths"].items()
        for operation in methods.values()
        if operation["operationId"].startswith("baton_accounts_api_")
    }
    assert operations == {name for name, *_ in ENDPOINTS}


def test_leadership_is_refused_every_write(
    users: dict[str, User], api_as: Callable[[str | None], Client]
) -> None:
    """The read-only role writes nothing, whatever the endpoint."""
    writes = [e for e in ENDPOINTS if e[1] != "GET"]
    assert len(writes) == 13
    data = seed(users)
    client = api_as(Role.LEADERSHIP.value)
    before = snapshot()
    statuses = {send(client, m, url(data), body).status_code for _, m, url, body, *_ in writes}
    assert statuses == {403}
    assert snapshot() == before
