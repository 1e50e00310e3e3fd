"""REST endpoints of the handovers app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["handovers"])
