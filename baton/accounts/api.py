"""REST endpoints for accounts, contacts, signals, context and the dossier (under /api/v1/).

Each endpoint checks its permission first, then parses, calls one selector or service, and
renders an output schema from ``api_schemas``. Request bodies are the input schemas of
``schemas.py``, the very ones the importer validates rows with.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import BaseModel, field_validator

from baton.accounts import selectors, services
from baton.accounts.api_schemas import (
    AccountOut,
    AccountPageOut,
    ContactListOut,
    ContactOut,
    ContextDetailOut,
    DossierOut,
    PainOut,
    ProjectOut,
    SignalListOut,
    SignalOut,
)
from baton.accounts.models import (
    Account,
    AccountContext,
    AccountStatus,
    Level,
    Tier,
)
from baton.accounts.schemas import (
    AccountCreate,
    AccountUpdate,
    ContactCreate,
    ContactUpdate,
    ContextUpdate,
    PainCreate,
    ProjectCreate,
    SignalCreate,
    SignalUpdate,
)
from baton.core.api import ErrorOut, api_require
from baton.core.roles import Perm

router = Router(tags=["accounts"])

ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "A business rule refused the change (e.g. a domain that belongs to another account).",
    401: "No valid API token and no browser session.",
    403: "Your role does not allow this (or a browser session sent no CSRF token).",
    404: "No object with this id.",
    422: "The request does not validate; each error names the field and the reason.",
}


def _responses(ok: int, schema: Any, *codes: int) -> dict[int, Any]:
    """The response map of one operation: its success schema, then ``ErrorOut`` for each
    error code it may answer (401, 403 and 422 always)."""
    out: dict[int, Any] = {ok: schema}
    for code in sorted({401, 403, 422, *codes}):
        out[code] = ErrorOut
    return out


def _docs(*codes: int) -> dict[str, Any]:
    """OpenAPI descriptions for the error responses (ninja only writes the HTTP phrase)."""
    return {
        "responses": {
            code: {"description": ERROR_DESCRIPTIONS[code]}
            for code in sorted({401, 403, 422, *codes})
        }
    }


def _no_nulls(payload: BaseModel, fields: tuple[str, ...]) -> None:
    """Refuse an explicit ``null`` for a field that cannot be empty (422, like any bad input)."""
    bad = [f for f in fields if f in payload.model_fields_set and getattr(payload, f) is None]
    if bad:
        raise ValidationError(
            [{"loc": ("body", "payload", f), "msg": "may not be null"} for f in bad]
        )


ACCOUNT_NOT_NULL = ("name", "is_target", "journey_stage", "revenue_currency")
CONTACT_NOT_NULL = (
    "first_name",
    "committee_role",
    "approach",
    "is_identified",
    "is_reachable",
    "is_engaged",
)
SIGNAL_NOT_NULL = ("kind", "description", "occurred_on", "is_confirmed")
CONTEXT_NOT_NULL = ("budget_currency", "timing")


def _context_detail(account: Account, context: AccountContext) -> dict[str, Any]:
    return {
        "context": context,
        "pains": list(account.pains.all()),
        "projects": list(account.projects.all()),
    }


# Accounts


class AccountListQuery(Schema):
    limit: int = Field(50, ge=1, le=200, description="Page size, at most 200.")
    offset: int = Field(0, ge=0, description="How many accounts to skip.")
    q: str = Field("", max_length=200, description="Name, domain, industry or external id.")
    tier: Tier | None = None
    industry: str = Field("", max_length=100, description="Exact industry.")
    level: Level | None = Field(None, description="Qualification level.")
    owner: int | None = Field(None, description="User id of the marketing or sales owner.")
    territory: str = Field("", max_length=100, description="Exact territory.")
    is_target: bool | None = Field(None, description="Only target (or non-target) accounts.")
    status: AccountStatus | None = None
    sort: str = Field(
        selectors.DEFAULT_SORT,
        description="Sort key; a leading '-' reverses it.",
        json_schema_extra={"enum": list(selectors.SORTS)},
    )

    @field_validator("sort")
    @classmethod
    def _sort(cls, value: str) -> str:
        if value not in selectors.SORTS:
            raise ValueError(f"must be one of {', '.join(selectors.SORTS)}")
        return value


@router.get(
    "/accounts",
    response=_responses(200, AccountPageOut),
    summary="List accounts",
    openapi_extra=_docs(),
)
def account_list(request: HttpRequest, query: Query[AccountListQuery]) -> Any:
    """Accounts matching the filters, ``limit`` at a time from ``offset``, with the total
    ``count``. Sorted by name unless ``sort`` says otherwise."""
    api_require(request, Perm.VIEW)
    filters = selectors.AccountFilters(
        q=query.q,
        tier=query.tier.value if query.tier else "",
        industry=query.industry,
        level=query.level.value if query.level else "",
        owner=query.owner,
        territory=query.territory,
        is_target=query.is_target,
        status=query.status.value if query.status else "",
        sort=query.sort,
    )
    accounts = selectors.account_list(filters=filters)
    return {
        "count": accounts.count(),
        "items": list(accounts[query.offset : query.offset + query.limit]),
    }


@router.post(
    "/accounts",
    response=_responses(201, AccountOut, 400),
    summary="Create an account",
    openapi_extra=_docs(400),
)
def account_create(request: HttpRequest, payload: AccountCreate) -> Any:
    """Create an account with its domains (each unique across accounts). ``employees`` sets
    the size band; a target account without ``targeted_on`` is dated today."""
    actor = api_require(request, Perm.EDIT_ACCOUNT)
    _no_nulls(payload, ACCOUNT_NOT_NULL)
    account = services.account_create(actor=actor, data=payload)
    return Status(201, selectors.account_get(pk=account.pk))


@router.get(
    "/accounts/{account_id}",
    response=_responses(200, AccountOut, 404),
    summary="Get an account",
    openapi_extra=_docs(404),
)
def account_detail(request: HttpRequest, account_id: int) -> Any:
    """One account with its domains and owners."""
    api_require(request, Perm.VIEW)
    return selectors.account_get(pk=account_id)


@router.patch(
    "/accounts/{account_id}",
    response=_responses(200, AccountOut, 400, 404),
    summary="Update an account",
    openapi_extra=_docs(400, 404),
)
def account_update(request: HttpRequest, account_id: int, payload: AccountUpdate) -> Any:
    """Partial update: only the fields sent change. ``domains`` replaces the whole list (the
    first is the primary domain). Accounts are never deleted through the API."""
    actor = api_require(request, Perm.EDIT_ACCOUNT)
    _no_nulls(payload, ACCOUNT_NOT_NULL)
    account = selectors.account_get(pk=account_id)
    services.account_update(actor=actor, account=account, data=payload)
    return selectors.account_get(pk=account_id)


# Buying committee


@router.get(
    "/accounts/{account_id}/contacts",
    response=_responses(200, ContactListOut, 404),
    summary="List an account's buying committee",
    tags=["contacts"],
    openapi_extra=_docs(404),
)
def account_contacts(request: HttpRequest, account_id: int) -> Any:
    """Every committee member of the account, by last name (not paginated)."""
    api_require(request, Perm.VIEW)
    account = selectors.account_get(pk=account_id)
    contacts = list(account.contacts.all())
    return {"count": len(contacts), "items": contacts}


@router.post(
    "/accounts/{account_id}/contacts",
    response=_responses(201, ContactOut, 400, 404),
    summary="Add a committee member",
    tags=["contacts"],
    openapi_extra=_docs(400, 404),
)
def contact_create(request: HttpRequest, account_id: int, payload: ContactCreate) -> Any:
    """Add a person to the account's buying committee. An email belongs to one person."""
    actor = api_require(request, Perm.EDIT_DOSSIER)
    _no_nulls(payload, CONTACT_NOT_NULL)
    account = selectors.account_get(pk=account_id)
    contact = services.contact_create(actor=actor, account=account, data=payload)
    return Status(201, contact)


