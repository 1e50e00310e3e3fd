"""Table-driven tests of the pure qualification rules, at and around every threshold."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from baton.engagement.models import InteractionType, PageCategory
from baton.qualification import rules as qr
from baton.qualification.defaults import DEFAULT_CONFIG

TODAY = dt.date(2026, 3, 31)
RULES = qr.parse_rule_set(DEFAULT_CONFIG)


def d(day: int, month: int = 3) -> dt.date:
    return dt.date(2026, month, day)


def ready_facts(**changes: Any) -> qr.AccountFacts:
    """An account that passes every line; tests change one thing at a time."""
    base = qr.AccountFacts(
        account_id=1,
        today=TODAY,
        industry="Software",
        size_band="51-200",
        revenue_band="10-50M",
        country="FR",
        region="Île-de-France",
        tier="tier_1",
        significant_count=3,
        significant=(
            qr.Touch("email_reply", d(20)),
            qr.Touch("web_visit", d(14), "pricing"),
            qr.Touch("webinar_attended", d(12)),
        ),
        key_pages=(qr.Touch("pricing", d(14)),),
        emails_sent=5,
        emails_opened=3,
        decision_makers=(qr.Person("Marie Dupont", "CEO", True, True, False),),
        signals=(qr.SignalFact("fundraising", d(2), True),),
    )
    return replace(base, **changes)


def line(verdict: qr.Verdict, code: str) -> qr.Line:
    return next(x for x in verdict.lines if x.code == code)


def test_vocabulary_matches_the_models() -> None:
    assert tuple(InteractionType.values) == qr.INTERACTION_TYPES
    assert tuple(PageCategory.values) == qr.PAGE_CATEGORIES


def test_the_reference_account_is_ready() -> None:
    v = qr.evaluate(ready_facts(), RULES)
    assert [x.passed for x in v.lines] == [True] * 5
    assert (v.ready, v.borderline, v.engaged) == (True, False, True)


@pytest.mark.parametrize(
    ("count", "passed", "code"),
    [
        (0, False, "interactions_missing"),
        (2, False, "interactions_missing"),
        (3, True, "interactions_enough"),
        (4, True, "interactions_enough"),
    ],
)
def test_engagement_threshold(count: int, passed: bool, code: str) -> None:
    v = qr.evaluate(ready_facts(significant_count=count), RULES)
    got = line(v, qr.LINE_ENGAGEMENT)
    assert (got.passed, got.notes[0].code) == (passed, code)
    assert got.notes[0].params == {"count": count, "min": 3, "days": 30}
    assert v.engaged is passed
    assert (v.ready, v.borderline) == (passed, not passed)


def test_engagement_evidence_is_oldest_first() -> None:
    got = line(qr.evaluate(ready_facts(), RULES), qr.LINE_ENGAGEMENT)
    assert got.evidence == (
        qr.Touch("webinar_attended", d(12)),
        qr.Touch("web_visit", d(14), "pricing"),
        qr.Touch("email_reply", d(20)),
    )


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (TODAY, True),
        (TODAY - dt.timedelta(days=29), True),
        (TODAY - dt.timedelta(days=30), True),  # day 30: in the window
        (TODAY - dt.timedelta(days=31), False),  # day 31: out
        (TODAY + dt.timedelta(days=1), False),  # the future never counts
    ],
)
def test_window_is_today_minus_30_to_today_inclusive(day: dt.date, inside: bool) -> None:
    assert qr.window_start(TODAY, 30) == dt.date(2026, 3, 1)
    assert qr.in_window(day, TODAY, 30) is inside


@pytest.mark.parametrize(
    ("type_", "category", "counts"),
    [
        ("web_visit", "pricing", True),
        ("web_visit", "case_study", True),
        ("web_visit", "contact", True),
        ("web_visit", "product", True),
        ("web_visit", "blog", False),
        ("web_visit", "", False),
        ("email_reply", "", True),
        ("linkedin_interaction", "", True),
        ("webinar_attended", "", True),
        ("event_attended", "", True),
        ("form_fill", "", True),
        ("demo_request", "", True),
        ("pricing_request", "", True),
        ("meeting", "", True),
        ("email_sent", "", False),
        ("email_open", "", False),
        ("email_click", "", False),
        ("webinar_registered", "", False),
        ("content_download", "", False),
    ],
)
def test_significant_types_by_default(type_: str, category: str, counts: bool) -> None:
    assert qr.significant(RULES.engagement, type_, category) is counts


def test_web_visits_on_any_page_when_no_category_is_listed() -> None:
    rules = replace(RULES.engagement, significant_page_categories=())
    assert qr.significant(rules, "web_visit", "blog") is True


@pytest.mark.parametrize(
    ("opened", "sent", "passed"),
    [(2, 5, False), (3, 5, True), (5, 5, True), (3, 3, True), (0, 0, False), (2, 2, False)],
)
def test_email_opens_threshold(opened: int, sent: int, passed: bool) -> None:
    v = qr.evaluate(ready_facts(emails_opened=opened, emails_sent=sent), RULES)
    got = next(x for x in v.readiness if x.code == qr.R_EMAIL_OPENS)
    assert got.passed is passed
    assert got.notes[0].params == {"opened": opened, "sent": sent, "required": 3, "last": 5}


@pytest.mark.parametrize(
    ("changes", "criterion", "code"),
    [
        ({"size_band": "11-50"}, "size_bands", "icp_out"),
        ({"size_band": "1-10"}, "size_bands", "icp_out"),
        ({"size_band": ""}, "size_bands", "icp_unknown"),
    ],
)
def test_icp_default_size_bands(changes: dict[str, str], criterion: str, code: str) -> None:
    got = line(qr.evaluate(ready_facts(**changes), RULES), qr.LINE_ICP)
    assert got.passed is False
    assert (got.notes[0].code, got.notes[0].params["criterion"]) == (code, criterion)


@pytest.mark.parametrize("band", ["51-200", "201-500", "501-1000", "1001-5000", "5000+"])
def test_icp_default_size_bands_in(band: str) -> None:
    assert line(qr.evaluate(ready_facts(size_band=band), RULES), qr.LINE_ICP).passed


STRICT_ICP = qr.IcpRules(
    industries=("Software", "Fintech"),
    size_bands=("51-200",),
    revenue_bands=("10-50M",),
    countries=("FR", "BE"),
    regions=("Île-de-France",),
    tiers=("tier_1",),
)


@pytest.mark.parametrize(
    ("field", "inside", "outside", "criterion"),
    [
        ("industry", "software", "Retail", "industries"),
        ("size_band", "51-200", "201-500", "size_bands"),
        ("revenue_band", "10-50M", "1-10M", "revenue_bands"),
        ("country", "be", "DE", "countries"),
        ("region", "ÎLE-DE-FRANCE", "Bretagne", "regions"),
        ("tier", "tier_1", "tier_3", "tiers"),
    ],
)
def test_icp_each_criterion_in_and_out(
    field: str, inside: str, outside: str, criterion: str
) -> None:
    rules = replace(RULES, icp=STRICT_ICP)
    good = line(qr.evaluate(ready_facts(**{field: inside}), rules), qr.LINE_ICP)
    assert good.passed is True
    assert good.notes == (qr.Note("icp_match", {"criteria": list(qr.ICP_CRITERIA)}),)
    bad = line(qr.evaluate(ready_facts(**{field: outside}), rules), qr.LINE_ICP)
    assert bad.passed is False
    assert bad.notes == (
        qr.Note(
            "icp_out",
            {
                "criterion": criterion,
                "value": outside,
                "allowed": list(getattr(STRICT_ICP, criterion)),
            },
        ),
    )


@pytest.mark.parametrize(
    ("people", "passed", "code"),
    [
        ((qr.Person("Marie Dupont", "CEO", True, True, False),), True, "dm_reachable"),
        ((qr.Person("Marie Dupont", "CEO", True, False, True),), False, "dm_not_reachable"),
        ((qr.Person("Marie Dupont", "CEO", False, True, False),), False, "dm_not_identified"),
        ((), False, "dm_none"),
        (
            (
                qr.Person("Alain Bon", "CFO", True, False, False),
                qr.Person("Zoé Roy", "CEO", True, True, False),
            ),
            True,
            "dm_reachable",
        ),
    ],
)
def test_decision_maker(people: tuple[qr.Person, ...], passed: bool, code: str) -> None:
    got = line(qr.evaluate(ready_facts(decision_makers=people), RULES), qr.LINE_DECISION_MAKER)
    assert (got.passed, got.notes[0].code) == (passed, code)


def test_decision_maker_reachability_can_be_relaxed() -> None:
    rules = replace(RULES, require_reachable=False)
    people = (qr.Person("Marie Dupont", "CEO", True, False, False),)
    got = line(qr.evaluate(ready_facts(decision_makers=people), rules), qr.LINE_DECISION_MAKER)
    assert (got.passed, got.notes[0].code) == (True, "dm_identified")


@pytest.mark.parametrize(
    ("signals", "qualitative", "passed", "code"),
    [
        ((qr.SignalFact("hiring", d(2), True),), (), True, "signal_confirmed"),
        ((qr.SignalFact("hiring", d(2), False),), (), False, "signal_unconfirmed"),
        ((), (), False, "signal_none"),
        ((), (qr.Touch("demo_request", d(10)),), True, "signal_confirmed"),
        ((), (qr.Touch("active_event", d(10)),), True, "signal_confirmed"),
        # an explicit project alone is context, not a confirmed buying signal
        ((), (qr.Touch("explicit_project", d(10)),), False, "signal_none"),
    ],
)
def test_buying_signal(
    signals: tuple[qr.SignalFact, ...], qualitative: tuple[qr.Touch, ...], passed: bool, code: str
) -> None:
    v = qr.evaluate(ready_facts(signals=signals, qualitative=qualitative), RULES)
    got = line(v, qr.LINE_BUYING_SIGNAL)
    assert (got.passed, got.notes[0].code) == (passed, code)
    assert v.last_signal_on == (d(2) if signals and passed else d(10) if passed else None)


def test_qualitative_does_not_confirm_when_configured_off() -> None:
    rules = replace(RULES, readiness=replace(RULES.readiness, qualitative_confirms_signal=False))
    facts = ready_facts(signals=(), qualitative=(qr.Touch("demo_request", d(10)),))
    assert not line(qr.evaluate(facts, rules), qr.LINE_BUYING_SIGNAL).passed


@pytest.mark.parametrize(
    ("deals", "passed", "code"),
    [
        ((), True, "no_open_deal"),
        ((qr.DealFact("Renewal 2026", d(1, 2)),), False, "deal_open"),
    ],
)
def test_no_open_deal(deals: tuple[qr.DealFact, ...], passed: bool, code: str) -> None:
    got = line(qr.evaluate(ready_facts(open_deals=deals), RULES), qr.LINE_NO_OPEN_DEAL)
    assert (got.passed, got.notes[0].code) == (passed, code)


def test_borderline_is_exactly_four_of_five() -> None:
    four = qr.evaluate(ready_facts(open_deals=(qr.DealFact("X", d(1)),)), RULES)
    assert (four.ready, four.borderline, four.failing) == (False, True, ("no_open_deal",))
    three = qr.evaluate(ready_facts(open_deals=(qr.DealFact("X", d(1)),), signals=()), RULES)
    assert (three.ready, three.borderline) == (False, False)


def test_score_explained_criterion_by_criterion() -> None:
    facts = ready_facts(
        qualitative=(qr.Touch("pricing_request", d(15)), qr.Touch("explicit_project", d(3))),
        timing="now",
        pain_count=2,
        budget_known=True,
    )
    v = qr.evaluate(facts, RULES)
    earned = {i.key: i.points for i in v.score_items}
    assert earned == {
        "demo_or_pricing_request": 15,
        "decision_maker_reachable": 10,
        "decision_maker_engaged": 0,
        "confirmed_signal": 10,
        "explicit_project": 5,
        "timing_now": 15,
        "timing_soon": 0,
        "timing_later": 0,
        "pain_recorded": 10,
        "budget_known": 10,
        "engaged": 10,
        "key_pages": 5,
        "email_opens": 5,
    }
    assert (v.score, v.level) == (95, "hot")


@pytest.mark.parametrize(
    ("changes", "score", "level"),
    [
        # the reference account: DM reachable 10 + signal 10 + engaged 10 + pages 5 + opens 5
        ({}, 40, "warm"),
        ({"timing": "now"}, 55, "warm"),
        ({"timing": "now", "pain_count": 1, "budget_known": True}, 75, "hot"),
        ({"timing": "soon", "pain_count": 1, "budget_known": True}, 70, "hot"),  # at 70
        ({"timing": "later", "pain_count": 1, "budget_known": True}, 65, "warm"),
        # not ready (no signal): 30 points, cold; ready accounts are at least warm
        ({"signals": ()}, 30, "cold"),
        ({"emails_opened": 0, "key_pages": ()}, 30, "warm"),
        (
            {"significant_count": 0, "key_pages": (), "emails_opened": 0, "decision_makers": ()},
            10,
            "cold",
        ),
    ],
)
def test_levels_at_thresholds(changes: dict[str, Any], score: int, level: str) -> None:
    v = qr.evaluate(ready_facts(**changes), RULES)
    assert (v.score, v.level) == (score, level)


def test_score_is_normalised_to_100() -> None:
    cfg = {**DEFAULT_CONFIG, "weights": {"engaged": 1, "budget_known": 1}}
    v = qr.evaluate(ready_facts(), qr.parse_rule_set(cfg))
    assert v.score == 50
    assert [(i.key, i.points, i.max_points) for i in v.score_items] == [
        ("budget_known", 0, 1),
        ("engaged", 1, 1),
    ]


def test_digest_ignores_the_day_but_not_the_facts() -> None:
    a = ready_facts()
    assert qr.facts_digest(a) == qr.facts_digest(replace(a, today=d(1, 4)))
    assert qr.facts_digest(a) != qr.facts_digest(replace(a, significant_count=4))
    assert len(qr.facts_digest(a)) == 64


def test_config_round_trip() -> None:
    cfg = qr.rule_set_to_config(RULES)
    assert qr.parse_rule_set(cfg) == RULES
    assert cfg["engagement"]["min_interactions"] == 3


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"engagement": {"significant_types": []}}, "engagement.significant_types"),
        ({"engagement": {"significant_types": ["fax"]}}, "engagement.significant_types"),
        (
            {"engagement": {"significant_types": ["meeting"], "window_days": 0}},
            "engagement.window_days",
        ),
        (
            {"engagement": {"significant_types": ["meeting"], "min_interactions": "3"}},
            "engagement.min_interactions",
        ),
        ({"icp": {"size_bands": ["12-13"]}}, "icp.size_bands"),
        ({"icp": {"tiers": ["gold"]}}, "icp.tiers"),
        ({"levels": {"hot": 40, "warm": 40}}, "levels.warm"),
        ({"levels": {"ready_at_least": "boiling"}}, "levels.ready_at_least"),
        ({"weights": {"charm": 10}}, "weights.charm"),
        ({"weights": {}}, "weights"),
        ({"readiness": {"opens_required": 6, "opens_of_last": 5}}, "readiness.opens_required"),
        ({"surprise": {}}, "surprise"),
    ],
)
def test_invalid_configs_name_the_field(patch: dict[str, Any], field: str) -> None:
    cfg = {**DEFAULT_CONFIG, **patch}
    with pytest.raises(qr.RuleSetError) as exc:
        qr.parse_rule_set(cfg)
    assert exc.value.field == field
