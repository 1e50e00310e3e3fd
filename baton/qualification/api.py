"""REST endpoints of the qualification app (mounted under /api/v1/).

Reading needs ``Perm.VIEW``; drafting, previewing and activating rule sets need
``Perm.CONFIGURE`` (the admin role). Texts are in the caller's language (``User.language``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Query, Router, Schema, Status

from baton.core.api import ErrorOut, api_require
from baton.core.errors import NotFoundError
from baton.core.roles import Perm
from baton.qualification import selectors, services
from baton.qualification.models import Evaluation, RuleSet
from baton.qualification.wording import present_evaluation

router = Router(tags=["qualification"])

READ = {401: ErrorOut, 403: ErrorOut}


class EvidenceOut(Schema):
    kind: str
    on: date
    detail: str
    text: str


class LineOut(Schema):
    code: str
    label: str
    passed: bool
    text: str = Field(..., description="The reason and its evidence, in a sentence.")
    reasons: list[str]
    evidence: list[EvidenceOut]


class ScoreItemOut(Schema):
    label: str
    points: int
    max: int
    earned: bool


class ScoreCriterionOut(Schema):
    criterion: str
    label: str
    points: int
    max: int
    items: list[ScoreItemOut]


class EvaluationOut(Schema):
    id: int
    account_id: int
    rule_version: int
    evaluated_at: datetime
    as_of: datetime
    inputs_digest: str
    ready: bool
    borderline: bool
    engaged: bool
    level: str
    level_label: str
    score: int
    passed_count: int
    failing: list[str]
    last_signal_on: date | None
    lines: list[LineOut]
    readiness: list[LineOut]
    score_breakdown: list[ScoreCriterionOut]
    model_score: float | None
    model_version: str


class EvaluationSummaryOut(Schema):
    id: int
    rule_version: int
    evaluated_at: datetime
    as_of: datetime
    inputs_digest: str
    ready: bool
    borderline: bool
    engaged: bool
    level: str
    score: int
    failing: list[str]


class QueueItemOut(Schema):
    account_id: int
    account_name: str
    level: str
    score: int
    ready: bool
    borderline: bool
    engaged: bool
    failing: list[str]
    last_signal_on: date | None
    evaluated_at: datetime
    rule_version: int


class QueueOut(Schema):
    ready_count: int
    ready: list[QueueItemOut]
    borderline_count: int
    borderline: list[QueueItemOut]


class EngagedOut(Schema):
    engaged_targets: int
    targets: int
    count: int
    items: list[QueueItemOut]


class Page(Schema):
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0)


class RuleSetOut(Schema):
    id: int
    version: int
    status: str
    note: str
    created_by: str | None
    created_at: datetime
    activated_at: datetime | None
    retired_at: datetime | None
    config: dict[str, Any]


class RuleSetIn(Schema):
    config: dict[str, Any] = Field(..., description="The rules; see GET /qualification/rulesets.")
    note: str = Field("", max_length=2000, description="What changed and why.")


class OutcomeOut(Schema):
    ready: bool
    engaged: bool
    level: str
    score: int


class PreviewChangeOut(Schema):
    account_id: int
    account_name: str
    before: OutcomeOut
    after: OutcomeOut


class PreviewOut(Schema):
    active_version: int | None
    draft_version: int
    accounts: int
    ready_before: int
    ready_after: int
    engaged_before: int
    engaged_after: int
    gains_ready: int
    loses_ready: int
    gains_engaged: int
    loses_engaged: int
    level_up: int
    level_down: int
    changes: list[PreviewChangeOut]


class CountsOut(Schema):
    evaluated: int
    written: int
    level_changes: int
    rule_version: int


class ActivationOut(Schema):
    rule_set: RuleSetOut
    previous_version: int | None
    recompute: CountsOut | None = Field(
        ..., description="What the recompute did; null when the worker does it."
    )


def _item(ev: Evaluation) -> dict[str, Any]:
    return {
        "account_id": ev.account_id,
        "account_name": ev.account.name,
        "level": ev.level,
        "score": ev.score,
        "ready": ev.ready,
        "borderline": ev.borderline,
        "engaged": ev.engaged,
        "failing": list(ev.failing),
        "last_signal_on": ev.last_signal_on,
        "evaluated_at": ev.evaluated_at,
        "rule_version": ev.rule_set.version,
    }


def _rule_set(rs: RuleSet) -> dict[str, Any]:
    return {
        "id": rs.pk,
        "version": rs.version,
        "status": rs.status,
        "note": rs.note,
        "created_by": rs.created_by.email if rs.created_by else None,
        "created_at": rs.created_at,
        "activated_at": rs.activated_at,
        "retired_at": rs.retired_at,
        "config": rs.config,
    }


@router.get(
    "/qualification/queue",
    response={200: QueueOut, **READ},
    summary="Accounts ready for handover (newest buying signal first) and borderline ones",
)
def queue(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    api_require(request, Perm.VIEW)
    ready = selectors.ready_queue()
    borderline = selectors.borderline_queue()
    window = slice(page.offset, page.offset + page.limit)
    return {
        "ready_count": ready.count(),
        "ready": [_item(e) for e in ready[window]],
        "borderline_count": borderline.count(),
        "borderline": [_item(e) for e in borderline[window]],
    }


@router.get(
    "/qualification/engaged",
    response={200: EngagedOut, **READ},
    summary="Engaged accounts: N of M target accounts engaged, and the list",
)
def engaged(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    api_require(request, Perm.VIEW)
    summary = selectors.engaged_summary()
    qs = selectors.engaged_accounts()
    return {
        "engaged_targets": summary.engaged_targets,
        "targets": summary.targets,
        "count": summary.engaged,
        "items": [_item(e) for e in qs[page.offset : page.offset + page.limit]],
    }


@router.get(
    "/accounts/{account_id}/evaluation",
    response={200: EvaluationOut, 404: ErrorOut, **READ},
    summary="The latest verdict on an account: checklist with evidence, level and score",
)
def account_evaluation(request: HttpRequest, account_id: int) -> dict[str, Any]:
    user = api_require(request, Perm.VIEW)
    account = selectors.account_get(account_id)
    ev = selectors.latest_evaluation(account)
    if ev is None:
        raise NotFoundError(f"the account {account.pk} has not been evaluated yet")
    # A token request has no session: speak the caller's own language.
    with translation.override(getattr(user, "language", None) or translation.get_language()):
        return present_evaluation(ev)


@router.get(
    "/accounts/{account_id}/evaluations",
    response={200: list[EvaluationSummaryOut], 404: ErrorOut, **READ},
    summary="Verdict history of an account, newest first",
)
def account_evaluations(request: HttpRequest, account_id: int) -> list[dict[str, Any]]:
    api_require(request, Perm.VIEW)
    account = selectors.account_get(account_id)
    return [
        {
            "id": e.pk,
            "rule_version": e.rule_set.version,
            "evaluated_at": e.evaluated_at,
            "as_of": e.as_of,
            "inputs_digest": e.inputs_digest,
            "ready": e.ready,
            "borderline": e.borderline,
            "engaged": e.engaged,
            "level": e.level,
            "score": e.score,
            "failing": list(e.failing),
        }
        for e in selectors.evaluation_history(account=account)
    ]


@router.get(
    "/qualification/rulesets",
    response={200: list[RuleSetOut], **READ},
    summary="Rule-set versions, newest first",
)
def rule_set_list(request: HttpRequest) -> list[dict[str, Any]]:
    api_require(request, Perm.VIEW)
    return [_rule_set(rs) for rs in selectors.rule_sets()]


@router.post(
    "/qualification/rulesets",
    response={201: RuleSetOut, 400: ErrorOut, 422: ErrorOut, **READ},
    summary="Create a draft rule set (admin)",
)
def rule_set_create(request: HttpRequest, payload: RuleSetIn) -> Status[dict[str, Any]]:
    user = api_require(request, Perm.CONFIGURE)
    draft = services.rule_set_create_draft(actor=user, config=payload.config, note=payload.note)
    return Status(201, _rule_set(draft))


@router.post(
    "/qualification/rulesets/{rule_set_id}/preview",
    response={200: PreviewOut, 404: ErrorOut, **READ},
    summary="What would change on every account if this rule set were active (writes nothing)",
)
def rule_set_preview(request: HttpRequest, rule_set_id: int) -> Any:
    api_require(request, Perm.CONFIGURE)
    return selectors.preview_rule_set(draft=selectors.rule_set_get(rule_set_id))


@router.post(
    "/qualification/rulesets/{rule_set_id}/activate",
    response={200: ActivationOut, 404: ErrorOut, 409: ErrorOut, **READ},
    summary="Activate a draft rule set (admin); every account is judged again",
)
def rule_set_activate(request: HttpRequest, rule_set_id: int) -> dict[str, Any]:
    user = api_require(request, Perm.CONFIGURE)
    result = services.rule_set_activate(actor=user, rule_set=selectors.rule_set_get(rule_set_id))
    return {
        "rule_set": _rule_set(result.rule_set),
        "previous_version": result.previous_version,
        "recompute": result.recompute,
    }
