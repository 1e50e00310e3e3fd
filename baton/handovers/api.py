"""REST endpoints of the handovers app (mounted under /api/v1/): one operation per action.

Reading needs ``view``; acting needs ``view`` too, and then the state machine decides by role
and relation (the assigned rep, a sales manager, marketing): a refused role is 403, an action
that the stage does not allow is 409 with the reason, a missing reason 400.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal, TypeVar

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from baton.accounts.models import Account
from baton.core.api import ErrorOut, api_require
from baton.core.errors import NotFoundError
from baton.core.money import DEFAULT_CURRENCY
from baton.core.roles import Perm
from baton.handovers import selectors, services
from baton.handovers.models import (
    ContactChannel,
    DisqualifyReason,
    Handover,
    Outcome,
    QualificationAnswer,
    Stage,
)
from baton.handovers.wording import step_text

router = Router(tags=["handovers"])
TFunc = TypeVar("TFunc", bound=Callable[..., Any])

ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "A business rule refused the input (e.g. a missing reason or note).",
    401: "No valid API token and no browser session.",
    403: "Your role (or relation to the handover) does not allow this action.",
    404: "No handover (or account) with this id.",
    409: "The action is not allowed in the handover's current stage (the reason says why), "
    "or the account already has a handover in progress.",
    422: "The request does not validate; each error names the field and the reason.",
}


def _responses(ok: int, schema: Any, *codes: int) -> dict[int, Any]:
    out: dict[int, Any] = {ok: schema}
    for code in sorted({401, 403, 422, *codes}):
        out[code] = ErrorOut
    return out


def _docs(*codes: int) -> dict[str, Any]:
    return {
        "responses": {
            code: {"description": ERROR_DESCRIPTIONS[code]}
            for code in sorted({401, 403, 422, *codes})
        }
    }


# --- output -----------------------------------------------------------------------------------


class UserRef(Schema):
    id: int
    name: str


class EventOut(Schema):
    action: str
    from_state: str
    to_state: str
    actor: UserRef | None
    reason: str
    at: dt.datetime
    data: dict[str, Any]


class DeadlineOut(Schema):
    kind: str
    due_at: dt.datetime
    state: str = Field(description="running, due_soon, late, missed (fired) or done (stopped)")
    fired_at: dt.datetime | None
    stopped_at: dt.datetime | None


class FeedbackOut(Schema):
    checkpoint: int
    requested_at: dt.datetime
    submitted_at: dt.datetime | None
    qualification_right: str
    info_useful: str
    missing: str
    outcome: str


class HandoverOut(Schema):
    id: int
    account_id: int
    account_name: str
    stage: str
    stage_label: str
    rep: UserRef | None
    marketing_owner: UserRef | None
    note: str
    borderline: bool
    expected_amount: Decimal | None
    currency: str
    deal_id: int | None
    proposed_at: dt.datetime
    accepted_at: dt.datetime | None
    briefing_at: dt.datetime | None
    first_contact_at: dt.datetime | None
    opportunity_at: dt.datetime | None
    closed_at: dt.datetime | None
    reject_reason: str
    disqualify_reason: str
    disqualify_note: str


class HandoverDetailOut(HandoverOut):
    evidence: dict[str, Any]
    assignment: list[str]
    events: list[EventOut]
    deadlines: list[DeadlineOut]
    feedback: list[FeedbackOut]


class HandoverPageOut(Schema):
    count: int
    items: list[HandoverOut]


class AssignmentOut(Schema):
    rep: UserRef | None
    explanation: list[str]


def _ref(user: Any) -> dict[str, Any] | None:
    return {"id": user.pk, "name": user.display_name} if user is not None else None


def _out(h: Handover) -> dict[str, Any]:
    return {
        "id": h.pk,
        "account_id": h.account_id,
        "account_name": h.account.name,
        "stage": h.stage,
        "stage_label": str(h.get_stage_display()),
        "rep": _ref(h.rep),
        "marketing_owner": _ref(h.marketing_owner),
        "note": h.note,
        "borderline": h.borderline,
        "expected_amount": h.expected_amount,
        "currency": h.currency,
        "deal_id": h.deal_id,
        "proposed_at": h.proposed_at,
        "accepted_at": h.accepted_at,
        "briefing_at": h.briefing_at,
        "first_contact_at": h.first_contact_at,
        "opportunity_at": h.opportunity_at,
        "closed_at": h.closed_at,
        "reject_reason": h.reject_reason,
        "disqualify_reason": h.disqualify_reason,
        "disqualify_note": h.disqualify_note,
    }


def _detail(pk: int) -> dict[str, Any]:
    h = selectors.handover_get(pk=pk)
    return {
        **_out(h),
        "evidence": h.evidence,
        "assignment": [step_text(s) for s in (h.assignment or {}).get("steps", [])],
        "events": [
            {
                "action": e.action,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "actor": _ref(e.actor),
                "reason": e.reason,
                "at": e.at,
                "data": e.data,
            }
            for e in selectors.timeline(h)
        ],
        "deadlines": [r.__dict__ for r in selectors.deadline_rows(h)],
        "feedback": list(h.feedback.order_by("checkpoint").values()),
    }


def _get(pk: int) -> Handover:
    return selectors.handover_get(pk=pk)


# --- reads ------------------------------------------------------------------------------------


class ListQuery(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)
    rep: int | None = Field(None, description="User id of the assigned rep.")
    marketing_owner: int | None = None
    stage: Stage | None = None
    overdue: bool = Field(False, description="Only open handovers with a work deadline passed.")


@router.get(
    "/handovers",
    response=_responses(200, HandoverPageOut),
    summary="List handovers",
    openapi_extra=_docs(),
)
def handover_list(request: HttpRequest, query: Query[ListQuery]) -> Any:
    """Handovers, oldest proposal first, with the board's filters."""
    api_require(request, Perm.VIEW)
    filters = selectors.BoardFilters(
        rep=query.rep,
        marketing_owner=query.marketing_owner,
        stage=query.stage.value if query.stage else "",
        overdue=query.overdue,
    )
    qs = selectors.handover_list(filters=filters)
    return {
        "count": qs.count(),
        "items": [_out(h) for h in qs[query.offset : query.offset + query.limit]],
    }


