"""``baton demo-data``: a deterministic, realistic demo workspace and its logins."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from baton.cli.demo.build import (
    DEFAULT_ACCOUNTS,
    DEFAULT_SEED,
    build_demo,
    demo_logins,
    workspace_has_accounts,
)
from baton.cli.demo.users import DEMO_PASSWORD, Login
from baton.core.errors import DomainError


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("expected a date as YYYY-MM-DD")) from exc


class Command(BaseCommand):
    help = (
        "Fill an empty workspace with a realistic demo (same seed and day, same data) "
        "and print the demo logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--accounts", type=int, default=DEFAULT_ACCOUNTS)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="If any account exists, create nothing; still print the logins.",
        )
        parser.add_argument(
            "--today",
            type=iso_date,
            default=None,
            help="The day the demo is built for (default: today).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today: date = options["today"] or timezone.localdate()
        if options["if_empty"] and workspace_has_accounts():
            self.stdout.write(_("The workspace already holds accounts: no demo data created."))
            self._logins(demo_logins())
            return
        try:
            summary = build_demo(seed=options["seed"], accounts=options["accounts"], today=today)
        except DomainError as exc:
            hint = _("run with --if-empty, or start from an empty database")
            raise CommandError(f"{exc.field}: {exc.reason} ({hint})") from exc
        self.stdout.write(
            _("Demo workspace built (seed %(seed)s, day %(today)s).")
            % {"seed": summary.seed, "today": summary.today.isoformat()}
        )
        labels = {
            "users": _("demo users"),
            "accounts": _("target accounts"),
            "domains": _("web domains"),
            "contacts": _("committee members"),
            "signals": _("buying signals"),
            "contexts": _("account contexts"),
            "pains": _("pains"),
            "projects": _("ongoing projects"),
            "assets": _("marketing assets"),
            "interactions": _("interactions"),
            "deals_open": _("open deals"),
            "deals_won": _("won deals"),
            "deals_lost": _("lost deals"),
            "costs": _("cost entries"),
            "evaluations": _("qualification verdicts"),
            "assignment_rules": _("assignment rules"),
            "handovers": _("handovers"),
            "deadlines_fired": _("deadlines fired"),
            "feedback_given": _("rep feedback given"),
            "targets": _("metric targets"),
            "snapshots": _("weekly metric snapshots"),
            "survey_answers": _("alignment survey answers"),
            "actions": _("corrective actions"),
            "blockers": _("blockers"),
        }
        width = max(len(str(label)) for label in labels.values())
        for key, count in summary.counts.items():
            self.stdout.write(f"  {labels.get(key, key):<{width}}  {count:>6}")
        self._logins(summary.logins)

    def _logins(self, logins: list[Login]) -> None:
        self.stdout.write("")
        self.stdout.write(_("Demo logins (one per role):"))
        header = (_("email"), _("name"), _("role"), _("language"), _("password"))
        rows = [header] + [
            (login.email, login.name, login.role, login.language, DEMO_PASSWORD) for login in logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        for row in rows:
            line = "  ".join(f"{cell:<{w}}" for cell, w in zip(row, widths, strict=True))
            self.stdout.write(f"  {line}".rstrip())
        if not all(login.created for login in logins):
            self.stdout.write(_("Users that already existed keep their current password."))
