"""The compiled judge gives exactly what the first, plain implementation of the rules gave
(``reference_rules.py``, kept as it was): same verdicts, lines, notes, evidence, score, level,
same stored JSON text and same input digest, on random facts under random rule sets."""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import replace
from typing import Any

import pytest

from baton.qualification import rules as qr
from baton.qualification.defaults import DEFAULT_CONFIG
from tests.qualification import reference_rules as ref

TODAY = dt.date(2026, 3, 31)
NAMES = ("Ana Roy", "Bo Lin", "Cy Dupont", "", "Zoé Émond")
TITLES = ("CEO", "CFO", "")


def day(rng: random.Random, back: int = 40) -> dt.date:
    return TODAY - dt.timedelta(days=rng.randint(0, back))


def random_facts(rng: random.Random, account_id: int) -> qr.AccountFacts:
    def touches(kinds: tuple[str, ...], most: int, detail: tuple[str, ...] = ("",)) -> Any:
        return tuple(
            qr.Touch(rng.choice(kinds), day(rng), rng.choice(detail))
            for _ in range(rng.randint(0, most))
        )

    quali = rng.sample(qr.QUALITATIVE_KINDS, rng.randint(0, 3))
    return qr.AccountFacts(
        account_id=account_id,
        today=TODAY,
        industry=rng.choice(("", "Software", "Retail", "santé")),
        size_band=rng.choice(("", "11-50", "51-200", "5000+")),
        revenue_band=rng.choice(("", "10-50M", "<1M")),
        country=rng.choice(("", "fr", "FR", "BE")),
        region=rng.choice(("", "Île-de-France", "Bretagne")),
        tier=rng.choice(("", "tier_1", "tier_3")),
        significant_count=rng.randint(0, 9),
        significant=touches(("meeting", "web_visit", "email_reply"), 5, ("", "pricing")),
        key_pages=touches(("pricing", "case_study", "contact", "blog"), 3),
        emails_sent=rng.randint(0, 5),
        emails_opened=rng.randint(0, 5),
        qualitative=tuple(qr.Touch(k, day(rng)) for k in quali),
        decision_makers=tuple(
            qr.Person(
                rng.choice(NAMES),
                rng.choice(TITLES),
                rng.random() < 0.7,
                rng.random() < 0.5,
                rng.random() < 0.5,
            )
            for _ in range(rng.randint(0, 3))
        ),
        signals=tuple(
            sorted(
                (
                    qr.SignalFact(rng.choice(("hiring", "fundraising")), day(rng, 90), c)
                    for c in (rng.random() < 0.5 for _ in range(rng.randint(0, 3)))
                ),
                key=lambda s: (s.on, s.kind, s.confirmed),
            )
        ),
        open_deals=tuple(
            qr.DealFact(rng.choice(("Pilot", "Extension")), day(rng, 200))
            for _ in range(rng.choice((0, 0, 1, 2)))
        ),
        timing=rng.choice(qr.TIMINGS),
        budget_known=rng.random() < 0.4,
        pain_count=rng.choice((0, 0, 1, 3)),
    )


def random_config(rng: random.Random) -> dict[str, Any]:
    cfg = json.loads(json.dumps(DEFAULT_CONFIG))
    cfg["icp"]["industries"] = rng.choice([[], ["Software"], ["SANTÉ", "Retail"]])
    cfg["icp"]["countries"] = rng.choice([[], ["fr"], ["BE", "FR"]])
    cfg["icp"]["tiers"] = rng.choice([[], ["tier_1"]])
    cfg["icp"]["size_bands"] = rng.choice([[], ["51-200", "5000+"]])
    cfg["engagement"]["min_interactions"] = rng.randint(1, 6)
    cfg["readiness"]["key_pages"] = rng.choice([["pricing"], ["pricing", "case_study", "contact"]])
    cfg["readiness"]["opens_required"] = rng.randint(1, 5)
    cfg["readiness"]["qualitative_confirms_signal"] = rng.random() < 0.7
    cfg["decision_maker"]["require_reachable"] = rng.random() < 0.7
    cfg["levels"] = rng.choice(
        [DEFAULT_CONFIG["levels"], {"hot": 50, "warm": 20, "ready_at_least": "hot"}]
    )
    for key in qr.WEIGHT_KEYS:
        cfg["weights"][key] = rng.choice((0, 0, 5, 10, 15))
    cfg["weights"]["engaged"] = 10
    return cfg


def as_reference(facts: qr.AccountFacts) -> Any:
    """The same facts in the reference module's classes."""
    return ref.AccountFacts(
        **{
            **facts.__dict__,
            "significant": tuple(ref.Touch(t.kind, t.on, t.detail) for t in facts.significant),
            "key_pages": tuple(ref.Touch(t.kind, t.on, t.detail) for t in facts.key_pages),
            "qualitative": tuple(ref.Touch(t.kind, t.on, t.detail) for t in facts.qualitative),
            "decision_makers": tuple(
                ref.Person(*p.__dict__.values()) for p in facts.decision_makers
            ),
            "signals": tuple(ref.SignalFact(*s.__dict__.values()) for s in facts.signals),
            "open_deals": tuple(ref.DealFact(*d.__dict__.values()) for d in facts.open_deals),
        }
    )


def outcome(v: Any, module: Any) -> dict[str, Any]:
    return {
        **module.verdict_to_json(v),
        "score_value": v.score,
        "level": v.level,
        "engaged": v.engaged,
        "last_signal_on": v.last_signal_on,
        "ready": v.ready,
        "borderline": v.borderline,
        "passed_count": v.passed_count,
        "failing": v.failing,
    }


@pytest.mark.parametrize("seed", range(8))
def test_judge_equals_the_reference_rules(seed: int) -> None:
    rng = random.Random(seed)
    cfg = random_config(rng) if seed else DEFAULT_CONFIG
    rules, old_rules = qr.parse_rule_set(cfg), ref.parse_rule_set(cfg)
    judge = qr.Judge(rules)
    for account_id in range(400):
        facts = random_facts(rng, account_id)
        old_facts = as_reference(facts)
        old = ref.evaluate(old_facts, old_rules)
        new = judge.evaluate(facts)
        assert outcome(new, qr) == outcome(old, ref), facts
        assert qr.evaluate(facts, rules) == new  # a one-off judge says the same
        stored, expected = judge.stored(new), ref.verdict_to_json(old)
        # the very text Django's JSONField wrote for the same values
        assert stored.lines == json.dumps(expected["lines"])
        assert stored.readiness == json.dumps(expected["readiness"])
        assert stored.breakdown == json.dumps(expected["score"])
        assert stored.failing == json.dumps(list(old.failing))
        assert qr.facts_digest(facts) == ref.facts_digest(old_facts)


def test_digest_covers_every_fact_but_the_day() -> None:
    facts = random_facts(random.Random(5), 1)
    data = qr._digest_data(facts)
    assert set(data) == set(qr.AccountFacts.__dataclass_fields__) - {"today"}
    assert list(data) == sorted(data)  # the encoder relies on it
    assert qr.facts_digest(facts) != qr.facts_digest(replace(facts, pain_count=9))
