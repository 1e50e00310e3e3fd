"""REST endpoints of the qualification app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["qualification"])
