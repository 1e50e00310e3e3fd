"""Reads for accounts and the dossier. Views, API, exports and the CLI read through here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baton.accounts import committee as committee_rules
from baton.accounts.models import (
    Account,
    AccountContext,
    Contact,
    Deal,
    Pain,
    Project,
    Signal,
)
from baton.core.errors import NotFoundError
from baton.core.models import AuditEvent
from baton.engagement.models import Interaction

SORTS: dict[str, str] = {
    "name": "name",
    "-name": "-name",
    "level": "level_rank",
    "-level": "-level_rank",
    "score": "score",
    "-score": "-score",
    "revenue": "annual_revenue",
    "-revenue": "-annual_revenue",
    "employees": "employees",
    "-employees": "-employees",
    "updated": "updated_at",
    "-updated": "-updated_at",
    "targeted": "targeted_on",
    "-targeted": "-targeted_on",
}
DEFAULT_SORT = "name"


@dataclass(frozen=True)
class AccountFilters:
    q: str = ""
    tier: str = ""
    industry: str = ""
    level: str = ""
    owner: int | None = None  # marketing or sales owner
    territory: str = ""
    is_target: bool | None = None
    status: str = ""
    sort: str = DEFAULT_SORT


def account_list(*, filters: AccountFilters) -> QuerySet[Account]:
    """Accounts matching ``filters``, with owners and domains loaded (no N+1 on list pages)."""
    from django.db.models import Case, IntegerField, Value, When

    qs = Account.objects.select_related("marketing_owner", "sales_owner").prefetch_related(
        "domains"
    )
    if filters.q:
        q = filters.q.strip()
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(domains__domain__icontains=q)
            | Q(industry__icontains=q)
            | Q(external_id__iexact=q)
        ).distinct()
    if filters.tier:
        qs = qs.filter(tier=filters.tier)
    if filters.industry:
        qs = qs.filter(industry=filters.industry)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.territory:
        qs = qs.filter(territory=filters.territory)
    if filters.owner is not None:
        qs = qs.filter(Q(marketing_owner_id=filters.owner) | Q(sales_owner_id=filters.owner))
    if filters.is_target is not None:
        qs = qs.filter(is_target=filters.is_target)
    if filters.status:
        qs = qs.filter(status=filters.status)
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    if "level_rank" in order:
        qs = qs.annotate(
            level_rank=Case(
                When(level="hot", then=Value(3)),
                When(level="warm", then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
    return qs.order_by(order, "name", "pk")


def account_get(*, pk: int) -> Account:
    account = (
        Account.objects.select_related("marketing_owner", "sales_owner")
        .prefetch_related("domains")
        .filter(pk=pk)
        .first()
    )
    if account is None:
        raise NotFoundError(_("no account with id %(id)s") % {"id": pk}, field="id")
    return account


def contact_get(*, pk: int) -> Contact:
    contact = Contact.objects.select_related("account").filter(pk=pk).first()
    if contact is None:
        raise NotFoundError(_("no committee member with id %(id)s") % {"id": pk}, field="id")
    return contact


def signal_get(*, pk: int) -> Signal:
    signal = Signal.objects.select_related("account").filter(pk=pk).first()
    if signal is None:
        raise NotFoundError(_("no buying signal with id %(id)s") % {"id": pk}, field="id")
    return signal


def filter_options() -> dict[str, list[str]]:
    """Distinct industries and territories present, for the list filters."""
    industries = (
        Account.objects.exclude(industry="")
        .order_by("industry")
        .values_list("industry", flat=True)
        .distinct()
    )
    territories = (
        Account.objects.exclude(territory="")
        .order_by("territory")
        .values_list("territory", flat=True)
        .distinct()
    )
    return {"industries": list(industries), "territories": list(territories)}


def _member(contact: Contact) -> committee_rules.Member:
    return committee_rules.Member(
        committee_role=contact.committee_role,
        is_reachable=contact.is_reachable,
        is_engaged=contact.is_engaged,
        approach=contact.approach,
    )


@dataclass(frozen=True)
class CommitteeGroup:
    approach: str  # contact_first / influence / avoid
    members: list[Contact]


def committee_map(contacts: list[Contact]) -> list[CommitteeGroup]:
    """The committee grouped as: contact first, influence, avoid for now (in that order)."""
    groups: dict[str, list[Contact]] = {a: [] for a in committee_rules.APPROACH_ORDER}
    for contact in contacts:
        groups[committee_rules.approach_for(_member(contact))].append(contact)
    return [
        CommitteeGroup(
            approach=approach,
            members=sorted(
                members, key=lambda c: (*committee_rules.sort_key(_member(c)), c.last_name)
            ),
        )
        for approach, members in groups.items()
    ]


def main_decision_maker(contacts: list[Contact]) -> Contact | None:
    """The person to name in a handover: the first of the 'contact first' group, else any
    decision maker."""
    for group in committee_map(contacts):
        if group.approach == committee_rules.CONTACT_FIRST and group.members:
            return group.members[0]
    makers = [c for c in contacts if c.committee_role == "decision_maker"]
    return makers[0] if makers else None


@dataclass(frozen=True)
class Dossier:
    """Everything the account dossier shows (SPEC R-1.6), in its section order."""

    account: Account
    domains: list[str]
    signals: list[Signal]
    interactions: list[Interaction]
    interaction_count: int
    interactions_since: dt.date
    contacts: list[Contact]
    committee: list[CommitteeGroup]
    context: AccountContext
    pains: list[Pain]
    projects: list[Project]
    deals: list[Deal]
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def confirmed_signals(self) -> list[Signal]:
        return [s for s in self.signals if s.is_confirmed]

    @property
    def main_decision_maker(self) -> Contact | None:
        return main_decision_maker(self.contacts)


INTERACTION_WINDOW_DAYS = 90
INTERACTION_LIMIT = 50


def dossier(*, account: Account, today: dt.date | None = None) -> Dossier:
    """The dossier of ``account`` in a fixed number of queries."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=INTERACTION_WINDOW_DAYS)
    contacts = list(account.contacts.all())
    context = context_get(account=account)
    recent = Interaction.objects.filter(account=account, occurred_at__date__gte=since)
    counted = recent.aggregate(n=Count("id"))["n"]
    interactions = list(
        recent.select_related("contact", "asset").order_by("-occurred_at")[:INTERACTION_LIMIT]
    )
    return Dossier(
        account=account,
        domains=[d.domain for d in account.domains.all()],
        signals=list(account.signals.select_related("contact").order_by("-occurred_on", "-id")),
        interactions=interactions,
        interaction_count=counted,
        interactions_since=since,
        contacts=contacts,
        committee=committee_map(contacts),
        context=context,
        pains=list(account.pains.all()),
        projects=list(account.projects.all()),
        deals=list(account.deals.select_related("owner").order_by("-created_on")),
    )


