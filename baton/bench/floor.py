"""The storage floor of ``ingest``: what the database alone needs to store the imported rows in
Baton's table, with no Python at all.

After the timed import, the stored events are copied by the database itself (``INSERT …
SELECT``, in id order) into an empty twin of ``engagement_interaction``: the same columns,
checks, unique external id and secondary indexes (built after the rows, as a first big import
does on SQLite). No parsing, validation, matching or binding of parameters happens, so Baton's
import can never be faster than this. It is a diagnostic, not a baseline: it says how much of
the distance to the raw CSV baseline is Baton's code, and how much is what Baton stores (typed
columns, the row's raw copy for audit, the matched account / contact / asset, six indexes)
against the baseline's bare text table with one index.

:func:`least_import` (SQLite) adds the other end: the CSV read and the rows written the way an
importer must, with none of Baton's own work in between.
"""

from __future__ import annotations

import csv
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from baton.bench.events import COLUMNS
from baton.engagement.models import Interaction
from baton.engagement.services import SQLITE_ROWS_PER_STATEMENT

TWIN = "bench_floor_interaction"


def _sqlite_twin(table: str) -> tuple[str, list[str], list[str]]:
    """The twin's CREATE TABLE, its unique indexes and its other indexes (SQLite)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
        create = str(cursor.fetchone()[0])
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            [table],
        )
        indexes = [str(row[0]) for row in cursor.fetchall()]
    create = create.replace(f'"{table}"', f'"{TWIN}"', 1)
    renamed = []
    name = re.compile(r'INDEX "([^"]+)"')
    for original in indexes:
        sql = name.sub(lambda m: f'INDEX "{TWIN}_{m.group(1)}"', original, count=1)
        renamed.append(sql.replace(f'ON "{table}"', f'ON "{TWIN}"', 1))
    unique = [sql for sql in renamed if sql.startswith("CREATE UNIQUE")]
    return create, unique, [sql for sql in renamed if not sql.startswith("CREATE UNIQUE")]


@dataclass(frozen=True)
class Floor:
    seconds: float
    rows: int  # rows the twin held (= the interactions)
    indexes: int  # indexes the twin had at the end (= the table's)


def _index_count(table: str) -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [table]
            )
        else:
            cursor.execute("SELECT COUNT(*) FROM pg_indexes WHERE tablename = %s", [table])
        return int(cursor.fetchone()[0])


def _create_twin() -> list[str]:
    """An empty twin with its unique index; returns the other indexes' statements (SQLite:
    built after the rows, as a first big import does; PostgreSQL: the twin has them all)."""
    table = Interaction._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE IF EXISTS "{TWIN}"')
        if connection.vendor == "sqlite":
            create, unique, others = _sqlite_twin(table)
            cursor.execute(create)
            for sql in unique:  # unique external id: kept during the load, as Baton does
                cursor.execute(sql)
            return others
        cursor.execute(f'CREATE TABLE "{TWIN}" (LIKE "{table}" INCLUDING ALL)')
        return []


def _drop_twin(seconds: float) -> Floor:
    indexes = _index_count(TWIN)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM "{TWIN}"')  # noqa: S608
        rows = int(cursor.fetchone()[0])
        cursor.execute(f'DROP TABLE "{TWIN}"')
    return Floor(seconds, rows, indexes)


def storage_floor() -> Floor:
    """Store the interactions again, database-side only (timed); the twin is dropped."""
    table = Interaction._meta.db_table
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in Interaction._meta.concrete_fields)
    others = _create_twin()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{TWIN}" ({columns}) SELECT {columns} FROM "{table}" ORDER BY id'  # noqa: S608
        )
        for sql in others:
            cursor.execute(sql)
    return _drop_twin(time.perf_counter() - started)


# The CSV's columns stored as they are (the asset, a name in the file, is left out).
_LEAST = (
    "external_id", "type", "occurred_at", "domain", "email", "page_url", "page_category",
    "campaign", "channel", "source", "asked_questions", "networked", "question", "raw",
    "received_at",
)  # fmt: skip


def least_import(path: Path, *, rows_per_statement: int = SQLITE_ROWS_PER_STATEMENT) -> Floor:
    """The least work an importer into Baton's table can do, on SQLite (timed): read the CSV
    as the raw baseline does (``csv.reader``) and store each row's cells as they are into a
    twin of the interactions table, the way Baton's importer writes (multi-row ``VALUES``
    with ``?`` marks, ``ON CONFLICT (external_id) DO NOTHING``; faster than ``executemany``
    here: 10.7 to 11.2 s against 13.2 to 13.5 s at 1M). No validation, no matching, no audit
    copy (``raw`` is ``{}``), no conversion beyond what the database does itself.

    ``baseline_s / least_import_s`` (``least_import_ratio``) is then about the best
    ``speed_ratio`` an importer storing into this table can reach on SQLite, and
    ``least_import_s`` what is left of a goal's budget for Baton's own work. (PostgreSQL has
    ``COPY``, which Baton streams through: there the bench does not run this.)
    """
    if connection.vendor != "sqlite":
        raise ValueError("the least import is a SQLite measure")
    at = {name: i for i, name in enumerate(COLUMNS)}
    texts = [at[name] for name in _LEAST[:9]]  # stored as they are
    source, asked, networked = at["source"], at["asked_questions"], at["networked"]
    question = at["question"]
    received = connection.ops.adapt_datetimefield_value(timezone.now())
    one = "(" + ", ".join(["?"] * len(_LEAST)) + ")"

    def insert(rows: int) -> str:
        return (
            f'INSERT INTO "{TWIN}" ({", ".join(_LEAST)}) VALUES {", ".join([one] * rows)} '  # noqa: S608
            "ON CONFLICT (external_id) DO NOTHING"
        )

    full = insert(rows_per_statement)
    others = _create_twin()
    started = time.perf_counter()
    with transaction.atomic(), path.open(encoding="utf-8") as fh:
        connection.ensure_connection()
        sqlite = connection.connection
        reader = csv.reader(fh)
        next(reader)
        values: list[Any] = []
        count = 0
        for cells in reader:
            values += [cells[i] for i in texts]
            values += [
                cells[source] or None, cells[asked] == "oui", cells[networked] == "oui",
                cells[question], "{}", received,
            ]  # fmt: skip
            count += 1
            if count == rows_per_statement:
                sqlite.execute(full, values)
                values, count = [], 0
        if count:
            sqlite.execute(insert(count), values)
        for statement in others:
            sqlite.execute(statement)
    return _drop_twin(time.perf_counter() - started)
