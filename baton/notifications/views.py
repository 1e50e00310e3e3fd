"""Pages every signed-in user has: the inbox, personal preferences, one-click links."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from baton.core.permissions import require
from baton.core.roles import Perm
from baton.notifications import selectors, services
from baton.notifications.models import Notification
from baton.notifications.selectors import USER_CHANNELS
from baton.notifications.signed_links import LinkError, get_link_action

PAGE_SIZE = 30


@require(Perm.VIEW)
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(
        selectors.inbox(user=request.user, unread_only=unread_only), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "unread_only": unread_only,
            "unread": selectors.unread_count(user=request.user),
        },
    )


@require(Perm.VIEW)
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    services.inbox_mark_read(user=request.user, ids=ids or None)
    return redirect("notifications:inbox")


@require(Perm.VIEW)
@require_POST
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and follow its link to the object."""
    item = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.inbox_mark_read(user=request.user, ids=[item.pk])
    target = item.url
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host(), *_base_hosts()}
    ):
        return HttpResponseRedirect(target)
    return redirect("notifications:inbox")


def _base_hosts() -> set[str]:
    from urllib.parse import urlsplit

    from django.conf import settings

    return {urlsplit(settings.BASE_URL).netloc}


@require(Perm.VIEW)
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """Personal settings: every signed-in user (leadership too) chooses what they receive."""
    grid = selectors.preference_grid(user=request.user)
    if request.method == "POST":
        choices = {
            (row.kind.key, ch.value): f"{row.kind.key}:{ch.value}" in request.POST
            for row in grid
            for ch in USER_CHANNELS
        }
        services.preferences_update(user=request.user, choices=choices)
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"grid": grid, "channels": USER_CHANNELS, "configs": selectors.channel_configs()},
    )


@require_http_methods(["GET", "POST"])
def signed_link(request: HttpRequest, token: str) -> HttpResponse:
    """A one-click link from an email: GET confirms, POST acts (no login needed: the signed
    link is bound to its recipient). A used or expired link explains itself."""
    user = request.user if request.user.is_authenticated else None
    try:
        if request.method == "POST":
            next_url = services.link_use(token=token, user=user)
            return HttpResponseRedirect(next_url)
        claim = selectors.link_check(token=token, user=user)
    except LinkError as exc:
        language = selectors.user_language(user_id=exc.claim.user_id) if exc.claim else None
        with translation.override(language or translation.get_language()):
            return render(
                request,
                "notifications/link_error.html",
                {"reason": exc.kind, "login_url": reverse("login")},
                status=410 if exc.kind in ("used", "expired") else 400,
            )
    with translation.override(selectors.user_language(user_id=claim.user_id)):
        return render(
            request,
            "notifications/link_confirm.html",
            {"action": get_link_action(claim.action), "claim": claim},
        )
