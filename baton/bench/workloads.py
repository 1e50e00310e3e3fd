"""The workloads: each times Baton's real code path and its raw baseline on the same data in
the same run, checks that they agree, and returns one result row."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from baton.bench import baselines, events
from baton.bench.floor import least_import, storage_floor
from baton.bench.measure import median_time, peak_rss_mb, reset_peak, timed
from baton.bench.sizes import INCREMENTAL_ACCOUNTS, INCREMENTAL_EVENTS, Sizes
from baton.bench.workspace import Workspace

Result = dict[str, Any]


@dataclass
class Run:
    sizes: Sizes
    workspace: Workspace
    now: dt.datetime
    tmp: Path
    skew: bool = False  # test hook: make the baselines wrong by one
    events_loaded: bool = False
    full_s: float | None = None  # qualify_full's Baton time, the incremental's baseline
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def one(self) -> int:
        return 1 if self.skew else 0


def result(
    name: str, run: Run, *, baton_s: float, baseline_s: float, reps: int, agree: bool,
    goal: str, goal_met: bool, **details: Any,
) -> Result:  # fmt: skip
    return {
        "name": name,
        "size": run.sizes.as_json(),
        # To the microsecond: a warm read takes a fraction of a millisecond, and the growth
        # exponents are fitted on these printed times.
        "baton_s": round(baton_s, 6),
        "baseline_s": round(baseline_s, 6),
        "speed_ratio": round(baseline_s / baton_s, 3) if baton_s else None,
        "peak_rss_mb": peak_rss_mb(),
        "repetitions": reps,
        "agree": agree,
        "goal": goal,
        "goal_met": goal_met,
        **details,
    }


# == ingest ==


def ingest(run: Run) -> Result:
    from baton.core.importing import registry
    from baton.core.importing.runner import run_import
    from baton.engagement.models import Interaction

    path = run.tmp / "events.csv"
    rows = events.write_csv(
        path,
        events.generate(
            count=run.sizes.events, seed=run.sizes.seed, accounts=run.sizes.accounts, now=run.now
        ),
    )
    importer = registry.importer_class("interactions")(actor=None)
    reset_peak()
    # The command's path, commit included (on PostgreSQL the deferred foreign-key checks of
    # every new row run at COMMIT). The first commit hook marks the end of the commit; the
    # import's own hooks (statistics, requalification) run after it and are timed apart.
    committed: list[float] = []
    with transaction.atomic():
        transaction.on_commit(lambda: committed.append(time.perf_counter()))
        started = time.perf_counter()
        summary = run_import(importer, path, encoding="utf-8")
    finished = time.perf_counter()
    import_s = committed[0] - started
    requalify_s = finished - committed[0]
    peak = peak_rss_mb()
    stored = Interaction.objects.count()
    baseline_s, raw_stored = timed(lambda: baselines.ingest(path))
    floor = storage_floor()
    # SQLite only: on PostgreSQL Baton streams through COPY, so it would bound nothing there.
    least = least_import(path) if vendor() == "sqlite" else None
    raw_stored += run.one
    run.events_loaded = True
    counts = {
        "created": summary.created,
        "unmatched": summary.extra.get("unmatched", 0),
        "skipped_duplicates": summary.extra.get("skipped_duplicates", 0),
        "rejected": summary.rejected,
    }
    agree = (
        stored == raw_stored
        and counts["created"] + counts["unmatched"] == raw_stored
        and counts["rejected"] == 0
        and counts["created"] + counts["unmatched"] + counts["skipped_duplicates"] == rows
        and floor.rows == stored
        and (least is None or least.rows == stored)
    )
    ratio = baseline_s / import_s if import_s else 0
    out = result(
        "ingest", run, baton_s=import_s, baseline_s=baseline_s, reps=1, agree=agree,
        goal="speed_ratio >= 0.5 and peak_rss_mb <= 500 (at 1M events)",
        goal_met=ratio >= 0.5 and peak <= 500,
        rows=rows, baton_counts=counts, baseline_stored=raw_stored,
        requalify_after_import_s=round(requalify_s, 3),
        command_total_s=round(import_s + requalify_s, 3),
        storage_floor_s=round(floor.seconds, 3),
        least_import_s=round(least.seconds, 6) if least else None,
        least_import_ratio=round(baseline_s / least.seconds, 3) if least else None,
    )  # fmt: skip
    out["peak_rss_mb"] = peak
    return out


def ensure_events(run: Run) -> None:
    """Runs without ``ingest`` load the same events directly (untimed)."""
    if run.events_loaded:
        return
    events.load_raw(
        run.workspace,
        events.generate(
            count=run.sizes.events, seed=run.sizes.seed, accounts=run.sizes.accounts, now=run.now
        ),
    )
    run.events_loaded = True


# == qualification ==


def _rules() -> Any:
    from baton.qualification.services import ensure_active_rule_set, parse_config

    return parse_config(ensure_active_rule_set().config)


def _baton_facts(rules: Any, now: dt.datetime, ids: list[int] | None) -> dict[int, Any]:
    from baton.qualification.facts import gather_facts

    facts = gather_facts(rules=rules, now=now, account_ids=ids)
    return {
        pk: (
            pk, f.significant_count, tuple(t.kind for t in f.key_pages),
            f.emails_sent, f.emails_opened,
        )
        for pk, f in facts.items()
    }  # fmt: skip


def _engaged_stored(ids: list[int] | None) -> set[int]:
    from baton.qualification.models import Evaluation

    qs = Evaluation.objects.filter(is_latest=True, engaged=True)
    if ids is not None:
        qs = qs.filter(account_id__in=ids)
    return set(qs.values_list("account_id", flat=True))


def _forget_evaluations() -> None:
    """Back to "never judged" (untimed), so that every repetition writes every verdict."""
    from baton.accounts.models import Account
    from baton.core.models import AuditEvent
    from baton.qualification.models import Evaluation, QualificationRun

    Evaluation.objects.all().delete()
    QualificationRun.objects.all().delete()
    AuditEvent.objects.filter(action="qualification.level_changed").delete()
    Account.objects.update(level="cold", score=None)


def _compare(baton: dict[int, Any], raw: dict[int, Any], rules: Any) -> tuple[bool, int]:
    """Same rows, and the stored verdicts' ``engaged`` flag follows the same counts."""
    mismatches = sum(1 for pk, row in raw.items() if baton.get(pk) != row)
    mismatches += len(set(baton) - set(raw))
    return mismatches == 0, mismatches


