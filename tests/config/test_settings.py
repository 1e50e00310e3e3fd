"""Settings fail loudly in production and work with no configuration locally."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "BATON_SECRET_KEY": "k" * 20 + "Zx9-Qw8_Er7.Ty6!Ui5" + "p" * 20,
    "BATON_ALLOWED_HOSTS": "baton.example.com",
    "BATON_BASE_URL": "https://baton.example.com",
    "BATON_EMAIL_URL": "smtp://baton:secret@smtp.example.com:587?tls=1",
}


def _manage(args: list[str], extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    skip = ("BATON_", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    clean.update(extra_env)
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_check_deploy_is_clean() -> None:
    result = _manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {"DJANGO_SETTINGS_MODULE": "config.settings.production", **PROD_ENV},
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("missing", sorted(PROD_ENV))
def test_production_refuses_to_start_without_required_settings(missing: str) -> None:
    values = {k: v for k, v in PROD_ENV.items() if k != missing}
    result = _manage(["check"], {"DJANGO_SETTINGS_MODULE": "config.settings.production", **values})
    assert result.returncode != 0
    assert f"The environment variable {missing} is required in production" in result.stderr


def test_production_debug_is_off_unless_set() -> None:
    code = "from django.conf import settings; print(settings.DEBUG)"
    result = _manage(
        ["shell", "-c", code], {"DJANGO_SETTINGS_MODULE": "config.settings.production", **PROD_ENV}
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_local_settings_need_no_configuration(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(settings.DEBUG, d['ENGINE'], d['NAME'].endswith('baton.sqlite3'), "
        "'journal_mode=WAL' in d['OPTIONS']['init_command'])"
    )
    result = _manage(
        ["shell", "-c", code],
        {"DJANGO_SETTINGS_MODULE": "config.settings.local", "BATON_VAR_DIR": str(tmp_path)},
    )
    last = result.stdout.strip().splitlines()[-1]
    assert last == "False django.db.backends.sqlite3 True True", result.stderr
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_database_url_selects_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://baton:s3cret@db.internal:5433/baton")
    config = env.database()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.internal",
        5433,
        "baton",
        "baton",
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://mailer:p%40ss@smtp.example.com:587?tls=1",
            ("smtp.example.com", 587, "mailer", "p@ss", True, False),
        ),
        ("smtps://u:p@mail.example.com", ("mail.example.com", 465, "u", "p", False, True)),
        ("smtp://localhost:1025", ("localhost", 1025, "", "", False, False)),
    ],
)
def test_email_url(monkeypatch: pytest.MonkeyPatch, url: str, expected: tuple[object, ...]) -> None:
    monkeypatch.setenv("BATON_EMAIL_URL", url)
    mailer = env.mailers()["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    o = mailer["OPTIONS"]
    got = (o["host"], o["port"], o["username"], o["password"], o["use_tls"], o["use_ssl"])
    assert got == expected


def test_email_url_unknown_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BATON_EMAIL_URL", "ftp://x")
    with pytest.raises(ImproperlyConfigured, match="unknown scheme 'ftp'"):
        env.mailers()


def test_boolean_rejects_garbage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BATON_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="BATON_DEBUG must be true or false"):
        env.boolean("BATON_DEBUG")


def test_env_example_lists_every_variable_read() -> None:
    source = (ROOT / "config" / "env.py").read_text() + "".join(
        p.read_text() for p in (ROOT / "config" / "settings").glob("*.py")
    )
    import re

    names = set(re.findall(r"\"(BATON_[A-Z_]+)\"", source))
    example = (ROOT / ".env.example").read_text()
    missing = sorted(n for n in names if n not in example)
    assert missing == []
