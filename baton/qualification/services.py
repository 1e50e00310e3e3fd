"""Writes of the qualification app: evaluations (the only writer of Account.level/score) and
rule-set versions. Every change of state appends an audit row in its transaction."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib.util import find_spec
from itertools import islice
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from baton.accounts.models import Account
from baton.core.errors import ConflictError, DomainError, ForbiddenError
from baton.core.models import AuditEvent, record
from baton.core.permissions import can
from baton.core.roles import Perm
from baton.qualification import rules as qr
from baton.qualification.defaults import DEFAULT_CONFIG
from baton.qualification.facts import gather_facts
from baton.qualification.models import (
    Evaluation,
    QualificationRun,
    RuleSet,
    RuleSetStatus,
    RunKind,
)

logger = logging.getLogger(__name__)

BATCH = 2000


@dataclass(frozen=True)
class EvaluationCounts:
    """What a recompute did: accounts judged, new verdicts written, levels changed."""

    evaluated: int
    written: int
    level_changes: int
    rule_version: int


def parse_config(config: Mapping[str, Any]) -> qr.RuleSet:
    """The rule set of a stored or submitted configuration; bad input → DomainError(field)."""
    try:
        return qr.parse_rule_set(config)
    except qr.RuleSetError as exc:
        raise DomainError(exc.reason, field=exc.field) from exc


def ensure_active_rule_set() -> RuleSet:
    """The active rule set; version 1 from the defaults if none exists yet (fresh database)."""
    active = RuleSet.objects.filter(status=RuleSetStatus.ACTIVE).first()
    if active is not None:
        return active
    with transaction.atomic():
        next_version = (RuleSet.objects.aggregate(v=Max("version"))["v"] or 0) + 1
        active = RuleSet.objects.create(
            version=next_version,
            config=qr.rule_set_to_config(parse_config(DEFAULT_CONFIG)),
            status=RuleSetStatus.ACTIVE,
            note="Default rules from the seeds.",
            activated_at=timezone.now(),
        )
        record(actor=None, action="qualification.rule_set_activated", target=active)
    return active


def evaluate_accounts(
    *,
    now: dt.datetime | None = None,
    account_ids: Iterable[int] | None = None,
    rule_set: RuleSet | None = None,
) -> EvaluationCounts:
    """Judge accounts (all, or ``account_ids``) as of ``now`` and record what changed.

    A new Evaluation is written only for an account whose inputs digest or rule version differs
    from its latest verdict; the previous verdict stays in the history. Account.level/score
    follow in the same transaction, with an audit row when the level changes.
    """
    now = now or timezone.now()
    started = timezone.now()
    rule_set = rule_set or ensure_active_rule_set()
    rules = parse_config(rule_set.config)
    ids = None if account_ids is None else sorted(set(account_ids))
    facts = gather_facts(rules=rules, now=now, account_ids=ids)
    previous = _latest_keys(ids)

    judge = qr.Judge(rules)
    todo: list[tuple[int, str, qr.AccountFacts]] = []
    for account_id, account_facts in facts.items():
        digest = qr.facts_digest(account_facts)
        if previous.get(account_id) == (digest, rule_set.pk):
            continue
        todo.append((account_id, digest, account_facts))

    level_changes = 0
    changed: list[tuple[int, str, int]] = []
    with transaction.atomic():
        for i in range(0, len(todo), BATCH):
            level_changes += _write(
                todo[i : i + BATCH],
                judge=judge,
                rule_set=rule_set,
                now=now,
                at=started,
                changed=changed,
            )
        _update_levels(changed)
        if ids is not None and not todo:
            return EvaluationCounts(len(facts), 0, 0, rule_set.version)
        QualificationRun.objects.create(
            kind=RunKind.FULL if ids is None else RunKind.INCREMENTAL,
            rule_set=rule_set,
            as_of=now,
            started_at=started,
            finished_at=timezone.now(),
            accounts=len(facts),
            written=len(todo),
            level_changes=level_changes,
        )
    logger.info(
        "qualification v%s: %s accounts judged, %s new verdicts, %s level changes",
        rule_set.version,
        len(facts),
        len(todo),
        level_changes,
    )
    return EvaluationCounts(len(facts), len(todo), level_changes, rule_set.version)


def qualify_accounts(
    account_ids: Iterable[int], now: dt.datetime | None = None
) -> EvaluationCounts:
    """Incremental recompute for ingestion: only the accounts whose events just arrived."""
    ids = sorted({int(i) for i in account_ids if i is not None})
    if not ids:
        version = ensure_active_rule_set().version
        return EvaluationCounts(0, 0, 0, version)
    return evaluate_accounts(now=now, account_ids=ids)


def _latest_keys(ids: list[int] | None) -> dict[int, tuple[str, int]]:
    qs = Evaluation.objects.filter(is_latest=True)
    out: dict[int, tuple[str, int]] = {}
    if ids is None:
        rows: Iterable[tuple[int, str, int]] = qs.values_list(
            "account_id", "inputs_digest", "rule_set_id"
        )
        return {a: (d, r) for a, d, r in rows}
    for i in range(0, len(ids), 900):
        part = qs.filter(account_id__in=ids[i : i + 900])
        for a, d, r in part.values_list("account_id", "inputs_digest", "rule_set_id"):
            out[a] = (d, r)
    return out


def _write(
    batch: list[tuple[int, str, qr.AccountFacts]],
    *,
    judge: qr.Judge,
    rule_set: RuleSet,
    now: dt.datetime,
    at: dt.datetime,
    changed: list[tuple[int, str, int]],
) -> int:
    """Judge and write one batch of accounts whose verdict is due; return how many levels
    changed, and add to ``changed`` each account whose level or score must follow (the
    caller sets them once, after every batch). The verdicts are judged while their rows are
    written: on PostgreSQL the rows stream through ``COPY``, so the server stores one row
    while Python judges the next."""
    ids = [account_id for account_id, _d, _f in batch]
    accounts = _lock_levels(ids)
    _retire_latest(ids)
    audits: list[AuditEvent] = []
    ops = connection.ops
    evaluated_at = ops.adapt_datetimefield_value(at)
    as_of = ops.adapt_datetimefield_value(now)
    reason = f"rules v{rule_set.version}"
    all_lines = len(qr.LINES)

    def rows() -> Iterator[tuple[Any, ...]]:
        for account_id, digest, facts in batch:
            verdict = judge.evaluate(facts)
            stored = judge.stored(verdict)
            passed = verdict.passed_count
            yield (
                account_id,
                rule_set.pk,
                evaluated_at,
                as_of,
                digest,
                passed == all_lines,
                passed == all_lines - 1,
                verdict.engaged,
                verdict.level,
                verdict.score,
                passed,
                stored.failing,
                ops.adapt_datefield_value(verdict.last_signal_on),
                stored.lines,
                stored.readiness,
                stored.breakdown,
            )
            current = accounts.get(account_id)
            if current is None:
                continue
            level, score = current
            if level != verdict.level:
                audits.append(
                    AuditEvent(
                        action="qualification.level_changed",
                        target_type=Account._meta.label_lower,
                        target_id=str(account_id),
                        changes={"level": [level, verdict.level], "score": [score, verdict.score]},
                        reason=reason,
                    )
                )
            if level != verdict.level or score != verdict.score:
                changed.append((account_id, verdict.level, verdict.score))

    _insert_evaluations(rows())
    AuditEvent.objects.bulk_create(audits, batch_size=BATCH)
    return len(audits)


def _in(column: str, ids: list[int]) -> tuple[str, list[Any]]:
    """``column`` among ``ids``: ``= ANY(array)`` on PostgreSQL (one parameter, not thousands
    for the driver to interpolate), ``IN (…)`` on SQLite."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [ids]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _lock_levels(ids: list[int]) -> dict[int, tuple[str, int | None]]:
    """The accounts' current level and score, locked until the end of the transaction."""
    quote = connection.ops.quote_name
    where, params = _in(quote("id"), ids)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = (
        f"SELECT {quote('id')}, {quote('level')}, {quote('score')} "  # noqa: S608 - placeholders only
        f"FROM {quote(Account._meta.db_table)} WHERE {where} ORDER BY {quote('id')}{lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {pk: (level, score) for pk, level, score in cursor.fetchall()}


def _retire_latest(ids: list[int]) -> None:
    """The accounts' latest evaluations are latest no more (the new ones follow)."""
    quote = connection.ops.quote_name
    where, params = _in(quote("account_id"), ids)
    sql = (
        f"UPDATE {quote(Evaluation._meta.db_table)} SET {quote('is_latest')} = %s "  # noqa: S608 - placeholders only
        f"WHERE {quote('is_latest')} = %s AND {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [False, True, *params])


def _update_levels(changed: list[tuple[int, str, int]]) -> None:
    """Set each account's new level and score in one statement: ``UPDATE … FROM`` a list of
    (id, level, score) — three arrays on PostgreSQL (not a join on the evaluations just
    written: their statistics are not there yet, and the planner guesses badly), ``VALUES``
    by a few hundred on SQLite (≥ 3.33; a VALUES list's columns are column1, column2, …)."""
    if not changed:
        return
    quote = connection.ops.quote_name
    table = quote(Account._meta.db_table)
    sets = f"SET {quote('level')} = v.column2, {quote('score')} = v.column3"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} {sets} "
                "FROM unnest(%s::integer[], %s::text[], %s::integer[]) "
                "AS v(column1, column2, column3) "
                f"WHERE {table}.{quote('id')} = v.column1",
                [[c[0] for c in changed], [c[1] for c in changed], [c[2] for c in changed]],
            )
            return
        for i in range(0, len(changed), INSERT_ROWS):
            part = changed[i : i + INSERT_ROWS]
            values = ", ".join(["(%s, %s, %s)"] * len(part))
            cursor.execute(
                f"UPDATE {table} {sets} FROM (VALUES {values}) AS v "
                f"WHERE {table}.{quote('id')} = v.column1",
                [value for row in part for value in row],
            )


