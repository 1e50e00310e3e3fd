"""Facts gathering: the :class:`~baton.qualification.qr.AccountFacts` of many accounts at once.

Set-based on purpose (seven statements whatever the number of accounts), in plain SQL: these
run for every account on each full recompute, where the ORM's per-row work shows.

1. accounts with their context (firmographics, timing, budget) and number of pains;
2. decision makers, 3. signals, 4. projects, 5. open deals — one statement each;
6. ONE ordered pass over the window's interactions of the types that matter (significant
   count, the newest ``EVIDENCE_LIMIT`` significant ones as evidence, last key-page visit per
   category, last qualitative interaction per kind);
7. ONE ordered pass over sends, opens and clicks (each account's last sends, opened or not).

Both passes read each account's rows newest first and stop caring once they know enough; the
local day of an instant comes from a bisection in the window's day bounds (:class:`_Days`).
With ``account_ids`` every statement is limited to those accounts (incremental recompute).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from baton.accounts.bands import revenue_band, size_band
from baton.accounts.models import Account, AccountContext, Contact, Deal, Pain, Project, Signal
from baton.engagement.models import Interaction
from baton.qualification import rules as qr
from baton.qualification.defaults import EVIDENCE_LIMIT

CHUNK = 900  # account ids per IN (…) list

QUESTION_TYPES = ("form_fill", "linkedin_interaction")
EVENT_TYPES = ("event_attended", "webinar_attended")
OPEN_TYPES = ("email_open", "email_click")
SIGNAL_QUALITATIVE = {
    "demo_request": qr.Q_DEMO_REQUEST,
    "pricing_request": qr.Q_PRICING_REQUEST,
    "precise_question": qr.Q_PRECISE_QUESTION,
    "explicit_project": qr.Q_EXPLICIT_PROJECT,
}


def window_bounds(now: dt.datetime, window_days: int) -> tuple[dt.date, dt.datetime]:
    """Today (local) and the aware datetime where the window starts (local midnight)."""
    today = timezone.localdate(now)
    start = dt.datetime.combine(qr.window_start(today, window_days), dt.time.min)
    return today, timezone.make_aware(start)


def significant_q(rules: qr.EngagementRules) -> Q:
    """The SQL form of :func:`rules.significant`."""
    others = [t for t in rules.significant_types if t != "web_visit"]
    q = Q(type__in=others)
    if "web_visit" in rules.significant_types:
        visit = Q(type="web_visit")
        if rules.significant_page_categories:
            visit &= Q(page_category__in=rules.significant_page_categories)
        q |= visit
    return q


def significant_sql(rules: qr.EngagementRules, type_col: str = "type") -> tuple[str, list[Any]]:
    """The raw SQL form of :func:`rules.significant` (and its parameters)."""
    others = [t for t in rules.significant_types if t != "web_visit"]
    sql, params = f"{type_col} IN ({_marks(others)})", list(others)
    if not others:
        sql = "1 = 0"
    if "web_visit" in rules.significant_types:
        visit = f"{type_col} = %s"
        params.append("web_visit")
        cats = list(rules.significant_page_categories)
        if cats:
            visit += f" AND page_category IN ({_marks(cats)})"
            params += cats
        sql = f"({sql} OR ({visit}))"
    return sql, params


def _marks(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


class _Scope:
    """How the interaction statements are limited: every account, or a list of ids.

    Scoped to a few accounts, SQLite must walk the (account_id, occurred_at) index; left alone
    it prefers the (type, occurred_at) one and reads every account's events of those types.
    ``+type`` (no index on an expression) steers it; PostgreSQL plans with statistics.
    """

    def __init__(self, ids: Sequence[int] | None) -> None:
        self.ids = ids
        self.sql = "" if ids is None else f" AND account_id IN ({_marks(ids)})"
        self.params: list[Any] = [] if ids is None else list(ids)
        self.sqlite = sqlite = connection.vendor == "sqlite"
        self.type = "+type" if ids is not None and sqlite else "type"
        # The local day of ``occurred_at``, as :meth:`days` reads it. SQLite hands a bare
        # datetime column to Django's converter (a regex per value): read the stored text, and
        # :class:`_Days` maps it. PostgreSQL gives the local day itself (Django's
        # ``datetime_cast_date_sql``: ``AT TIME ZONE``), so no aware datetime is built per row.
        if sqlite:
            self.day_sql, self.day_params = "CAST(occurred_at AS TEXT)", []
        else:
            zone = timezone.get_current_timezone_name()
            sql, params = connection.ops.datetime_cast_date_sql("occurred_at", (), zone)
            self.day_sql, self.day_params = sql, list(params)

    def days(self, first: dt.date, last: dt.date) -> Callable[[Any], dt.date]:
        """Maps what :attr:`day_sql` selects to the local day."""
        if self.sqlite:
            return _Days(first, last)
        return _same_day


def _same_day(value: dt.date) -> dt.date:
    return value


class _Days:
    """The local calendar day of a stored instant, for instants between ``first`` and the end
    of ``last``: a bisection in the UTC bounds of those days, as the database stores them
    (text on SQLite, aware datetimes on PostgreSQL), instead of a time-zone conversion each."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        count = (last - first).days + 2
        self.days = [first + dt.timedelta(days=i) for i in range(count)]
        adapt = connection.ops.adapt_datetimefield_value
        self.bounds = [
            adapt(timezone.make_aware(dt.datetime.combine(day, dt.time.min))) for day in self.days
        ]

    def __call__(self, value: Any) -> dt.date:
        i = bisect_right(self.bounds, value) - 1
        if 0 <= i < len(self.days) - 1:
            return self.days[i]
        if isinstance(value, str):  # outside the known days (not expected): convert
            value = dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
        return timezone.localdate(value)


