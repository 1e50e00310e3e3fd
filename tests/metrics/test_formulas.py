"""Pure formulas: periods, arithmetic, target states, deal stages, formatting, the summary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from baton.metrics import definitions as d
from baton.metrics import formulas as f

NNBSP, NBSP, TIMES = "\u202f", "\u00a0", "\u00d7"


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30), "2026-Q3"),
        ("2026q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "2026-Q1"),
        ("2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28), "2026-02"),
        ("2026-W01", dt.date(2025, 12, 29), dt.date(2026, 1, 4), "2026-W01"),
        ("2026-07-01..2026-07-15", dt.date(2026, 7, 1), dt.date(2026, 7, 15),
         "2026-07-01..2026-07-15"),
        ("quarter", dt.date(2026, 10, 1), dt.date(2026, 12, 31), "2026-Q4"),
        ("week", dt.date(2026, 11, 23), dt.date(2026, 11, 29), "2026-W48"),
    ],
)  # fmt: skip
def test_parse_period(text: str, start: dt.date, end: dt.date, label: str) -> None:
    period = f.parse_period(text, today=dt.date(2026, 11, 23))
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-13", "juillet", "2026-07-10..2026-07-01"])
def test_parse_period_refuses(text: str) -> None:
    with pytest.raises(f.PeriodError):
        f.parse_period(text, today=dt.date(2026, 11, 23))


def test_elapsed_fraction() -> None:
    q = f.quarter_of(dt.date(2026, 7, 1))  # 92 days
    assert q.elapsed_fraction(dt.date(2026, 6, 30)) == 0
    assert q.elapsed_fraction(dt.date(2026, 7, 15)) == Decimal(15) / 92
    assert q.elapsed_fraction(dt.date(2026, 10, 1)) == 1


def test_arithmetic() -> None:
    assert f.percent(3, 5) == Decimal(60)
    assert f.percent(0, 0) is None
    assert f.roi(Decimal(160000), Decimal(24000)) == Decimal(136000) / Decimal(24000)
    assert f.roi(Decimal(100), Decimal(0)) is None
    # 2 x 1000 x 0.5 / 10 days = 100 per day
    assert f.velocity(
        open_deals=2, average_won=Decimal(1000), win_rate=Decimal("0.5"), cycle_days=Decimal(10)
    ) == Decimal(100)
    assert f.velocity(open_deals=2, average_won=None, win_rate=None, cycle_days=Decimal(1)) is None
    assert f.percentile([1, 2, 3, 4], 50) == 2.5
    assert f.percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90) == 91.0
    assert f.percentile([], 90) is None
    assert f.equal_share(Decimal(6000), 2) == Decimal(3000)
    with pytest.raises(ValueError, match="no accounts"):
        f.equal_share(Decimal(1), 0)


H, L = d.Direction.HIGHER, d.Direction.LOWER
S = f.TargetState


@pytest.mark.parametrize(
    ("value", "target", "at_risk", "direction", "state"),
    [
        (Decimal(20), Decimal(18), Decimal(15), H, S.ON_TRACK),
        (Decimal(18), Decimal(18), Decimal(15), H, S.ON_TRACK),
        (Decimal(16), Decimal(18), Decimal(15), H, S.AT_RISK),
        (Decimal(15), Decimal(18), Decimal(15), H, S.AT_RISK),
        (Decimal(14), Decimal(18), Decimal(15), H, S.OFF_TRACK),
        (Decimal(14), Decimal(18), None, H, S.OFF_TRACK),
        (Decimal(20), Decimal(24), Decimal(48), L, S.ON_TRACK),
        (Decimal(30), Decimal(24), Decimal(48), L, S.AT_RISK),
        (Decimal(50), Decimal(24), Decimal(48), L, S.OFF_TRACK),
        (None, Decimal(24), None, H, S.NO_VALUE),
        (Decimal(1), None, None, H, S.NO_TARGET),
    ],
)
def test_target_state(
    value: Decimal | None,
    target: Decimal | None,
    at_risk: Decimal | None,
    direction: d.Direction,
    state: f.TargetState,
) -> None:
    assert f.target_state(value, target=target, at_risk=at_risk, direction=direction) == state


@pytest.mark.parametrize(
    ("stage", "status"),
    [
        ("won", "won"), ("Closed Won", "won"), ("closedwon", "won"), ("Gagné", "won"),
        ("GAGNE", "won"), ("Fermé gagné", "won"), ("lost", "lost"), ("Closed Lost", "lost"),
        ("closedlost", "lost"), ("Perdu", "lost"), ("perdue", "lost"),
        ("Proposition", "open"), ("Negotiation", "open"), ("Won't start", "open"), ("", "open"),
    ],
)  # fmt: skip
def test_stage_status(stage: str, status: str) -> None:
    assert f.stage_status(stage) == status


def test_formatting() -> None:
    assert f.format_money(Decimal(180000), "EUR", "fr") == f"180{NNBSP}000{NBSP}€"
    assert f.format_money(Decimal(180000), "EUR", "en") == "€180,000"
    assert f.format_ratio(Decimal("3.2"), "fr") == f"3,2{TIMES}"
    assert f.format_ratio(Decimal("3.25"), "en") == f"3.3{TIMES}"
    assert f.format_percent(Decimal("33.333"), "fr") == f"33,3{NBSP}%"
    assert f.display_value("days", Decimal("81.667"), "en") == "81.7 days"
    assert f.display_value("percent", None, "fr") == "n/d"


def test_executive_summary_seeds_example() -> None:
    figures = f.SummaryFigures(
        quarter="2026-Q3",
        targeted=50,
        engaged=18,
        in_opportunity=7,
        signed=2,
        signed_amount=Decimal(180000),
        currency="EUR",
        roi=Decimal("3.2"),
    )
    assert f.executive_summary(figures, "fr") == (
        f"T3 2026{NBSP}: 50 comptes ciblés, 18 engagés, 7 en opportunité, 2 signés pour "
        f"180{NNBSP}000{NBSP}€, ROI 3,2{TIMES}."
    )
    assert f.executive_summary(figures, "en") == (
        f"Q3 2026: 50 accounts targeted, 18 engaged, 7 in opportunity, 2 signed for €180,000, "
        f"ROI 3.2{TIMES}."
    )


def test_definitions_are_complete() -> None:
    assert d.DEFAULT_DASHBOARD == (
        "engaged_accounts",
        "account_to_opportunity",
        "pipeline_velocity",
        "marketing_influence",
        "roi_per_account",
    )
    for m in d.METRICS.values():
        assert all((m.name.en, m.name.fr, m.definition.en, m.definition.fr, m.formula))
        assert m.sources
    assert d.get(d.CONVERSION).benchmark == (5.0, 15.0)
    assert d.get(d.INFLUENCE).benchmark == (60.0, 80.0)
    assert d.get(d.INFLUENCE).params == {"min_assets": 2}


def test_every_metric_is_computed() -> None:
    from baton.metrics.computations import COMPUTATIONS

    assert set(COMPUTATIONS) == set(d.METRICS)
