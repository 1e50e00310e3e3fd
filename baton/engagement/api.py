"""REST endpoints of the engagement app (mounted under /api/v1/): two of the three doors.

- ``POST /interactions/batch`` — a personal API token with the import permission;
- ``POST /hooks/interactions`` — no token: a signature with the source's secret
  (``baton.engagement.webhooks``).

Both take ``{"events": [InteractionIn, …]}`` (at most 1,000), validate each event with the
schema the CSV importer uses, and answer one result per event, in order. Replays never store
an event twice (``duplicate``).
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from baton.core.api import ErrorOut, api_require
from baton.core.roles import Perm
from baton.engagement import selectors, services
from baton.engagement.webhooks import SIGNATURE_HEADER, SOURCE_HEADER, SignatureError, verify

router = Router(tags=["interactions"])

EVENTS_HELP = (
    "Events as InteractionIn objects: external_id, type, occurred_at (ISO 8601 or "
    "23/11/2026 14:05; without offset: the workspace time zone), domain and/or email "
    "(alias contact_email), page_url, page_category, asset (code), campaign, channel, source, "
    "asked_questions, networked, question. At most 1,000 per call."
)


class BatchIn(Schema):
    events: list[Any] = Field(..., description=EVENTS_HELP)


class ItemError(Schema):
    field: str
    reason: str


class ItemOut(Schema):
    index: int
    external_id: str | None
    status: str = Field(..., description="created, unmatched, duplicate or rejected")
    account_id: int | None
    warnings: list[str]
    errors: list[ItemError]


class BatchOut(Schema):
    created: int = Field(..., description="stored and matched to an account")
    unmatched: int = Field(..., description="stored without an account (see the unmatched page)")
    duplicates: int = Field(..., description="external id already stored: nothing written")
    rejected: int = Field(..., description="invalid: nothing written")
    results: list[ItemOut]


def _check_size(events: list[Any]) -> None:
    if len(events) > services.MAX_BATCH_ITEMS:
        raise HttpError(
            413,
            f"too many events in one call: {len(events)} (at most "
            f"{services.MAX_BATCH_ITEMS}; split the batch)",
        )


def _out(items: list[Any], outcomes: list[services.Outcome]) -> dict[str, Any]:
    results = []
    for index, (item, outcome) in enumerate(zip(items, outcomes, strict=True)):
        external_id = item.get("external_id") if isinstance(item, dict) else None
        results.append(
            {
                "index": index,
                "external_id": str(external_id) if external_id is not None else None,
                "status": outcome.status,
                "account_id": outcome.account_id,
                "warnings": outcome.warnings,
                "errors": [{"field": f, "reason": r} for f, r in outcome.errors],
            }
        )
    statuses = [o.status for o in outcomes]
    return {
        "created": statuses.count(services.CREATED),
        "unmatched": statuses.count(services.UNMATCHED),
        "duplicates": statuses.count(services.DUPLICATE),
        "rejected": statuses.count(services.REJECTED),
        "results": results,
    }


@router.post(
    "/interactions/batch",
    response={200: BatchOut, 401: ErrorOut, 403: ErrorOut, 413: ErrorOut, 422: ErrorOut},
    summary="Send a batch of interaction events",
)
def interactions_batch(request: HttpRequest, payload: BatchIn) -> Any:
    """Store up to 1,000 events. Idempotent on ``external_id``: sending the same batch again
    answers ``duplicate`` for each event and stores nothing. An invalid event is ``rejected``
    with its errors; the others are stored."""
    api_require(request, Perm.IMPORT)
    _check_size(payload.events)
    outcomes = services.ingest_items(items=payload.events, source="api")
    return _out(payload.events, outcomes)


WEBHOOK_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "source": {"type": "string", "description": "the source's code"},
                        "events": {"type": "array", "items": {"type": "object"}},
                    },
                    "required": ["events"],
                }
            }
        },
    },
    "parameters": [
        {
            "in": "header",
            "name": SIGNATURE_HEADER,
            "required": True,
            "schema": {"type": "string"},
            "description": 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">',
        },
        {
            "in": "header",
            "name": SOURCE_HEADER,
            "required": False,
            "schema": {"type": "string"},
            "description": "the source's code (else the body's source)",
        },
    ],
}


def _unauthorised(reason: str) -> HttpError:
    return HttpError(401, f"webhook refused: {reason}")


@router.post(
    "/hooks/interactions",
    auth=None,
    response={200: BatchOut, 400: ErrorOut, 401: ErrorOut, 413: ErrorOut},
    summary="Signed webhook for interaction events",
    openapi_extra=WEBHOOK_DOC,
)
def interactions_webhook(request: HttpRequest) -> Any:
    """A source pushes events signed with its secret. A missing, wrong or stale signature
    (more than 300 s away) answers 401 and stores nothing. Same body and answers as the
    batch endpoint."""
    body = request.body
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        data = None
    slug = request.headers.get(SOURCE_HEADER) or (
        data.get("source") if isinstance(data, dict) else None
    )
    source = selectors.active_source(str(slug)) if slug else None
    if source is None:
        raise _unauthorised("unknown or disabled source (send the Baton-Source header)")
    try:
        verify(
            secret=source.secret,
            header=request.headers.get(SIGNATURE_HEADER),
            body=body,
            now=time.time(),
        )
    except SignatureError as exc:
        raise _unauthorised(exc.reason) from None
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        return Status(400, {"errors": [{"field": "events", "reason": "expected {events: []}"}]})
    events: list[Any] = data["events"]
    _check_size(events)
    outcomes = services.ingest_items(items=events, source=source.slug)
    services.ingest_source_touch(source=source)
    return _out(events, outcomes)