def _rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def gather_facts(
    *, rules: qr.RuleSet, now: dt.datetime, account_ids: Iterable[int] | None = None
) -> dict[int, qr.AccountFacts]:
    """The facts of every account (or of ``account_ids``) as of ``now``, by account id."""
    ids = None if account_ids is None else sorted(set(account_ids))
    if ids is None:
        return _gather(rules, now, None)
    if len(ids) > CHUNK and len(ids) * 2 >= Account.objects.count():
        # Most accounts (after a big import): one pass over every account costs less than
        # one pass per chunk of ids; the facts are the same.
        every = _gather(rules, now, None)
        return {account_id: every[account_id] for account_id in ids if account_id in every}
    out: dict[int, qr.AccountFacts] = {}
    for i in range(0, len(ids), CHUNK):
        out.update(_gather(rules, now, ids[i : i + CHUNK]))
    return out


@dataclass
class _Window:
    """What the window's interactions say, by account id."""

    counts: dict[int, int] = field(default_factory=dict)  # significant interactions
    evidence: dict[int, tuple[qr.Touch, ...]] = field(default_factory=dict)  # newest few
    key_pages: dict[int, dict[str, dt.date]] = field(default_factory=dict)  # category -> last
    qualitative: dict[int, dict[str, dt.date]] = field(default_factory=dict)  # kind -> last


