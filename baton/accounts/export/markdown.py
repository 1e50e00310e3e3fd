"""The dossier as Markdown (GitHub-flavoured tables), in French or English.

Every string that comes from the database is escaped before it reaches the template, so a
company called ``*Acme* | [x](http://evil)`` prints as itself: no emphasis, no broken table,
no link. The template only lays out; it runs with auto-escaping off (this is not HTML).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from baton.accounts.export import check_language
from baton.accounts.export.document import Text, build_document
from baton.accounts.export.labels import LABELS
from baton.accounts.selectors import Dossier

TEMPLATE = "accounts/export/dossier.md"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Only ASCII white space: the non-breaking spaces of French typography must survive.
_SPACES = re.compile(r"[ \t\n\r]+")
# Characters that mean something inline: emphasis, code, links, images, raw HTML, entities,
# table cells, strike-through, headings. A backslash before any of them prints it as is.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")
# What turns the start of a line into a block (list item, quote, setext heading, rule).
_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")


def escape_inline(value: str) -> str:
    """One line of user text, safe anywhere inline, including in a table cell."""
    value = _SPACES.sub(" ", _CONTROL.sub(" ", value)).strip(" ")
    return _INLINE_SPECIAL.sub(r"\\\1", value)


def escape_line(value: str) -> str:
    """A line that starts a paragraph: also neutralise list, quote and heading markers."""
    escaped = escape_inline(value)
    match = _LINE_START.match(escaped)
    if match is None:
        return escaped
    marker = match.group(1)
    if marker.isdigit():  # "1. " or "1) " would start an ordered list
        return marker + "\\" + escaped[len(marker) :]
    return "\\" + escaped


def escape_text(text: Text) -> str:
    """Several lines of user text as paragraphs, one per line."""
    return "\n\n".join(escape_line(line) for line in text.lines)


def _escape(value: Any) -> Any:
    if isinstance(value, Text):
        return escape_text(value)
    if isinstance(value, str):
        return escape_inline(value)
    if isinstance(value, tuple):
        return tuple(_escape(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _escape(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def _tidy(text: str) -> str:
    """Template tags leave blank lines and trailing spaces: one blank line between blocks."""
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def render_markdown(dossier: Dossier, language: str) -> str:
    """The dossier of SPEC R-1.6 as Markdown in ``language`` (``fr`` or ``en``)."""
    check_language(language)
    with translation.override(language):
        document = build_document(dossier)
        context = {
            "doc": _escape(document),
            "labels": {key: str(label) for key, label in LABELS.items()},
            # French puts a non-breaking space before the colon.
            "colon": gettext("%(label)s:") % {"label": ""},
        }
        text = render_to_string(TEMPLATE, context)
    return _tidy(text)
