"""Qualification pages: the ready-for-handover queue, engaged accounts, the rules (versions,
edit, preview, activate) and the verdict history of an account. Views parse, call, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baton.core.errors import DomainError, NotFoundError
from baton.core.permissions import can, require
from baton.core.roles import Perm
from baton.handovers.rights import may_propose
from baton.qualification import selectors, services
from baton.qualification.forms import RuleSetForm
from baton.qualification.models import Evaluation, RuleSetStatus
from baton.qualification.wording import level_label, present_line, rules_in_words

PAGE_SIZE = 50


_MARK = 987654321


def _url_maker(name: str, fallback: str | None = None) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for a page of rows: one ``reverse``, then each pk put in
    the marker's place (a list of 100 rows reversed 300 URLs, a tenth of its time)."""
    try:
        url = reverse(name, args=[_MARK])
    except NoReverseMatch:
        if fallback is None:
            raise
        url = reverse(fallback, args=[_MARK])
    head, _mark, tail = url.partition(str(_MARK))
    return lambda pk: f"{head}{pk}{tail}"


def dossier_url(account_id: int) -> str:
    """The account dossier when the accounts app has it, else the verdict history."""
    return _dossier_urls()(account_id)


def _dossier_urls() -> Callable[[int], str]:
    return _url_maker("accounts:detail", fallback="qualification:history")


class _Rows:
    """The rows of the queues; URLs and the right to propose worked out once per page."""

    def __init__(self, request: HttpRequest) -> None:
        self.dossier = _dossier_urls()
        self.history = _url_maker("qualification:history")
        self.propose = _url_maker("handovers:propose") if may_propose(request.user) else None

    def row(self, ev: Evaluation, *, with_failing: bool = False) -> dict[str, Any]:
        row: dict[str, Any] = {
            "ev": ev,
            "account": ev.account,
            "url": self.dossier(ev.account_id),
            "history_url": self.history(ev.account_id),
            "propose_url": self.propose(ev.account_id) if self.propose else "",
            "level_label": level_label(ev.level),
        }
        if with_failing:
            row["failing"] = [present_line(line) for line in ev.lines if not line["passed"]]
        return row


@require(Perm.VIEW)
@require_GET
def ready(request: HttpRequest) -> HttpResponse:
    # The rows show level, score and dates (borderline: the failing lines): the other
    # verdict texts (~3 kB of JSON each) are not read.
    queue = selectors.ready_queue().defer("lines", "readiness", "breakdown")
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    borderline = selectors.borderline_queue().defer("readiness", "breakdown")
    rows = _Rows(request)
    return render(
        request,
        "qualification/ready.html",
        {
            "page": page,
            "rows": [rows.row(ev) for ev in page.object_list],
            "borderline_rows": [rows.row(ev, with_failing=True) for ev in borderline[:PAGE_SIZE]],
            "borderline_count": borderline.count(),
            "active": selectors.active_rule_set(),
        },
    )


@require(Perm.VIEW)
@require_GET
def engaged(request: HttpRequest) -> HttpResponse:
    summary = selectors.engaged_summary()
    paginator = Paginator(selectors.engaged_accounts(), PAGE_SIZE)
    paginator.count = summary.engaged  # counted with the summary, in the same pass
    page = paginator.get_page(request.GET.get("page"))
    rows = _Rows(request)
    return render(
        request,
        "qualification/engaged.html",
        {
            "page": page,
            "rows": [rows.row(ev) for ev in page.object_list],
            "summary": summary,
            "active": selectors.active_rule_set(),
        },
    )


@require(Perm.VIEW)
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    active = selectors.active_rule_set() or services.ensure_active_rule_set()
    may_edit = can(request.user, Perm.CONFIGURE)
    form = None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(Perm.CONFIGURE.value)
        form = RuleSetForm(request.POST)
        if form.is_valid():
            try:
                draft = services.rule_set_create_draft(
                    actor=request.user, config=form.to_config(), note=form.cleaned_data["note"]
                )
            except DomainError as exc:
                form.add_error(None, exc.reason)
            else:
                messages.success(
                    request,
                    _("Draft version %(version)s saved. Check what would change, then activate it.")
                    % {"version": draft.version},
                )
                return redirect("qualification:preview", pk=draft.pk)
    elif may_edit:
        form = RuleSetForm(initial=RuleSetForm.initial_from(active.config))
    return render(
        request,
        "qualification/rules.html",
        {
            "active": active,
            "active_words": rules_in_words(active.config),
            "versions": selectors.rule_sets(),
            "form": form,
            "may_edit": may_edit,
        },
    )


@require(Perm.CONFIGURE)
@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        draft = selectors.rule_set_get(pk)
    except NotFoundError as exc:
        raise Http404(exc.reason) from exc
    diff = selectors.preview_rule_set(draft=draft) if draft.status == RuleSetStatus.DRAFT else None
    return render(
        request,
        "qualification/preview.html",
        {
            "draft": draft,
            "draft_words": rules_in_words(draft.config),
            "diff": diff,
            "changes": (diff.changes[:200] if diff else []),
        },
    )


@require(Perm.CONFIGURE)
@require_POST
def activate(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        draft = selectors.rule_set_get(pk)
        result = services.rule_set_activate(actor=request.user, rule_set=draft)
    except NotFoundError as exc:
        raise Http404(exc.reason) from exc
    except DomainError as exc:
        messages.error(request, exc.reason)
        return redirect("qualification:rules")
    if result.recompute is None:
        messages.success(
            request,
            _("Version %(version)s is active. The worker is judging every account again.")
            % {"version": result.rule_set.version},
        )
    else:
        messages.success(
            request,
            _(
                "Version %(version)s is active: %(evaluated)s accounts judged again, "
                "%(written)s new verdicts."
            )
            % {
                "version": result.rule_set.version,
                "evaluated": result.recompute.evaluated,
                "written": result.recompute.written,
            },
        )
    return redirect("qualification:rules")


@require(Perm.VIEW)
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        account = selectors.account_get(pk)
    except NotFoundError as exc:
        raise Http404(exc.reason) from exc
    evaluations = list(selectors.evaluation_history(account=account)[:100])
    return render(
        request,
        "qualification/history.html",
        {
            "account": account,
            "evaluation": evaluations[0] if evaluations else None,
            "evaluations": [{"ev": ev, "level_label": level_label(ev.level)} for ev in evaluations],
            "dossier_url": dossier_url(account.pk),
        },
    )
