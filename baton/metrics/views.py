"""Metrics pages: the dashboard, the accounts behind a number, definitions, targets, pins, the
alignment survey, time per stage and the exports. Views parse, call, render."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from baton.core.errors import DomainError
from baton.core.permissions import can, require
from baton.core.roles import Perm
from baton.core.spreadsheet import SafeCsvWriter, write_xlsx
from baton.metrics import definitions as d
from baton.metrics import formulas as f
from baton.metrics import page_cache, selectors, services
from baton.metrics.computations import accounts_behind, time_per_stage
from baton.metrics.models import Team
from baton.metrics.scope import Scope
from baton.users.selectors import display_names

# Perm.EDIT_ACCOUNT is held by the marketing and sales leads (and admin): the seeds give them
# write access to targets and actions; leadership and reps read.
EDIT_TARGETS = Perm.EDIT_ACCOUNT
ANSWER_SURVEY = Perm.EDIT_DOSSIER  # both teams answer; leadership does not


def _language() -> str:
    return translation.get_language() or "fr"


def parse_scope(request: HttpRequest) -> Scope:
    """``?period=2026-Q3&as_of=2026-09-30&segment=industry=Tech`` (all optional)."""
    today = timezone.localdate()
    try:
        period = f.parse_period(request.GET.get("period") or "quarter", today=today)
    except f.PeriodError as exc:
        raise DomainError(str(exc), field="period") from exc
    as_of = None
    if request.GET.get("as_of"):
        try:
            as_of = dt.date.fromisoformat(request.GET["as_of"])
        except ValueError as exc:
            raise DomainError(_("as_of is a date such as 2026-09-30"), field="as_of") from exc
    segment = None
    if request.GET.get("segment"):
        dimension, _sep, value = request.GET["segment"].partition("=")
        segment = (dimension, value)
    return Scope.make(period, as_of=as_of, segment=segment)


def _scope_or_default(request: HttpRequest) -> Scope:
    try:
        return parse_scope(request)
    except DomainError as exc:
        messages.error(request, exc.reason)
        return Scope.make(f.quarter_of(timezone.localdate()))


SEGMENT_LABELS = {
    "industry": gettext_lazy("Industry"),
    "size_band": gettext_lazy("Size band"),
    "tier": gettext_lazy("ABM tier"),
    "territory": gettext_lazy("Territory"),
    "source": gettext_lazy("Source"),
    "owner": gettext_lazy("Owner"),
}


def _option(dimension: str, value: str) -> str:
    return _("%(dimension)s: %(value)s") % {"dimension": SEGMENT_LABELS[dimension], "value": value}


def segment_options(fingerprint: str = "") -> list[tuple[str, str]]:
    """(``dimension=value``, label) for the segment switcher. The values come from accounts and
    deals, so they are kept per data fingerprint; owners' names are read live."""
    if fingerprint:
        values, sources, owner_ids = page_cache.segment_values.get_or_make(
            fingerprint, selectors.segment_values
        )
    else:
        values, sources, owner_ids = selectors.segment_values()
    owners = tuple(display_names(list(owner_ids), limit=50))

    def build() -> list[tuple[str, str]]:
        options = [(f"{dim}={v}", _option(dim, v)) for dim, v in values]
        options += [(f"source={source}", _option("source", source)) for source in sources]
        options += [(f"owner={pk}", _option("owner", name)) for pk, name in owners]
        return options

    if not fingerprint:
        return build()
    key = (fingerprint, translation.get_language(), owners)
    return list(page_cache.segment_options.get_or_make(key, build))


def _chart_data(board: selectors.Dashboard, language: str) -> dict[str, Any]:
    return {
        "trends": [
            {
                "id": card.definition.id,
                "name": card.definition.name.get(language),
                "weeks": [w.isoformat() for w, _v in card.trend],
                "values": [None if v is None else float(v) for _w, v in card.trend],
            }
            for card in board.cards
        ],
        "roi": {
            dim: {
                "labels": [k or "—" for k, _v in rows],
                "values": [None if v is None else round(float(v), 2) for _k, v in rows],
            }
            for dim, rows in board.roi_by.items()
        },
        "labels": {"roi": _("ROI (x)"), "week": _("Week"), "none": _("no data")},
    }


