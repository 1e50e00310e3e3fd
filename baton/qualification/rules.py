"""Qualification rules (SPEC R-2.2 to R-2.5). Pure: no Django import.

An :class:`AccountFacts` snapshot and a :class:`RuleSet` go in; an :class:`Verdict` comes out:
the five checklist lines of R-2.4 with their evidence, the readiness signals of R-2.3, the
engaged flag of R-2.2, and the cold / warm / hot level with a 0-100 score explained criterion by
criterion (R-2.5). Reasons are codes with parameters; ``wording.py`` turns them into sentences.

Definitions (all numbers come from the rule set; the defaults are in ``defaults.py``):

* **Window.** "The last 30 days" is a window of calendar days in the workspace time zone: an
  interaction dated ``today - 30`` counts, one dated ``today - 31`` does not, and nothing after
  ``now`` counts. :func:`window_start` gives the first day; facts gathering uses it.
* **Significant interaction.** An interaction whose type is in ``significant_types``; a
  ``web_visit`` counts only when its page category is in ``significant_page_categories``
  (a plain blog visit is consumption, not engagement).
* **Email opens.** Of the account's last ``opens_of_last`` (5) ``email_sent`` events up to now,
  a send counts as opened when the account has an ``email_open`` or ``email_click`` of the *same
  campaign* at or after the send time. The signal holds at ``opens_required`` (3) opened sends.
* **Buying signal confirmed.** A recorded signal marked confirmed, dated within
  ``signal_max_age_days``; with ``qualitative_confirms_signal`` an active qualitative signal in
  the window (demo or pricing request, precise question, active event participation) confirms
  too, since none of them is passive consumption.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from baton.accounts.bands import REVENUE_BAND_CODES, SIZE_BAND_CODES

# == vocabulary (codes) ==

# The interaction types of ``baton.engagement.models.InteractionType`` (a test keeps them equal).
INTERACTION_TYPES: tuple[str, ...] = (
    "web_visit",
    "email_sent",
    "email_open",
    "email_click",
    "email_reply",
    "webinar_registered",
    "webinar_attended",
    "event_attended",
    "linkedin_interaction",
    "form_fill",
    "content_download",
    "demo_request",
    "pricing_request",
    "meeting",
)
PAGE_CATEGORIES: tuple[str, ...] = ("pricing", "case_study", "contact", "product", "blog", "other")
TIERS: tuple[str, ...] = ("tier_1", "tier_2", "tier_3")
LEVELS: tuple[str, ...] = ("cold", "warm", "hot")
TIMINGS: tuple[str, ...] = ("unknown", "now", "soon", "later", "not_soon")

# Checklist lines of, in order.
LINE_ICP = "icp"
LINE_ENGAGEMENT = "engagement"
LINE_DECISION_MAKER = "decision_maker"
LINE_BUYING_SIGNAL = "buying_signal"
LINE_NO_OPEN_DEAL = "no_open_deal"
LINES: tuple[str, ...] = (
    LINE_ICP,
    LINE_ENGAGEMENT,
    LINE_DECISION_MAKER,
    LINE_BUYING_SIGNAL,
    LINE_NO_OPEN_DEAL,
)

# Qualitative readiness signals of R-2.3 (kinds of :class:`Touch` in ``AccountFacts.qualitative``).
Q_DEMO_REQUEST = "demo_request"
Q_PRICING_REQUEST = "pricing_request"
Q_PRECISE_QUESTION = "precise_question"
Q_EXPLICIT_PROJECT = "explicit_project"
Q_ACTIVE_EVENT = "active_event"
QUALITATIVE_KINDS: tuple[str, ...] = (
    Q_DEMO_REQUEST,
    Q_PRICING_REQUEST,
    Q_PRECISE_QUESTION,
    Q_EXPLICIT_PROJECT,
    Q_ACTIVE_EVENT,
)
# Qualitative signals that show an active buyer (they confirm a buying signal when allowed).
ACTIVE_QUALITATIVE: frozenset[str] = frozenset(
    {Q_DEMO_REQUEST, Q_PRICING_REQUEST, Q_PRECISE_QUESTION, Q_ACTIVE_EVENT}
)

# Readiness signals reported beside the checklist.
R_ENGAGED = "engaged"
R_KEY_PAGES = "key_pages"
R_EMAIL_OPENS = "email_opens"
READINESS: tuple[str, ...] = (R_ENGAGED, R_KEY_PAGES, R_EMAIL_OPENS, *QUALITATIVE_KINDS)

# Score criteria and the weights that feed each.
CRITERIA: dict[str, tuple[str, ...]] = {
    "urgency": ("demo_or_pricing_request",),
    "authority": ("decision_maker_reachable", "decision_maker_engaged"),
    "context": ("confirmed_signal", "explicit_project"),
    "timeline": ("timing_now", "timing_soon", "timing_later"),
    "pain": ("pain_recorded",),
    "budget": ("budget_known",),
    "engagement": ("engaged", "key_pages", "email_opens"),
}
WEIGHT_KEYS: tuple[str, ...] = tuple(k for keys in CRITERIA.values() for k in keys)

ICP_CRITERIA: tuple[str, ...] = (
    "industries",
    "size_bands",
    "revenue_bands",
    "countries",
    "regions",
    "tiers",
)

# == the rule set ==


class RuleSetError(ValueError):
    """A rule-set configuration is invalid; ``field`` is a dotted path into the config."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class IcpRules:
    """Each list empty means "any". Text comparisons ignore case."""

    industries: tuple[str, ...] = ()
    size_bands: tuple[str, ...] = ()
    revenue_bands: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class EngagementRules:
    min_interactions: int = 3
    window_days: int = 30
    significant_types: tuple[str, ...] = ()
    significant_page_categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadinessRules:
    key_pages: tuple[str, ...] = ("pricing", "case_study", "contact")
    opens_required: int = 3
    opens_of_last: int = 5
    signal_max_age_days: int = 90
    qualitative_confirms_signal: bool = True


