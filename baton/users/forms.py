"""Forms of the user pages: they validate input; services make the changes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from baton.users.models import LanguageChoices, RoleChoices


class _BlockLabels:
    """Labels sit above their field (see baton.css): no trailing colon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""


class LoginForm(_BlockLabels, AuthenticationForm):
    """Email + password. The field keeps the name ``username`` (django-axes reads it)."""

    username = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "username", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("Wrong email or password."),
        "inactive": _("This account is deactivated."),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class ProfileForm(_BlockLabels, forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    language = forms.ChoiceField(label=_("Interface language"), choices=LanguageChoices.choices)


class TokenCreateForm(_BlockLabels, forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “CRM sync” or “Weekly export”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class RoleForm(_BlockLabels, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=RoleChoices.choices)


class UserCreateForm(_BlockLabels, forms.Form):
    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=RoleChoices.choices)
    language = forms.ChoiceField(label=_("Interface language"), choices=LanguageChoices.choices)
    password = forms.CharField(
        label=_("Initial password"),
        strip=False,
        help_text=_("Give it to the person safely; they can sign in with it right away."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            try:
                password_validation.validate_password(password)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data