# Stands for the reader's CSRF token in a cached body; replaced on each request.
CSRF_PLACEHOLDER = "baton-csrf-placeholder-7c1e"


@require(Perm.VIEW)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = _scope_or_default(request)
    language = _language()
    board = selectors.dashboard(scope=scope, language=language)
    ids = [card.definition.id for card in board.cards]
    can_edit = can(request.user, EDIT_TARGETS)
    query = request.GET.urlencode()
    segments = segment_options(board.fingerprint)
    body_context = {
        "board": board,
        "segments": segments,
        "segment_value": request.GET.get("segment", ""),
        "period_value": request.GET.get("period", ""),
        "as_of_value": request.GET.get("as_of", ""),
        "language": language,
        "pinnable": [m for m in d.METRICS.values() if m.available and m.id not in ids],
        "can_pin": can_edit and len(ids) < d.MAX_PINNED,
        "pinned": [m for m in ids if m not in d.DEFAULT_DASHBOARD],
        "can_edit": can_edit,
        "query": query,
        "csrf_token": CSRF_PLACEHOLDER,
    }

    def render_body() -> str:
        body_context["chart_data"] = _chart_data(board, language)
        return render_to_string("metrics/_dashboard_page.html", body_context)

    if not board.token:
        body = render_body()
    else:  # stored numbers: the same key always renders the same body
        key = (
            board.token,
            language,
            timezone.get_current_timezone_name(),
            query,
            can_edit,
            tuple(card.target for card in board.cards),
            tuple(tuple(card.trend) for card in board.cards),
            tuple(segments),
        )
        body = page_cache.fragments.get_or_make(key, render_body)
    token = get_token(request)  # one token for the whole page (header, body, HTMX header)
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, token)
    return render(
        request,
        "metrics/dashboard.html",
        {
            "csrf_token": token,
            "board": board,
            "body": mark_safe(body),  # noqa: S308 (our own template's output)
        },
    )


@require(Perm.VIEW)
@require_GET
def accounts(request: HttpRequest, metric_id: str) -> HttpResponse:
    if metric_id not in d.METRICS:
        raise Http404
    scope = _scope_or_default(request)
    try:
        rows = list(accounts_behind(metric_id, scope).prefetch_related("domains")[:1000])
    except DomainError as exc:
        raise Http404(exc.reason) from exc
    return render(
        request,
        "metrics/accounts.html",
        {
            "definition": d.get(metric_id),
            "name": d.get(metric_id).name.get(_language()),
            "rows": rows,
            "scope": scope,
            "query": request.GET.urlencode(),
        },
    )


@require(Perm.VIEW)
@require_GET
def definitions(request: HttpRequest) -> HttpResponse:
    language = _language()
    families = [
        (
            family,
            [(m, m.name.get(language), m.definition.get(language)) for m in d.by_family(family)],
        )
        for family in d.Family
    ]
    return render(
        request,
        "metrics/definitions.html",
        {"families": families, "family_labels": FAMILY_LABELS},
    )


FAMILY_LABELS = {
    d.Family.SHARED: gettext_lazy("The five shared metrics"),
    d.Family.ALIGNMENT: gettext_lazy("Alignment metrics"),
    d.Family.STRATEGIC: gettext_lazy("Quarterly strategic metrics and the seeds' sheet"),
}


@require(Perm.VIEW)
@require_GET
def stages(request: HttpRequest) -> HttpResponse:
    scope = _scope_or_default(request)
    return render(request, "metrics/stages.html", {"rows": time_per_stage(scope), "scope": scope})


