"""Forms of the notification pages (parsing only; services decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from baton.notifications.models import Channel, State

ADMIN_PAGE_SIZE = 50


class ChannelConfigForm(forms.Form):
    url = forms.URLField(
        label=_("Webhook URL"),
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leave empty to keep the current URL (it is never shown again)."),
    )
    secret = forms.CharField(
        label=_("Signing secret"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Generic webhook only. Leave empty to keep the current secret."),
    )
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)


class DeliveryFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *State.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices]
    )
    recipient = forms.CharField(label=_("Recipient"), required=False, max_length=100)
    event = forms.CharField(label=_("Event"), required=False, max_length=64)
