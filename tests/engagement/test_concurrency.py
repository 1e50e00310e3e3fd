"""Two imports of the same events at the same time still store one copy (the unique index
decides: ``ON CONFLICT (external_id) DO NOTHING``)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from baton.engagement.models import Interaction
from baton.engagement.services import ingest_items
from tests.engagement.conftest import account

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_concurrent_batches_never_double_count() -> None:
    account("Acme", "acme.fr")
    events = [
        {
            "external_id": f"c-{i}",
            "type": "web_visit",
            "occurred_at": "2026-03-02T10:00:00Z",
            "domain": "acme.fr",
        }
        for i in range(500)
    ]
    barrier = threading.Barrier(4)
    results: list[Any] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(ingest_items(items=events, source="api"))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert Interaction.objects.count() == 500
    assert Interaction.objects.values("external_id").distinct().count() == 500
