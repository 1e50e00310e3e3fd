"""POST a body to a webhook with a timeout and classify the answer.

2xx: delivered. 429: transient, honouring ``Retry-After``. Other 4xx: permanent. 5xx, timeouts
and connection errors: transient. URLs are secrets: errors never include them.
"""

from __future__ import annotations

import logging

import httpx
from django.utils import timezone

from baton.notifications.backoff import parse_retry_after
from baton.notifications.channels.base import PermanentError, TransientError

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
USER_AGENT = "Baton-Notifications/1"

# httpx logs every request URL at INFO; webhook URLs are secrets (Slack's carry the token).
for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).setLevel(logging.WARNING)


def post(url: str, body: bytes, headers: dict[str, str]) -> None:
    all_headers = {"User-Agent": USER_AGENT, "Content-Type": "application/json", **headers}
    try:
        response = httpx.post(url, content=body, headers=all_headers, timeout=TIMEOUT)
    except httpx.TimeoutException:
        raise TransientError("timed out waiting for the receiver") from None
    except httpx.TransportError as exc:
        raise TransientError(f"could not reach the receiver ({type(exc).__name__})") from None
    status = response.status_code
    if 200 <= status < 300:
        return
    detail = response.text[:200].strip()
    reason = f"HTTP {status}" + (f": {detail}" if detail else "")
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("Retry-After"), now=timezone.now())
        raise TransientError(reason, status=status, retry_after=retry_after)
    if 400 <= status < 500 and status not in (408, 425):
        raise PermanentError(reason, status=status)
    raise TransientError(reason, status=status)
