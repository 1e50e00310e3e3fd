"""Pages of the engagement app: unmatched events (attach a domain to an account) and the
webhook sources. Views only parse, call a service or selector, and render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baton.core.errors import DomainError
from baton.core.permissions import can, require
from baton.core.roles import Perm
from baton.engagement import selectors, services
from baton.engagement.forms import AttachForm, SourceForm
from baton.engagement.models import IngestSource


@require(Perm.VIEW)
def unmatched(request: HttpRequest) -> HttpResponse:
    """Unmatched events by domain; marketing attaches a domain to an account."""
    context = {
        "summary": selectors.unmatched_summary(),
        "can_attach": can(request.user, Perm.EDIT_ACCOUNT),
    }
    return render(request, "engagement/unmatched.html", context)


@require(Perm.EDIT_ACCOUNT)
def unmatched_attach(request: HttpRequest) -> HttpResponse:
    domain = (request.POST.get("domain") or request.GET.get("domain") or "").strip()
    form = AttachForm(request.POST or None, initial={"domain": domain})
    if request.method == "POST" and form.is_valid():
        account = form.cleaned_data["account"]
        try:
            matched = services.unmatched_attach(
                actor=request.user, account=account, domain=form.cleaned_data["domain"]
            )
        except DomainError as exc:
            form.add_error(None, exc.reason)
        else:
            messages.success(
                request,
                _("%(domain)s now belongs to %(account)s: %(count)s events matched.")
                % {"domain": form.cleaned_data["domain"], "account": account, "count": matched},
            )
            return redirect("engagement:unmatched")
    return render(request, "engagement/attach.html", {"form": form, "domain": domain})


def _sources_page(
    request: HttpRequest, form: SourceForm, shown: IngestSource | None = None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "sources": selectors.source_list(), "shown": shown}
    return render(request, "engagement/sources.html", context, status=status)


@require(Perm.CONFIGURE)
def sources(request: HttpRequest) -> HttpResponse:
    """Webhook sources; a secret is shown once, right after it is made."""
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            source = services.ingest_source_create(
                actor=request.user, name=form.cleaned_data["name"], slug=form.cleaned_data["slug"]
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.reason)
        else:
            return _sources_page(request, SourceForm(), shown=source)
    return _sources_page(request, form, status=400 if form.errors else 200)


@require(Perm.CONFIGURE)
@require_POST
def source_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(IngestSource, pk=pk)
    source = services.ingest_source_rotate(actor=request.user, source=source)
    return _sources_page(request, SourceForm(), shown=source)


@require(Perm.CONFIGURE)
@require_POST
def source_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(IngestSource, pk=pk)
    services.ingest_source_set_active(
        actor=request.user, source=source, active=not source.is_active
    )
    return redirect("engagement:sources")
