"""Importers of the target account list and of the buying committee (issue Foundation §8).

Rows are validated by the API's input schemas (``baton.accounts.schemas``) and written by the
services (``baton.accounts.services``), which check clashes and write the audit rows. Lookups
are made once per batch.

Upsert keys — re-importing a corrected file updates, never duplicates:
- accounts: the external id; else any of the domains; else the exact name (case-insensitive);
- contacts: the external id; else the email; else first and last name on the same account.
A blank cell leaves the stored value as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import ValidationError

from baton.accounts.domains import InvalidDomainError, candidate_domains, normalize_domain
from baton.accounts.models import Account, AccountDomain, Contact
from baton.accounts.schemas import AccountCreate, AccountUpdate, ContactCreate, ContactUpdate
from baton.accounts.services import (
    account_update,
    accounts_bulk_create,
    contact_create,
    contact_update,
    new_account,
)
from baton.core.errors import DomainError
from baton.core.importing.parsing import (
    Cell,
    as_text,
    normalise_word,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
)
from baton.core.importing.report import ImportSummary, RowError
from baton.core.importing.runner import Column, Importer, Row


class RowRejectedError(Exception):
    def __init__(self, error: RowError) -> None:
        super().__init__(error.reason)
        self.error = error


_TIERS = {
    "1": "tier_1", "t1": "tier_1", "tier1": "tier_1", "tier_1": "tier_1",
    "2": "tier_2", "t2": "tier_2", "tier2": "tier_2", "tier_2": "tier_2",
    "3": "tier_3", "t3": "tier_3", "tier3": "tier_3", "tier_3": "tier_3",
}  # fmt: skip
_COMMITTEE_ROLES = {
    "decideur": "decision_maker",
    "decideur_final": "decision_maker",
    "decision_maker": "decision_maker",
    "champion": "champion",
    "sponsor": "champion",
    "sponsor_interne": "champion",
    "influenceur": "influencer",
    "influencer": "influencer",
    "utilisateur": "end_user",
    "utilisateur_final": "end_user",
    "end_user": "end_user",
    "bloqueur": "blocker",
    "blocker": "blocker",
    "inconnu": "unknown",
    "unknown": "unknown",
}
_BOOLEANS = frozenset({"is_target", "is_identified", "is_reachable", "is_engaged"})


def _choice(value: Cell, table: dict[str, str]) -> str:
    text = as_text(value)
    return table.get(normalise_word(text), text)


_PARSERS: dict[str, Callable[[Cell], Any]] = {
    "employees": parse_int,
    "annual_revenue": parse_decimal,
    "targeted_on": parse_date,
    "tier": lambda value: _choice(value, _TIERS),
    "committee_role": lambda value: _choice(value, _COMMITTEE_ROLES),
    **dict.fromkeys(_BOOLEANS, parse_bool),
}


def _convert(field_name: str, value: Cell) -> Any:
    """A cell as the schema wants it; ``ValueError`` with the reason when unreadable."""
    return _PARSERS.get(field_name, as_text)(value)


def _fields(
    row: Row, importer: Importer[Any], skip: Sequence[str] = ()
) -> tuple[dict[str, Any], list[RowError]]:
    data: dict[str, Any] = {}
    errors: list[RowError] = []
    for name, cell in row.values.items():
        if name in skip:
            continue
        try:
            data[name] = _convert(name, cell)
        except ValueError as exc:
            errors.append(importer.error(row.line, name, exc))
    return data, errors


# ---------------------------------------------------------------------------------------------
# Accounts


@dataclass
class _AccountIndex:
    by_ext: dict[str, Account] = field(default_factory=dict)
    by_domain: dict[str, Account] = field(default_factory=dict)
    by_name: dict[str, list[Account]] = field(default_factory=dict)
    domains_of: dict[int, list[str]] = field(default_factory=dict)
    pending_domains: dict[int, list[str]] = field(default_factory=dict)  # by id() of unsaved

    def domains(self, account: Account) -> list[str]:
        if account.pk is None:
            return self.pending_domains.get(id(account), [])
        return self.domains_of.get(account.pk, [])

    @classmethod
    def load(cls, rows: Sequence[AccountCreate]) -> _AccountIndex:
        """Every account a row of the batch may designate, in three queries."""
        index = cls()
        ext_ids = {r.external_id for r in rows if r.external_id}
        names = {r.name.lower() for r in rows}
        links = list(
            AccountDomain.objects.filter(
                domain__in={d for r in rows for d in r.domains or []}
            ).values_list("domain", "account_id")
        )
        accounts = Account.objects.annotate(lname=Lower("name")).filter(
            Q(external_id__in=ext_ids) | Q(pk__in={a for _, a in links}) | Q(lname__in=names)
        )
        by_pk = {a.pk: a for a in accounts}
        for account in by_pk.values():
            if account.external_id in ext_ids:
                index.by_ext[str(account.external_id)] = account
            if account.name.lower() in names:
                index.by_name.setdefault(account.name.lower(), []).append(account)
        index.by_domain = {domain: by_pk[account_id] for domain, account_id in links}
        for account_id, domain in (
            AccountDomain.objects.filter(account_id__in=by_pk)
            .order_by("account_id", "-is_primary", "domain")
            .values_list("account_id", "domain")
        ):
            index.domains_of.setdefault(account_id, []).append(domain)
        return index

    def add(self, account: Account, domains: list[str]) -> None:
        if account.external_id:
            self.by_ext[account.external_id] = account
        for domain in domains:
            self.by_domain[domain] = account
        same = [
            a
            for a in self.by_name.get(account.name.lower(), [])
            if a is not account and (a.pk is None or a.pk != account.pk)
        ]
        self.by_name[account.name.lower()] = [*same, account]
        if account.pk is None:
            self.pending_domains[id(account)] = domains
        else:
            self.domains_of[account.pk] = domains


class AccountImporter(Importer[AccountCreate]):
    kind = "accounts"
    label = gettext_lazy("Accounts")
    columns = (
        Column("name", gettext_lazy("Company name (required)"), "Acme Industrie"),
        Column(
            "domain",
            gettext_lazy("Web domains, several separated by ; or | (the first is the main one)"),
            "acme-industrie.fr;acme.com",
        ),
        Column("industry", gettext_lazy("Industry"), "Industrie"),
        Column("employees", gettext_lazy("Number of employees"), "250"),
        Column("annual_revenue", gettext_lazy("Estimated revenue"), "12 500 000"),
        Column("country", gettext_lazy("Two-letter country code"), "FR"),
        Column("territory", gettext_lazy("Sales territory"), "Nord"),
        Column("tier", gettext_lazy("ABM tier: tier_1, tier_2 or tier_3"), "tier_1"),
        Column(
            "targeting_reason", gettext_lazy("Why we target them"), "Met at the 2026 trade fair"
        ),
        Column("external_id", gettext_lazy("Id in your CRM"), "CRM-0001"),
        Column("region", gettext_lazy("Region"), default=False),
        Column("revenue_currency", gettext_lazy("Currency of the revenue"), default=False),
        Column("is_target", gettext_lazy("Target account (yes/no)"), default=False),
        Column("targeted_on", gettext_lazy("Added to the target list on"), default=False),
        Column("journey_stage", gettext_lazy("Journey stage"), default=False),
    )
    required = (("name",),)
    aliases = {
        "nom": "name",
        "compte": "name",
        "societe": "name",
        "entreprise": "name",
        "raison_sociale": "name",
        "company": "name",
        "company_name": "name",
        "account_name": "name",
        "domains": "domain",
        "domaine": "domain",
        "domaines": "domain",
        "site_web": "domain",
        "website": "domain",
        "secteur": "industry",
        "secteur_d_activite": "industry",
        "effectif": "employees",
        "salaries": "employees",
        "ca": "annual_revenue",
        "ca_estime": "annual_revenue",
        "chiffre_d_affaires": "annual_revenue",
        "revenue": "annual_revenue",
        "pays": "country",
        "territoire": "territory",
        "raison_du_ciblage": "targeting_reason",
        "id_externe": "external_id",
    }

    def __init__(self, *, actor: Any = None) -> None:
        super().__init__(actor=actor)
        self._seen_ext: dict[str, int] = {}
        self._seen_domains: dict[str, int] = {}
        self._seen_names: dict[str, int] = {}

    def validate_row(self, row: Row) -> AccountCreate | list[RowError]:
        data, errors = _fields(row, self)
        errors = self.required_errors(row) + errors
        if "domain" in data:
            data["domains"] = data.pop("domain")
        try:
            if errors:  # still report every other bad cell of the row
                AccountUpdate.model_validate(data)
                return errors
            return AccountCreate.model_validate(data)
        except ValidationError as exc:
            return errors + self.schema_errors(row.line, exc, {"domains": "domain"})

    def _reject(self, line: int, field_name: str, reason: str) -> RowRejectedError:
        return RowRejectedError(self.error(line, field_name, reason))

    def _check_duplicate(self, line: int, data: AccountCreate) -> None:
        """A key seen earlier in the same file: report, do not merge silently."""
        if data.external_id and data.external_id in self._seen_ext:
            raise self._reject(
                line,
                "external_id",
                _("the external id %(id)s is already on line %(line)s")
                % {"id": data.external_id, "line": self._seen_ext[data.external_id]},
            )
        for domain in data.domains or []:
            if domain in self._seen_domains:
                raise self._reject(
                    line,
                    "domain",
                    _("the domain %(domain)s is already on line %(line)s")
                    % {"domain": domain, "line": self._seen_domains[domain]},
                )
        name = data.name.lower()
        if not data.external_id and not data.domains and name in self._seen_names:
            raise self._reject(
                line,
                "name",
                _("same account as line %(line)s (no domain or external id to tell them apart)")
                % {"line": self._seen_names[name]},
            )
        if data.external_id:
            self._seen_ext[data.external_id] = line
        for domain in data.domains or []:
            self._seen_domains[domain] = line
        self._seen_names.setdefault(name, line)

    def _match(self, line: int, data: AccountCreate, index: _AccountIndex) -> Account | None:
        domains = data.domains or []
        if data.external_id and data.external_id in index.by_ext:
            account = index.by_ext[data.external_id]
            for domain in domains:
                other = index.by_domain.get(domain)
                if other is not None and other.pk != account.pk:
                    raise self._reject(
                        line,
                        "domain",
                        _(
                            "the domain %(domain)s belongs to the account %(other)s, not to "
                            "%(account)s (external id %(id)s)"
                        )
                        % {
                            "domain": domain,
                            "other": other.name,
                            "account": account.name,
                            "id": data.external_id,
                        },
                    )
            return account
        owners = {
            index.by_domain[d].pk: index.by_domain[d] for d in domains if d in index.by_domain
        }
        if len(owners) > 1:
            raise self._reject(
                line,
                "domain",
                _("these domains belong to different accounts: %(accounts)s")
                % {"accounts": ", ".join(sorted(a.name for a in owners.values()))},
            )
        if owners:
            account = next(iter(owners.values()))
            if data.external_id and account.external_id:
                domain = next(d for d in domains if d in index.by_domain)
                raise self._reject(
                    line,
                    "domain",
                    _(
                        "the domain %(domain)s belongs to the account %(account)s whose external "
                        "id is %(theirs)s, not %(ours)s"
                    )
                    % {
                        "domain": domain,
                        "account": account.name,
                        "theirs": account.external_id,
                        "ours": data.external_id,
                    },
                )
            return account
        matches = index.by_name.get(data.name.lower(), [])
        if data.external_id:
            matches = [m for m in matches if not m.external_id]
        if domains:
            matches = [m for m in matches if not index.domains(m)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1 and not data.external_id and not domains:
            raise self._reject(
                line,
                "name",
                _("several accounts are named %(name)s; add a domain or an external id")
                % {"name": data.name},
            )
        return None

    def _changes(
        self, account: Account, data: AccountCreate, index: _AccountIndex
    ) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        for name in data.model_fields_set:
            value = getattr(data, name)
            if name == "domains":
                current = index.domains(account)
                if value and (not current or set(value) != set(current) or value[0] != current[0]):
                    changes[name] = value
            elif getattr(account, name) != value:
                changes[name] = value
        return changes

    def apply_batch(
        self, rows: Sequence[tuple[int, AccountCreate]], summary: ImportSummary
    ) -> None:
        accepted: list[tuple[int, AccountCreate]] = []
        for line, data in rows:
            try:
                self._check_duplicate(line, data)
            except RowRejectedError as exc:
                summary.reject([exc.error])
            else:
                accepted.append((line, data))
        index = _AccountIndex.load([data for _, data in accepted])
        pending: list[tuple[AccountCreate, Account]] = []

        def flush() -> None:
            accounts_bulk_create(actor=self.actor, items=pending)
            for data, account in pending:
                index.add(account, data.domains or [])
                summary.count("created")
            pending.clear()

        for line, data in accepted:
            try:
                account = self._match(line, data, index)
                if account is not None and account.pk is None:
                    flush()  # a later row of the batch designates an account not saved yet
                if account is None:
                    account = new_account(data)
                    pending.append((data, account))
                    index.add(account, data.domains or [])
                    continue
                changes = self._changes(account, data, index)
                if not changes:
                    summary.count("unchanged")
                    continue
                update = AccountUpdate.model_construct(_fields_set=set(changes), **changes)
                account = account_update(actor=self.actor, account=account, data=update)
                index.add(account, changes.get("domains", index.domains(account)))
                summary.count("updated")
            except RowRejectedError as exc:
                summary.reject([exc.error])
            except DomainError as exc:
                name = "domain" if exc.field == "domains" else (exc.field or "")
                summary.reject([self.error(line, name, exc.reason)])
        flush()


# ---------------------------------------------------------------------------------------------
# Contacts


@dataclass(frozen=True)
class ContactRow:
    data: ContactCreate
    account_domain: str | None
    account_name: str | None


@dataclass
class _ContactIndex:
    account_by_domain: dict[str, Account] = field(default_factory=dict)
    accounts_by_name: dict[str, list[Account]] = field(default_factory=dict)
    by_ext: dict[str, Contact] = field(default_factory=dict)
    by_email: dict[str, Contact] = field(default_factory=dict)
    by_name: dict[tuple[int, str, str], list[Contact]] = field(default_factory=dict)

    @classmethod
    def load(cls, rows: Sequence[ContactRow]) -> _ContactIndex:
        index = cls()
        domains = {c for r in rows if r.account_domain for c in candidate_domains(r.account_domain)}
        for link in AccountDomain.objects.filter(domain__in=domains).select_related("account"):
            index.account_by_domain[link.domain] = link.account
        names = {r.account_name.lower() for r in rows if r.account_name}
        for account in Account.objects.annotate(lname=Lower("name")).filter(lname__in=names):
            index.accounts_by_name.setdefault(account.name.lower(), []).append(account)
        ext_ids = {r.data.external_id for r in rows if r.data.external_id}
        emails = {r.data.email for r in rows if r.data.email}
        for contact in Contact.objects.filter(external_id__in=ext_ids):
            index.by_ext[str(contact.external_id)] = contact
        for contact in Contact.with_emails(emails):
            index.by_email[contact.email.lower()] = contact
        account_ids = {a.pk for a in index.account_by_domain.values()}
        account_ids |= {a.pk for accounts in index.accounts_by_name.values() for a in accounts}
        first_names = {r.data.first_name.lower() for r in rows}
        people = Contact.objects.annotate(lfirst=Lower("first_name")).filter(
            account_id__in=account_ids, lfirst__in=first_names
        )
        for contact in people:
            index.add_name(contact)
        return index

    def add_name(self, contact: Contact) -> None:
        key = (contact.account_id, contact.first_name.lower(), contact.last_name.lower())
        self.by_name.setdefault(key, []).append(contact)

    def add(self, contact: Contact) -> None:
        if contact.external_id:
            self.by_ext[contact.external_id] = contact
        if contact.email:
            self.by_email[contact.email.lower()] = contact
        self.add_name(contact)


class ContactImporter(Importer[ContactRow]):
    kind = "contacts"
    label = gettext_lazy("Contacts (buying committee)")
    columns = (
        Column("first_name", gettext_lazy("First name (required)"), "Claire"),
        Column("last_name", gettext_lazy("Last name"), "Martin"),
        Column("email", gettext_lazy("Email"), "claire.martin@acme-industrie.fr"),
        Column("title", gettext_lazy("Job title"), "Directrice des achats"),
        Column(
            "linkedin_url", gettext_lazy("LinkedIn profile"), "https://www.linkedin.com/in/cmartin"
        ),
        Column(
            "committee_role",
            gettext_lazy(
                "Committee role: decision_maker, champion, influencer, end_user, blocker, unknown"
            ),
            "decision_maker",
        ),
        Column(
            "account_domain",
            gettext_lazy("Web domain of the account (or give account_name)"),
            "acme-industrie.fr",
        ),
        Column("account_name", gettext_lazy("Exact name of the account"), "Acme Industrie"),
        Column("external_id", gettext_lazy("Id in your CRM"), default=False),
        Column("phone", gettext_lazy("Phone"), default=False),
        Column("topics", gettext_lazy("Topics of interest"), default=False),
        Column("approach", gettext_lazy("Approach"), default=False),
        Column("notes", gettext_lazy("Notes"), default=False),
        Column("is_identified", gettext_lazy("Identified (yes/no)"), default=False),
        Column("is_reachable", gettext_lazy("Reachable (yes/no)"), default=False),
        Column("is_engaged", gettext_lazy("Engaged (yes/no)"), default=False),
    )
    required = (("first_name",), ("account_domain", "account_name"))
    aliases = {
        "prenom": "first_name",
        "firstname": "first_name",
        "nom": "last_name",
        "nom_de_famille": "last_name",
        "lastname": "last_name",
        "e_mail": "email",
        "mail": "email",
        "courriel": "email",
        "fonction": "title",
        "poste": "title",
        "job_title": "title",
        "linkedin": "linkedin_url",
        "role": "committee_role",
        "role_dans_le_comite": "committee_role",
        "domaine": "account_domain",
        "domaine_du_compte": "account_domain",
        "domain": "account_domain",
        "compte": "account_name",
        "societe": "account_name",
        "entreprise": "account_name",
        "company": "account_name",
        "telephone": "phone",
        "id_externe": "external_id",
    }

    def __init__(self, *, actor: Any = None) -> None:
        super().__init__(actor=actor)
        self._seen_ext: dict[str, int] = {}
        self._seen_emails: dict[str, int] = {}

    def validate_row(self, row: Row) -> ContactRow | list[RowError]:
        data, errors = _fields(row, self, skip=("account_domain", "account_name"))
        errors = self.required_errors(row) + errors
        domain: str | None = None
        if "account_domain" in row.values:
            try:
                domain = normalize_domain(as_text(row.values["account_domain"]))
            except InvalidDomainError as exc:
                errors.append(self.error(row.line, "account_domain", exc))
        try:
            if errors:  # still report every other bad cell of the row
                ContactUpdate.model_validate(data)
                return errors
            contact = ContactCreate.model_validate(data)
        except ValidationError as exc:
            return errors + self.schema_errors(row.line, exc)
        name = as_text(row.values["account_name"]) if "account_name" in row.values else None
        return ContactRow(data=contact, account_domain=domain, account_name=name)

    def _reject(self, line: int, field_name: str, reason: str) -> RowRejectedError:
        return RowRejectedError(self.error(line, field_name, reason))

    def _check_duplicate(self, line: int, data: ContactCreate) -> None:
        if data.external_id and data.external_id in self._seen_ext:
            raise self._reject(
                line,
                "external_id",
                _("the external id %(id)s is already on line %(line)s")
                % {"id": data.external_id, "line": self._seen_ext[data.external_id]},
            )
        if data.email and data.email in self._seen_emails:
            raise self._reject(
                line,
                "email",
                _("the email %(email)s is already on line %(line)s")
                % {"email": data.email, "line": self._seen_emails[data.email]},
            )
        if data.external_id:
            self._seen_ext[data.external_id] = line
        if data.email:
            self._seen_emails[data.email] = line

    def _account(self, line: int, row: ContactRow, index: _ContactIndex) -> Account:
        if row.account_domain:
            for candidate in candidate_domains(row.account_domain):
                if candidate in index.account_by_domain:
                    return index.account_by_domain[candidate]
            if not row.account_name:
                raise self._reject(
                    line,
                    "account_domain",
                    _("no account has the domain %(domain)s (import the accounts first)")
                    % {"domain": row.account_domain},
                )
        name = row.account_name or ""
        matches = index.accounts_by_name.get(name.lower(), [])
        if len(matches) > 1:
            raise self._reject(
                line,
                "account_name",
                _("several accounts are named %(name)s; give account_domain instead")
                % {"name": name},
            )
        if not matches:
            raise self._reject(
                line,
                "account_name",
                _("no account is named %(name)s (import the accounts first)") % {"name": name},
            )
        return matches[0]

    def _match(self, row: ContactRow, account: Account, index: _ContactIndex) -> Contact | None:
        data = row.data
        if data.external_id and data.external_id in index.by_ext:
            return index.by_ext[data.external_id]
        if data.email and data.email in index.by_email:
            return index.by_email[data.email]
        key = (account.pk, data.first_name.lower(), (data.last_name or "").lower())
        matches = [
            c
            for c in index.by_name.get(key, [])
            if (not c.email or c.email.lower() == (data.email or ""))
            and (not c.external_id or c.external_id == data.external_id)
        ]
        return matches[0] if len(matches) == 1 else None

    def apply_batch(self, rows: Sequence[tuple[int, ContactRow]], summary: ImportSummary) -> None:
        accepted: list[tuple[int, ContactRow]] = []
        for line, row in rows:
            try:
                self._check_duplicate(line, row.data)
            except RowRejectedError as exc:
                summary.reject([exc.error])
            else:
                accepted.append((line, row))
        index = _ContactIndex.load([row for _, row in accepted])
        for line, row in accepted:
            try:
                account = self._account(line, row, index)
                contact = self._match(row, account, index)
                if contact is None:
                    contact = contact_create(actor=self.actor, account=account, data=row.data)
                    index.add(contact)
                    summary.count("created")
                    continue
                if contact.account_id != account.pk:
                    column = "account_domain" if row.account_domain else "account_name"
                    raise self._reject(
                        line,
                        column,
                        _("%(person)s is already on the account %(account)s")
                        % {"person": contact.full_name, "account": contact.account.name},
                    )
                changes = {
                    name: getattr(row.data, name)
                    for name in row.data.model_fields_set
                    if getattr(contact, name) != getattr(row.data, name)
                }
                if not changes:
                    summary.count("unchanged")
                    continue
                update = ContactUpdate.model_construct(_fields_set=set(changes), **changes)
                contact = contact_update(actor=self.actor, contact=contact, data=update)
                index.add(contact)
                summary.count("updated")
            except RowRejectedError as exc:
                summary.reject([exc.error])
            except DomainError as exc:
                summary.reject([self.error(line, exc.field or "", exc.reason)])