def _window_facts(
    rules: qr.RuleSet,
    now: dt.datetime,
    start: dt.datetime,
    scope: _Scope,
    days: Callable[[Any], dt.date],
) -> _Window:
    """ONE pass over the window's interactions of the types that matter, each account's newest
    first: the number of significant interactions and the newest ``EVIDENCE_LIMIT`` of them,
    the last visit of each key page and the last qualitative interaction of each kind (the
    first one met is the newest; only those get their local day)."""
    eng = rules.engagement
    table = connection.ops.quote_name(Interaction._meta.db_table)
    types = sorted(
        {*eng.significant_types, "web_visit", "demo_request", "pricing_request"}
        | {*QUESTION_TYPES, *EVENT_TYPES}
    )
    # The question and the active flags only matter for some types: asked for those rows
    # only, the other rows are read from the (type, occurred_at, account, page_category)
    # index alone (SQLite seeks the table row only when a column outside the index is read).
    asks = sorted({*QUESTION_TYPES, *EVENT_TYPES})
    sql = f"""
        SELECT account_id, type, page_category, {scope.day_sql},
               CASE WHEN type IN ({_marks(asks)}) THEN question <> '' ELSE FALSE END,
               CASE WHEN type IN ({_marks(asks)}) THEN asked_questions OR networked
                    ELSE FALSE END
        FROM {table}
        WHERE {scope.type} IN ({_marks(types)}) AND account_id IS NOT NULL
          AND occurred_at >= %s AND occurred_at <= %s{scope.sql}
        ORDER BY account_id, occurred_at DESC, id DESC
    """  # noqa: S608 - only placeholders, the quoted table name and fixed SQL are interpolated
    adapt = connection.ops.adapt_datetimefield_value
    params = [*scope.day_params, *asks, *asks, *types, adapt(start), adapt(now), *scope.params]
    rows = _rows(sql, params)

    significant_types = frozenset(t for t in eng.significant_types if t != "web_visit")
    visits_count = "web_visit" in eng.significant_types
    categories = frozenset(eng.significant_page_categories)
    key_pages = frozenset(rules.readiness.key_pages)
    out = _Window()
    current: int | None = None
    count = 0
    evidence: list[qr.Touch] = []
    pages: dict[str, dt.date] = {}
    quali: dict[str, dt.date] = {}

    def close() -> None:
        if current is None:
            return
        out.counts[current] = count
        if evidence:
            out.evidence[current] = tuple(evidence)
        if pages:
            out.key_pages[current] = pages
        if quali:
            out.qualitative[current] = quali

    for account_id, type_, category, at, question, active in rows:
        if account_id != current:
            close()
            current, count, evidence, pages, quali = account_id, 0, [], {}, {}
        if type_ == "web_visit":
            counts = visits_count and (not categories or category in categories)
            if category in key_pages and category not in pages:
                pages[category] = days(at)
        else:
            counts = type_ in significant_types
            if type_ in WINDOW_QUALITATIVE:
                if type_ not in quali:
                    quali[type_] = days(at)
            elif question and type_ in QUESTION_TYPES and qr.Q_PRECISE_QUESTION not in quali:
                quali[qr.Q_PRECISE_QUESTION] = days(at)
            if active and type_ in EVENT_TYPES and qr.Q_ACTIVE_EVENT not in quali:
                quali[qr.Q_ACTIVE_EVENT] = days(at)
        if counts:
            count += 1
            if len(evidence) < EVIDENCE_LIMIT:
                detail = category if type_ == "web_visit" else ""
                evidence.append(qr.Touch(type_, days(at), detail))
    close()
    return out


# Interaction types that are qualitative readiness signals of the same name.
WINDOW_QUALITATIVE = frozenset({qr.Q_DEMO_REQUEST, qr.Q_PRICING_REQUEST})


@dataclass
class _Small:
    """Rows of the account-side tables (a few per account)."""

    accounts: list[tuple[Any, ...]]
    contacts: list[tuple[Any, ...]]
    signals: list[tuple[Any, ...]]
    projects: list[tuple[Any, ...]]
    deals: list[tuple[Any, ...]]


