"""Every metric against the hand-computed workspace of ``conftest.py`` (arithmetic in comments)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from baton.accounts.models import CostEntry, Deal
from baton.metrics import definitions as d
from baton.metrics.computations import accounts_behind, breakdown, compute, funnel
from baton.metrics.formulas import parse_period
from baton.metrics.models import ExchangeRate, SurveyResponse
from baton.metrics.scope import MissingRateError, Scope
from tests.metrics.conftest import Q3, D, day, deal, scope

pytestmark = pytest.mark.django_db


def value(metric_id: str, **kw: Any) -> Decimal | None:
    return compute(metric_id, scope(**kw)).value


def test_targets_and_engaged(workspace: dict[str, Any]) -> None:
    # Alpha, Beta, Gamma, Delta, Epsilon; engaged: Alpha (3 in window), Delta (08-31 counts).
    assert value(d.TARGETS) == 5
    result = compute(d.ENGAGED, scope())
    assert result.value == 2
    assert result.parts == {"engaged": 2, "targets": 5}
    names = [a.name for a in accounts_behind(d.ENGAGED, scope())]
    assert names == ["Alpha", "Delta"]


def test_engaged_window_moves_with_the_as_of_day(workspace: dict[str, Any]) -> None:
    # On 09-02, Delta has 08-31, 09-01, 09-02 → engaged; Alpha has none yet → 1.
    assert value(d.ENGAGED, as_of=day(9, 2)) == 1
    # On 10-01 (Q4), Delta's 08-31 meeting has left the window (starts 09-01): 2 left; Alpha
    # still has 3; Theta is not yet a target; Epsilon's meetings are on 10-02.
    q4 = Scope.make(parse_period("2026-Q4", today=D), as_of=day(10, 1))
    assert compute(d.ENGAGED, q4).value == 1


def test_conversion_and_opportunities(workspace: dict[str, Any]) -> None:
    # Deals created in Q3 on targets: Alpha (d1), Gamma (d3), Delta (d4) → 3 / 5 = 60 %.
    assert value(d.CONVERSION) == Decimal(60)
    # Open on 09-30: Delta (d4), Alpha (d7 closes 10-10) → 2.
    assert value(d.OPPORTUNITIES) == 2
    assert [a.name for a in accounts_behind(d.OPPORTUNITIES, scope())] == ["Alpha", "Delta"]


def test_won_deals_revenue_size_rate_cycle(workspace: dict[str, Any]) -> None:
    # Won in Q3 by 09-30: d1 100 000, d2 50 000, d5 10 000 (no account) → 3, 160 000.
    assert value(d.WON_DEALS) == 3
    assert value(d.WON_REVENUE) == Decimal("160000.00")
    # 160 000 / 3 = 53 333.33
    assert value(d.DEAL_SIZE) == Decimal("53333.33")
    # won 3, lost 1 (d3) → 75 %
    assert value(d.WIN_RATE) == Decimal(75)
    # d1 41 days, d2 132, d5 72 → 245 / 3 = 81.67
    assert value(d.CYCLE) is not None
    assert round(value(d.CYCLE) or 0, 2) == Decimal("81.67")


def test_pipeline_velocity(workspace: dict[str, Any]) -> None:
    # open on 09-30: d4, d7 = 2; average won 160 000 / 3; win rate 3 / 4; cycle 245 / 3 days
    # 2 * 53 333.33 * 0.75 = 80 000 ; 80 000 / 81.667 = 240 000 / 245 = 979.59 € per day
    result = compute(d.VELOCITY, scope())
    assert result.value == Decimal("979.59")
    assert result.parts["open"] == 2
    assert result.parts["won"] == 3
    assert result.parts["lost"] == 1
    assert result.parts["won_days"] == 245


def test_marketing_influence(workspace: dict[str, Any]) -> None:
    # d1 (Alpha: X, Y before 08-20) influenced; d2 (Beta: Y on its close day) not; d5 has no
    # account → 1 / 3 = 33.33 %
    result = compute(d.INFLUENCE, scope())
    assert result.parts == {"won": 3, "influenced": 1}
    assert round(result.value or 0, 2) == Decimal("33.33")


def test_roi_full_cost_with_campaign_allocation(workspace: dict[str, Any]) -> None:
    # costs: 10 000 + 2 000 + 5 000 + 6 000 (campaign) + 1 000 (unallocated) = 24 000
    # (160 000 - 24 000) / 24 000 = 5.6667
    result = compute(d.ROI, scope())
    assert result.parts == {
        "revenue": Decimal("160000.00"),
        "marketing": Decimal("15000.00"),
        "sales": Decimal("2000.00"),
        "campaigns": Decimal("7000.00"),
        "cost": Decimal("24000.00"),
    }
    assert round(result.value or 0, 4) == Decimal("5.6667")
    # Tech = Alpha (100 000; 10 000 + 2 000 + 3 000) + Beta (50 000; 5 000 + 3 000)
    #      → (150 000 - 23 000) / 23 000 = 5.5217; blank = d5 and "Salon": (10 000 - 1 000) / 1 000
    by_industry = breakdown(d.ROI, scope(), "industry")
    assert sorted(by_industry) == ["", "Tech"]
    assert round(by_industry["Tech"].value or 0, 4) == Decimal("5.5217")
    assert by_industry[""].value == Decimal(9)


def test_conversion_by_source_and_contribution(workspace: dict[str, Any]) -> None:
    # created in Q3: d1 (webinar, won), d3 (webinar, lost), d4 (outbound, open), d5 ("", won)
    assert value(d.CONVERSION_BY_SOURCE) == Decimal(50)
    by_source = breakdown(d.CONVERSION_BY_SOURCE, scope(), "source")
    assert {k: v.value for k, v in by_source.items()} == {
        "": Decimal(100),
        "outbound": Decimal(0),
        "webinar": Decimal(50),
    }
    # pipeline 180 000, of which target accounts 170 000 → 94.44 %
    result = compute(d.PIPELINE_CONTRIBUTION, scope())
    assert result.parts == {"pipeline": Decimal("180000.00"), "from_targets": Decimal("170000.00")}
    assert round(result.value or 0, 2) == Decimal("94.44")


def test_alignment_score(workspace: dict[str, Any], make_user: Any) -> None:
    # (4 + 4 + 3) + (5 + 3 + 4) = 23 points over 6 answers → 3.8333
    for scores, team in (((4, 4, 3), "marketing"), ((5, 3, 4), "sales")):
        SurveyResponse.objects.create(
            respondent=make_user(),
            team=team,
            quarter="2026-Q3",
            communication=scores[0],
            trust=scores[1],
            other_team=scores[2],
            answered_on=day(9, 20),
        )
    assert round(value(d.ALIGNMENT_SCORE) or 0, 4) == Decimal("3.8333")


def test_handover_metrics_without_handovers_have_no_value(workspace: dict[str, Any]) -> None:
    result = compute(d.ACCEPTANCE, scope())
    assert (result.value, dict(result.parts), result.error) == (
        None,
        {"accepted": 0, "rejected": 0},
        "",
    )


def test_funnel(workspace: dict[str, Any]) -> None:
    # targets 5 → engaged 2 → in opportunity 2 (Alpha, Delta) → won 2 (Alpha, Beta)
    assert funnel(scope()) == {"targets": 5, "engaged": 2, "opportunity": 2, "won": 2}
    assert funnel(scope(segment=("industry", "Tech"))) == {
        "targets": 2,
        "engaged": 1,
        "opportunity": 1,
        "won": 2,
    }


def test_segment_filter_agrees_with_breakdown(workspace: dict[str, Any]) -> None:
    assert value(d.ENGAGED, segment=("industry", "Industrie")) == 1
    assert value(d.TARGETS, segment=("size_band", "201-500")) == 2
    # Epsilon has no size band: the blank segment
    assert value(d.TARGETS, segment=("size_band", "")) == 1
    assert [a.name for a in accounts_behind(d.TARGETS, scope(segment=("size_band", "")))] == [
        "Epsilon"
    ]


# == edge cases ==


def test_period_with_no_data() -> None:
    empty = Scope.make(parse_period("2025-Q1", today=D), as_of=dt.date(2025, 3, 31))
    assert compute(d.TARGETS, empty).value == 0
    assert compute(d.CONVERSION, empty).value is None  # a rate over no account
    assert compute(d.WIN_RATE, empty).value is None
    assert compute(d.VELOCITY, empty).value is None
    assert compute(d.ROI, empty).value is None
    assert compute(d.INFLUENCE, empty).value is None
    assert compute(d.WON_REVENUE, empty).value == Decimal("0.00")
    assert funnel(empty) == {"targets": 0, "engaged": 0, "opportunity": 0, "won": 0}


def test_no_deals_and_zero_cost(workspace: dict[str, Any]) -> None:
    Deal.objects.all().delete()
    CostEntry.objects.all().delete()
    assert value(d.WON_DEALS) == 0
    assert value(d.ROI) is None  # no revenue, no cost: undefined, not 0x
    assert value(d.VELOCITY) is None


def test_revenue_without_cost_gives_no_roi(workspace: dict[str, Any]) -> None:
    CostEntry.objects.all().delete()
    result = compute(d.ROI, scope())
    assert result.parts["revenue"] == Decimal("160000.00")
    assert result.value is None


def test_other_currency_refused_without_a_rate(workspace: dict[str, Any]) -> None:
    deal(workspace["gamma"], 1000, day(7, 20), status="won", closed_on=day(9, 5), currency="USD")
    with pytest.raises(MissingRateError) as err:
        compute(d.WON_REVENUE, scope())
    assert err.value.missing == {"USD": 1}
    assert err.value.reason == (
        "amounts in USD (1) have no exchange rate to EUR valid on 2026-09-30: add one "
        "(Exchange rates) or convert them"
    )
    # metrics that count deals do not need the rate
    assert value(d.WON_DEALS) == 4


def test_other_currency_converted_with_the_rate_valid_on_the_as_of_day(
    workspace: dict[str, Any],
) -> None:
    deal(workspace["gamma"], 1000, day(7, 20), status="won", closed_on=day(9, 5), currency="USD")
    ExchangeRate.objects.create(currency="USD", rate=Decimal("0.9"), valid_from=day(1, 1))
    ExchangeRate.objects.create(currency="USD", rate=Decimal("0.5"), valid_from=day(10, 1))
    # 160 000 + 1 000 * 0.9 (the 10-01 rate is not valid yet on 09-30)
    assert value(d.WON_REVENUE) == Decimal("160900.00")


def test_unknown_segment_refused(workspace: dict[str, Any]) -> None:
    from baton.core.errors import DomainError

    with pytest.raises(DomainError):
        scope(segment=("colour", "blue"))
    with pytest.raises(DomainError):
        breakdown(d.ENGAGED, scope(), "source")


def test_as_of_caps_at_period_end(workspace: dict[str, Any]) -> None:
    assert scope(as_of=dt.date(2026, 11, 1)).day == Q3.end


def test_time_per_stage(workspace: dict[str, Any]) -> None:
    from baton.metrics.computations import time_per_stage
    from baton.metrics.models import DealStageChange

    d4, d1 = workspace["d4"], workspace["d1"]
    # d4: Discovery 08-01 -> Proposal 08-21 (20 days), Proposal until 09-30 (40 days)
    DealStageChange.objects.create(deal=d4, stage="Discovery", entered_on=day(8, 1))
    DealStageChange.objects.create(deal=d4, stage="Proposal", entered_on=day(8, 21))
    # d1: Discovery 07-10 -> Closed Won 08-20 (41 days); the won stage is not a stage to wait in
    DealStageChange.objects.create(deal=d1, stage="Discovery", entered_on=day(7, 10))
    DealStageChange.objects.create(deal=d1, stage="Closed Won", entered_on=day(8, 20))
    # a change after the as-of day is ignored: Proposal still runs on 09-30
    DealStageChange.objects.create(deal=d4, stage="Negotiation", entered_on=day(10, 3))
    rows = [(s.stage, s.deals, s.mean_days) for s in time_per_stage(scope())]
    # Proposal: 40 days for 1 deal; Discovery: (20 + 41) / 2 = 30.5
    assert rows == [("Proposal", 1, Decimal(40)), ("Discovery", 2, Decimal("30.5"))]
