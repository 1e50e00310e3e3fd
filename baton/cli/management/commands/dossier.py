"""``baton dossier ACCOUNT_ID_OR_DOMAIN --lang fr|en --format md|pdf [-o FILE]``.

Markdown goes to standard output unless ``-o`` names a file; a PDF always needs ``-o``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from baton.accounts.export import supported_languages
from baton.accounts.export.lookup import account_by_reference
from baton.accounts.export.markdown import render_markdown
from baton.accounts.selectors import dossier
from baton.core.errors import NotFoundError


class Command(BaseCommand):
    help = "Export an account dossier as Markdown (to stdout or a file) or as PDF (to a file)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("account", help="the account id, or one of its web domains")
        parser.add_argument(
            "--lang",
            choices=supported_languages(),
            default=settings.LANGUAGE_CODE,
            help="language of the dossier (default: %(default)s)",
        )
        parser.add_argument(
            "--format", choices=["md", "pdf"], default="md", help="default: %(default)s"
        )
        parser.add_argument("-o", "--output", type=Path, help="file to write (required for pdf)")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path | None = options["output"]
        language: str = options["lang"]
        if options["format"] == "pdf" and output is None:
            raise CommandError("a PDF needs a file: add -o dossier.pdf")
        try:
            account = account_by_reference(options["account"])
        except NotFoundError as error:
            raise CommandError(error.reason) from error
        data = dossier(account=account)
        if output is None:
            self.stdout.write(render_markdown(data, language), ending="")
            return
        if options["format"] == "pdf":
            from baton.accounts.export.pdf import render_pdf  # WeasyPrint: slow to import

            output.write_bytes(render_pdf(data, language))
        else:
            output.write_text(render_markdown(data, language), encoding="utf-8")
        self.stdout.write(f"wrote {output}")
