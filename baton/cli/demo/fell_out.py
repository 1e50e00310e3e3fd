"""Accounts that just fell out of the 30-day engagement window (issue 4's demo).

A few cold accounts with no recent significant interaction get three significant ones 32 to 40
days before the demo's day: engaged last month, not any more — the daily requalification is
what takes them off the engaged list.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from baton.cli.demo.companies import Company
from baton.engagement.models import Interaction, InteractionType

HOW_MANY = 4
SIGNIFICANT_PAGES = {"pricing", "case_study", "contact", "product"}
OTHER_SIGNIFICANT = {
    InteractionType.EMAIL_REPLY,
    InteractionType.LINKEDIN_INTERACTION,
    InteractionType.WEBINAR_ATTENDED,
    InteractionType.EVENT_ATTENDED,
    InteractionType.FORM_FILL,
    InteractionType.DEMO_REQUEST,
    InteractionType.PRICING_REQUEST,
    InteractionType.MEETING,
}


def _significant(event: Interaction) -> bool:
    if event.type == InteractionType.WEB_VISIT:
        return event.page_category in SIGNIFICANT_PAGES
    return event.type in OTHER_SIGNIFICANT


def draft_fell_out(
    rng: random.Random,
    companies: list[Company],
    interactions: list[Interaction],
    *,
    seed: int,
    today: date,
) -> list[Interaction]:
    """Three significant interactions, 32 to 40 days old, on ``HOW_MANY`` quiet cold accounts."""
    window_start = timezone.make_aware(datetime.combine(today - timedelta(days=45), time()))
    busy = {
        event.account.pk
        for event in interactions
        if event.account is not None and event.occurred_at >= window_start and _significant(event)
    }
    quiet = [c for c in companies if c.account.level == "cold" and c.account.pk not in busy]
    chosen = rng.sample(quiet, k=min(HOW_MANY, len(quiet)))
    events: list[Interaction] = []
    for n, company in enumerate(chosen):
        account = company.account
        base = today - timedelta(days=rng.randint(33, 38))
        plan = [
            (InteractionType.WEB_VISIT, "pricing", 0),
            (InteractionType.EMAIL_REPLY, "", 1),
            (InteractionType.WEBINAR_ATTENDED, "", 2),
        ]
        for k, (kind, category, offset) in enumerate(plan):
            day = base - timedelta(days=offset)
            at = timezone.make_aware(datetime.combine(day, time(10 + k, 15)))
            events.append(
                Interaction(
                    external_id=f"demo-{seed}-{9_000_000 + n * 10 + k}",  # apart from the rest
                    type=kind,
                    occurred_at=at,
                    account=account,
                    domain=company.primary_domain,
                    page_category=category,
                    page_url="https://www.demo.baton.test/tarifs" if category else "",
                    channel="web" if category else "email" if kind == "email_reply" else "webinar",
                    source="demo",
                )
            )
    return events
