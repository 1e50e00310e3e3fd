"""What the handover app tells people (SPEC R-3.4): the context of each notification and the
event kinds this app adds to the notifications registry (registered in ``apps.ready``).

Built-in kinds used: ``handover.assigned``, ``handover.reminder``, ``handover.escalation``,
``feedback.requested``. Added here: ``handover.relaunch`` (to the marketing owner),
``handover.deadline_missed``, ``handover.unassigned``, ``handover.decided`` (accepted or
rejected, to marketing), ``handover.feedback_overdue``, ``handover.feedback_escalation``,
``handover.watch_alert`` (passive watch).

Every context is built in the recipient's language, since its sentences (the reason, the next
step) are ours.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from baton.accounts.models import Contact, Signal
from baton.accounts.selectors import main_decision_maker
from baton.notifications.events import EventKind, Fact, Message, register_event
from baton.notifications.models import Channel

# Strongest buying signal first: demo or pricing request > explicit project >
# precise question > the others.
SIGNAL_PRIORITY: dict[str, int] = {
    "demo_request": 0,
    "pricing_request": 0,
    "explicit_project": 1,
    "precise_question": 2,
}


def strongest_signal(signals: list[Signal]) -> Signal | None:
    """The confirmed signal of highest priority kind, most recent first."""
    confirmed = [s for s in signals if s.is_confirmed]
    if not confirmed:
        return None
    return min(
        confirmed,
        key=lambda s: (SIGNAL_PRIORITY.get(s.kind, 3), -s.occurred_on.toordinal(), -s.pk),
    )


def reason_text(signal: Signal | None, targeting_reason: str) -> str:
    if signal is None:
        return targeting_reason or _("The account passed the qualification checklist.")
    return _("%(kind)s on %(date)s: %(description)s") % {
        "kind": signal.get_kind_display(),
        "date": formats.date_format(signal.occurred_on, "SHORT_DATE_FORMAT"),
        "description": signal.description,
    }


def next_step_text(signal: Signal | None, person: Contact | None) -> str:
    """A precise first action, worded from the strongest signal and the decision maker."""
    if person is None:
        return _(
            "Identify the decision maker with marketing, starting from the committee in the "
            "dossier, then call them within 72 hours."
        )
    name = person.full_name
    kind = signal.kind if signal is not None else ""
    if kind == "demo_request":
        return _("Call %(name)s within 48 hours to schedule the demo they asked for.") % {
            "name": name
        }
    if kind == "pricing_request":
        return _("Call %(name)s within 48 hours to go through the pricing they asked about.") % {
            "name": name
        }
    if kind == "explicit_project":
        return _("Call %(name)s to talk through their project and how we fit in.") % {"name": name}
    if kind == "precise_question":
        return _("Answer %(name)s's question in a 20-minute call this week.") % {"name": name}
    return _("Contact %(name)s this week, with the dossier's context in hand.") % {"name": name}


def absolute(path: str) -> str:
    return settings.BASE_URL + path


def handover_url(handover: Any) -> str:
    return absolute(reverse("handovers:detail", args=[handover.pk]))


def dossier_url(account_id: int) -> str:
    from django.urls import NoReverseMatch

    try:
        return absolute(reverse("accounts:detail", args=[account_id]))
    except NoReverseMatch:  # pragma: no cover - the accounts pages exist in every build
        return absolute(reverse("qualification:history", args=[account_id]))


def assigned_context(handover: Any, rep: Any) -> dict[str, str]:
    """The handover message of R-3.4 for ``rep``, in the rep's language."""
    account = handover.account
    with translation.override(rep.language or settings.LANGUAGE_CODE):
        signal = strongest_signal(list(account.signals.all()))
        person = main_decision_maker(list(account.contacts.all()))
        return {
            "rep_first_name": rep.first_name or rep.display_name,
            "company": account.name,
            "reason": reason_text(signal, account.targeting_reason),
            "decision_maker_name": person.full_name if person else _("not identified yet"),
            "decision_maker_title": person.title if person else "",
            "next_step": next_step_text(signal, person),
            "dossier_url": dossier_url(account.pk),
        }


def age_text(days: int, user: Any) -> str:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return translation.ngettext("%(n)s day", "%(n)s days", days) % {"n": days}


# --- the event kinds this app adds -------------------------------------------------------------


def _s(context: Mapping[str, Any], key: str) -> str:
    value = context.get(key)
    return "" if value is None else str(value).strip()


def _hello(context: Mapping[str, Any]) -> str:
    return _("Hello %(first_name)s,") % {"first_name": _s(context, "first_name")}


