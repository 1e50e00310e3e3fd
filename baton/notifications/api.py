"""REST endpoints of the notifications app (mounted under /api/v1/).

Every user: their inbox (list, mark read) and their preferences (get, put).
Admins (``Perm.CONFIGURE``): the delivery log with filters, and "retry now" on a dead row.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from baton.core.api import ErrorOut, api_require
from baton.core.roles import Perm
from baton.notifications import selectors, services

router = Router(tags=["notifications"])

MAX_LIMIT = 200


class NotificationOut(Schema):
    id: int
    event: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class InboxOut(Schema):
    unread: int
    items: list[NotificationOut]


class MarkReadIn(Schema):
    ids: list[int] | None = None  # omitted: mark every unread notification read


class MarkReadOut(Schema):
    marked: int
    unread: int


class PreferenceItem(Schema):
    event: str
    channel: str
    enabled: bool


class PreferenceEventOut(Schema):
    event: str
    label: str
    channels: dict[str, bool]


class PreferencesIn(Schema):
    preferences: list[PreferenceItem]


class DeliveryOut(Schema):
    id: int
    idempotency_key: str
    event: str
    channel: str
    recipient_email: str
    state: str
    attempts: int
    next_attempt_at: datetime
    last_error: str
    last_status: int | None
    created_at: datetime
    sent_at: datetime | None


class DeliveryFilters(Schema):
    state: str = ""
    channel: str = ""
    recipient: str = ""
    event: str = ""
    limit: int = 50
    offset: int = 0


@router.get("/notifications", response=InboxOut, summary="My notifications (newest first)")
def list_inbox(
    request: HttpRequest, unread_only: bool = False, limit: int = 50, offset: int = 0
) -> dict[str, object]:
    user = api_require(request, Perm.VIEW)
    limit = max(1, min(limit, MAX_LIMIT))
    items = list(selectors.inbox(user=user, unread_only=unread_only)[offset : offset + limit])
    return {"unread": selectors.unread_count(user=user), "items": items}


@router.post("/notifications/read", response=MarkReadOut, summary="Mark notifications read")
def mark_read(request: HttpRequest, payload: MarkReadIn) -> dict[str, int]:
    user = api_require(request, Perm.VIEW)
    marked = services.inbox_mark_read(user=user, ids=payload.ids)
    return {"marked": marked, "unread": selectors.unread_count(user=user)}


def _grid(user: object) -> list[dict[str, object]]:
    return [
        {"event": row.kind.key, "label": str(row.kind.label), "channels": row.channels}
        for row in selectors.preference_grid(user=user)
    ]


@router.get(
    "/notifications/preferences",
    response=list[PreferenceEventOut],
    summary="My notification preferences",
)
def get_preferences(request: HttpRequest) -> list[dict[str, object]]:
    user = api_require(request, Perm.VIEW)
    return _grid(user)


@router.put(
    "/notifications/preferences",
    response={200: list[PreferenceEventOut], 400: ErrorOut, 403: ErrorOut},
    summary="Change my notification preferences (only the listed event/channel pairs)",
)
def put_preferences(request: HttpRequest, payload: PreferencesIn) -> list[dict[str, object]]:
    user = api_require(request, Perm.VIEW)
    choices = {(p.event, p.channel): p.enabled for p in payload.preferences}
    try:
        services.preferences_update(user=user, choices=choices)
    except LookupError as exc:
        from baton.core.errors import DomainError

        raise DomainError(str(exc), field="event") from None
    return _grid(user)


def _delivery(row: object) -> dict[str, object]:
    data = {f: getattr(row, f) for f in DeliveryOut.model_fields if f != "recipient_email"}
    data["recipient_email"] = row.recipient.email  # type: ignore[attr-defined]
    return data


@router.get(
    "/notifications/deliveries",
    response={200: list[DeliveryOut], 403: ErrorOut},
    summary="Delivery log (admin), newest first",
)
def list_deliveries(
    request: HttpRequest, filters: Query[DeliveryFilters]
) -> list[dict[str, object]]:
    api_require(request, Perm.CONFIGURE)
    limit = max(1, min(filters.limit, MAX_LIMIT))
    qs = selectors.deliveries(
        state=filters.state,
        channel=filters.channel,
        recipient=filters.recipient,
        event=filters.event,
    )[filters.offset : filters.offset + limit]
    return [_delivery(row) for row in qs]


@router.post(
    "/notifications/deliveries/{message_id}/retry",
    response={200: DeliveryOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Queue a dead (or failed) message again now (admin)",
)
def retry_delivery(request: HttpRequest, message_id: int) -> dict[str, object]:
    user = api_require(request, Perm.CONFIGURE)
    row = services.outbox_retry(message_id=message_id, actor=user)
    return _delivery(row)