def qualify_full(run: Run) -> Result:
    from baton.qualification.services import evaluate_accounts

    ensure_events(run)
    rules = _rules()
    reset_peak()
    baton_s, reps, counts = median_time(
        lambda: evaluate_accounts(now=run.now), reset=_forget_evaluations
    )
    run.full_s = baton_s
    # The baseline follows the same rule on its own: repeated only when a run is short.
    baseline_s, baseline_reps, raw = median_time(
        lambda: baselines.qualification(rules=rules, now=run.now)
    )
    if run.skew:
        first = next(iter(raw))
        row = raw[first]
        raw[first] = (row[0], row[1] + 1, *row[2:])
    baton = _baton_facts(rules, run.now, None)
    same, mismatches = _compare(baton, raw, rules)
    engaged = {pk for pk, row in raw.items() if row[1] >= rules.engagement.min_interactions}
    agree = same and engaged == _engaged_stored(None) and counts.evaluated == len(raw)
    ratio = baseline_s / baton_s if baton_s else 0
    return result(
        "qualify_full", run, baton_s=baton_s, baseline_s=baseline_s, reps=reps, agree=agree,
        goal="speed_ratio >= 0.5", goal_met=ratio >= 0.5,
        accounts=counts.evaluated, verdicts_written=counts.written, mismatches=mismatches,
        engaged=len(engaged), baseline_repetitions=baseline_reps,
    )  # fmt: skip


