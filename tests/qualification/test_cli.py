"""``baton qualify``: all accounts, some accounts, as of a date, JSON output, bad input."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from baton.qualification.models import Evaluation
from tests.qualification.conftest import account, ready_account

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("qualify", *args, stdout=out)
    return out.getvalue()


def test_all_accounts() -> None:
    ready_account("Ready")
    account("Cold")
    assert run("--all", "--as-of", "2026-03-31") == (
        "rules v1: 2 accounts judged, 2 new verdicts, 1 level changes\n"
    )
    assert run("--all", "--as-of", "2026-03-31") == (
        "rules v1: 2 accounts judged, 0 new verdicts, 0 level changes\n"
    )


def test_one_account_prints_the_checklist() -> None:
    acc = ready_account("Ready")
    out = run("--account", str(acc.pk), "--as-of", "2026-03-31", "--language", "en")
    assert out.splitlines()[2:] == [
        f"#{acc.pk}: ready, warm 35/100",
        "  ✓ Matches the ICP: Matches the ICP on size band",
        "  ✓ Significant interactions: 3 significant interactions in 30 days: "
        "webinar 12/03, pricing page 14/03, email reply 20/03",
        "  ✓ Decision maker identified and reachable: Marie Dupont (CEO), decision maker, "
        "is reachable",
        "  ✓ Confirmed buying signal: 1 confirmed buying signal: Fundraising 26/03",
        "  ✓ No deal already open: No deal open with this account in the CRM",
    ]


def test_as_of_moves_the_window() -> None:
    acc = ready_account("Ready")  # interactions on 12/03, 14/03 and 20/03
    body = json.loads(run("--account", str(acc.pk), "--as-of", "2026-04-12", "--json"))
    assert (body["evaluated"], body["written"]) == (1, 1)
    [ev] = body["evaluations"]
    assert (ev["engaged"], ev["borderline"], ev["as_of"]) == (
        False,
        True,
        "2026-04-12T21:59:59Z",
    )
    assert body["as_of"] == "2026-04-12T23:59:59+02:00"


def test_french_by_default() -> None:
    acc = ready_account("Prêt")
    out = run("--account", str(acc.pk), "--as-of", "2026-03-31")
    assert (
        "  ✓ Aucun deal déjà en cours\u00a0: Aucun deal en cours avec ce compte dans le CRM" in out
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give either --all or one or more --account ID"),
        (("--all", "--account", "1"), "give either --all or one or more --account ID"),
        (("--account", "424242"), "no account with id 424242"),
        (
            ("--all", "--as-of", "31/03/2026"),
            "--as-of: expected a date like 2026-03-31, got '31/03/2026'",
        ),
    ],
)
def test_bad_input(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError) as exc:
        run(*args)
    assert str(exc.value) == message
    assert Evaluation.objects.count() == 0
