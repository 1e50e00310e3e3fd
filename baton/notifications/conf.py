"""Tunables of delivery, with their defaults. Override in settings (see README.md)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from baton.notifications.backoff import RetryPolicy

# Seconds between two messages on one channel: Slack incoming webhooks allow about 1 per
# second; Teams Workflows webhooks throttle bursts too.
DEFAULT_MIN_INTERVAL = {"slack": 1.0, "teams": 0.5, "webhook": 0.0, "email": 0.0}


def retry_policy() -> RetryPolicy:
    return RetryPolicy(
        base_seconds=float(getattr(settings, "BATON_NOTIFICATIONS_RETRY_BASE_SECONDS", 30)),
        cap_seconds=float(getattr(settings, "BATON_NOTIFICATIONS_RETRY_CAP_SECONDS", 3600)),
        horizon=timedelta(hours=float(getattr(settings, "BATON_NOTIFICATIONS_HORIZON_HOURS", 24))),
    )


def lease() -> timedelta:
    """How long a claimed row belongs to its worker before another may take it over."""
    return timedelta(seconds=int(getattr(settings, "BATON_NOTIFICATIONS_LEASE_SECONDS", 300)))


def batch_size() -> int:
    return int(getattr(settings, "BATON_NOTIFICATIONS_BATCH_SIZE", 20))


def min_interval(channel: str) -> float:
    overrides = getattr(settings, "BATON_NOTIFICATIONS_MIN_INTERVAL", {})
    return float(overrides.get(channel, DEFAULT_MIN_INTERVAL.get(channel, 0.0)))
