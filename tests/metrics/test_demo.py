"""The demo metrics generator on a small demo workspace: targets in every state, 13 weeks of
snapshots, survey answers from both teams, actions and a blocker."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from baton.cli.demo.build import build_demo
from baton.metrics import definitions as d
from baton.metrics import formulas as f
from baton.metrics import selectors, weekly
from baton.metrics.models import CorrectiveAction, MetricSnapshot, SurveyResponse
from baton.metrics.scope import Scope

TODAY = dt.date(2026, 9, 23)


@pytest.mark.django_db
def test_build_metrics_on_the_demo() -> None:
    built = build_demo(seed=7, accounts=40, today=TODAY).counts  # build_demo runs build_metrics
    counts = {
        k: built[k] for k in ("targets", "snapshots", "survey_answers", "actions", "blockers")
    }
    assert counts == {
        "targets": 6,
        "snapshots": MetricSnapshot.objects.count(),
        "survey_answers": 5,
        "actions": 4,
        "blockers": 1,
    }
    weeks = set(MetricSnapshot.objects.values_list("week_start", flat=True))
    assert len(weeks) == d.TREND_WEEKS
    assert set(SurveyResponse.objects.values_list("team", flat=True)) == {"marketing", "sales"}
    assert CorrectiveAction.objects.filter(status="open").count() == 3
    scope = Scope(period=f.quarter_of(TODAY), day=TODAY)
    with translation.override("fr"):
        board = selectors.dashboard(scope=scope, language="fr")
    states = {c.definition.id: c.target.state for c in board.cards if c.target is not None}
    assert states == {
        d.ENGAGED: f.TargetState.ON_TRACK,
        d.CONVERSION: f.TargetState.AT_RISK,
        d.VELOCITY: f.TargetState.ON_TRACK,
        d.INFLUENCE: f.TargetState.AT_RISK,
        d.ROI: f.TargetState.OFF_TRACK,
    }
    # last week's pack (09-14 … 09-20): three open (one a blocker), one closed on 09-19
    pack = weekly.build(dt.date(2026, 9, 14), language="fr")
    assert (len(pack.actions), len(pack.blockers), len(pack.closed_actions)) == (3, 1, 1)