@require(Perm.VIEW)
def targets(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not can(request.user, EDIT_TARGETS):
            return render(request, "403.html", status=403)
        try:
            value = Decimal(request.POST.get("value", "").replace(",", "."))
            raw_risk = request.POST.get("at_risk", "").replace(",", ".").strip()
            at_risk = Decimal(raw_risk) if raw_risk else None
        except InvalidOperation:
            messages.error(request, _("The target and the threshold are numbers."))
            return redirect("metrics:targets")
        try:
            services.target_set(
                actor=request.user,
                metric_id=request.POST.get("metric_id", ""),
                quarter=request.POST.get("quarter", ""),
                segment=request.POST.get("segment", "").strip(),
                value=value,
                at_risk=at_risk,
                note=request.POST.get("note", "")[:300],
            )
        except DomainError as exc:
            messages.error(request, exc.reason)
        else:
            messages.success(request, _("Target saved."))
        return redirect("metrics:targets")
    language = _language()
    quarter = f.quarter_label(timezone.localdate())
    history = list(selectors.target_history()[:200])
    return render(
        request,
        "metrics/targets.html",
        {
            "quarter": quarter,
            "history": [
                (t, d.get(t.metric_id).name.get(language))
                for t in history
                if t.metric_id in d.METRICS
            ],
            "metrics": [(m.id, m.name.get(language)) for m in d.METRICS.values() if m.available],
            "can_edit": can(request.user, EDIT_TARGETS),
        },
    )


@require(EDIT_TARGETS)
@require_POST
def pin(request: HttpRequest) -> HttpResponse:
    metric_id = request.POST.get("metric_id", "")
    try:
        if request.POST.get("action") == "unpin":
            services.unpin_metric(actor=request.user, metric_id=metric_id)
        else:
            services.pin_metric(actor=request.user, metric_id=metric_id)
    except DomainError as exc:
        messages.error(request, exc.reason)
    return redirect("metrics:dashboard")


@require(Perm.VIEW)
def survey(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not can(request.user, ANSWER_SURVEY):
            return render(request, "403.html", status=403)
        try:
            services.survey_answer(
                respondent=request.user,
                team=request.POST.get("team", ""),
                communication=int(request.POST.get("communication", "0")),
                trust=int(request.POST.get("trust", "0")),
                other_team=int(request.POST.get("other_team", "0")),
                comment=request.POST.get("comment", "")[:2000],
            )
        except ValueError:
            messages.error(request, _("Answer each question from 1 to 5."))
        except DomainError as exc:
            messages.error(request, exc.reason)
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
        return redirect("metrics:survey")
    quarter = f.quarter_label(timezone.localdate())
    return render(
        request,
        "metrics/survey.html",
        {
            "quarter": quarter,
            "results": selectors.survey_results(quarter),
            "teams": Team.choices,
            "scale": range(1, 6),
            "can_answer": can(request.user, ANSWER_SURVEY),
        },
    )


@require(Perm.VIEW)
@require_GET
def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """``sheet`` (weeks x metrics, the seeds' sheet), ``targets`` or ``breakdown`` as CSV/XLSX."""
    if table == "sheet":
        header, rows = selectors.sheet_rows()
    elif table == "targets":
        header = ["metric", "quarter", "segment", "target", "at_risk", "set_by", "set_at", "note"]
        rows = [
            [t.metric_id, t.quarter, t.segment, t.value, t.at_risk,
             t.set_by.email if t.set_by else "", t.set_at, t.note]
            for t in selectors.target_history()
        ]  # fmt: skip
    elif table == "breakdown":
        scope = _scope_or_default(request)
        dimension = request.GET.get("dimension", "industry")
        try:
            header, rows = selectors.breakdown_rows(scope=scope, dimension=dimension)
        except DomainError as exc:
            raise Http404(exc.reason) from exc
    else:
        raise Http404
    filename = f"baton-metrics-{table}"
    if fmt == "csv":
        text = io.StringIO()
        writer = SafeCsvWriter(text)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        data = io.BytesIO()
        write_xlsx(data, [header, *rows], title=table)
        response = HttpResponse(
            data.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
