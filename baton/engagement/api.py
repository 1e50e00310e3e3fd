"""REST endpoints of the engagement app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["engagement"])
