"""The importer kinds known to the CLI (``baton import KIND FILE``) and the upload page.

Dotted paths, loaded on demand so that ``baton.core`` does not import the apps at start-up.
A later importer (interactions, deals, costs) adds one line here.
"""

from __future__ import annotations

from typing import Any

from django.utils.module_loading import import_string

IMPORTERS: dict[str, str] = {
    "accounts": "baton.accounts.importers.AccountImporter",
    "contacts": "baton.accounts.importers.ContactImporter",
    "interactions": "baton.engagement.importers.InteractionImporter",
    "deals": "baton.metrics.importers.DealImporter",
    "costs": "baton.metrics.importers.CostImporter",
}


def kinds() -> list[str]:
    return list(IMPORTERS)


def importer_class(kind: str) -> type[Any]:
    """The importer class of ``kind``; ``KeyError`` for an unknown kind."""
    return import_string(IMPORTERS[kind])  # type: ignore[no-any-return]
