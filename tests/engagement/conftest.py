"""Builders for ingestion tests: accounts with domains, CSV files, the import command."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from baton.accounts.models import Account, AccountDomain, Contact
from baton.engagement.models import Interaction

HEADER = (
    "external_id,type,occurred_at,domain,email,page_url,page_category,asset,campaign,channel,source"
)


def account(name: str, *domains: str) -> Account:
    acc = Account.objects.create(name=name)
    for i, domain in enumerate(domains):
        AccountDomain.objects.create(account=acc, domain=domain, is_primary=i == 0)
    return acc


def contact(acc: Account, email: str, first_name: str = "Claire") -> Contact:
    return Contact.objects.create(account=acc, first_name=first_name, email=email)


def snapshot() -> list[tuple[Any, ...]]:
    """Every stored event, for 'nothing changed' assertions."""
    return list(
        Interaction.objects.order_by("external_id").values_list(
            "external_id", "type", "occurred_at", "account_id", "contact_id", "domain"
        )
    )


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    def _write(text: str, name: str = "events.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return _write


@pytest.fixture
def import_json(django_capture_on_commit_callbacks: Any) -> Callable[..., dict[str, Any]]:
    """``baton import interactions FILE --json …`` → the parsed summary (after-commit work runs)."""

    def _run(path: Path, *args: str) -> dict[str, Any]:
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("import", "interactions", str(path), "--json", *args, stdout=out)
        return json.loads(out.getvalue())

    return _run
