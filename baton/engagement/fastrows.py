"""The fast path of a CSV row of interactions: the rules of
:class:`baton.engagement.schemas.InteractionIn`, without pydantic.

A file repeats the same types, companies, people, pages and campaigns on thousands of rows:
each distinct cell of those columns is checked once (with the very functions the pydantic
model calls) and the result remembered. Only ``external_id`` and ``occurred_at`` are read
afresh on every row.

The fast path only says yes: a row it is not sure about — a value the rules reject or
rewrite in an unusual way, a missing required value, a row of the wrong width — answers
``None``, and the importer validates that row with :class:`InteractionIn` as before, which
also words the errors. So the error report (lines, columns, reasons) cannot drift from the
API's, and ``tests/engagement/test_fastrows.py`` proves that both accept the same rows with
the same values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from json.encoder import encode_basestring
from operator import itemgetter
from typing import Any

from baton.core.importing.parsing import parse_bool, parse_datetime
from baton.engagement.schemas import (
    MAX_LENGTHS,
    TYPES,
    clean_asset,
    clean_domain,
    clean_email,
    clean_email_text,
    clean_page_category,
    clean_page_url,
    implied_page_category,
)
from baton.engagement.services import EventValues

FIELDS = (
    "external_id", "type", "occurred_at", "domain", "email", "page_url", "page_category",
    "asset", "campaign", "channel", "source", "asked_questions", "networked", "question",
)  # fmt: skip

# Remembered cells per column at most (then that column's memo starts afresh).
MEMO_LIMIT = 50_000

_BAD = object()  # a cell the fast path leaves to the schema
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")
_TYPES = frozenset(TYPES)


def _text(field: str) -> Callable[[str], Any]:
    """Free text with a length limit: blank → "", too long → left to the schema."""
    limit = MAX_LENGTHS[field]

    def check(text: str) -> Any:
        return _BAD if len(text) > limit else text

    return check


def _type(text: str) -> Any:
    return text if text in _TYPES else _BAD


def _domain(text: str) -> Any:
    if len(text) > MAX_LENGTHS["domain"]:
        return _BAD
    try:
        return clean_domain(text)
    except ValueError:
        return _BAD


def _email(text: str) -> Any:
    value = clean_email_text(text)
    if value is None or len(value) > MAX_LENGTHS["email"]:
        return _BAD
    try:
        return clean_email(value)
    except ValueError:
        return _BAD


def _page_url(text: str) -> Any:
    if len(text) > MAX_LENGTHS["page_url"]:
        return _BAD
    try:
        return clean_page_url(text) or ""
    except ValueError:
        return _BAD


def _page_category(text: str) -> Any:
    try:
        return clean_page_category(text) or ""
    except ValueError:
        return _BAD


def _asset(text: str) -> Any:
    return _BAD if len(text) > MAX_LENGTHS["asset"] else clean_asset(text)


def _bool(text: str) -> Any:
    try:
        return parse_bool(text)
    except ValueError:
        return _BAD


_CHECKS: dict[str, Callable[[str], Any]] = {
    "type": _type,
    "domain": _domain,
    "email": _email,
    "page_url": _page_url,
    "page_category": _page_category,
    "asset": _asset,
    "campaign": _text("campaign"),
    "channel": _text("channel"),
    "source": _text("source"),
    "asked_questions": _bool,
    "networked": _bool,
    "question": _text("question"),
}
# The value of a field the file does not have (or leaves blank).
_ABSENT: dict[str, Any] = {
    "domain": None,
    "email": None,
    "page_url": "",
    "page_category": "",
    "asset": None,
    "campaign": "",
    "channel": "",
    "source": None,
    "asked_questions": False,
    "networked": False,
    "question": "",
}


class _Column:
    """One memoised column: raw cell → (value, its ``"field": "text"`` piece of the raw JSON)."""

    def __init__(self, field: str) -> None:
        self.field = field
        self.check = _CHECKS[field]
        self.key = encode_basestring(field) + ": "
        self.memo: dict[str, tuple[Any, str | None]] = {}

    def read(self, cell: str) -> tuple[Any, str | None]:
        text = cell.strip()
        if not text:
            found: tuple[Any, str | None] = (
                _BAD if self.field == "type" else _ABSENT[self.field],
                None,
            )
        else:
            found = (self.check(text), self.key + encode_basestring(text))
        if len(self.memo) >= MEMO_LIMIT:
            self.memo.clear()
        self.memo[cell] = found
        return found


class FastRows:
    """Reads the CSV rows of one import against its column plan (``targets[i]``: the field of
    column ``i`` or ``None``)."""

    def __init__(self, targets: Sequence[str | None], *, tz: dt.tzinfo) -> None:
        self.width = len(targets)
        self.tz = tz
        where = {field: i for i, field in enumerate(targets) if field}
        self.at_external_id, self.at_occurred_at = where["external_id"], where["occurred_at"]
        # Only the file's columns are read; the others keep their absent value.
        self.columns = []
        for field in _CHECKS:
            if field in where:
                column = _Column(field)
                self.columns.append((FIELDS.index(field), where[field], column.memo.get, column))
        self.values: list[Any] = [None] * len(FIELDS)
        for field, value in _ABSENT.items():
            self.values[FIELDS.index(field)] = value
        if "type" not in where:  # required: the plan never allows it
            self.values[FIELDS.index("type")] = _BAD
        # The raw JSON lists the fields in the file's column order, like the slow path.
        order = sorted(where, key=where.__getitem__)
        self.ordered = itemgetter(*[FIELDS.index(f) for f in order]) if len(order) > 1 else None
        self.only = FIELDS.index(order[0]) if len(order) == 1 else None

    def read(self, cells: list[Any]) -> EventValues | None:
        """The values of this row, or ``None``: validate it with the schema instead."""
        if len(cells) != self.width:
            return None
        external_id = cells[self.at_external_id].strip()
        if not external_id or len(external_id) > MAX_LENGTHS["external_id"]:
            return None
        when_text = cells[self.at_occurred_at].strip()
        when = self._when(when_text)
        if when is None:
            return None
        values = self.values[:]
        pieces: list[str | None] = [None] * len(FIELDS)
        pieces[0] = '"external_id": ' + encode_basestring(external_id)
        pieces[2] = '"occurred_at": ' + encode_basestring(when_text)
        for slot, at, remembered, column in self.columns:
            cell = cells[at]
            value, piece = remembered(cell) or column.read(cell)
            if value is _BAD:
                return None
            values[slot] = value
            pieces[slot] = piece
        (_e, kind, _o, domain, email, page_url, category, asset, campaign, channel, source,
         asked, networked, question) = values  # fmt: skip
        if kind is _BAD or (not domain and not email):
            return None
        if not category and page_url and kind == "web_visit":
            category = implied_page_category(kind, category, page_url) or ""
        return (
            external_id, kind, when, domain, email, page_url, category, asset, campaign, channel,
            source, asked, networked, question, self._raw(pieces),
        )  # fmt: skip

    def _when(self, text: str) -> dt.datetime | None:
        """``parse_datetime`` (ISO text read directly), or ``None`` when blank or invalid."""
        if not text:
            return None
        try:
            if _ISO.match(text):
                when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
                return when if when.tzinfo is not None else when.replace(tzinfo=self.tz)
            return parse_datetime(text, tz=self.tz)
        except ValueError:
            return None

    def _raw(self, pieces: list[str | None]) -> str:
        if self.ordered is not None:
            return "{" + ", ".join([p for p in self.ordered(pieces) if p is not None]) + "}"
        if self.only is not None and pieces[self.only] is not None:
            return "{" + str(pieces[self.only]) + "}"
        return "{}"
