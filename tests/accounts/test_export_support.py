"""Shared by the export tests: a small, fully known account, and the export's French strings.

No tests here; the name only keeps it next to the test modules it serves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.utils import timezone

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
from baton.accounts.selectors import Dossier, dossier
from baton.engagement.models import Interaction, MarketingAsset
from baton.users.models import User

TODAY = dt.date(2026, 11, 23)
EXPORTED_AT = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
# A company name that tries every Markdown and HTML trick at once.
HOSTILE = "*Acme* | [x](http://evil.example) <script>alert(1)</script> & `co` #1_"


@contextmanager
def export_catalogue() -> Iterator[None]:
    """Kept for the tests that wrap French renders; the catalogues now hold every string."""
    yield


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def build_account(*, marketing: User, sales: User, name: str = "Acme Industries") -> Account:
    account = Account.objects.create(
        name=name,
        industry="Manufacturing",
        employees=1200,
        size_band="1001-5000",
        annual_revenue=Decimal("180000.00"),
        revenue_currency="EUR",
        country="FR",
        region="Île-de-France",
        territory="North",
        tier="tier_1",
        is_target=True,
        targeted_on=dt.date(2026, 9, 1),
        targeting_reason="Series B raised in October.\nThe CMO wants sales-marketing alignment.",
        marketing_owner=marketing,
        sales_owner=sales,
        journey_stage="consideration",
        level="hot",
        score=82,
    )
    AccountDomain.objects.create(account=account, domain="acme.fr", is_primary=True)
    AccountDomain.objects.create(account=account, domain="acme-industries.com")
    claire = Contact.objects.create(
        account=account,
        first_name="Claire",
        last_name="Martin",
        title="CEO",
        committee_role="decision_maker",
        is_reachable=True,
        is_engaged=True,
    )
    Contact.objects.create(
        account=account,
        first_name="Paul",
        last_name="Durand",
        title="Head of Sales Ops",
        committee_role="influencer",
        is_reachable=True,
    )
    Contact.objects.create(
        account=account,
        first_name="Marc",
        last_name="Petit",
        title="CFO",
        committee_role="blocker",
    )
    Signal.objects.create(
        account=account,
        kind="fundraising",
        description="Series B, 20 M€",
        occurred_on=dt.date(2026, 10, 14),
        source="Press release",
        source_url="https://acme.fr/b",
        is_confirmed=True,
    )
    Signal.objects.create(
        account=account,
        kind="hiring",
        description="Hiring three SDRs",
        occurred_on=dt.date(2026, 11, 2),
        source="LinkedIn",
    )
    webinar = MarketingAsset.objects.create(
        name="ABM for scale-ups", slug="abm-webinar", kind="webinar"
    )
    Interaction.objects.create(
        external_id="i-1",
        type="webinar_attended",
        occurred_at=at(dt.date(2026, 11, 5)),
        account=account,
        contact=claire,
        asset=webinar,
    )
    Interaction.objects.create(
        external_id="i-2",
        type="web_visit",
        occurred_at=at(dt.date(2026, 11, 20)),
        account=account,
        page_url="https://baton.example/pricing",
    )
    Interaction.objects.create(  # outside the 90-day window: neither listed nor counted
        external_id="i-old",
        type="email_open",
        occurred_at=at(dt.date(2026, 1, 5)),
        account=account,
    )
    AccountContext.objects.create(
        account=account,
        budget_min=Decimal("30000"),
        budget_max=Decimal("50000"),
        budget_currency="EUR",
        timing="soon",
        competitors="HubSpot",
        tech_stack="Salesforce, Slack",
        note="Digital transformation after a series B.\nProbably researching tools.",
    )
    Pain.objects.create(
        account=account,
        description="Leads lost between teams",
        origin="expressed",
        source="Discovery call",
    )
    Project.objects.create(
        account=account,
        description="CRM migration",
        source="LinkedIn post",
        noted_on=dt.date(2026, 10, 20),
    )
    Deal.objects.create(
        account=account,
        name="Pilot 2027",
        amount=Decimal("45000"),
        currency="EUR",
        stage="Proposal",
        created_on=dt.date(2026, 11, 10),
        expected_close_on=dt.date(2027, 1, 15),
    )
    return account


def dossier_of(account: Account) -> Dossier:
    """The dossier as of ``TODAY``, exported at ``EXPORTED_AT``."""
    return dataclasses.replace(dossier(account=account, today=TODAY), generated_at=EXPORTED_AT)
