"""Stream the rows of a CSV or XLSX file without loading it whole.

``open_table(path)`` gives the header and an iterator of ``(line, values)``: ``line`` is the
line of the file (CSV: the physical line where the record starts; XLSX: the sheet row), the
header being line 1 when it is the first line. Blank rows are skipped. Values are text for
CSV and native values (numbers, dates, text) for XLSX; formulas come as their text
(``=HYPERLINK(…)``) and are never evaluated.

CSV: UTF-8 with or without BOM (or another encoding when asked, e.g. ``cp1252``), delimiter
sniffed from the header among ``,`` ``;`` and tab. A file that is not in the expected encoding
is refused before any row is read, with the line and the byte.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from baton.core.importing.errors import ImportFileError
from baton.core.importing.parsing import Cell, as_text

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
SUFFIXES = CSV_SUFFIXES + XLSX_SUFFIXES
ENCODINGS = ("utf-8", "cp1252")
DELIMITERS = (",", ";", "\t")
_BOM = codecs.BOM_UTF8


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list[Cell]]]
    estimated_rows: int | None  # for progress bars; may be approximate
    text_only: bool = False  # every cell is text (CSV)


def _not_encoded(encoding: str, byte: int, line: int) -> ImportFileError:
    if encoding.replace("_", "-").lower() in ("utf-8", "utf8"):
        reason = _(
            "the file is not UTF-8 (byte 0x%(byte)02X at line %(line)s); save it as UTF-8 "
            "(“CSV UTF-8” in Excel) or give its encoding (Windows: cp1252)"
        )
    else:
        reason = _("the file is not %(encoding)s (byte 0x%(byte)02X at line %(line)s)")
    return ImportFileError(reason % {"byte": byte, "line": line, "encoding": encoding}, line=line)


def _decoded_lines(stream: IO[bytes], encoding: str) -> Iterator[str]:
    for number, line in enumerate(stream, start=1):
        raw = line[len(_BOM) :] if number == 1 and line.startswith(_BOM) else line
        try:
            yield raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise _not_encoded(encoding, raw[exc.start], number) from None


def _scan(path: Path, encoding: str) -> tuple[int, int]:
    """Check the whole file decodes; return (lines, non-blank lines)."""
    if _splits_on_newline_bytes(encoding):
        counted = _scan_chunks(path, encoding)
        if counted is not None:
            return counted
    lines = filled = 0
    with path.open("rb") as stream:
        for text in _decoded_lines(stream, encoding):
            lines += 1
            if text.strip():
                filled += 1
    return lines, filled


# Encodings in which a byte 0x0A is always a line feed and never inside a character: decoding
# the file by large blocks is then the same as decoding it line by line.
_BYTE_LINES = frozenset({"utf-8", "cp1252", "latin-1", "iso8859-1", "iso8859-15", "ascii"})
_CHUNK = 1 << 20


def _splits_on_newline_bytes(encoding: str) -> bool:
    return codecs.lookup(encoding).name in _BYTE_LINES


def _scan_chunks(path: Path, encoding: str) -> tuple[int, int] | None:
    """:func:`_scan` by blocks of 1 MB; ``None`` when the file does not decode (the line by
    line scan then says where). Non-blank lines are counted up to 2 (all the caller needs)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    newlines = 0
    last = b""
    with path.open("rb") as stream:
        block = stream.read(_CHUNK)
        if block.startswith(_BOM):
            block = block[len(_BOM) :]
        while block:
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                return None
            newlines += block.count(b"\n")
            last = block
            block = stream.read(_CHUNK)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return None
    lines = newlines + (1 if last and not last.endswith(b"\n") else 0)
    filled = 0
    with path.open("rb") as stream:
        for text in _decoded_lines(stream, encoding):
            if text.strip():
                filled += 1
                if filled == 2:  # a header and one row: all the caller needs
                    break
    return lines, filled


def _sniff(header_line: str) -> str:
    best, best_count = ",", 0
    for delimiter in DELIMITERS:
        count = len(next(csv.reader([header_line], delimiter=delimiter), []))
        if count > best_count:
            best, best_count = delimiter, count
    return best


