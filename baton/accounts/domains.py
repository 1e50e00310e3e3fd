"""Web domains: normalisation and the free-mail list. Pure (no Django)."""

from __future__ import annotations

import re

# Consumer mailboxes never identify a company: an event from these domains matches no account.
FREE_MAIL_DOMAINS: frozenset[str] = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.fr",
        "hotmail.com",
        "hotmail.fr",
        "outlook.com",
        "outlook.fr",
        "live.com",
        "live.fr",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "laposte.net",
        "neuf.fr",
        "bbox.fr",
        "gmx.com",
        "gmx.fr",
        "gmx.de",
        "web.de",
        "protonmail.com",
        "proton.me",
        "yandex.com",
        "mail.com",
        "zoho.com",
        "tutanota.com",
    }
)

_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DOMAIN_RE = re.compile(rf"^(?:{_LABEL}\.)+[a-z]{{2,63}}$")
SEPARATORS = re.compile(r"[;|,\s]+")


class InvalidDomainError(ValueError):
    pass


def normalize_domain(raw: str) -> str:
    """``"https://www.Acme.fr/pricing"`` → ``"acme.fr"``. Raise ``InvalidDomainError``."""
    value = raw.strip().lower()
    if "@" in value:
        value = value.rsplit("@", 1)[1]
    value = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value)
    value = value.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    value = value.split(":", 1)[0].rstrip(".")
    if value.startswith("www."):
        value = value[4:]
    if not _DOMAIN_RE.match(value):
        raise InvalidDomainError(f"{raw.strip()!r} is not a web domain (expected e.g. acme.fr)")
    return value


def split_domains(raw: str) -> list[str]:
    """Several domains in one cell, separated by ``;``, ``|``, ``,`` or spaces; deduplicated."""
    seen: list[str] = []
    for part in SEPARATORS.split(raw.strip()):
        if part:
            domain = normalize_domain(part)
            if domain not in seen:
                seen.append(domain)
    return seen


def is_free_mail(domain: str) -> bool:
    return domain in FREE_MAIL_DOMAINS


def candidate_domains(domain: str) -> list[str]:
    """The domain and its parents, most specific first: ``eu.shop.acme.fr`` → … ``acme.fr``."""
    parts = domain.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)]
