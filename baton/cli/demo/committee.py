"""Buying committees: 4 to 8 people per account, with roles, titles and flags (SPEC R-1.4)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from baton.accounts.models import CommitteeRole, Contact, Level
from baton.cli.demo.people import email_local_part, linkedin_url, person_name

if TYPE_CHECKING:
    from baton.cli.demo.companies import Company

R = CommitteeRole
# Job titles per committee role, in French (fr) and English (every other language).
TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": {
        R.DECISION_MAKER: ("CEO", "CMO", "CRO", "VP Sales", "DAF", "Président", "DG France"),
        R.CHAMPION: (
            "Responsable marketing digital",
            "Head of Growth",
            "Responsable RevOps",
            "Responsable ABM",
            "Sales Ops Manager",
        ),
        R.INFLUENCER: (
            "DSI",
            "Responsable acquisition",
            "Responsable CRM",
            "Product Marketing Manager",
            "Responsable communication",
            "Head of Sales Europe du Sud",
        ),
        R.END_USER: (
            "Business Developer",
            "Account Executive",
            "SDR",
            "Responsable campagnes",
            "Inside Sales",
        ),
        R.BLOCKER: ("Responsable achats", "RSSI", "Juriste contrats", "Contrôle de gestion"),
    },
    "en": {
        R.DECISION_MAKER: (
            "CEO",
            "CMO",
            "Chief Revenue Officer",
            "VP Sales",
            "CFO",
            "Managing Director",
        ),
        R.CHAMPION: (
            "Head of Growth",
            "RevOps Lead",
            "Demand Generation Manager",
            "ABM Manager",
            "Sales Operations Manager",
        ),
        R.INFLUENCER: (
            "CIO",
            "Head of CRM",
            "Product Marketing Manager",
            "Head of Communications",
            "Regional Sales Director",
        ),
        R.END_USER: (
            "Account Executive",
            "SDR",
            "Business Development Rep",
            "Marketing Campaign Manager",
        ),
        R.BLOCKER: ("Procurement Manager", "CISO", "Legal Counsel", "Finance Controller"),
    },
}
TOPICS: dict[str, tuple[str, ...]] = {
    R.DECISION_MAKER: (
        "croissance du CA",
        "ROI marketing",
        "prévision du pipeline",
        "alignement ventes-marketing",
    ),
    R.CHAMPION: ("ABM", "intent data", "automatisation marketing", "scoring de comptes", "RevOps"),
    R.INFLUENCER: (
        "intégration CRM",
        "qualité des données",
        "social selling",
        "contenus sectoriels",
    ),
    R.END_USER: (
        "productivité commerciale",
        "prospection LinkedIn",
        "séquences email",
        "fiches comptes",
    ),
    R.BLOCKER: ("RGPD", "sécurité des données", "maîtrise des coûts", "conditions contractuelles"),
}
# Chances, by qualification level, that a member is reachable / engaged / has a champion.
REACHABLE: dict[str, float] = {Level.HOT: 0.8, Level.WARM: 0.55, Level.COLD: 0.3}
ENGAGED: dict[str, float] = {Level.HOT: 0.55, Level.WARM: 0.3, Level.COLD: 0.08}
HAS_CHAMPION: dict[str, float] = {Level.HOT: 0.9, Level.WARM: 0.6, Level.COLD: 0.25}


def draft_committees(rng: random.Random, companies: list[Company]) -> list[Contact]:
    return [contact for company in companies for contact in _committee(rng, company)]


def _roles(rng: random.Random, level: str) -> list[str]:
    size = rng.randint(4, 8)
    roles: list[str] = [R.DECISION_MAKER]
    if rng.random() < HAS_CHAMPION[level]:
        roles.append(R.CHAMPION)
    if rng.random() < 0.35:
        roles.append(R.BLOCKER)
    if size >= 7 and rng.random() < 0.4:
        roles.append(R.DECISION_MAKER)
    while len(roles) < size:
        roles.append(rng.choice((R.INFLUENCER, R.INFLUENCER, R.END_USER)))
    return roles


def _committee(rng: random.Random, company: Company) -> list[Contact]:
    account = company.account
    level = account.level
    titles = TITLES["fr" if company.place.language == "fr" else "en"]
    used_titles: set[str] = set()
    used_emails: set[str] = set()
    members = []
    for role in _roles(rng, level):
        first, last = person_name(rng, company.place.country)
        local = email_local_part(first, last)
        while local in used_emails:
            first, last = person_name(rng, company.place.country)
            local = email_local_part(first, last)
        used_emails.add(local)
        title = rng.choice([t for t in titles[role] if t not in used_titles] or titles[role])
        used_titles.add(title)
        reachable = rng.random() < REACHABLE[level] + (0.15 if role == R.DECISION_MAKER else 0)
        engaged = reachable and rng.random() < ENGAGED[level] * (1.6 if role == R.CHAMPION else 1)
        members.append(
            Contact(
                account=account,
                first_name=first,
                last_name=last,
                title=title,
                email=f"{local}@{company.primary_domain}",
                linkedin_url=linkedin_url(rng, first, last),
                topics=", ".join(rng.sample(TOPICS[role], k=2)),
                committee_role=role,
                is_identified=rng.random() < 0.93 or role == R.DECISION_MAKER,
                is_reachable=reachable,
                is_engaged=engaged,
            )
        )
    return members
