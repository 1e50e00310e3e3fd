"""Output schemas of the accounts REST API (the input schemas live in ``schemas.py``).

Conventions: money is ``{"amount": "180000.00", "currency": "EUR"}`` (the amount a decimal
string, never a float) or ``null``; dates and times are ISO 8601; people are referenced as
``{"id", "name", "email"}``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema

from baton.accounts import committee as committee_rules
from baton.accounts.models import Account, AccountContext, Contact, Deal
from baton.accounts.selectors import Dossier
from baton.engagement.models import Interaction

CENT = Decimal("0.01")


class MoneyOut(Schema):
    amount: str
    currency: str


def money(amount: Decimal | None, currency: str) -> MoneyOut | None:
    if amount is None:
        return None
    return MoneyOut(amount=str(Decimal(amount).quantize(CENT)), currency=currency)


class UserRefOut(Schema):
    id: int
    name: str
    email: str


def user_ref(user: Any) -> UserRefOut | None:
    if user is None:
        return None
    return UserRefOut(id=user.pk, name=user.display_name, email=user.email)


class AccountOut(Schema):
    id: int
    name: str
    domains: list[str]
    external_id: str | None
    industry: str
    employees: int | None
    size_band: str
    annual_revenue: MoneyOut | None
    country: str
    region: str
    territory: str
    tier: str
    is_target: bool
    targeted_on: dt.date | None
    targeting_reason: str
    marketing_owner: UserRefOut | None
    sales_owner: UserRefOut | None
    journey_stage: str
    level: str
    score: int | None
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_domains(obj: Account) -> list[str]:
        return [d.domain for d in obj.domains.all()]

    @staticmethod
    def resolve_annual_revenue(obj: Account) -> MoneyOut | None:
        return money(obj.annual_revenue, obj.revenue_currency)

    @staticmethod
    def resolve_marketing_owner(obj: Account) -> UserRefOut | None:
        return user_ref(obj.marketing_owner)

    @staticmethod
    def resolve_sales_owner(obj: Account) -> UserRefOut | None:
        return user_ref(obj.sales_owner)


class AccountPageOut(Schema):
    count: int
    items: list[AccountOut]


def _member(contact: Contact) -> committee_rules.Member:
    return committee_rules.Member(
        committee_role=contact.committee_role,
        is_reachable=contact.is_reachable,
        is_engaged=contact.is_engaged,
        approach=contact.approach,
    )


class ContactOut(Schema):
    id: int
    account_id: int
    first_name: str
    last_name: str
    full_name: str
    title: str
    email: str
    phone: str
    linkedin_url: str
    topics: str
    committee_role: str
    is_identified: bool
    is_reachable: bool
    is_engaged: bool
    approach: str
    effective_approach: str
    notes: str
    external_id: str | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_effective_approach(obj: Contact) -> str:
        return committee_rules.approach_for(_member(obj))


class ContactListOut(Schema):
    count: int
    items: list[ContactOut]


class SignalOut(Schema):
    id: int
    account_id: int
    kind: str
    description: str
    occurred_on: dt.date
    source: str
    source_url: str
    is_confirmed: bool
    contact_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime


class SignalListOut(Schema):
    count: int
    items: list[SignalOut]


class ContextOut(Schema):
    account_id: int
    budget_min: MoneyOut | None
    budget_max: MoneyOut | None
    timing: str
    competitors: str
    tech_stack: str
    note: str
    updated_at: dt.datetime | None

    @staticmethod
    def resolve_budget_min(obj: AccountContext) -> MoneyOut | None:
        return money(obj.budget_min, obj.budget_currency)

    @staticmethod
    def resolve_budget_max(obj: AccountContext) -> MoneyOut | None:
        return money(obj.budget_max, obj.budget_currency)


class PainOut(Schema):
    id: int
    account_id: int
    description: str
    origin: str
    source: str
    created_at: dt.datetime


class ProjectOut(Schema):
    id: int
    account_id: int
    description: str
    source: str
    source_url: str
    noted_on: dt.date | None
    created_at: dt.datetime


class ContextDetailOut(Schema):
    """Context and needs (SPEC R-1.5): the context with the pains and ongoing projects."""

    context: ContextOut
    pains: list[PainOut]
    projects: list[ProjectOut]


class DealOut(Schema):
    id: int
    external_id: str | None
    name: str
    amount: MoneyOut
    stage: str
    status: str
    created_on: dt.date
    closed_on: dt.date | None
    expected_close_on: dt.date | None
    source: str
    owner: UserRefOut | None

    @staticmethod
    def resolve_amount(obj: Deal) -> MoneyOut | None:
        return money(obj.amount, obj.currency)

    @staticmethod
    def resolve_owner(obj: Deal) -> UserRefOut | None:
        return user_ref(obj.owner)


class InteractionOut(Schema):
    id: int
    type: str
    occurred_at: dt.datetime
    contact_id: int | None
    contact_name: str | None
    asset: str | None
    page_url: str
    page_category: str
    channel: str
    campaign: str
    source: str

    @staticmethod
    def resolve_contact_name(obj: Interaction) -> str | None:
        return obj.contact.full_name if obj.contact is not None else None

    @staticmethod
    def resolve_asset(obj: Interaction) -> str | None:
        return obj.asset.name if obj.asset is not None else None


class RecentInteractionsOut(Schema):
    """The last interactions: ``count`` since ``since``, ``items`` the latest of them."""

    since: dt.date
    count: int
    items: list[InteractionOut]


class CommitteeOut(Schema):
    """The buying committee grouped by how to approach each person, best first."""

    contact_first: list[ContactOut]
    influence: list[ContactOut]
    avoid: list[ContactOut]


class DossierOut(Schema):
    account: AccountOut
    signals: list[SignalOut]
    recent_interactions: RecentInteractionsOut
    committee: CommitteeOut
    main_decision_maker: ContactOut | None
    context: ContextOut
    pains: list[PainOut]
    projects: list[ProjectOut]
    deals: list[DealOut]
    generated_at: dt.datetime

    @staticmethod
    def resolve_recent_interactions(obj: Dossier) -> dict[str, Any]:
        # Plain data, validated in the same pass so the nested resolvers run.
        return {
            "since": obj.interactions_since,
            "count": obj.interaction_count,
            "items": obj.interactions,
        }

    @staticmethod
    def resolve_committee(obj: Dossier) -> dict[str, list[Contact]]:
        groups: dict[str, list[Contact]] = {a: [] for a in committee_rules.APPROACH_ORDER}
        for group in obj.committee:
            groups[group.approach] = group.members
        return groups
