"""``baton import KIND FILE``: summary, --json, --dry-run, --map, --as, exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from baton.accounts.models import Account
from baton.core.models import AuditEvent
from baton.users.models import User

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
pytestmark = pytest.mark.django_db


def baton_import(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, "--no-progress", stdout=out)
    return out.getvalue()


def test_human_summary() -> None:
    out = baton_import("accounts", str(FIXTURES / "accounts_bad_values.csv"))
    assert out == (
        "accounts: 1 created, 0 updated, 0 unchanged, 5 rejected\n"
        'line 2, field employees: must be a whole number (got "douze")\n'
        'line 3, field annual_revenue: must be a number such as 1 200,50 (got "beaucoup")\n'
        "line 3, field tier: must be one of tier_1, tier_2, tier_3 (got 'tier_9')\n"
        "line 4, field name: required, cannot be empty\n"
        'line 5, field country: String should have at most 2 characters (got "France")\n'
        "line 6, field domain: 'not' is not a web domain (expected e.g. acme.fr) "
        '(got "not a domain")\n'
    )


def test_json_output_exact() -> None:
    out = baton_import("accounts", str(FIXTURES / "accounts_duplicates.csv"), "--json")
    assert json.loads(out) == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 3,
        "errors": [
            {"line": 3, "field": "domain", "reason": "the domain acme.fr is already on line 2"},
            {
                "line": 4,
                "field": "external_id",
                "reason": "the external id CRM-1 is already on line 2",
            },
            {
                "line": 6,
                "field": "name",
                "reason": "same account as line 5 (no domain or external id to tell them apart)",
            },
        ],
    }
    assert out.count("\n") == 1


def test_french_report() -> None:
    out = io.StringIO()
    call_command(
        "import",
        "accounts",
        str(FIXTURES / "accounts_bad_values.csv"),
        "--language",
        "fr",
        "--no-progress",
        stdout=out,
    )
    first = out.getvalue().splitlines()[:2]
    assert first == [
        "accounts\u00a0: 1 créé(s), 0 mis à jour, 0 inchangé(s), 5 rejeté(s)",
        "ligne 2, champ employees\u00a0: doit être un nombre entier (reçu «\u00a0douze\u00a0»)",
    ]


def test_dry_run_saves_nothing() -> None:
    events = AuditEvent.objects.count()
    out = baton_import("accounts", str(FIXTURES / "accounts_good.csv"), "--dry-run")
    assert out == (
        "dry run: nothing was saved\naccounts: 3 created, 0 updated, 0 unchanged, 0 rejected\n"
    )
    assert (Account.objects.count(), AuditEvent.objects.count()) == (0, events)


def test_map_and_actor(make_user: object) -> None:
    actor: User = make_user("marketing", email="lea@example.com")  # type: ignore[operator]
    out = baton_import(
        "accounts",
        str(FIXTURES / "accounts_mapped.csv"),
        "--map",
        "Nb salariés=employees",
        "--map",
        "Commentaire=",
        "--as",
        "LEA@example.com",
    )
    assert out == "accounts: 1 created, 0 updated, 0 unchanged, 0 rejected\n"
    account = Account.objects.get()
    assert (account.name, account.employees) == ("Acme", 250)
    assert AuditEvent.objects.get(action="account.created").actor == actor


def test_ignored_columns_are_said() -> None:
    out = baton_import("accounts", str(FIXTURES / "accounts_mapped.csv"))
    assert out == (
        "accounts: 1 created, 0 updated, 0 unchanged, 0 rejected\n"
        "ignored columns: Nb salariés, Commentaire (map them with --map COLUMN=field)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["accounts", "empty.csv"], "empty.csv: the file is empty"),
        (
            ["accounts", "accounts_missing_name.csv"],
            "accounts_missing_name.csv: missing required column: name "
            "(columns found: firm, domain)",
        ),
        (
            ["accounts", "accounts_good.csv", "--map", "Foo"],
            'accounts_good.csv: --map takes SOURCE=FIELD, e.g. --map "Raison sociale=name" '
            "(got Foo)",
        ),
        (["accounts", "accounts_good.csv", "--as", "ghost@example.com"], None),
    ],
)
def test_unusable_file_exits_2(args: list[str], message: str | None) -> None:
    args[1] = str(FIXTURES / args[1])
    with pytest.raises(CommandError) as info:
        baton_import(*args)
    assert info.value.returncode == 2
    expected = message and str(FIXTURES / message.split(":", 1)[0]) + ":" + message.split(":", 1)[1]
    assert str(info.value) == (expected or "no active user with the email ghost@example.com")
    assert Account.objects.count() == 0


def test_real_command_line_exit_codes(tmp_path: Path) -> None:
    """The console script: stderr names the problem, exit code 2; 0 with rejected rows."""
    env_python = Path(sys.executable).parent / "baton"
    bad = subprocess.run(  # noqa: S603
        [str(env_python), "import", "accounts", str(FIXTURES / "accounts_cp1252.csv")],
        capture_output=True,
        text=True,
        check=False,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "BATON_VAR_DIR": str(tmp_path),
             "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr.strip().endswith(
        "accounts_cp1252.csv: the file is not UTF-8 (byte 0xE9 at line 3); save it as UTF-8 "
        "(“CSV UTF-8” in Excel) or give its encoding (Windows: cp1252)"
    )


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    out = io.StringIO()
    call_command("import", "accounts", str(FIXTURES / "accounts_good.csv"), stdout=out)
    assert "3/3" in terminal.getvalue()
    assert "rows/s" in terminal.getvalue()
    assert out.getvalue() == "accounts: 3 created, 0 updated, 0 unchanged, 0 rejected\n"
