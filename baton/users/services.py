"""Writes for users and API tokens."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from baton.core.errors import DomainError
from baton.core.models import record
from baton.core.roles import Role
from baton.users.models import ApiToken, LanguageChoices, User, hash_token, new_raw_token


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
    try:
        Role(role)
    except ValueError as exc:
        roles = ", ".join(r.value for r in Role)
        raise DomainError(f"unknown role {role!r}; use one of {roles}", field="role") from exc
    email = email.strip().lower()
    if not email or "@" not in email:
        raise DomainError("a valid email address is required", field="email")
    if User.objects.filter(email=email).exists():
        raise DomainError(f"a user with email {email} already exists", field="email")
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
    if language not in LanguageChoices.values:
        raise DomainError(f"unsupported language {language!r}", field="language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; return it with the raw value, which is never stored nor shown again."""
    name = name.strip() or "API"
    raw = new_raw_token()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100], prefix=raw[:10], token_hash=hash_token(raw)
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
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