def _small_facts(
    now: dt.datetime, today: dt.date, since: dt.date, ids: Sequence[int] | None
) -> _Small:
    """The accounts (with their context and number of pains), decision makers, signals and
    projects since ``since``, open deals: one plain statement each (these are read for
    thousands of accounts at once, where the ORM's per-row work shows)."""
    q = connection.ops.quote_name
    adapt_date = connection.ops.adapt_datefield_value
    adapt_time = connection.ops.adapt_datetimefield_value

    def table(model: Any) -> str:
        return str(q(model._meta.db_table))

    def scoped(column: str) -> tuple[str, list[Any]]:
        if ids is None:
            return "", []
        return f" AND {column} IN ({_marks(ids)})", list(ids)

    where, params = scoped("a.id")
    accounts = _rows(
        f"""
        SELECT a.id, a.industry, a.size_band, a.employees, a.annual_revenue, a.country,
               a.region, a.tier, c.timing, c.budget_min, c.budget_max,
               (SELECT COUNT(*) FROM {table(Pain)} p WHERE p.account_id = a.id)
        FROM {table(Account)} a LEFT JOIN {table(AccountContext)} c ON c.account_id = a.id
        WHERE 1 = 1{where}
        ORDER BY a.name
        """,  # noqa: S608 - only placeholders and quoted table names are interpolated
        params,
    )
    where, params = scoped("account_id")
    contacts = _rows(
        f"""
        SELECT account_id, first_name, last_name, title, is_identified, is_reachable, is_engaged
        FROM {table(Contact)}
        WHERE committee_role = %s AND account_id IS NOT NULL{where}
        """,  # noqa: S608 - only placeholders and quoted table names are interpolated
        ["decision_maker", *params],
    )
    signals = _rows(
        f"""
        SELECT account_id, kind, occurred_on, is_confirmed FROM {table(Signal)}
        WHERE occurred_on >= %s AND occurred_on <= %s{where}
        """,  # noqa: S608 - only placeholders and quoted table names are interpolated
        [adapt_date(since), adapt_date(today), *params],
    )
    # A project without a date counts from its creation's local day: created at or after the
    # local midnight that starts ``since``.
    since_midnight = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    projects = _rows(
        f"""
        SELECT account_id, noted_on, created_at FROM {table(Project)}
        WHERE ((noted_on >= %s AND noted_on <= %s)
               OR (noted_on IS NULL AND created_at >= %s AND created_at <= %s)){where}
        """,  # noqa: S608 - only placeholders and quoted table names are interpolated
        [
            adapt_date(since),
            adapt_date(today),
            adapt_time(since_midnight),
            adapt_time(now),
            *params,
        ],
    )
    deals = _rows(
        f"""
        SELECT account_id, name, created_on FROM {table(Deal)}
        WHERE status = %s AND account_id IS NOT NULL{where}
        """,  # noqa: S608 - only placeholders and quoted table names are interpolated
        ["open", *params],
    )
    return _Small(accounts, contacts, signals, projects, deals)


def _gather(
    rules: qr.RuleSet, now: dt.datetime, ids: Sequence[int] | None
) -> dict[int, qr.AccountFacts]:
    eng = rules.engagement
    today, start = window_bounds(now, eng.window_days)
    signal_since = today - dt.timedelta(days=rules.readiness.signal_max_age_days)
    scope = _Scope(ids)
    days = scope.days(timezone.localdate(start), today)

    small = _small_facts(now, today, signal_since, ids)
    window = _window_facts(rules, now, start, scope, days)
    opens = _email_opens(rules.readiness.opens_of_last, now, scope)
    qualitative: dict[int, dict[str, dt.date]] = defaultdict(dict, window.qualitative)
    key_pages = {
        account_id: tuple(
            qr.Touch(cat, seen[cat]) for cat in rules.readiness.key_pages if cat in seen
        )
        for account_id, seen in window.key_pages.items()
    }

    people: dict[int, list[qr.Person]] = defaultdict(list)
    for account_id, first, last, title, identified, reachable, engaged in small.contacts:
        name = f"{first} {last}".strip()
        person = qr.Person(name, title, bool(identified), bool(reachable), bool(engaged))
        people[account_id].append(person)

    signal_facts: dict[int, list[qr.SignalFact]] = defaultdict(list)

    def note(account_id: int, kind: str, on: dt.date) -> None:
        known = qualitative[account_id].get(kind)
        if known is None or on > known:
            qualitative[account_id][kind] = on

    for account_id, kind, on, confirmed in small.signals:
        signal_facts[account_id].append(qr.SignalFact(kind, on, bool(confirmed)))
        if kind in SIGNAL_QUALITATIVE:
            note(account_id, SIGNAL_QUALITATIVE[kind], on)
    for account_id, noted_on, created_at in small.projects:
        note(account_id, qr.Q_EXPLICIT_PROJECT, noted_on or _day(created_at))

    open_deals: dict[int, list[qr.DealFact]] = defaultdict(list)
    for account_id, name, created_on in small.deals:
        open_deals[account_id].append(qr.DealFact(name, created_on))

    out: dict[int, qr.AccountFacts] = {}
    no_touches: tuple[qr.Touch, ...] = ()
    for (
        account_id,
        industry,
        band,
        employees,
        revenue,
        country,
        region,
        tier,
        timing,
        budget_min,
        budget_max,
        pains,
    ) in small.accounts:
        sent, opened = opens.get(account_id, (0, 0))
        quali = qualitative.get(account_id)
        dm = people.get(account_id)
        sig = signal_facts.get(account_id)
        open_ = open_deals.get(account_id)
        out[account_id] = qr.AccountFacts(
            account_id=account_id,
            today=today,
            industry=industry,
            size_band=band or size_band(employees),
            revenue_band=revenue_band(revenue),
            country=country,
            region=region,
            tier=tier,
            significant_count=window.counts.get(account_id, 0),
            significant=window.evidence.get(account_id, no_touches),
            key_pages=key_pages.get(account_id, no_touches),
            emails_sent=sent,
            emails_opened=opened,
            qualitative=tuple(
                qr.Touch(kind, quali[kind]) for kind in qr.QUALITATIVE_KINDS if kind in quali
            )
            if quali
            else no_touches,
            decision_makers=tuple(sorted(dm, key=_person_key)) if dm else (),
            signals=tuple(sorted(sig, key=_signal_key)) if sig else (),
            open_deals=tuple(sorted(open_, key=_deal_key)) if open_ else (),
            timing=timing or "unknown",
            budget_known=budget_min is not None or budget_max is not None,
            pain_count=pains,
        )
    return out


