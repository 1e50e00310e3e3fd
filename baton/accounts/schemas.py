"""Input schemas for accounts, contacts, signals and context.

One validation for every door: the REST API takes these as request bodies and the importer
validates each CSV/XLSX row with them, so both agree on what is valid. Plain pydantic (no
web layer), so services can take them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from baton.accounts.bands import size_band  # noqa: F401  (re-exported for importers)
from baton.accounts.domains import InvalidDomainError, normalize_domain, split_domains
from baton.core.money import CURRENCIES

TIERS = ("tier_1", "tier_2", "tier_3")
JOURNEY_STAGES = ("awareness", "interest", "consideration", "decision", "retention")
COMMITTEE_ROLES = ("decision_maker", "champion", "influencer", "end_user", "blocker", "unknown")
APPROACHES = ("auto", "contact_first", "influence", "avoid")
SIGNAL_KINDS = (
    "hiring",
    "fundraising",
    "technology_change",
    "leadership_change",
    "expansion",
    "explicit_project",
    "demo_request",
    "pricing_request",
    "precise_question",
    "other",
)
TIMINGS = ("unknown", "now", "soon", "later", "not_soon")
PAIN_ORIGINS = ("expressed", "detected")

Text = Annotated[str, Field(max_length=5000)]
ShortText = Annotated[str, Field(max_length=200)]


def _one_of(value: str, allowed: tuple[str, ...], *, blank_ok: bool = False) -> str:
    value = (value or "").strip()
    if blank_ok and not value:
        return ""
    if value not in allowed:
        raise ValueError(f"must be one of {', '.join(allowed)} (got {value!r})")
    return value


class _In(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")


class AccountFields(_In):
    """Every writable account field; all optional so that PATCH can send a subset."""

    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    domains: list[str] | None = None
    external_id: Annotated[str, Field(max_length=100)] | None = None
    industry: Annotated[str, Field(max_length=100)] | None = None
    employees: Annotated[int, Field(ge=0, le=10_000_000)] | None = None
    annual_revenue: Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)] | None = None
    revenue_currency: str | None = None
    country: Annotated[str, Field(max_length=2)] | None = None
    region: Annotated[str, Field(max_length=100)] | None = None
    territory: Annotated[str, Field(max_length=100)] | None = None
    tier: str | None = None
    is_target: bool | None = None
    targeted_on: dt.date | None = None
    targeting_reason: Text | None = None
    marketing_owner_id: int | None = None
    sales_owner_id: int | None = None
    journey_stage: str | None = None

    @field_validator("domains", mode="before")
    @classmethod
    def _domains(cls, value: Any) -> list[str] | None:
        if value is None:
            return None
        items = split_domains(value) if isinstance(value, str) else list(value)
        try:
            out: list[str] = []
            for item in items:
                domain = normalize_domain(str(item))
                if domain not in out:
                    out.append(domain)
        except InvalidDomainError as exc:
            raise ValueError(str(exc)) from exc
        return out

    @field_validator("revenue_currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        return None if value is None else _one_of(value.upper(), CURRENCIES)

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.upper()
        if value and (len(value) != 2 or not value.isalpha()):
            raise ValueError("must be a two-letter ISO country code such as FR")
        return value

    @field_validator("tier")
    @classmethod
    def _tier(cls, value: str | None) -> str | None:
        return None if value is None else _one_of(value, TIERS, blank_ok=True)

    @field_validator("journey_stage")
    @classmethod
    def _stage(cls, value: str | None) -> str | None:
        return None if value is None else _one_of(value, JOURNEY_STAGES)

    @field_validator("external_id")
    @classmethod
    def _external_id(cls, value: str | None) -> str | None:
        return value or None


class AccountCreate(AccountFields):
    name: Annotated[str, Field(min_length=1, max_length=200)]


class AccountUpdate(AccountFields):
    pass


class ContactFields(_In):
    first_name: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    last_name: Annotated[str, Field(max_length=100)] | None = None
    title: ShortText | None = None
    email: EmailStr | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None
    linkedin_url: Annotated[str, Field(max_length=200)] | None = None
    topics: Text | None = None
    committee_role: str | None = None
    is_identified: bool | None = None
    is_reachable: bool | None = None
    is_engaged: bool | None = None
    approach: str | None = None
    notes: Text | None = None
    external_id: Annotated[str, Field(max_length=100)] | None = None

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().lower()
            return value or None
        return value

    @field_validator("linkedin_url")
    @classmethod
    def _linkedin(cls, value: str | None) -> str | None:
        if not value:
            return value
        if not value.startswith(("https://", "http://")):
            value = "https://" + value
        if "linkedin.com/" not in value:
            raise ValueError("must be a LinkedIn profile URL (https://www.linkedin.com/in/…)")
        return value

    @field_validator("committee_role")
    @classmethod
    def _role(cls, value: str | None) -> str | None:
        return None if value is None else _one_of(value or "unknown", COMMITTEE_ROLES)

    @field_validator("approach")
    @classmethod
    def _approach(cls, value: str | None) -> str | None:
        return None if value is None else _one_of(value or "auto", APPROACHES)

    @field_validator("external_id")
    @classmethod
    def _external_id(cls, value: str | None) -> str | None:
        return value or None


class ContactCreate(ContactFields):
    first_name: Annotated[str, Field(min_length=1, max_length=100)]


class ContactUpdate(ContactFields):
    pass


class SignalFields(_In):
    kind: str | None = None
    description: Annotated[str, Field(min_length=1, max_length=5000)] | None = None
    occurred_on: dt.date | None = None
    source: ShortText | None = None
    source_url: Annotated[str, Field(max_length=200)] | None = None
    is_confirmed: bool | None = None
    contact_id: int | None = None

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str | None) -> str | None:
        return None if value is None else _one_of(value, SIGNAL_KINDS)


class SignalCreate(SignalFields):
    kind: str
    description: Annotated[str, Field(min_length=1, max_length=5000)]
    occurred_on: dt.date


class SignalUpdate(SignalFields):
    pass


class ContextUpdate(_In):
    budget_min: Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)] | None = None
    budget_max: Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)] | None = None
    budget_currency: str | None = None
    timing: str | None = None
    competitors: Text | None = None
    tech_stack: Text | None = None
    note: Text | None = None

    @field_validator("budget_currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        return None if value is None else _one_of(value.upper(), CURRENCIES)

    @field_validator("timing")
    @classmethod
    def _timing(cls, value: str | None) -> str | None:
        return None if value is None else _one_of(value, TIMINGS)


class PainCreate(_In):
    description: Annotated[str, Field(min_length=1, max_length=5000)]
    origin: str = "detected"
    source: ShortText = ""

    @field_validator("origin")
    @classmethod
    def _origin(cls, value: str) -> str:
        return _one_of(value, PAIN_ORIGINS)


class ProjectCreate(_In):
    description: Annotated[str, Field(min_length=1, max_length=5000)]
    source: ShortText = ""
    source_url: Annotated[str, Field(max_length=200)] = ""
    noted_on: dt.date | None = None
