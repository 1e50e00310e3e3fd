"""REST endpoints of the notifications app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["notifications"])
