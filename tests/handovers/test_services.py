"""Services: proposal (evidence, assignment, message), every action, refusals, audit rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from baton.accounts.models import Account, Deal
from baton.core.errors import ConflictError, DomainError, ForbiddenError
from baton.core.models import AuditEvent
from baton.handovers import services
from baton.handovers.models import Handover, HandoverDeadline, HandoverEvent
from baton.notifications.models import Notification, OutboxMessage
from tests.handovers.conftest import NOW, make_account

pytestmark = pytest.mark.django_db

LATER = NOW + dt.timedelta(hours=2)


def events(h: Handover) -> list[tuple[str, str, str, str]]:
    return [
        (e.action, e.from_state, e.to_state, e.actor.first_name if e.actor else "")
        for e in HandoverEvent.objects.filter(handover=h).order_by("at", "id")
    ]


def pending(h: Handover) -> dict[str, dt.datetime]:
    return {
        d.kind: d.due_at
        for d in HandoverDeadline.objects.filter(handover=h, stopped_at__isnull=True)
    }


def test_proposal_snapshots_evidence_assigns_and_notifies(people: Any, proposed: Handover) -> None:
    h = proposed
    assert h.stage == "proposed"
    assert h.rep == people["rep"]
    assert h.marketing_owner == people["marketing"]
    assert h.borderline is False
    assert h.assignment["steps"] == [
        {"code": "rule_matched", "params": {"rule": "France"}},
        {"code": "rep_named", "params": {"rep": "Camille User2"}},
    ]
    ev = h.evidence
    assert ev["checklist"]["ready"] is True
    assert [line["code"] for line in ev["checklist"]["lines"]] == [
        "icp",
        "engagement",
        "decision_maker",
        "buying_signal",
        "no_open_deal",
    ]
    assert ev["decision_maker"]["name"] == "Sophie Martin"
    assert ev["decision_maker"]["title"] == "Directrice marketing"
    assert [s["kind"] for s in ev["signals"]] == ["demo_request", "fundraising"]
    assert ev["context"]["note"] == "Series B; wants alignment."
    assert pending(h) == {
        "reminder": NOW + dt.timedelta(hours=72),
        "escalation": NOW + dt.timedelta(days=7),
    }
    assert events(h) == [("propose", "", "proposed", "Julie")]
    assert AuditEvent.objects.filter(action="handover.proposed", target_id=str(h.pk)).count() == 1
    # The rep (French) is told in the app and by email, in French.
    inbox = Notification.objects.get(recipient=people["rep"])
    assert inbox.title == "Nouveau compte pour vous\u00a0: Acme Industrie"
    assert "Demande de démo" in inbox.body
    assert "Appelez Sophie Martin sous 48 heures pour planifier la démo demandée." in inbox.body
    assert set(
        OutboxMessage.objects.filter(recipient=people["rep"]).values_list("channel", flat=True)
    ) == {"in_app", "email"}


def test_borderline_needs_a_note(people: Any, rule_to_rep: Any) -> None:
    acc = make_account(ready=False)
    with pytest.raises(DomainError) as exc:
        services.handover_propose(actor=people["marketing"], account=acc, now=NOW)
    assert exc.value.field == "note"
    assert exc.value.reason.startswith("This account does not pass the whole qualification")
    assert not Handover.objects.exists()
    h = services.handover_propose(
        actor=people["marketing"], account=acc, note="Project confirmed by phone", now=NOW
    )
    assert h.borderline is True
    assert h.note == "Project confirmed by phone"
    assert h.evidence["checklist"]["lines"][1]["passed"] is False


def test_one_handover_in_progress_per_account(people: Any, proposed: Handover) -> None:
    with pytest.raises(ConflictError) as exc:
        services.handover_propose(actor=people["marketing"], account=proposed.account, now=NOW)
    assert exc.value.reason == (
        "Acme Industrie already has a handover in progress (stage “Qualified by marketing”)."
    )
    # The database refuses it too, whatever the service does.
    with pytest.raises(IntegrityError), transaction.atomic():
        Handover.objects.create(
            account=proposed.account, stage="approaching", proposed_at=NOW, last_action_at=NOW
        )
    # A closed one does not count.
    Handover.objects.create(
        account=proposed.account, stage="rejected", proposed_at=NOW, last_action_at=NOW
    )


@pytest.mark.parametrize("role", ["sales_rep", "sales_manager", "leadership"])
def test_only_marketing_and_admins_propose(people: Any, make_user: Any, role: str) -> None:
    acc = make_account()
    with pytest.raises(ForbiddenError):
        services.handover_propose(actor=make_user(role), account=acc, now=NOW)
    assert not Handover.objects.exists()


def test_archived_accounts_are_refused(people: Any) -> None:
    acc = make_account(status="archived")
    with pytest.raises(ConflictError, match="archived"):
        services.handover_propose(actor=people["admin"], account=acc, now=NOW)


def test_no_rule_leaves_it_to_the_managers(people: Any) -> None:
    h = services.handover_propose(actor=people["marketing"], account=make_account(), now=NOW)
    assert h.rep is None
    assert h.assignment["steps"] == [{"code": "no_rule", "params": {}}]
    note = Notification.objects.get(recipient=people["manager"])
    assert note.title == "Acme Industrie needs a rep"
    # The manager assigns by hand, with a reason, and the rep hears of it.
    h = services.handover_reassign(
        handover=h,
        actor=people["manager"],
        rep=people["rep2"],
        reason="Knows the sector",
        now=LATER,
    )
    assert h.rep == people["rep2"]
    assert h.assignment["steps"][-1] == {
        "code": "manual",
        "params": {"manager": "Nadia User4", "reason": "Knows the sector"},
    }
    assert events(h)[-1] == ("reassign", "proposed", "proposed", "Nadia")
    assert HandoverEvent.objects.get(action="reassign").reason == "Knows the sector"
    assert (
        Notification.objects.filter(recipient=people["rep2"], event="handover.assigned").count()
        == 1
    )


def test_pool_round_robin_is_persisted(people: Any, pool: Any) -> None:
    from baton.handovers.models import AssignmentRule

    AssignmentRule.objects.create(order=1, name="All", pool=pool)
    reps = []
    for i in range(3):
        h = services.handover_propose(
            actor=people["marketing"], account=make_account(f"Company {i}"), now=NOW
        )
        reps.append(h.rep.first_name)
    assert reps == ["Camille", "Hugo", "Camille"]
    people["rep2"].is_absent = True
    people["rep2"].save()
    h = services.handover_propose(actor=people["marketing"], account=make_account("D"), now=NOW)
    assert h.rep == people["rep"]


def test_the_whole_journey_writes_one_audit_row_per_action(people: Any, proposed: Handover) -> None:
    rep = people["rep"]
    h = services.handover_accept(handover=proposed, actor=rep, now=LATER)
    assert h.stage == "accepted"
    assert set(pending(h)) == {
        "reminder",
        "escalation",
        "briefing",
        "first_contact",
        "feedback_14",
        "feedback_30",
        "support_end",
    }
    assert Account.objects.get(pk=h.account_id).sales_owner == rep
    briefing = timezone.make_aware(dt.datetime(2026, 3, 3, 9, 30))
    h = services.briefing_confirm(handover=h, actor=rep, at=briefing, now=LATER)
    assert h.briefing_at == briefing
    assert "briefing" not in pending(h)
    h = services.first_contact_log(
        handover=h, actor=rep, channel="phone", on=dt.date(2026, 3, 2), now=LATER
    )
    assert h.stage == "approaching"
    assert set(pending(h)) == {"feedback_14", "feedback_30", "support_end"}
    h = services.meeting_log(
        handover=h, actor=rep, on=dt.date(2026, 3, 2), note="Discovery", now=LATER
    )
    h = services.opportunity_move(
        handover=h, actor=rep, name="Acme — platform", amount=Decimal("42000"), now=LATER
    )
    deal = Deal.objects.get(pk=h.deal_id)
    assert (deal.name, deal.amount, deal.status, deal.owner) == (
        "Acme — platform",
        Decimal("42000.00"),
        "open",
        rep,
    )
    h = services.handover_close(handover=h, actor=rep, won=True, now=LATER)
    assert h.stage == "closed_won"
    deal.refresh_from_db()
    assert (deal.status, deal.closed_on) == ("won", dt.date(2026, 3, 2))
    assert events(h) == [
        ("propose", "", "proposed", "Julie"),
        ("accept", "proposed", "accepted", "Camille"),
        ("confirm_briefing", "accepted", "accepted", "Camille"),
        ("log_first_contact", "accepted", "approaching", "Camille"),
        ("log_meeting", "approaching", "approaching", "Camille"),
        ("move_to_opportunity", "approaching", "opportunity", "Camille"),
        ("close_won", "opportunity", "closed_won", "Camille"),
    ]
    assert set(pending(h)) == {"feedback_14", "feedback_30"}  # feedback outlives the stage
    # Marketing heard of the acceptance.
    assert Notification.objects.get(recipient=people["marketing"]).title == (
        "Camille User2 accepted Acme Industrie"
    )


def test_refusals_name_the_reason(people: Any, proposed: Handover) -> None:
    with pytest.raises(ConflictError) as exc:
        services.handover_close(handover=proposed, actor=people["rep"], won=True)
    assert exc.value.reason == "“Close won” is not possible at stage “Qualified by marketing”."
    assert exc.value.status_code == 409
    with pytest.raises(ForbiddenError) as forbidden:
        services.handover_accept(handover=proposed, actor=people["rep2"])
    assert forbidden.value.reason == "Your role does not allow you to accept this handover."
    with pytest.raises(ForbiddenError):
        services.handover_accept(handover=proposed, actor=people["leadership"])
    with pytest.raises(DomainError) as missing:
        services.handover_reject(handover=proposed, actor=people["rep"], reason=" ")
    assert missing.value.reason == "Please give a reason to reject this handover."
    proposed.refresh_from_db()
    assert proposed.stage == "proposed"
    assert events(proposed) == [("propose", "", "proposed", "Julie")]


def test_reject_with_reason(people: Any, proposed: Handover) -> None:
    h = services.handover_reject(handover=proposed, actor=people["manager"], reason="Too small")
    assert (h.stage, h.reject_reason) == ("rejected", "Too small")
    assert pending(h) == {}
    assert HandoverEvent.objects.get(action="reject").reason == "Too small"


def test_disqualify_then_nurture_or_archive(people: Any, proposed: Handover) -> None:
    h = services.handover_accept(handover=proposed, actor=people["rep"], now=LATER)
    with pytest.raises(DomainError, match="Pick a disqualification reason"):
        services.handover_disqualify(handover=h, actor=people["rep"], reason_code="bored")
    h = services.handover_disqualify(
        handover=h, actor=people["rep"], reason_code="no_budget", note="Frozen until 2027"
    )
    assert (h.stage, h.disqualify_reason) == ("disqualified", "no_budget")
    assert HandoverEvent.objects.get(action="disqualify").reason == "No budget — Frozen until 2027"
    assert set(pending(h)) == {"feedback_14", "feedback_30"}
    with pytest.raises(ForbiddenError):
        services.handover_return_to_nurture(handover=h, actor=people["rep"])
    h = services.handover_return_to_nurture(handover=h, actor=people["marketing"], note="Q1 2027")
    assert h.stage == "returned_to_nurture"
    assert Account.objects.get(pk=h.account_id).status == "nurture"
    # The account can be proposed again later.
    evaluate_again = services.handover_propose(
        actor=people["marketing"], account=h.account, note="Budget back", now=LATER
    )
    assert evaluate_again.stage == "proposed"


def test_archive_sets_the_account_archived(people: Any, proposed: Handover) -> None:
    h = services.handover_disqualify(
        handover=proposed, actor=people["manager"], reason_code="not_icp"
    )
    h = services.handover_archive(handover=h, actor=people["admin"])
    assert h.stage == "archived"
    assert Account.objects.get(pk=h.account_id).status == "archived"


def test_briefing_needs_a_15_minute_slot(people: Any, proposed: Handover) -> None:
    h = services.handover_accept(handover=proposed, actor=people["rep"])
    with pytest.raises(DomainError, match="15-minute slot"):
        services.briefing_confirm(
            handover=h, actor=people["rep"], at=timezone.make_aware(dt.datetime(2026, 3, 3, 9, 10))
        )


def test_opportunity_links_an_existing_deal(people: Any, proposed: Handover) -> None:
    rep = people["rep"]
    deal = Deal.objects.create(
        account=proposed.account,
        name="CRM deal",
        amount=Decimal(9000),
        stage="Qualif",
        created_on=dt.date(2026, 3, 1),
    )
    other = Deal.objects.create(
        account=make_account("Other"),
        name="x",
        amount=Decimal(1),
        stage="s",
        created_on=dt.date(2026, 3, 1),
    )
    h = services.handover_accept(handover=proposed, actor=rep)
    h = services.first_contact_log(handover=h, actor=rep, channel="email", on=dt.date(2026, 3, 2))
    with pytest.raises(DomainError, match="not one of the account"):
        services.opportunity_move(handover=h, actor=rep, deal_id=other.pk)
    h = services.opportunity_move(handover=h, actor=rep, deal_id=deal.pk)
    assert h.deal == deal
    h = services.handover_close(handover=h, actor=rep, won=False, reason="Price")
    deal.refresh_from_db()
    assert (h.stage, deal.status) == ("closed_lost", "lost")


def test_feedback_submit_once(people: Any, proposed: Handover) -> None:
    from baton.handovers.models import Feedback

    h = services.handover_accept(handover=proposed, actor=people["rep"], now=NOW)
    Feedback.objects.create(handover=h, checkpoint=14, requested_at=NOW)
    answers = {"qualification_right": "yes", "info_useful": "partly", "outcome": "meeting"}
    with pytest.raises(ForbiddenError):
        services.feedback_submit(handover=h, actor=people["rep2"], checkpoint=14, **answers)
    fb = services.feedback_submit(
        handover=h, actor=people["rep"], checkpoint=14, missing="Budget owner", **answers
    )
    assert (fb.qualification_right, fb.info_useful, fb.outcome, fb.missing) == (
        "yes",
        "partly",
        "meeting",
        "Budget owner",
    )
    assert "feedback_14" not in pending(h)
    with pytest.raises(ConflictError, match="already given"):
        services.feedback_submit(handover=h, actor=people["rep"], checkpoint=14, **answers)
    with pytest.raises(DomainError):
        services.feedback_submit(handover=h, actor=people["rep"], checkpoint=30, **answers)


def test_settings_update(people: Any) -> None:
    row = services.settings_update(
        actor=people["admin"], values={"support_days": 28, "business_hours": True}
    )
    assert (row.support_days, row.business_hours) == (28, True)
    with pytest.raises(DomainError, match="1 to 28"):
        services.settings_update(actor=people["admin"], values={"support_days": 29})
    with pytest.raises(ForbiddenError):
        services.settings_update(actor=people["manager"], values={"support_days": 20})
    assert AuditEvent.objects.filter(action="handover.settings_changed").count() == 1
