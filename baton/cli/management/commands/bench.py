"""``baton bench [ingest|qualify|metrics|web|all]``: Baton's code paths beside raw baselines.

Exit code 0 when every workload's numbers equal its baseline's (speed goals met or missed
are reported, never an error), 1 when a check fails (a fast wrong answer fails the bench).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baton.bench import runner
from baton.bench.report import table
from baton.bench.sizes import DEFAULT_ACCOUNTS, DEFAULT_DEALS, DEFAULT_EVENTS, QUICK, Sizes

SUPPRESS = "==SUPPRESS=="


class Command(BaseCommand):
    help = "Benchmark ingestion, qualification, metrics and pages against raw baselines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("workload", nargs="?", default="all", choices=list(runner.GROUPS))
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--accounts", type=int, help=f"default {DEFAULT_ACCOUNTS}")
        parser.add_argument("--events", type=int, help=f"default {DEFAULT_EVENTS}")
        parser.add_argument("--deals", type=int, help=f"default {DEFAULT_DEALS}")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--quick", action="store_true", help="small sizes (CI smoke test)")
        parser.add_argument(
            "--growth",
            default="",
            metavar="N,N,…",
            help="also run at these numbers of events (accounts and deals scaled alike) and "
            "fit the growth exponent, e.g. 100000,300000,1000000",
        )
        parser.add_argument("--web-seconds", type=float, help="load per page (5 s; quick 1 s)")
        parser.add_argument("--child", type=Path, help=SUPPRESS)
        parser.add_argument("--inject-baseline-error", action="store_true", help=SUPPRESS)

    def _sizes(self, options: dict[str, Any]) -> Sizes:
        quick = options["quick"]
        base = QUICK if quick else {}
        return Sizes(
            accounts=options["accounts"] or base.get("accounts", DEFAULT_ACCOUNTS),
            events=options["events"] or base.get("events", DEFAULT_EVENTS),
            deals=options["deals"] or base.get("deals", DEFAULT_DEALS),
            seed=options["seed"],
            quick=quick,
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sizes = self._sizes(options)
        web_seconds = options["web_seconds"] or (1.0 if sizes.quick else 5.0)
        names = runner.GROUPS[options["workload"]]
        if options["child"] is not None:
            runner.child(
                names=names,
                sizes=sizes,
                skew=options["inject_baseline_error"],
                web_seconds=web_seconds,
                out=options["child"],
                log=self._log,
            )
            return
        growth = [int(n) for n in options["growth"].split(",") if n.strip()]
        common = [options["workload"], "--seed", str(sizes.seed), "--web-seconds", str(web_seconds)]
        if sizes.quick:
            common.append("--quick")
        if options["inject_baseline_error"]:
            common.append("--inject-baseline-error")
        try:
            report = runner.run(
                [*common, *_size_args(sizes)],
                growth=[[*common, *_size_args(sizes.scaled(n))] for n in growth],
                log=self._log,
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(json.dumps(report, indent=2) if options["json"] else table(report))
        if not runner.all_agree(report):
            raise CommandError("Baton's numbers differ from the baselines'", returncode=1)

    def _log(self, message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)  # noqa: T201


def _size_args(sizes: Sizes) -> list[str]:
    return [
        "--accounts", str(sizes.accounts), "--events", str(sizes.events),
        "--deals", str(sizes.deals),
    ]  # fmt: skip