class ContactLookupQuery(Schema):
    email: str = Field(..., min_length=3, max_length=254, description="Case-insensitive.")


@router.get(
    "/contacts",
    response=_responses(200, ContactListOut),
    summary="Find committee members by email",
    tags=["contacts"],
    openapi_extra=_docs(),
)
def contact_lookup(request: HttpRequest, query: Query[ContactLookupQuery]) -> Any:
    """The person with this email, if any (``count`` is 0 or 1)."""
    api_require(request, Perm.VIEW)
    contacts = selectors.contact_by_email(email=query.email)
    return {"count": len(contacts), "items": contacts}


@router.get(
    "/contacts/{contact_id}",
    response=_responses(200, ContactOut, 404),
    summary="Get a committee member",
    tags=["contacts"],
    openapi_extra=_docs(404),
)
def contact_detail(request: HttpRequest, contact_id: int) -> Any:
    """One person; ``effective_approach`` is the approach the dossier groups them under."""
    api_require(request, Perm.VIEW)
    return selectors.contact_get(pk=contact_id)


@router.patch(
    "/contacts/{contact_id}",
    response=_responses(200, ContactOut, 400, 404),
    summary="Update a committee member",
    tags=["contacts"],
    openapi_extra=_docs(400, 404),
)
def contact_update(request: HttpRequest, contact_id: int, payload: ContactUpdate) -> Any:
    """Partial update: only the fields sent change."""
    actor = api_require(request, Perm.EDIT_DOSSIER)
    _no_nulls(payload, CONTACT_NOT_NULL)
    contact = selectors.contact_get(pk=contact_id)
    return services.contact_update(actor=actor, contact=contact, data=payload)


