"""Which account and contact an interaction belongs to (SPEC R-2.1).

Rules, in order:

1. the company domains of the event: the ``domain`` given by the source (the visiting
   company), then the domain of the ``email``; free-mail domains (gmail.com, orange.fr, …)
   are never company domains;
2. each company domain is looked up with its parents (``eu.shop.acme.fr`` → ``shop.acme.fr``
   → ``acme.fr``) among the domains of every account (an account may have several);
3. the contact is found by email (case-insensitive); when no domain matched, the contact's
   account is the event's account (a known person writing from a personal address); when a
   domain matched another account, the contact is left out;
4. nothing matched: the event is stored unmatched, with its domain, and listed on the
   "unmatched" page.

:class:`Matcher` loads what a batch needs in two queries (domains with one ``IN`` over every
candidate domain, contacts with one ``IN`` over the emails) and the assets once; it never
queries per event. A file import loads every domain once, looks each email up once, and
remembers the match of each ``(domain, email)`` pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from baton.accounts.domains import candidate_domains, is_free_mail
from baton.accounts.models import AccountDomain, Contact

if TYPE_CHECKING:
    from baton.engagement.schemas import InteractionIn

# Words in a page address → page category, first match wins (French and English sites).
_PAGE_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pricing", ("pricing", "tarif", "prix", "price", "devis")),
    ("case_study", ("case-stud", "case_stud", "etude-de-cas", "cas-client", "temoignage",
                    "customer", "clients", "references")),
    ("contact", ("contact",)),
    ("blog", ("blog", "article", "actualite", "news")),
    ("product", ("product", "produit", "solution", "fonctionnalite", "feature", "platform",
                 "plateforme")),
)  # fmt: skip


def page_category_for(url: str) -> str:
    """The category of a visited page from its address; ``other`` when nothing says."""
    path = url.lower().split("?", 1)[0].split("#", 1)[0]
    if "://" in path:
        path = path.split("://", 1)[1].partition("/")[2]
    for category, words in _PAGE_HINTS:
        if any(word in path for word in words):
            return category
    return "other"


def email_domain(email: str | None) -> str | None:
    if not email or "@" not in email:
        return None
    return email.rsplit("@", 1)[1].lower()


def event_domains(domain: str | None, email: str | None) -> list[str]:
    """The domains an event carries: the given company domain first, then the email's."""
    out: list[str] = []
    for item in (domain, email_domain(email)):
        if item and item not in out:
            out.append(item)
    return out


def company_domains(domains: Iterable[str]) -> list[str]:
    return [d for d in domains if not is_free_mail(d)]


@dataclass(frozen=True)
class Match:
    domain: str  # stored on the event: the matched domain, else the first company domain
    account_id: int | None
    contact_id: int | None
    free_mail: bool  # only personal addresses: can never match a company by domain


# Beyond these sizes the memos of a long import start afresh (bounded memory).
MEMO_LIMIT = 200_000


class Matcher:
    """Matches the events of one batch; build it once per import and call :meth:`load`.

    Matching only depends on the event's ``(domain, email)`` pair, so each pair is worked out
    once and remembered (a file repeats the same companies and people many times).
    """

    def __init__(self, *, all_domains: bool = False) -> None:
        """``all_domains``: load every account domain once (a file import) instead of the
        candidate domains of each batch (an API call)."""
        self.all_domains = all_domains
        self.by_domain: dict[str, int] = {}
        self.contacts: dict[str, tuple[int, int] | None] = {}  # email → (contact, account)
        self._domains_loaded = False
        self._memo: dict[tuple[str | None, str | None], Match] = {}

    def load(self, events: Iterable[InteractionIn]) -> None:
        """Fetch the domains and contacts of these events (at most two queries)."""
        self.prepare((event.domain, event.email) for event in events)

    def prepare(self, pairs: Iterable[tuple[str | None, str | None]]) -> None:
        """Fetch what these ``(domain, email)`` pairs need (at most two queries). A file
        import keeps what it fetched: only emails not seen yet are looked up."""
        candidates: set[str] = set()
        emails: set[str] = set()
        for domain, email in pairs:
            if not self.all_domains:
                for company in company_domains(event_domains(domain, email)):
                    candidates.update(candidate_domains(company))
            if email:
                emails.add(email)
        domains = AccountDomain.objects.values_list("domain", "account_id")
        if self.all_domains:
            if not self._domains_loaded:
                self.by_domain = dict(domains)
                self._domains_loaded = True
            if len(self.contacts) > MEMO_LIMIT or len(self._memo) > MEMO_LIMIT:
                self.contacts, self._memo = {}, {}
            # Per email of the batch: ``set.difference_update(dict)`` would walk every
            # email seen so far, once per batch (quadratic over a big file).
            known = self.contacts
            emails = {email for email in emails if email not in known}
        else:
            self.by_domain = dict(domains.filter(domain__in=candidates)) if candidates else {}
            self.contacts, self._memo = {}, {}
        if emails:
            rows = Contact.with_emails(emails).values_list("email", "pk", "account_id")
            found = {email.lower(): (pk, account_id) for email, pk, account_id in rows}
            for email in emails:
                self.contacts[email] = found.get(email)

    def match(self, event: InteractionIn) -> Match:
        return self.match_fields(event.domain, event.email)

    def match_fields(self, domain: str | None, email: str | None) -> Match:
        """The match of an event carrying ``domain`` and ``email`` (loaded by :meth:`prepare`)."""
        key = (domain, email)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._match(domain, email)
        return found

    def _match(self, domain: str | None, email: str | None) -> Match:
        domains = event_domains(domain, email)
        companies = company_domains(domains)
        account_id: int | None = None
        stored = companies[0] if companies else (domains[0] if domains else "")
        for company in companies:
            for candidate in candidate_domains(company):
                if candidate in self.by_domain:
                    account_id = self.by_domain[candidate]
                    stored = company
                    break
            if account_id is not None:
                break
        contact_id: int | None = None
        person = self.contacts.get(email) if email else None
        if person is not None:
            pk, contact_account = person
            if account_id is None:
                account_id = contact_account
            if contact_account == account_id:
                contact_id = pk
        return Match(
            domain=stored,
            account_id=account_id,
            contact_id=contact_id,
            free_mail=bool(domains) and not companies,
        )
