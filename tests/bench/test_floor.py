"""The storage floor copies the stored interactions into a twin of their table (same columns,
checks and indexes) and drops it; it times only the database's work."""

from __future__ import annotations

import pytest
from django.db import connection

from baton.bench.floor import TWIN, _index_count, storage_floor
from baton.engagement.models import Interaction
from tests.qualification.conftest import account, touch

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
