"""French text written the way a marketing team writes it: targeting reasons, context notes.

The demo seller sells a B2B revenue platform (ABM, sales-marketing alignment), so the reasons
and the notes talk about pipeline, handovers, CRM and marketing teams.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from baton.accounts.models import Tier
from baton.cli.demo.random_source import french_typography

if TYPE_CHECKING:
    from baton.cli.demo.industries import Industry

TIER_WORDS = {
    Tier.TIER_1: "Compte Tier 1, travaillé en one-to-one",
    Tier.TIER_2: "Compte Tier 2, travaillé en one-to-few avec son cluster sectoriel",
    Tier.TIER_3: "Compte Tier 3, à nourrir en one-to-many",
}
TRIGGERS = (
    "Nouvelle direction marketing en place depuis quelques mois, qui revoit toute la stack",
    "Recrute 4 SDR et un Head of Sales Ops : l'équipe commerciale se structure",
    "Levée de fonds récente, forte pression du board sur la croissance du pipe",
    "Passe encore ses leads aux commerciaux dans un Google Sheet partagé",
    "Ouverture de deux nouveaux bureaux régionaux cette année",
    "Le nouveau CMO vient de chez un de nos clients et connaît déjà la méthode",
    "Consomme beaucoup nos contenus sur l'alignement ventes-marketing",
    "Migration CRM annoncée pour l'an prochain, fenêtre idéale pour se positionner",
    "Rachat d'un concurrent : deux équipes commerciales à faire travailler ensemble",
    "Cycle de vente long et comité d'achat large, exactement ce que l'ABM traite",
)
ANGLES = (
    "Objectif : décrocher un premier rendez-vous avec la direction commerciale ce trimestre.",
    "Bon potentiel d'expansion multi-BU une fois la première équipe équipée.",
    "Ce serait une belle référence sectorielle pour nous.",
    "Cycle de vente court attendu si on arrive au bon moment.",
    "Concurrent en place peu apprécié des équipes terrain d'après nos échos.",
    "Sponsor potentiel identifié côté marketing, reste à convaincre les ventes.",
)


def targeting_reason(rng: random.Random, *, industry: Industry, employees: int, tier: str) -> str:
    return french_typography(
        f"{industry.phrase} de {employees} salariés, dans notre ICP. {TIER_WORDS[Tier(tier)]}. "
        f"{rng.choice(TRIGGERS)}. {rng.choice(ANGLES)}"
    )


CONTEXT_OPENINGS = (
    "Transformation digitale après une série B",
    "Réorganisation commerciale en cours depuis l'arrivée du nouveau DG",
    "Croissance à deux chiffres mais un pipe jugé trop imprévisible",
    "Internationalisation en cours, les équipes passent de 1 à 3 pays",
    "Fusion de deux BU commerciales annoncée en interne",
    "Plan stratégique à 3 ans présenté en début d'année",
)
CONTEXT_VOICES = (
    ("Le CMO", "a publié qu'il veut mieux aligner ventes et marketing"),
    (
        "La directrice commerciale",
        "a expliqué en webinar que ses commerciaux ignorent ce qui a été envoyé aux comptes",
    ),
    ("Le Head of Growth", "cherche à prouver le ROI du marketing au COMEX"),
    ("La DAF", "demande un suivi du coût d'acquisition par compte"),
    ("Le VP Sales", "se plaint publiquement de leads marketing « pas mûrs »"),
    ("Le responsable RevOps", "a lancé un chantier de définition commune du MQL"),
)
CONTEXT_CLOSINGS = (
    "Probablement en recherche d'outils",
    "Appel d'offres probable d'ici l'été",
    "Pas encore de projet formalisé, mais le besoin est clair",
    "Benchmark en cours d'après notre champion",
)


def context_note(rng: random.Random, *, budget: str) -> str:
    who, said = rng.choice(CONTEXT_VOICES)
    return french_typography(
        f"{rng.choice(CONTEXT_OPENINGS)}. {who} {said}. "
        f"{rng.choice(CONTEXT_CLOSINGS)}, budget {budget}."
    )


PAINS_EXPRESSED = (
    ("Les commerciaux ne savent pas quels contenus ont été envoyés au compte", "Échange au salon"),
    (
        "Trop de leads transmis sans contexte, les commerciaux ne les rappellent pas",
        "Réponse à un email",
    ),
    ("Impossible de mesurer le ROI des campagnes par compte", "Question posée en webinar"),
    (
        "Reporting marketing et ventes qui ne donnent jamais les mêmes chiffres",
        "Appel de découverte",
    ),
    ("Délai de prise en charge des leads beaucoup trop long", "Formulaire de contact"),
)
PAINS_DETECTED = (
    (
        "Turnover élevé chez les SDR, perte de l'historique des comptes",
        "Offres d'emploi récurrentes",
    ),
    (
        "Stack marketing éclatée entre plusieurs outils non connectés",
        "Analyse de la stack (intent data)",
    ),
    ("Pipeline très concentré sur quelques grands comptes", "Rapport annuel"),
    ("Cycle de vente qui s'allonge depuis un an", "Post LinkedIn du directeur commercial"),
    (
        "Pas de définition partagée d'un compte qualifié",
        "Visites répétées de nos pages « méthode »",
    ),
)
PROJECTS = (
    ("Déploiement d'un nouveau CRM sur toutes les filiales", "post LinkedIn du CMO"),
    ("Lancement d'une démarche ABM sur 50 comptes stratégiques", "communiqué de presse"),
    ("Création d'une cellule RevOps rattachée au DG", "offre d'emploi publiée"),
    ("Refonte du site et de la génération de leads", "appel d'offres publié"),
    ("Ouverture d'une filiale en Allemagne", "communiqué de presse"),
    ("Programme de formation des commerciaux au social selling", "post LinkedIn de la DRH"),
)
COMPETITORS = (
    "HubSpot Marketing Hub",
    "Salesforce Sales Cloud",
    "Pipedrive",
    "un Google Sheet partagé et Notion",
    "6sense",
    "Demandbase",
    "Dynamics 365",
    "Zoho CRM",
    "un outil maison sur Excel",
)
TECH = (
    "HubSpot, Slack, Google Workspace",
    "Salesforce, Microsoft Teams, Outlook",
    "Pipedrive, Slack, Notion",
    "Dynamics 365, Teams, SharePoint",
    "Zoho, Google Workspace",
)
