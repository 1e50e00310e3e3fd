"""Shared data for the accounts API tests: a seeded dossier and a snapshot of the tables."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.test import Client
from django.utils import timezone

from baton.accounts import services
from baton.accounts.models import (
    Account,
    AccountContext,
    AccountDomain,
    Contact,
    Deal,
    Pain,
    Project,
    Signal,
)
from baton.accounts.schemas import (
    AccountCreate,
    ContactCreate,
    ContextUpdate,
    PainCreate,
    ProjectCreate,
    SignalCreate,
)
from baton.core.models import AuditEvent
from baton.engagement.models import Interaction
from baton.users.models import User

TABLES = (Account, AccountDomain, Contact, Signal, AccountContext, Pain, Project, Deal, AuditEvent)


@dataclass
class Seed:
    acme: Account
    beta: Account
    marie: Contact
    paul: Contact
    luc: Contact
    signal: Signal
    pain: Pain
    project: Project
    deal: Deal


def seed(users: dict[str, User]) -> Seed:
    """Two accounts; Acme has a full dossier, Beta is a bare non-target account."""
    admin = users["admin"]
    acme = services.account_create(
        actor=admin,
        data=AccountCreate(
            name="Acme Industrie",
            domains=["acme.fr", "acme.com"],
            industry="Logiciel",
            employees=120,
            annual_revenue=Decimal("180000"),
            country="FR",
            territory="Nord",
            tier="tier_1",
            targeted_on=dt.date(2026, 1, 5),
            marketing_owner_id=users["marketing"].pk,
            sales_owner_id=users["sales_rep"].pk,
        ),
    )
    beta = services.account_create(
        actor=admin,
        data=AccountCreate(
            name="Beta Conseil",
            domains=["beta-conseil.fr"],
            industry="Conseil",
            employees=12,
            territory="Sud",
            tier="tier_2",
            is_target=False,
        ),
    )
    Account.objects.filter(pk=beta.pk).update(level="warm")
    marie = services.contact_create(
        actor=admin,
        account=acme,
        data=ContactCreate(
            first_name="Marie",
            last_name="Dupont",
            title="DSI",
            email="marie.dupont@acme.fr",
            committee_role="decision_maker",
            is_reachable=True,
        ),
    )
    paul = services.contact_create(
        actor=admin,
        account=acme,
        data=ContactCreate(first_name="Paul", last_name="Martin", committee_role="blocker"),
    )
    luc = services.contact_create(
        actor=admin,
        account=acme,
        data=ContactCreate(first_name="Luc", last_name="Bernard", committee_role="influencer"),
    )
    signal = services.signal_create(
        actor=admin,
        account=acme,
        data=SignalCreate(
            kind="hiring",
            description="Recrute trois développeurs data",
            occurred_on=dt.date(2026, 10, 1),
            source="LinkedIn",
            contact_id=marie.pk,
        ),
    )
    services.context_update(
        actor=admin,
        account=acme,
        data=ContextUpdate(budget_min=Decimal("20000"), budget_max=Decimal("50000"), timing="soon"),
    )
    pain = services.pain_add(
        actor=admin,
        account=acme,
        data=PainCreate(description="Reporting manuel", origin="expressed"),
    )
    project = services.project_add(
        actor=admin,
        account=acme,
        data=ProjectCreate(description="Migration ERP", noted_on=dt.date(2026, 9, 1)),
    )
    deal = Deal.objects.create(
        account=acme,
        name="Acme — licence",
        amount=Decimal("25000"),
        stage="Proposition",
        created_on=dt.date(2026, 9, 15),
        owner=users["sales_rep"],
    )
    now = timezone.now()
    for n, days in enumerate((2, 10, 200)):
        Interaction.objects.create(
            external_id=f"evt-{n}",
            type="web_visit",
            occurred_at=now - dt.timedelta(days=days),
            account=acme,
            contact=marie if n == 0 else None,
            page_url="https://acme.fr/pricing",
            page_category="pricing",
        )
    return Seed(acme, beta, marie, paul, luc, signal, pain, project, deal)


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of the accounts tables and the audit trail, to prove nothing changed."""
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in TABLES}


def send(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    """One request; bodies go as JSON."""
    call = getattr(client, method.lower())
    if body is None:
        return call(url)
    return call(url, data=json.dumps(body), content_type="application/json")
