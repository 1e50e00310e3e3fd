"""A full run and the incremental path store the same verdicts on the same data, and both
store exactly what the reference rules say on naively gathered facts."""

from __future__ import annotations

from typing import Any

import pytest

from baton.accounts.models import Account
from baton.core.models import AuditEvent
from baton.qualification import services
from baton.qualification.models import Evaluation
from tests.qualification import reference_rules as ref
from tests.qualification.conftest import NOW
from tests.qualification.test_facts import RULES, naive_facts, random_fixture
from tests.qualification.test_judge import as_reference

pytestmark = pytest.mark.django_db

FIELDS = (
    "account_id", "rule_set_id", "as_of", "inputs_digest", "ready", "borderline", "engaged",
    "level", "score", "passed_count", "failing", "last_signal_on", "lines", "readiness",
    "breakdown", "is_latest", "model_score", "model_version",
)  # fmt: skip


def stored() -> dict[int, tuple[Any, ...]]:
    rows = Evaluation.objects.filter(is_latest=True).values_list(*FIELDS)
    return {row[0]: row for row in rows}


def levels() -> dict[int, tuple[str, int | None]]:
    return {a.pk: (a.level, a.score) for a in Account.objects.all()}


def level_audits() -> list[tuple[str, Any, str]]:
    rows = AuditEvent.objects.filter(action="qualification.level_changed")
    return sorted(rows.values_list("target_id", "changes", "reason"))


def forget() -> None:
    Evaluation.objects.all().delete()
    AuditEvent.objects.filter(action="qualification.level_changed").delete()
    Account.objects.update(level="cold", score=None)


@pytest.mark.parametrize("seed", [11, 12])
def test_full_run_equals_incremental_runs(seed: int) -> None:
    accounts = random_fixture(seed, 30)
    full = services.evaluate_accounts(now=NOW)
    assert (full.evaluated, full.written) == (30, 30)
    after_full = (stored(), levels(), level_audits())

    forget()
    ids = [a.pk for a in accounts]
    first = services.qualify_accounts(ids[::2], NOW)
    second = services.qualify_accounts(ids[1::2], NOW)
    assert first.written + second.written == 30
    assert (stored(), levels(), level_audits()) == after_full
    assert services.evaluate_accounts(now=NOW).written == 0  # same digests


def test_stored_verdicts_equal_the_reference_rules() -> None:
    accounts = random_fixture(13, 30)
    services.evaluate_accounts(now=NOW)
    old_rules = ref.parse_rule_set(ref.rule_set_to_config(RULES))
    rows = {e.account_id: e for e in Evaluation.objects.filter(is_latest=True)}
    for acc in accounts:
        acc.refresh_from_db()
        facts = as_reference(naive_facts(acc, RULES, NOW))
        verdict = ref.evaluate(facts, old_rules)
        expected = ref.verdict_to_json(verdict)
        row = rows[acc.pk]
        assert (row.lines, row.readiness, row.breakdown) == (
            expected["lines"],
            expected["readiness"],
            expected["score"],
        )
        assert row.failing == list(verdict.failing)
        assert (row.level, row.score, row.engaged) == (
            verdict.level,
            verdict.score,
            verdict.engaged,
        )
        assert (row.ready, row.borderline, row.passed_count) == (
            verdict.ready,
            verdict.borderline,
            verdict.passed_count,
        )
        assert row.last_signal_on == verdict.last_signal_on
        assert row.inputs_digest == ref.facts_digest(facts)
        assert (acc.level, acc.score) == (verdict.level, verdict.score)
