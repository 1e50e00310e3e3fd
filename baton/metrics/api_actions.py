"""REST endpoints for the corrective actions of the weekly review (R-4.6), under /api/v1/.

Reading needs ``Perm.VIEW`` (leadership included); creating and closing need the same
permission as the web page (``Perm.EDIT_ACCOUNT``: the marketing and sales leads, admin).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from baton.core.api import ErrorOut, api_require
from baton.core.errors import DomainError, NotFoundError
from baton.core.roles import Perm
from baton.metrics import definitions as d
from baton.metrics import services
from baton.metrics.models import ActionStatus, CorrectiveAction

router = Router(tags=["metrics"])

EDIT_ACTIONS = Perm.EDIT_ACCOUNT
ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
MAX_LISTED = 1000


class ActionIn(Schema):
    title: str = Field(..., max_length=300, examples=["Relancer les 12 comptes prêts non vus"])
    owner_id: int | None = Field(None, description="The user who carries the action")
    due_on: dt.date | None = None
    metric_id: str = Field("", description="The metric the action should move (optional)")
    is_blocker: bool = Field(False, description="A blocker marketing and sales solve together")


class ActionClose(Schema):
    status: Literal["done", "dropped"] = "done"


class ActionOut(Schema):
    id: int
    title: str
    metric_id: str
    owner: str | None
    due_on: dt.date | None
    status: str
    is_blocker: bool
    created_by: str | None
    created_at: dt.datetime
    closed_at: dt.datetime | None


class ActionQuery(Schema):
    status: Literal["open", "done", "dropped"] | None = Field(None, description="Only this status")


def _out(action: CorrectiveAction) -> ActionOut:
    return ActionOut(
        id=action.pk,
        title=action.title,
        metric_id=action.metric_id,
        owner=action.owner.email if action.owner else None,
        due_on=action.due_on,
        status=action.status,
        is_blocker=action.is_blocker,
        created_by=action.created_by.email if action.created_by else None,
        created_at=action.created_at,
        closed_at=action.closed_at,
    )


@router.get("/metrics/actions", response={200: list[ActionOut], **ERRORS})
def list_actions(request: HttpRequest, query: Query[ActionQuery]) -> list[ActionOut]:
    """Corrective actions, open ones first, then by due date."""
    api_require(request, Perm.VIEW)
    qs = CorrectiveAction.objects.select_related("owner", "created_by")
    if query.status:
        qs = qs.filter(status=query.status)
    return [_out(a) for a in qs[:MAX_LISTED]]


@router.post("/metrics/actions", response={201: ActionOut, 400: ErrorOut, **ERRORS})
def create_action(request: HttpRequest, payload: ActionIn) -> Status[ActionOut]:
    """Record a corrective action decided in the weekly review."""
    user = api_require(request, EDIT_ACTIONS)
    if payload.metric_id and payload.metric_id not in d.METRICS:
        raise DomainError(_("unknown metric %(id)s") % {"id": payload.metric_id}, field="metric_id")
    owner = None
    if payload.owner_id is not None:
        owner = get_user_model().objects.filter(pk=payload.owner_id, is_active=True).first()
        if owner is None:
            raise NotFoundError(_("no active user with this id"), field="owner_id")
    action = services.action_create(
        actor=user,
        title=payload.title,
        owner=owner,
        due_on=payload.due_on,
        metric_id=payload.metric_id,
        is_blocker=payload.is_blocker,
    )
    return Status(201, _out(action))


@router.post(
    "/metrics/actions/{action_id}/close",
    response={200: ActionOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, **ERRORS},
)
def close_action(request: HttpRequest, action_id: int, payload: ActionClose) -> ActionOut:
    """Close an open action as done or dropped (409 when it is already closed)."""
    user = api_require(request, EDIT_ACTIONS)
    action = CorrectiveAction.objects.select_related("owner", "created_by").filter(pk=action_id)
    found = action.first()
    if found is None:
        raise NotFoundError(_("no corrective action with this id"), field="action_id")
    services.action_close(actor=user, action=found, status=ActionStatus(payload.status))
    return _out(found)
