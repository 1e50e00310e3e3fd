"""Writes for users and API tokens. Each change of state appends an audit row."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baton.core.busy import write_if_free
from baton.core.errors import ConflictError, DomainError
from baton.core.models import record
from baton.core.roles import Role
from baton.users.models import ApiToken, LanguageChoices, User, hash_token, new_raw_token


def _check_role(role: str) -> None:
    try:
        Role(role)
    except ValueError as exc:
        roles = ", ".join(r.value for r in Role)
        raise DomainError(
            _("Unknown role “%(role)s”; use one of %(roles)s.") % {"role": role, "roles": roles},
            field="role",
        ) from exc


def _check_language(language: str) -> None:
    if language not in LanguageChoices.values:
        raise DomainError(
            _("Unsupported language “%(language)s”.") % {"language": language}, field="language"
        )


def user_create(
    *,
    email: str,
    role: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    language: str = LanguageChoices.FR,
    actor: User | None = None,
) -> User:
    _check_role(role)
    _check_language(language)
    email = email.strip().lower()
    if not email or "@" not in email:
        raise DomainError(_("A valid email address is required."), field="email")
    if User.objects.filter(email=email).exists():
        raise DomainError(
            _("A user with email %(email)s already exists.") % {"email": email}, field="email"
        )
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=password,
            role=role,
            first_name=first_name,
            last_name=last_name,
            language=language,
            is_staff=role == Role.ADMIN,
        )
        record(actor=actor, action="user.created", target=user, changes={"role": [None, role]})
    return user


def user_set_language(*, user: User, language: str) -> User:
    """Persist the interface language chosen by ``user`` (a personal setting)."""
    _check_language(language)
    if user.language != language:
        with transaction.atomic():
            before = user.language
            user.language = language
            user.save(update_fields=["language"])
            record(
                actor=user,
                action="user.language_changed",
                target=user,
                changes={"language": [before, language]},
            )
    return user


def user_update_profile(*, user: User, first_name: str, last_name: str, language: str) -> User:
    """The personal settings each user may change: their name and interface language."""
    _check_language(language)
    new = {"first_name": first_name.strip(), "last_name": last_name.strip(), "language": language}
    changes = {f: [getattr(user, f), v] for f, v in new.items() if getattr(user, f) != v}
    if changes:
        with transaction.atomic():
            for field, value in new.items():
                setattr(user, field, value)
            user.save(update_fields=list(changes))
            record(actor=user, action="user.profile_updated", target=user, changes=changes)
    return user


def _lock(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


def _refuse_losing_last_admin(user: User) -> None:
    others = (
        User.objects.select_for_update()
        .filter(role=Role.ADMIN.value, is_active=True)
        .exclude(pk=user.pk)
    )
    if user.role == Role.ADMIN and user.is_active and not others.exists():
        raise ConflictError(
            _("%(user)s is the last active administrator; appoint another one first.")
            % {"user": user.display_name}
        )


def user_change_role(*, user: User, role: str, actor: User, reason: str = "") -> User:
    """Give ``user`` another role. The last active administrator keeps theirs."""
    _check_role(role)
    with transaction.atomic():
        locked = _lock(user)
        if locked.role == role:
            return locked
        if role != Role.ADMIN:
            _refuse_losing_last_admin(locked)
        before = locked.role
        locked.role = role
        locked.is_staff = role == Role.ADMIN
        locked.save(update_fields=["role", "is_staff"])
        record(
            actor=actor,
            action="user.role_changed",
            target=locked,
            changes={"role": [before, role]},
            reason=reason,
        )
    return locked


def user_deactivate(*, user: User, actor: User, reason: str = "") -> User:
    """Block sign-in and API access for ``user``; their history stays."""
    if user.pk == actor.pk:
        raise ConflictError(_("You cannot deactivate your own account."))
    with transaction.atomic():
        locked = _lock(user)
        if not locked.is_active:
            return locked
        _refuse_losing_last_admin(locked)
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        record(
            actor=actor,
            action="user.deactivated",
            target=locked,
            changes={"is_active": [True, False]},
            reason=reason,
        )
    return locked


def user_reactivate(*, user: User, actor: User, reason: str = "") -> User:
    with transaction.atomic():
        locked = _lock(user)
        if locked.is_active:
            return locked
        locked.is_active = True
        locked.save(update_fields=["is_active"])
        record(
            actor=actor,
            action="user.reactivated",
            target=locked,
            changes={"is_active": [False, True]},
            reason=reason,
        )
    return locked


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; return it with the raw value, which is never stored nor shown again."""
    name = name.strip()[:100] or "API"
    raw = new_raw_token()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=raw[:10], token_hash=hash_token(raw)
        )
        record(actor=user, action="token.created", target=token, changes={"name": [None, name]})
    return token, raw


def token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record(actor=actor, action="token.revoked", target=token)
    return token


def token_authenticate(raw: str) -> User | None:
    """The active user owning the active token ``raw``, or None."""
    if not raw:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw.strip()), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        # A stamp, not a record: skipped while an import holds SQLite's write lock.
        write_if_free(lambda: ApiToken.objects.filter(pk=token.pk).update(last_used_at=now))
    return token.user
