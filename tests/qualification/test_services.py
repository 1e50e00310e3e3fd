"""Evaluations: what is written and when, incremental recompute, rule versions, the preview."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from baton.accounts.models import Account
from baton.core.errors import ConflictError, DomainError, ForbiddenError
from baton.core.models import AuditEvent
from baton.qualification import rules as qr
from baton.qualification import selectors, services
from baton.qualification.defaults import DEFAULT_CONFIG
from baton.qualification.models import Evaluation, QualificationRun, RuleSet, RuleSetStatus
from tests.qualification.conftest import NOW, account, context, ready_account, touch

pytestmark = pytest.mark.django_db


def config(**sections: dict[str, Any]) -> dict[str, Any]:
    cfg = copy.deepcopy(DEFAULT_CONFIG)
    for name, values in sections.items():
        cfg[name].update(values)
    return cfg


def test_default_rule_set_is_version_1_from_the_migration() -> None:
    from django.apps import apps

    from tests.qualification.conftest import default_rule_set_migration

    RuleSet.objects.all().delete()
    default_rule_set_migration().create(apps, None)
    active = RuleSet.objects.get(status=RuleSetStatus.ACTIVE)
    assert active.version == 1
    assert active.config == qr.rule_set_to_config(qr.parse_rule_set(DEFAULT_CONFIG))


def test_active_rule_set_is_created_lazily_on_an_empty_database() -> None:
    RuleSet.objects.all().delete()
    assert services.ensure_active_rule_set().version == 1
    assert RuleSet.objects.count() == 1


def test_only_one_active_rule_set() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RuleSet.objects.create(version=99, config={}, status=RuleSetStatus.ACTIVE)


def test_first_evaluation_writes_verdicts_levels_and_audit() -> None:
    ready = ready_account("Ready")
    cold = account("Cold", size_band="1-10")
    counts = services.evaluate_accounts(now=NOW)
    assert counts == services.EvaluationCounts(2, 2, 1, 1)
    ev = selectors.latest_evaluation(ready)
    assert ev is not None
    assert (ev.ready, ev.borderline, ev.engaged, ev.level, ev.score) == (
        True,
        False,
        True,
        "warm",
        35,
    )
    assert ev.rule_set.version == 1
    assert ev.last_signal_on == dt.date(2026, 3, 26)
    assert [line["code"] for line in ev.lines] == list(qr.LINES)
    ready.refresh_from_db()
    cold.refresh_from_db()
    assert (ready.level, ready.score) == ("warm", 35)
    assert (cold.level, cold.score) == ("cold", 0)
    audit = AuditEvent.objects.get(action="qualification.level_changed")
    assert (audit.target_id, audit.changes) == (
        str(ready.pk),
        {"level": ["cold", "warm"], "score": [None, 35]},
    )
    run = QualificationRun.objects.get()
    assert (run.kind, run.accounts, run.written, run.level_changes) == ("full", 2, 2, 1)


def test_unchanged_inputs_write_nothing() -> None:
    ready_account()
    services.evaluate_accounts(now=NOW)
    again = services.evaluate_accounts(now=NOW + dt.timedelta(hours=2))
    assert (again.evaluated, again.written) == (1, 0)
    assert Evaluation.objects.count() == 1


def test_incremental_recompute_touches_only_the_given_accounts() -> None:
    a = account("A")
    b = account("B")
    touch(a, "meeting", 3)
    touch(b, "meeting", 3)
    services.evaluate_accounts(now=NOW)
    b_before = selectors.latest_evaluation(b)
    touch(a, "meeting", 1)
    touch(b, "meeting", 1)  # arrived too, but not reported: B stays as it was
    counts = services.qualify_accounts([a.pk], NOW)
    assert (counts.evaluated, counts.written) == (1, 1)
    assert Evaluation.objects.filter(account=a).count() == 2
    assert (
        Evaluation.objects.filter(account=a, is_latest=True)
        .get()
        .lines[1]["notes"][0]["params"]["count"]
        == 2
    )
    assert selectors.latest_evaluation(b) == b_before
    assert Evaluation.objects.filter(account=b).count() == 1
    assert QualificationRun.objects.filter(kind="incremental").count() == 1


def test_incremental_with_nothing_new_writes_no_run() -> None:
    a = account("A")
    services.evaluate_accounts(now=NOW)
    assert services.qualify_accounts([a.pk], NOW).written == 0
    assert services.qualify_accounts([], NOW).evaluated == 0
    assert QualificationRun.objects.filter(kind="incremental").count() == 0


def test_sliding_window_drops_an_account_out_of_engaged() -> None:
    acc = ready_account()  # significant interactions 19, 17 and 11 days ago
    services.evaluate_accounts(now=NOW)
    # the oldest is at day 30: still in, same facts, nothing new to record
    assert services.evaluate_accounts(now=NOW + dt.timedelta(days=11)).written == 0
    assert selectors.latest_evaluation(acc).engaged is True
    services.evaluate_accounts(now=NOW + dt.timedelta(days=12))  # day 31: out
    latest = selectors.latest_evaluation(acc)
    assert (latest.engaged, latest.ready, latest.borderline) == (False, False, True)
    assert list(Evaluation.objects.filter(account=acc).values_list("engaged", flat=True)) == [
        False,
        True,
    ]


def test_rule_change_judges_every_account_under_the_new_version(users: dict[str, Any]) -> None:
    a = ready_account("A")
    b = account("B")
    services.evaluate_accounts(now=NOW)
    draft = services.rule_set_create_draft(
        actor=users["admin"], config=config(engagement={"min_interactions": 4}), note="Stricter"
    )
    assert (draft.version, draft.status) == (2, "draft")
    result = services.rule_set_activate(
        actor=users["admin"], rule_set=draft, now=NOW, recompute_inline=True
    )
    assert result.previous_version == 1
    assert result.recompute == services.EvaluationCounts(2, 2, 1, 2)
    for acc in (a, b):
        assert selectors.latest_evaluation(acc).rule_set.version == 2
        assert Evaluation.objects.filter(account=acc).count() == 2
    assert selectors.latest_evaluation(a).ready is False
    assert list(RuleSet.objects.values_list("version", "status")) == [(2, "active"), (1, "retired")]
    assert AuditEvent.objects.filter(
        action="qualification.rule_set_activated", target_id=str(draft.pk)
    ).exists()


def test_activation_can_leave_the_recompute_to_the_worker(users: dict[str, Any]) -> None:
    from baton.qualification.tasks import recompute_sweep

    ready_account()
    services.evaluate_accounts(now=NOW)
    draft = services.rule_set_create_draft(
        actor=users["admin"], config=config(levels={"hot": 35, "warm": 20})
    )
    result = services.rule_set_activate(
        actor=users["admin"], rule_set=draft, now=NOW, recompute_inline=False
    )
    assert result.recompute is None
    assert recompute_sweep(NOW) == 1
    assert recompute_sweep(NOW) == 0
    assert Account.objects.get().level == "hot"


def test_sweeper_runs_once_a_day() -> None:
    from baton.qualification.tasks import recompute_sweep

    account()
    assert recompute_sweep(NOW) == 1
    assert recompute_sweep(NOW + dt.timedelta(hours=3)) == 0
    assert recompute_sweep(NOW + dt.timedelta(days=1)) == 1


def test_worker_registry_has_the_sweeper() -> None:
    from baton.core import worker
    from baton.qualification import tasks

    assert worker.registered()["qualification.recompute"] is tasks.recompute_sweep


@pytest.mark.parametrize("role", ["marketing", "sales_rep", "sales_manager", "leadership"])
def test_only_admins_edit_rules(users: dict[str, Any], role: str) -> None:
    with pytest.raises(ForbiddenError):
        services.rule_set_create_draft(actor=users[role], config=DEFAULT_CONFIG)
    draft = services.rule_set_create_draft(actor=users["admin"], config=DEFAULT_CONFIG)
    with pytest.raises(ForbiddenError):
        services.rule_set_activate(actor=users[role], rule_set=draft, recompute_inline=True)
    assert list(RuleSet.objects.values_list("version", "status")) == [(2, "draft"), (1, "active")]


def test_invalid_draft_names_the_field(users: dict[str, Any]) -> None:
    with pytest.raises(DomainError) as exc:
        services.rule_set_create_draft(
            actor=users["admin"], config=config(engagement={"window_days": 0})
        )
    assert exc.value.field == "engagement.window_days"
    assert RuleSet.objects.count() == 1


def test_only_drafts_activate(users: dict[str, Any]) -> None:
    active = RuleSet.objects.get(status="active")
    with pytest.raises(ConflictError):
        services.rule_set_activate(actor=users["admin"], rule_set=active, recompute_inline=True)


def test_preview_is_exact_and_writes_nothing(users: dict[str, Any]) -> None:
    a = ready_account("Alpha")  # ready, 3 interactions
    b = account("Bravo")  # 2 interactions: engaged only when 2 are enough
    touch(b, "meeting", 2)
    touch(b, "email_reply", 3)
    c = account("Charlie")  # nothing
    context(c, timing="now")
    services.evaluate_accounts(now=NOW)
    draft = services.rule_set_create_draft(
        actor=users["admin"], config=config(engagement={"min_interactions": 2})
    )
    before = (Evaluation.objects.count(), RuleSet.objects.get(status="active").pk)
    diff = selectors.preview_rule_set(draft=draft, now=NOW)
    assert (Evaluation.objects.count(), RuleSet.objects.get(status="active").pk) == before
    assert (diff.active_version, diff.draft_version, diff.accounts) == (1, 2, 3)
    assert (diff.ready_before, diff.ready_after, diff.gains_ready, diff.loses_ready) == (1, 1, 0, 0)
    assert (diff.engaged_before, diff.engaged_after, diff.gains_engaged, diff.loses_engaged) == (
        1,
        2,
        1,
        0,
    )
    assert (diff.level_up, diff.level_down) == (0, 0)
    assert diff.changes == [
        selectors.PreviewChange(
            b.pk,
            "Bravo",
            selectors.Outcome(ready=False, engaged=False, level="cold", score=0),
            selectors.Outcome(ready=False, engaged=True, level="cold", score=10),
        )
    ]
    assert a.pk not in {c.account_id for c in diff.changes}


def test_queue_order_newest_signal_first() -> None:
    old = ready_account("Old", signal_days_ago=20)
    new = ready_account("New", signal_days_ago=1)
    mid = ready_account("Mid", signal_days_ago=8)
    ready_account("Archived", signal_days_ago=0, status="archived")
    services.evaluate_accounts(now=NOW)
    assert [e.account_id for e in selectors.ready_queue()] == [new.pk, mid.pk, old.pk]


def test_queues_leave_out_accounts_already_in_handover() -> None:
    from baton.handovers.models import Handover

    free = ready_account("Free", signal_days_ago=1)
    held = ready_account("Held", signal_days_ago=2)
    closed = ready_account("Closed before", signal_days_ago=3)
    services.evaluate_accounts(now=NOW)
    for acc, stage in ((held, "accepted"), (closed, "closed_lost")):
        Handover.objects.create(account=acc, stage=stage, proposed_at=NOW, last_action_at=NOW)
    assert [e.account_id for e in selectors.ready_queue()] == [free.pk, closed.pk]
    assert held.pk in {e.account_id for e in selectors.engaged_accounts()}


def test_many_batches_write_every_verdict_and_level_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 3 verdicts (and SQLite statements of 2 rows): each account ends with one
    latest verdict, its level and score follow it (set once, after every batch), and the
    verdicts equal those of a run in one batch."""
    accounts = [ready_account(f"Ready {i}") for i in range(4)]
    accounts += [account(f"Cold {i}", size_band="1-10") for i in range(4)]

    def verdicts() -> dict[int, tuple[Any, ...]]:
        return {
            ev.account_id: (ev.level, ev.score, ev.ready, ev.lines, ev.readiness, ev.breakdown)
            for ev in Evaluation.objects.filter(is_latest=True)
        }

    counts = services.evaluate_accounts(now=NOW)
    in_one_batch = verdicts()
    Evaluation.objects.all().delete()
    AuditEvent.objects.filter(action="qualification.level_changed").delete()
    Account.objects.update(level="cold", score=None)

    monkeypatch.setattr(services, "BATCH", 3)
    monkeypatch.setattr(services, "INSERT_ROWS", 2)
    assert services.evaluate_accounts(now=NOW) == counts == services.EvaluationCounts(8, 8, 4, 1)
    assert verdicts() == in_one_batch
    assert Evaluation.objects.count() == 8
    for acc in accounts:
        acc.refresh_from_db()
        assert (acc.level, acc.score) == in_one_batch[acc.pk][:2]
    changed = AuditEvent.objects.filter(action="qualification.level_changed")
    assert sorted(int(a.target_id) for a in changed) == [a.pk for a in accounts[:4]]