@router.delete(
    "/contacts/{contact_id}",
    response=_responses(204, None, 404),
    summary="Remove a committee member",
    tags=["contacts"],
    openapi_extra=_docs(404),
)
def contact_delete(request: HttpRequest, contact_id: int) -> Any:
    """Remove the person; their signals stay on the account without a person."""
    actor = api_require(request, Perm.EDIT_DOSSIER)
    contact = selectors.contact_get(pk=contact_id)
    services.contact_delete(actor=actor, contact=contact)
    return Status(204, None)


# Buying signals


@router.get(
    "/accounts/{account_id}/signals",
    response=_responses(200, SignalListOut, 404),
    summary="List an account's buying signals",
    tags=["signals"],
    openapi_extra=_docs(404),
)
def account_signals(request: HttpRequest, account_id: int) -> Any:
    """Every signal of the account, newest first (not paginated)."""
    api_require(request, Perm.VIEW)
    account = selectors.account_get(pk=account_id)
    signals = list(account.signals.order_by("-occurred_on", "-id"))
    return {"count": len(signals), "items": signals}


@router.post(
    "/accounts/{account_id}/signals",
    response=_responses(201, SignalOut, 400, 404),
    summary="Record a buying signal",
    tags=["signals"],
    openapi_extra=_docs(400, 404),
)
def signal_create(request: HttpRequest, account_id: int, payload: SignalCreate) -> Any:
    """Record a dated, sourced signal; ``contact_id`` must be a person of this account."""
    actor = api_require(request, Perm.EDIT_DOSSIER)
    _no_nulls(payload, SIGNAL_NOT_NULL)
    account = selectors.account_get(pk=account_id)
    return Status(201, services.signal_create(actor=actor, account=account, data=payload))


@router.get(
    "/signals/{signal_id}",
    response=_responses(200, SignalOut, 404),
    summary="Get a buying signal",
    tags=["signals"],
    openapi_extra=_docs(404),
)
def signal_detail(request: HttpRequest, signal_id: int) -> Any:
    """One buying signal, with the person it concerns (``contact_id``) if any."""
    api_require(request, Perm.VIEW)
    return selectors.signal_get(pk=signal_id)


@router.patch(
    "/signals/{signal_id}",
    response=_responses(200, SignalOut, 400, 404),
    summary="Update a buying signal",
    tags=["signals"],
    openapi_extra=_docs(400, 404),
)
def signal_update(request: HttpRequest, signal_id: int, payload: SignalUpdate) -> Any:
    """Partial update, e.g. ``{"is_confirmed": true}`` to confirm the signal."""
    actor = api_require(request, Perm.EDIT_DOSSIER)
    _no_nulls(payload, SIGNAL_NOT_NULL)
    signal = selectors.signal_get(pk=signal_id)
    return services.signal_update(actor=actor, signal=signal, data=payload)


