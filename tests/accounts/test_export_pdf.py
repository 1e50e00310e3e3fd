"""The dossier as PDF: a real PDF, in the right language, that fetches nothing."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from baton.accounts.export.pdf import PACKAGE_DIR, LocalOnlyFetcher, render_html, render_pdf
from baton.accounts.models import Account
from baton.users.models import User
from tests.accounts.test_export_support import (
    HOSTILE,
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


def pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "fr",
            [
                "Raison du ciblage",
                "Signaux d'achat",
                "Comité d'achat",
                "180\u00a0000\u00a0€",
                "Fiche compte, exportée le 23/11/2026",
            ],
        ),
        (
            "en",
            [
                "Reason for targeting",
                "Buying signals",
                "Buying committee",
                "€180,000",
                "Account dossier, exported on 11/23/2026",
            ],
        ),
    ],
)
def test_pdf_in_each_language(account: Account, language: str, words: list[str]) -> None:
    pdf = render_pdf(dossier_of(account), language)
    assert pdf.startswith(b"%PDF-")
    pages, text = pdf_text(pdf)
    assert "Acme Industries" in text
    assert "Claire Martin (CEO)" in text  # the main decision maker
    for word in words:
        assert word in text, word
    # every page carries the account name in its header and "n / total" in its footer
    for number in range(1, pages + 1):
        assert f"{number} / {pages}" in text
    assert text.count("Acme Industries") >= pages


def test_pdf_prints_a_hostile_name_as_text(make_user: Callable[..., User]) -> None:
    account = build_account(
        marketing=make_user("marketing"), sales=make_user("sales_rep"), name=HOSTILE
    )
    html = render_html(dossier_of(account), "en")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    _, text = pdf_text(render_pdf(dossier_of(account), "en"))
    assert "[x](http://evil.example)" in text


def test_the_fetcher_refuses_anything_outside_the_package() -> None:
    fetcher = LocalOnlyFetcher()
    for url in [
        "https://fonts.example.com/font.woff2",
        "http://127.0.0.1/secret",
        "ftp://example.com/x",
        "data:text/css,body{}",
        "file:///etc/passwd",
        f"file://{PACKAGE_DIR}/../../../config/settings/base.py",
        f"file://remote-host{PACKAGE_DIR}/print.css",
    ]:
        with pytest.raises(ValueError, match="refusing to fetch"):
            fetcher.fetch(url)


def test_the_fetcher_reads_the_package_stylesheet() -> None:
    response = LocalOnlyFetcher().fetch(f"file://{PACKAGE_DIR}/print.css")
    try:
        assert b"size: A4" in response.read()
    finally:
        response.close()


def test_a_remote_image_in_the_page_is_not_fetched(
    account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even if a template someday referenced a remote resource, nothing would leave the host:
    the fetcher is asked, and refuses (WeasyPrint then renders without the resource)."""
    seen: list[str] = []
    original = LocalOnlyFetcher.fetch

    def spy(self: LocalOnlyFetcher, url: str, headers: object = None) -> object:
        seen.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(LocalOnlyFetcher, "fetch", spy)
    page = '<img src="https://tracker.example/pixel.png"><link rel="stylesheet" href="x.css">'
    pdf = HTML(string=page, base_url=str(PACKAGE_DIR), url_fetcher=LocalOnlyFetcher()).write_pdf()
    assert pdf.startswith(b"%PDF-")
    assert sorted(seen) == [f"file://{PACKAGE_DIR}/x.css", "https://tracker.example/pixel.png"]
