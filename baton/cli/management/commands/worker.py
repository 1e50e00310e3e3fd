"""``baton worker``: deliver notifications and run every app's timers (see baton.core.worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baton.core import worker


class Command(BaseCommand):
    help = "Run the background worker (poll), or with --once until nothing is due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Process everything due, then exit."
        )
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds between polls (default 2)."
        )
        parser.add_argument(
            "--only",
            action="append",
            metavar="SWEEPER",
            help="Run only this sweeper (repeatable), e.g. --only notifications.outbox.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        modules = worker.load_tasks()
        if options["verbosity"] > 1:
            self.stdout.write("tasks: " + ", ".join(modules))
        only = options["only"]
        try:
            worker.registered(only)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["once"]:
            totals = worker.run_until_idle(only=only)
            summary = ", ".join(f"{name}={count}" for name, count in totals.items())
            self.stdout.write(f"done: {summary or 'no sweepers registered'}")
            return
        loop = worker.Loop(interval=options["interval"], only=only)
        loop.install_signal_handlers()
        loop.run()