HISTORY_LIMIT = 20


def account_history(*, account: Account, limit: int = HISTORY_LIMIT) -> list[AuditEvent]:
    """The latest audit rows about ``account``: the account itself, its context, pains and
    projects (audited on the account), its committee members and signals (also deleted ones,
    whose row names the account). One query."""
    from django.db.models import CharField
    from django.db.models.functions import Cast

    pk = str(account.pk)
    contact_ids = (
        Contact.objects.filter(account=account).annotate(sid=Cast("pk", CharField())).values("sid")
    )
    signal_ids = (
        Signal.objects.filter(account=account).annotate(sid=Cast("pk", CharField())).values("sid")
    )
    about = (
        Q(target_type="accounts.account", target_id=pk)
        | Q(target_type="accounts.contact", target_id__in=contact_ids)
        | Q(target_type="accounts.signal", target_id__in=signal_ids)
        | Q(
            target_type__in=["accounts.contact", "accounts.signal"],
            action__endswith=".deleted",
            changes__account__0=account.pk,
        )
    )
    return list(
        AuditEvent.objects.filter(about).select_related("actor").order_by("-at", "-id")[:limit]
    )


def pain_get(*, pk: int) -> Pain:
    pain = Pain.objects.select_related("account").filter(pk=pk).first()
    if pain is None:
        raise NotFoundError(_("no pain with id %(id)s") % {"id": pk}, field="id")
    return pain


def project_get(*, pk: int) -> Project:
    project = Project.objects.select_related("account").filter(pk=pk).first()
    if project is None:
        raise NotFoundError(_("no project with id %(id)s") % {"id": pk}, field="id")
    return project


def contact_by_email(*, email: str) -> list[Contact]:
    return list(Contact.objects.filter(email__iexact=email.strip()).order_by("pk"))


def context_get(*, account: Account) -> AccountContext:
    """The saved context, or an empty unsaved one (a read never writes)."""
    context = AccountContext.objects.filter(account=account).first()
    return context if context is not None else AccountContext(account=account)
