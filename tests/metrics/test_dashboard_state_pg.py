"""PostgreSQL: the dashboard's state statement is prepared once per connection outside a
transaction, gives the same reading as the plain statement, and survives a lost statement."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from baton.metrics import dashboard_snapshot as snap
from baton.metrics.models import PinnedMetric

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_prepared_state_reads_as_the_plain_statement() -> None:
    first = snap.read_state()
    assert connection.connection in snap._prepared
    with transaction.atomic():  # inside a transaction: the plain statement
        plain = snap.read_state()
    assert plain == first
    PinnedMetric.objects.create(metric_id="win_rate", position=1)
    after = snap.read_state()
    assert after.page.pins[0] == first.page.pins[0] + 1  # the prepared plan sees new rows
    with connection.cursor() as cursor:
        cursor.execute(f"DEALLOCATE {snap._PREPARED_NAME}")
    assert snap.read_state() == after  # lost statement: the plain one answers
    assert snap.read_state() == after  # and the next read prepares it again
    assert connection.connection in snap._prepared
