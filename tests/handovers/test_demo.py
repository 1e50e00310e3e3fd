"""The demo generator: handovers in every stage, overdue and escalated ones, feedback given
and missing, all through the real services and deadline engine."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from baton.cli.demo.build import build_demo
from baton.cli.demo.handovers import PLAN, build_handovers
from baton.handovers.models import Feedback, Handover, HandoverDeadline

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


def test_demo_handovers_cover_every_stage() -> None:
    counts = build_demo(seed=7, accounts=40, today=TODAY).counts  # build_demo runs build_handovers
    assert counts["handovers"] == len(PLAN) == 16
    assert counts["assignment_rules"] == 2
    stages = Counter(Handover.objects.values_list("stage", flat=True))
    assert stages == {
        "proposed": 4,
        "accepted": 2,
        "approaching": 3,
        "opportunity": 2,
        "closed_won": 1,
        "closed_lost": 1,
        "rejected": 1,
        "disqualified": 1,
        "returned_to_nurture": 1,
    }
    fired = Counter(
        HandoverDeadline.objects.filter(fired_at__isnull=False).values_list("kind", flat=True)
    )
    assert fired["reminder"] >= 2  # overdue proposals were reminded
    assert fired["escalation"] >= 1  # and one escalated
    assert fired["briefing"] >= 1
    assert fired["feedback_14_escalation"] >= 1  # a missing feedback escalated
    assert Feedback.objects.filter(submitted_at__isnull=False).count() == counts["feedback_given"]
    assert counts["feedback_given"] >= 3
    assert Feedback.objects.filter(submitted_at__isnull=True).exists()
    # Running it again adds nothing for accounts already handed over, and no second rule set.
    again = build_handovers(rng_seed=7, today=TODAY)
    assert again["assignment_rules"] == 0
