"""The roles of SPEC R-0 and what each may do. One table, read by one check.

Pure: no Django import, so rules, services and tests can use it anywhere.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    MARKETING = "marketing"
    SALES_REP = "sales_rep"
    SALES_MANAGER = "sales_manager"
    LEADERSHIP = "leadership"
    ADMIN = "admin"


class Perm(StrEnum):
    """What a request may need. Every view and endpoint names one of these."""

    VIEW = "view"  # read accounts, dossiers, boards, metrics
    EDIT_ACCOUNT = "edit_account"  # firmographics, targeting, owners
    EDIT_DOSSIER = "edit_dossier"  # context, signals, committee members
    IMPORT = "import"  # bulk imports (accounts, contacts, interactions, deals, costs)
    MANAGE_USERS = "manage_users"
    CONFIGURE = "configure"  # rules, SLAs, integrations, targets
    USE_API = "use_api"  # create one's own API tokens


READ_ONLY: frozenset[Perm] = frozenset({Perm.VIEW, Perm.USE_API})

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.LEADERSHIP: READ_ONLY,
    Role.MARKETING: READ_ONLY | {Perm.EDIT_ACCOUNT, Perm.EDIT_DOSSIER, Perm.IMPORT},
    Role.SALES_REP: READ_ONLY | {Perm.EDIT_DOSSIER},
    Role.SALES_MANAGER: READ_ONLY | {Perm.EDIT_ACCOUNT, Perm.EDIT_DOSSIER},
    Role.ADMIN: frozenset(Perm),
}

WRITE_PERMISSIONS: frozenset[Perm] = frozenset(Perm) - READ_ONLY


def role_allows(role: str | None, perm: Perm) -> bool:
    """True when ``role`` grants ``perm``. Unknown or missing roles grant nothing."""
    if role is None:
        return False
    try:
        return perm in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False
