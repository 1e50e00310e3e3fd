"""Builders for qualification tests: accounts, interactions, committee, signals, deals."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from baton.accounts.models import Account, AccountContext, Contact, Deal, Signal
from baton.engagement.models import Interaction

NOW = timezone.make_aware(dt.datetime(2026, 3, 31, 12, 0))
_ids = itertools.count(1)


def at(days_ago: int, hour: int = 10) -> dt.datetime:
    """An aware datetime ``days_ago`` local days before NOW, at ``hour``."""
    day = timezone.localdate(NOW) - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def account(name: str = "Acme", **fields: Any) -> Account:
    fields.setdefault("size_band", "51-200")
    return Account.objects.create(name=name, **fields)


def touch(acc: Account | None, type_: str, days_ago: int, **fields: Any) -> Interaction:
    return Interaction.objects.create(
        external_id=f"ev-{next(_ids)}",
        type=type_,
        occurred_at=fields.pop("occurred_at", None) or at(days_ago, fields.pop("hour", 10)),
        account=acc,
        **fields,
    )


def decision_maker(acc: Account, *, reachable: bool = True, **fields: Any) -> Contact:
    return Contact.objects.create(
        account=acc,
        first_name=fields.pop("first_name", "Marie"),
        last_name=fields.pop("last_name", "Dupont"),
        title=fields.pop("title", "CEO"),
        committee_role="decision_maker",
        is_identified=fields.pop("is_identified", True),
        is_reachable=reachable,
        **fields,
    )


def signal(
    acc: Account, *, days_ago: int = 5, confirmed: bool = True, kind: str = "fundraising"
) -> Signal:
    return Signal.objects.create(
        account=acc,
        kind=kind,
        description=kind,
        occurred_on=timezone.localdate(NOW) - dt.timedelta(days=days_ago),
        is_confirmed=confirmed,
    )


def deal(acc: Account, *, status: str = "open", name: str = "Pilot") -> Deal:
    created = timezone.localdate(NOW) - dt.timedelta(days=40)
    return Deal.objects.create(
        account=acc,
        name=name,
        amount=10000,
        stage="Proposal",
        status=status,
        created_on=created,
        closed_on=None if status == "open" else created + dt.timedelta(days=10),
    )


def ready_account(name: str = "Acme", *, signal_days_ago: int = 5, **fields: Any) -> Account:
    """An account that passes the five lines with the default rules."""
    acc = account(name, **fields)
    touch(acc, "webinar_attended", 19)
    touch(acc, "web_visit", 17, page_category="pricing")
    touch(acc, "email_reply", 11)
    decision_maker(acc)
    signal(acc, days_ago=signal_days_ago)
    return acc


def context(acc: Account, **fields: Any) -> AccountContext:
    return AccountContext.objects.create(account=acc, **fields)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    """Every test runs on 31/03/2026 at noon (Paris): windows and short dates are stable."""
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _default_rule_set(request: pytest.FixtureRequest) -> None:
    """Version 1 of the rules, as the migration leaves it.

    A transactional test elsewhere in the suite (the browser journeys) flushes the database,
    which also removes the rows that migrations wrote; put version 1 back the way the
    migration writes it, so every test starts from a migrated workspace whatever ran before.
    """
    uses_db = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db")
    )
    if not uses_db:
        return
    from django.apps import apps

    from baton.qualification.models import RuleSet

    if not RuleSet.objects.exists():
        default_rule_set_migration().create(apps, None)


def default_rule_set_migration() -> Any:
    import importlib

    return importlib.import_module("baton.qualification.migrations.0002_default_rule_set")
