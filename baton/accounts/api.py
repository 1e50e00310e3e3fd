"""REST endpoints for accounts, contacts, signals and the dossier."""

from ninja import Router

router = Router(tags=["accounts"])
