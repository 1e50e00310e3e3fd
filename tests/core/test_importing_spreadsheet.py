"""Exports never turn text into formulas; the error report is such an export."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from baton.core.importing.report import ImportSummary, RowError, errors_csv
from baton.core.spreadsheet import SafeCsvWriter, safe_text, write_xlsx


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Exact English messages (the French ones are checked in test_import_cli)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("-12.5", "-12.5"),
        ("Acme", "Acme"),
        (-3, "-3"),
        (Decimal("-1.50"), "-1.50"),
        (None, ""),
        (True, "true"),
    ],
)
def test_safe_text(value: object, expected: str) -> None:
    assert safe_text(value) == expected


def test_safe_csv_writer() -> None:
    buffer = io.StringIO()
    SafeCsvWriter(buffer).writerow(["=1+1", "ok", 5])
    assert buffer.getvalue() == "'=1+1,ok,5\r\n"


def test_xlsx_keeps_formula_text_as_text() -> None:
    stream = io.BytesIO()
    write_xlsx(stream, [["name", "n"], ['=HYPERLINK("x")', 3]])
    stream.seek(0)
    sheet = load_workbook(stream).active
    assert sheet is not None
    cell = sheet["A2"]
    assert cell.value == '=HYPERLINK("x")'
    assert cell.data_type == "s"
    assert sheet["B2"].value == 3


def test_errors_csv_is_safe() -> None:
    errors = [RowError(line=3, field="name", reason='=cmd (got "x")')]
    assert errors_csv(errors) == 'line,field,reason\r\n3,name,"\'=cmd (got ""x"")"\r\n'


def test_summary_json_and_lines() -> None:
    summary = ImportSummary(kind="accounts", created=2, rejected=1)
    summary.errors.append(
        RowError(line=7, field="employees", reason='must be a whole number (got "douze")')
    )
    assert summary.to_json() == (
        '{"created": 2, "updated": 0, "unchanged": 0, "rejected": 1, "errors": '
        '[{"line": 7, "field": "employees", "reason": "must be a whole number (got \\"douze\\")"}]}'
    )
    assert summary.human_lines() == [
        "accounts: 2 created, 0 updated, 0 unchanged, 1 rejected",
        'line 7, field employees: must be a whole number (got "douze")',
    ]
    again = ImportSummary.from_dict("accounts", summary.to_dict())
    assert again == summary


def test_summary_extra_counters() -> None:
    summary = ImportSummary(kind="interactions", extra={"skipped_duplicates": 0, "unmatched": 0})
    summary.count("created")
    summary.count("unmatched")
    assert summary.to_dict() == {
        "created": 1, "updated": 0, "unchanged": 0, "rejected": 0,
        "skipped_duplicates": 0, "unmatched": 1, "errors": [],
    }  # fmt: skip
    assert summary.headline() == (
        "interactions: 1 created, 0 updated, 0 unchanged, 0 rejected, 0 skipped_duplicates, "
        "1 unmatched"
    )
    assert summary.rows == 2
