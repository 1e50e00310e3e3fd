"""Download the dossier: every role may, anonymous may not; language, 404 and 400."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.urls import reverse

from baton.accounts.models import Account
from baton.core.roles import Role
from baton.users.models import User
from tests.accounts.test_export_support import build_account, export_catalogue

pytestmark = pytest.mark.django_db
ROLES = [r.value for r in Role]


@pytest.fixture(autouse=True)
def _french() -> Iterator[None]:
    with export_catalogue():
        yield


@pytest.fixture
def account(users: dict[str, User]) -> Account:
    return build_account(marketing=users["marketing"], sales=users["sales_rep"])


def test_urls() -> None:
    assert reverse("accounts:dossier_md", args=[7]) == "/accounts/7/dossier.md"
    assert reverse("accounts:dossier_pdf", args=[7]) == "/accounts/7/dossier.pdf"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_downloads_the_markdown(
    role: str, account: Account, client_as: Callable[[str | None], Client]
) -> None:
    response = client_as(role).get(f"/accounts/{account.pk}/dossier.md?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="dossier-acme-industries-en.md"'
    )
    text = response.content.decode()
    assert text.startswith("# Acme Industries\n\nAccount dossier, exported on ")
    assert "\n## Reason for targeting\n" in text


@pytest.mark.parametrize("role", ROLES)
def test_every_role_downloads_the_pdf(
    role: str, account: Account, client_as: Callable[[str | None], Client]
) -> None:
    response = client_as(role).get(f"/accounts/{account.pk}/dossier.pdf?lang=fr")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="dossier-acme-industries-fr.pdf"'
    )
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("fmt", ["md", "pdf"])
def test_anonymous_is_sent_to_the_login_page(
    fmt: str, account: Account, client_as: Callable[[str | None], Client]
) -> None:
    url = f"/accounts/{account.pk}/dossier.{fmt}?lang=fr"
    response = client_as(None).get(url)
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{reverse('login')}?next=/accounts/{account.pk}/dossier.{fmt}%3Flang%3Dfr"
    )


@pytest.mark.parametrize("fmt", ["md", "pdf"])
def test_unknown_account_is_404(fmt: str, client_as: Callable[[str | None], Client]) -> None:
    response = client_as("leadership").get(f"/accounts/999999/dossier.{fmt}?lang=fr")
    assert response.status_code == 404


@pytest.mark.parametrize("fmt", ["md", "pdf"])
@pytest.mark.parametrize("lang", ["de", "", "FR", "fr-fr"])
def test_unknown_language_is_400(
    fmt: str, lang: str, account: Account, client_as: Callable[[str | None], Client]
) -> None:
    response = client_as("sales_rep").get(f"/accounts/{account.pk}/dossier.{fmt}?lang={lang}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    # the sales rep of the fixture reads English (make_user's default)
    assert response.content.decode() == f"Unknown language “{lang}”: choose one of fr, en."


def test_the_refusal_speaks_the_users_language(
    account: Account, make_user: Callable[..., User]
) -> None:
    client = Client()
    client.force_login(make_user("sales_rep", language="fr"))
    response = client.get(f"/accounts/{account.pk}/dossier.md?lang=de")
    assert response.status_code == 400
    assert response.content.decode().startswith("Langue inconnue «\u00a0de\u00a0»")


@pytest.mark.parametrize(
    ("language", "title"), [("fr", "## Raison du ciblage"), ("en", "## Reason for targeting")]
)
def test_without_lang_the_users_language_is_used(
    language: str, title: str, account: Account, make_user: Callable[..., User]
) -> None:
    client = Client()
    client.force_login(make_user("leadership", language=language))
    response = client.get(f"/accounts/{account.pk}/dossier.md")
    assert response.status_code == 200
    assert f"\n{title}\n" in response.content.decode()
    assert response["Content-Disposition"].endswith(f'-{language}.md"')


def test_lang_overrides_the_users_language(
    account: Account, make_user: Callable[..., User]
) -> None:
    client = Client()
    client.force_login(make_user("marketing", language="en"))
    response = client.get(f"/accounts/{account.pk}/dossier.md?lang=fr")
    assert "\n## Raison du ciblage\n" in response.content.decode()


def test_a_name_without_letters_still_gets_a_file_name(
    users: dict[str, User], client_as: Callable[[str | None], Client]
) -> None:
    account = Account.objects.create(name="*** ???")
    response = client_as("admin").get(f"/accounts/{account.pk}/dossier.md?lang=en")
    assert response["Content-Disposition"] == (
        f'attachment; filename="dossier-account-{account.pk}-en.md"'
    )


def test_an_accented_name_gives_an_ascii_file_name(
    users: dict[str, User], client_as: Callable[[str | None], Client]
) -> None:
    account = Account.objects.create(name='Société "Générale" d\'Électricité')
    response = client_as("admin").get(f"/accounts/{account.pk}/dossier.pdf?lang=en")
    assert response["Content-Disposition"] == (
        'attachment; filename="dossier-societe-generale-delectricite-en.pdf"'
    )
