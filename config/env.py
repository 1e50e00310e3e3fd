"""The only module that reads the environment.

Every setting Baton takes from the outside is read here, named ``BATON_*`` (plus the
conventional ``DATABASE_URL``), and listed in ``.env.example`` and the README.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BATON_VAR_DIR", str(BASE_DIR / "var")))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def get(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} is required in production (see .env.example)."
        )
    return value


def boolean(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def integer(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def csv_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def sqlite_path() -> Path:
    return VAR_DIR / "baton.sqlite3"


def database() -> dict[str, Any]:
    """``DATABASE_URL`` when set; else an embedded SQLite file under ``var/`` in WAL mode."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    else:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(sqlite_path())}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # a 64 MB page cache (SQLite's default is 2 MB: a workspace with a million events
            # would be read from disk again and again)
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=10000; PRAGMA cache_size=-65536;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        # Kept across requests, as for PostgreSQL: opening the file and setting it up again
        # on every request costs more than most pages' own queries.
        config["CONN_MAX_AGE"] = 60
        config["CONN_HEALTH_CHECKS"] = True
    return config


def local_secret_key() -> str:
    """A per-installation key kept in ``var/secret_key`` (never committed) for local use."""
    explicit = os.environ.get("BATON_SECRET_KEY", "").strip()
    if explicit:
        return explicit
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def mailers() -> dict[str, Any]:
    """Django 6.1 ``MAILERS`` from ``BATON_EMAIL_URL``.

    ``smtp://user:pass@host:port`` (STARTTLS with ``?tls=1`` or the ``smtp+tls`` scheme),
    ``smtps://…`` (implicit TLS), ``console://`` (print to the console), ``memory://`` (tests).
    Unset: console.
    """
    raw = os.environ.get("BATON_EMAIL_URL", "").strip()
    parsed = urlparse(raw or "console://")
    if parsed.scheme == "console":
        return {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    if parsed.scheme == "memory":
        return {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    if parsed.scheme not in {"smtp", "smtps", "smtp+tls"}:
        raise ImproperlyConfigured(
            f"BATON_EMAIL_URL: unknown scheme {parsed.scheme!r} (use smtp, smtps or console)."
        )
    query = parse_qs(parsed.query)
    use_tls = parsed.scheme == "smtp+tls" or query.get("tls", ["0"])[0] in _TRUE
    options = {
        "host": parsed.hostname or "localhost",
        "port": parsed.port or (465 if parsed.scheme == "smtps" else 25),
        "username": unquote(parsed.username or ""),
        "password": unquote(parsed.password or ""),
        "use_ssl": parsed.scheme == "smtps",
        "use_tls": use_tls,
        "timeout": 20,
    }
    return {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }
