"""Which column of the file feeds which Baton field.

A column whose header is a Baton field name (after normalisation: case, accents, spaces and
punctuation ignored, so ``Annual Revenue`` is ``annual_revenue``) or one of the importer's
aliases needs no mapping. ``--map SRC=DEST`` (or the mapping step of the upload page) maps
any other header; ``SRC=`` or ``SRC=ignore`` ignores a column. Problems here make the whole
file unusable, before any row is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from baton.core.importing.errors import ImportFileError
from baton.core.importing.parsing import normalise_word

IGNORE = "ignore"


@dataclass(frozen=True)
class ColumnPlan:
    """``targets[i]`` is the Baton field fed by the file's column ``headers[i]`` (or None)."""

    headers: tuple[str, ...]
    targets: tuple[str | None, ...]
    dropped: frozenset[str] = frozenset()  # ignored on purpose (``SRC=``): not reported

    def column_for(self, field: str) -> str:
        """The header the user gave to ``field`` (the field name itself when absent)."""
        for header, target in zip(self.headers, self.targets, strict=True):
            if target == field:
                return header
        return field

    @property
    def fields(self) -> set[str]:
        return {t for t in self.targets if t}

    @property
    def ignored(self) -> list[str]:
        return [
            h or _("column %(n)s (no name)") % {"n": i + 1}
            for i, (h, t) in enumerate(zip(self.headers, self.targets, strict=True))
            if t is None and h not in self.dropped
        ]


def parse_map_args(items: Iterable[str]) -> dict[str, str]:
    """``["Raison sociale=name", "Notes="]`` → ``{"Raison sociale": "name", "Notes": ""}``."""
    mapping: dict[str, str] = {}
    for item in items:
        source, sep, dest = item.partition("=")
        if not sep or not source.strip():
            raise ImportFileError(
                _('--map takes SOURCE=FIELD, e.g. --map "Raison sociale=name" (got %(item)s)')
                % {"item": item}
            )
        mapping[source.strip()] = dest.strip()
    return mapping


def default_target(header: str, fields: Sequence[str], aliases: dict[str, str]) -> str | None:
    key = normalise_word(header)
    if key in fields:
        return key
    return aliases.get(key)


def plan_columns(
    headers: Sequence[str],
    *,
    fields: Sequence[str],
    required: Sequence[Sequence[str]],
    aliases: dict[str, str] | None = None,
    mapping: dict[str, str] | None = None,
) -> ColumnPlan:
    """Match the headers to ``fields``; raise ``ImportFileError`` when the file is unusable.

    ``required`` lists groups of fields: each group needs at least one of its fields.
    """
    aliases = aliases or {}
    mapping = mapping or {}
    by_key: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = normalise_word(header)
        if key and key in by_key:
            raise ImportFileError(
                _("the column %(column)s appears twice (columns %(first)s and %(second)s)")
                % {"column": header, "first": by_key[key] + 1, "second": index + 1},
                line=1,
            )
        if key:
            by_key[key] = index
    targets: list[str | None] = [default_target(h, fields, aliases) for h in headers]
    dropped: set[str] = set()
    for source, dest in mapping.items():
        found = by_key.get(normalise_word(source))
        if found is None:
            raise ImportFileError(
                _(
                    "the column %(column)s given in the mapping is not in the file "
                    "(columns: %(columns)s)"
                )
                % {"column": source, "columns": ", ".join(h for h in headers if h)}
            )
        if dest in ("", IGNORE, "-"):
            targets[found] = None
            dropped.add(headers[found])
        elif dest in fields:
            targets[found] = dest
        else:
            raise ImportFileError(
                _("unknown field %(field)s in the mapping (fields: %(fields)s)")
                % {"field": dest, "fields": ", ".join(fields)}
            )
    for field in fields:
        fed = [headers[i] for i, t in enumerate(targets) if t == field]
        if len(fed) > 1:
            raise ImportFileError(
                _("the columns %(columns)s all feed the field %(field)s; keep one")
                % {"columns": ", ".join(fed), "field": field}
            )
    present = set(filter(None, targets))
    for group in required:
        if not present.intersection(group):
            raise ImportFileError(
                _("missing required column: %(column)s (columns found: %(columns)s)")
                % {
                    "column": " / ".join(group),
                    "columns": ", ".join(h for h in headers if h) or "—",
                },
                line=1,
            )
    return ColumnPlan(headers=tuple(headers), targets=tuple(targets), dropped=frozenset(dropped))