def _text_lines(stream: IO[bytes], encoding: str) -> Iterator[str]:
    """The lines of a file already checked by :func:`_scan`, as :func:`_decoded_lines` gives
    them (split after each line feed only, BOM left out), decoded by large blocks."""
    if not _splits_on_newline_bytes(encoding):
        return _decoded_lines(stream, encoding)
    if stream.read(len(_BOM)) != _BOM:
        stream.seek(0)
    return io.TextIOWrapper(stream, encoding=encoding, newline="\n")


def _csv_records(path: Path, encoding: str, delimiter: str) -> Generator[tuple[int, list[Cell]]]:
    with path.open("rb") as stream:
        reader = csv.reader(_text_lines(stream, encoding), delimiter=delimiter, strict=False)
        start = 1
        try:
            for record in reader:
                if "".join(record).strip():  # some cell is not blank
                    yield start, record  # type: ignore[misc]
                start = reader.line_num + 1
        except csv.Error as exc:
            raise ImportFileError(
                _("the CSV is malformed at line %(line)s: %(error)s")
                % {"line": reader.line_num, "error": exc},
                line=reader.line_num,
            ) from None


@contextmanager
def _open_csv(path: Path, encoding: str) -> Iterator[Table]:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ImportFileError(_("unknown encoding %(encoding)s") % {"encoding": encoding}) from None
    lines, filled = _scan(path, encoding)
    if filled == 0:
        raise ImportFileError(_("the file is empty"))
    with path.open("rb") as stream:
        header_line = next(t for t in _decoded_lines(stream, encoding) if t.strip())
    delimiter = _sniff(header_line)
    records = _csv_records(path, encoding, delimiter)
    try:
        _line, header = next(records)
        if filled == 1:
            raise ImportFileError(_("the file has a header line but no data rows"), line=2)
        yield Table(
            headers=[as_text(h) for h in header],
            rows=records,
            estimated_rows=max(lines - 1, 0),
            text_only=True,
        )
    finally:
        records.close()


@contextmanager
def _open_xlsx(path: Path) -> Iterator[Table]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
        raise ImportFileError(_("the file is not a valid XLSX workbook")) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportFileError(_("the file is empty"))
        values = sheet.iter_rows(values_only=True)

        def filled() -> Iterator[tuple[int, list[Cell]]]:
            for number, row in enumerate(values, start=1):
                cells = list(row)
                if any(as_text(c) for c in cells):
                    yield number, cells

        rows = filled()
        first = next(rows, None)
        if first is None:
            raise ImportFileError(_("the file is empty"))
        header_line, header = first
        while header and as_text(header[-1]) == "":
            header.pop()
        peek = next(rows, None)
        if peek is None:
            raise ImportFileError(
                _("the file has a header line but no data rows"), line=header_line + 1
            )

        def chained() -> Iterator[tuple[int, list[Cell]]]:
            yield peek
            yield from rows

        total = sheet.max_row - header_line if sheet.max_row else None
        yield Table(headers=[as_text(h) for h in header], rows=chained(), estimated_rows=total)
    finally:
        workbook.close()


def _looks_like_zip(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(4) == b"PK\x03\x04"


@contextmanager
def open_table(path: Path, *, encoding: str = "utf-8") -> Iterator[Table]:
    """The header and the streamed rows of ``path``; raise ``ImportFileError`` if unusable."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ImportFileError(_("old .xls workbooks are not read; save the file as .xlsx or .csv"))
    if not path.exists():
        raise ImportFileError(_("no such file: %(path)s") % {"path": path})
    if path.stat().st_size == 0:
        raise ImportFileError(_("the file is empty"))
    if suffix in XLSX_SUFFIXES or (suffix not in CSV_SUFFIXES and _looks_like_zip(path)):
        with _open_xlsx(path) as table:
            yield table
    elif suffix in CSV_SUFFIXES or not suffix:
        with _open_csv(path, encoding) as table:
            yield table
    else:
        raise ImportFileError(
            _("unsupported file type %(suffix)s; use .csv or .xlsx") % {"suffix": suffix}
        )
