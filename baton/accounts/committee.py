"""Who to contact first, who to influence, who to avoid for now (SPEC R-1.4). Pure.

The rule, in words a rep reads on the dossier:
- an explicit approach chosen by marketing or sales always wins;
- blockers are avoided for now;
- reachable decision makers and champions are contacted first (decision makers first);
- everyone else (influencers, end users, unreachable decision makers, unknown roles) is to be
  influenced: reached through content and the champion rather than cold outreach.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTACT_FIRST = "contact_first"
INFLUENCE = "influence"
AVOID = "avoid"
AUTO = "auto"
APPROACH_ORDER: tuple[str, ...] = (CONTACT_FIRST, INFLUENCE, AVOID)

ROLE_PRIORITY: dict[str, int] = {
    "decision_maker": 0,
    "champion": 1,
    "influencer": 2,
    "end_user": 3,
    "unknown": 4,
    "blocker": 5,
}


@dataclass(frozen=True)
class Member:
    committee_role: str
    is_reachable: bool
    is_engaged: bool
    approach: str = AUTO


def approach_for(member: Member) -> str:
    if member.approach != AUTO:
        return member.approach
    if member.committee_role == "blocker":
        return AVOID
    if member.committee_role in {"decision_maker", "champion"} and member.is_reachable:
        return CONTACT_FIRST
    return INFLUENCE


def sort_key(member: Member) -> tuple[int, int, int]:
    """Within a group: by role priority, then engaged first, then reachable first."""
    return (
        ROLE_PRIORITY.get(member.committee_role, len(ROLE_PRIORITY)),
        0 if member.is_engaged else 1,
        0 if member.is_reachable else 1,
    )
