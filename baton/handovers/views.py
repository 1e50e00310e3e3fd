"""Handover pages: board, detail (timeline, deadlines, evidence, feedback, actions), my
handovers, the weekly review, proposal, feedback form, assignment rules + tester, SLA settings.
Views parse, call one service or selector, and render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baton.accounts.models import Account, Deal, DealStatus
from baton.core.errors import DomainError, NotFoundError
from baton.core.permissions import require
from baton.core.roles import Perm
from baton.handovers import forms, selectors, services, states
from baton.handovers.models import AssignmentRule, Feedback, Handover, RepPool, Stage
from baton.handovers.wording import (
    ACTION_BUTTONS,
    COLUMN_LABELS,
    DEADLINE_LABELS,
    DEADLINE_STATES,
    action_label,
    refusal,
    step_text,
)

A = states.Action


def _handover(pk: int) -> Handover:
    try:
        return selectors.handover_get(pk=pk)
    except NotFoundError as exc:
        raise Http404(exc.reason) from exc


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _is_assigned(request: HttpRequest, handover: Handover) -> bool:
    return handover.rep_id == request.user.pk


def _role(request: HttpRequest) -> str:
    return str(getattr(request.user, "role", ""))


def _deadline_view(rows: list[selectors.DeadlineRow]) -> list[dict[str, Any]]:
    return [
        {
            "row": r,
            "label": DEADLINE_LABELS.get(r.kind, r.kind),
            "state_label": DEADLINE_STATES.get(r.state, r.state),
        }
        for r in rows
    ]


def _card(h: Handover, now: Any) -> dict[str, Any]:
    rows = selectors.deadline_rows(h, now=now)
    summary = selectors.deadline_summary(rows)
    return {
        "h": h,
        "age": (now - h.proposed_at).days,
        "deadline_state": summary,
        "deadline_label": DEADLINE_STATES.get(summary, ""),
        "overdue": summary in ("late", "missed"),
    }


# --- board, mine, review ----------------------------------------------------------------------


@require(Perm.VIEW)
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    filters = selectors.BoardFilters(
        rep=_int(request.GET.get("rep")),
        marketing_owner=_int(request.GET.get("marketing_owner")),
        stage=request.GET.get("stage", "") if request.GET.get("stage") in Stage.values else "",
        overdue=request.GET.get("overdue") == "1",
    )
    columns = [
        {"key": c.key, "label": COLUMN_LABELS[c.key], "cards": [_card(h, now) for h in c.handovers]}
        for c in selectors.board(filters=filters, now=now)
    ]
    return render(
        request,
        "handovers/board.html",
        {
            "columns": columns,
            "filters": filters,
            "reps": selectors.reps(),
            "marketers": selectors.marketers(),
            "stages": Stage.choices,
        },
    )


@require(Perm.VIEW)
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = [_card(h, now) for h in selectors.my_handovers(user=request.user)]
    pending = Feedback.objects.filter(
        handover__rep_id=request.user.pk, submitted_at__isnull=True
    ).select_related("handover__account")
    return render(request, "handovers/mine.html", {"rows": rows, "pending_feedback": pending})


def decision_label(code: str) -> str:
    texts = {
        "assign_rep": _("Assign a rep"),
        "accept_or_reject": _("Accept or reject (waiting for more than 48 h)"),
        "nurture_or_archive": _("Nurturing or archive?"),
        "escalated": _("Escalated: no contact after a week"),
        "relaunch_rep": _("Relaunch the rep: a deadline is missed"),
        "feedback_missing": _("Feedback missing"),
        "stalled_opportunity": _("Opportunity stalled for more than 60 days"),
    }
    return texts.get(code, code)


@require(Perm.VIEW)
@require_GET
def review(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = [
        {
            "r": r,
            "deadline_label": DEADLINE_STATES.get(r.deadline_state, ""),
            "decisions": [decision_label(c) for c in r.decisions],
        }
        for r in selectors.weekly_review(now=now)
    ]
    return render(
        request,
        "handovers/review.html",
        {"rows": rows, "now": now, "feedback": selectors.feedback_stats()},
    )


# --- detail and actions -------------------------------------------------------------------------

ACTION_FORMS: dict[str, type[Any]] = {
    A.ACCEPT: forms.NoteForm,
    A.REJECT: forms.ReasonForm,
    A.CONFIRM_BRIEFING: forms.BriefingForm,
    A.LOG_FIRST_CONTACT: forms.FirstContactForm,
    A.LOG_MEETING: forms.MeetingForm,
    A.MOVE_TO_OPPORTUNITY: forms.OpportunityForm,
    A.CLOSE_WON: forms.CloseForm,
    A.CLOSE_LOST: forms.ReasonForm,
    A.DISQUALIFY: forms.DisqualifyForm,
    A.RETURN_TO_NURTURE: forms.NoteForm,
    A.ARCHIVE: forms.NoteForm,
    A.REASSIGN: forms.ReassignForm,
}


def _form(action: str, handover: Handover, data: Any = None) -> Any:
    cls = ACTION_FORMS[action]
    prefix = str(action)
    if cls is forms.OpportunityForm:
        deals = list(Deal.objects.filter(account_id=handover.account_id, status=DealStatus.OPEN))
        return cls(data, deals=deals, prefix=prefix)
    if cls is forms.ReassignForm:
        return cls(data, reps=selectors.reps(), prefix=prefix)
    return cls(data, prefix=prefix)


PERFORM: dict[str, Any] = {
    A.ACCEPT: lambda h, u, f, d: services.handover_accept(handover=h, actor=u, note=d["note"]),
    A.REJECT: lambda h, u, f, d: services.handover_reject(handover=h, actor=u, reason=d["reason"]),
    A.CONFIRM_BRIEFING: lambda h, u, f, d: services.briefing_confirm(
        handover=h, actor=u, at=f.moment()
    ),
    A.LOG_FIRST_CONTACT: lambda h, u, f, d: services.first_contact_log(
        handover=h, actor=u, channel=d["channel"], on=d["on"], note=d["note"]
    ),
    A.LOG_MEETING: lambda h, u, f, d: services.meeting_log(
        handover=h, actor=u, on=d["on"], note=d["note"]
    ),
    A.MOVE_TO_OPPORTUNITY: lambda h, u, f, d: services.opportunity_move(
        handover=h,
        actor=u,
        deal_id=d["deal"],
        name=d["name"],
        amount=d["amount"],
        currency=d["currency"],
    ),
    A.CLOSE_WON: lambda h, u, f, d: services.handover_close(
        handover=h, actor=u, won=True, reason=d["reason"]
    ),
    A.CLOSE_LOST: lambda h, u, f, d: services.handover_close(
        handover=h, actor=u, won=False, reason=d["reason"]
    ),
    A.DISQUALIFY: lambda h, u, f, d: services.handover_disqualify(
        handover=h, actor=u, reason_code=d["reason_code"], note=d["note"]
    ),
    A.RETURN_TO_NURTURE: lambda h, u, f, d: services.handover_return_to_nurture(
        handover=h, actor=u, note=d["note"]
    ),
    A.ARCHIVE: lambda h, u, f, d: services.handover_archive(handover=h, actor=u, note=d["note"]),
    A.REASSIGN: lambda h, u, f, d: services.handover_reassign(
        handover=h, actor=u, rep=d["rep"], reason=d["reason"]
    ),
}


def _perform(action: str, handover: Handover, actor: Any, form: Any) -> Handover:
    result: Handover = PERFORM[action](handover, actor, form, form.cleaned_data)
    return result


def _detail_context(request: HttpRequest, handover: Handover, failed: Any = None) -> dict[str, Any]:
    from baton.qualification.wording import present_line

    now = timezone.now()
    allowed = states.allowed_actions(
        handover.stage, _role(request), _is_assigned(request, handover)
    )
    action_forms = []
    for action in allowed:
        form = failed[1] if failed is not None and failed[0] == action else _form(action, handover)
        action_forms.append(
            {
                "action": str(action),
                "label": ACTION_BUTTONS[action],
                "form": form,
                "open": failed is not None and failed[0] == action,
            }
        )
    evidence = dict(handover.evidence or {})
    checklist = evidence.get("checklist") or {}
    evidence["signals"] = [_dated(s) for s in evidence.get("signals", [])]
    lines = []
    for line in checklist.get("lines", []):
        try:
            lines.append(present_line(line))
        except (KeyError, TypeError):
            continue
    events = selectors.timeline(handover)
    return {
        "h": handover,
        "stage_label": handover.get_stage_display(),
        "actions": action_forms,
        "events": [
            {
                "e": e,
                "label": action_label(e.action),
                "deadline": DEADLINE_LABELS.get((e.data or {}).get("kind", ""), ""),
            }
            for e in events
        ],
        "deadlines": _deadline_view(selectors.deadline_rows(handover, now=now)),
        "evidence": evidence,
        "checklist": checklist,
        "checklist_lines": lines,
        "assignment_steps": [step_text(s) for s in (handover.assignment or {}).get("steps", [])],
        "feedback": list(handover.feedback.order_by("checkpoint")),
        "can_give_feedback": _is_assigned(request, handover),
    }


def _dated(signal: dict[str, Any]) -> dict[str, Any]:
    """A snapshot signal with its ISO date parsed, for the template's date filter."""
    try:
        on = dt.date.fromisoformat(str(signal.get("on")))
    except ValueError:
        return signal
    return {**signal, "on": on}


