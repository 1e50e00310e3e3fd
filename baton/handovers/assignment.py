"""Assignment rules (SPEC R-3.3): which rep receives an account, and why. Pure, no Django.

Rules are tried in order; the first whose criteria all match (an empty list matches anything)
names a rep or a pool. A pool assigns round robin from the member after the last one served,
skipping absent reps and reps at their capacity (open handovers). A rule whose rep or pool
cannot take the account is passed over for the next rule. Every step is kept in the
explanation, as codes with parameters that ``wording.py`` puts into words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

# Expected deal size bands: (upper bound exclusive, code); the last has no upper bound.
DEAL_BANDS: tuple[tuple[Decimal | None, str], ...] = (
    (Decimal("10000"), "<10k"),
    (Decimal("50000"), "10-50k"),
    (Decimal("200000"), "50-200k"),
    (None, "200k+"),
)
DEAL_BAND_CODES: tuple[str, ...] = tuple(code for _, code in DEAL_BANDS)


def deal_band(amount: Decimal | None) -> str:
    if amount is None or amount < 0:
        return ""
    for upper, code in DEAL_BANDS:
        if upper is None or amount < upper:
            return code
    return DEAL_BANDS[-1][1]


@dataclass(frozen=True)
class AccountFacts:
    territory: str = ""
    country: str = ""
    industry: str = ""
    size_band: str = ""
    deal_band: str = ""


@dataclass(frozen=True)
class RepFacts:
    id: int
    name: str
    is_active: bool = True
    is_absent: bool = False
    capacity: int | None = None
    open_count: int = 0

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.open_count >= self.capacity


@dataclass(frozen=True)
class PoolFacts:
    id: int
    name: str
    member_ids: tuple[int, ...]
    last_rep_id: int | None = None


@dataclass(frozen=True)
class RuleFacts:
    id: int
    name: str
    territories: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    size_bands: tuple[str, ...] = ()
    deal_bands: tuple[str, ...] = ()
    rep_id: int | None = None
    pool_id: int | None = None


@dataclass(frozen=True)
class Step:
    code: str
    params: Mapping[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    rep_id: int | None
    rule_id: int | None = None
    pool_id: int | None = None
    steps: tuple[Step, ...] = ()


CRITERIA: tuple[tuple[str, str], ...] = (
    ("territories", "territory"),
    ("countries", "country"),
    ("sectors", "industry"),
    ("size_bands", "size_band"),
    ("deal_bands", "deal_band"),
)


def _norm(value: str) -> str:
    return value.strip().casefold()


def mismatch(rule: RuleFacts, account: AccountFacts) -> str | None:
    """The first criterion of ``rule`` that ``account`` fails, or None when all match."""
    for rule_attr, account_attr in CRITERIA:
        wanted: tuple[str, ...] = getattr(rule, rule_attr)
        if not wanted:
            continue
        value = _norm(getattr(account, account_attr))
        if value not in {_norm(w) for w in wanted}:
            return rule_attr
    return None


def _available(rep: RepFacts | None) -> str | None:
    """Why ``rep`` cannot take a new account, or None."""
    if rep is None or not rep.is_active:
        return "rep_inactive"
    if rep.is_absent:
        return "rep_absent"
    if rep.is_full:
        return "rep_full"
    return None


def _rep_step(code: str, rep: RepFacts | None) -> Step:
    params: dict[str, str | int] = {"rep": rep.name if rep else "?"}
    if rep is not None and rep.capacity is not None:
        params |= {"open": rep.open_count, "capacity": rep.capacity}
    return Step(code, params)


def _round_robin(
    pool: PoolFacts, reps: Mapping[int, RepFacts], steps: list[Step]
) -> RepFacts | None:
    members = list(pool.member_ids)
    if not members:
        steps.append(Step("pool_empty", {"pool": pool.name}))
        return None
    start = 0
    if pool.last_rep_id in members:
        start = members.index(pool.last_rep_id) + 1
    for offset in range(len(members)):
        rep = reps.get(members[(start + offset) % len(members)])
        why = _available(rep)
        if why is None and rep is not None:
            steps.append(Step("pool_next", {"pool": pool.name, "rep": rep.name}))
            return rep
        steps.append(_rep_step(why or "rep_inactive", rep))
    steps.append(Step("pool_exhausted", {"pool": pool.name}))
    return None


def assign(
    account: AccountFacts,
    rules: Sequence[RuleFacts],
    reps: Mapping[int, RepFacts],
    pools: Mapping[int, PoolFacts],
) -> Decision:
    """The rep for ``account`` under ``rules`` (in order), with the explanation."""
    steps: list[Step] = []
    for rule in rules:
        failed = mismatch(rule, account)
        if failed is not None:
            steps.append(Step("rule_skipped", {"rule": rule.name, "criterion": failed}))
            continue
        steps.append(Step("rule_matched", {"rule": rule.name}))
        if rule.rep_id is not None:
            rep = reps.get(rule.rep_id)
            why = _available(rep)
            if why is None and rep is not None:
                steps.append(Step("rep_named", {"rep": rep.name}))
                return Decision(rep.id, rule.id, None, tuple(steps))
            steps.append(_rep_step(why or "rep_inactive", rep))
            continue
        pool = pools.get(rule.pool_id) if rule.pool_id is not None else None
        if pool is None:
            steps.append(Step("pool_missing", {"rule": rule.name}))
            continue
        chosen = _round_robin(pool, reps, steps)
        if chosen is not None:
            return Decision(chosen.id, rule.id, pool.id, tuple(steps))
    steps.append(Step("no_rule"))
    return Decision(None, None, None, tuple(steps))