@router.get(
    "/handovers/{handover_id}",
    response=_responses(200, HandoverDetailOut, 404),
    summary="Get a handover with its timeline, deadlines, evidence and feedback",
    openapi_extra=_docs(404),
)
def handover_detail(request: HttpRequest, handover_id: int) -> Any:
    api_require(request, Perm.VIEW)
    return _detail(handover_id)


@router.get(
    "/handovers/assignment/preview",
    response=_responses(200, AssignmentOut, 404),
    summary="Which rep would get this account, and why",
    openapi_extra=_docs(404),
)
def assignment_preview(request: HttpRequest, account_id: int, amount: Decimal | None = None) -> Any:
    api_require(request, Perm.VIEW)
    account = Account.objects.filter(pk=account_id).first()
    if account is None:
        raise NotFoundError("no account with this id", field="account_id")
    decision = selectors.assignment_preview(account=account, amount=amount)
    rep = (
        get_user_model().objects.filter(pk=decision.rep_id).first()
        if decision.rep_id is not None
        else None
    )
    return {"rep": _ref(rep), "explanation": [step_text(s) for s in decision.steps]}


# --- proposal -----------------------------------------------------------------------------------


class ProposeIn(Schema):
    account_id: int
    note: str = Field("", max_length=5000, description="Required for a borderline account.")
    expected_amount: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    currency: str = Field(DEFAULT_CURRENCY, max_length=3)


@router.post(
    "/handovers",
    response=_responses(201, HandoverDetailOut, 400, 404, 409),
    summary="Propose an account for handover (marketing)",
    openapi_extra=_docs(400, 404, 409),
)
def handover_propose(request: HttpRequest, payload: ProposeIn) -> Any:
    """Snapshots the checklist and the dossier as evidence, assigns a rep by the rules and
    notifies them. A borderline account needs a ``note``."""
    actor = api_require(request, Perm.EDIT_ACCOUNT)
    account = Account.objects.filter(pk=payload.account_id).first()
    if account is None:
        raise NotFoundError("no account with this id", field="account_id")
    h = services.handover_propose(
        actor=actor,
        account=account,
        note=payload.note,
        expected_amount=payload.expected_amount,
        currency=payload.currency,
    )
    return Status(201, _detail(h.pk))


# --- actions -------------------------------------------------------------------------------------


class NoteIn(Schema):
    note: str = Field("", max_length=5000)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=5000)


class BriefingIn(Schema):
    at: dt.datetime = Field(description="Start of the 15-minute slot (aware, on a quarter hour).")


class FirstContactIn(Schema):
    channel: ContactChannel
    on: dt.date
    note: str = Field("", max_length=5000)


class MeetingIn(Schema):
    on: dt.date
    note: str = Field("", max_length=5000)


class OpportunityIn(Schema):
    deal_id: int | None = Field(None, description="An open deal of the account to link.")
    name: str = Field("", max_length=200, description="Name of the deal to create.")
    amount: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    currency: str = Field(DEFAULT_CURRENCY, max_length=3)


class CloseIn(Schema):
    outcome: Literal["won", "lost"]
    reason: str = Field("", max_length=5000, description="Required when lost.")


class DisqualifyIn(Schema):
    reason_code: DisqualifyReason
    note: str = Field("", max_length=5000)


class ReassignIn(Schema):
    rep_id: int
    reason: str = Field(..., max_length=5000)


class FeedbackIn(Schema):
    qualification_right: QualificationAnswer
    info_useful: QualificationAnswer
    missing: str = Field("", max_length=5000)
    outcome: Outcome


def _done(h: Handover) -> dict[str, Any]:
    return _detail(h.pk)


