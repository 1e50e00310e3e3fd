import pytest

from baton.core.roles import READ_ONLY, ROLE_PERMISSIONS, Perm, Role, role_allows


@pytest.mark.parametrize(
    ("role", "perm", "allowed"),
    [
        ("leadership", Perm.VIEW, True),
        ("leadership", Perm.EDIT_ACCOUNT, False),
        ("leadership", Perm.EDIT_DOSSIER, False),
        ("leadership", Perm.IMPORT, False),
        ("marketing", Perm.EDIT_ACCOUNT, True),
        ("marketing", Perm.IMPORT, True),
        ("marketing", Perm.MANAGE_USERS, False),
        ("sales_rep", Perm.EDIT_DOSSIER, True),
        ("sales_rep", Perm.EDIT_ACCOUNT, False),
        ("sales_manager", Perm.EDIT_ACCOUNT, True),
        ("sales_manager", Perm.IMPORT, False),
        ("admin", Perm.CONFIGURE, True),
        ("nobody", Perm.VIEW, False),
        (None, Perm.VIEW, False),
    ],
)
def test_role_allows(role: str | None, perm: Perm, allowed: bool) -> None:
    assert role_allows(role, perm) is allowed


def test_leadership_is_read_only() -> None:
    assert ROLE_PERMISSIONS[Role.LEADERSHIP] == READ_ONLY
    assert {Perm.VIEW, Perm.USE_API} == READ_ONLY
