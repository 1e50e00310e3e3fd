"""The weekly review pack (R-4.6) on the small fixture of ``weekly_fixture.py`` (figures worked
out there): the exact Markdown in English and French (``data/weekly_2026-W39_*.md``), the PDF,
the once-a-week sweeper under a frozen clock, and the notifications it queues."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from pypdf import PdfReader

from baton.metrics import services, weekly, weekly_render
from baton.metrics.models import WeeklyReview
from baton.notifications.models import ChannelConfig, OutboxMessage
from tests.metrics.weekly_fixture import WEEK, build

DATA = Path(__file__).parent / "data"
PARIS = ZoneInfo("Europe/Paris")
SUMMARY_EN = (
    "Q3 2026: 2 accounts targeted, 0 engaged, 0 in opportunity, 2 signed for €210,000, "
    "ROI 3.2\u00d7."
)
SUMMARY_FR = (
    "T3 2026\u00a0: 2 comptes ciblés, 0 engagés, 0 en opportunité, 2 signés pour "
    "210\u202f000\u00a0€, ROI 3,2\u00d7."
)


@pytest.fixture
def fixture(make_user: Any) -> dict[str, Any]:
    return build(make_user)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_markdown_exact(fixture: dict[str, Any], language: str) -> None:
    expected = (DATA / f"weekly_2026-W39_{language}.md").read_text(encoding="utf-8")
    pack = weekly.build(WEEK, language=language)
    assert weekly_render.markdown(pack, language) == expected


def test_pack_data(fixture: dict[str, Any]) -> None:
    pack = weekly.build(WEEK, language="en")
    assert pack.summary == SUMMARY_EN
    assert [m.name for m in pack.progressing] == ["Alpha"]
    assert [(c.field, c.before, c.after) for c in pack.progressing[0].changes] == [
        ("level", "warm", "hot")
    ]
    assert [m.name for m in pack.stagnating] == ["Beta"]
    assert [(a.title, a.overdue) for a in pack.actions] == [
        ("Relancer les comptes tièdes", True),
        ("Export CRM en panne", False),
    ]
    assert pack.win is not None
    assert (pack.win.name, str(pack.win.amount), pack.win.chosen) == (
        "Plateforme Alpha",
        "180000.00",
        False,
    )


def test_win_chosen_by_hand(fixture: dict[str, Any]) -> None:
    from baton.accounts.models import Deal

    beta_deal = Deal.objects.get(name="Licences Beta")
    services.weekly_win_set(actor=fixture["camille"], week_start=WEEK, deal=beta_deal)
    win = weekly.build(WEEK, language="fr").win
    assert win is not None
    assert (win.name, win.chosen) == ("Licences Beta", True)
    # choosing the win does not count as sending the week's pack
    assert services.weekly_review_sweep(dt.datetime(2026, 9, 28, 9, 0, tzinfo=PARIS)) == 1


@pytest.mark.parametrize(("language", "summary"), [("fr", SUMMARY_FR), ("en", SUMMARY_EN)])
def test_pdf(fixture: dict[str, Any], language: str, summary: str) -> None:
    data = weekly_render.pdf(weekly.build(WEEK, language=language), language)
    assert data.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    flat = " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())
    assert " ".join(summary.replace("\u202f", " ").replace("\u00a0", " ").split()) in flat


def test_sweeper_once_per_week(fixture: dict[str, Any], make_user: Any) -> None:
    admin = make_user("admin", first_name="Alice")
    gone = make_user("sales_rep")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    ChannelConfig.objects.create(channel="slack", url="https://hooks.slack.example/T/B/x")
    members = 3  # Camille, Hugo, Alice (the inactive rep gets nothing)
    with time_machine.travel(dt.datetime(2026, 9, 28, 8, 59, tzinfo=PARIS), tick=False):
        assert services.review_due_week(dt.datetime.now(tz=PARIS)) == dt.date(2026, 9, 14)
    with time_machine.travel(dt.datetime(2026, 9, 28, 9, 0, tzinfo=PARIS), tick=False):
        assert services.weekly_review_sweep(dt.datetime.now(tz=PARIS)) == 1
        assert services.weekly_review_sweep(dt.datetime.now(tz=PARIS)) == 0
    review = WeeklyReview.objects.get()
    assert review.week_start == WEEK
    rows = OutboxMessage.objects.filter(event="weekly_review.ready")
    assert sorted(rows.values_list("channel", flat=True)) == sorted(
        ["in_app"] * members + ["email"] * members + ["slack"]
    )
    assert rows.get(channel="slack").recipient == admin
    with time_machine.travel(dt.datetime(2026, 10, 4, 23, 0, tzinfo=PARIS), tick=False):
        assert services.weekly_review_sweep(dt.datetime.now(tz=PARIS)) == 0
    with time_machine.travel(dt.datetime(2026, 10, 5, 9, 30, tzinfo=PARIS), tick=False):
        assert services.weekly_review_sweep(dt.datetime.now(tz=PARIS)) == 1
    assert list(WeeklyReview.objects.values_list("week_start", flat=True)) == [
        dt.date(2026, 9, 28),
        WEEK,
    ]
    assert rows.count() == 2 * (2 * members + 1)


def test_command_weekly(fixture: dict[str, Any], tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("report", "weekly", "--lang", "fr", "--format", "md", "--week", "2026-W39",
                 stdout=out)  # fmt: skip
    assert out.getvalue() == (DATA / "weekly_2026-W39_fr.md").read_text(encoding="utf-8")
    target = tmp_path / "pack.pdf"
    call_command("report", "weekly", "--lang", "en", "--format", "pdf", "--week", "2026-W39",
                 "-o", str(target))  # fmt: skip
    assert target.read_bytes().startswith(b"%PDF")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="a PDF needs a file"):
        call_command("report", "weekly", "--format", "pdf", "--week", "2026-W39")
    html = io.StringIO()
    call_command("report", "weekly", "--lang", "en", "--format", "html", "--week", "2026-W39",
                 stdout=html)  # fmt: skip
    assert SUMMARY_EN in html.getvalue()
    sent = io.StringIO()
    call_command("report", "weekly", "--send", "--week", "2026-W39", stdout=sent)
    call_command("report", "weekly", "--send", "--week", "2026-W39", stdout=sent)
    assert sent.getvalue() == "sent\nalready sent\n"
