"""The dossier as a printable A4 PDF (WeasyPrint), in French or English.

Nothing is fetched over the network: the stylesheet is read from this package, fonts come
from fontconfig (DejaVu on Debian), and the URL fetcher refuses anything but files of this
package. User text reaches the HTML through Django's auto-escaping.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from baton.accounts.export import check_language
from baton.accounts.export.document import build_document
from baton.accounts.export.labels import LABELS
from baton.accounts.selectors import Dossier

TEMPLATE = "accounts/dossier_print.html"
PACKAGE_DIR = Path(__file__).resolve().parent
STYLESHEET = PACKAGE_DIR / "print.css"


class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """Fetches ``file:`` URLs inside this package; refuses every other URL."""

    def __init__(self, root: Path = PACKAGE_DIR) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.root = root.resolve()

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"refusing to fetch {url!r}: only files of the export package")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root):
            raise ValueError(f"refusing to fetch {url!r}: outside {self.root}")
        return super().fetch(url, headers)


def render_html(dossier: Dossier, language: str) -> str:
    """The print page, before it becomes a PDF (useful to debug the layout in a browser)."""
    check_language(language)
    with translation.override(language):
        context = {
            "doc": build_document(dossier),
            "labels": {key: str(label) for key, label in LABELS.items()},
            "language": language,
        }
        return render_to_string(TEMPLATE, context)


def render_pdf(dossier: Dossier, language: str) -> bytes:
    """The dossier of SPEC R-1.6 as PDF bytes in ``language`` (``fr`` or ``en``)."""
    html = render_html(dossier, language)
    fetcher = LocalOnlyFetcher()
    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher)
    document = HTML(string=html, base_url=str(PACKAGE_DIR), url_fetcher=fetcher)
    return bytes(document.write_pdf(stylesheets=[stylesheet]))
