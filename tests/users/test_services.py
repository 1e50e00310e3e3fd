from collections.abc import Callable

import pytest

from baton.core.errors import ConflictError, DomainError
from baton.core.models import AuditEvent
from baton.users.models import User
from baton.users.services import (
    user_change_role,
    user_create,
    user_deactivate,
    user_reactivate,
    user_set_language,
    user_update_profile,
)


def test_create_rejects_unknown_role_and_language(db: None) -> None:
    with pytest.raises(DomainError) as exc:
        user_create(email="a@example.com", role="owner", password=None)
    assert exc.value.field == "role"
    with pytest.raises(DomainError) as exc:
        user_create(email="a@example.com", role="marketing", password=None, language="de")
    assert exc.value.field == "language"
    assert not User.objects.exists()


def test_role_change_to_the_same_role_writes_nothing(users: dict[str, User]) -> None:
    user_change_role(user=users["marketing"], role="marketing", actor=users["admin"])
    assert not AuditEvent.objects.filter(action="user.role_changed").exists()


def test_second_admin_may_step_down(users: dict[str, User], make_user: Callable[..., User]) -> None:
    second = make_user("admin")
    changed = user_change_role(user=second, role="leadership", actor=users["admin"], reason="r")
    assert (changed.role, changed.is_staff) == ("leadership", False)
    event = AuditEvent.objects.get(action="user.role_changed")
    assert (event.reason, event.changes) == ("r", {"role": ["admin", "leadership"]})
    with pytest.raises(ConflictError):
        user_change_role(user=users["admin"], role="marketing", actor=users["admin"])


def test_last_admin_cannot_be_deactivated_by_another_admin_once_alone(
    users: dict[str, User], make_user: Callable[..., User]
) -> None:
    second = make_user("admin")
    user_deactivate(user=users["admin"], actor=second)
    with pytest.raises(ConflictError):
        user_deactivate(user=second, actor=second)
    second.refresh_from_db()
    assert second.is_active is True


def test_deactivate_and_reactivate_are_idempotent(users: dict[str, User]) -> None:
    rep, admin = users["sales_rep"], users["admin"]
    user_deactivate(user=rep, actor=admin)
    user_deactivate(user=rep, actor=admin)
    user_reactivate(user=rep, actor=admin)
    user_reactivate(user=rep, actor=admin)
    actions = list(
        AuditEvent.objects.filter(target_id=str(rep.pk), action__startswith="user.")
        .exclude(action="user.created")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["user.deactivated", "user.reactivated"]


def test_language_and_profile_updates_only_audit_real_changes(users: dict[str, User]) -> None:
    user = users["leadership"]
    user_set_language(user=user, language="en")
    user_update_profile(
        user=user, first_name=user.first_name, last_name=user.last_name, language="en"
    )
    assert not AuditEvent.objects.exclude(action="user.created").exists()
    with pytest.raises(DomainError):
        user_set_language(user=user, language="xx")