def relaunch(context: Mapping[str, Any]) -> Message:
    company = _s(context, "company")
    return Message(
        subject=_("%(company)s: no contact yet, time to relaunch") % {"company": company},
        greeting=_hello(context),
        intro=_(
            "%(company)s was handed over to %(rep)s %(age)s ago and no contact is recorded yet. "
            "A word from marketing to the rep (or to the account) can unblock it."
        )
        % {"company": company, "rep": _s(context, "rep_name"), "age": _s(context, "age")},
        action_label=_("Open the handover"),
        url=_s(context, "url"),
    )


def deadline_missed(context: Mapping[str, Any]) -> Message:
    company = _s(context, "company")
    return Message(
        subject=_("%(company)s: the deadline “%(deadline)s” is overdue")
        % {"company": company, "deadline": _s(context, "deadline")},
        greeting=_hello(context),
        intro=_("The deadline “%(deadline)s” of the handover of %(company)s has passed.")
        % {"company": company, "deadline": _s(context, "deadline")},
        facts=tuple(
            Fact(label, value)
            for label, value in (
                (pgettext("notification", "Suggested next step"), _s(context, "next_step")),
            )
            if value
        ),
        action_label=_("Open the handover"),
        url=_s(context, "url"),
    )


def unassigned(context: Mapping[str, Any]) -> Message:
    company = _s(context, "company")
    return Message(
        subject=_("%(company)s needs a rep") % {"company": company},
        greeting=_hello(context),
        intro=_(
            "Marketing proposed %(company)s for handover, but no assignment rule places it. "
            "Please assign a rep."
        )
        % {"company": company},
        action_label=_("Open the handover"),
        url=_s(context, "url"),
    )


def decided(context: Mapping[str, Any]) -> Message:
    company = _s(context, "company")
    accepted = _s(context, "decision") == "accepted"
    if accepted:
        subject = _("%(rep)s accepted %(company)s") % {
            "rep": _s(context, "rep_name"),
            "company": company,
        }
        intro = _("Sales accepted the handover of %(company)s. Stay close for the briefing.") % {
            "company": company
        }
    else:
        subject = _("%(company)s was rejected by sales") % {"company": company}
        intro = _("Sales rejected the handover of %(company)s.") % {"company": company}
    reason = _s(context, "reason")
    return Message(
        subject=subject,
        greeting=_hello(context),
        intro=intro,
        facts=(Fact(_("Reason"), reason),) if reason else (),
        action_label=_("Open the handover"),
        url=_s(context, "url"),
    )


def feedback_overdue(context: Mapping[str, Any]) -> Message:
    company = _s(context, "company")
    return Message(
        subject=_("Reminder: your feedback on %(company)s") % {"company": company},
        greeting=_hello(context),
        intro=_(
            "Your D+%(days)s feedback on %(company)s is still missing. It takes two minutes and "
            "helps marketing hand over better accounts."
        )
        % {"company": company, "days": _s(context, "days")},
        action_label=_("Give feedback"),
        url=_s(context, "url"),
    )


def feedback_escalation(context: Mapping[str, Any]) -> Message:
    company = _s(context, "company")
    return Message(
        subject=_("Missing feedback: %(company)s") % {"company": company},
        greeting=_hello(context),
        intro=_(
            "%(rep)s has not given the D+%(days)s feedback on %(company)s, even after a reminder."
        )
        % {"company": company, "rep": _s(context, "rep_name"), "days": _s(context, "days")},
        action_label=_("Open the handover"),
        url=_s(context, "url"),
    )


def watch_alert(context: Mapping[str, Any]) -> Message:
    company = _s(context, "company")
    return Message(
        subject=_("%(company)s is active again") % {"company": company},
        greeting=_hello(context),
        intro=_("A new strong interaction on %(company)s: %(what)s.")
        % {"company": company, "what": _s(context, "what")},
        action_label=_("Open the handover"),
        url=_s(context, "url"),
    )


_LOUD = frozenset({Channel.IN_APP, Channel.EMAIL, Channel.SLACK, Channel.TEAMS, Channel.WEBHOOK})
_QUIET = frozenset({Channel.IN_APP, Channel.EMAIL})

KINDS = (
    EventKind("handover.relaunch", gettext_lazy("Handovers to relaunch"), relaunch, _LOUD),
    EventKind(
        "handover.deadline_missed", gettext_lazy("Missed handover deadlines"), deadline_missed
    ),
    EventKind("handover.unassigned", gettext_lazy("Handovers needing a rep"), unassigned, _LOUD),
    EventKind("handover.decided", gettext_lazy("Handovers accepted or rejected"), decided, _QUIET),
    EventKind(
        "handover.feedback_overdue", gettext_lazy("Feedback reminders"), feedback_overdue, _QUIET
    ),
    EventKind(
        "handover.feedback_escalation",
        gettext_lazy("Missing feedback escalations"),
        feedback_escalation,
        _QUIET,
    ),
    EventKind("handover.watch_alert", gettext_lazy("Passive watch alerts"), watch_alert, _LOUD),
)


def register() -> None:
    for kind in KINDS:
        register_event(kind)
