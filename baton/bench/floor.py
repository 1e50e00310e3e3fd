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

import re
import time
from dataclasses import dataclass

from django.db import connection, transaction

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


def storage_floor() -> Floor:
    """Store the interactions again, database-side only (timed); the twin is dropped."""
    table = Interaction._meta.db_table
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in Interaction._meta.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE IF EXISTS "{TWIN}"')
        if connection.vendor == "sqlite":
            create, unique, others = _sqlite_twin(table)
            cursor.execute(create)
            for sql in unique:  # unique external id: kept during the load, as Baton does
                cursor.execute(sql)
        else:
            cursor.execute(f'CREATE TABLE "{TWIN}" (LIKE "{table}" INCLUDING ALL)')
            others = []
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{TWIN}" ({columns}) SELECT {columns} FROM "{table}" ORDER BY id'  # noqa: S608
        )
        for sql in others:
            cursor.execute(sql)
    seconds = time.perf_counter() - started
    indexes = _index_count(TWIN)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM "{TWIN}"')  # noqa: S608
        rows = int(cursor.fetchone()[0])
        cursor.execute(f'DROP TABLE "{TWIN}"')
    return Floor(seconds, rows, indexes)
