"""Template helpers of the account pages: money per locale, audit rows in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from baton.accounts.models import Account, AccountContext, Contact, Pain, Project, Signal
from baton.core.models import AuditEvent

register = template.Library()

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
NBSP = "\xa0"


@register.filter
def money(value: Any, currency: str = "EUR") -> str:
    """``180000`` → ``180 000 €`` in French, ``€180,000`` in English (cents only if any)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    places = 0 if amount == amount.to_integral_value() else 2
    number = formats.number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    if (get_language() or "").startswith("en"):
        return f"{symbol}{number}" if symbol in CURRENCY_SYMBOLS.values() else f"{symbol} {number}"
    return f"{number}{NBSP}{symbol}"


ACTION_LABELS: dict[str, Promise] = {
    "account.created": _("Account created"),
    "account.updated": _("Account updated"),
    "account.targeted": _("Added to the target list"),
    "account.untargeted": _("Removed from the target list"),
    "contact.created": _("Committee member added"),
    "contact.updated": _("Committee member updated"),
    "contact.deleted": _("Committee member removed"),
    "signal.created": _("Buying signal recorded"),
    "signal.updated": _("Buying signal updated"),
    "signal.confirmed": _("Buying signal confirmed"),
    "signal.deleted": _("Buying signal deleted"),
    "context.updated": _("Context updated"),
    "pain.added": _("Pain added"),
    "pain.removed": _("Pain removed"),
    "project.added": _("Project added"),
    "project.removed": _("Project removed"),
}

# Where the field names of an audit row's changes are defined, by action prefix.
ACTION_MODELS: dict[str, type[models.Model]] = {
    "account": Account,
    "context": AccountContext,
    "contact": Contact,
    "signal": Signal,
    "pain": Pain,
    "project": Project,
}
EXTRA_LABELS: dict[str, Promise] = {
    "domains": _("domains"),
    "pain": _("pain"),
    "project": _("project"),
    "name": _("name"),
    "account": _("account"),
}
HIDDEN_VALUES = frozenset({"marketing_owner", "sales_owner", "contact", "account"})
MAX_VALUE_CHARS = 80


@register.filter
def audit_action(event: AuditEvent) -> str:
    label = ACTION_LABELS.get(event.action)
    return str(label) if label is not None else event.action


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def _show(value: Any) -> str:
    if value is None or value in ("", []):
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _value(field: models.Field[Any, Any] | None, value: Any) -> str:
    """A recorded value as the user reads it: choice labels, local dates and numbers."""
    if field is not None and value not in (None, ""):
        if field.choices:
            return _show(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.DateField) and isinstance(value, str):
            try:
                return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
            except ValueError:
                return _show(value)
        if isinstance(field, models.DecimalField | models.IntegerField):
            try:
                return formats.number_format(
                    Decimal(str(value)), use_l10n=True, force_grouping=True
                )
            except InvalidOperation:
                return _show(value)
    return _show(value)


def _label(model: type[models.Model] | None, name: str) -> str:
    field = _field(model, name)
    if field is not None:
        return str(field.verbose_name)
    extra = EXTRA_LABELS.get(name)
    return str(extra) if extra is not None else name.replace("_", " ")


@register.filter
def audit_changes(event: AuditEvent) -> list[Change]:
    """The changes of an audit row as (field label, before, after), in words."""
    model = ACTION_MODELS.get(event.action.split(".", 1)[0])
    out: list[Change] = []
    changes = event.changes if isinstance(event.changes, dict) else {}
    for name, pair in changes.items():
        if name == "account" and event.action.endswith(".deleted"):
            continue
        before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        if name in HIDDEN_VALUES:
            out.append(Change(_label(model, name), "", ""))
        else:
            field = _field(model, name)
            shown = Change(_label(model, name), _value(field, before), _value(field, after))
            if shown.before != shown.after:  # e.g. a blank field on creation says nothing
                out.append(shown)
    return out
