"""The weekly review pack in words: one set of display strings (``texts``), shared by the
Markdown, the page and the PDF (WeasyPrint, through the dossier's local-only URL fetcher: nothing
is fetched over the network)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from baton.accounts.models import JourneyStage, Level
from baton.handovers.models import Stage
from baton.metrics import definitions as d
from baton.metrics import formulas as f
from baton.metrics.monthly import Monthly
from baton.metrics.weekly import ActionRow, Change, Pack

LANGUAGES = ("fr", "en")
FORMATS = ("md", "html", "pdf")
STATIC_DIR = Path(__file__).resolve().parent / "static" / "metrics"
PRINT_CSS = STATIC_DIR / "weekly_print.css"
MAX_STAGNATING = 20


@dataclass(frozen=True)
class Texts:
    """Every string of the pack, in one language."""

    title: str
    summary: str
    metric_rows: list[tuple[str, str, str, str]] = field(default_factory=list)
    progressing: list[tuple[str, str]] = field(default_factory=list)
    stagnating: list[str] = field(default_factory=list)
    stagnating_more: str = ""
    actions: list[tuple[str, str, str, str]] = field(default_factory=list)
    closed: list[tuple[str, str, str, str]] = field(default_factory=list)
    blockers: list[tuple[str, str, str, str]] = field(default_factory=list)
    win: str = ""
    labels: dict[str, str] = field(default_factory=dict)


def _date(day: Any, language: str) -> str:
    if day is None:
        return "—"
    return str(day.strftime("%d/%m/%Y") if language == "fr" else day.isoformat())


def _state(state: str) -> str:
    return {
        f.TargetState.ON_TRACK: _("On track"),
        f.TargetState.AT_RISK: _("At risk"),
        f.TargetState.OFF_TRACK: _("Off track"),
        f.TargetState.NO_VALUE: _("No value"),
    }.get(f.TargetState(state), "—")


def _change(change: Change) -> str:
    names = {
        "level": (_("level"), dict(Level.choices)),
        "journey_stage": (_("journey stage"), dict(JourneyStage.choices)),
        "stage": (_("handover"), dict(Stage.choices)),
    }
    label, choices = names[change.field]
    before = str(choices.get(change.before, change.before or "—"))
    after = str(choices.get(change.after, change.after or "—"))
    return f"{label} {before} → {after}"


def _action(row: ActionRow, language: str) -> tuple[str, str, str, str]:
    status = {
        "open": pgettext("action", "Overdue") if row.overdue else pgettext("action", "Open"),
        "done": pgettext("action", "Done"),
        "dropped": pgettext("action", "Dropped"),
    }.get(row.status, row.status)
    return (row.title, row.owner or "—", _date(row.due_on, language), status)


def texts(pack: Pack, language: str) -> Texts:
    """The display strings of ``pack`` in ``language`` (``fr`` or ``en``)."""
    with translation.override(language):
        title = _("Weekly review %(week)s (%(start)s to %(end)s)") % {
            "week": pack.label,
            "start": _date(pack.week_start, language),
            "end": _date(pack.sunday, language),
        }
        rows = []
        for row in pack.metrics:
            definition = d.get(row.metric_id)
            value = row.error or f.display_value(definition.unit, row.value, language)
            target = (
                "—"
                if row.target is None
                else f.display_value(definition.unit, row.target, language)
            )
            rows.append((definition.name.get(language), value, target, _state(row.state)))
        more = len(pack.stagnating) - MAX_STAGNATING
        win = ""
        if pack.win is not None:
            amount = f.format_money(pack.win.amount, pack.win.currency, language)
            win = " — ".join(p for p in (pack.win.account, pack.win.name, amount) if p)
        return Texts(
            title=title,
            summary=pack.summary,
            metric_rows=rows,
            progressing=[
                (m.name, "; ".join(_change(c) for c in m.changes)) for m in pack.progressing
            ],
            stagnating=[m.name for m in pack.stagnating[:MAX_STAGNATING]],
            stagnating_more=(_("and %(count)s more") % {"count": more} if more > 0 else ""),
            actions=[_action(a, language) for a in pack.actions],
            closed=[_action(a, language) for a in pack.closed_actions],
            blockers=[_action(a, language) for a in pack.blockers],
            win=win,
            labels={
                "metrics": _("Metrics vs targets"),
                "metric": _("Metric"),
                "value": _("Value"),
                "target": _("Target"),
                "status": _("Status"),
                "progressing": _("Accounts progressing (14 days)"),
                "stagnating": _("Accounts stagnating (no change in 14 days)"),
                "actions": _("Corrective actions"),
                "action": _("Action"),
                "owner": _("Owner"),
                "due": pgettext("action", "Due"),
                "closed": _("Closed this week"),
                "blockers": _("Blockers"),
                "win": _("Win of the week"),
                "none": _("None."),
            },
        )


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def markdown(pack: Pack, language: str) -> str:
    t = texts(pack, language)
    lab = t.labels
    none = lab["none"]
    out = [f"# {t.title}", "", t.summary, "", f"## {lab['metrics']}", ""]
    out += _table((lab["metric"], lab["value"], lab["target"], lab["status"]), t.metric_rows)
    out += ["", f"## {lab['progressing']}", ""]
    out += [f"- {name}\u00a0: {what}" if language == "fr" else f"- {name}: {what}"
            for name, what in t.progressing] or [none]  # fmt: skip
    out += ["", f"## {lab['stagnating']}", ""]
    out += [f"- {name}" for name in t.stagnating] or [none]
    if t.stagnating_more:
        out.append(f"- {t.stagnating_more}")
    action_header = (lab["action"], lab["owner"], lab["due"], lab["status"])
    out += ["", f"## {lab['actions']}", ""]
    out += _table(action_header, t.actions) if t.actions else [none]
    if t.closed:
        out += ["", f"### {lab['closed']}", "", *_table(action_header, t.closed)]
    out += ["", f"## {lab['blockers']}", ""]
    out += [f"- {b[0]} ({b[1]})" for b in t.blockers] or [none]
    out += ["", f"## {lab['win']}", "", t.win or none, ""]
    return "\n".join(out)


def html(pack: Pack, language: str, *, standalone: bool = True) -> str:
    t = texts(pack, language)
    with translation.override(language):
        return render_to_string(
            "metrics/weekly_print.html" if standalone else "metrics/_weekly_pack.html",
            {"t": t, "language": language},
        )


def pdf(pack: Pack, language: str) -> bytes:
    from weasyprint import CSS, HTML

    from baton.accounts.export.pdf import LocalOnlyFetcher

    fetcher = LocalOnlyFetcher(root=STATIC_DIR)
    stylesheet = CSS(string=PRINT_CSS.read_text(encoding="utf-8"), url_fetcher=fetcher)
    document = HTML(string=html(pack, language), base_url=str(STATIC_DIR), url_fetcher=fetcher)
    return bytes(document.write_pdf(stylesheets=[stylesheet]))


def monthly_markdown(review: Monthly, language: str) -> str:
    """The monthly lead review (R-4.8) as Markdown."""
    with translation.override(language):
        lines = [
            "# " + _("Monthly lead review %(month)s") % {"month": review.month.label},
            "",
            "## " + _("Account → opportunity conversion by segment"),
            "",
        ]
        for r in review.conversion:
            rate = f.display_value("percent", r.value, language)
            lines.append(f"- {r.dimension} {r.key or '—'}: {r.converted}/{r.population} ({rate})")
        for title, rows in (
            (_("Disqualification reasons (last six months)"), review.disqualified),
            (_("Rejection reasons (last six months)"), review.rejected),
        ):
            lines += ["", f"## {title}", "", "| | " + " | ".join(review.months) + " | Σ |"]
            lines.append("|---|" + "---|" * (len(review.months) + 1))
            lines += [
                f"| {r.label} | " + " | ".join(str(n) for n in r.counts) + f" | {r.total} |"
                for r in rows
            ]
        return "\n".join(lines) + "\n"
