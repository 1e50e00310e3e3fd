"""Reading CSV and XLSX files, and refusing unusable ones with the reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook

from baton.core.importing.errors import ImportFileError
from baton.core.importing.mapping import parse_map_args, plan_columns
from baton.core.importing.readers import open_table

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Exact English messages (the French ones are checked in test_import_cli)."""
    with translation.override("en"):
        yield


def read(path: Path, **kwargs: str) -> tuple[list[str], list[tuple[int, list[object]]]]:
    with open_table(path, **kwargs) as table:
        return table.headers, list(table.rows)


def test_comma_csv() -> None:
    headers, rows = read(FIXTURES / "accounts_good.csv")
    assert headers[:3] == ["name", "domain", "industry"]
    assert [line for line, _ in rows] == [2, 3, 4]
    assert rows[0][1][:2] == ["Acme Industrie", "acme-industrie.fr;acme.com"]


def test_french_excel_csv_semicolon_and_bom() -> None:
    headers, rows = read(FIXTURES / "accounts_fr_excel.csv")
    assert headers == ["Nom", "Domaine", "Secteur", "Effectif", "CA estimé", "Pays", "Tier"]
    assert rows[0] == (
        2,
        ["Étoile Énergie", "etoile-energie.fr|www.etoile.com", "Énergie", "1\u202f200",
         "1 200 000,50", "FR", "1"],
    )  # fmt: skip


def test_not_utf8_is_refused_with_line_and_byte() -> None:
    with pytest.raises(ImportFileError) as info:
        read(FIXTURES / "accounts_cp1252.csv")
    assert info.value.line == 3
    assert str(info.value) == (
        "the file is not UTF-8 (byte 0xE9 at line 3); save it as UTF-8 (“CSV UTF-8” in Excel) "
        "or give its encoding (Windows: cp1252)"
    )


def test_cp1252_when_asked() -> None:
    _, rows = read(FIXTURES / "accounts_cp1252.csv", encoding="cp1252")
    assert rows[1] == (3, ["Café Crème", "Restauration"])


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.csv", "the file is empty"),
        ("header_only.csv", "the file has a header line but no data rows"),
    ],
)
def test_empty_files(name: str, reason: str) -> None:
    with pytest.raises(ImportFileError) as info:
        read(FIXTURES / name)
    assert str(info.value) == reason


def test_blank_lines_and_multiline_cells_keep_file_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('name,notes\n\nAcme,"two\nlines"\n;;\n,\nBolt,x\n', encoding="utf-8")
    _, rows = read(path)
    assert rows == [(3, ["Acme", "two\nlines"]), (5, [";;"]), (7, ["Bolt", "x"])]


def test_xlsx_streamed_with_native_values(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["name", "employees", "targeted_on", "industry"])
    sheet.append(["Acme", 250, dt.datetime(2026, 11, 23), '=HYPERLINK("http://x")'])
    sheet.append([])
    sheet.append(["Bolt", 12.0, None, None])
    path = tmp_path / "accounts.xlsx"
    workbook.save(path)
    headers, rows = read(path)
    assert headers == ["name", "employees", "targeted_on", "industry"]
    assert rows == [
        (2, ["Acme", 250, dt.datetime(2026, 11, 23), '=HYPERLINK("http://x")']),
        (4, ["Bolt", 12, None, None]),
    ]


def test_broken_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportFileError) as info:
        read(path)
    assert str(info.value) == "the file is not a valid XLSX workbook"


def test_old_xls_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ImportFileError) as info:
        read(path)
    assert str(info.value) == "old .xls workbooks are not read; save the file as .xlsx or .csv"


FIELDS = ["name", "domain", "employees", "external_id"]


def test_plan_defaults_aliases_and_ignored() -> None:
    plan = plan_columns(
        ["Name", "Site web", "Effectif", "Notes"],
        fields=FIELDS,
        required=[("name",)],
        aliases={"site_web": "domain", "effectif": "employees"},
    )
    assert plan.targets == ("name", "domain", "employees", None)
    assert plan.ignored == ["Notes"]
    assert plan.column_for("domain") == "Site web"


