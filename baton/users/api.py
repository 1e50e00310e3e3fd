"""REST endpoints about the caller (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["users"])