@require(Perm.VIEW)
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    handover = _handover(pk)
    return render(request, "handovers/detail.html", _detail_context(request, handover))


@require(Perm.VIEW)
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    handover = _handover(pk)
    if action not in ACTION_FORMS:
        raise Http404
    try:
        states.transition(
            handover.stage, action, _role(request), _is_assigned(request, handover), reason="-"
        )
    except states.TransitionError as exc:
        if exc.code == "forbidden":
            raise PermissionDenied from exc
        messages.error(request, refusal(exc, handover.get_stage_display()))
        return redirect("handovers:detail", pk=pk)
    form = _form(action, handover, request.POST)
    if form.is_valid():
        try:
            _perform(action, handover, request.user, form)
        except DomainError as exc:
            if exc.status_code == 403:
                raise PermissionDenied(exc.reason) from exc
            if exc.field and exc.field in form.fields:
                form.add_error(exc.field, exc.reason)
            else:
                messages.error(request, exc.reason)
                return redirect("handovers:detail", pk=pk)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": action_label(action)})
            return redirect("handovers:detail", pk=pk)
    context = _detail_context(request, handover, failed=(action, form))
    return render(request, "handovers/detail.html", context, status=400)


# --- proposal ----------------------------------------------------------------------------------


@require(Perm.EDIT_ACCOUNT)
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, account_id: int) -> HttpResponse:
    from baton.qualification.selectors import latest_evaluation

    account = Account.objects.filter(pk=account_id).first()
    if account is None:
        raise Http404
    current = selectors.holding_handover(account)
    if current is not None:
        messages.info(request, _("This account already has a handover in progress."))
        return redirect("handovers:detail", pk=current.pk)
    evaluation = latest_evaluation(account)
    form = forms.ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            handover = services.handover_propose(
                actor=request.user,
                account=account,
                note=form.cleaned_data["note"],
                expected_amount=form.cleaned_data["expected_amount"],
                currency=form.cleaned_data["currency"],
            )
        except DomainError as exc:
            if exc.status_code == 403:
                raise PermissionDenied(exc.reason) from exc
            form.add_error(exc.field if exc.field in form.fields else None, exc.reason)
        else:
            messages.success(
                request,
                _("%(company)s is handed over to %(rep)s.")
                % {
                    "company": account.name,
                    "rep": handover.rep.display_name if handover.rep else _("the sales managers"),
                },
            )
            return redirect("handovers:detail", pk=handover.pk)
    preview = selectors.assignment_preview(account=account, amount=None)
    return render(
        request,
        "handovers/propose.html",
        {
            "account": account,
            "form": form,
            "evaluation": evaluation,
            "ready": evaluation is not None and evaluation.ready,
            "preview_steps": [step_text(s) for s in preview.steps],
        },
        status=400 if request.method == "POST" else 200,
    )


