"""Deals in every state and costs in every category, on accounts and on campaigns (R-5.3)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from baton.accounts.models import (
    Account,
    AccountStatus,
    CostCategory,
    CostEntry,
    Deal,
    DealStatus,
    JourneyStage,
    Level,
    Tier,
)
from baton.cli.demo.assets import CAMPAIGN_ALIGNMENT, CAMPAIGN_EVENTS, CAMPAIGN_NURTURE
from baton.cli.demo.random_source import weighted

if TYPE_CHECKING:
    from baton.cli.demo.companies import Company

OPEN_STAGES: dict[str, int] = {"Découverte": 4, "Démo": 3, "Proposition": 3, "Négociation": 2}
SOURCES: dict[str, int] = {
    "Marketing ABM": 6,
    "Inbound": 2,
    "Outbound commercial": 2,
    "Événement": 1,
    "Partenaire": 1,
}
OFFERS = (
    "Plateforme ABM (25 licences)",
    "Pack alignement ventes-marketing",
    "Extension multi-BU",
    "Intégration CRM et formation",
    "Plateforme ABM (60 licences)",
)
# Chance that an account has a deal of this status, by qualification level.
DEAL_CHANCE: dict[str, dict[str, float]] = {
    DealStatus.OPEN: {Level.HOT: 0.5, Level.WARM: 0.12, Level.COLD: 0.0},
    DealStatus.WON: {Level.HOT: 0.12, Level.WARM: 0.1, Level.COLD: 0.06},
    DealStatus.LOST: {Level.HOT: 0.06, Level.WARM: 0.1, Level.COLD: 0.08},
}
SALES_HOURLY_RATE = Decimal("85.00")


def draft_deals(
    rng: random.Random, companies: list[Company], *, seed: int, today: date
) -> list[Deal]:
    """Deals by chance per level; then at least one deal of each status, whatever the size."""
    picks: list[tuple[Company, str]] = [
        (company, status)
        for company in companies
        for status in DealStatus.values
        if rng.random() < DEAL_CHANCE[status][company.account.level]
    ]
    for status in DealStatus.values:
        if companies and not any(s == status for _, s in picks):
            picks.append((rng.choice(companies), status))
    deals = [_deal(rng, company, status, today) for company, status in picks]
    for n, deal in enumerate(deals, start=1):
        deal.external_id = f"demo-{seed}-deal-{n}"
    return deals


def _deal(rng: random.Random, company: Company, status: str, today: date) -> Deal:
    account = company.account
    big = account.tier == Tier.TIER_1
    amount = Decimal(rng.randint(60 if big else 30, 500 if big else 240) * 500)
    closed_on = expected = None
    if status == DealStatus.OPEN:
        created = today - timedelta(days=rng.randint(5, 90))
        stage = weighted(rng, OPEN_STAGES)
        expected = today + timedelta(days=rng.randint(15, 120))
    else:
        created = today - timedelta(days=rng.randint(60, 330))
        closed_on = min(created + timedelta(days=rng.randint(20, 120)), today - timedelta(days=1))
        stage = "Gagné" if status == DealStatus.WON else "Perdu"
    return Deal(
        account=account,
        name=f"{account.name} \N{EN DASH} {rng.choice(OFFERS)}",
        amount=amount,
        currency="EUR",
        stage=stage,
        status=status,
        created_on=created,
        closed_on=closed_on,
        expected_close_on=expected,
        source=weighted(rng, SOURCES),
        owner=account.sales_owner,
    )


def journey_after_deals(deals: list[Deal]) -> list[Account]:
    """Accounts whose journey stage or status follows from their deals (changed in place)."""
    by_account: dict[int, tuple[Account, set[str]]] = {}
    for deal in deals:
        if deal.account is not None:
            by_account.setdefault(deal.account.pk, (deal.account, set()))[1].add(deal.status)
    changed = []
    for account, statuses in by_account.values():
        if DealStatus.WON in statuses:
            account.journey_stage = JourneyStage.RETENTION
        elif DealStatus.OPEN in statuses:
            account.journey_stage = JourneyStage.DECISION
        else:  # lost only: back to marketing for nurturing
            account.status = AccountStatus.NURTURE
            account.journey_stage = JourneyStage.INTEREST
        changed.append(account)
    return changed


def draft_costs(
    rng: random.Random, companies: list[Company], deals: list[Deal], *, seed: int, today: date
) -> list[CostEntry]:
    with_deals = {d.account.pk for d in deals if d.account is not None}
    costs: list[CostEntry] = []
    for company in companies:
        account = company.account
        if account.tier in (Tier.TIER_1, Tier.TIER_2) and rng.random() < 0.7:
            costs.append(
                _cost(
                    rng,
                    today,
                    CostCategory.MARKETING_SPEND,
                    account=account,
                    amount=Decimal(rng.randint(6, 60) * 50),
                    description="LinkedIn Ads ciblées et envoi d'un coffret",
                )
            )
        if account.tier == Tier.TIER_1:
            costs.append(
                _cost(
                    rng,
                    today,
                    CostCategory.CONTENT,
                    account=account,
                    amount=Decimal(rng.randint(8, 25) * 100),
                    description="One-pager sectoriel personnalisé",
                )
            )
        if account.pk in with_deals or account.level == Level.HOT:
            costs.append(
                _sales_time(
                    rng,
                    today,
                    account=account,
                    hours=rng.randint(4, 40),
                    description="Temps commercial (rendez-vous, propositions)",
                )
            )
    for month in range(4):
        day = today - timedelta(days=30 * month + 2)
        costs += [
            CostEntry(
                category=CostCategory.TECHNOLOGY,
                amount=Decimal("1200.00"),
                incurred_on=day,
                campaign=CAMPAIGN_ALIGNMENT,
                description="Licence plateforme d'intent data",
            ),
            CostEntry(
                category=CostCategory.MARKETING_SPEND,
                amount=Decimal(rng.randint(25, 40) * 100),
                incurred_on=day,
                campaign=CAMPAIGN_ALIGNMENT,
                description="Budget LinkedIn Ads",
            ),
            _sales_time(
                rng,
                today,
                campaign=CAMPAIGN_ALIGNMENT,
                hours=12,
                on=day,
                description="Points hebdo ventes-marketing",
            ),
        ]
    costs += [
        _cost(
            rng,
            today,
            CostCategory.CONTENT,
            campaign=CAMPAIGN_NURTURE,
            amount=Decimal("4500.00"),
            description="Rédaction et mise en page du livre blanc",
        ),
        _cost(
            rng,
            today,
            CostCategory.TRAINING,
            campaign=CAMPAIGN_ALIGNMENT,
            amount=Decimal("3200.00"),
            description="Formation ABM des commerciaux (2 jours)",
        ),
        _cost(
            rng,
            today,
            CostCategory.MARKETING_SPEND,
            campaign=CAMPAIGN_EVENTS,
            amount=Decimal("8500.00"),
            description="Stand au salon Rencontres ABM Paris",
        ),
        _cost(
            rng,
            today,
            CostCategory.TECHNOLOGY,
            campaign=CAMPAIGN_NURTURE,
            amount=Decimal("390.00"),
            description="Plateforme de webinars (abonnement)",
        ),
    ]
    for n, cost in enumerate(costs, start=1):
        cost.external_id = f"demo-{seed}-cost-{n}"
    return costs


def _cost(
    rng: random.Random,
    today: date,
    category: str,
    *,
    amount: Decimal,
    description: str,
    account: Account | None = None,
    campaign: str = "",
) -> CostEntry:
    return CostEntry(
        category=category,
        amount=amount.quantize(Decimal("0.01")),
        currency="EUR",
        incurred_on=today - timedelta(days=rng.randint(1, 120)),
        account=account,
        campaign=campaign,
        description=description,
    )


def _sales_time(
    rng: random.Random,
    today: date,
    *,
    hours: int,
    description: str,
    account: Account | None = None,
    campaign: str = "",
    on: date | None = None,
) -> CostEntry:
    return CostEntry(
        category=CostCategory.SALES_TIME,
        hours=Decimal(hours),
        hourly_rate=SALES_HOURLY_RATE,
        amount=(hours * SALES_HOURLY_RATE).quantize(Decimal("0.01")),
        currency="EUR",
        incurred_on=on or today - timedelta(days=rng.randint(1, 120)),
        account=account,
        campaign=campaign,
        description=description,
    )
