"""``baton qualify``: judge accounts against the active qualification rules (SPEC R-2.4).

baton qualify --all                    every account (what the worker does daily)
baton qualify --account 12 --account 15
baton qualify --all --as-of 2026-03-31 as of the end of that day
baton qualify --account 12 --json      the verdict with its checklist, as JSON
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation
from django.utils.translation import gettext

from baton.core.errors import NotFoundError
from baton.qualification import selectors, services
from baton.qualification.wording import present_evaluation


def _as_of(value: str | None) -> dt.datetime:
    if not value:
        return timezone.now()
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-of: expected a date like 2026-03-31, got {value!r}") from exc
    end = dt.datetime.combine(day, dt.time(23, 59, 59))
    return timezone.make_aware(end)


class Command(BaseCommand):
    help = "Evaluate accounts against the active qualification rules."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Every account.")
        parser.add_argument(
            "--account", type=int, action="append", default=[], help="An account id (repeatable)."
        )
        parser.add_argument("--as-of", help="Judge as of the end of this day (YYYY-MM-DD).")
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the checklist texts (default: the workspace language).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._handle(**options)

    def _handle(self, **options: Any) -> None:
        if options["all"] == bool(options["account"]):
            raise CommandError("give either --all or one or more --account ID")
        now = _as_of(options["as_of"])
        ids = options["account"] or None
        if ids is not None:
            for account_id in ids:
                try:
                    selectors.account_get(account_id)
                except NotFoundError as exc:
                    raise CommandError(exc.reason) from exc
        counts = services.evaluate_accounts(now=now, account_ids=ids)
        if options["json"]:
            out: dict[str, Any] = {
                "as_of": now,
                "rule_version": counts.rule_version,
                "evaluated": counts.evaluated,
                "written": counts.written,
                "level_changes": counts.level_changes,
            }
            if ids is not None:
                out["evaluations"] = [
                    present_evaluation(ev)
                    for ev in (selectors.latest_evaluation(i) for i in ids)
                    if ev is not None
                ]
            self.stdout.write(json.dumps(out, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"rules v{counts.rule_version}: {counts.evaluated} accounts judged, "
            f"{counts.written} new verdicts, {counts.level_changes} level changes"
        )
        if ids is not None:
            for account_id in ids:
                ev = selectors.latest_evaluation(account_id)
                if ev is None:
                    continue
                view = present_evaluation(ev)
                state = "ready" if ev.ready else "borderline" if ev.borderline else "not ready"
                self.stdout.write(f"\n#{account_id}: {state}, {ev.level} {ev.score}/100")
                for line in view["lines"]:
                    mark = "✓" if line["passed"] else "✗"
                    text = gettext("%(reason)s: %(evidence)s") % {
                        "reason": line["label"],
                        "evidence": line["text"],
                    }
                    self.stdout.write(f"  {mark} {text}")
