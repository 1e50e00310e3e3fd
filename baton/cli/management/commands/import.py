# noqa: N999  (Django names a command after its module: `baton import` lives in import.py)
"""``baton import KIND FILE``: import accounts, contacts (and later kinds) from CSV or XLSX.

Exit code 0 when the file was read (even with rejected rows, listed with their line), 2 when
the file itself is unusable (the reason on stderr; nothing was written).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from baton.core.importing import registry
from baton.core.importing.errors import ImportFileError
from baton.core.importing.mapping import parse_map_args
from baton.core.importing.runner import run_import
from baton.users.models import User


class Command(BaseCommand):
    help = "Import a CSV or XLSX file: accounts or contacts (the buying committee)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=registry.kinds(), help="what the file holds")
        parser.add_argument("file", type=Path, help="a .csv or .xlsx file")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="SRC=DEST",
            help='map a column of the file to a Baton field, e.g. --map "Raison sociale=name"; '
            "SRC= ignores the column",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count everything, save nothing"
        )
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")
        parser.add_argument(
            "--as",
            dest="actor",
            metavar="EMAIL",
            help="the user recorded in the audit trail (default: the system)",
        )
        parser.add_argument(
            "--encoding", default="utf-8", help="encoding of a CSV file (default utf-8; cp1252)"
        )
        parser.add_argument(
            "--language", default="en", choices=["en", "fr"], help="language of the report"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._run(options)

    def _actor(self, email: str | None) -> User | None:
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user with the email {email}", returncode=2)
        return user

    def _run(self, options: dict[str, Any]) -> None:
        actor = self._actor(options["actor"])
        importer = registry.importer_class(options["kind"])(actor=actor)
        show_bar = not options["json"] and not options["no_progress"] and sys.stderr.isatty()
        bar: Any = None

        def on_start(total: int | None) -> None:
            nonlocal bar
            if show_bar:
                from tqdm import tqdm

                bar = tqdm(total=total, unit=" rows", file=sys.stderr, mininterval=0.5)

        def progress(rows: int) -> None:
            if bar is not None:
                bar.update(rows)

        try:
            summary = run_import(
                importer,
                options["file"],
                mapping=parse_map_args(options["map"]),
                dry_run=options["dry_run"],
                encoding=options["encoding"],
                on_start=on_start,
                progress=progress if show_bar else None,
            )
        except ImportFileError as exc:
            raise CommandError(f"{options['file']}: {exc.reason}", returncode=2) from None
        finally:
            if bar is not None:
                bar.close()
        if options["json"]:
            self.stdout.write(summary.to_json())
        else:
            self.stdout.write("\n".join(summary.human_lines()))
