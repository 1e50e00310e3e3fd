"""Find the account an export is about, by id or by one of its web domains (for the CLI)."""

from __future__ import annotations

from baton.accounts.domains import InvalidDomainError, normalize_domain
from baton.accounts.models import Account, AccountDomain
from baton.accounts.selectors import account_get
from baton.core.errors import NotFoundError


def account_by_reference(reference: str) -> Account:
    """``"42"`` → account 42; ``"acme.fr"`` or ``"https://www.acme.fr/"`` → the account owning
    that domain. Raise ``NotFoundError`` otherwise."""
    reference = reference.strip()
    if reference.isdigit():
        return account_get(pk=int(reference))
    try:
        domain = normalize_domain(reference)
    except InvalidDomainError as error:
        raise NotFoundError(
            f"{reference!r} is neither an account id nor a web domain", field="account"
        ) from error
    match = AccountDomain.objects.filter(domain=domain).values_list("account_id", flat=True)
    account_id = match.first()
    if account_id is None:
        raise NotFoundError(f"no account with the domain {domain}", field="account")
    return account_get(pk=account_id)
