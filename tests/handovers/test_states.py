"""The state machine, table-driven: every (state, action) pair, legal or not, for each role."""

from __future__ import annotations

import itertools

import pytest

from baton.handovers.states import (
    HOLDING_STATES,
    OPEN_STATES,
    TRANSITIONS,
    Action,
    State,
    TransitionError,
    allowed_actions,
    timers_stopped,
    transition,
)

S, A = State, Action

# (from, action) → to, as the issue states it. Anything not listed is illegal.
LEGAL: dict[tuple[State | None, Action], State] = {
    (None, A.PROPOSE): S.PROPOSED,
    (S.PROPOSED, A.ACCEPT): S.ACCEPTED,
    (S.PROPOSED, A.REJECT): S.REJECTED,
    (S.ACCEPTED, A.CONFIRM_BRIEFING): S.ACCEPTED,
    (S.ACCEPTED, A.LOG_FIRST_CONTACT): S.APPROACHING,
    (S.APPROACHING, A.LOG_MEETING): S.APPROACHING,
    (S.OPPORTUNITY, A.LOG_MEETING): S.OPPORTUNITY,
    (S.APPROACHING, A.MOVE_TO_OPPORTUNITY): S.OPPORTUNITY,
    (S.OPPORTUNITY, A.CLOSE_WON): S.CLOSED_WON,
    (S.OPPORTUNITY, A.CLOSE_LOST): S.CLOSED_LOST,
    (S.PROPOSED, A.DISQUALIFY): S.DISQUALIFIED,
    (S.ACCEPTED, A.DISQUALIFY): S.DISQUALIFIED,
    (S.APPROACHING, A.DISQUALIFY): S.DISQUALIFIED,
    (S.OPPORTUNITY, A.DISQUALIFY): S.DISQUALIFIED,
    (S.DISQUALIFIED, A.RETURN_TO_NURTURE): S.RETURNED_TO_NURTURE,
    (S.DISQUALIFIED, A.ARCHIVE): S.ARCHIVED,
    (S.PROPOSED, A.REASSIGN): S.PROPOSED,
    (S.ACCEPTED, A.REASSIGN): S.ACCEPTED,
    (S.APPROACHING, A.REASSIGN): S.APPROACHING,
    (S.OPPORTUNITY, A.REASSIGN): S.OPPORTUNITY,
}

# Who acts: (role, is the assigned rep)
ASSIGNED_REP = ("sales_rep", True)
OTHER_REP = ("sales_rep", False)
MANAGER = ("sales_manager", False)
MARKETING = ("marketing", False)
LEADERSHIP = ("leadership", False)
ADMIN = ("admin", False)
EVERYONE = [ASSIGNED_REP, OTHER_REP, MANAGER, MARKETING, LEADERSHIP, ADMIN]

SALES_ACTIONS = {
    A.ACCEPT,
    A.REJECT,
    A.CONFIRM_BRIEFING,
    A.LOG_FIRST_CONTACT,
    A.LOG_MEETING,
    A.MOVE_TO_OPPORTUNITY,
    A.CLOSE_WON,
    A.CLOSE_LOST,
    A.DISQUALIFY,
}


def allowed_for(action: Action) -> set[tuple[str, bool]]:
    if action == A.PROPOSE:
        return {MARKETING, ADMIN}
    if action in SALES_ACTIONS:
        return {ASSIGNED_REP, MANAGER, ADMIN}
    if action in (A.RETURN_TO_NURTURE, A.ARCHIVE):
        return {MARKETING, MANAGER, ADMIN}
    return {MANAGER, ADMIN}  # reassign


def test_the_table_is_exactly_the_issue_s_list() -> None:
    assert {k: r.to for k, r in TRANSITIONS.items()} == LEGAL


@pytest.mark.parametrize(("key", "to"), list(LEGAL.items()), ids=str)
@pytest.mark.parametrize("who", EVERYONE, ids=lambda w: f"{w[0]}{'-assigned' if w[1] else ''}")
def test_legal_transitions_by_role(
    key: tuple[State | None, Action], to: State, who: tuple[str, bool]
) -> None:
    state, action = key
    if who in allowed_for(action):
        assert transition(state, action, who[0], who[1], reason="because") == to
    else:
        with pytest.raises(TransitionError) as exc:
            transition(state, action, who[0], who[1], reason="because")
        assert exc.value.code == "forbidden"


ILLEGAL = [
    (state, action)
    for state, action in itertools.product([None, *State], Action)
    if (state, action) not in LEGAL
]


@pytest.mark.parametrize(("state", "action"), ILLEGAL, ids=str)
def test_illegal_transitions_are_refused_for_everyone(state: State | None, action: Action) -> None:
    for role, assigned in EVERYONE:
        with pytest.raises(TransitionError) as exc:
            transition(state, action, role, assigned, reason="because")
        assert exc.value.code == "illegal"
        assert exc.value.state == state
        assert exc.value.action == action


def test_the_illegal_list_is_complete() -> None:
    assert len(ILLEGAL) + len(LEGAL) == (len(State) + 1) * len(Action)
    assert len(LEGAL) == 20


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (S.PROPOSED, A.REJECT),
        (S.OPPORTUNITY, A.CLOSE_LOST),
        (S.APPROACHING, A.DISQUALIFY),
        (S.ACCEPTED, A.REASSIGN),
    ],
)
def test_some_actions_need_a_reason(state: State, action: Action) -> None:
    with pytest.raises(TransitionError) as exc:
        transition(state, action, "admin", False, reason="  ")
    assert exc.value.code == "reason_required"
    assert transition(state, action, "admin", False, reason="no budget") == LEGAL[(state, action)]


def test_a_manager_who_is_assigned_acts_as_rep_and_manager() -> None:
    assert transition(S.PROPOSED, A.ACCEPT, "sales_manager", True) == S.ACCEPTED


def test_allowed_actions_for_buttons() -> None:
    assert allowed_actions(S.PROPOSED, "sales_rep", True) == [A.ACCEPT, A.REJECT, A.DISQUALIFY]
    assert allowed_actions(S.PROPOSED, "sales_rep", False) == []
    assert allowed_actions(S.PROPOSED, "leadership", False) == []
    assert allowed_actions(S.DISQUALIFIED, "marketing", False) == [
        A.RETURN_TO_NURTURE,
        A.ARCHIVE,
    ]
    assert A.REASSIGN in allowed_actions(S.APPROACHING, "sales_manager", False)


def test_stage_sets() -> None:
    assert {S.PROPOSED, S.ACCEPTED, S.APPROACHING, S.OPPORTUNITY} == OPEN_STATES
    assert OPEN_STATES | {S.DISQUALIFIED} == HOLDING_STATES


@pytest.mark.parametrize(
    ("action", "to", "stopped"),
    [
        (A.ACCEPT, S.ACCEPTED, set()),
        (A.CONFIRM_BRIEFING, S.ACCEPTED, {"briefing"}),
        (
            A.LOG_FIRST_CONTACT,
            S.APPROACHING,
            {"briefing", "first_contact", "reminder", "escalation"},
        ),
        (A.LOG_MEETING, S.APPROACHING, set()),
        (
            A.DISQUALIFY,
            S.DISQUALIFIED,
            {"briefing", "first_contact", "reminder", "escalation", "support_end"},
        ),
        (
            A.REJECT,
            S.REJECTED,
            {"briefing", "first_contact", "reminder", "escalation", "support_end"},
        ),
    ],
)
def test_actions_stop_their_timers(action: Action, to: State, stopped: set[str]) -> None:
    assert timers_stopped(action, to) == stopped
