"""A big first import on SQLite builds the secondary indexes once, after the rows; the table
ends with exactly the indexes it had, and the connection with its page cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from baton.core.importing.runner import run_import
from baton.engagement.bulkload import BulkLoad
from baton.engagement.importers import InteractionImporter
from baton.engagement.models import Interaction
from tests.engagement.conftest import HEADER, account

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only"),
]


def _indexes() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "ORDER BY name",
            [Interaction._meta.db_table],
        )
        return list(cursor.fetchall())


def _file(tmp_path: Path, rows: int, prefix: str = "ev") -> Path:
    lines = [HEADER] + [
        f"{prefix}-{i},web_visit,2026-03-02T10:00:00+00:00,acme.fr,,,,,,," for i in range(rows)
    ]
    path = tmp_path / f"{prefix}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_first_big_import_rebuilds_the_same_indexes(tmp_path: Path) -> None:
    account("Acme", "acme.fr")
    before = _indexes()
    started: list[bool] = []
    original = BulkLoad.start

    def spy(self: BulkLoad) -> None:
        original(self)
        started.append(True)
        assert [name for name, _sql in _indexes()] == ["sqlite_autoindex_engagement_interaction_1"]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BulkLoad, "start", spy)
        summary = run_import(InteractionImporter(), _file(tmp_path, 30))
    assert started == [True]
    assert summary.created == 30
    assert _indexes() == before
    assert len(before) == 7  # the unique external id and six others


def test_a_small_import_into_a_bigger_table_keeps_its_indexes(tmp_path: Path) -> None:
    account("Acme", "acme.fr")
    run_import(InteractionImporter(), _file(tmp_path, 30))
    assert not BulkLoad.worth_it(10)
    assert BulkLoad.worth_it(30)
    assert BulkLoad.worth_it(None) is False


def test_a_dry_run_leaves_indexes_and_page_cache_as_they_were(tmp_path: Path) -> None:
    account("Acme", "acme.fr")
    before = _indexes()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache = cursor.fetchone()[0]
    summary: Any = run_import(InteractionImporter(), _file(tmp_path, 30), dry_run=True)
    assert summary.created == 30
    assert Interaction.objects.count() == 0
    assert _indexes() == before
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == cache