def _action(path: str, summary: str) -> Callable[[TFunc], TFunc]:
    decorator: Callable[[TFunc], TFunc] = router.post(
        f"/handovers/{{handover_id}}/{path}",
        response=_responses(200, HandoverDetailOut, 400, 404, 409),
        summary=summary,
        openapi_extra=_docs(400, 404, 409),
    )
    return decorator


@_action("accept", "Accept a proposed handover (assigned rep or sales manager)")
def accept(request: HttpRequest, handover_id: int, payload: NoteIn) -> Any:
    actor = api_require(request, Perm.VIEW)
    h = services.handover_accept(handover=_get(handover_id), actor=actor, note=payload.note)
    return _done(h)


@_action("reject", "Reject a proposed handover, with a reason")
def reject(request: HttpRequest, handover_id: int, payload: ReasonIn) -> Any:
    actor = api_require(request, Perm.VIEW)
    h = services.handover_reject(handover=_get(handover_id), actor=actor, reason=payload.reason)
    return _done(h)


@_action("briefing", "Confirm the 15-minute briefing")
def briefing(request: HttpRequest, handover_id: int, payload: BriefingIn) -> Any:
    actor = api_require(request, Perm.VIEW)
    h = services.briefing_confirm(handover=_get(handover_id), actor=actor, at=payload.at)
    return _done(h)


@_action("first-contact", "Log the first contact (moves to approaching)")
def first_contact(request: HttpRequest, handover_id: int, payload: FirstContactIn) -> Any:
    actor = api_require(request, Perm.VIEW)
    h = services.first_contact_log(
        handover=_get(handover_id),
        actor=actor,
        channel=payload.channel.value,
        on=payload.on,
        note=payload.note,
    )
    return _done(h)


@_action("meetings", "Log a meeting")
def meeting(request: HttpRequest, handover_id: int, payload: MeetingIn) -> Any:
    actor = api_require(request, Perm.VIEW)
    h = services.meeting_log(
        handover=_get(handover_id), actor=actor, on=payload.on, note=payload.note
    )
    return _done(h)


@_action("opportunity", "Move to opportunity, creating or linking a deal")
def opportunity(request: HttpRequest, handover_id: int, payload: OpportunityIn) -> Any:
    actor = api_require(request, Perm.VIEW)
    h = services.opportunity_move(
        handover=_get(handover_id),
        actor=actor,
        deal_id=payload.deal_id,
        name=payload.name,
        amount=payload.amount,
        currency=payload.currency,
    )
    return _done(h)


@_action("close", "Close won or lost")
def close(request: HttpRequest, handover_id: int, payload: CloseIn) -> Any:
    actor = api_require(request, Perm.VIEW)
    h = services.handover_close(
        handover=_get(handover_id),
        actor=actor,
        won=payload.outcome == "won",
        reason=payload.reason,
    )
    return _done(h)


@_action("disqualify", "Disqualify, with a reason from the taxonomy")
def disqualify(request: HttpRequest, handover_id: int, payload: DisqualifyIn) -> Any:
    actor = api_require(request, Perm.VIEW)
    h = services.handover_disqualify(
        handover=_get(handover_id),
        actor=actor,
        reason_code=payload.reason_code.value,
        note=payload.note,
    )
    return _done(h)


@_action("return-to-nurture", "Return a disqualified account to nurturing")
def return_to_nurture(request: HttpRequest, handover_id: int, payload: NoteIn) -> Any:
    actor = api_require(request, Perm.VIEW)
    h = services.handover_return_to_nurture(
        handover=_get(handover_id), actor=actor, note=payload.note
    )
    return _done(h)


@_action("archive", "Archive a disqualified account")
def archive(request: HttpRequest, handover_id: int, payload: NoteIn) -> Any:
    actor = api_require(request, Perm.VIEW)
    h = services.handover_archive(handover=_get(handover_id), actor=actor, note=payload.note)
    return _done(h)


@_action("reassign", "Reassign to another rep (sales manager), with a reason")
def reassign(request: HttpRequest, handover_id: int, payload: ReassignIn) -> Any:
    actor = api_require(request, Perm.VIEW)
    rep = get_user_model().objects.filter(pk=payload.rep_id).first()
    h = services.handover_reassign(
        handover=_get(handover_id), actor=actor, rep=rep, reason=payload.reason
    )
    return _done(h)


@router.post(
    "/handovers/{handover_id}/feedback/{checkpoint}",
    response=_responses(200, FeedbackOut, 400, 404, 409),
    summary="Give the D+14 or D+30 feedback (assigned rep)",
    openapi_extra=_docs(400, 404, 409),
)
def feedback(request: HttpRequest, handover_id: int, checkpoint: int, payload: FeedbackIn) -> Any:
    actor = api_require(request, Perm.VIEW)
    return services.feedback_submit(
        handover=_get(handover_id),
        actor=actor,
        checkpoint=checkpoint,
        qualification_right=payload.qualification_right.value,
        info_useful=payload.info_useful.value,
        missing=payload.missing,
        outcome=payload.outcome.value,
    )
