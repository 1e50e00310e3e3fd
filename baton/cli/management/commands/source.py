"""``baton source create NAME [--slug CODE] | list | rotate CODE``: webhook sources.

The secret is printed once, at creation or rotation; ``list`` shows it masked.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baton.core.errors import DomainError
from baton.engagement import cli, selectors, services


class Command(BaseCommand):
    help = "Create, list and rotate the secrets of webhook sources (signed interactions)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a source and print its secret.")
        create.add_argument("name")
        create.add_argument("--slug", default="", help="its code (default: from the name)")
        actions.add_parser("list", help="List the sources (secrets masked).")
        rotate = actions.add_parser("rotate", help="Give a source a new secret.")
        rotate.add_argument("slug")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            try:
                source = services.ingest_source_create(
                    actor=None, name=options["name"], slug=options["slug"]
                )
            except DomainError as exc:
                raise CommandError(exc.reason, returncode=2) from None
            lines = cli.created_lines(source)
        elif action == "list":
            lines = cli.list_lines(selectors.source_list())
        else:
            found = selectors.source_by_slug(options["slug"])
            if found is None:
                raise CommandError(cli.unknown_source(options["slug"]), returncode=2)
            lines = cli.rotated_lines(services.ingest_source_rotate(actor=None, source=found))
        self.stdout.write("\n".join(lines))
