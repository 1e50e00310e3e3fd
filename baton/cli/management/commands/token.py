"""``baton token create|list|revoke``: personal API tokens, shown once at creation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from baton.users.models import ApiToken, User
from baton.users.selectors import token_list
from baton.users.services import token_create, token_revoke


# No selector reads a user by email or a token by id alone yet: two small reads here.
def _user(email: str) -> User:
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        raise CommandError(_("email: no user with email %(email)s") % {"email": email})
    return user


def _when(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


class Command(BaseCommand):
    help = "Create, list and revoke personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token for a user.")
        create.add_argument("email")
        create.add_argument("--name", default="CLI")
        listing = actions.add_parser("list", help="List a user's tokens.")
        listing.add_argument("email")
        revoke = actions.add_parser("revoke", help="Revoke a token by its id.")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _create(self, options: dict[str, Any]) -> None:
        user = _user(options["email"])
        token, raw = token_create(user=user, name=options["name"])
        self.stdout.write(
            _("Token %(id)s (%(name)s) created for %(email)s. Copy it now, it is shown only once:")
            % {"id": token.pk, "name": token.name, "email": user.email}
        )
        self.stdout.write(raw)

    def _list(self, options: dict[str, Any]) -> None:
        user = _user(options["email"])
        tokens = list(token_list(user=user))
        if not tokens:
            self.stdout.write(_("No API tokens for %(email)s.") % {"email": user.email})
            return
        header = (_("id"), _("name"), _("prefix"), _("created"), _("last used"), _("status"))
        rows = [header] + [
            (
                str(t.pk),
                t.name,
                f"{t.prefix}…",
                _when(t.created_at),
                _when(t.last_used_at),
                _("active") if t.is_active else _("revoked %(on)s") % {"on": _when(t.revoked_at)},
            )
            for t in tokens
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        for row in rows:
            line = "  ".join(f"{cell:<{w}}" for cell, w in zip(row, widths, strict=True))
            self.stdout.write(line.rstrip())

    def _revoke(self, options: dict[str, Any]) -> None:
        token = ApiToken.objects.select_related("user").filter(pk=options["token_id"]).first()
        if token is None:
            raise CommandError(
                _("token_id: no API token with id %(id)s") % {"id": options["token_id"]}
            )
        if not token.is_active:
            self.stdout.write(
                _("Token %(id)s was already revoked on %(on)s.")
                % {"id": token.pk, "on": _when(token.revoked_at)}
            )
            return
        token_revoke(token=token, actor=token.user)
        self.stdout.write(
            _("Token %(id)s (%(name)s) of %(email)s revoked.")
            % {"id": token.pk, "name": token.name, "email": token.user.email}
        )
