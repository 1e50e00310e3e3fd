"""Writes for accounts and their dossier. Each writes an audit row in its transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baton.accounts.bands import size_band
from baton.accounts.models import (
    Account,
    AccountContext,
    AccountDomain,
    Contact,
    Pain,
    Project,
    Signal,
)
from baton.accounts.schemas import (
    AccountCreate,
    AccountFields,
    ContactCreate,
    ContactFields,
    ContextUpdate,
    PainCreate,
    ProjectCreate,
    SignalCreate,
    SignalFields,
)
from baton.core.errors import DomainError
from baton.core.models import AuditEvent, record
from baton.users.models import User


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):  # e.g. an owner: the audit keeps its primary key
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _apply(instance: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set fields that differ; return ``{field: [before, after]}`` for the audit row."""
    changes: dict[str, list[Any]] = {}
    for field, new in values.items():
        old = getattr(instance, field)
        if old != new:
            setattr(instance, field, new)
            changes[field] = [_jsonable(old), _jsonable(new)]
    return changes


def _owner(user_id: int | None, field: str) -> User | None:
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise DomainError(_("no active user with id %(id)s") % {"id": user_id}, field=field)
    return user


def _check_domains_free(domains: list[str], account: Account | None) -> None:
    taken = AccountDomain.objects.filter(domain__in=domains)
    if account is not None:
        taken = taken.exclude(account=account)
    clash = taken.select_related("account").first()
    if clash is not None:
        raise DomainError(
            _("the domain %(domain)s already belongs to the account %(account)s")
            % {"domain": clash.domain, "account": clash.account.name},
            field="domains",
        )


def _check_external_id_free(model: Any, external_id: str | None, instance: Any) -> None:
    if not external_id:
        return
    qs = model.objects.filter(external_id=external_id)
    if instance is not None and instance.pk:
        qs = qs.exclude(pk=instance.pk)
    if qs.exists():
        raise DomainError(
            _("external id %(id)s is already used") % {"id": repr(external_id)}, field="external_id"
        )


def _set_domains(account: Account, domains: list[str]) -> list[str]:
    before = list(account.domains.values_list("domain", flat=True))
    if before == domains:
        return before
    account.domains.all().delete()
    AccountDomain.objects.bulk_create(
        AccountDomain(account=account, domain=d, is_primary=i == 0) for i, d in enumerate(domains)
    )
    return before


def _account_values(data: AccountFields) -> dict[str, Any]:
    values = data.model_dump(exclude_unset=True, exclude={"domains"})
    for key in ("industry", "region", "territory", "targeting_reason", "tier", "country"):
        if key in values and values[key] is None:
            values[key] = ""
    if "marketing_owner_id" in values:
        values["marketing_owner"] = _owner(values.pop("marketing_owner_id"), "marketing_owner_id")
    if "sales_owner_id" in values:
        values["sales_owner"] = _owner(values.pop("sales_owner_id"), "sales_owner_id")
    if "employees" in values:
        values["size_band"] = size_band(values["employees"])
    return values


def account_create(*, actor: User | None, data: AccountCreate) -> Account:
    domains = data.domains or []
    _check_domains_free(domains, None)
    _check_external_id_free(Account, data.external_id, None)
    values = _account_values(data)
    if values.get("is_target", True) and not values.get("targeted_on"):
        values["targeted_on"] = timezone.localdate()
    with transaction.atomic():
        account = Account(**values)
        account.save()
        _set_domains(account, domains)
        AccountContext.objects.create(account=account)
        changes = {k: [None, _jsonable(getattr(account, k))] for k in values if k != "size_band"}
        changes["domains"] = [None, domains]
        record(actor=actor, action="account.created", target=account, changes=changes)
    return account


def new_account(data: AccountCreate) -> Account:
    """An unsaved account with the values ``account_create`` would give it (for bulk paths)."""
    values = _account_values(data)
    if values.get("is_target", True) and not values.get("targeted_on"):
        values["targeted_on"] = timezone.localdate()
    return Account(**values)