# --- feedback -------------------------------------------------------------------------------------


@require(Perm.VIEW)
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, pk: int, checkpoint: int) -> HttpResponse:
    handover = _handover(pk)
    row = Feedback.objects.filter(handover=handover, checkpoint=checkpoint).first()
    if row is None:
        raise Http404
    form = forms.FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(
                handover=handover, actor=request.user, checkpoint=checkpoint, **form.cleaned_data
            )
        except DomainError as exc:
            if exc.status_code == 403:
                raise PermissionDenied(exc.reason) from exc
            form.add_error(exc.field if exc.field in form.fields else None, exc.reason)
        else:
            messages.success(request, _("Thank you: your feedback is recorded."))
            return redirect("handovers:detail", pk=pk)
    return render(
        request,
        "handovers/feedback.html",
        {"h": handover, "row": row, "form": form, "checkpoint": checkpoint},
        status=400 if request.method == "POST" else 200,
    )


# --- assignment rules, pools, tester ----------------------------------------------------------


def _may_manage(request: HttpRequest) -> bool:
    return _role(request) in ("sales_manager", "admin")


@require(Perm.VIEW)
@require_GET
def rules(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "handovers/rules.html",
        {
            "rules": AssignmentRule.objects.select_related("rep", "pool").order_by("order", "id"),
            "pools": RepPool.objects.prefetch_related("members").select_related("last_rep"),
            "can_manage": _may_manage(request),
        },
    )


