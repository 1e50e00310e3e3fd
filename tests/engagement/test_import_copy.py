"""PostgreSQL: a file import writes its batches with ``COPY`` into a staging table, then one
``INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING``; a small batch (the API, a webhook) is
one ``INSERT … unnest``. Both must store the same rows and count duplicates the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from baton.core.importing.runner import run_import
from baton.engagement import services
from baton.engagement.importers import InteractionImporter
from baton.engagement.models import Interaction, MarketingAsset
from tests.engagement.conftest import HEADER, account

# Real commits: the staging table is dropped when the import's transaction commits.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _file(tmp_path: Path, name: str, ids: list[str]) -> Path:
    lines = [HEADER]
    for n, ext in enumerate(ids):
        domain = "acme.fr" if n % 10 else "inconnu.example"  # every tenth row: unmatched
        asset = "livre-blanc" if n % 7 == 0 else ("absent" if n == 3 else "")
        lines.append(
            f"{ext},web_visit,2026-03-02T10:{n % 60:02d}:00+00:00,{domain},"
            f"p{n % 5}@{domain},https://acme.fr/tarifs,pricing,{asset},Salon,web,hubspot"
        )
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _stored() -> list[tuple[Any, ...]]:
    return list(
        Interaction.objects.order_by("external_id").values_list(
            "external_id", "type", "occurred_at", "account__name", "contact_id", "asset__slug",
            "domain", "email", "page_url", "page_category", "campaign", "channel", "source", "raw",
        )
    )  # fmt: skip


def _staging_exists() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", ["pg_temp." + services._STAGE])
        return cursor.fetchone()[0] is not None


def _import_twice(tmp_path: Path) -> tuple[list[Any], list[tuple[Any, ...]]]:
    """An earlier import of 300 rows, then a file of 2,500 rows: 250 of them already stored,
    40 repeated inside the file, across its batches of 2,000."""
    first_ids = [f"ev-{i}" for i in range(300)]
    first = run_import(InteractionImporter(), _file(tmp_path, "a.csv", first_ids))
    ids = [f"ev-{i}" for i in range(50, 2510)] + [f"ev-{i}" for i in range(1990, 2030)]
    second = run_import(InteractionImporter(), _file(tmp_path, "b.csv", ids))
    counts = [
        (s.created, s.extra["unmatched"], s.extra["skipped_duplicates"], s.rejected, len(s.errors))
        for s in (first, second)
    ]
    return counts, _stored()


def test_copy_and_unnest_store_the_same_rows_and_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[int] = []
    original = services._pg_copy_insert

    def spy(rows: list[tuple[Any, ...]]) -> set[str]:
        used.append(len(rows))
        return original(rows)

    monkeypatch.setattr(services, "_pg_copy_insert", spy)
    account("Acme", "acme.fr")
    MarketingAsset.objects.create(slug="livre-blanc", name="Livre blanc", kind="white_paper")
    counts, rows = _import_twice(tmp_path)
    # Every batch went through COPY; b.csv's second batch (2,000 rows each) holds 460 new ids
    # and the 40 repeats of ids from its first batch, which the unique index turns away.
    assert used == [300, 2000, 500]
    # a.csv: 270 matched + 30 unmatched; b.csv: 2,460 new ids minus the 250 already stored
    # = 2,210 (221 unmatched), 250 + 40 duplicates. The unknown asset of line 3 warns once in
    # a.csv; in b.csv that line is a duplicate, so nothing is stored and nothing warned.
    assert counts == [(270, 30, 0, 0, 1), (1989, 221, 290, 0, 0)]
    assert len(rows) == 2510
    assert not _staging_exists()  # dropped with the import's transaction

    Interaction.objects.all().delete()
    used.clear()
    monkeypatch.setattr(services, "PG_COPY_MIN_ROWS", 10**9)  # every batch through unnest
    unnest_counts, unnest_rows = _import_twice(tmp_path)
    assert used == []
    assert unnest_counts == counts
    assert unnest_rows == rows


def test_a_dry_run_through_copy_stores_nothing(tmp_path: Path) -> None:
    account("Acme", "acme.fr")
    path = _file(tmp_path, "a.csv", [f"ev-{i}" for i in range(500)])
    summary: Any = run_import(InteractionImporter(), path, dry_run=True)
    assert (summary.created, summary.extra["unmatched"]) == (450, 50)
    assert Interaction.objects.count() == 0
    assert not _staging_exists()


def _analyzed() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = %s",
            [Interaction._meta.db_table],
        )
        return int(cursor.fetchone()[0])


def _analyzed_now() -> int:
    """How many times the table was analyzed, read afresh (not the cached stats snapshot)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
    return _analyzed()


def test_a_big_import_refreshes_the_statistics_before_requalifying(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from baton.engagement import bulkload

    account("Acme", "acme.fr")
    seen: list[int] = []  # ANALYZE count when the requalification starts
    monkeypatch.setattr(services, "requalify", lambda ids, now=None: seen.append(_analyzed_now()))
    monkeypatch.setattr(bulkload, "ANALYZE_MIN_ROWS", 400)
    before = _analyzed()
    run_import(InteractionImporter(), _file(tmp_path, "small.csv", [f"s-{i}" for i in range(300)]))
    run_import(InteractionImporter(), _file(tmp_path, "big.csv", [f"b-{i}" for i in range(450)]))
    # 300 stored rows: below the threshold; 450: analyzed once, before the requalification.
    assert seen == [before, before + 1]
    assert _analyzed_now() == before + 1
