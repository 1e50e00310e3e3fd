"""Handover-based alignment metrics on a hand-computed fixture (quarter 2026-Q3, Europe/Paris,
summer time throughout, so calendar hours are wall-clock hours).

Handovers (account industry, rep):
  h6 Tech r1   proposed 06-25 (Q2), accepted 07-01 08:00, first contact 07-01 20:00 (12 h);
               briefing due 07-03 08:00, confirmed 07-01 12:00 → met; contact due 07-04 → met
  h1 Tech r1   proposed 07-01, accepted 07-02 10:00, first contact 07-03 10:00 (24 h);
               briefing due 07-04 10:00, confirmed 07-03 09:00 → met; contact due 07-05 → met;
               feedback D+14 requested 07-16, given 07-18; D+30 requested 08-01, never given
  h2 Ind. r2   proposed 08-01, accepted 08-03 10:00, first contact 08-07 10:00 (96 h);
               briefing due 08-05 10:00, never confirmed → missed; contact due 08-06 10:00 →
               missed (contact a day late); feedback D+14 requested 08-17, given 08-20
  h3 Tech r1   proposed 09-01, rejected 09-02
  h4 Ind. r2   proposed 09-10, accepted 09-11, disqualified 09-12: both deadlines (due 09-13,
               09-14) stopped on 09-12 without being met → cancelled, left out
  h5 Tech r1   proposed 09-20, accepted 09-29, first contact 10-02 (after D); deadlines due
               10-01 and 10-02 (after D)
  h7 Santé —   proposed 09-28, undecided
  h8 Santé —   proposed 09-30 09:00, rejected 10-03 (after D)

As of 09-30:
  acceptance: accepted in Q3 h6 h1 h2 h4 h5 = 5, rejected h3 = 1 → 5/6 = 83.3 %;
    Tech: h6 h1 h5 vs h3 → 3/4 = 75 %; Industrie: h2 h4 → 100 %
  response time: first contacts in Q3 by D: 12, 24, 96 h → median 24; p90 rank 1.8 →
    24 + 0.8 * (96 - 24) = 81.6
  SLA sales: due h6 x2, h1 x2, h2 x2 = 6, met 4 → 66.7 %; as of 08-05: h6 x2, h1 x2, h2
    briefing (08-05 10:00) = 5, met 4 → 80 %
  feedback: requested 3, given 2 → 66.7 %; as of 08-18: requested 3, given 1 (h2 on 08-20)
  delivered: proposed in Q3: h1 h2 h3 h4 h5 h7 h8 = 7
  SLA marketing: commitment 9 (the newest target; 12 was replaced) * 92/92 → 7/9 = 77.8 %;
    accepted among them h1 h2 h4 h5 = 4, decided 4 + h3 = 5 (h8 after D);
    as of 08-15: 9 * 46/92 = 4.5, delivered h1 h2 = 2 → 44.4 %;
    Tech (target industry=Tech 4): h1 h3 h5 = 3 → 75 %
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from baton.accounts.models import Account
from baton.handovers.models import Feedback, Handover, HandoverDeadline, HandoverEvent
from baton.metrics import definitions as d
from baton.metrics.computations import breakdown, compute
from baton.metrics.models import MetricTarget
from tests.metrics.conftest import at, day, scope

H = Decimal(100)


def _handover(name: str, industry: str, rep: Any, stage: str, **times: dt.datetime) -> Handover:
    account = Account.objects.create(name=name, industry=industry, targeted_on=day(6, 1))
    return Handover.objects.create(
        account=account, stage=stage, rep=rep, last_action_at=times["proposed_at"], **times
    )


def _deadline(h: Handover, kind: str, due: dt.datetime, stopped: dt.datetime | None = None) -> None:
    HandoverDeadline.objects.create(handover=h, kind=kind, due_at=due, stopped_at=stopped)


def _briefed(h: Handover, when: dt.datetime) -> None:
    HandoverEvent.objects.create(
        handover=h, from_state="accepted", to_state="accepted", action="confirm_briefing", at=when
    )


def _feedback(h: Handover, checkpoint: int, requested: dt.datetime, given: Any = None) -> None:
    Feedback.objects.create(
        handover=h, checkpoint=checkpoint, requested_at=requested, submitted_at=given
    )


@pytest.fixture
def handovers(make_user: Any) -> dict[str, Handover]:
    r1, r2 = make_user("sales_rep"), make_user("sales_rep")
    h6 = _handover(
        "H6", "Tech", r1, "approaching",
        proposed_at=at(day(6, 25)), accepted_at=at(day(7, 1), 8),
        first_contact_at=at(day(7, 1), 20),
    )  # fmt: skip
    _deadline(h6, "briefing", at(day(7, 3), 8), stopped=at(day(7, 1), 12))
    _deadline(h6, "first_contact", at(day(7, 4), 8), stopped=at(day(7, 1), 20))
    _briefed(h6, at(day(7, 1), 12))
    h1 = _handover(
        "H1", "Tech", r1, "approaching",
        proposed_at=at(day(7, 1)), accepted_at=at(day(7, 2)), first_contact_at=at(day(7, 3)),
    )  # fmt: skip
    _deadline(h1, "briefing", at(day(7, 4)), stopped=at(day(7, 3), 9))
    _deadline(h1, "first_contact", at(day(7, 5)), stopped=at(day(7, 3)))
    _briefed(h1, at(day(7, 3), 9))
    _feedback(h1, 14, at(day(7, 16)), at(day(7, 18)))
    _feedback(h1, 30, at(day(8, 1)))
    h2 = _handover(
        "H2", "Industrie", r2, "approaching",
        proposed_at=at(day(8, 1)), accepted_at=at(day(8, 3)), first_contact_at=at(day(8, 7)),
    )  # fmt: skip
    _deadline(h2, "briefing", at(day(8, 5)))
    _deadline(h2, "first_contact", at(day(8, 6)))
    _feedback(h2, 14, at(day(8, 17)), at(day(8, 20)))
    h3 = _handover("H3", "Tech", r1, "rejected", proposed_at=at(day(9, 1)), closed_at=at(day(9, 2)))
    h4 = _handover(
        "H4", "Industrie", r2, "disqualified",
        proposed_at=at(day(9, 10)), accepted_at=at(day(9, 11)),
    )  # fmt: skip
    _deadline(h4, "briefing", at(day(9, 13)), stopped=at(day(9, 12)))
    _deadline(h4, "first_contact", at(day(9, 14)), stopped=at(day(9, 12)))
    h5 = _handover(
        "H5", "Tech", r1, "approaching",
        proposed_at=at(day(9, 20)), accepted_at=at(day(9, 29)), first_contact_at=at(day(10, 2)),
    )  # fmt: skip
    _deadline(h5, "briefing", at(day(10, 1)))
    _deadline(h5, "first_contact", at(day(10, 2)))
    h7 = _handover("H7", "Santé", None, "proposed", proposed_at=at(day(9, 28)))
    h8 = _handover(
        "H8", "Santé", None, "rejected", proposed_at=at(day(9, 30), 9), closed_at=at(day(10, 3))
    )
    now = timezone.now()
    for value, minutes in ((12, 10), (9, 5)):
        MetricTarget.objects.create(
            metric_id=d.QUALIFIED_DELIVERED,
            quarter="2026-Q3",
            value=Decimal(value),
            set_at=now - dt.timedelta(minutes=minutes),
        )
    MetricTarget.objects.create(
        metric_id=d.QUALIFIED_DELIVERED,
        quarter="2026-Q3",
        segment="industry=Tech",
        value=Decimal(4),
        set_at=now,
    )
    return {"h1": h1, "h2": h2, "h3": h3, "h4": h4, "h5": h5, "h6": h6, "h7": h7, "h8": h8}


def test_acceptance_rate(handovers: dict[str, Handover]) -> None:
    result = compute(d.ACCEPTANCE, scope())
    assert dict(result.parts) == {"accepted": 5, "rejected": 1}
    assert result.value == H * 5 / 6
    by = breakdown(d.ACCEPTANCE, scope(), "industry")
    assert {k: v.value for k, v in by.items()} == {"Industrie": H, "Tech": H * 3 / 4}
    assert compute(d.ACCEPTANCE, scope(segment=("industry", "Tech"))).value == H * 3 / 4


def test_response_time_median_and_p90(handovers: dict[str, Handover]) -> None:
    result = compute(d.RESPONSE_TIME, scope())
    assert dict(result.parts) == {
        "contacted": 3,
        "median_hours": Decimal("24.0"),
        "p90_hours": Decimal("81.6"),
    }
    assert result.value == Decimal("24.0")
    r1, r2 = handovers["h1"].rep_id, handovers["h2"].rep_id
    by_rep = breakdown(d.RESPONSE_TIME, scope(), "owner")
    # r1: h6 12 h and h1 24 h → median 18, p90 12 + 0.9 * 12 = 22.8; r2: h2 96 h
    assert {k: dict(v.parts) for k, v in by_rep.items()} == {
        str(r1): {"contacted": 2, "median_hours": Decimal("18.0"), "p90_hours": Decimal("22.8")},
        str(r2): {"contacted": 1, "median_hours": Decimal("96.0"), "p90_hours": Decimal("96.0")},
    }


def test_response_time_without_contacts_is_no_value(db: None) -> None:
    result = compute(d.RESPONSE_TIME, scope())
    assert (result.value, dict(result.parts)) == (None, {"contacted": 0})


def test_sla_sales(handovers: dict[str, Handover]) -> None:
    result = compute(d.SLA_SALES, scope())
    assert dict(result.parts) == {
        "due": 6,
        "met": 4,
        "briefing_due": 3,
        "briefing_met": 2,
        "contact_due": 3,
        "contact_met": 2,
    }
    assert result.value == H * 4 / 6
    early = compute(d.SLA_SALES, scope(as_of=day(8, 5)))
    assert (early.parts["due"], early.parts["met"], early.value) == (5, 4, H * 4 / 5)


def test_feedback_completion(handovers: dict[str, Handover]) -> None:
    result = compute(d.FEEDBACK, scope())
    assert dict(result.parts) == {
        "requested": 3,
        "given": 2,
        "d14_requested": 2,
        "d14_given": 2,
        "d30_requested": 1,
        "d30_given": 0,
    }
    assert result.value == H * 2 / 3
    assert compute(d.FEEDBACK, scope(as_of=day(8, 18))).value == H * 1 / 3


def test_qualified_handed_over_and_marketing_sla(handovers: dict[str, Handover]) -> None:
    assert compute(d.QUALIFIED_DELIVERED, scope()).value == 7
    result = compute(d.SLA_MARKETING, scope())
    assert dict(result.parts) == {
        "proposed": 7,
        "accepted": 4,
        "decided": 5,
        "commitment": Decimal("9.00"),
    }
    assert result.value == H * 7 / Decimal("9.00")
    mid = compute(d.SLA_MARKETING, scope(as_of=day(8, 15)))
    assert (mid.parts["proposed"], mid.parts["commitment"]) == (2, Decimal("4.50"))
    assert mid.value == H * 2 / Decimal("4.50")
    tech = compute(d.SLA_MARKETING, scope(segment=("industry", "Tech")))
    assert (tech.parts["proposed"], tech.value) == (3, H * 3 / Decimal("4.00"))


def test_marketing_sla_capped_and_without_commitment(handovers: dict[str, Handover]) -> None:
    MetricTarget.objects.filter(segment="").update(value=Decimal(5))
    assert compute(d.SLA_MARKETING, scope()).value == H
    MetricTarget.objects.all().delete()
    result = compute(d.SLA_MARKETING, scope())
    assert (result.value, result.parts["proposed"], "commitment" in result.parts) == (
        None,
        7,
        False,
    )
