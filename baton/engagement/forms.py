"""Forms of the engagement pages: attach a domain to an account, create a webhook source."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baton.engagement import selectors


class AttachForm(forms.Form):
    domain = forms.CharField(label=_("Domain"), max_length=253, widget=forms.HiddenInput)
    account = forms.ModelChoiceField(
        label=_("Account"), queryset=selectors.attach_choices(), empty_label=_("— choose —")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["account"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = selectors.attach_choices()


class SourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    slug = forms.SlugField(
        label=_("Code"),
        max_length=50,
        required=False,
        help_text=_("Sent by the source in the Baton-Source header; made from the name if empty."),
    )