# The columns that ``_write`` fills, in its rows' order; the JSON ones hold JSON texts.
_COLUMNS = (
    "account_id",
    "rule_set_id",
    "evaluated_at",
    "as_of",
    "inputs_digest",
    "ready",
    "borderline",
    "engaged",
    "level",
    "score",
    "passed_count",
    "failing",
    "last_signal_on",
    "lines",
    "readiness",
    "breakdown",
)
INSERT_ROWS = 500  # rows per SQLite INSERT or UPDATE (x 18 or 3 parameters: under its limit)


def _insert_evaluations(rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert latest evaluations (``is_latest`` true, no model score) from ready-made values:
    the verdicts' JSON is already text (``Judge.stored``), so the rows skip the model layer
    (the costliest part of writing thousands of verdicts). PostgreSQL: ``COPY``, each row sent
    as it comes; SQLite: multi-row INSERTs."""
    quote = connection.ops.quote_name
    table = quote(Evaluation._meta.db_table)
    names = ", ".join(quote(name) for name in (*_COLUMNS, "is_latest", "model_version"))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, True, ""))
            return
        one = f"({', '.join(['%s'] * (len(_COLUMNS) + 2))})"
        pending = iter(rows)
        while part := list(islice(pending, INSERT_ROWS)):
            values = ", ".join([one] * len(part))
            sql = f"INSERT INTO {table} ({names}) VALUES {values}"  # noqa: S608 - placeholders only
            cursor.execute(sql, [value for row in part for value in (*row, True, "")])


# ---------------------------------------------------------------- rule sets


def _check_configure(actor: Any) -> None:
    if not can(actor, Perm.CONFIGURE):
        raise ForbiddenError("your role does not allow changing the qualification rules")


def rule_set_create_draft(*, actor: Any, config: Mapping[str, Any], note: str = "") -> RuleSet:
    """A new draft version from ``config`` (validated, stored in canonical form)."""
    _check_configure(actor)
    rules = parse_config(config)
    with transaction.atomic():
        ensure_active_rule_set()
        last = RuleSet.objects.select_for_update().order_by("-version").first()
        draft = RuleSet.objects.create(
            version=(last.version if last else 0) + 1,
            config=qr.rule_set_to_config(rules),
            status=RuleSetStatus.DRAFT,
            note=note.strip(),
            created_by=actor,
        )
        record(actor=actor, action="qualification.rule_set_drafted", target=draft, reason=note)
    return draft


@dataclass(frozen=True)
class Activation:
    rule_set: RuleSet
    previous_version: int | None
    recompute: EvaluationCounts | None  # None: left to the worker's sweeper


def worker_available() -> bool:
    """Whether the background worker exists in this build (it then runs the full recompute)."""
    return find_spec("baton.core.worker") is not None


def rule_set_activate(
    *,
    actor: Any,
    rule_set: RuleSet,
    now: dt.datetime | None = None,
    recompute_inline: bool | None = None,
) -> Activation:
    """Make a draft the active version (the previous one retires), then re-judge every account:
    inline, or in the worker when there is one (``recompute_inline=None``)."""
    _check_configure(actor)
    now = now or timezone.now()
    with transaction.atomic():
        draft = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
        if draft.status != RuleSetStatus.DRAFT:
            raise ConflictError(f"version {draft.version} is {draft.status}, not a draft")
        parse_config(draft.config)
        previous = RuleSet.objects.select_for_update().filter(status=RuleSetStatus.ACTIVE).first()
        if previous is not None:
            previous.status = RuleSetStatus.RETIRED
            previous.retired_at = now
            previous.save(update_fields=["status", "retired_at"])
        draft.status = RuleSetStatus.ACTIVE
        draft.activated_at = now
        draft.save(update_fields=["status", "activated_at"])
        record(
            actor=actor,
            action="qualification.rule_set_activated",
            target=draft,
            changes={"version": [previous.version if previous else None, draft.version]},
        )
    inline = (not worker_available()) if recompute_inline is None else recompute_inline
    counts = evaluate_accounts(now=now, rule_set=draft) if inline else None
    return Activation(draft, previous.version if previous else None, counts)
