"""Importers of deals and costs (R-5.3), kinds ``deals`` and ``costs`` of ``baton import``.

* **Deals**: upsert on the external id (required: CRM exports always carry one). The stage is
  kept by name; its status comes from it — won (``won``, ``Closed Won``, ``Gagné``…), lost
  (``lost``, ``Closed Lost``, ``Perdu``…), any other name is an open stage. A won or lost deal
  needs its close date. A changed stage appends a stage-history row (time per stage).
* **Costs**: upsert on the external id when the file has one; otherwise a row equal to a stored
  cost (category, date, amount, currency, account, campaign, description) is ``unchanged``, so
  re-importing a file never duplicates. Sales time is ``hours x hourly_rate`` when no amount is
  given. A cost belongs to an account or to a campaign (allocated to accounts by the metrics).
* **Accounts** are matched by external id (``account_id``), else by web domain (a sub-domain
  finds its parent), else by exact name (case-insensitive, only when one account has it). A row
  naming an account that matches none is rejected with the reason (unmatched rows are
  reported); a row that names no account is imported without one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baton.accounts.domains import InvalidDomainError, candidate_domains, normalize_domain
from baton.accounts.models import Account, AccountDomain, CostCategory, CostEntry, Deal
from baton.core.importing.parsing import as_text, normalise_word, parse_date, parse_decimal
from baton.core.importing.report import ImportSummary, RowError
from baton.core.importing.runner import Column, Importer, Row
from baton.core.money import CURRENCIES, DEFAULT_CURRENCY
from baton.metrics.formulas import stage_status
from baton.metrics.services import cost_upsert, deal_upsert

ACCOUNT_REFS = ("account_id", "account_domain", "account_name")
_ACCOUNT_ALIASES = {
    "compte": "account_name",
    "societe": "account_name",
    "entreprise": "account_name",
    "company": "account_name",
    "account": "account_name",
    "domaine": "account_domain",
    "domain": "account_domain",
    "id_compte": "account_id",
    "account_external_id": "account_id",
}
_CATEGORIES = {
    "marketing_spend": "marketing_spend",
    "marketing": "marketing_spend",
    "depenses_marketing": "marketing_spend",
    "depense_marketing": "marketing_spend",
    "media": "marketing_spend",
    "sales_time": "sales_time",
    "temps_commercial": "sales_time",
    "temps_commerciaux": "sales_time",
    "temps_de_vente": "sales_time",
    "sales": "sales_time",
    "content": "content",
    "contenu": "content",
    "production_de_contenu": "content",
    "content_production": "content",
    "technology": "technology",
    "technologie": "technology",
    "outils": "technology",
    "tools": "technology",
    "training": "training",
    "formation": "training",
}


@dataclass(frozen=True)
class AccountRef:
    external_id: str = ""
    domain: str = ""
    name: str = ""

    @property
    def given(self) -> bool:
        return bool(self.external_id or self.domain or self.name)


@dataclass(frozen=True)
class DealRow:
    external_id: str
    account: AccountRef
    owner_email: str
    values: dict[str, Any]


@dataclass(frozen=True)
class CostRow:
    external_id: str
    account: AccountRef
    values: dict[str, Any]


class RowRejectedError(Exception):
    def __init__(self, error: RowError) -> None:
        super().__init__(error.reason)
        self.error = error


class _Accounts:
    """The accounts a batch names, in three queries."""

    def __init__(self, refs: Sequence[AccountRef]) -> None:
        ext = {r.external_id for r in refs if r.external_id}
        names = {r.name.lower() for r in refs if r.name}
        domains = {c for r in refs if r.domain for c in candidate_domains(r.domain)}
        self.by_domain = dict(
            AccountDomain.objects.filter(domain__in=domains).values_list("domain", "account_id")
        )
        self.by_ext: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = {}
        for pk, external_id, lname in (
            Account.objects.annotate(lname=Lower("name"))
            .filter(Q(external_id__in=ext) | Q(lname__in=names))
            .values_list("id", "external_id", "lname")
        ):
            if external_id in ext:
                self.by_ext[external_id] = pk
            if lname in names:
                self.by_name.setdefault(lname, []).append(pk)

    def find(self, ref: AccountRef, importer: Importer[Any], line: int) -> int | None:
        if not ref.given:
            return None
        if ref.external_id and ref.external_id in self.by_ext:
            return self.by_ext[ref.external_id]
        if ref.domain:
            for candidate in candidate_domains(ref.domain):
                if candidate in self.by_domain:
                    return self.by_domain[candidate]
        if ref.name:
            matches = self.by_name.get(ref.name.lower(), [])
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise RowRejectedError(
                    importer.error(
                        line,
                        "account_name",
                        _("several accounts are named %(name)s; give account_domain instead")
                        % {"name": ref.name},
                    )
                )
        field = next(
            f
            for f, v in zip(ACCOUNT_REFS, (ref.external_id, ref.domain, ref.name), strict=True)
            if v
        )
        shown = ref.external_id or ref.domain or ref.name
        raise RowRejectedError(
            importer.error(line, field, _("no account matches %(value)s") % {"value": shown})
        )


def _account_ref(row: Row, importer: Importer[Any], errors: list[RowError]) -> AccountRef:
    domain = ""
    if "account_domain" in row.values:
        try:
            domain = normalize_domain(as_text(row.values["account_domain"]))
        except InvalidDomainError as exc:
            errors.append(importer.error(row.line, "account_domain", exc))
    return AccountRef(
        external_id=as_text(row.values.get("account_id")),
        domain=domain,
        name=as_text(row.values.get("account_name")),
    )


def _parse(
    row: Row, importer: Importer[Any], name: str, parser: Any, errors: list[RowError]
) -> Any:
    if name not in row.values:
        return None
    try:
        return parser(row.values[name])
    except ValueError as exc:
        errors.append(importer.error(row.line, name, exc))
        return None


def _currency(row: Row, importer: Importer[Any], errors: list[RowError]) -> str:
    code = as_text(row.values.get("currency")).upper() or DEFAULT_CURRENCY
    if code not in CURRENCIES:
        errors.append(
            importer.error(
                row.line,
                "currency",
                _("must be one of %(codes)s (got %(value)s)")
                % {"codes": ", ".join(CURRENCIES), "value": code},
            )
        )
    return code


def _not_negative(
    row: Row, importer: Importer[Any], name: str, value: Decimal | None, errors: list[RowError]
) -> None:
    if value is not None and value < 0:
        errors.append(importer.error(row.line, name, _("cannot be negative")))


# == deals ==


class DealImporter(Importer[DealRow]):
    kind = "deals"
    label = gettext_lazy("Deals")
    columns = (
        Column("external_id", gettext_lazy("Id of the deal in your CRM (required)"), "DEAL-001"),
        Column("name", gettext_lazy("Deal name (required)"), "Acme — licences 2026"),
        Column("amount", gettext_lazy("Amount (required)"), "45 000"),
        Column("currency", gettext_lazy("Currency: EUR, USD, GBP, CHF, CAD"), "EUR"),
        Column(
            "stage",
            gettext_lazy(
                "Stage (required): won / closed won / gagné, lost / perdu, or any open stage name"
            ),
            "Proposition",
        ),
        Column("created_on", gettext_lazy("Created on (required)"), "15/03/2026"),
        Column("closed_on", gettext_lazy("Closed on (required when won or lost)"), ""),
        Column("source", gettext_lazy("Source (webinar, outbound, partner…)"), "webinar"),
        Column("account_id", gettext_lazy("External id of the account"), "CRM-0001"),
        Column("account_domain", gettext_lazy("Web domain of the account"), "acme.fr"),
        Column("account_name", gettext_lazy("Exact name of the account"), "Acme Industrie"),
        Column("owner", gettext_lazy("Email of the deal owner"), "", default=False),
        Column("expected_close_on", gettext_lazy("Expected close"), "", default=False),
    )
    required = (("external_id",), ("name",), ("amount",), ("stage",), ("created_on",))
    aliases = {
        **_ACCOUNT_ALIASES,
        "deal_id": "external_id",
        "id": "external_id",
        "id_externe": "external_id",
        "deal_name": "name",
        "nom": "name",
        "nom_du_deal": "name",
        "opportunite": "name",
        "montant": "amount",
        "devise": "currency",
        "etape": "stage",
        "deal_stage": "stage",
        "statut": "stage",
        "date_de_creation": "created_on",
        "create_date": "created_on",
        "created": "created_on",
        "cree_le": "created_on",
        "close_date": "closed_on",
        "date_de_cloture": "closed_on",
        "closed": "closed_on",
        "origine": "source",
        "proprietaire": "owner",
        "deal_owner": "owner",
    }

    def __init__(self, *, actor: Any = None) -> None:
        super().__init__(actor=actor)
        self._seen: dict[str, int] = {}

    def validate_row(self, row: Row) -> DealRow | list[RowError]:
        errors = self.required_errors(row)
        amount = _parse(row, self, "amount", parse_decimal, errors)
        _not_negative(row, self, "amount", amount, errors)
        created = _parse(row, self, "created_on", parse_date, errors)
        closed = _parse(row, self, "closed_on", parse_date, errors)
        expected = _parse(row, self, "expected_close_on", parse_date, errors)
        currency = _currency(row, self, errors)
        stage = as_text(row.values.get("stage"))
        status = stage_status(stage).value if stage else "open"
        if status != "open" and closed is None and "closed_on" not in {e.field for e in errors}:
            errors.append(self.error(row.line, "closed_on", _("required for a won or lost deal")))
        if status == "open":
            closed = None
        if created and closed and closed < created:
            errors.append(self.error(row.line, "closed_on", _("before the creation date")))
        ref = _account_ref(row, self, errors)
        if errors:
            return errors
        values: dict[str, Any] = {
            "name": as_text(row.values["name"])[:200],
            "amount": amount,
            "currency": currency,
            "stage": stage[:100],
            "status": status,
            "created_on": created,
            "closed_on": closed,
            "source": as_text(row.values.get("source"))[:100],
        }
        if expected is not None:
            values["expected_close_on"] = expected
        return DealRow(
            external_id=as_text(row.values["external_id"]),
            account=ref,
            owner_email=as_text(row.values.get("owner")).lower(),
            values=values,
        )

    def apply_batch(self, rows: Sequence[tuple[int, DealRow]], summary: ImportSummary) -> None:
        accounts = _Accounts([r.account for _, r in rows])
        existing = Deal.objects.in_bulk([r.external_id for _, r in rows], field_name="external_id")
        emails = {r.owner_email for _, r in rows if r.owner_email}
        owners = {
            u.email.lower(): u.pk
            for u in get_user_model().objects.filter(email__in=emails)
            if emails
        }
        for line, row in rows:
            try:
                if row.external_id in self._seen:
                    raise RowRejectedError(
                        self.error(
                            line,
                            "external_id",
                            _("the external id %(id)s is already on line %(line)s")
                            % {"id": row.external_id, "line": self._seen[row.external_id]},
                        )
                    )
                self._seen[row.external_id] = line
                values = dict(row.values)
                if row.account.given:
                    values["account_id"] = accounts.find(row.account, self, line)
                if row.owner_email:
                    if row.owner_email not in owners:
                        raise RowRejectedError(
                            self.error(
                                line,
                                "owner",
                                _("no user has the email %(email)s") % {"email": row.owner_email},
                            )
                        )
                    values["owner_id"] = owners[row.owner_email]
                current = existing.get(row.external_id)
                if current is None:
                    values["external_id"] = row.external_id
                _deal, outcome = deal_upsert(actor=self.actor, deal=current, values=values)
                summary.count(outcome)
            except RowRejectedError as exc:
                summary.reject([exc.error])


# == costs ==


class CostImporter(Importer[CostRow]):
    kind = "costs"
    label = gettext_lazy("Costs")
    columns = (
        Column(
            "category",
            gettext_lazy(
                "Category (required): marketing_spend, sales_time, content, "
                "technology, training (French names accepted)"
            ),
            "marketing_spend",
        ),
        Column("amount", gettext_lazy("Amount (or hours and hourly_rate)"), "2 500"),
        Column("currency", gettext_lazy("Currency: EUR, USD, GBP, CHF, CAD"), "EUR"),
        Column("incurred_on", gettext_lazy("Date (required)"), "31/03/2026"),
        Column("hours", gettext_lazy("Hours (sales time)"), ""),
        Column("hourly_rate", gettext_lazy("Hourly rate (sales time)"), ""),
        Column("campaign", gettext_lazy("Campaign (a cost on a campaign)"), "Salon Lyon"),
        Column("account_id", gettext_lazy("External id of the account"), ""),
        Column("account_domain", gettext_lazy("Web domain of the account"), ""),
        Column("account_name", gettext_lazy("Exact name of the account"), ""),
        Column("description", gettext_lazy("Description"), "Stand"),
        Column("external_id", gettext_lazy("Id in your finance tool"), "", default=False),
    )
    required = (("category",), ("incurred_on",))
    aliases = {
        **_ACCOUNT_ALIASES,
        "categorie": "category",
        "type": "category",
        "montant": "amount",
        "devise": "currency",
        "date": "incurred_on",
        "heures": "hours",
        "taux_horaire": "hourly_rate",
        "campagne": "campaign",
        "libelle": "description",
        "id_externe": "external_id",
    }

    def __init__(self, *, actor: Any = None) -> None:
        super().__init__(actor=actor)
        self._seen: dict[str, int] = {}

    def validate_row(self, row: Row) -> CostRow | list[RowError]:
        errors = self.required_errors(row)
        category = ""
        if "category" in row.values:
            text = as_text(row.values["category"])
            category = _CATEGORIES.get(normalise_word(text), "")
            if not category:
                errors.append(
                    self.error(
                        row.line,
                        "category",
                        _("must be one of %(codes)s (got %(value)s)")
                        % {"codes": ", ".join(CostCategory.values), "value": text},
                    )
                )
        amount = _parse(row, self, "amount", parse_decimal, errors)
        hours = _parse(row, self, "hours", parse_decimal, errors)
        rate = _parse(row, self, "hourly_rate", parse_decimal, errors)
        for name, number in (("amount", amount), ("hours", hours), ("hourly_rate", rate)):
            _not_negative(row, self, name, number, errors)
        if amount is None and hours is not None and rate is not None:
            amount = (hours * rate).quantize(Decimal("0.01"))
        if amount is None and not {"amount", "hours", "hourly_rate"} & {e.field for e in errors}:
            errors.append(
                self.error(row.line, "amount", _("give the amount, or hours and hourly_rate"))
            )
        incurred = _parse(row, self, "incurred_on", parse_date, errors)
        currency = _currency(row, self, errors)
        ref = _account_ref(row, self, errors)
        campaign = as_text(row.values.get("campaign"))[:200]
        if not ref.given and not campaign:
            errors.append(
                self.error(row.line, "campaign", _("give the account or the campaign of the cost"))
            )
        if errors:
            return errors
        assert isinstance(incurred, dt.date)  # noqa: S101 - required, parsed without error
        return CostRow(
            external_id=as_text(row.values.get("external_id")),
            account=ref,
            values={
                "category": category,
                "amount": amount,
                "currency": currency,
                "hours": hours,
                "hourly_rate": rate,
                "incurred_on": incurred,
                "campaign": campaign,
                "description": as_text(row.values.get("description"))[:300],
            },
        )

    def apply_batch(self, rows: Sequence[tuple[int, CostRow]], summary: ImportSummary) -> None:
        accounts = _Accounts([r.account for _, r in rows])
        ids = [r.external_id for _, r in rows if r.external_id]
        existing = CostEntry.objects.in_bulk(ids, field_name="external_id") if ids else {}
        for line, row in rows:
            try:
                if row.external_id:
                    if row.external_id in self._seen:
                        raise RowRejectedError(
                            self.error(
                                line,
                                "external_id",
                                _("the external id %(id)s is already on line %(line)s")
                                % {"id": row.external_id, "line": self._seen[row.external_id]},
                            )
                        )
                    self._seen[row.external_id] = line
                values = dict(row.values)
                values["account_id"] = accounts.find(row.account, self, line)
                if row.external_id:
                    current = existing.get(row.external_id)
                    if current is None:
                        values["external_id"] = row.external_id
                else:
                    current = CostEntry.objects.filter(external_id__isnull=True, **values).first()
                _cost, outcome = cost_upsert(actor=self.actor, cost=current, values=values)
                summary.count(outcome)
            except RowRejectedError as exc:
                summary.reject([exc.error])
