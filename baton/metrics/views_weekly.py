"""Weekly review pages (R-4.6) and monthly lead review (R-4.8): the list of weeks, one week's
pack (page, Markdown, PDF), corrective actions and blockers, the monthly review. Views parse,
call, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from baton.accounts.models import Deal
from baton.core.errors import DomainError
from baton.core.permissions import can, require
from baton.core.roles import Perm
from baton.metrics import formulas as f
from baton.metrics import monthly, services, weekly, weekly_render
from baton.metrics.models import CorrectiveAction, WeeklyReview
from baton.metrics.views import EDIT_TARGETS, _language
from baton.users.models import User

WEEKS_LISTED = 13


def _week(text: str) -> dt.date:
    try:
        return weekly.parse_week(text)
    except DomainError as exc:
        raise Http404(exc.reason) from exc


def _label(week_start: dt.date) -> str:
    year, week, _day = week_start.isocalendar()
    return f"{year}-W{week:02d}"


@require(Perm.VIEW)
@require_GET
def weekly_list(request: HttpRequest) -> HttpResponse:
    last = weekly.last_complete_week(timezone.localdate())
    mondays = [last - dt.timedelta(days=7 * i) for i in range(WEEKS_LISTED)]
    sent = dict(
        WeeklyReview.objects.filter(week_start__in=mondays).values_list("week_start", "notified_at")
    )
    return render(
        request,
        "metrics/weekly_list.html",
        {
            "weeks": [(_label(m), m, m + dt.timedelta(days=6), sent.get(m)) for m in mondays],
            **_actions_context(request),
        },
    )


def _actions_context(request: HttpRequest) -> dict[str, object]:
    open_actions = CorrectiveAction.objects.select_related("owner").filter(status="open")
    return {
        "open_actions": list(open_actions.filter(is_blocker=False)),
        "blockers": list(open_actions.filter(is_blocker=True)),
        "owners": list(User.objects.filter(is_active=True).order_by("first_name", "email")),
        "can_edit": can(request.user, EDIT_TARGETS),
        "today": timezone.localdate(),
    }


@require(Perm.VIEW)
@require_GET
def weekly_week(request: HttpRequest, week: str) -> HttpResponse:
    week_start = _week(week)
    language = _language()
    pack = weekly.build(week_start, language=language)
    won = Deal.objects.filter(
        status="won", closed_on__gte=week_start, closed_on__lte=pack.sunday
    ).select_related("account")
    return render(
        request,
        "metrics/weekly_week.html",
        {
            "week": pack.label,
            "won_deals": list(won.order_by("-amount", "id")[:50]),
            "pack_html": weekly_render.html(pack, language, standalone=False),
            "language": language,
            **_actions_context(request),
        },
    )


@require(Perm.VIEW)
@require_GET
def weekly_download(request: HttpRequest, week: str, fmt: str) -> HttpResponse:
    week_start = _week(week)
    language = request.GET.get("lang") or _language()
    if language not in weekly_render.LANGUAGES or fmt not in ("md", "pdf"):
        raise Http404(_("unknown format or language"))
    pack = weekly.build(week_start, language=language)
    name = f"baton-review-{pack.label}-{language}.{fmt}"
    if fmt == "md":
        response = HttpResponse(
            weekly_render.markdown(pack, language), content_type="text/markdown; charset=utf-8"
        )
    else:
        response = HttpResponse(weekly_render.pdf(pack, language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require(EDIT_TARGETS)
@require_POST
def weekly_win(request: HttpRequest, week: str) -> HttpResponse:
    """Choose the win of the week by hand (blank: the largest deal won that week)."""
    week_start = _week(week)
    deal = None
    if request.POST.get("deal"):
        deal = get_object_or_404(
            Deal,
            pk=request.POST["deal"],
            status="won",
            closed_on__gte=week_start,
            closed_on__lte=week_start + dt.timedelta(days=6),
        )
    services.weekly_win_set(actor=request.user, week_start=week_start, deal=deal)
    messages.success(request, _("Saved."))
    return redirect("metrics:weekly_week", week=_label(week_start))


@require(EDIT_TARGETS)
@require_POST
def action_create(request: HttpRequest) -> HttpResponse:
    owner = User.objects.filter(pk=request.POST.get("owner") or 0, is_active=True).first()
    due_on = None
    if request.POST.get("due_on"):
        try:
            due_on = dt.date.fromisoformat(request.POST["due_on"])
        except ValueError:
            messages.error(request, _("The due date is a date such as 2026-09-30."))
            return redirect(request.POST.get("next") or "metrics:weekly")
    try:
        services.action_create(
            actor=request.user,
            title=request.POST.get("title", "")[:300],
            owner=owner,
            due_on=due_on,
            is_blocker=request.POST.get("is_blocker") == "1",
        )
    except DomainError as exc:
        messages.error(request, exc.reason)
    else:
        messages.success(request, _("Saved."))
    return redirect(_next(request))


@require(EDIT_TARGETS)
@require_POST
def action_close(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(CorrectiveAction, pk=pk)
    try:
        services.action_close(
            actor=request.user, action=action, status=request.POST.get("status", "done")
        )
    except DomainError as exc:
        messages.error(request, exc.reason)
    return redirect(_next(request))


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/metrics/weekly/") else "/metrics/weekly/"


@require(Perm.VIEW)
@require_GET
def monthly_review(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        month = f.parse_period(request.GET.get("month") or "month", today=today)
    except f.PeriodError as exc:
        raise Http404(str(exc)) from exc
    if month.kind != f.PeriodKind.MONTH:
        raise Http404(_("a month such as 2026-09"))
    language = _language()
    review = monthly.build(month, as_of=min(today, month.end))
    return render(request, "metrics/monthly.html", {"review": review, "language": language})
