"""Builders for handover tests: people, a ready account with its evidence, a proposal.

The SMTP and HTTP receivers are the notifications tests' own classes, imported (not moved).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from baton.accounts.models import Account, AccountContext, Contact, Signal
from baton.handovers import services
from baton.handovers.models import AssignmentRule, Handover, RepPool
from baton.qualification.models import Evaluation
from baton.qualification.services import ensure_active_rule_set
from baton.users.models import User
from tests.notifications.servers import SmtpServer, WebhookServer

NOW = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))  # a Monday, 10:00 in Paris
_n = itertools.count(1)

LINES = [
    {"code": code, "passed": passed, "notes": [], "evidence": []}
    for code, passed in (
        ("icp", True),
        ("engagement", True),
        ("decision_maker", True),
        ("buying_signal", True),
        ("no_open_deal", True),
    )
]


def evaluate(account: Account, *, ready: bool = True) -> Evaluation:
    """A latest verdict on ``account``: ready (5/5) or borderline (4/5, engagement failing)."""
    lines = [dict(line) for line in LINES]
    if not ready:
        lines[1]["passed"] = False
    Evaluation.objects.filter(account=account, is_latest=True).update(is_latest=False)
    return Evaluation.objects.create(
        account=account,
        rule_set=ensure_active_rule_set(),
        evaluated_at=NOW,
        as_of=NOW,
        inputs_digest=f"d{next(_n)}",
        ready=ready,
        borderline=not ready,
        engaged=ready,
        level="hot" if ready else "warm",
        score=80 if ready else 55,
        passed_count=5 if ready else 4,
        failing=[] if ready else ["engagement"],
        lines=lines,
    )


def make_account(name: str = "Acme Industrie", *, ready: bool = True, **fields: Any) -> Account:
    fields.setdefault("industry", "Manufacturing")
    fields.setdefault("size_band", "201-500")
    fields.setdefault("country", "FR")
    fields.setdefault("territory", "Ile-de-France")
    acc = Account.objects.create(name=name, **fields)
    AccountContext.objects.create(account=acc, note="Series B; wants alignment.")
    Contact.objects.create(
        account=acc,
        first_name="Sophie",
        last_name="Martin",
        title="Directrice marketing",
        committee_role="decision_maker",
        is_reachable=True,
        email=f"sophie{next(_n)}@example.com",
    )
    Signal.objects.create(
        account=acc,
        kind="fundraising",
        description="Levée de série B",
        occurred_on=dt.date(2026, 2, 10),
        is_confirmed=True,
    )
    Signal.objects.create(
        account=acc,
        kind="demo_request",
        description="Demande de démo via le site",
        occurred_on=dt.date(2026, 2, 20),
        is_confirmed=True,
    )
    evaluate(acc, ready=ready)
    return acc


@pytest.fixture
def people(make_user: Callable[..., User]) -> dict[str, User]:
    return {
        "marketing": make_user("marketing", first_name="Julie", email="julie@example.com"),
        "rep": make_user(
            "sales_rep", first_name="Camille", language="fr", email="camille@example.com"
        ),
        "rep2": make_user("sales_rep", first_name="Hugo", email="hugo@example.com"),
        "manager": make_user("sales_manager", first_name="Nadia", email="nadia@example.com"),
        "leadership": make_user("leadership", first_name="Anne", email="anne@example.com"),
        "admin": make_user("admin", first_name="Rémi", email="remi@example.com"),
    }


@pytest.fixture
def rule_to_rep(people: dict[str, User]) -> AssignmentRule:
    return AssignmentRule.objects.create(
        order=1, name="France", countries=["FR"], rep=people["rep"]
    )


@pytest.fixture
def pool(people: dict[str, User]) -> RepPool:
    p = RepPool.objects.create(name="Inside sales")
    p.members.set([people["rep"], people["rep2"]])
    return p


@pytest.fixture
def proposed(people: dict[str, User], rule_to_rep: AssignmentRule) -> Handover:
    acc = make_account(marketing_owner=people["marketing"])
    return services.handover_propose(actor=people["marketing"], account=acc, now=NOW)


@pytest.fixture
def http_server() -> Iterator[WebhookServer]:
    server = WebhookServer()
    server.start()
    yield server
    server.release()
    server.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    smtp = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
    }
    with override_settings(MAILERS={"default": smtp}):
        yield server
    server.stop()


@pytest.fixture(autouse=True)
def _no_pacing(settings: Any) -> None:
    settings.BATON_NOTIFICATIONS_MIN_INTERVAL = {"slack": 0.0, "teams": 0.0, "webhook": 0.0}
