"""Words for the handover app's codes: refused actions, assignment steps, deadline kinds and
states, actions in the timeline, the notification's reason and next step (FR/EN, gettext)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from baton.handovers import states
from baton.handovers.assignment import Step

ACTION_LABELS: dict[str, str | Promise] = {
    states.Action.PROPOSE: gettext_lazy("Proposed"),
    states.Action.ACCEPT: gettext_lazy("Accepted"),
    states.Action.REJECT: gettext_lazy("Rejected"),
    states.Action.CONFIRM_BRIEFING: gettext_lazy("Briefing confirmed"),
    states.Action.LOG_FIRST_CONTACT: gettext_lazy("First contact logged"),
    states.Action.LOG_MEETING: gettext_lazy("Meeting logged"),
    states.Action.MOVE_TO_OPPORTUNITY: gettext_lazy("Moved to opportunity"),
    states.Action.CLOSE_WON: gettext_lazy("Closed won"),
    states.Action.CLOSE_LOST: gettext_lazy("Closed lost"),
    states.Action.DISQUALIFY: gettext_lazy("Disqualified"),
    states.Action.RETURN_TO_NURTURE: gettext_lazy("Returned to nurturing"),
    states.Action.ARCHIVE: gettext_lazy("Archived"),
    states.Action.REASSIGN: gettext_lazy("Reassigned"),
    "deadline": gettext_lazy("Deadline passed"),
    "feedback": gettext_lazy("Feedback given"),
    "watch_started": gettext_lazy("Passive watch started"),
}

# The button of each action, in the imperative.
ACTION_BUTTONS: dict[str, str | Promise] = {
    states.Action.ACCEPT: gettext_lazy("Accept"),
    states.Action.REJECT: gettext_lazy("Reject"),
    states.Action.CONFIRM_BRIEFING: gettext_lazy("Confirm the briefing"),
    states.Action.LOG_FIRST_CONTACT: gettext_lazy("Log first contact"),
    states.Action.LOG_MEETING: gettext_lazy("Log a meeting"),
    states.Action.MOVE_TO_OPPORTUNITY: gettext_lazy("Move to opportunity"),
    states.Action.CLOSE_WON: gettext_lazy("Close won"),
    states.Action.CLOSE_LOST: gettext_lazy("Close lost"),
    states.Action.DISQUALIFY: gettext_lazy("Disqualify"),
    states.Action.RETURN_TO_NURTURE: gettext_lazy("Return to nurturing"),
    states.Action.ARCHIVE: gettext_lazy("Archive"),
    states.Action.REASSIGN: gettext_lazy("Reassign"),
}

DEADLINE_LABELS: dict[str, str | Promise] = {
    "reminder": gettext_lazy("Reminder if no contact"),
    "briefing": gettext_lazy("Briefing scheduled"),
    "first_contact": gettext_lazy("First contact"),
    "escalation": gettext_lazy("Escalation to the sales manager"),
    "support_end": gettext_lazy("End of marketing's active support"),
    "feedback_14": gettext_lazy("Feedback at D+14"),
    "feedback_30": gettext_lazy("Feedback at D+30"),
    "feedback_14_reminder": gettext_lazy("Feedback D+14 reminder"),
    "feedback_14_escalation": gettext_lazy("Feedback D+14 escalation"),
    "feedback_30_reminder": gettext_lazy("Feedback D+30 reminder"),
    "feedback_30_escalation": gettext_lazy("Feedback D+30 escalation"),
}

DEADLINE_STATES: dict[str, str | Promise] = {
    "done": gettext_lazy("done"),
    "missed": gettext_lazy("missed"),
    "late": gettext_lazy("late"),
    "due_soon": gettext_lazy("due soon"),
    "running": gettext_lazy("on time"),
}

COLUMN_LABELS: dict[str, str | Promise] = {
    "proposed": pgettext_lazy("kanban", "Qualified by marketing"),
    "accepted": pgettext_lazy("kanban", "Sales briefing"),
    "approaching": pgettext_lazy("kanban", "Approaching"),
    "opportunity": pgettext_lazy("kanban", "Opportunity"),
    "closed": pgettext_lazy("kanban", "Closed"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def refusal(error: states.TransitionError, stage_label: str) -> str:
    """Why an action was refused, in words."""
    action = str(ACTION_BUTTONS.get(error.action, error.action)).lower()
    if error.code == "forbidden":
        return _("Your role does not allow you to %(action)s this handover.") % {"action": action}
    if error.code == "reason_required":
        return _("Please give a reason to %(action)s this handover.") % {"action": action}
    if error.state is None:
        return _("This handover cannot be created this way.")
    return _("“%(action)s” is not possible at stage “%(stage)s”.") % {
        "action": str(ACTION_BUTTONS.get(error.action, error.action)),
        "stage": stage_label,
    }


CRITERION_LABELS: dict[str, str | Promise] = {
    "territories": gettext_lazy("territory"),
    "countries": gettext_lazy("country"),
    "sectors": gettext_lazy("sector"),
    "size_bands": gettext_lazy("size band"),
    "deal_bands": gettext_lazy("deal size band"),
}


def step_text(step: Step | Mapping[str, Any]) -> str:
    """One line of the assignment explanation."""
    if isinstance(step, Step):
        code, params = step.code, dict(step.params)
    else:
        code, params = str(step.get("code")), dict(step.get("params") or {})
    if code == "rule_skipped":
        params["criterion"] = str(CRITERION_LABELS.get(str(params.get("criterion", "")), ""))
        return _("Rule “%(rule)s” does not apply: the %(criterion)s does not match.") % params
    texts = {
        "rule_matched": _("Rule “%(rule)s” applies."),
        "rep_named": _("It names %(rep)s, who is available."),
        "rep_absent": _("%(rep)s is marked absent: skipped."),
        "rep_full": _("%(rep)s already holds %(open)s open handovers (cap %(capacity)s): skipped."),
        "rep_inactive": _("%(rep)s is no longer active: skipped."),
        "pool_next": _("Pool “%(pool)s”: %(rep)s is next in the round robin."),
        "pool_empty": _("Pool “%(pool)s” has no member."),
        "pool_exhausted": _("Nobody in pool “%(pool)s” can take a new account."),
        "pool_missing": _("Rule “%(rule)s” names no pool."),
        "no_rule": _("No rule can place this account: a sales manager assigns it by hand."),
        "manual": _("Assigned by hand by %(manager)s: %(reason)s"),
    }
    template = texts.get(code)
    if template is None:
        return code
    try:
        return template % params
    except (KeyError, TypeError, ValueError):
        return template


def steps_json(steps: tuple[Step, ...]) -> list[dict[str, Any]]:
    return [{"code": s.code, "params": dict(s.params)} for s in steps]
