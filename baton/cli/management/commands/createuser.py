"""``baton createuser EMAIL --role ROLE``: add a user; print a generated password once."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from baton.core.errors import DomainError
from baton.core.roles import Role
from baton.users.models import LanguageChoices
from baton.users.services import user_create


def generate_password() -> str:
    """24 URL-safe random characters (144 bits)."""
    return secrets.token_urlsafe(18)


class Command(BaseCommand):
    help = "Create a Baton user. Without --password, a strong one is generated."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--role", required=True, help=", ".join(role.value for role in Role))
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--language", choices=LanguageChoices.values, default=LanguageChoices.FR
        )
        parser.add_argument("--password", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] or generate_password()
        try:
            user = user_create(
                email=options["email"],
                role=options["role"],
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
                language=options["language"],
            )
        except DomainError as exc:
            raise CommandError(f"{exc.field}: {exc.reason}") from exc
        self.stdout.write(
            _("Created user %(email)s (role %(role)s, language %(language)s).")
            % {"email": user.email, "role": user.role, "language": user.language}
        )
        if not options["password"]:
            self.stdout.write(
                _("Password (shown only once): %(password)s") % {"password": password}
            )
