"""Facts gathering: the :class:`~baton.qualification.qr.AccountFacts` of many accounts at once.

Set-based on purpose (a handful of queries whatever the number of accounts):

1. accounts with their context (firmographics, timing, budget);
2. ONE aggregate over the window's interactions grouped by account (significant count, last
   key-page visit per category, last qualitative interaction per kind);
3. the most recent significant interactions per account (a window function keeps the first
   ``EVIDENCE_LIMIT`` per account), as evidence;
4. the last sent emails per account and whether each was opened (one SQL statement);
5. decision makers, 6. signals, 7. projects, 8. open deals, 9. pain counts — one query each.

With ``account_ids`` every query is limited to those accounts (incremental recompute).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from baton.accounts.bands import revenue_band, size_band
from baton.accounts.models import Account, Contact, Deal, Pain, Project, Signal
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
        sqlite = connection.vendor == "sqlite"
        self.type = "+type" if ids is not None and sqlite else "type"
        # SQLite hands a bare datetime column to Django's converter (a regex per value): read
        # the stored text instead, :class:`_Days` maps it to the local day.
        self.text = "CAST({} AS TEXT)" if sqlite else "{}"


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
    out: dict[int, qr.AccountFacts] = {}
    for i in range(0, len(ids), CHUNK):
        out.update(_gather(rules, now, ids[i : i + CHUNK]))
    return out


def _window_stats(
    rules: qr.RuleSet, now: dt.datetime, start: dt.datetime, scope: _Scope, days: _Days
) -> tuple[dict[int, int], dict[int, tuple[qr.Touch, ...]], dict[int, dict[str, dt.date]]]:
    """ONE grouped statement over the window's events: per account the number of significant
    interactions, the last visit of each key page and the last qualitative interaction of
    each kind. Returns (counts, key pages, qualitative kinds -> day)."""
    table = connection.ops.quote_name(Interaction._meta.db_table)
    sig, sig_params = significant_sql(rules.engagement)
    pages = rules.readiness.key_pages
    last = scope.text.format("MAX(CASE WHEN {} THEN occurred_at END)")
    page_cols = "".join(
        ", " + last.format("type = 'web_visit' AND page_category = %s") for _ in pages
    )
    sql = f"""
        SELECT account_id, SUM(CASE WHEN {sig} THEN 1 ELSE 0 END){page_cols},
               {last.format("type = 'demo_request'")},
               {last.format("type = 'pricing_request'")},
               {last.format(f"type IN ({_marks(QUESTION_TYPES)}) AND question <> ''")},
               {last.format(f"type IN ({_marks(EVENT_TYPES)}) AND (asked_questions OR networked)")}
        FROM {table}
        WHERE account_id IS NOT NULL AND occurred_at >= %s AND occurred_at <= %s{scope.sql}
        GROUP BY account_id
    """  # noqa: S608 - only placeholders, the quoted table name and fixed SQL are interpolated
    adapt = connection.ops.adapt_datetimefield_value
    params = [
        *sig_params,
        *pages,
        *QUESTION_TYPES,
        *EVENT_TYPES,
        adapt(start),
        adapt(now),
        *scope.params,
    ]
    counts: dict[int, int] = {}
    key_pages: dict[int, tuple[qr.Touch, ...]] = {}
    qualitative: dict[int, dict[str, dt.date]] = defaultdict(dict)
    n = len(pages)
    for row in _rows(sql, params):
        account_id = row[0]
        counts[account_id] = int(row[1] or 0)
        seen = tuple(
            qr.Touch(cat, days(row[2 + i])) for i, cat in enumerate(pages) if row[2 + i] is not None
        )
        if seen:
            key_pages[account_id] = seen
        for kind, value in zip(WINDOW_QUALITATIVE, row[2 + n :], strict=True):
            if value is not None:
                qualitative[account_id][kind] = days(value)
    return counts, key_pages, qualitative


# The qualitative kinds of the window statement's last four columns, in order.
WINDOW_QUALITATIVE = (
    qr.Q_DEMO_REQUEST,
    qr.Q_PRICING_REQUEST,
    qr.Q_PRECISE_QUESTION,
    qr.Q_ACTIVE_EVENT,
)


def _evidence(
    rules: qr.RuleSet, now: dt.datetime, start: dt.datetime, scope: _Scope, days: _Days
) -> dict[int, tuple[qr.Touch, ...]]:
    """Each account's ``EVIDENCE_LIMIT`` most recent significant interactions in the window,
    newest first (a window function numbers them)."""
    table = connection.ops.quote_name(Interaction._meta.db_table)
    sig, sig_params = significant_sql(rules.engagement, scope.type)
    sql = f"""
        SELECT account_id, type, page_category, {scope.text.format("occurred_at")} FROM (
            SELECT account_id, type, page_category, occurred_at, ROW_NUMBER() OVER (
                PARTITION BY account_id ORDER BY occurred_at DESC, id DESC
            ) AS rn
            FROM {table}
            WHERE account_id IS NOT NULL AND occurred_at >= %s AND occurred_at <= %s
              AND {sig}{scope.sql}
        ) ranked
        WHERE rn <= %s
        ORDER BY account_id, rn
    """  # noqa: S608 - only placeholders, the quoted table name and fixed SQL are interpolated
    adapt = connection.ops.adapt_datetimefield_value
    params = [adapt(start), adapt(now), *sig_params, *scope.params, EVIDENCE_LIMIT]
    found: dict[int, list[qr.Touch]] = defaultdict(list)
    for account_id, type_, category, at in _rows(sql, params):
        found[account_id].append(
            qr.Touch(type_, days(at), category if type_ == "web_visit" else "")
        )
    return {account_id: tuple(touches) for account_id, touches in found.items()}


def _gather(
    rules: qr.RuleSet, now: dt.datetime, ids: Sequence[int] | None
) -> dict[int, qr.AccountFacts]:
    eng = rules.engagement
    today, start = window_bounds(now, eng.window_days)
    signal_since = today - dt.timedelta(days=rules.readiness.signal_max_age_days)
    scope = _Scope(ids)
    days = _Days(timezone.localdate(start), today)

    accounts = _scoped(Account.objects.all(), ids, "id").values_list(
        "id",
        "industry",
        "size_band",
        "employees",
        "annual_revenue",
        "country",
        "region",
        "tier",
        "context__timing",
        "context__budget_min",
        "context__budget_max",
    )
    dms = _scoped(Contact.objects.filter(committee_role="decision_maker"), ids).values_list(
        "account_id",
        "first_name",
        "last_name",
        "title",
        "is_identified",
        "is_reachable",
        "is_engaged",
    )
    signals = _scoped(
        Signal.objects.filter(occurred_on__gte=signal_since, occurred_on__lte=today), ids
    ).values_list("account_id", "kind", "occurred_on", "is_confirmed")
    projects = _scoped(
        Project.objects.filter(
            Q(noted_on__gte=signal_since, noted_on__lte=today)
            | Q(noted_on__isnull=True, created_at__date__gte=signal_since, created_at__lte=now)
        ),
        ids,
    ).values_list("account_id", "noted_on", "created_at")
    deals = _scoped(Deal.objects.filter(status="open", account__isnull=False), ids).values_list(
        "account_id", "name", "created_on"
    )
    pains = _scoped(Pain.objects.all(), ids).values("account_id").annotate(n=Count("id")).order_by()

    counts, key_pages, qualitative = _window_stats(rules, now, start, scope, days)
    evidence = _evidence(rules, now, start, scope, days)
    opens = _email_opens(rules.readiness.opens_of_last, now, scope)

    people: dict[int, list[qr.Person]] = defaultdict(list)
    for account_id, first, last, title, identified, reachable, engaged in dms:
        name = f"{first} {last}".strip()
        people[account_id].append(qr.Person(name, title, identified, reachable, engaged))

    signal_facts: dict[int, list[qr.SignalFact]] = defaultdict(list)

    def note(account_id: int, kind: str, on: dt.date) -> None:
        known = qualitative[account_id].get(kind)
        if known is None or on > known:
            qualitative[account_id][kind] = on

    for account_id, kind, on, confirmed in signals:
        signal_facts[account_id].append(qr.SignalFact(kind, on, confirmed))
        if kind in SIGNAL_QUALITATIVE:
            note(account_id, SIGNAL_QUALITATIVE[kind], on)
    for account_id, noted_on, created_at in projects:
        note(account_id, qr.Q_EXPLICIT_PROJECT, noted_on or _day(created_at))

    open_deals: dict[int, list[qr.DealFact]] = defaultdict(list)
    for account_id, name, created_on in deals:
        open_deals[account_id].append(qr.DealFact(name, created_on))
    pain_count = {row["account_id"]: row["n"] for row in pains}

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
    ) in accounts:
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
            significant_count=counts.get(account_id, 0),
            significant=evidence.get(account_id, no_touches),
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
            pain_count=pain_count.get(account_id, 0),
        )
    return out


def _scoped(
    qs: QuerySet[Any], ids: Sequence[int] | None, field: str = "account_id"
) -> QuerySet[Any]:
    return qs if ids is None else qs.filter(**{f"{field}__in": ids})


def _day(value: dt.datetime) -> dt.date:
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
    send (and not after ``now``). Each account's last sends are kept first (``MATERIALIZED``:
    a few rows per account), then each probes the account's later events through the
    (account_id, occurred_at) index: linear in the events on SQLite and PostgreSQL alike
    (joining two grouped scans instead made SQLite re-read every send per group).
    """
    table = connection.ops.quote_name(Interaction._meta.db_table)
    sql = f"""
        WITH last_sent AS MATERIALIZED (
            SELECT account_id, campaign, occurred_at FROM (
                SELECT account_id, campaign, occurred_at, ROW_NUMBER() OVER (
                    PARTITION BY account_id ORDER BY occurred_at DESC, id DESC
                ) AS rn
                FROM {table}
                WHERE {scope.type} = %s AND account_id IS NOT NULL
                  AND occurred_at <= %s{scope.sql}
            ) ranked WHERE rn <= %s
        )
        SELECT s.account_id, COUNT(*),
               SUM(CASE WHEN EXISTS (
                   SELECT 1 FROM {table} o
                   WHERE o.account_id = s.account_id AND o.occurred_at >= s.occurred_at
                     AND o.occurred_at <= %s AND o.campaign = s.campaign
                     AND o.type IN ({_marks(OPEN_TYPES)})
               ) THEN 1 ELSE 0 END)
        FROM last_sent s
        GROUP BY s.account_id
    """  # noqa: S608 - only placeholders, the quoted table name and fixed SQL are interpolated
    at = connection.ops.adapt_datetimefield_value(now)
    params: list[Any] = ["email_sent", at, *scope.params, last, at, *OPEN_TYPES]
    return {row[0]: (int(row[1]), int(row[2] or 0)) for row in _rows(sql, params)}