def qualify_incremental(run: Run) -> Result:
    import random

    from baton.qualification.services import evaluate_accounts, qualify_accounts

    ensure_events(run)
    rules = _rules()
    if run.full_s is None:  # the baseline is qualify_full's time
        full_s, _reps, _c = median_time(
            lambda: evaluate_accounts(now=run.now), reset=_forget_evaluations
        )
        run.full_s = full_s
    else:
        evaluate_accounts(now=run.now)  # every account judged before the new batch
    rng = random.Random(run.sizes.seed + 1)  # noqa: S311 (synthetic data)
    indexes = list(range(len(run.workspace.account_ids)))
    batch_no = 0
    touched: list[int] = []

    def new_batch() -> None:
        nonlocal batch_no, touched
        batch_no += 1
        chosen = rng.sample(indexes, min(INCREMENTAL_ACCOUNTS, len(indexes)))
        events.load_raw(
            run.workspace,
            events.generate(
                count=INCREMENTAL_EVENTS, seed=run.sizes.seed + 100 + batch_no,
                accounts=run.sizes.accounts, now=run.now, prefix=f"inc{batch_no}",
                only_accounts=chosen, days=30,
            ),
        )  # fmt: skip
        touched = sorted(run.workspace.account_ids[i] for i in chosen)

    reset_peak()
    baton_s, reps, counts = median_time(
        lambda: qualify_accounts(touched, run.now), reset=new_batch, reps=5
    )
    raw = baselines.qualification(rules=rules, now=run.now)
    raw_touched = {pk: raw[pk] for pk in touched}
    if run.skew:
        row = raw_touched[touched[0]]
        raw_touched[touched[0]] = (row[0], row[1] + 1, *row[2:])
    baton = _baton_facts(rules, run.now, touched)
    same, mismatches = _compare(baton, raw_touched, rules)
    engaged = {pk for pk, row in raw_touched.items() if row[1] >= rules.engagement.min_interactions}
    agree = same and engaged == _engaged_stored(touched)
    share = baton_s / run.full_s if run.full_s else 0
    return result(
        "qualify_incremental", run, baton_s=baton_s, baseline_s=run.full_s, reps=reps,
        agree=agree, goal="baton_s <= 2% of qualify_full (at 1M events)",
        goal_met=share <= 0.02, share_of_full=round(share, 4),
        batch_events=INCREMENTAL_EVENTS, accounts_touched=len(touched),
        verdicts_written=counts.written, mismatches=mismatches,
    )  # fmt: skip


# == metrics ==


def _dashboard_numbers(run: Run) -> tuple[Any, dict[str, Any]]:
    from baton.metrics import formulas as f
    from baton.metrics import selectors
    from baton.metrics.scope import Scope

    scope = Scope.make(f.quarter_of(run.workspace.today), as_of=run.workspace.today)
    board = selectors.dashboard(scope=scope, language="fr")
    numbers: dict[str, Any] = {card.definition.id: card.result.value for card in board.cards}
    numbers["funnel"] = dict(board.funnel)
    return board, numbers


def _baseline_numbers(run: Run) -> dict[str, Any]:
    from baton.metrics import definitions as d
    from baton.metrics import formulas as f

    period = f.quarter_of(run.workspace.today)
    out = baselines.metrics(
        rules=_rules().engagement,
        start=period.start,
        day=run.workspace.today,
        lookback=int(d.get(d.VELOCITY).params["lookback_days"]),
        min_assets=int(d.get(d.INFLUENCE).params["min_assets"]),
    )
    if run.skew:
        out["funnel"]["targets"] += 1
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a.quantize(Decimal("0.000001")) == b.quantize(Decimal("0.000001"))
    return bool(a == b)