@router.delete(
    "/signals/{signal_id}",
    response=_responses(204, None, 404),
    summary="Delete a buying signal",
    tags=["signals"],
    openapi_extra=_docs(404),
)
def signal_delete(request: HttpRequest, signal_id: int) -> Any:
    """Delete the signal (the audit trail keeps that it existed)."""
    actor = api_require(request, Perm.EDIT_DOSSIER)
    signal = selectors.signal_get(pk=signal_id)
    services.signal_delete(actor=actor, signal=signal)
    return Status(204, None)


# Context and needs


@router.get(
    "/accounts/{account_id}/context",
    response=_responses(200, ContextDetailOut, 404),
    summary="Get an account's context and needs",
    tags=["context"],
    openapi_extra=_docs(404),
)
def context_detail(request: HttpRequest, account_id: int) -> Any:
    """Budget range, buying timing, competitors, stack and note, with the pains and the
    ongoing projects."""
    api_require(request, Perm.VIEW)
    account = selectors.account_get(pk=account_id)
    return _context_detail(account, selectors.context_get(account=account))


@router.patch(
    "/accounts/{account_id}/context",
    response=_responses(200, ContextDetailOut, 400, 404),
    summary="Update an account's context",
    tags=["context"],
    openapi_extra=_docs(400, 404),
)
def context_update(request: HttpRequest, account_id: int, payload: ContextUpdate) -> Any:
    """Partial update of the context. The budget's lower bound may not exceed its upper
    bound (400, field ``budget_min``)."""
    actor = api_require(request, Perm.EDIT_DOSSIER)
    _no_nulls(payload, CONTEXT_NOT_NULL)
    account = selectors.account_get(pk=account_id)
    context = services.context_update(actor=actor, account=account, data=payload)
    return _context_detail(account, context)


@router.post(
    "/accounts/{account_id}/pains",
    response=_responses(201, PainOut, 404),
    summary="Add a pain",
    tags=["context"],
    openapi_extra=_docs(404),
)
def pain_create(request: HttpRequest, account_id: int, payload: PainCreate) -> Any:
    """Add a pain the account expressed or that was detected."""
    actor = api_require(request, Perm.EDIT_DOSSIER)
    account = selectors.account_get(pk=account_id)
    return Status(201, services.pain_add(actor=actor, account=account, data=payload))


@router.delete(
    "/pains/{pain_id}",
    response=_responses(204, None, 404),
    summary="Remove a pain",
    tags=["context"],
    openapi_extra=_docs(404),
)
def pain_delete(request: HttpRequest, pain_id: int) -> Any:
    """Remove the pain (the audit trail keeps its text)."""
    actor = api_require(request, Perm.EDIT_DOSSIER)
    services.pain_delete(actor=actor, pain=selectors.pain_get(pk=pain_id))
    return Status(204, None)


@router.post(
    "/accounts/{account_id}/projects",
    response=_responses(201, ProjectOut, 404),
    summary="Add an ongoing project",
    tags=["context"],
    openapi_extra=_docs(404),
)
def project_create(request: HttpRequest, account_id: int, payload: ProjectCreate) -> Any:
    """Add an ongoing project of the account, with where it was learnt."""
    actor = api_require(request, Perm.EDIT_DOSSIER)
    account = selectors.account_get(pk=account_id)
    return Status(201, services.project_add(actor=actor, account=account, data=payload))


@router.delete(
    "/projects/{project_id}",
    response=_responses(204, None, 404),
    summary="Remove an ongoing project",
    tags=["context"],
    openapi_extra=_docs(404),
)
def project_delete(request: HttpRequest, project_id: int) -> Any:
    """Remove the project (the audit trail keeps its text)."""
    actor = api_require(request, Perm.EDIT_DOSSIER)
    services.project_delete(actor=actor, project=selectors.project_get(pk=project_id))
    return Status(204, None)


# Dossier


@router.get(
    "/accounts/{account_id}/dossier",
    response=_responses(200, DossierOut, 404),
    summary="Get an account's dossier",
    tags=["dossier"],
    openapi_extra=_docs(404),
)
def account_dossier(request: HttpRequest, account_id: int) -> Any:
    """The whole dossier in one document: the account, its signals, the interactions of the
    last 90 days (count and latest 50), the committee grouped as contact first / influence /
    avoid for now, the main decision maker, the context, pains, projects and deals."""
    api_require(request, Perm.VIEW)
    account = selectors.account_get(pk=account_id)
    return selectors.dossier(account=account)
