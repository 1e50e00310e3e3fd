"""The account dossier as Markdown and as PDF, in French or English (SPEC R-1.6).

``document.build_document`` turns a ``selectors.Dossier`` into plain, localized strings;
``markdown.render_markdown`` and ``pdf.render_pdf`` lay that document out.
"""

from __future__ import annotations

from django.conf import settings


def supported_languages() -> list[str]:
    """The language codes an export may be rendered in (``fr``, ``en``)."""
    return [code for code, _name in settings.LANGUAGES]


class UnsupportedLanguageError(ValueError):
    def __init__(self, language: str) -> None:
        super().__init__(
            f"unknown language {language!r}: use one of {', '.join(supported_languages())}"
        )
        self.language = language


def check_language(language: str) -> str:
    """``language`` when Baton speaks it, else ``UnsupportedLanguageError``."""
    if language not in supported_languages():
        raise UnsupportedLanguageError(language)
    return language
