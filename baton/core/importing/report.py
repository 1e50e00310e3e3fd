"""What an import did: counters, per-row errors, the JSON and CSV forms of the report."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from baton.core.spreadsheet import SafeCsvWriter

# Errors kept in memory and in the report; beyond this the count goes on (``rejected`` stays
# exact) and ``errors_omitted`` says how many were not listed.
MAX_ERRORS = 100_000


@dataclass(frozen=True)
class RowError:
    """One problem with one row: its file ``line``, the column as the user named it, why."""

    line: int
    field: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "reason": self.reason}

    def __str__(self) -> str:
        if self.field:
            return _("line %(line)s, field %(field)s: %(reason)s") % {
                "line": self.line,
                "field": self.field,
                "reason": self.reason,
            }
        return _("line %(line)s: %(reason)s") % {"line": self.line, "reason": self.reason}


@dataclass
class ImportSummary:
    kind: str
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    extra: dict[str, int] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    errors_omitted: int = 0

    @property
    def rows(self) -> int:
        """Data rows read: each is counted exactly once."""
        return (
            self.created + self.updated + self.unchanged + self.rejected + sum(self.extra.values())
        )

    def reject(self, errors: list[RowError]) -> None:
        """Count one rejected row and keep its errors (one row may have several)."""
        self.rejected += 1
        room = MAX_ERRORS - len(self.errors)
        self.errors.extend(errors[: max(room, 0)])
        self.errors_omitted += max(len(errors) - max(room, 0), 0)

    def count(self, counter: str) -> None:
        """Add one to ``created``/``updated``/``unchanged`` or to an importer's own counter."""
        if counter in ("created", "updated", "unchanged"):
            setattr(self, counter, getattr(self, counter) + 1)
        else:
            self.extra[counter] = self.extra.get(counter, 0) + 1

    def sort_errors(self) -> None:
        self.errors.sort(key=lambda e: e.line)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }
        out.update(self.extra)
        out["errors"] = [e.as_dict() for e in self.errors]
        if self.errors_omitted:
            out["errors_omitted"] = self.errors_omitted
        if self.ignored_columns:
            out["ignored_columns"] = list(self.ignored_columns)
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, kind: str, data: dict[str, Any], *, dry_run: bool = False) -> ImportSummary:
        core = {"created", "updated", "unchanged", "rejected", "errors"}
        core |= {"errors_omitted", "ignored_columns"}
        return cls(
            kind=kind,
            dry_run=dry_run,
            created=data["created"],
            updated=data["updated"],
            unchanged=data["unchanged"],
            rejected=data["rejected"],
            errors=[RowError(**e) for e in data["errors"]],
            extra={k: v for k, v in data.items() if k not in core},
            ignored_columns=list(data.get("ignored_columns", [])),
            errors_omitted=data.get("errors_omitted", 0),
        )

    def headline(self) -> str:
        """``accounts: 148 created, 2 updated, 0 unchanged, 3 rejected``."""
        parts = [
            _("%(n)s created") % {"n": self.created},
            _("%(n)s updated") % {"n": self.updated},
            _("%(n)s unchanged") % {"n": self.unchanged},
            _("%(n)s rejected") % {"n": self.rejected},
        ]
        parts += [f"{n} {name}" for name, n in self.extra.items()]
        return _("%(kind)s: %(counts)s") % {"kind": self.kind, "counts": ", ".join(parts)}

    def human_lines(self) -> list[str]:
        lines = []
        if self.dry_run:
            lines.append(_("dry run: nothing was saved"))
        lines.append(self.headline())
        if self.ignored_columns:
            lines.append(
                _("ignored columns: %(columns)s (map them with --map COLUMN=field)")
                % {"columns": ", ".join(self.ignored_columns)}
            )
        lines += [str(e) for e in self.errors]
        if self.errors_omitted:
            lines.append(_("… and %(n)s more errors") % {"n": self.errors_omitted})
        return lines


def errors_csv(errors: list[RowError]) -> str:
    """The error report as CSV text (``line,field,reason``), safe to open in a spreadsheet."""
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow(["line", "field", "reason"])
    writer.writerows([e.line, e.field, e.reason] for e in errors)
    return buffer.getvalue()