def accounts_bulk_create(*, actor: Any, items: Sequence[tuple[AccountCreate, Account]]) -> None:
    """``account_create`` for many accounts at once: the same rows and the same audit trail.

    Bulk because 20,000 accounts go one by one far too slowly (the importer). The caller has
    checked that the domains and external ids are free (the unique constraints still guard
    them). Call inside a transaction.
    """
    if not items:
        return
    Account.objects.bulk_create([account for _data, account in items])
    AccountDomain.objects.bulk_create(
        AccountDomain(account=account, domain=domain, is_primary=i == 0)
        for data, account in items
        for i, domain in enumerate(data.domains or [])
    )
    AccountContext.objects.bulk_create(AccountContext(account=account) for _data, account in items)
    user = actor if getattr(actor, "is_authenticated", False) else None
    events = []
    for data, account in items:
        fields = set(data.model_fields_set) - {"domains"}
        if account.targeted_on is not None:
            fields.add("targeted_on")
        changes = {k: [None, _jsonable(getattr(account, k))] for k in sorted(fields)}
        changes["domains"] = [None, data.domains or []]
        events.append(
            AuditEvent(
                actor=user,
                action="account.created",
                target_type=Account._meta.label_lower,
                target_id=str(account.pk),
                changes=changes,
            )
        )
    AuditEvent.objects.bulk_create(events)


def account_update(*, actor: User | None, account: Account, data: AccountFields) -> Account:
    """Partial update: only the fields set in ``data`` change."""
    if data.domains is not None:
        _check_domains_free(data.domains, account)
    if "external_id" in data.model_fields_set:
        _check_external_id_free(Account, data.external_id, account)
    values = _account_values(data)
    if values.get("is_target") is True and not account.is_target and not account.targeted_on:
        values.setdefault("targeted_on", timezone.localdate())
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account.pk)
        changes = _apply(account, values)
        changes.pop("size_band", None)
        if data.domains is not None:
            before = _set_domains(account, data.domains)
            if before != data.domains:
                changes["domains"] = [before, data.domains]
        if changes:
            account.save()
            action = "account.updated"
            if "is_target" in changes:
                action = "account.targeted" if account.is_target else "account.untargeted"
            record(actor=actor, action=action, target=account, changes=changes)
    return account


def account_add_domain(*, actor: User | None, account: Account, domain: str) -> Account:
    """Attach one more domain (e.g. from the unmatched-events page)."""
    current = list(account.domains.values_list("domain", flat=True))
    if domain in current:
        return account
    return account_update(
        actor=actor, account=account, data=AccountFields(domains=[*current, domain])
    )


def _contact_values(data: ContactFields) -> dict[str, Any]:
    values = data.model_dump(exclude_unset=True)
    for key, value in list(values.items()):
        if value is None and key != "external_id":
            values[key] = ""
    return values


def _check_email_free(email: str | None, contact: Contact | None) -> None:
    if not email:
        return
    qs = Contact.objects.filter(email__iexact=email)
    if contact is not None:
        qs = qs.exclude(pk=contact.pk)
    clash = qs.select_related("account").first()
    if clash is not None:
        raise DomainError(
            _("%(email)s is already %(name)s at %(account)s")
            % {"email": email, "name": clash.full_name, "account": clash.account.name},
            field="email",
        )


def contact_create(*, actor: User | None, account: Account, data: ContactCreate) -> Contact:
    _check_email_free(data.email, None)
    _check_external_id_free(Contact, data.external_id, None)
    values = _contact_values(data)
    with transaction.atomic():
        try:
            contact = Contact.objects.create(account=account, **values)
        except IntegrityError as exc:  # a concurrent insert of the same email
            raise DomainError(_("this email is already used"), field="email") from exc
        record(
            actor=actor,
            action="contact.created",
            target=contact,
            changes={k: [None, _jsonable(v)] for k, v in values.items()},
        )
    return contact


def contact_update(*, actor: User | None, contact: Contact, data: ContactFields) -> Contact:
    if "email" in data.model_fields_set:
        _check_email_free(data.email, contact)
    if "external_id" in data.model_fields_set:
        _check_external_id_free(Contact, data.external_id, contact)
    values = _contact_values(data)
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        changes = _apply(contact, values)
        if changes:
            contact.save()
            record(actor=actor, action="contact.updated", target=contact, changes=changes)
    return contact


