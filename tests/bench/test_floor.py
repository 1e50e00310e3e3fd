"""The storage floor copies the stored interactions into a twin of their table (same columns,
checks and indexes) and drops it; it times only the database's work. The least import stores
a file's cells as they are into such a twin: the least any importer into that table does."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from baton.bench import events
from baton.bench.floor import TWIN, _index_count, least_import, storage_floor
from baton.engagement.models import Interaction
from tests.qualification.conftest import NOW, account, touch

pytestmark = pytest.mark.django_db


def test_the_twin_holds_every_row_with_every_index_then_is_dropped() -> None:
    acc = account()
    for days in range(25):
        touch(acc if days % 5 else None, "web_visit", days, page_category="pricing")
    floor = storage_floor()
    assert floor.rows == Interaction.objects.count() == 25
    assert floor.indexes == _index_count(Interaction._meta.db_table)
    assert floor.indexes == (7 if connection.vendor == "sqlite" else 8)  # PostgreSQL: + pkey
    assert floor.seconds > 0
    assert TWIN not in connection.introspection.table_names()


def test_the_least_import_stores_each_distinct_row_of_the_file_with_every_index(
    tmp_path: Path,
) -> None:
    path = tmp_path / "events.csv"
    rows = list(events.generate(count=40, seed=3, accounts=5, now=NOW))
    events.write_csv(path, iter([*rows, rows[0], rows[7]]))  # two repeats, skipped
    if connection.vendor != "sqlite":  # PostgreSQL has COPY: the measure means nothing there
        with pytest.raises(ValueError, match="SQLite"):
            least_import(path)
        return
    least = least_import(path, rows_per_statement=15)  # two full statements and a last one
    assert least.rows == 40
    assert least.indexes == _index_count(Interaction._meta.db_table)
    assert least.seconds > 0
    assert TWIN not in connection.introspection.table_names()
    assert Interaction.objects.count() == 0  # Baton's table is left alone
