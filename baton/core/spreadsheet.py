"""Spreadsheet-safe cell writing for CSV and XLSX exports (SPEC R-6.2, R-7.3).

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read
as a formula by Excel, LibreOffice and Google Sheets (``=HYPERLINK(…)``, ``=cmd|…``). Every
export goes through here so that such text stays text:

- CSV: the text is prefixed with an apostrophe (the OWASP recommendation); spreadsheets show
  it as text and never evaluate it.
- XLSX: the cell is written with the string type, so the exact text is kept and is never a
  formula.

Numbers, dates and booleans keep their type (a negative number is not a formula).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER_TYPES = (int, float, Decimal)


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def _plain_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return text.strip() == text and text[:1] in "+-"


def safe_text(value: Any) -> str:
    """The CSV text of ``value``, never readable as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _NUMBER_TYPES):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    text = str(value)
    if is_formula_like(text) and not _plain_number(text):
        return "'" + text
    return text


class SafeCsvWriter:
    """``csv.writer`` whose every cell goes through :func:`safe_text`."""

    def __init__(self, stream: IO[str], *, delimiter: str = ",") -> None:
        self._writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")

    def writerow(self, values: Iterable[Any]) -> None:
        self._writer.writerow([safe_text(v) for v in values])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """A write-only openpyxl cell holding ``value``; text is always a string cell."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=None)
        cell._value = value  # set directly: the value setter would read "=…" as a formula
        cell.data_type = "s"
        return cell
    return WriteOnlyCell(sheet, value=value)


def write_xlsx(stream: IO[bytes], rows: Iterable[Iterable[Any]], *, title: str = "Baton") -> None:
    """Write ``rows`` to a one-sheet XLSX workbook, streaming (write-only mode)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        sheet.append([xlsx_cell(sheet, v) for v in row])
    workbook.save(stream)
