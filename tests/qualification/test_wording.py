"""Verdicts in words, French and English, exactly as a rep reads them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from baton.qualification import rules as qr
from baton.qualification.defaults import DEFAULT_CONFIG
from baton.qualification.wording import line_text, rules_in_words
from tests.qualification.test_rules import ready_facts

RULES = qr.parse_rule_set(DEFAULT_CONFIG)
NB = "\u00a0"
AP = "\u2019"  # typographic apostrophe


def texts(facts: qr.AccountFacts, rules: qr.RuleSet = RULES) -> dict[str, str]:
    stored = qr.verdict_to_json(qr.evaluate(facts, rules))
    return {line["code"]: line_text(line) for line in stored["lines"] + stored["readiness"]}


CASES: list[tuple[dict[str, Any], str, str, str]] = [
    (
        {},
        "engagement",
        "3 significant interactions in 30 days: webinar 12/03, pricing page 14/03, "
        "email reply 20/03",
        f"3 interactions significatives en 30 jours{NB}: webinaire 12/03, page tarifs 14/03, "
        "réponse à un email 20/03",
    ),
    (
        {"significant_count": 2, "significant": (qr.Touch("meeting", dt.date(2026, 3, 2)),)},
        "engagement",
        "Only 2 significant interactions in 30 days, 3 needed: meeting 02/03",
        "Seulement 2 interactions significatives en 30 jours, 3 nécessaires"
        f"{NB}: rendez-vous 02/03",
    ),
    (
        {},
        "icp",
        "Matches the ICP on size band",
        f"Correspond à l{AP}ICP sur{NB}: tranche d'effectif",
    ),
    (
        {"size_band": "11-50"},
        "icp",
        "Size band 11-50 is outside the ICP (51-200, 201-500, 501-1000, 1001-5000, 5000+)",
        "Tranche d'effectif 11-50 hors ICP (51-200, 201-500, 501-1000, 1001-5000, 5000+)",
    ),
    (
        {"size_band": ""},
        "icp",
        "The ICP cannot be checked: size band not known yet",
        f"ICP impossible à vérifier (information manquante{NB}: tranche d'effectif)",
    ),
    (
        {},
        "decision_maker",
        "Marie Dupont (CEO), decision maker, is reachable",
        "Marie Dupont (CEO), décideur, est accessible",
    ),
    (
        {"decision_makers": (qr.Person("Marie Dupont", "", True, False, False),)},
        "decision_maker",
        "Marie Dupont, decision maker, is identified but not reachable yet",
        "Marie Dupont, décideur, est identifié mais pas encore accessible",
    ),
    (
        {"decision_makers": ()},
        "decision_maker",
        "No decision maker in the buying committee yet",
        f"Aucun décideur dans le comité d{AP}achat pour l{AP}instant",
    ),
    (
        {"qualitative": (qr.Touch("pricing_request", dt.date(2026, 3, 15)),)},
        "buying_signal",
        "2 confirmed buying signals: pricing request 15/03, Fundraising 02/03",
        f"2 signaux d{AP}achat confirmés{NB}: demande de tarifs 15/03, Levée de fonds 02/03",
    ),
    (
        {"signals": (qr.SignalFact("hiring", dt.date(2026, 3, 4), False),)},
        "buying_signal",
        "1 buying signal recorded, not confirmed (passive consumption is not enough): Hiring 04/03",
        f"1 signal d{AP}achat relevé, non confirmé (la consultation passive ne suffit pas)"
        f"{NB}: Recrutement 04/03",
    ),
    (
        {"signals": ()},
        "buying_signal",
        "No buying signal in the last 90 days",
        f"Aucun signal d{AP}achat sur les 90 derniers jours",
    ),
    (
        {},
        "no_open_deal",
        "No deal open with this account in the CRM",
        "Aucun deal en cours avec ce compte dans le CRM",
    ),
    (
        {"open_deals": (qr.DealFact("Pilot 2026", dt.date(2025, 12, 1)),)},
        "no_open_deal",
        "A deal is already open: Pilot 2026, opened 01/12/2025",
        f"Un deal est déjà en cours{NB}: Pilot 2026, ouvert le 01/12/2025",
    ),
    (
        {},
        "email_opens",
        "3 of the last 5 emails sent opened (3 of 5 needed)",
        "3 des 5 derniers emails envoyés ouverts (3 sur 5 nécessaires)",
    ),
    (
        {},
        "key_pages",
        "1 key page visited in 30 days: pricing page 14/03",
        f"1 page clé visitée en 30 jours{NB}: page tarifs 14/03",
    ),
]


@pytest.mark.parametrize(("changes", "code", "english", "french"), CASES)
def test_line_wording(changes: dict[str, Any], code: str, english: str, french: str) -> None:
    facts = ready_facts(**changes)
    with translation.override("en"):
        assert texts(facts)[code] == english
    with translation.override("fr"):
        assert texts(facts)[code] == french


def test_rules_in_words() -> None:
    cfg = qr.rule_set_to_config(RULES)
    with translation.override("en"):
        words = dict(rules_in_words(cfg))
    assert words["Significant interactions"] == (
        "at least 3 significant interactions over the last 30 days (web visit, email reply, "
        "LinkedIn interaction, webinar, event, form, demo request, pricing request, meeting); "
        "web visits count on pricing page, case study page, contact page, product page"
    )
    assert words["Repeated email opens"] == "3 of the last 5 emails sent"
    with translation.override("fr"):
        words = dict(rules_in_words(cfg))
    assert words[f"Ouvertures d{AP}emails répétées"] == "3 des 5 derniers emails envoyés"
    assert words["Niveau"] == (
        f"chaud à partir de 70, tiède à partir de 40{NB}; "
        "un compte prêt pour le handover est au moins tiède"
    )
