"""``build_demo``: the one entry point that fills an empty workspace with the demo.

Each generator draws from its own random stream (see ``random_source.stream``), so a later
generator (handovers, qualification runs, metric snapshots…) can be appended here without
changing the data the earlier ones produce for the same seed and day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from baton.accounts.models import (
    Account,
    AccountContext,
    AccountDomain,
    Contact,
    CostEntry,
    Deal,
    Pain,
    Project,
    Signal,
)
from baton.cli.demo.assets import ensure_assets
from baton.cli.demo.committee import draft_committees
from baton.cli.demo.companies import domain_rows, draft_companies
from baton.cli.demo.context import draft_contexts
from baton.cli.demo.fell_out import draft_fell_out
from baton.cli.demo.handovers import build_handovers
from baton.cli.demo.interactions import InteractionDrafter
from baton.cli.demo.metrics import build_metrics
from baton.cli.demo.random_source import stream
from baton.cli.demo.revenue import draft_costs, draft_deals, journey_after_deals
from baton.cli.demo.signals import draft_signals
from baton.cli.demo.users import Login, ensure_demo_users
from baton.core.errors import ConflictError
from baton.engagement.models import Interaction
from baton.qualification.services import evaluate_accounts

DEFAULT_ACCOUNTS = 150
DEFAULT_SEED = 2026
BATCH = 500


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    today: date
    logins: list[Login]
    counts: dict[str, int]  # what was created, by kind, in display order


def workspace_has_accounts() -> bool:
    return Account.objects.exists()


def demo_logins() -> list[Login]:
    """Make sure the demo users exist (creating the missing ones) and list their logins."""
    with transaction.atomic():
        return ensure_demo_users()[1]


def build_demo(*, seed: int, accounts: int, today: date) -> DemoSummary:
    """Create the demo users and a workspace of ``accounts`` target accounts, all at once."""
    if accounts < 1:
        raise ConflictError("the demo needs at least one account", field="accounts")
    if workspace_has_accounts():
        raise ConflictError("the workspace already holds accounts", field="accounts")
    with transaction.atomic():
        users, logins = ensure_demo_users()
        counts: dict[str, int] = {"users": sum(1 for login in logins if login.created)}

        companies = draft_companies(
            stream(seed, "companies"), count=accounts, today=today, users=users
        )
        Account.objects.bulk_create([c.account for c in companies], batch_size=BATCH)
        counts["accounts"] = len(companies)
        counts["domains"] = len(AccountDomain.objects.bulk_create(domain_rows(companies)))

        contacts = Contact.objects.bulk_create(
            draft_committees(stream(seed, "committee"), companies), batch_size=BATCH
        )
        committees: dict[int, list[Contact]] = defaultdict(list)
        for contact in contacts:
            committees[contact.account.pk].append(contact)
        counts["contacts"] = len(contacts)

        marketing = users["marketing"]
        signals = draft_signals(
            stream(seed, "signals"), companies, committees, today=today, recorded_by=marketing
        )
        counts["signals"] = len(Signal.objects.bulk_create(signals, batch_size=BATCH))

        contexts, pains, projects = draft_contexts(
            stream(seed, "context"), companies, today=today, updated_by=marketing
        )
        counts["contexts"] = len(AccountContext.objects.bulk_create(contexts, batch_size=BATCH))
        counts["pains"] = len(Pain.objects.bulk_create(pains, batch_size=BATCH))
        counts["projects"] = len(Project.objects.bulk_create(projects, batch_size=BATCH))

        assets, counts["assets"] = ensure_assets(today=today)
        drafter = InteractionDrafter(
            stream(seed, "interactions"),
            seed=seed,
            today=today,
            tz=timezone.get_current_timezone(),
            assets=assets,
        )
        interactions = drafter.draft(companies, committees)
        interactions += draft_fell_out(
            stream(seed, "fell_out"), companies, interactions, seed=seed, today=today
        )
        counts["interactions"] = len(
            Interaction.objects.bulk_create(interactions, batch_size=BATCH)
        )

        deals = draft_deals(stream(seed, "deals"), companies, seed=seed, today=today)
        Deal.objects.bulk_create(deals, batch_size=BATCH)
        Account.objects.bulk_update(
            journey_after_deals(deals), ["journey_stage", "status"], batch_size=BATCH
        )
        for status in ("open", "won", "lost"):
            counts[f"deals_{status}"] = sum(1 for d in deals if d.status == status)

        costs = draft_costs(stream(seed, "costs"), companies, deals, seed=seed, today=today)
        counts["costs"] = len(CostEntry.objects.bulk_create(costs, batch_size=BATCH))

        # The qualification engine judges every account, as the worker would: levels, scores,
        # the ready queue and the engaged list then reflect the demo's interactions.
        verdicts = evaluate_accounts(now=demo_now(today))
        counts["evaluations"] = verdicts.written

        counts |= build_handovers(rng_seed=seed, today=today)
        counts |= build_metrics(seed=seed, today=today, users=users)
        # Handovers moved to opportunity or closed create and update deals: count the end state.
        for status in ("open", "won", "lost"):
            counts[f"deals_{status}"] = Deal.objects.filter(status=status).count()
    return DemoSummary(seed=seed, today=today, logins=logins, counts=counts)


def demo_now(today: date) -> datetime:
    """The demo's "now": 18:00 on ``today`` in the workspace time zone."""
    return timezone.make_aware(datetime.combine(today, time(18, 0)))
