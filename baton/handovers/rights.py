"""Who may start a handover, in one place for the pages' buttons (the service enforces it)."""

from __future__ import annotations

from typing import Any

from baton.core.permissions import can
from baton.core.roles import Perm
from baton.handovers import states


def may_propose(user: Any) -> bool:
    """Whether ``user`` may propose a handover: edits accounts and is marketing's (or admin)."""
    return can(user, Perm.EDIT_ACCOUNT) and states.may_propose(str(getattr(user, "role", "")))
