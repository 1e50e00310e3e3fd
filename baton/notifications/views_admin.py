"""Admin (RevOps) pages: channel settings and health, delivery log, dead letters."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baton.core.errors import DomainError
from baton.core.permissions import require
from baton.core.roles import Perm
from baton.notifications import selectors, services
from baton.notifications.forms import ADMIN_PAGE_SIZE, ChannelConfigForm, DeliveryFilterForm
from baton.notifications.models import WORKSPACE_CHANNELS, Channel, State

TESTABLE = {c.value for c in (*WORKSPACE_CHANNELS, Channel.EMAIL)}


def _workspace_channel(channel: str) -> Channel:
    if channel not in {c.value for c in WORKSPACE_CHANNELS}:
        raise Http404
    return Channel(channel)


@require(Perm.CONFIGURE)
def channels(request: HttpRequest) -> HttpResponse:
    configs = selectors.channel_configs()
    forms = {
        c.value: ChannelConfigForm(
            prefix=c.value,
            initial={"enabled": configs[c.value].enabled if c.value in configs else True},
        )
        for c in WORKSPACE_CHANNELS
    }
    health = selectors.channel_health()
    sections = [(h, forms[h.channel]) for h in health if h.channel in forms]
    return render(request, "notifications/channels.html", {"health": health, "sections": sections})


@require(Perm.CONFIGURE)
@require_POST
def channel_save(request: HttpRequest, channel: str) -> HttpResponse:
    ch = _workspace_channel(channel)
    form = ChannelConfigForm(request.POST, prefix=ch.value)
    if not form.is_valid():
        messages.error(request, _("Check the webhook URL: it is not a valid address."))
        return redirect("notifications:channels")
    try:
        services.channel_config_save(
            channel=ch.value,
            url=form.cleaned_data["url"],
            secret=form.cleaned_data["secret"],
            enabled=form.cleaned_data["enabled"],
            actor=request.user,
        )
    except DomainError as exc:
        messages.error(request, exc.reason)
    else:
        messages.success(request, _("%(channel)s is saved.") % {"channel": ch.label})
    return redirect("notifications:channels")


@require(Perm.CONFIGURE)
@require_POST
def channel_delete(request: HttpRequest, channel: str) -> HttpResponse:
    ch = _workspace_channel(channel)
    try:
        services.channel_config_delete(channel=ch.value, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.reason)
    else:
        messages.success(request, _("%(channel)s is disconnected.") % {"channel": ch.label})
    return redirect("notifications:channels")


@require(Perm.CONFIGURE)
@require_POST
def channel_test(request: HttpRequest, channel: str) -> HttpResponse:
    if channel not in TESTABLE:
        raise Http404
    label = Channel(channel).label
    try:
        row = services.channel_send_test(channel=channel, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.reason)
        return redirect("notifications:channels")
    if row.state == State.SENT:
        messages.success(request, _("Test message sent to %(channel)s.") % {"channel": label})
    else:
        messages.error(
            request,
            _("The test message to %(channel)s did not go through: %(error)s")
            % {"channel": label, "error": row.last_error or row.get_state_display()},
        )
    return redirect("notifications:channels")


@require(Perm.CONFIGURE)
def deliveries(request: HttpRequest) -> HttpResponse:
    form = DeliveryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.deliveries(
        state=filters.get("state", ""),
        channel=filters.get("channel", ""),
        recipient=filters.get("recipient", ""),
        event=filters.get("event", ""),
    )
    page = Paginator(qs, ADMIN_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "notifications/deliveries.html", {"form": form, "page": page, "dead": False}
    )


@require(Perm.CONFIGURE)
def dead_letters(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.dead_letters(), ADMIN_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "notifications/deliveries.html", {"form": None, "page": page, "dead": True}
    )


@require(Perm.CONFIGURE)
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.outbox_retry(message_id=pk, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.reason)
    else:
        messages.success(request, _("The message is queued again."))
    return redirect("notifications:dead_letters")
