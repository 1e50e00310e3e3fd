"""The synthetic workspace of a bench run: accounts, domains, decision makers, assets, deals,
costs and a logged-in user, bulk-inserted deterministically from the seed.

Not the demo generator (made for 150 believable accounts): plain names, one domain per
account (``acct<N>-bench.fr``), numbers drawn from ``random.Random(seed)``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from baton.accounts.bands import SIZE_BAND_CODES
from baton.accounts.models import Account, AccountDomain, Contact, CostEntry, Deal
from baton.bench.sizes import Sizes
from baton.engagement.models import AssetKind, MarketingAsset
from baton.qualification.services import ensure_active_rule_set
from baton.users.models import User

INDUSTRIES = ("Industrie", "Logiciel", "Santé", "Banque", "Distribution", "Énergie", "Transport")
TIERS = ("tier_1", "tier_2", "tier_3")
SOURCES = ("web", "event", "outbound", "partner")
COST_CATEGORIES = ("marketing_spend", "sales_time", "content", "technology", "training")
ASSETS = 20
CAMPAIGNS = 20
BENCH_EMAIL = "bench@bench.test"
BENCH_PASSWORD = "bench-password-not-secret"  # noqa: S105 (a throwaway database's user)
BATCH = 5_000


def domain_of(index: int) -> str:
    return f"acct{index}-bench.fr"


def campaign_of(index: int) -> str:
    return f"camp{index}"


@dataclass(frozen=True)
class Workspace:
    """What the workloads need to know about the generated data."""

    today: dt.date
    account_ids: list[int]  # by account index
    asset_slugs: list[str]


def build_workspace(*, sizes: Sizes, today: dt.date) -> Workspace:
    rng = random.Random(sizes.seed)  # noqa: S311 (synthetic data, not secrets)
    ensure_active_rule_set()
    with transaction.atomic():
        User.objects.create_user(BENCH_EMAIL, BENCH_PASSWORD, role="admin", first_name="Bench")
        account_ids = _accounts(rng, sizes.accounts, today)
        _decision_makers(rng, account_ids)
        slugs = _assets(today)
        _deals(rng, sizes.deals, account_ids, today)
        _costs(rng, account_ids, today)
    return Workspace(today=today, account_ids=account_ids, asset_slugs=slugs)


def _accounts(rng: random.Random, count: int, today: dt.date) -> list[int]:
    rows = []
    for i in range(count):
        employees = rng.choice((30, 120, 400, 900, 2500, 8000))
        rows.append(
            Account(
                name=f"Bench {i:06d}",
                external_id=f"bench-{i}",
                industry=rng.choice(INDUSTRIES),
                employees=employees,
                size_band=rng.choice(SIZE_BAND_CODES),
                annual_revenue=Decimal(employees * 150_000),
                country="FR",
                region="Île-de-France",
                territory=rng.choice(("Nord", "Sud", "Est", "Ouest")),
                tier=rng.choice(TIERS),
                is_target=rng.random() < 0.8,
                targeted_on=today - dt.timedelta(days=rng.randrange(0, 400)),
            )
        )
    created = Account.objects.bulk_create(rows, batch_size=BATCH)
    ids = [a.pk for a in created]
    if any(pk is None for pk in ids):  # backends without RETURNING
        ids = list(Account.objects.order_by("pk").values_list("pk", flat=True))
    AccountDomain.objects.bulk_create(
        [
            AccountDomain(account_id=pk, domain=domain_of(i), is_primary=True)
            for i, pk in enumerate(ids)
        ],
        batch_size=BATCH,
    )
    return ids


def _decision_makers(rng: random.Random, account_ids: list[int]) -> None:
    rows = [
        Contact(
            account_id=pk,
            first_name="Décideur",
            last_name=str(i),
            title="Directeur général",
            email=f"dm{i}@{domain_of(i)}",
            committee_role="decision_maker",
            is_identified=True,
            is_reachable=rng.random() < 0.7,
        )
        for i, pk in enumerate(account_ids)
        if rng.random() < 0.6
    ]
    Contact.objects.bulk_create(rows, batch_size=BATCH)


def _assets(today: dt.date) -> list[str]:
    kinds = list(AssetKind.values)
    rows = [
        MarketingAsset(
            name=f"Contenu {k}",
            slug=f"asset-{k}",
            kind=kinds[k % len(kinds)],
            campaign=campaign_of(k % CAMPAIGNS),
            published_on=today - dt.timedelta(days=200),
        )
        for k in range(ASSETS)
    ]
    MarketingAsset.objects.bulk_create(rows)
    return [a.slug for a in rows]


def _deals(rng: random.Random, count: int, account_ids: list[int], today: dt.date) -> None:
    rows = []
    for i in range(count):
        created = today - dt.timedelta(days=rng.randrange(0, 400))
        roll = rng.random()
        status = "open" if roll < 0.4 else ("won" if roll < 0.75 else "lost")
        closed = None
        if status != "open":
            closed = min(today, created + dt.timedelta(days=rng.randrange(10, 120)))
        rows.append(
            Deal(
                account_id=rng.choice(account_ids) if rng.random() < 0.97 else None,
                external_id=f"bench-deal-{i}",
                name=f"Affaire {i}",
                amount=Decimal(rng.randrange(5_000, 250_000)),
                currency="EUR",
                stage={"open": "Proposition", "won": "Gagné", "lost": "Perdu"}[status],
                status=status,
                created_on=created,
                closed_on=closed,
                source=rng.choice(SOURCES),
            )
        )
    Deal.objects.bulk_create(rows, batch_size=BATCH)


def _costs(rng: random.Random, account_ids: list[int], today: dt.date) -> None:
    rows = [
        CostEntry(
            category=rng.choice(COST_CATEGORIES),
            amount=Decimal(rng.randrange(100, 20_000)),
            currency="EUR",
            incurred_on=today - dt.timedelta(days=rng.randrange(0, 200)),
            account_id=pk,
        )
        for pk in account_ids
        for _n in range(2)
    ]
    rows += [
        CostEntry(
            category="marketing_spend",
            amount=Decimal(rng.randrange(5_000, 80_000)),
            currency="EUR",
            incurred_on=today - dt.timedelta(days=rng.randrange(0, 200)),
            campaign=campaign_of(k),
        )
        for k in range(CAMPAIGNS)
    ]
    CostEntry.objects.bulk_create(rows, batch_size=BATCH)
