"""Reads of the qualification app: latest verdicts, queues, history, rule sets, the preview."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from baton.accounts.models import Account, AccountStatus
from baton.core.errors import NotFoundError
from baton.handovers.states import HOLDING_STATES
from baton.qualification import rules as qr
from baton.qualification.defaults import DEFAULT_CONFIG
from baton.qualification.facts import gather_facts
from baton.qualification.models import Evaluation, RuleSet, RuleSetStatus


def latest_evaluation(account: Account | int) -> Evaluation | None:
    """The current verdict on ``account`` (with its rule set), or None if never judged."""
    account_id = account if isinstance(account, int) else account.pk
    return (
        Evaluation.objects.select_related("rule_set")
        .filter(account_id=account_id, is_latest=True)
        .first()
    )


def evaluation_history(*, account: Account) -> QuerySet[Evaluation]:
    """Every verdict on ``account``, newest first (R-2.6)."""
    return (
        Evaluation.objects.select_related("rule_set")
        .filter(account=account)
        .order_by("-evaluated_at", "-id")
    )


def _current() -> QuerySet[Evaluation]:
    return (
        Evaluation.objects.filter(is_latest=True)
        .exclude(account__status=AccountStatus.ARCHIVED)
        .select_related("account", "rule_set")
    )


def _to_hand_over() -> QuerySet[Evaluation]:
    """Current verdicts of accounts not already held by a handover (proposed … opportunity, or
    disqualified awaiting marketing's decision): those are on the board, not in the queues."""
    held = sorted(state.value for state in HOLDING_STATES)
    return _current().exclude(account__handovers__stage__in=held)


def ready_queue() -> QuerySet[Evaluation]:
    """Accounts that pass the whole checklist, newest buying signal first."""
    return _to_hand_over().filter(ready=True).order_by("-last_signal_on", "-score", "id")


def borderline_queue() -> QuerySet[Evaluation]:
    """Accounts that pass four lines of five (the failing line is in ``failing``)."""
    return (
        _to_hand_over()
        .filter(borderline=True)
        .order_by(F("last_signal_on").desc(nulls_last=True), "-score", "id")
    )


def engaged_accounts() -> QuerySet[Evaluation]:
    """Engaged accounts (R-2.2), highest score first."""
    return _current().filter(engaged=True).order_by("-score", "id")


@dataclass(frozen=True)
class EngagedSummary:
    engaged_targets: int
    targets: int
    engaged: int  # every engaged account, targets or not (the length of the list)


def engaged_summary() -> EngagedSummary:
    """ "N of M target accounts engaged" (R-4.1 metric 1), and how many are engaged in all:
    both counts from one pass over the current verdicts."""
    targets = Account.objects.filter(is_target=True).exclude(status=AccountStatus.ARCHIVED)
    counts = (
        _current()
        .filter(engaged=True)
        .aggregate(
            engaged=Count("id"), engaged_targets=Count("id", filter=Q(account__is_target=True))
        )
    )
    return EngagedSummary(
        engaged_targets=counts["engaged_targets"],
        targets=targets.count(),
        engaged=counts["engaged"],
    )


def rule_sets() -> QuerySet[RuleSet]:
    return RuleSet.objects.select_related("created_by").order_by("-version")


def active_rule_set() -> RuleSet | None:
    return RuleSet.objects.filter(status=RuleSetStatus.ACTIVE).first()


def rule_set_get(pk: int) -> RuleSet:
    found = RuleSet.objects.filter(pk=pk).first()
    if found is None:
        raise NotFoundError(f"no rule set with id {pk}")
    return found


def account_get(pk: int) -> Account:
    found = Account.objects.filter(pk=pk).first()
    if found is None:
        raise NotFoundError(f"no account with id {pk}")
    return found


# ---------------------------------------------------------------- "what would change"


@dataclass(frozen=True)
class Outcome:
    ready: bool
    engaged: bool
    level: str
    score: int


@dataclass(frozen=True)
class PreviewChange:
    account_id: int
    account_name: str
    before: Outcome
    after: Outcome


@dataclass(frozen=True)
class PreviewDiff:
    active_version: int | None
    draft_version: int
    accounts: int
    ready_before: int
    ready_after: int
    engaged_before: int
    engaged_after: int
    gains_ready: int
    loses_ready: int
    gains_engaged: int
    loses_engaged: int
    level_up: int
    level_down: int
    changes: list[PreviewChange] = field(default_factory=list)


def _outcomes(rules: qr.RuleSet, now: dt.datetime) -> dict[int, Outcome]:
    out: dict[int, Outcome] = {}
    judge = qr.Judge(rules)
    for account_id, facts in gather_facts(rules=rules, now=now).items():
        v = judge.evaluate(facts)
        out[account_id] = Outcome(v.ready, v.engaged, v.level, v.score)
    return out


def preview_rule_set(*, draft: RuleSet, now: dt.datetime | None = None) -> PreviewDiff:
    """What would change on every account if ``draft`` replaced the active rules, judged on the
    same facts as of ``now``. Writes nothing. ``changes`` lists the accounts whose readiness,
    engagement or level would change, by name."""
    now = now or timezone.now()
    active = active_rule_set()
    active_rules = qr.parse_rule_set(active.config if active else DEFAULT_CONFIG)
    before = _outcomes(active_rules, now)
    after = _outcomes(qr.parse_rule_set(draft.config), now)
    names = dict(Account.objects.values_list("id", "name"))
    rank = {level: i for i, level in enumerate(qr.LEVELS)}
    changes: list[PreviewChange] = []
    counts = dict.fromkeys(("gr", "lr", "ge", "le", "up", "down"), 0)
    for account_id, b in before.items():
        a = after[account_id]
        counts["gr"] += a.ready and not b.ready
        counts["lr"] += b.ready and not a.ready
        counts["ge"] += a.engaged and not b.engaged
        counts["le"] += b.engaged and not a.engaged
        counts["up"] += rank[a.level] > rank[b.level]
        counts["down"] += rank[a.level] < rank[b.level]
        if (a.ready, a.engaged, a.level) != (b.ready, b.engaged, b.level):
            changes.append(PreviewChange(account_id, names.get(account_id, ""), b, a))
    changes.sort(key=lambda c: (c.account_name.casefold(), c.account_id))
    return PreviewDiff(
        active_version=active.version if active else None,
        draft_version=draft.version,
        accounts=len(before),
        ready_before=sum(o.ready for o in before.values()),
        ready_after=sum(o.ready for o in after.values()),
        engaged_before=sum(o.engaged for o in before.values()),
        engaged_after=sum(o.engaged for o in after.values()),
        gains_ready=counts["gr"],
        loses_ready=counts["lr"],
        gains_engaged=counts["ge"],
        loses_engaged=counts["le"],
        level_up=counts["up"],
        level_down=counts["down"],
        changes=changes,
    )
