"""The handover state machine (SPEC R-3.1, R-3.7): one table, one function. Pure, no Django.

``TRANSITIONS`` maps ``(state, action)`` to the next state and to who may act: a role, or a
relation to the handover (the assigned rep). ``transition`` returns the next state or raises
``TransitionError`` with a reason code that ``wording.py`` turns into words a person
understands. Actions that record progress without changing the stage (briefing, meetings,
reassignment) are transitions to the same state, so that one check guards every action.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    APPROACHING = "approaching"
    OPPORTUNITY = "opportunity"
    CLOSED_WON = "closed_won"
    CLOSED_LOST = "closed_lost"
    REJECTED = "rejected"
    DISQUALIFIED = "disqualified"
    RETURNED_TO_NURTURE = "returned_to_nurture"
    ARCHIVED = "archived"


class Action(StrEnum):
    PROPOSE = "propose"
    ACCEPT = "accept"
    REJECT = "reject"
    CONFIRM_BRIEFING = "confirm_briefing"
    LOG_FIRST_CONTACT = "log_first_contact"
    LOG_MEETING = "log_meeting"
    MOVE_TO_OPPORTUNITY = "move_to_opportunity"
    CLOSE_WON = "close_won"
    CLOSE_LOST = "close_lost"
    DISQUALIFY = "disqualify"
    RETURN_TO_NURTURE = "return_to_nurture"
    ARCHIVE = "archive"
    REASSIGN = "reassign"


class Who(StrEnum):
    """Who may perform an action: a role, or the relation "assigned rep of this handover"."""

    ASSIGNED_REP = "assigned_rep"
    SALES_MANAGER = "sales_manager"
    MARKETING = "marketing"
    ADMIN = "admin"


# Stages where the account is being worked by sales: timers run, disqualification is possible.
OPEN_STATES: frozenset[State] = frozenset(
    {State.PROPOSED, State.ACCEPTED, State.APPROACHING, State.OPPORTUNITY}
)
# Stages that hold the account: at most one handover per account may be in one of these
# (a disqualified handover waits for marketing's decision: nurture or archive).
HOLDING_STATES: frozenset[State] = OPEN_STATES | {State.DISQUALIFIED}
FINAL_STATES: frozenset[State] = frozenset(State) - HOLDING_STATES

# Kanban columns: Qualifié Marketing / Briefing Sales / En approche / Opportunité / Fermé.
COLUMNS: tuple[tuple[str, tuple[State, ...]], ...] = (
    ("proposed", (State.PROPOSED,)),
    ("accepted", (State.ACCEPTED,)),
    ("approaching", (State.APPROACHING,)),
    ("opportunity", (State.OPPORTUNITY,)),
    ("closed", (State.CLOSED_WON, State.CLOSED_LOST)),
)

SALES: frozenset[Who] = frozenset({Who.ASSIGNED_REP, Who.SALES_MANAGER, Who.ADMIN})
MANAGERS: frozenset[Who] = frozenset({Who.SALES_MANAGER, Who.ADMIN})
MARKETING_SIDE: frozenset[Who] = frozenset({Who.MARKETING, Who.SALES_MANAGER, Who.ADMIN})


@dataclass(frozen=True)
class Rule:
    to: State
    who: frozenset[Who]
    needs_reason: bool = False


def _open(
    action: Action, who: frozenset[Who], *, reason: bool = False
) -> dict[tuple[State | None, Action], Rule]:
    """``action`` allowed from every open stage, staying in the same stage."""
    return {(s, action): Rule(s, who, reason) for s in OPEN_STATES}


TRANSITIONS: dict[tuple[State | None, Action], Rule] = {
    (None, Action.PROPOSE): Rule(State.PROPOSED, frozenset({Who.MARKETING, Who.ADMIN})),
    (State.PROPOSED, Action.ACCEPT): Rule(State.ACCEPTED, SALES),
    (State.PROPOSED, Action.REJECT): Rule(State.REJECTED, SALES, needs_reason=True),
    (State.ACCEPTED, Action.CONFIRM_BRIEFING): Rule(State.ACCEPTED, SALES),
    (State.ACCEPTED, Action.LOG_FIRST_CONTACT): Rule(State.APPROACHING, SALES),
    (State.APPROACHING, Action.LOG_MEETING): Rule(State.APPROACHING, SALES),
    (State.OPPORTUNITY, Action.LOG_MEETING): Rule(State.OPPORTUNITY, SALES),
    (State.APPROACHING, Action.MOVE_TO_OPPORTUNITY): Rule(State.OPPORTUNITY, SALES),
    (State.OPPORTUNITY, Action.CLOSE_WON): Rule(State.CLOSED_WON, SALES),
    (State.OPPORTUNITY, Action.CLOSE_LOST): Rule(State.CLOSED_LOST, SALES, needs_reason=True),
    **{
        (s, Action.DISQUALIFY): Rule(State.DISQUALIFIED, SALES, needs_reason=True)
        for s in OPEN_STATES
    },
    (State.DISQUALIFIED, Action.RETURN_TO_NURTURE): Rule(State.RETURNED_TO_NURTURE, MARKETING_SIDE),
    (State.DISQUALIFIED, Action.ARCHIVE): Rule(State.ARCHIVED, MARKETING_SIDE),
    **_open(Action.REASSIGN, MANAGERS, reason=True),
}


class TransitionError(Exception):
    """A refused action. ``code`` is ``illegal`` (not from this stage: 409), ``forbidden``
    (not for this person: 403) or ``reason_required`` (400)."""

    def __init__(self, code: str, *, state: State | None, action: Action) -> None:
        super().__init__(f"{code}: {action} from {state}")
        self.code = code
        self.state = state
        self.action = action


def who_is(actor_role: str, is_assigned: bool) -> frozenset[Who]:
    """The capacities in which a user with ``actor_role`` acts on a handover."""
    found: set[Who] = set()
    if is_assigned and actor_role in ("sales_rep", "sales_manager"):
        found.add(Who.ASSIGNED_REP)
    if actor_role == "sales_manager":
        found.add(Who.SALES_MANAGER)
    if actor_role == "marketing":
        found.add(Who.MARKETING)
    if actor_role == "admin":
        found.add(Who.ADMIN)
    return frozenset(found)


def rule_for(state: State | None, action: Action) -> Rule | None:
    return TRANSITIONS.get((state, action))


def transition(
    state: State | str | None,
    action: Action | str,
    actor_role: str,
    is_assigned: bool,
    *,
    reason: str = "",
) -> State:
    """The stage after ``action``; raise ``TransitionError`` when it is not allowed."""
    current = State(state) if state is not None else None
    act = Action(action)
    rule = rule_for(current, act)
    if rule is None:
        raise TransitionError("illegal", state=current, action=act)
    if not rule.who & who_is(actor_role, is_assigned):
        raise TransitionError("forbidden", state=current, action=act)
    if rule.needs_reason and not reason.strip():
        raise TransitionError("reason_required", state=current, action=act)
    return rule.to


def may_propose(actor_role: str) -> bool:
    """Whether a user with ``actor_role`` may propose a handover (the "Propose" buttons)."""
    return bool(TRANSITIONS[(None, Action.PROPOSE)].who & who_is(actor_role, False))


def allowed_actions(state: State | str, actor_role: str, is_assigned: bool) -> list[Action]:
    """The actions this person may take on a handover in ``state`` (for buttons)."""
    current = State(state)
    mine = who_is(actor_role, is_assigned)
    return [a for (s, a), rule in TRANSITIONS.items() if s == current and rule.who & mine]


# Deadline kinds each action stops (R-3.5 "each action stops the relevant timers").
STOPS: dict[Action, frozenset[str]] = {
    Action.ACCEPT: frozenset(),
    Action.CONFIRM_BRIEFING: frozenset({"briefing"}),
    Action.LOG_FIRST_CONTACT: frozenset({"briefing", "first_contact", "reminder", "escalation"}),
    Action.MOVE_TO_OPPORTUNITY: frozenset({"briefing", "first_contact", "reminder", "escalation"}),
}
# Timers that only make sense while sales works the account: stopped when it leaves the open
# stages. Feedback requests outlive the stage (R-3.6 learns from every outcome).
WORK_TIMERS: frozenset[str] = frozenset(
    {"briefing", "first_contact", "reminder", "escalation", "support_end"}
)


def timers_stopped(action: Action, to: State) -> frozenset[str]:
    stopped = STOPS.get(action, frozenset())
    if to not in OPEN_STATES:
        stopped = stopped | WORK_TIMERS
    return stopped
