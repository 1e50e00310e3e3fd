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

from baton.bench.baselines import executemany_in_batches
from baton.bench.events import COLUMNS
from baton.engagement.models import Interaction

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


def least_import(path: Path, *, batch: int = 2000) -> Floor:
    """The least work an importer into Baton's table can do (timed): the raw baseline's loop
    (``csv.reader``, ``executemany`` in batches of 2,000, repeats skipped) storing each row's
    cells as they are into a twin of the interactions table. No validation, no matching, no
    audit copy (``raw`` is ``{}``), no conversion beyond what the database does itself.

    On SQLite, where a Python importer has no faster way than ``executemany`` to hand rows to
    the database, ``baseline_s / least_import_s`` (``least_import_ratio``) bounds the
    ``speed_ratio`` any importer storing into this table can reach. PostgreSQL has ``COPY``,
    which Baton's importer streams through, so there it is no bound (and the bench skips it).
    """
    at = {name: i for i, name in enumerate(COLUMNS)}
    texts = [at[name] for name in _LEAST[:9]]  # stored as they are
    source, asked, networked = at["source"], at["asked_questions"], at["networked"]
    question = at["question"]
    received = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = (
        f'INSERT INTO "{TWIN}" ({", ".join(_LEAST)}) VALUES ({", ".join(["%s"] * len(_LEAST))}) '  # noqa: S608
        "ON CONFLICT (external_id) DO NOTHING"
    )
    others = _create_twin()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor, path.open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)

        def cells_as_they_are(cells: list[str]) -> list[Any]:
            row: list[Any] = [cells[i] for i in texts]
            row += [
                cells[source] or None, cells[asked] == "oui", cells[networked] == "oui",
                cells[question], "{}", received,
            ]  # fmt: skip
            return row

        executemany_in_batches(cursor, sql, map(cells_as_they_are, reader), batch)
        for statement in others:
            cursor.execute(statement)
    return _drop_twin(time.perf_counter() - started)