def test_plan_with_mapping() -> None:
    plan = plan_columns(
        ["Raison sociale", "Nb salariés", "name"],
        fields=FIELDS,
        required=[("name",)],
        mapping=parse_map_args(["Raison sociale=name", "Nb salariés=employees", "name="]),
    )
    assert plan.targets == ("name", "employees", None)


@pytest.mark.parametrize(
    ("headers", "mapping", "reason"),
    [
        (["company", "domain"], [],
         "missing required column: name (columns found: company, domain)"),
        (["name", "Name "], [], "the column Name  appears twice (columns 1 and 2)"),
        (["name", "x"], ["y=domain"],
         "the column y given in the mapping is not in the file (columns: name, x)"),
        (["name", "x"], ["x=nope"],
         "unknown field nope in the mapping (fields: name, domain, employees, external_id)"),
        (["name", "x"], ["x=name"], "the columns name, x all feed the field name; keep one"),
    ],
)  # fmt: skip
def test_plan_refusals(headers: list[str], mapping: list[str], reason: str) -> None:
    with pytest.raises(ImportFileError) as info:
        plan_columns(headers, fields=FIELDS, required=[("name",)], mapping=parse_map_args(mapping))
    assert str(info.value) == reason


def test_map_argument_needs_equal_sign() -> None:
    with pytest.raises(ImportFileError) as info:
        parse_map_args(["Raison sociale"])
    assert str(info.value) == (
        '--map takes SOURCE=FIELD, e.g. --map "Raison sociale=name" (got Raison sociale)'
    )


def _line_by_line(path: Path, encoding: str) -> list[tuple[int, list[str]]]:
    """The reference reading: each line decoded on its own, as before the block reader."""
    import csv

    from baton.core.importing.readers import _decoded_lines, _sniff

    with path.open("rb") as stream:
        lines = list(_decoded_lines(stream, encoding))
    reader = csv.reader(iter(lines), delimiter=_sniff(next(t for t in lines if t.strip())))
    out, start = [], 1
    for record in reader:
        if any(cell.strip() for cell in record):
            out.append((start, record))
        start = reader.line_num + 1
    return out[1:]


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        (b"a,b\r\n1,2\r\n\r\n3,4", "utf-8"),
        (b'\xef\xbb\xbfa;b\n\xc3\xa9t\xc3\xa9;"x\r\ny"\n , \n5;6\n', "utf-8"),
        (b'a,b\n"multi\nline",2\n\t,\n7,8\n', "utf-8"),
        (b"\xef\xbb\xbfa,b\n\xe9t\xe9,\x80\n", "cp1252"),
        (b"a,b\n" + b"x" * 70 + b',"\xc3\xa9"\n' * 30_000, "utf-8"),  # several 1 MB blocks
    ],
)
def test_block_reading_gives_the_lines_of_the_line_by_line_reading(
    tmp_path: Path, content: bytes, encoding: str
) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(content)
    with open_table(path, encoding=encoding) as table:
        rows = list(table.rows)
        estimated = table.estimated_rows
    assert rows == _line_by_line(path, encoding)
    assert estimated == len(content.splitlines(keepends=True)) - 1


def test_a_bad_byte_far_in_the_file_is_still_found_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "far.csv"
    path.write_bytes(b"a,b\n" + b"x,1\n" * 400_000 + b"caf\xe9,2\n")
    with pytest.raises(ImportFileError) as info:
        read(path)
    assert info.value.line == 400_002
    assert "byte 0xE9 at line 400002" in str(info.value)


def test_a_lone_carriage_return_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(b"a,b\n1,2\r3,4\n")
    with pytest.raises(ImportFileError) as info:
        read(path)
    assert "the CSV is malformed at line" in str(info.value)