def contact_delete(*, actor: User | None, contact: Contact) -> None:
    with transaction.atomic():
        record(
            actor=actor,
            action="contact.deleted",
            target=contact,
            changes={"name": [contact.full_name, None], "account": [contact.account_id, None]},
        )
        contact.delete()


def _signal_contact(account: Account, contact_id: int | None) -> Contact | None:
    if contact_id is None:
        return None
    contact = Contact.objects.filter(pk=contact_id, account=account).first()
    if contact is None:
        raise DomainError(
            _("no person with id %(id)s on this account") % {"id": contact_id}, field="contact_id"
        )
    return contact


def signal_create(*, actor: User | None, account: Account, data: SignalCreate) -> Signal:
    values = data.model_dump(exclude={"contact_id"})
    values["contact"] = _signal_contact(account, data.contact_id)
    for key in ("source", "source_url"):
        values[key] = values.get(key) or ""
    values["is_confirmed"] = bool(values.get("is_confirmed"))
    with transaction.atomic():
        signal = Signal.objects.create(account=account, recorded_by=actor, **values)
        record(
            actor=actor,
            action="signal.created",
            target=signal,
            changes={"kind": [None, signal.kind], "is_confirmed": [None, signal.is_confirmed]},
        )
    return signal


def signal_update(*, actor: User | None, signal: Signal, data: SignalFields) -> Signal:
    values = data.model_dump(exclude_unset=True, exclude={"contact_id"})
    if "contact_id" in data.model_fields_set:
        values["contact"] = _signal_contact(signal.account, data.contact_id)
    for key in ("source", "source_url"):
        if key in values and values[key] is None:
            values[key] = ""
    with transaction.atomic():
        signal = Signal.objects.select_for_update().get(pk=signal.pk)
        changes = _apply(signal, values)
        changes.pop("contact", None)
        if changes or "contact" in values:
            signal.save()
            action = (
                "signal.confirmed"
                if changes.get("is_confirmed") == [False, True]
                else ("signal.updated")
            )
            record(actor=actor, action=action, target=signal, changes=changes)
    return signal


def signal_delete(*, actor: User | None, signal: Signal) -> None:
    with transaction.atomic():
        record(
            actor=actor,
            action="signal.deleted",
            target=signal,
            changes={"kind": [signal.kind, None], "account": [signal.account_id, None]},
        )
        signal.delete()


def context_update(*, actor: User | None, account: Account, data: ContextUpdate) -> AccountContext:
    values = data.model_dump(exclude_unset=True)
    for key in ("competitors", "tech_stack", "note"):
        if key in values and values[key] is None:
            values[key] = ""
    merged_min = values.get("budget_min", None)
    merged_max = values.get("budget_max", None)
    with transaction.atomic():
        context, _created = AccountContext.objects.select_for_update().get_or_create(
            account=account
        )
        low = merged_min if "budget_min" in values else context.budget_min
        high = merged_max if "budget_max" in values else context.budget_max
        if low is not None and high is not None and low > high:
            raise DomainError(
                _("the budget's lower bound is above its upper bound"), field="budget_min"
            )
        changes = _apply(context, values)
        if changes:
            context.updated_by = actor
            context.save()
            record(actor=actor, action="context.updated", target=account, changes=changes)
    return context


def pain_add(*, actor: User | None, account: Account, data: PainCreate) -> Pain:
    with transaction.atomic():
        pain = Pain.objects.create(account=account, **data.model_dump())
        record(
            actor=actor,
            action="pain.added",
            target=account,
            changes={"pain": [None, pain.description]},
        )
    return pain


def pain_delete(*, actor: User | None, pain: Pain) -> None:
    with transaction.atomic():
        record(
            actor=actor,
            action="pain.removed",
            target=pain.account,
            changes={"pain": [pain.description, None]},
        )
        pain.delete()


def project_add(*, actor: User | None, account: Account, data: ProjectCreate) -> Project:
    with transaction.atomic():
        project = Project.objects.create(account=account, **data.model_dump())
        record(
            actor=actor,
            action="project.added",
            target=account,
            changes={"project": [None, project.description]},
        )
    return project


def project_delete(*, actor: User | None, project: Project) -> None:
    with transaction.atomic():
        record(
            actor=actor,
            action="project.removed",
            target=project.account,
            changes={"project": [project.description, None]},
        )
        project.delete()