def _day(value: dt.datetime) -> dt.date:
    """The local day of a datetime read by plain SQL (naive UTC on SQLite)."""
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return timezone.localdate(value)


def _person_key(p: qr.Person) -> tuple[str, str, bool, bool, bool]:
    return (p.name, p.title, p.identified, p.reachable, p.engaged)


def _signal_key(s: qr.SignalFact) -> tuple[dt.date, str, bool]:
    return (s.on, s.kind, s.confirmed)


def _deal_key(d: qr.DealFact) -> tuple[dt.date, str]:
    return (d.created_on, d.name)


def _email_opens(last: int, now: dt.datetime, scope: _Scope) -> dict[int, tuple[int, int]]:
    """``{account_id: (sent, opened)}`` over each account's last ``last`` sent emails.

    A send is opened when the account has an open or click of the same campaign at or after the
    send (and not after ``now``). ONE pass over the sends, opens and clicks, each account's
    newest first (at equal times opens before sends): the campaigns opened so far are those
    opened at or after the send met. Linear; joining sends to opens in SQL made SQLite re-read
    one side for each row of the other, and a probe per send re-reads the account's events.
    """
    table = connection.ops.quote_name(Interaction._meta.db_table)
    types = ("email_sent", *OPEN_TYPES)
    sql = f"""
        SELECT account_id, type = %s, campaign
        FROM {table}
        WHERE {scope.type} IN ({_marks(types)}) AND account_id IS NOT NULL
          AND occurred_at <= %s{scope.sql}
        ORDER BY account_id, occurred_at DESC, type = %s, id DESC
    """  # noqa: S608 - only placeholders, the quoted table name and fixed SQL are interpolated
    at = connection.ops.adapt_datetimefield_value(now)
    rows = _rows(sql, ["email_sent", *types, at, *scope.params, "email_sent"])
    found: dict[int, tuple[int, int]] = {}
    current: int | None = None
    sent = opened = 0
    campaigns: set[str] = set()
    for account_id, is_send, campaign in rows:
        if account_id != current:
            if sent and current is not None:
                found[current] = (sent, opened)
            current, sent, opened, campaigns = account_id, 0, 0, set()
        if not is_send:
            campaigns.add(campaign)
        elif sent < last:
            sent += 1
            opened += campaign in campaigns
    if sent and current is not None:
        found[current] = (sent, opened)
    return found
