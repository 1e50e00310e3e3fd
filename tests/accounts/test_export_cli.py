"""``baton dossier``: Markdown to stdout or a file, PDF to a file, by id or by domain."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from baton.accounts.export.markdown import render_markdown
from baton.accounts.models import Account
from baton.users.models import User
from tests.accounts.test_export_support import (
    EXPORTED_AT,
    build_account,
    dossier_of,
    export_catalogue,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _french() -> Iterator[None]:
    with export_catalogue():
        yield


@pytest.fixture
def account(make_user: Callable[..., User]) -> Account:
    return build_account(marketing=make_user("marketing"), sales=make_user("sales_rep"))


def run(*args: str) -> str:
    out = io.StringIO()
    with time_machine.travel(EXPORTED_AT, tick=False):
        call_command("dossier", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_markdown_to_stdout_by_id(account: Account, language: str) -> None:
    assert run(str(account.pk), "--lang", language) == render_markdown(
        dossier_of(account), language
    )


@pytest.mark.parametrize("reference", ["acme-industries.com", "https://www.ACME.fr/pricing"])
def test_markdown_by_domain(account: Account, reference: str) -> None:
    assert run(reference, "--lang", "en", "--format", "md") == render_markdown(
        dossier_of(account), "en"
    )


def test_french_is_the_default_language(account: Account) -> None:
    assert "\n## Raison du ciblage\n" in run(str(account.pk))


def test_markdown_to_a_file(account: Account, tmp_path: Path) -> None:
    target = tmp_path / "acme.md"
    assert run(str(account.pk), "--lang", "en", "-o", str(target)) == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8") == render_markdown(dossier_of(account), "en")


def test_pdf_to_a_file(account: Account, tmp_path: Path) -> None:
    target = tmp_path / "acme.pdf"
    out = run("acme.fr", "--lang", "fr", "--format", "pdf", "--output", str(target))
    assert out == f"wrote {target}\n"
    assert target.read_bytes().startswith(b"%PDF-")


def test_pdf_needs_a_file(account: Account) -> None:
    with pytest.raises(CommandError, match=re.escape("a PDF needs a file: add -o dossier.pdf")):
        run(str(account.pk), "--format", "pdf")


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("999999", "no account with id 999999"),
        ("unknown.example", "no account with the domain unknown.example"),
        ("not a domain", "'not a domain' is neither an account id nor a web domain"),
    ],
)
def test_unknown_account(account: Account, reference: str, message: str) -> None:
    with pytest.raises(CommandError, match=re.escape(message)):
        run(reference)


def test_unknown_language_is_refused_by_the_parser(account: Account) -> None:
    with pytest.raises(CommandError, match="invalid choice: 'de'"):
        run(str(account.pk), "--lang", "de")
