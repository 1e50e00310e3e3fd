import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from baton.users.models import User

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("createuser", *args, stdout=out)
    return out.getvalue()


def test_creates_a_user_with_the_given_password() -> None:
    output = run(
        "Alice@Example.com",
        "--role",
        "sales_manager",
        "--first-name",
        "Alice",
        "--last-name",
        "Durand",
        "--language",
        "en",
        "--password",
        "a-long-enough-password",
    )

    assert output == "Created user alice@example.com (role sales_manager, language en).\n"
    user = User.objects.get(email="alice@example.com")
    assert (user.first_name, user.last_name, user.role, user.language) == (
        "Alice",
        "Durand",
        "sales_manager",
        "en",
    )
    assert user.check_password("a-long-enough-password")


def test_without_password_generates_a_strong_one_and_prints_it_once() -> None:
    output = run("bob@example.com", "--role", "marketing")

    first, second = output.splitlines()
    assert first == "Created user bob@example.com (role marketing, language fr)."
    assert second.startswith("Password (shown only once): ")
    password = second.removeprefix("Password (shown only once): ")
    assert len(password) == 24
    assert User.objects.get(email="bob@example.com").check_password(password)


def test_unknown_role_is_refused_naming_the_field() -> None:
    with pytest.raises(CommandError) as caught:
        run("carol@example.com", "--role", "boss")

    assert str(caught.value) == (
        "role: Unknown role “boss”; use one of marketing, sales_rep, sales_manager, "
        "leadership, admin."
    )
    assert not User.objects.filter(email="carol@example.com").exists()


def test_duplicate_email_is_refused_naming_the_field() -> None:
    run("dan@example.com", "--role", "leadership", "--password", "first-password-123")

    with pytest.raises(CommandError) as caught:
        run("DAN@example.com", "--role", "admin", "--password", "second-password-456")

    assert str(caught.value) == "email: A user with email dan@example.com already exists."
    assert User.objects.get(email="dan@example.com").role == "leadership"


def test_unsupported_language_is_refused_by_the_parser() -> None:
    with pytest.raises(CommandError) as caught:
        run("erin@example.com", "--role", "marketing", "--language", "de")

    assert str(caught.value) == (
        "Error: argument --language: invalid choice: 'de' (choose from 'fr', 'en')"
    )


def test_on_the_command_line_an_error_exits_non_zero_with_the_message() -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", LANGUAGE="en")
    done = subprocess.run(
        [sys.executable, "-m", "baton.cli.main", "createuser", "x@example.com", "--role", "boss"],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        check=False,
    )

    assert done.returncode == 1
    assert done.stdout == ""
    assert "CommandError: role: " in done.stderr
