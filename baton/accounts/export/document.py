"""The dossier as a document of plain, localized strings: what both exports lay out.

``build_document`` must run inside ``translation.override(language)``: labels, choice names,
numbers and dates are written in the active language. Strings here are raw user text; each
renderer escapes them for its own format (Markdown escaping, HTML auto-escaping).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext, ngettext

from baton.accounts.export import formatting as fmt
from baton.accounts.export.labels import LABELS
from baton.accounts.models import (
    BuyingTiming,
    CommitteeRole,
    ContactApproach,
    DealStatus,
    JourneyStage,
    Level,
    PainOrigin,
    SignalKind,
    Tier,
)
from baton.accounts.selectors import Dossier
from baton.engagement.models import Interaction, InteractionType
from baton.users.models import User


@dataclass(frozen=True)
class Text:
    """Several lines of user text (a note, a reason), kept line by line."""

    lines: tuple[str, ...]

    @classmethod
    def of(cls, value: str) -> Text:
        return cls(tuple(line.strip() for line in value.splitlines() if line.strip()))


@dataclass(frozen=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True)
class SignalRow:
    date: str
    kind: str
    description: str
    source: str
    person: str
    confirmed: str


@dataclass(frozen=True)
class InteractionRow:
    date: str
    type: str
    person: str
    content: str


@dataclass(frozen=True)
class MemberRow:
    name: str
    title: str
    role: str
    reachable: str
    engaged: str


@dataclass(frozen=True)
class CommitteeGroupDoc:
    title: str
    members: tuple[MemberRow, ...]


@dataclass(frozen=True)
class PainRow:
    origin: str
    description: str
    source: str  # "" when unknown


@dataclass(frozen=True)
class ProjectRow:
    description: str
    detail: str  # "20/10/2026, LinkedIn post"; "" when neither is known


@dataclass(frozen=True)
class DealRow:
    name: str
    amount: str
    status: str
    stage: str
    created_on: str
    closed_on: str
    owner: str


@dataclass(frozen=True)
class DossierDocument:
    account_name: str
    subtitle: str
    company: tuple[Field, ...]
    targeting_reason: Text
    signals: tuple[SignalRow, ...]
    interactions_summary: str
    interactions: tuple[InteractionRow, ...]
    level: str
    score: str
    main_decision_maker: Field
    committee: tuple[CommitteeGroupDoc, ...]
    context: tuple[Field, ...]
    note: Text
    pains: tuple[PainRow, ...]
    projects: tuple[ProjectRow, ...]
    deals: tuple[DealRow, ...]


def _label(key: str) -> str:
    return str(LABELS[key])


def _choice(choices: type[TextChoices], value: str) -> str:
    """The translated name of a choice; the raw value when it is not (or no longer) one."""
    if not value:
        return fmt.EMPTY
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _user(user: User | None) -> str:
    return user.display_name if user is not None else fmt.EMPTY


def _size(employees: int | None, band: str) -> str:
    if employees is None:
        return f"{fmt.EMPTY} ({band})" if band else fmt.EMPTY
    size = ngettext("%(number)s employee", "%(number)s employees", employees) % {
        "number": fmt.number(employees)
    }
    return f"{size} ({band})" if band else size


def _target(dossier: Dossier) -> str:
    account = dossier.account
    if not account.is_target:
        return gettext("Not on the target list")
    if account.targeted_on is None:
        return gettext("Yes")
    return gettext("Since %(date)s") % {"date": fmt.date(account.targeted_on)}


def _company(dossier: Dossier) -> tuple[Field, ...]:
    account = dossier.account
    location = " / ".join(fmt.text(v) for v in (account.country, account.region, account.territory))
    values = [
        ("name", account.name),
        ("domains", ", ".join(dossier.domains) or fmt.EMPTY),
        ("industry", fmt.text(account.industry)),
        ("size", _size(account.employees, account.size_band)),
        ("revenue", fmt.money(account.annual_revenue, account.revenue_currency)),
        ("location", location),
        ("tier", _choice(Tier, account.tier)),
        ("marketing_owner", _user(account.marketing_owner)),
        ("sales_owner", _user(account.sales_owner)),
        ("journey_stage", _choice(JourneyStage, account.journey_stage)),
        ("is_target", _target(dossier)),
    ]
    return tuple(Field(_label(key), value) for key, value in values)


def _source(source: str, url: str) -> str:
    """``Press release (https://…)``; either part alone; ``""`` when neither is known."""
    source, url = source.strip(), url.strip()
    if source and url:
        return f"{source} ({url})"
    return source or url


def _signals(dossier: Dossier) -> tuple[SignalRow, ...]:
    return tuple(
        SignalRow(
            date=fmt.date(s.occurred_on),
            kind=_choice(SignalKind, s.kind),
            description=fmt.text(s.description),
            source=_source(s.source, s.source_url) or fmt.EMPTY,
            person=s.contact.full_name if s.contact is not None else fmt.EMPTY,
            confirmed=fmt.yes_no(s.is_confirmed),
        )
        for s in dossier.signals
    )


def _interaction_content(i: Interaction) -> str:
    content = i.asset.name if i.asset is not None else fmt.text(i.page_url or i.campaign)
    if i.question.strip():
        content += f" — {i.question.strip()}"
    return content


def _interactions(dossier: Dossier) -> tuple[InteractionRow, ...]:
    return tuple(
        InteractionRow(
            date=fmt.datetime(i.occurred_at),
            type=_choice(InteractionType, i.type),
            person=i.contact.full_name if i.contact is not None else fmt.text(i.email),
            content=_interaction_content(i),
        )
        for i in dossier.interactions
    )


def _interactions_summary(dossier: Dossier) -> str:
    count = dossier.interaction_count
    summary = ngettext(
        "%(counter)s interaction over the last 90 days (since %(since)s).",
        "%(counter)s interactions over the last 90 days (since %(since)s).",
        count,
    ) % {"counter": fmt.number(count), "since": fmt.date(dossier.interactions_since)}
    shown = len(dossier.interactions)
    if count > shown:
        summary += " " + ngettext(
            "The latest %(counter)s is shown.", "The latest %(counter)s are shown.", shown
        ) % {"counter": fmt.number(shown)}
    return summary


def _score(dossier: Dossier) -> str:
    if dossier.account.score is None:
        return gettext("Not scored yet.")
    return gettext("Score: %(score)s/100") % {"score": dossier.account.score}


def _committee(dossier: Dossier) -> tuple[CommitteeGroupDoc, ...]:
    return tuple(
        CommitteeGroupDoc(
            title=_choice(ContactApproach, group.approach),
            members=tuple(
                MemberRow(
                    name=c.full_name,
                    title=fmt.text(c.title),
                    role=_choice(CommitteeRole, c.committee_role),
                    reachable=fmt.yes_no(c.is_reachable),
                    engaged=fmt.yes_no(c.is_engaged),
                )
                for c in group.members
            ),
        )
        for group in dossier.committee
    )


def _decision_maker(dossier: Dossier) -> Field:
    person = dossier.main_decision_maker
    value = fmt.EMPTY if person is None else f"{person.full_name} ({fmt.text(person.title)})"
    return Field(_label("main_decision_maker"), value)


def _budget(dossier: Dossier) -> str:
    context = dossier.context
    low, high = context.budget_min, context.budget_max
    currency = context.budget_currency
    if low is not None and high is not None:
        return f"{fmt.money(low, currency)} {fmt.EN_DASH} {fmt.money(high, currency)}"
    if low is not None:
        return gettext("from %(amount)s") % {"amount": fmt.money(low, currency)}
    if high is not None:
        return gettext("up to %(amount)s") % {"amount": fmt.money(high, currency)}
    return fmt.EMPTY


def _context(dossier: Dossier) -> tuple[Field, ...]:
    context = dossier.context
    values = [
        ("budget", _budget(dossier)),
        ("timing", _choice(BuyingTiming, context.timing)),
        ("competitors", fmt.text(context.competitors)),
        ("tech_stack", fmt.text(context.tech_stack)),
    ]
    return tuple(Field(_label(key), value) for key, value in values)


def _pains(dossier: Dossier) -> tuple[PainRow, ...]:
    return tuple(
        PainRow(
            origin=_choice(PainOrigin, pain.origin),
            description=fmt.text(pain.description),
            source=pain.source.strip(),
        )
        for pain in dossier.pains
    )


def _projects(dossier: Dossier) -> tuple[ProjectRow, ...]:
    rows = []
    for project in dossier.projects:
        details = [fmt.date(project.noted_on)] if project.noted_on else []
        source = _source(project.source, project.source_url)
        if source:
            details.append(source)
        rows.append(
            ProjectRow(description=fmt.text(project.description), detail=", ".join(details))
        )
    return tuple(rows)


def _deals(dossier: Dossier) -> tuple[DealRow, ...]:
    return tuple(
        DealRow(
            name=deal.name,
            amount=fmt.money(deal.amount, deal.currency),
            status=_choice(DealStatus, deal.status),
            stage=fmt.text(deal.stage),
            created_on=fmt.date(deal.created_on),
            closed_on=fmt.date(deal.closed_on),
            owner=_user(deal.owner),
        )
        for deal in dossier.deals
    )


def build_document(dossier: Dossier) -> DossierDocument:
    """The dossier in the active language, section by section (SPEC R-1.6)."""
    return DossierDocument(
        account_name=dossier.account.name,
        subtitle=gettext("Account dossier, exported on %(date)s")
        % {"date": fmt.date(dossier.generated_at)},
        company=_company(dossier),
        targeting_reason=Text.of(dossier.account.targeting_reason),
        signals=_signals(dossier),
        interactions_summary=_interactions_summary(dossier),
        interactions=_interactions(dossier),
        level=_choice(Level, dossier.account.level),
        score=_score(dossier),
        main_decision_maker=_decision_maker(dossier),
        committee=_committee(dossier),
        context=_context(dossier),
        note=Text.of(dossier.context.note),
        pains=_pains(dossier),
        projects=_projects(dossier),
        deals=_deals(dossier),
    )
