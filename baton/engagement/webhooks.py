"""Signature of the interactions webhook. Pure: no Django.

``Baton-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`` with the
source's secret. The timestamp must be within :data:`TOLERANCE_SECONDS` of our clock (both
ways), so a captured request cannot be replayed later; the comparison is constant-time. Several
``v1=`` values are accepted (a sender may sign with the old and the new secret while rotating).
"""

from __future__ import annotations

import hashlib
import hmac

TOLERANCE_SECONDS = 300
SIGNATURE_HEADER = "Baton-Signature"
SOURCE_HEADER = "Baton-Source"


class SignatureError(Exception):
    """The request is not signed, or not by this source, or not recently: answer 401."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The header value a sender computes (also used by the docs and the tests)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def parse_header(header: str) -> tuple[int, list[str]]:
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                raise SignatureError("the t= timestamp must be unix seconds") from None
        elif key == "v1":
            signatures.append(value.strip().lower())
    if timestamp is None or not signatures:
        raise SignatureError("the Baton-Signature header must be t=<unix seconds>,v1=<hex>")
    return timestamp, signatures


def verify(*, secret: str, header: str | None, body: bytes, now: float) -> None:
    """Return if ``header`` signs ``body`` with ``secret`` recently; else ``SignatureError``."""
    if not header:
        raise SignatureError(f"missing {SIGNATURE_HEADER} header")
    timestamp, signatures = parse_header(header)
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        raise SignatureError(
            f"the signature timestamp is more than {TOLERANCE_SECONDS} s away from our clock"
        )
    expected = sign(secret, body, timestamp).rsplit("v1=", 1)[1]
    matched = False
    for candidate in signatures:
        matched |= hmac.compare_digest(expected.encode(), candidate.encode())
    if not matched:
        raise SignatureError("the signature does not match the body and the source's secret")
