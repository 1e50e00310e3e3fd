"""Reads of the engagement app: unmatched events, webhook sources, an account's history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet

from baton.accounts.domains import FREE_MAIL_DOMAINS
from baton.accounts.models import Account
from baton.engagement.models import IngestSource, Interaction

UNMATCHED_LIMIT = 200


@dataclass(frozen=True)
class UnmatchedDomain:
    domain: str
    count: int
    last_seen: dt.datetime


@dataclass(frozen=True)
class UnmatchedSummary:
    companies: list[UnmatchedDomain]  # company domains, most events first (at most 200)
    company_domains: int  # how many company domains in all
    company_events: int
    personal: list[UnmatchedDomain]  # free-mail domains: can never match a company
    personal_events: int


def _grouped(qs: QuerySet[Interaction]) -> list[UnmatchedDomain]:
    rows = (
        qs.values("domain")
        .annotate(count=Count("id"), last_seen=Max("occurred_at"))
        .order_by("-count", "domain")
    )
    return [UnmatchedDomain(r["domain"], r["count"], r["last_seen"]) for r in rows]


def unmatched_summary(*, limit: int = UNMATCHED_LIMIT) -> UnmatchedSummary:
    """Unmatched events grouped by domain: company domains, then personal addresses."""
    unmatched = Interaction.objects.filter(account__isnull=True)
    personal_qs = unmatched.filter(domain__in=FREE_MAIL_DOMAINS)
    companies = _grouped(unmatched.exclude(domain__in=FREE_MAIL_DOMAINS))
    personal = _grouped(personal_qs)
    return UnmatchedSummary(
        companies=companies[:limit],
        company_domains=len(companies),
        company_events=sum(c.count for c in companies),
        personal=personal,
        personal_events=sum(p.count for p in personal),
    )


def unmatched_count() -> int:
    return Interaction.objects.filter(account__isnull=True).count()


def active_source(slug: str) -> IngestSource | None:
    return IngestSource.objects.filter(slug=slug, is_active=True).first()


def source_by_slug(slug: str) -> IngestSource | None:
    return IngestSource.objects.filter(slug=slug).first()


def source_list() -> list[IngestSource]:
    return list(IngestSource.objects.order_by("name"))


def source_get(*, pk: int) -> IngestSource:
    return IngestSource.objects.get(pk=pk)


def attach_choices() -> QuerySet[Account]:
    """Accounts a domain may be attached to, by name."""
    return Account.objects.order_by("name").only("pk", "name")