def _manager_or_403(request: HttpRequest) -> None:
    if not _may_manage(request):
        raise PermissionDenied


@require(Perm.EDIT_ACCOUNT)
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _manager_or_403(request)
    rule = AssignmentRule.objects.filter(pk=pk).first() if pk else None
    if pk and rule is None:
        raise Http404
    form = forms.RuleForm(request.POST or None, instance=rule, reps=selectors.reps())
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in forms.RuleForm.Meta.fields}
        try:
            services.rule_save(actor=request.user, rule=rule, values=values)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.reason)
        else:
            messages.success(request, _("The rule is saved."))
            return redirect("handovers:rules")
    return render(request, "handovers/rule_form.html", {"form": form, "rule": rule})


@require(Perm.EDIT_ACCOUNT)
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _manager_or_403(request)
    rule = AssignmentRule.objects.filter(pk=pk).first()
    if rule is None:
        raise Http404
    services.rule_delete(actor=request.user, rule=rule)
    messages.success(request, _("The rule is deleted."))
    return redirect("handovers:rules")


@require(Perm.EDIT_ACCOUNT)
@require_http_methods(["GET", "POST"])
def pool_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _manager_or_403(request)
    pool = RepPool.objects.filter(pk=pk).first() if pk else None
    if pk and pool is None:
        raise Http404
    initial = {"name": pool.name, "members": list(pool.members.all())} if pool else None
    form = forms.PoolForm(request.POST or None, initial=initial, reps=selectors.reps())
    if request.method == "POST" and form.is_valid():
        try:
            services.pool_save(
                actor=request.user,
                pool=pool,
                name=form.cleaned_data["name"],
                members=list(form.cleaned_data["members"]),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.reason)
        else:
            messages.success(request, _("The pool is saved."))
            return redirect("handovers:rules")
    return render(request, "handovers/pool_form.html", {"form": form, "pool": pool})


@require(Perm.VIEW)
@require_GET
def tester(request: HttpRequest) -> HttpResponse:
    form = forms.TesterForm(request.GET or None)
    result: dict[str, Any] | None = None
    if request.GET and form.is_valid():
        account = Account.objects.filter(pk=form.cleaned_data["account"]).first()
        if account is None:
            form.add_error("account", _("No account with this id."))
        else:
            decision = selectors.assignment_preview(
                account=account, amount=form.cleaned_data["amount"]
            )
            from django.contrib.auth import get_user_model

            rep = (
                get_user_model().objects.filter(pk=decision.rep_id).first()
                if decision.rep_id is not None
                else None
            )
            result = {
                "account": account,
                "rep": rep,
                "steps": [step_text(s) for s in decision.steps],
            }
    return render(request, "handovers/tester.html", {"form": form, "result": result})


# --- SLA settings ------------------------------------------------------------------------------


@require(Perm.CONFIGURE)
@require_http_methods(["GET", "POST"])
def sla_settings(request: HttpRequest) -> HttpResponse:
    row = selectors.handover_settings()
    form = forms.SettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in forms.SettingsForm.Meta.fields}
        try:
            services.settings_update(actor=request.user, values=values)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.reason)
        else:
            messages.success(request, _("The deadlines are saved."))
            return redirect("handovers:settings")
    return render(
        request,
        "handovers/settings.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
