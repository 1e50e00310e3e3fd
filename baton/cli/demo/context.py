"""Context and needs of each account: budget, timing, competition, pains, projects (R-1.5)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from baton.accounts.models import AccountContext, BuyingTiming, Level, Pain, PainOrigin, Project
from baton.cli.demo.geography import from_euros
from baton.cli.demo.narratives import (
    COMPETITORS,
    PAINS_DETECTED,
    PAINS_EXPRESSED,
    PROJECTS,
    TECH,
    context_note,
)
from baton.cli.demo.random_source import french_typography, weighted

if TYPE_CHECKING:
    from baton.cli.demo.companies import Company
    from baton.users.models import User

T = BuyingTiming
TIMINGS: dict[str, dict[str, int]] = {
    Level.HOT: {T.NOW: 3, T.SOON: 2},
    Level.WARM: {T.SOON: 2, T.LATER: 2, T.UNKNOWN: 1},
    Level.COLD: {T.LATER: 1, T.NOT_SOON: 2, T.UNKNOWN: 3},
}
HAS_BUDGET: dict[str, float] = {Level.HOT: 0.9, Level.WARM: 0.6, Level.COLD: 0.25}
BUDGET_FLOORS_K = (10, 20, 30, 40, 60, 80)
BUDGET_SPANS_K = (10, 20, 20, 40)
CURRENCY_SIGNS = {"EUR": "k€", "GBP": "k£", "USD": "k$", "CHF": "k CHF", "CAD": "k CAD"}


def draft_contexts(
    rng: random.Random, companies: list[Company], *, today: date, updated_by: User
) -> tuple[list[AccountContext], list[Pain], list[Project]]:
    contexts: list[AccountContext] = []
    pains: list[Pain] = []
    projects: list[Project] = []
    for company in companies:
        account = company.account
        level = account.level
        currency = account.revenue_currency
        has_budget = rng.random() < HAS_BUDGET[level]
        low_k = Decimal(rng.choice(BUDGET_FLOORS_K))
        high_k = low_k + rng.choice(BUDGET_SPANS_K)
        low = from_euros(low_k, currency).quantize(Decimal(1))
        high = from_euros(high_k, currency).quantize(Decimal(1))
        budget = "à qualifier"
        if has_budget:
            budget = f"{low}\N{EN DASH}{high} {CURRENCY_SIGNS[currency]}"
        contexts.append(
            AccountContext(
                account=account,
                budget_min=low * 1000 if has_budget else None,
                budget_max=high * 1000 if has_budget else None,
                budget_currency=currency,
                timing=weighted(rng, TIMINGS[level]),
                competitors=", ".join(rng.sample(COMPETITORS, k=rng.randint(1, 2))),
                tech_stack=rng.choice(TECH),
                note=context_note(rng, budget=budget) if rng.random() < 0.75 else "",
                updated_by=updated_by,
            )
        )
        for description, source in rng.sample(PAINS_EXPRESSED, k=rng.randint(0, 2)):
            pains.append(
                Pain(
                    account=account,
                    description=french_typography(description),
                    origin=PainOrigin.EXPRESSED,
                    source=source,
                )
            )
        for description, source in rng.sample(PAINS_DETECTED, k=rng.randint(0, 2)):
            pains.append(
                Pain(
                    account=account,
                    description=french_typography(description),
                    origin=PainOrigin.DETECTED,
                    source=source,
                )
            )
        for description, source in rng.sample(PROJECTS, k=rng.randint(0, 2)):
            projects.append(
                Project(
                    account=account,
                    description=description,
                    source=source,
                    noted_on=today - timedelta(days=rng.randint(3, 150)),
                )
            )
    return contexts, pains, projects
