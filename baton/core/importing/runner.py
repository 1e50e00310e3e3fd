"""The generic import run: read, map, validate, apply in batches, count, explain.

An importer kind subclasses :class:`Importer`: it names its columns, which are required,
validates one row into an input schema (the same pydantic schemas as the API), and applies a
batch of valid rows through the services (which write the audit rows). An importer of large
files may add a fast reader of CSV rows (:meth:`Importer.fast_reader`) that skips the schema
for the rows it is sure about.

The whole run is one transaction: a file that turns out unusable half-way (a broken XLSX)
leaves nothing behind, and a dry run is the real run rolled back, so its summary is exactly
what the real run will do. Rows that fail validation are reported and skipped; the others are
imported.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from pydantic import ValidationError

from baton.core.importing.mapping import ColumnPlan, plan_columns
from baton.core.importing.parsing import Cell, is_blank, shown
from baton.core.importing.readers import open_table
from baton.core.importing.report import ImportSummary, RowError


@dataclass(frozen=True)
class Column:
    """A Baton field a file may feed, with the help and example of the template."""

    name: str
    help: str | Promise
    example: str = ""
    default: bool = True  # listed in the downloadable template


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, Cell]  # Baton field → cell (blank cells left out)


class Importer[T](ABC):
    kind: ClassVar[str]
    label: ClassVar[str | Promise]
    columns: ClassVar[tuple[Column, ...]]
    required: ClassVar[tuple[tuple[str, ...], ...]] = ()
    aliases: ClassVar[Mapping[str, str]] = {}
    extra_counters: ClassVar[tuple[str, ...]] = ()
    batch_size: ClassVar[int] = 500

    def __init__(self, *, actor: Any = None) -> None:
        self.actor = actor
        self.plan: ColumnPlan | None = None
        self.estimated_rows: int | None = None  # of the file being imported, when known

    @classmethod
    def field_names(cls) -> list[str]:
        return [c.name for c in cls.columns]

    def column(self, field: str) -> str:
        """The column name the user used for ``field``."""
        return self.plan.column_for(field) if self.plan else field

    def error(self, line: int, field: str, reason: Any) -> RowError:
        return RowError(line=line, field=self.column(field) if field else "", reason=str(reason))

    def schema_errors(
        self, line: int, exc: ValidationError, fields: Mapping[str, str] | None = None
    ) -> list[RowError]:
        """Pydantic errors as row errors, named by the user's columns.

        ``fields`` maps a schema field to the Baton field when they differ (``domains`` →
        ``domain``).
        """
        fields = fields or {}
        out = []
        for item in exc.errors():
            name = str(item["loc"][0]) if item["loc"] else ""
            field = fields.get(name, name)
            reason = str(item["msg"]).removeprefix("Value error, ")
            value = item.get("input")
            if isinstance(value, str | int | float) and str(value) not in reason:
                reason = _("%(reason)s (got %(value)s)") % {"reason": reason, "value": shown(value)}
            out.append(self.error(line, field, reason))
        return out

    def required_errors(self, row: Row) -> list[RowError]:
        """Each required group must have a value in this row."""
        out = []
        for group in self.required:
            if not any(f in row.values for f in group):
                present = [f for f in group if self.plan and f in self.plan.fields]
                field = present[0] if present else group[0]
                out.append(self.error(row.line, field, _("required, cannot be empty")))
        return out

    @contextmanager
    def running(self) -> Iterator[None]:
        """Around the whole run and its transaction (e.g. to tune the connection)."""
        yield

    def fast_reader(self, plan: ColumnPlan) -> Callable[[list[Cell]], T | None] | None:
        """Optionally, a reader of the text cells of a CSV row straight into the validated
        input, for the rows it is sure about; it answers ``None`` for any other row, which then
        takes the usual way (:meth:`validate_row`, which words the errors). Both must accept
        the same rows with the same result."""
        return None

    @abstractmethod
    def validate_row(self, row: Row) -> T | list[RowError]:
        """The validated input of one row, or its errors."""

    def finish(self, summary: ImportSummary) -> None:
        """After the last batch, inside the transaction (before a dry run is rolled back)."""
        del summary  # nothing to do by default

    @abstractmethod
    def apply_batch(self, rows: Sequence[tuple[int, T]], summary: ImportSummary) -> None:
        """Write valid rows (in file order); count each as created/updated/unchanged/… or
        reject it with ``summary.reject``."""


def _row(line: int, cells: list[Cell], plan: ColumnPlan) -> Row | RowError:
    width = len(plan.headers)
    if len(cells) > width and any(not is_blank(c) for c in cells[width:]):
        return RowError(
            line=line,
            field="",
            reason=_("%(count)s values but the header has %(width)s columns")
            % {"count": len([c for c in cells if not is_blank(c)]), "width": width},
        )
    values: dict[str, Cell] = {}
    for target, cell in zip(plan.targets, cells, strict=False):
        if target is not None and not is_blank(cell):
            values[target] = cell.strip() if isinstance(cell, str) else cell
    return Row(line=line, values=values)


def run_import(
    importer: Importer[Any],
    path: Path,
    *,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    encoding: str = "utf-8",
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[int | None], None] | None = None,
) -> ImportSummary:
    """Import ``path`` with ``importer``. Raise ``ImportFileError`` if the file is unusable."""
    with open_table(path, encoding=encoding) as table:
        plan = plan_columns(
            table.headers,
            fields=importer.field_names(),
            required=importer.required,
            aliases=dict(importer.aliases),
            mapping=mapping,
        )
        importer.plan = plan
        importer.estimated_rows = table.estimated_rows
        summary = ImportSummary(
            kind=importer.kind,
            dry_run=dry_run,
            extra=dict.fromkeys(importer.extra_counters, 0),
            ignored_columns=plan.ignored,
        )
        if on_start is not None:
            on_start(table.estimated_rows)
        fast = importer.fast_reader(plan) if table.text_only else None
        with importer.running(), transaction.atomic():
            batch: list[tuple[int, Any]] = []
            for line, cells in table.rows:
                quick = fast(cells) if fast is not None else None
                if quick is not None:
                    batch.append((line, quick))
                else:
                    row = _row(line, cells, plan)
                    if isinstance(row, RowError):
                        summary.reject([row])
                    else:
                        result = importer.validate_row(row)
                        if isinstance(result, list):
                            summary.reject(result)
                        else:
                            batch.append((line, result))
                if len(batch) >= importer.batch_size:
                    importer.apply_batch(batch, summary)
                    batch = []
                if progress is not None:
                    progress(1)
            if batch:
                importer.apply_batch(batch, summary)
            importer.finish(summary)
            if dry_run:
                transaction.set_rollback(True)
    summary.sort_errors()
    return summary
