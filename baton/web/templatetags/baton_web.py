"""Small template helpers of the app shell."""

from __future__ import annotations

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value: timedelta | None) -> int:
    """Whole minutes of a duration (rounded up), e.g. the login lockout cool-off."""
    if value is None:
        return 0
    seconds = int(value.total_seconds())
    return -(-seconds // 60)
