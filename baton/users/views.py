"""User pages: profile, language, personal API tokens, and users administration.

Views only parse input, call a service or a selector, and render.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from baton.core.errors import DomainError
from baton.core.permissions import require
from baton.core.roles import Perm
from baton.users import selectors, services
from baton.users.forms import ProfileForm, RoleForm, TokenCreateForm, UserCreateForm
from baton.users.models import LanguageChoices, RoleChoices, User


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _me(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # @require lets only signed-in users through
        raise PermissionDenied
    return user


# ---------- Language (public: anonymous visitors may switch too) ----------


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch the interface language: saved on the user when signed in, always in the cookie.

    Public on purpose: the sign-in page offers the switch to anonymous visitors. Django's
    ``set_language`` validates ``next`` and sets the language cookie.
    """
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in LanguageChoices.values:
        services.user_set_language(user=_me(request), language=language)
    return set_language(request)


# ---------- Profile ----------


@require(Perm.VIEW)
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.user_update_profile(user=me, **form.cleaned_data)
            translation.activate(me.language)  # confirm in the language just chosen
            messages.success(request, _("Your profile is saved."))
            return redirect("users:profile")
    else:
        form = ProfileForm(
            initial={
                "first_name": me.first_name,
                "last_name": me.last_name,
                "language": me.language,
            }
        )
    return render(request, "users/profile.html", {"form": form, "me": me})


# ---------- Personal API tokens ----------


@never_cache
@require(Perm.USE_API)
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """List the caller's tokens; on POST create one and show its raw value on this response only."""
    me = _me(request)
    raw_token = None
    new_token = None
    status = 200
    if request.method == "POST":
        form = TokenCreateForm(request.POST)
        if form.is_valid():
            new_token, raw_token = services.token_create(user=me, name=form.cleaned_data["name"])
            form = TokenCreateForm()
            status = 201
        else:
            status = 400
    else:
        form = TokenCreateForm()
    context = {
        "form": form,
        "tokens": selectors.token_list(user=me),
        "new_token": new_token,
        "raw_token": raw_token,
    }
    return render(request, "users/tokens.html", context, status=status)


@require(Perm.USE_API)
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    me = _me(request)
    try:
        token = selectors.token_get(user=me, token_id=token_id)
    except DomainError as exc:
        return _not_found(request, exc)
    services.token_revoke(token=token, actor=me)
    if _is_htmx(request):
        return render(request, "users/_token_row.html", {"token": token})
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("users:tokens")


def _not_found(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(request, "404.html", {"reason": exc.reason}, status=404)


# ---------- Users administration ----------


def _row_context(request: HttpRequest, user: User, **extra: Any) -> dict[str, Any]:
    return {"u": user, "me": _me(request), "role_choices": RoleChoices.choices, **extra}


@require(Perm.MANAGE_USERS)
@require_GET
def user_admin_list(request: HttpRequest) -> HttpResponse:
    context = {
        "user_rows": selectors.user_list(),
        "me": _me(request),
        "role_choices": RoleChoices.choices,
    }
    return render(request, "users/admin_list.html", context)


@require(Perm.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_admin_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = UserCreateForm(request.POST)
        if form.is_valid():
            try:
                user = services.user_create(actor=_me(request), **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.reason)
            else:
                messages.success(
                    request, _("%(user)s can now sign in.") % {"user": user.display_name}
                )
                return redirect("users:admin_list")
    else:
        form = UserCreateForm(initial={"language": LanguageChoices.FR})
    status = 400 if form.is_bound else 200
    return render(request, "users/admin_create.html", {"form": form}, status=status)


def _admin_change(
    request: HttpRequest,
    user_id: int,
    service: Callable[..., User],
    notice: str,
    **kwargs: Any,
) -> HttpResponse:
    """Run one users-administration service on ``user_id`` and answer row (HTMX) or page."""
    try:
        user = selectors.user_get(user_id=user_id)
    except DomainError as exc:
        return _not_found(request, exc)
    try:
        user = service(user=user, actor=_me(request), **kwargs)
    except DomainError as exc:
        if _is_htmx(request):
            context = _row_context(request, user, row_error=exc.reason)
            return render(request, "users/_user_row.html", context)
        messages.error(request, exc.reason)
        return redirect("users:admin_list")
    text = notice % {"user": user.display_name}
    if _is_htmx(request):
        return render(request, "users/_user_row.html", _row_context(request, user, row_notice=text))
    messages.success(request, text)
    return redirect("users:admin_list")


@require(Perm.MANAGE_USERS)
@require_POST
def user_admin_role(request: HttpRequest, user_id: int) -> HttpResponse:
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed roles."))
        return redirect("users:admin_list")
    return _admin_change(
        request,
        user_id,
        services.user_change_role,
        _("%(user)s has a new role."),
        role=form.cleaned_data["role"],
    )


@require(Perm.MANAGE_USERS)
@require_POST
def user_admin_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _admin_change(
        request,
        user_id,
        services.user_deactivate,
        _("%(user)s is deactivated and can no longer sign in."),
    )


@require(Perm.MANAGE_USERS)
@require_POST
def user_admin_reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _admin_change(
        request, user_id, services.user_reactivate, _("%(user)s can sign in again.")
    )