@dataclass(frozen=True)
class LevelRules:
    hot: int = 70
    warm: int = 40
    ready_at_least: str = "warm"


@dataclass(frozen=True)
class RuleSet:
    icp: IcpRules
    engagement: EngagementRules
    readiness: ReadinessRules
    levels: LevelRules
    weights: Mapping[str, int]
    require_reachable: bool = True


def _strings(
    cfg: Mapping[str, Any], key: str, path: str, allowed: Sequence[str] | None
) -> tuple[str, ...]:
    value = cfg.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleSetError(f"{path}.{key}", "must be a list of texts")
    items = tuple(v.strip() for v in value if v.strip())
    if allowed is not None:
        for v in items:
            if v not in allowed:
                raise RuleSetError(f"{path}.{key}", f"unknown value {v!r}")
    if len(set(items)) != len(items):
        raise RuleSetError(f"{path}.{key}", "a value is listed twice")
    return items


def _int(cfg: Mapping[str, Any], key: str, path: str, *, low: int, high: int, default: int) -> int:
    value = cfg.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleSetError(f"{path}.{key}", "must be a whole number")
    if not low <= value <= high:
        raise RuleSetError(f"{path}.{key}", f"must be between {low} and {high}")
    return value


def _section(config: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = config.get(key, {})
    if not isinstance(value, Mapping):
        raise RuleSetError(key, "must be an object")
    return value


def parse_rule_set(config: Mapping[str, Any]) -> RuleSet:
    """Validate a JSON configuration and build the rule set; raise :class:`RuleSetError`."""
    if not isinstance(config, Mapping):
        raise RuleSetError("config", "must be an object")
    known = {"icp", "engagement", "readiness", "levels", "weights", "decision_maker"}
    for key in config:
        if key not in known:
            raise RuleSetError(str(key), "unknown section")
    icp_cfg = _section(config, "icp")
    icp = IcpRules(
        industries=_strings(icp_cfg, "industries", "icp", None),
        size_bands=_strings(icp_cfg, "size_bands", "icp", SIZE_BAND_CODES),
        revenue_bands=_strings(icp_cfg, "revenue_bands", "icp", REVENUE_BAND_CODES),
        countries=tuple(c.upper() for c in _strings(icp_cfg, "countries", "icp", None)),
        regions=_strings(icp_cfg, "regions", "icp", None),
        tiers=_strings(icp_cfg, "tiers", "icp", TIERS),
    )
    eng_cfg = _section(config, "engagement")
    significant = _strings(eng_cfg, "significant_types", "engagement", INTERACTION_TYPES)
    if not significant:
        raise RuleSetError("engagement.significant_types", "name at least one interaction type")
    engagement = EngagementRules(
        min_interactions=_int(
            eng_cfg, "min_interactions", "engagement", low=1, high=100, default=3
        ),
        window_days=_int(eng_cfg, "window_days", "engagement", low=1, high=365, default=30),
        significant_types=significant,
        significant_page_categories=_strings(
            eng_cfg, "significant_page_categories", "engagement", PAGE_CATEGORIES
        ),
    )
    rd_cfg = _section(config, "readiness")
    opens_of_last = _int(rd_cfg, "opens_of_last", "readiness", low=1, high=50, default=5)
    qualitative = rd_cfg.get("qualitative_confirms_signal", True)
    if not isinstance(qualitative, bool):
        raise RuleSetError("readiness.qualitative_confirms_signal", "must be true or false")
    readiness = ReadinessRules(
        key_pages=_strings(rd_cfg, "key_pages", "readiness", PAGE_CATEGORIES),
        opens_required=_int(
            rd_cfg, "opens_required", "readiness", low=1, high=opens_of_last, default=3
        ),
        opens_of_last=opens_of_last,
        signal_max_age_days=_int(
            rd_cfg, "signal_max_age_days", "readiness", low=1, high=3650, default=90
        ),
        qualitative_confirms_signal=qualitative,
    )
    lv_cfg = _section(config, "levels")
    hot = _int(lv_cfg, "hot", "levels", low=1, high=100, default=70)
    warm = _int(lv_cfg, "warm", "levels", low=1, high=100, default=40)
    if warm >= hot:
        raise RuleSetError("levels.warm", "must be below the hot threshold")
    floor = lv_cfg.get("ready_at_least", "warm")
    if floor not in LEVELS:
        raise RuleSetError("levels.ready_at_least", "must be cold, warm or hot")
    levels = LevelRules(hot=hot, warm=warm, ready_at_least=str(floor))
    w_cfg = _section(config, "weights")
    for key in w_cfg:
        if key not in WEIGHT_KEYS:
            raise RuleSetError(f"weights.{key}", "unknown criterion")
    weights = {k: _int(w_cfg, k, "weights", low=0, high=100, default=0) for k in WEIGHT_KEYS}
    if sum(_max_points(weights).values()) == 0:
        raise RuleSetError("weights", "give at least one criterion some points")
    dm_cfg = _section(config, "decision_maker")
    reachable = dm_cfg.get("require_reachable", True)
    if not isinstance(reachable, bool):
        raise RuleSetError("decision_maker.require_reachable", "must be true or false")
    return RuleSet(
        icp=icp,
        engagement=engagement,
        readiness=readiness,
        levels=levels,
        weights=weights,
        require_reachable=reachable,
    )


def rule_set_to_config(rules: RuleSet) -> dict[str, Any]:
    """The canonical JSON configuration of ``rules`` (``parse_rule_set`` reads it back)."""
    return {
        "icp": {k: list(getattr(rules.icp, k)) for k in ICP_CRITERIA},
        "engagement": {
            "min_interactions": rules.engagement.min_interactions,
            "window_days": rules.engagement.window_days,
            "significant_types": list(rules.engagement.significant_types),
            "significant_page_categories": list(rules.engagement.significant_page_categories),
        },
        "readiness": {
            "key_pages": list(rules.readiness.key_pages),
            "opens_required": rules.readiness.opens_required,
            "opens_of_last": rules.readiness.opens_of_last,
            "signal_max_age_days": rules.readiness.signal_max_age_days,
            "qualitative_confirms_signal": rules.readiness.qualitative_confirms_signal,
        },
        "decision_maker": {"require_reachable": rules.require_reachable},
        "levels": {
            "hot": rules.levels.hot,
            "warm": rules.levels.warm,
            "ready_at_least": rules.levels.ready_at_least,
        },
        "weights": {k: rules.weights.get(k, 0) for k in WEIGHT_KEYS},
    }


def window_start(today: dt.date, window_days: int) -> dt.date:
    """First calendar day of the sliding window ending ``today`` (both days included)."""
    return today - dt.timedelta(days=window_days)


def in_window(day: dt.date, today: dt.date, window_days: int) -> bool:
    return window_start(today, window_days) <= day <= today


def significant(rules: EngagementRules, type_: str, page_category: str) -> bool:
    """Whether one interaction counts toward engagement (the SQL filter mirrors this)."""
    if type_ not in rules.significant_types:
        return False
    if type_ == "web_visit" and rules.significant_page_categories:
        return page_category in rules.significant_page_categories
    return True


# == the facts ==


@dataclass(frozen=True)
class Touch:
    """A dated fact used as evidence: an interaction type, a page category, a signal kind."""

    kind: str
    on: dt.date
    detail: str = ""


@dataclass(frozen=True)
class Person:
    name: str
    title: str
    identified: bool
    reachable: bool
    engaged: bool


@dataclass(frozen=True)
class SignalFact:
    kind: str
    on: dt.date
    confirmed: bool


@dataclass(frozen=True)
class DealFact:
    name: str
    created_on: dt.date


@dataclass(frozen=True)
class AccountFacts:
    """What the rules need to know about one account, as of one day.

    ``significant_count`` is exact; ``significant`` holds the most recent few of those
    interactions (as evidence), newest first. ``key_pages`` and ``qualitative`` hold the last
    date of each kind seen in the window; ``signals`` the signals within the signal age limit.
    """

    account_id: int
    today: dt.date
    industry: str = ""
    size_band: str = ""
    revenue_band: str = ""
    country: str = ""
    region: str = ""
    tier: str = ""
    significant_count: int = 0
    significant: tuple[Touch, ...] = ()
    key_pages: tuple[Touch, ...] = ()
    emails_sent: int = 0
    emails_opened: int = 0
    qualitative: tuple[Touch, ...] = ()
    decision_makers: tuple[Person, ...] = ()
    signals: tuple[SignalFact, ...] = ()
    open_deals: tuple[DealFact, ...] = ()
    timing: str = "unknown"
    budget_known: bool = False
    pain_count: int = 0


def _touch_canon(t: Touch) -> dict[str, str]:
    return {"detail": t.detail, "kind": t.kind, "on": t.on.isoformat()}


def _digest_data(f: AccountFacts) -> dict[str, Any]:
    """Every field of ``f`` but ``today`` as plain JSON values (dates in ISO form), every
    object's keys already in sorted order (so the encoder need not sort them)."""
    return {
        "account_id": f.account_id,
        "budget_known": f.budget_known,
        "country": f.country,
        "decision_makers": [
            {
                "engaged": p.engaged,
                "identified": p.identified,
                "name": p.name,
                "reachable": p.reachable,
                "title": p.title,
            }
            for p in f.decision_makers
        ],
        "emails_opened": f.emails_opened,
        "emails_sent": f.emails_sent,
        "industry": f.industry,
        "key_pages": [_touch_canon(t) for t in f.key_pages],
        "open_deals": [
            {"created_on": d.created_on.isoformat(), "name": d.name} for d in f.open_deals
        ],
        "pain_count": f.pain_count,
        "qualitative": [_touch_canon(t) for t in f.qualitative],
        "region": f.region,
        "revenue_band": f.revenue_band,
        "signals": [
            {"confirmed": s.confirmed, "kind": s.kind, "on": s.on.isoformat()} for s in f.signals
        ],
        "significant": [_touch_canon(t) for t in f.significant],
        "significant_count": f.significant_count,
        "size_band": f.size_band,
        "tier": f.tier,
        "timing": f.timing,
    }


# The canonical JSON of the digest: keys sorted (by construction), no spaces, UTF-8.
_digest_json = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def facts_digest(facts: AccountFacts) -> str:
    """sha256 of the canonical JSON of ``facts`` without ``today`` (same inputs → same digest):
    keys sorted, no spaces, UTF-8."""
    return hashlib.sha256(_digest_json(_digest_data(facts)).encode()).hexdigest()


# == the verdict ==

Param = str | int | list[str]


@dataclass(frozen=True)
class Note:
    """A reason: a code and the parameters that the wording puts into words."""

    code: str
    params: Mapping[str, Param] = field(default_factory=dict)


@dataclass(frozen=True)
class Line:
    code: str
    passed: bool
    notes: tuple[Note, ...]
    evidence: tuple[Touch, ...] = ()


@dataclass(frozen=True)
class ScoreItem:
    criterion: str
    key: str
    points: int
    max_points: int


@dataclass(frozen=True)
class Verdict:
    lines: tuple[Line, ...]
    readiness: tuple[Line, ...]
    score_items: tuple[ScoreItem, ...]
    score: int
    level: str
    engaged: bool
    last_signal_on: dt.date | None

    @property
    def passed_count(self) -> int:
        return sum(1 for line in self.lines if line.passed)

    @property
    def ready(self) -> bool:
        return self.passed_count == len(LINES)

    @property
    def borderline(self) -> bool:
        return self.passed_count == len(LINES) - 1

    @property
    def failing(self) -> tuple[str, ...]:
        return tuple(line.code for line in self.lines if not line.passed)


def _max_points(weights: Mapping[str, int]) -> dict[str, int]:
    """The most each criterion can give (timeline keys are alternatives: the best one counts)."""
    out: dict[str, int] = {}
    for criterion, keys in CRITERIA.items():
        points = [weights.get(k, 0) for k in keys]
        out[criterion] = max(points) if criterion == "timeline" else sum(points)
    return out


_by_day_kind_detail = attrgetter("on", "kind", "detail")
_by_day = attrgetter("on")


def _person_rank(p: Person) -> tuple[bool, bool, str]:
    return (not p.reachable, not p.engaged, p.name)


class Judge:
    """A rule set compiled once to judge many accounts.

    Everything that depends on the rules only (thresholds, the ICP lists, the lines and notes
    that do not depend on the account, the points of each criterion) is built here once; the
    lines that depend on a few values (the ICP values, the committee, the key pages, the email
    counts, the score criteria earned) are kept by those values, so that judging an account
    mostly picks ready-made lines. Lines are immutable: verdicts may share them.
    :meth:`stored` gives a verdict's JSON as an evaluation row stores it (``verdict_to_json``
    serialised), with the JSON of the shared lines made once.
    """

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        eng, rd = rules.engagement, rules.readiness
        self._json: dict[int, str] = {}  # id of a line, notes or score tuple kept here -> JSON
        self._keep: list[Any] = []  # what the ids above belong to (alive as long as the judge)
        self._prefixes: dict[tuple[str, bool], str] = {}
        self._touch_texts: dict[Touch, str] = {}
        self._last_evidence: tuple[tuple[Touch, ...] | None, str] = (None, "")
        # ICP: (index into the account's values, criterion, casefolded allowed, allowed)
        self._icp = tuple(
            (i, c, frozenset(a.casefold() for a in getattr(rules.icp, c)), getattr(rules.icp, c))
            for i, c in enumerate(ICP_CRITERIA)
            if getattr(rules.icp, c)
        )
        self._icp_lines: dict[tuple[str, ...], Line] = {}
        self._icp_pass = self._own(
            Line(
                LINE_ICP,
                True,
                (Note("icp_match", {"criteria": [c for _i, c, _f, _a in self._icp]}),),
            )
        )
        self._min = eng.min_interactions
        self._days = eng.window_days
        self._eng_notes: dict[int, tuple[Note, ...]] = {}
        self._require_reachable = rules.require_reachable
        self._dm_lines: dict[tuple[Person, ...], Line] = {}
        self._dm_none = self._own(Line(LINE_DECISION_MAKER, False, (Note("dm_none"),)))
        self._qualitative_confirms = rd.qualitative_confirms_signal
        self._signal_none = self._own(
            Line(
                LINE_BUYING_SIGNAL, False, (Note("signal_none", {"days": rd.signal_max_age_days}),)
            )
        )
        self._no_deal = self._own(Line(LINE_NO_OPEN_DEAL, True, (Note("no_open_deal"),)))
        self._key_pages = frozenset(rd.key_pages)
        self._page_lines: dict[tuple[Touch, ...], Line] = {}
        self._opens_required = rd.opens_required
        self._opens_of_last = rd.opens_of_last
        self._open_lines: dict[tuple[int, int], Line] = {}
        self._absent = {k: self._own(Line(k, False, (Note(k),))) for k in QUALITATIVE_KINDS}
        self._present: dict[Touch, Line] = {}
        # Score: the weighted keys in criterion order; (items, score) by the keys earned.
        self._weighted = tuple(
            (criterion, key, rules.weights.get(key, 0))
            for criterion, keys in CRITERIA.items()
            for key in keys
            if rules.weights.get(key, 0)
        )
        self._possible = sum(_max_points(rules.weights).values())
        self._scores: dict[tuple[bool, ...], tuple[tuple[ScoreItem, ...], int]] = {}
        self._hot, self._warm = rules.levels.hot, rules.levels.warm
        self._floor = rules.levels.ready_at_least
        self._floor_rank = LEVELS.index(self._floor)
        self._failing: dict[tuple[str, ...], str] = {}

    def _own(self, line: Line) -> Line:
        self._json[id(line)] = self._line_text(line)
        self._keep.append(line)
        return line

    # -- the checklist lines --

    def _icp_line(self, facts: AccountFacts) -> Line:
        if not self._icp:
            return self._icp_pass
        values = (
            facts.industry,
            facts.size_band,
            facts.revenue_band,
            facts.country.upper(),
            facts.region,
            facts.tier,
        )
        key = tuple(values[i] for i, _c, _f, _a in self._icp)
        line = self._icp_lines.get(key)
        if line is not None:
            return line
        notes: list[Note] = []
        for i, criterion, folded, allowed in self._icp:
            value = values[i]
            if not value:
                notes.append(Note("icp_unknown", {"criterion": criterion}))
            elif value.casefold() not in folded:
                notes.append(
                    Note(
                        "icp_out",
                        {"criterion": criterion, "value": value, "allowed": list(allowed)},
                    )
                )
        line = self._own(Line(LINE_ICP, False, tuple(notes))) if notes else self._icp_pass
        self._icp_lines[key] = line
        return line

    def _engagement_notes(self, count: int) -> tuple[Note, ...]:
        notes = self._eng_notes.get(count)
        if notes is None:
            params: dict[str, Param] = {"count": count, "min": self._min, "days": self._days}
            code = "interactions_enough" if count >= self._min else "interactions_missing"
            notes = self._eng_notes[count] = (Note(code, params),)
            self._json[id(notes)] = json.dumps([{"code": code, "params": params}])
        return notes

    def _decision_maker_line(self, people: tuple[Person, ...]) -> Line:
        if not people:
            return self._dm_none
        line = self._dm_lines.get(people)
        if line is not None:
            return line
        identified = [p for p in people if p.identified]
        good = [p for p in identified if p.reachable or not self._require_reachable]
        if good:
            best = sorted(good, key=_person_rank)[0]
            code = "dm_reachable" if best.reachable else "dm_identified"
            line = Line(
                LINE_DECISION_MAKER, True, (Note(code, {"name": best.name, "title": best.title}),)
            )
        elif identified:
            first = sorted(identified, key=attrgetter("name"))[0]
            line = Line(
                LINE_DECISION_MAKER,
                False,
                (Note("dm_not_reachable", {"name": first.name, "title": first.title}),),
            )
        else:
            line = Line(LINE_DECISION_MAKER, False, (Note("dm_not_identified"),))
        self._dm_lines[people] = line = self._own(line)
        return line

    def _signal_line(self, facts: AccountFacts) -> Line:
        active: list[Touch] = []
        if self._qualitative_confirms:
            active = [t for t in facts.qualitative if t.kind in ACTIVE_QUALITATIVE]
        if not facts.signals and not active:
            return self._signal_none
        confirmed = sorted((s for s in facts.signals if s.confirmed), key=_by_day, reverse=True)
        evidence = [Touch(s.kind, s.on, "signal") for s in confirmed]
        if active:
            evidence += sorted(active, key=_by_day, reverse=True)
        if evidence:
            evidence.sort(key=_by_day, reverse=True)
            return Line(
                LINE_BUYING_SIGNAL,
                True,
                (Note("signal_confirmed", {"count": len(evidence)}),),
                tuple(evidence),
            )
        unconfirmed = sorted(facts.signals, key=_by_day, reverse=True)  # none is confirmed
        return Line(
            LINE_BUYING_SIGNAL,
            False,
            (Note("signal_unconfirmed", {"count": len(unconfirmed)}),),
            tuple(Touch(s.kind, s.on, "signal") for s in unconfirmed),
        )

    def _deal_line(self, facts: AccountFacts) -> Line:
        if not facts.open_deals:
            return self._no_deal
        deals = sorted(facts.open_deals, key=attrgetter("created_on", "name"))
        return Line(
            LINE_NO_OPEN_DEAL,
            False,
            (Note("deal_open", {"count": len(deals), "name": deals[0].name}),),
            tuple(Touch("deal", d.created_on, d.name) for d in deals),
        )

    # -- the readiness signals --

    def _pages_line(self, key_pages: tuple[Touch, ...]) -> Line:
        line = self._page_lines.get(key_pages)
        if line is None:
            pages = tuple(sorted((t for t in key_pages if t.kind in self._key_pages), key=_by_day))
            params: dict[str, Param] = {"count": len(pages), "days": self._days}
            line = self._own(Line(R_KEY_PAGES, bool(pages), (Note("key_pages", params),), pages))
            self._page_lines[key_pages] = line
        return line

    def _opens_line(self, opened: int, sent: int) -> Line:
        line = self._open_lines.get((opened, sent))
        if line is None:
            params: dict[str, Param] = {
                "opened": opened,
                "sent": sent,
                "required": self._opens_required,
                "last": self._opens_of_last,
            }
            passed = opened >= self._opens_required
            line = self._own(Line(R_EMAIL_OPENS, passed, (Note("email_opens", params),)))
            self._open_lines[(opened, sent)] = line
        return line

    def _qualitative_line(self, touch: Touch) -> Line:
        line = self._present.get(touch)
        if line is None:
            line = self._own(Line(touch.kind, True, (Note(touch.kind),), (touch,)))
            self._present[touch] = line
        return line

    # -- score and level --

    def _score(self, earned: tuple[bool, ...]) -> tuple[tuple[ScoreItem, ...], int]:
        found = self._scores.get(earned)
        if found is None:
            got = dict(zip(WEIGHT_KEYS, earned, strict=True))
            items = tuple(
                ScoreItem(criterion, key, points if got[key] else 0, points)
                for criterion, key, points in self._weighted
            )
            total = sum(i.points for i in items)
            score = round(100 * total / self._possible) if self._possible else 0
            found = self._scores[earned] = (items, min(100, score))
            self._keep.append(items)
            self._json[id(items)] = json.dumps(_score_json(items))
        return found

    def _level(self, score: int, ready: bool) -> str:
        level = "hot" if score >= self._hot else "warm" if score >= self._warm else "cold"
        if ready and LEVELS.index(level) < self._floor_rank:
            return self._floor
        return level

    # -- the verdict --

    def evaluate(self, facts: AccountFacts) -> Verdict:
        """Judge one account: checklist, readiness signals, score and level."""
        count = facts.significant_count
        engaged = count >= self._min
        notes = self._engagement_notes(count)
        evidence = tuple(sorted(facts.significant, key=_by_day_kind_detail))
        engagement = Line(LINE_ENGAGEMENT, engaged, notes, evidence)
        people = facts.decision_makers
        signal = self._signal_line(facts)
        lines = (
            self._icp_line(facts),
            engagement,
            self._decision_maker_line(people),
            signal,
            self._deal_line(facts),
        )
        by_kind = {t.kind: t for t in facts.qualitative}
        pages = self._pages_line(facts.key_pages)
        opens = self._opens_line(facts.emails_opened, facts.emails_sent)
        absent = self._absent
        readiness = (
            Line(R_ENGAGED, engaged, notes, evidence),
            pages,
            opens,
            *[
                absent[kind] if kind not in by_kind else self._qualitative_line(by_kind[kind])
                for kind in QUALITATIVE_KINDS
            ],
        )
        timing = facts.timing
        earned = (
            Q_DEMO_REQUEST in by_kind or Q_PRICING_REQUEST in by_kind,
            bool(people) and any(p.identified and p.reachable for p in people),
            bool(people) and any(p.identified and p.engaged for p in people),
            signal.passed,
            Q_EXPLICIT_PROJECT in by_kind,
            timing == "now",
            timing == "soon",
            timing == "later",
            facts.pain_count > 0,
            facts.budget_known,
            engaged,
            pages.passed,
            opens.passed,
        )
        items, score = self._score(earned)
        all_pass = all(line.passed for line in lines)
        return Verdict(
            lines=lines,
            readiness=readiness,
            score_items=items,
            score=score,
            level=self._level(score, all_pass),
            engaged=engaged,
            last_signal_on=signal.evidence[0].on if signal.passed else None,
        )

    # -- storage --

    def _line_text(self, line: Line) -> str:
        """``json.dumps(line_to_json(line))``, from the pieces already made when possible."""
        text = self._json.get(id(line))
        if text is not None:
            return text
        prefix = self._prefixes.get((line.code, line.passed))
        if prefix is None:
            code, passed = json.dumps(line.code), json.dumps(line.passed)
            prefix = f'{{"code": {code}, "passed": {passed}, "notes": '
            self._prefixes[(line.code, line.passed)] = prefix
        notes = self._json.get(id(line.notes))
        if notes is None:
            notes = json.dumps([{"code": n.code, "params": dict(n.params)} for n in line.notes])
        return prefix + notes + ', "evidence": [' + self._evidence_text(line.evidence) + "]}"

    def _evidence_text(self, evidence: tuple[Touch, ...]) -> str:
        """The touches' JSON, comma-separated; the last one is remembered (the engagement line
        and the "engaged" readiness signal share their evidence)."""
        if evidence is self._last_evidence[0]:
            return self._last_evidence[1]
        touches = self._touch_texts
        pieces = []
        for touch in evidence:
            piece = touches.get(touch)
            if piece is None:
                piece = touches[touch] = json.dumps(_touch_json(touch))
            pieces.append(piece)
        text = ", ".join(pieces)
        self._last_evidence = (evidence, text)
        return text

    def stored(self, verdict: Verdict) -> StoredVerdict:
        """``verdict_to_json(verdict)`` as JSON texts (``json.dumps`` of each part)."""
        failing = verdict.failing
        failing_text = self._failing.get(failing)
        if failing_text is None:
            failing_text = self._failing[failing] = json.dumps(list(failing))
        items = verdict.score_items
        score_text = self._json.get(id(items))
        return StoredVerdict(
            lines=self._lines_text(verdict.lines),
            readiness=self._lines_text(verdict.readiness),
            breakdown=score_text if score_text is not None else json.dumps(_score_json(items)),
            failing=failing_text,
        )

    def _lines_text(self, lines: tuple[Line, ...]) -> str:
        known = self._json.get
        texts = []
        for line in lines:
            text = known(id(line))
            texts.append(text if text is not None else self._line_text(line))
        return "[" + ", ".join(texts) + "]"


def evaluate(facts: AccountFacts, rules: RuleSet) -> Verdict:
    """Judge one account (to judge many, build one :class:`Judge` and reuse it)."""
    return Judge(rules).evaluate(facts)


# == storage shape ==


@dataclass(frozen=True)
class StoredVerdict:
    """The JSON texts of an evaluation row's lines, readiness, breakdown and failing lines."""

    lines: str
    readiness: str
    breakdown: str
    failing: str


def _touch_json(t: Touch) -> dict[str, str]:
    return {"kind": t.kind, "on": t.on.isoformat(), "detail": t.detail}


def line_to_json(line: Line) -> dict[str, Any]:
    return {
        "code": line.code,
        "passed": line.passed,
        "notes": [{"code": n.code, "params": dict(n.params)} for n in line.notes],
        "evidence": [_touch_json(t) for t in line.evidence],
    }


def _score_json(items: Sequence[ScoreItem]) -> list[dict[str, Any]]:
    return [
        {"criterion": i.criterion, "key": i.key, "points": i.points, "max": i.max_points}
        for i in items
    ]


def verdict_to_json(verdict: Verdict) -> dict[str, Any]:
    """What an evaluation row stores: lines, readiness and score breakdown as plain JSON."""
    return {
        "lines": [line_to_json(line) for line in verdict.lines],
        "readiness": [line_to_json(line) for line in verdict.readiness],
        "score": _score_json(verdict.score_items),
    }
