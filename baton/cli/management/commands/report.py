"""``baton report``: the weekly review pack (R-4.6) and the monthly lead review (R-4.8).

baton report weekly --lang fr --format md                 last complete week, to stdout
baton report weekly --lang en --format pdf --week 2026-W39 -o pack.pdf
baton report weekly --send [--week 2026-W39]              record the week and notify everyone
baton report monthly --lang fr [--month 2026-09] [--json]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from baton.core.errors import DomainError
from baton.metrics import formulas as f
from baton.metrics import monthly, services, weekly, weekly_render


class Command(BaseCommand):
    help = "Weekly review pack and monthly lead review (Markdown, HTML, PDF or JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=("weekly", "monthly"))
        parser.add_argument("--lang", choices=weekly_render.LANGUAGES, default="fr")
        parser.add_argument("--format", choices=weekly_render.FORMATS, default="md")
        parser.add_argument("--week", help="ISO week, e.g. 2026-W39 (default: the last complete).")
        parser.add_argument("--month", help="Month, e.g. 2026-09 (default: this month).")
        parser.add_argument("-o", "--output", help="Write to this file (required for PDF).")
        parser.add_argument("--json", action="store_true", help="Monthly review as JSON.")
        parser.add_argument(
            "--send", action="store_true", help="Weekly: record the week and notify (once)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            try:
                if options["kind"] == "weekly":
                    self._weekly(**options)
                else:
                    self._monthly(**options)
            except DomainError as exc:
                raise CommandError(exc.reason) from exc

    def _weekly(self, **options: Any) -> None:
        week = (
            weekly.parse_week(options["week"])
            if options["week"]
            else weekly.last_complete_week(timezone.localdate())
        )
        if options["send"]:
            review = services.weekly_review_send(week_start=week)
            self.stdout.write("sent" if review is not None else "already sent")
            return
        language, fmt, output = options["lang"], options["format"], options["output"]
        if fmt == "pdf" and not output:
            raise CommandError("a PDF needs a file: add -o FILE")
        pack = weekly.build(week, language=language)
        if fmt == "pdf":
            Path(output).write_bytes(weekly_render.pdf(pack, language))
            return
        text = (
            weekly_render.markdown(pack, language)
            if fmt == "md"
            else weekly_render.html(pack, language)
        )
        self._emit(text, output)

    def _monthly(self, **options: Any) -> None:
        today = timezone.localdate()
        try:
            month = f.parse_period(options["month"] or "month", today=today)
        except f.PeriodError as exc:
            raise CommandError(str(exc)) from exc
        if month.kind != f.PeriodKind.MONTH:
            raise CommandError("--month is a month, e.g. 2026-09")
        review = monthly.build(month, as_of=min(today, month.end))
        if options["json"] or options["format"] != "md":
            self._emit(
                json.dumps(review.as_json(), ensure_ascii=False, indent=2), options["output"]
            )
            return
        self._emit(weekly_render.monthly_markdown(review, options["lang"]), options["output"])

    def _emit(self, text: str, output: str | None) -> None:
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="" if text.endswith("\n") else "\n")
