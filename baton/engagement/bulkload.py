"""A big first load on SQLite: the secondary indexes of the interactions are built once, after
the rows, instead of row by row.

Each new event goes into every index of ``engagement_interaction`` at a random place; for a
file at least as big as the table already is (a first import, a backfill), building each
index afterwards from the whole table (one sort) costs a fraction of that. Everything happens
inside the import's transaction: a failed or dry run is rolled back with its index changes, and
other connections (WAL) keep reading the table as it was, indexes included, until the commit.
The unique index on ``external_id`` always stays (it decides the duplicates). PostgreSQL is
left alone: dropping an index there would lock the table for readers during the import.
"""

from __future__ import annotations

from django.db import connection, transaction

from baton.engagement.models import Interaction

# From this many stored rows an import refreshes the table's statistics once it commits.
ANALYZE_MIN_ROWS = 10_000


def analyze_on_commit(stored_rows: int) -> None:
    """PostgreSQL: after a big import, ``ANALYZE`` the interactions once the transaction
    commits (register it before the requalification, which then plans with the new counts).

    The planner's statistics still describe the table before the import until autovacuum
    comes by; a first import into an empty table then gets plans made for a handful of rows
    (the requalification of 20,000 accounts after a 1M-row import took 28 s instead of a few).
    SQLite keeps no statistics unless asked, and its plans do not depend on them here.
    """
    if connection.vendor != "postgresql" or stored_rows < ANALYZE_MIN_ROWS:
        return
    table = connection.ops.quote_name(Interaction._meta.db_table)

    def analyze() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")

    transaction.on_commit(analyze, robust=True)


class BulkLoad:
    """Drops the table's secondary indexes (:meth:`start`) and builds them back (:meth:`end`)."""

    def __init__(self) -> None:
        self.dropped: list[tuple[str, str]] = []  # (name, CREATE INDEX statement)

    @staticmethod
    def worth_it(expected_rows: int | None) -> bool:
        """SQLite, and a file with at least as many rows as the table holds."""
        if connection.vendor != "sqlite" or not expected_rows:
            return False
        table = connection.ops.quote_name(Interaction._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (our table name)
            stored = int(cursor.fetchone()[0])
        return expected_rows >= stored

    def start(self) -> None:
        """Inside the import's transaction."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
                [Interaction._meta.db_table],
            )
            self.dropped = [(name, sql) for name, sql in cursor.fetchall()]
            for name, _sql in self.dropped:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")

    def end(self) -> None:
        """Build the dropped indexes back (the same statements), in the same transaction."""
        with connection.cursor() as cursor:
            for _name, sql in self.dropped:
                cursor.execute(sql)
        self.dropped = []