def _metrics_agree(baton: dict[str, Any], raw: dict[str, Any]) -> tuple[bool, list[str]]:
    differ = [k for k in raw if not _same(baton.get(k), raw[k])]
    return not differ, differ


def _metrics(run: Run, name: str, goal: str, check: Any, reset: Any = None) -> Result:
    reset_peak()
    baton_s, reps, (_board, numbers) = median_time(lambda: _dashboard_numbers(run), reset=reset)
    # Repeated only when short, like Baton's run (the raw SQL takes ~35 s at 1M on SQLite).
    baseline_s, baseline_reps, raw = median_time(lambda: _baseline_numbers(run))
    agree, differ = _metrics_agree(numbers, raw)
    return result(
        name, run, baton_s=baton_s, baseline_s=baseline_s, reps=reps, agree=agree,
        goal=goal, goal_met=check(baton_s, baseline_s),
        numbers={k: _text(v) for k, v in numbers.items()}, differ=differ,
        baseline_repetitions=baseline_reps,
    )  # fmt: skip


def _text(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.0001")))
    return value


def metrics_cold(run: Run) -> Result:
    from baton.metrics.models import DashboardSnapshot, MetricSnapshot

    def no_snapshot() -> None:  # every repetition computes live
        DashboardSnapshot.objects.all().delete()

    ensure_events(run)
    MetricSnapshot.objects.all().delete()
    return _metrics(
        run, "metrics_cold", "speed_ratio >= 0.5", lambda b, r: b > 0 and r / b >= 0.5,
        reset=no_snapshot,
    )  # fmt: skip


def metrics_warm(run: Run) -> Result:
    from baton.metrics import formulas as f
    from baton.metrics.services import dashboard_refresh, snapshot_week

    ensure_events(run)
    monday = f.week_start(run.workspace.today)
    for weeks_back in range(1, 14):
        snapshot_week(week_start=monday - dt.timedelta(days=7 * weeks_back), now=run.now)
    dashboard_refresh(now=run.now)  # what the worker does: the timed reads find the numbers
    return _metrics(run, "metrics_warm", "baton_s <= 0.050", lambda b, r: b <= 0.050)


def vendor() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


# == web ==


def web(run: Run, *, seconds: float) -> list[Result]:
    from baton.bench import web as w
    from baton.qualification.models import Evaluation
    from baton.qualification.services import evaluate_accounts

    ensure_events(run)
    if not Evaluation.objects.exists():
        evaluate_accounts(now=run.now)
    from baton.metrics.services import dashboard_refresh

    dashboard_refresh()  # as the worker beside the server does: the dashboard's numbers are kept
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # as a deployment does
    server = w.Server(run.tmp)
    try:
        cookie = server.login()
        # Correctness: each page answers 200 to the logged-in user (twice: both workers warm).
        answers = {path: [server.get(path, cookie=cookie)[0] for _ in range(2)]
                   for _name, path, _goal in w.PAGES}  # fmt: skip
        health = w.drive(server, w.HEALTH, cookie="", seconds=seconds)
        loads = [(name, w.drive(server, path, cookie=cookie, seconds=seconds), goal)
                 for name, path, goal in w.PAGES]  # fmt: skip
        peak = server.worker_peak_mb()
    finally:
        server.stop()
    out = []
    for name, load, share in loads:
        ratio = load.rps / health.rps if health.rps else 0.0
        goal = "0 errors under load" + (f" and rps >= {share:.0%} of /healthz" if share else "")
        res = result(
            name, run,
            baton_s=1 / load.rps if load.rps else float(seconds),
            baseline_s=1 / health.rps if health.rps else float(seconds),
            reps=1, agree=answers[load.path] == [200, 200], goal=goal,
            goal_met=load.errors == 0 and (share is None or ratio >= share),
            load=load.as_json(), health=health.as_json(), duration_s=seconds,
            client_threads=w.THREADS, gunicorn_workers=2,
        )  # fmt: skip
        res["peak_rss_mb"] = peak
        out.append(res)
    return out
