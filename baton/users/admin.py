"""Django admin: a read-only view for operators. Changes go through the app's pages
(users administration, API tokens), whose services write the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from baton.users.models import ApiToken, User


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = (
        "email",
        "first_name",
        "last_name",
        "role",
        "language",
        "is_absent",
        "is_active",
    )
    list_filter = ("role", "language", "is_absent", "is_active")
    search_fields = ("email", "first_name", "last_name")
    exclude = ("password",)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__email")
    exclude = ("token_hash",)
