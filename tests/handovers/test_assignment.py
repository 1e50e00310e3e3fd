"""Assignment rules (pure): order, criteria, pools in round robin, capacity, absence."""

from __future__ import annotations

from decimal import Decimal

import pytest

from baton.handovers.assignment import (
    AccountFacts,
    PoolFacts,
    RepFacts,
    RuleFacts,
    Step,
    assign,
    deal_band,
)

ACME = AccountFacts(
    territory="Ile-de-France",
    country="FR",
    industry="Manufacturing",
    size_band="201-500",
    deal_band="10-50k",
)
REPS = {
    1: RepFacts(1, "Camille"),
    2: RepFacts(2, "Hugo"),
    3: RepFacts(3, "Léa"),
}
POOL = PoolFacts(10, "Inside sales", (1, 2, 3))


@pytest.mark.parametrize(
    ("amount", "band"),
    [
        (None, ""),
        (Decimal(0), "<10k"),
        (Decimal(9999), "<10k"),
        (Decimal(10000), "10-50k"),
        (Decimal(199999), "50-200k"),
        (Decimal(200000), "200k+"),
    ],
)
def test_deal_bands(amount: Decimal | None, band: str) -> None:
    assert deal_band(amount) == band


def test_first_matching_rule_wins_and_explains() -> None:
    rules = [
        RuleFacts(1, "Germany", countries=("DE",), rep_id=2),
        RuleFacts(2, "Industry FR", countries=("fr",), sectors=("manufacturing",), rep_id=1),
        RuleFacts(3, "Catch-all", rep_id=3),
    ]
    decision = assign(ACME, rules, REPS, {})
    assert decision.rep_id == 1
    assert decision.rule_id == 2
    assert decision.steps == (
        Step("rule_skipped", {"rule": "Germany", "criterion": "countries"}),
        Step("rule_matched", {"rule": "Industry FR"}),
        Step("rep_named", {"rep": "Camille"}),
    )


@pytest.mark.parametrize(
    ("rule", "criterion"),
    [
        (RuleFacts(1, "r", territories=("Bretagne",), rep_id=1), "territories"),
        (RuleFacts(1, "r", sectors=("Retail",), rep_id=1), "sectors"),
        (RuleFacts(1, "r", size_bands=("1-10",), rep_id=1), "size_bands"),
        (RuleFacts(1, "r", deal_bands=("200k+",), rep_id=1), "deal_bands"),
    ],
)
def test_each_criterion_can_skip_a_rule(rule: RuleFacts, criterion: str) -> None:
    decision = assign(ACME, [rule], REPS, {})
    assert decision.rep_id is None
    assert decision.steps == (
        Step("rule_skipped", {"rule": "r", "criterion": criterion}),
        Step("no_rule"),
    )


def test_pool_round_robin_from_the_last_served() -> None:
    rule = RuleFacts(1, "Pool", pool_id=10)
    served = []
    pool = POOL
    for _ in range(4):
        decision = assign(ACME, [rule], REPS, {10: pool})
        served.append(decision.rep_id)
        pool = PoolFacts(10, "Inside sales", (1, 2, 3), last_rep_id=decision.rep_id)
    assert served == [1, 2, 3, 1]


def test_pool_skips_absent_and_full_reps() -> None:
    reps = {
        1: RepFacts(1, "Camille", is_absent=True),
        2: RepFacts(2, "Hugo", capacity=2, open_count=2),
        3: RepFacts(3, "Léa", capacity=5, open_count=1),
    }
    decision = assign(ACME, [RuleFacts(1, "Pool", pool_id=10)], reps, {10: POOL})
    assert decision.rep_id == 3
    assert decision.pool_id == 10
    assert decision.steps == (
        Step("rule_matched", {"rule": "Pool"}),
        Step("rep_absent", {"rep": "Camille"}),
        Step("rep_full", {"rep": "Hugo", "open": 2, "capacity": 2}),
        Step("pool_next", {"pool": "Inside sales", "rep": "Léa"}),
    )


def test_an_exhausted_pool_falls_through_to_the_next_rule() -> None:
    reps = {i: RepFacts(i, f"R{i}", is_absent=True) for i in (1, 2, 3)} | {4: RepFacts(4, "Zoé")}
    rules = [RuleFacts(1, "Pool", pool_id=10), RuleFacts(2, "Fallback", rep_id=4)]
    decision = assign(ACME, rules, reps, {10: POOL})
    assert decision.rep_id == 4
    assert Step("pool_exhausted", {"pool": "Inside sales"}) in decision.steps


def test_a_named_rep_who_cannot_take_it_passes_to_the_next_rule() -> None:
    reps = {1: RepFacts(1, "Camille", is_active=False), 2: RepFacts(2, "Hugo")}
    rules = [RuleFacts(1, "A", rep_id=1), RuleFacts(2, "B", rep_id=2)]
    decision = assign(ACME, rules, reps, {})
    assert decision.rep_id == 2
    assert decision.steps[1] == Step("rep_inactive", {"rep": "Camille"})


def test_empty_pool_and_no_rules() -> None:
    decision = assign(ACME, [RuleFacts(1, "P", pool_id=11)], REPS, {11: PoolFacts(11, "Empty", ())})
    assert decision.rep_id is None
    assert decision.steps[-2:] == (Step("pool_empty", {"pool": "Empty"}), Step("no_rule"))
    assert assign(ACME, [], REPS, {}).steps == (Step("no_rule"),)
