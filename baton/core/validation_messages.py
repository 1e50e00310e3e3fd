"""The reasons of the API's 422 answers in the reader's language.

Pydantic writes its messages in English only. For a reader in English they are kept as they
are; for any other language the common error types are worded here, through gettext, with the
limits pydantic reports (``ctx``). A type not listed keeps pydantic's message; a message of our
own validators (``value_error``) is already translated where it was raised.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

_PLAIN = {
    "missing": _("this field is required"),
    "extra_forbidden": _("unknown field"),
    "string_type": _("should be text"),
    "int_type": _("should be a whole number"),
    "int_parsing": _("should be a whole number"),
    "int_from_float": _("should be a whole number"),
    "float_type": _("should be a number"),
    "float_parsing": _("should be a number"),
    "decimal_type": _("should be a number"),
    "decimal_parsing": _("should be a number"),
    "bool_type": _("should be true or false"),
    "bool_parsing": _("should be true or false"),
    "date_type": _("should be a date such as 2026-09-30"),
    "date_parsing": _("should be a date such as 2026-09-30"),
    "date_from_datetime_parsing": _("should be a date such as 2026-09-30"),
    "datetime_type": _("should be a date and time such as 2026-09-30T14:00:00+02:00"),
    "datetime_parsing": _("should be a date and time such as 2026-09-30T14:00:00+02:00"),
    "datetime_from_date_parsing": _("should be a date and time such as 2026-09-30T14:00:00+02:00"),
    "list_type": _("should be a list"),
    "dict_type": _("should be an object"),
    "model_type": _("should be an object"),
    "json_invalid": _("the body is not valid JSON"),
    "uuid_parsing": _("should be a UUID"),
}
OR = _("or")  # joins the allowed values: 'done' or 'dropped'
_BOUNDS = {
    "greater_than": (_("should be greater than %(gt)s"), "gt"),
    "greater_than_equal": (_("should be greater than or equal to %(ge)s"), "ge"),
    "less_than": (_("should be less than %(lt)s"), "lt"),
    "less_than_equal": (_("should be less than or equal to %(le)s"), "le"),
    "decimal_max_digits": (_("should have at most %(max_digits)s digits"), "max_digits"),
    "decimal_max_places": (
        _("should have at most %(decimal_places)s decimal places"),
        "decimal_places",
    ),
}


def reason(error: dict[str, Any]) -> str:
    """The reason to show for one pydantic error (``type``, ``msg``, ``ctx``)."""
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    kind = str(error.get("type", ""))
    if (translation.get_language() or "en").startswith("en") or kind == "value_error":
        return message
    ctx = error.get("ctx") or {}
    if kind in _PLAIN:
        return str(_PLAIN[kind])
    worded = _bounded(kind, ctx) or _counted(kind, ctx)
    if worded is None and kind in ("literal_error", "enum") and "expected" in ctx:
        expected = str(ctx["expected"]).replace(" or ", f" {OR} ")
        worded = str(_("should be one of %(expected)s")) % {"expected": expected}
    return worded or message


def _bounded(kind: str, ctx: dict[str, Any]) -> str | None:
    if kind in _BOUNDS and _BOUNDS[kind][1] in ctx:
        text, key = _BOUNDS[kind]
        return str(text) % {key: ctx[key]}
    return None


def _counted(kind: str, ctx: dict[str, Any]) -> str | None:
    """Lengths of text (characters) and of lists (items), singular or plural."""
    if kind in ("string_too_short", "too_short") and "min_length" in ctx:
        n = int(ctx["min_length"])
        if kind == "string_too_short":
            text = ngettext(
                "should have at least %(n)s character", "should have at least %(n)s characters", n
            )
        else:
            text = ngettext(
                "should have at least %(n)s item", "should have at least %(n)s items", n
            )
        return text % {"n": n}
    if kind in ("string_too_long", "too_long") and "max_length" in ctx:
        n = int(ctx["max_length"])
        if kind == "string_too_long":
            text = ngettext(
                "should have at most %(n)s character", "should have at most %(n)s characters", n
            )
        else:
            text = ngettext("should have at most %(n)s item", "should have at most %(n)s items", n)
        return text % {"n": n}
    return None
