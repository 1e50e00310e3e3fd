"""Buying signals: 0 to 5 per account, dated and sourced, some confirmed (SPEC R-1.2)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from baton.accounts.models import CommitteeRole, Contact, Level, Signal, SignalKind

if TYPE_CHECKING:
    from baton.cli.demo.companies import Company
    from baton.users.models import User

K = SignalKind
# kind → (descriptions, source, chance the signal is confirmed, needs a person)
TEMPLATES: dict[str, tuple[tuple[str, ...], str, float, bool]] = {
    K.HIRING: (
        (
            "Recrute 4 commerciaux et un Sales Ops Manager",
            "Ouvre un poste de Head of Marketing Operations",
            "Recrute une équipe de 3 SDR pour le marché DACH",
        ),
        "Offres d'emploi publiées sur LinkedIn",
        0.3,
        False,
    ),
    K.FUNDRAISING: (
        ("Levée de 12 M€ en série B", "Levée de 30 M€ en série C", "Entrée d'un fonds au capital"),
        "Communiqué de presse",
        0.5,
        False,
    ),
    K.TECHNOLOGY_CHANGE: (
        (
            "Quitte son CRM historique, migration annoncée",
            "Abandonne son outil d'emailing pour une plateforme d'automatisation",
        ),
        "Post LinkedIn du responsable CRM",
        0.4,
        False,
    ),
    K.LEADERSHIP_CHANGE: (
        ("Arrivée d'un nouveau CMO", "Nomination d'un Chief Revenue Officer", "Nouveau DG France"),
        "Annonce de nomination sur LinkedIn",
        0.3,
        False,
    ),
    K.EXPANSION: (
        (
            "Ouverture d'un bureau à Lyon",
            "Lancement d'une filiale en Espagne",
            "Rachat d'un concurrent régional",
        ),
        "Article de presse économique",
        0.3,
        False,
    ),
    K.EXPLICIT_PROJECT: (
        (
            "Projet de démarche ABM sur les comptes stratégiques évoqué par le CMO",
            "Cherche un outil pour fiabiliser le passage de relais marketing → ventes",
        ),
        "Interview du CMO dans un podcast B2B",
        0.8,
        True,
    ),
    K.DEMO_REQUEST: (("Demande de démo via le site",), "Formulaire de démo du site", 1.0, True),
    K.PRICING_REQUEST: (
        ("Demande de tarifs pour 25 utilisateurs", "Demande de grille tarifaire multi-entités"),
        "Échange email avec le champion",
        1.0,
        True,
    ),
    K.PRECISE_QUESTION: (
        (
            "Question précise sur l'intégration Salesforce pendant le webinar",
            "Demande comment mesurer le taux d'acceptation des leads par commercial",
        ),
        "Question posée en webinar",
        0.9,
        True,
    ),
}
PASSIVE = (K.HIRING, K.FUNDRAISING, K.TECHNOLOGY_CHANGE, K.LEADERSHIP_CHANGE, K.EXPANSION)
ACTIVE = (K.EXPLICIT_PROJECT, K.DEMO_REQUEST, K.PRICING_REQUEST, K.PRECISE_QUESTION)
COUNT: dict[str, tuple[int, int]] = {Level.HOT: (2, 5), Level.WARM: (1, 3), Level.COLD: (0, 2)}
AGE_DAYS: dict[str, tuple[int, int]] = {
    Level.HOT: (1, 45),
    Level.WARM: (5, 90),
    Level.COLD: (30, 180),
}


def draft_signals(
    rng: random.Random,
    companies: list[Company],
    committees: dict[int, list[Contact]],
    *,
    today: date,
    recorded_by: User,
) -> list[Signal]:
    signals: list[Signal] = []
    for company in companies:
        account = company.account
        level = account.level
        kinds = [rng.choice(PASSIVE) for _ in range(rng.randint(*COUNT[level]))]
        if level == Level.HOT and kinds:
            kinds[0] = rng.choice(ACTIVE)  # hot accounts show at least one real intent
        elif level == Level.WARM and kinds and rng.random() < 0.4:
            kinds[0] = rng.choice(ACTIVE)
        for kind in kinds:
            descriptions, source, confirmed, needs_person = TEMPLATES[kind]
            signals.append(
                Signal(
                    account=account,
                    kind=kind,
                    description=rng.choice(descriptions),
                    occurred_on=today - timedelta(days=rng.randint(*AGE_DAYS[level])),
                    source=source,
                    is_confirmed=rng.random() < confirmed,
                    contact=_person(rng, committees[account.pk]) if needs_person else None,
                    recorded_by=recorded_by,
                )
            )
    return signals


def _person(rng: random.Random, members: list[Contact]) -> Contact | None:
    """Who voiced the signal: the champion when there is one, else anyone reachable."""
    champions = [m for m in members if m.committee_role == CommitteeRole.CHAMPION]
    reachable = [m for m in members if m.is_reachable]
    pool = champions or reachable or members
    return rng.choice(pool) if pool else None
