"""Show a secret URL or key without revealing it. Pure: no Django import."""

from __future__ import annotations

from urllib.parse import urlsplit

DOT = "\u2022"


def mask_secret(value: str, *, keep: int = 4) -> str:
    """``••••3f2a``: only the last ``keep`` characters survive (nothing if too short)."""
    if not value:
        return ""
    if len(value) <= keep * 2:
        return DOT * 4
    return DOT * 4 + value[-keep:]


def mask_url(url: str, *, keep: int = 4) -> str:
    """``https://hooks.slack.com/…/••••3f2a``: scheme and host only, plus the last characters."""
    if not url:
        return ""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return mask_secret(url, keep=keep)
    host = parts.hostname or ""
    tail = url.rstrip("/")[-keep:] if len(url) > keep * 3 else ""
    return f"{parts.scheme}://{host}/\u2026/{DOT * 4}{tail}"
