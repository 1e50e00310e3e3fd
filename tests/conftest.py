"""Fixtures shared by the whole suite: one user per role, clients logged in as each."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from baton.core.roles import Role
from baton.users.models import User
from baton.users.services import token_create, user_create

ROLES = [r.value for r in Role]
PASSWORD = "correct-horse-battery-staple-42"
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    from django.db import connection

    chromium_present = Path(CHROMIUM).exists()
    on_postgres = connection.vendor == "postgresql"
    for item in items:
        if "browser" in item.keywords and not chromium_present:
            if IN_CI:
                raise pytest.UsageError(f"CI=true but Chromium is missing at {CHROMIUM}")
            item.add_marker(
                pytest.mark.skip(reason="Chromium not installed (apt-get install chromium)")
            )
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))


def pytest_report_header(config: Any) -> str:
    from django.db import connection

    return f"baton database: {connection.vendor}"


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    counter = {"n": 0}

    def _make(role: str = Role.MARKETING.value, **extra: Any) -> User:
        counter["n"] += 1
        email = extra.pop("email", f"{role}{counter['n']}@example.com")
        return user_create(
            email=email,
            role=role,
            password=PASSWORD,
            first_name=extra.pop("first_name", role.replace("_", " ").title()),
            last_name=extra.pop("last_name", f"User{counter['n']}"),
            language=extra.pop("language", "en"),
        )

    return _make


@pytest.fixture
def users(make_user: Callable[..., User]) -> dict[str, User]:
    """One user per role, keyed by role value."""
    return {role: make_user(role) for role in ROLES}


@pytest.fixture
def client_as(users: dict[str, User]) -> Callable[[str | None], Client]:
    """A test client logged in as the user of ``role`` (``None``: anonymous)."""

    def _client(role: str | None) -> Client:
        client = Client()
        if role is not None:
            client.force_login(users[role])
        return client

    return _client


@pytest.fixture
def api_as(users: dict[str, User]) -> Callable[[str | None], Client]:
    """A test client that authenticates to the API with a token of ``role``'s user."""

    def _client(role: str | None) -> Client:
        if role is None:
            return Client()
        _, raw = token_create(user=users[role], name="tests")
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return _client


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
