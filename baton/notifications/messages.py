"""The words of each built-in event, in the active language (FR and EN via gettext).

Each renderer takes the context its caller passes to ``notify`` and returns a ``Message``.
Missing optional context keys render as an empty fact, never as an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from baton.notifications.events import EventKind, Fact, Message, register_event
from baton.notifications.models import Channel


def _s(context: Mapping[str, Any], key: str) -> str:
    value = context.get(key)
    return "" if value is None else str(value).strip()


def _facts(*pairs: tuple[str, str]) -> tuple[Fact, ...]:
    return tuple(Fact(label, value) for label, value in pairs if value)


def handover_assigned(context: Mapping[str, Any]) -> Message:
    """SPEC R-3.4: who, which company, why now, whom to call, what to do, where to read more."""
    company = _s(context, "company")
    name = _s(context, "decision_maker_name")
    title = _s(context, "decision_maker_title")
    decision_maker = _("%(name)s, %(title)s") % {"name": name, "title": title} if title else name
    return Message(
        subject=_("New account for you: %(company)s") % {"company": company},
        greeting=_("Hello %(first_name)s,") % {"first_name": _s(context, "rep_first_name")},
        intro=_(
            "Marketing is handing %(company)s over to you: the account is ready for a first "
            "conversation."
        )
        % {"company": company},
        facts=_facts(
            (pgettext("notification", "Why now"), _s(context, "reason")),
            (pgettext("notification", "Decision maker"), decision_maker),
            (pgettext("notification", "Suggested next step"), _s(context, "next_step")),
        ),
        action_label=_("Open the account dossier"),
        url=_s(context, "dossier_url"),
        outro=_("The dossier holds the rest: buying committee, interactions so far and context."),
    )


def handover_reminder(context: Mapping[str, Any]) -> Message:
    company = _s(context, "company")
    return Message(
        subject=_("Reminder: %(company)s is waiting for a first contact") % {"company": company},
        greeting=_("Hello %(first_name)s,") % {"first_name": _s(context, "rep_first_name")},
        intro=_("%(company)s was handed over to you %(age)s ago and no action is recorded yet.")
        % {"company": company, "age": _s(context, "age")},
        facts=_facts((pgettext("notification", "Suggested next step"), _s(context, "next_step"))),
        action_label=_("Open the handover"),
        url=_s(context, "url"),
    )


def handover_escalation(context: Mapping[str, Any]) -> Message:
    company = _s(context, "company")
    return Message(
        subject=_("Escalation: %(company)s has had no action for a week") % {"company": company},
        greeting=_("Hello %(first_name)s,") % {"first_name": _s(context, "manager_first_name")},
        intro=_(
            "The handover of %(company)s to %(rep)s has had no recorded action for a week. "
            "It needs your decision."
        )
        % {"company": company, "rep": _s(context, "rep_name")},
        action_label=_("Open the handover"),
        url=_s(context, "url"),
    )


def feedback_requested(context: Mapping[str, Any]) -> Message:
    company = _s(context, "company")
    return Message(
        subject=_("Your feedback on %(company)s") % {"company": company},
        greeting=_("Hello %(first_name)s,") % {"first_name": _s(context, "rep_first_name")},
        intro=_(
            "It has been %(days)s days since you received %(company)s. Was the qualification "
            "right, and was the information useful? Two minutes are enough."
        )
        % {"company": company, "days": _s(context, "days")},
        action_label=_("Give feedback"),
        url=_s(context, "url"),
    )


def weekly_review_ready(context: Mapping[str, Any]) -> Message:
    count = _("%(count)s accounts are in active handover this week.") % {
        "count": _s(context, "count")
    }
    summary = _s(context, f"summary_{(get_language() or 'fr')[:2]}")
    return Message(
        subject=_("The weekly review pack is ready"),
        greeting=_("Hello %(first_name)s,") % {"first_name": _s(context, "first_name")},
        intro=f"{summary} {count}" if summary else count,
        action_label=_("Open the review"),
        url=_s(context, "url"),
    )


def channel_failing(context: Mapping[str, Any]) -> Message:
    return Message(
        subject=_("Notifications to %(channel)s are failing") % {"channel": _s(context, "channel")},
        greeting=_("Hello %(first_name)s,") % {"first_name": _s(context, "first_name")},
        intro=_(
            "%(channel)s refused a message, so Baton has paused it. Messages wait in the outbox "
            "and will be delivered once the channel is fixed and a test message goes through."
        )
        % {"channel": _s(context, "channel")},
        facts=_facts((_("Error"), _s(context, "error"))),
        action_label=_("Check the channels"),
        url=_s(context, "url"),
    )


def test_message(context: Mapping[str, Any]) -> Message:
    return Message(
        subject=_("Baton test message"),
        greeting=_("Hello,"),
        intro=_("This channel is connected to Baton. %(actor)s sent this test message.")
        % {"actor": _s(context, "actor")},
        action_label=_("Open Baton"),
        url=_s(context, "url"),
    )


def daily_digest(context: Mapping[str, Any]) -> Message:
    return Message(
        subject=_("Your daily Baton digest"),
        greeting=_("Hello %(first_name)s,") % {"first_name": _s(context, "first_name")},
        intro=_s(context, "summary"),
        action_label=_("Open Baton"),
        url=_s(context, "url"),
    )


_HANDOVER = frozenset(
    {Channel.IN_APP, Channel.EMAIL, Channel.SLACK, Channel.TEAMS, Channel.WEBHOOK}
)
_QUIET = frozenset({Channel.IN_APP, Channel.EMAIL})

register_event(
    EventKind(
        "handover.assigned",
        gettext_lazy("A handover is assigned to me"),
        handover_assigned,
        _HANDOVER,
    )
)
register_event(
    EventKind(
        "handover.reminder", gettext_lazy("Reminders on my handovers"), handover_reminder, _HANDOVER
    )
)
register_event(
    EventKind(
        "handover.escalation", gettext_lazy("Escalations to me"), handover_escalation, _HANDOVER
    )
)
register_event(
    EventKind("feedback.requested", gettext_lazy("Feedback requests"), feedback_requested, _QUIET)
)
register_event(
    EventKind(
        "weekly_review.ready", gettext_lazy("Weekly review ready"), weekly_review_ready, _QUIET
    )
)
register_event(EventKind("digest.daily", gettext_lazy("Daily digest"), daily_digest, frozenset()))
register_event(
    EventKind(
        "channel.failing",
        gettext_lazy("A channel is failing"),
        channel_failing,
        _QUIET,
        configurable=False,
    )
)
register_event(
    EventKind(
        "test.message", gettext_lazy("Test message"), test_message, frozenset(), configurable=False
    )
)
