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
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection
from django.db.models import Count, F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber
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


def _chunks(ids: Sequence[int] | None) -> Iterator[Sequence[int] | None]:
    if ids is None:
        yield None
        return
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _scoped(
    qs: QuerySet[Any], ids: Sequence[int] | None, field: str = "account_id"
) -> QuerySet[Any]:
    return qs if ids is None else qs.filter(**{f"{field}__in": ids})


def _day(value: dt.datetime) -> dt.date:
    return timezone.localdate(value)


def gather_facts(
    *, rules: qr.RuleSet, now: dt.datetime, account_ids: Iterable[int] | None = None
) -> dict[int, qr.AccountFacts]:
    """The facts of every account (or of ``account_ids``) as of ``now``, by account id."""
    ids = None if account_ids is None else sorted(set(account_ids))
    out: dict[int, qr.AccountFacts] = {}
    for chunk in _chunks(ids):
        out.update(_gather(rules, now, chunk))
    return out


def _gather(
    rules: qr.RuleSet, now: dt.datetime, ids: Sequence[int] | None
) -> dict[int, qr.AccountFacts]:
    eng = rules.engagement
    today, start = window_bounds(now, eng.window_days)
    signal_since = today - dt.timedelta(days=rules.readiness.signal_max_age_days)

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

    in_window = Interaction.objects.filter(
        account__isnull=False, occurred_at__gte=start, occurred_at__lte=now
    )
    sig = significant_q(eng)
    aggs: dict[str, Any] = {"n_sig": Count("id", filter=sig)}
    for cat in rules.readiness.key_pages:
        aggs[f"page_{cat}"] = Max("occurred_at", filter=Q(type="web_visit", page_category=cat))
    aggs["q_demo"] = Max("occurred_at", filter=Q(type="demo_request"))
    aggs["q_pricing"] = Max("occurred_at", filter=Q(type="pricing_request"))
    aggs["q_question"] = Max("occurred_at", filter=Q(type__in=QUESTION_TYPES) & ~Q(question=""))
    aggs["q_event"] = Max(
        "occurred_at",
        filter=Q(type__in=EVENT_TYPES) & (Q(asked_questions=True) | Q(networked=True)),
    )
    agg_rows = _scoped(in_window, ids).values("account_id").annotate(**aggs).order_by()

    evidence_rows = (
        _scoped(in_window.filter(sig), ids)
        .annotate(
            rn=Window(
                RowNumber(),
                partition_by=[F("account_id")],
                order_by=[F("occurred_at").desc(), F("id").desc()],
            )
        )
        .filter(rn__lte=EVIDENCE_LIMIT)
        .values_list("account_id", "type", "page_category", "occurred_at")
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

    sig_touches: dict[int, list[qr.Touch]] = defaultdict(list)
    for account_id, type_, category, at in evidence_rows:
        sig_touches[account_id].append(
            qr.Touch(type_, _day(at), category if type_ == "web_visit" else "")
        )

    agg: dict[int, dict[str, Any]] = {row["account_id"]: row for row in agg_rows}
    account_rows, opens = _opens(rules, now, ids, accounts)

    people: dict[int, list[qr.Person]] = defaultdict(list)
    for account_id, first, last, title, identified, reachable, engaged in dms:
        name = f"{first} {last}".strip()
        people[account_id].append(qr.Person(name, title, identified, reachable, engaged))

    signal_facts: dict[int, list[qr.SignalFact]] = defaultdict(list)
    qualitative: dict[int, dict[str, dt.date]] = defaultdict(dict)

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
    ) in account_rows:
        row = agg.get(account_id)
        key_pages: tuple[qr.Touch, ...] = ()
        if row is not None:
            for kind, key in (
                (qr.Q_DEMO_REQUEST, "q_demo"),
                (qr.Q_PRICING_REQUEST, "q_pricing"),
                (qr.Q_PRECISE_QUESTION, "q_question"),
                (qr.Q_ACTIVE_EVENT, "q_event"),
            ):
                if row[key] is not None:
                    note(account_id, kind, _day(row[key]))
            key_pages = tuple(
                qr.Touch(cat, _day(row[f"page_{cat}"]))
                for cat in rules.readiness.key_pages
                if row[f"page_{cat}"] is not None
            )
        sent, opened = opens.get(account_id, (0, 0))
        quali = qualitative.get(account_id, {})
        out[account_id] = qr.AccountFacts(
            account_id=account_id,
            today=today,
            industry=industry,
            size_band=band or size_band(employees),
            revenue_band=revenue_band(revenue),
            country=country,
            region=region,
            tier=tier,
            significant_count=row["n_sig"] if row is not None else 0,
            significant=tuple(sig_touches.get(account_id, ())),
            key_pages=key_pages,
            emails_sent=sent,
            emails_opened=opened,
            qualitative=tuple(
                qr.Touch(kind, quali[kind]) for kind in qr.QUALITATIVE_KINDS if kind in quali
            ),
            decision_makers=tuple(sorted(people.get(account_id, ()), key=_person_key)),
            signals=tuple(sorted(signal_facts.get(account_id, ()), key=_signal_key)),
            open_deals=tuple(sorted(open_deals.get(account_id, ()), key=_deal_key)),
            timing=timing or "unknown",
            budget_known=budget_min is not None or budget_max is not None,
            pain_count=pain_count.get(account_id, 0),
        )
    return out


def _person_key(p: qr.Person) -> tuple[str, str, bool, bool, bool]:
    return (p.name, p.title, p.identified, p.reachable, p.engaged)


def _signal_key(s: qr.SignalFact) -> tuple[dt.date, str, bool]:
    return (s.on, s.kind, s.confirmed)


def _deal_key(d: qr.DealFact) -> tuple[dt.date, str]:
    return (d.created_on, d.name)


def _opens(
    rules: qr.RuleSet, now: dt.datetime, ids: Sequence[int] | None, accounts: Iterable[Any]
) -> tuple[Iterable[Any], dict[int, tuple[int, int]]]:
    """The accounts' rows and their email opens (one statement, scoped to ``ids`` if given)."""
    return accounts, _email_opens(rules.readiness.opens_of_last, now, ids)


def _email_opens(
    last: int, now: dt.datetime, ids: Sequence[int] | None
) -> dict[int, tuple[int, int]]:
    """``{account_id: (sent, opened)}`` over each account's last ``last`` sent emails.

    A send is opened when the account has an open or click of the same campaign at or after the
    send (and not after ``now``). Each account's last sends are kept first (``MATERIALIZED``:
    a few rows per account), then each probes the account's later events through the
    (account_id, occurred_at) index: linear in the events on SQLite and PostgreSQL alike
    (joining two grouped scans instead made SQLite re-read every send per group).
    """
    table = connection.ops.quote_name(Interaction._meta.db_table)
    scope = ""
    scope_params: list[Any] = []
    if ids is not None:
        scope = f" AND account_id IN ({', '.join(['%s'] * len(ids))})"
        scope_params = list(ids)
    open_marks = ", ".join(["%s"] * len(OPEN_TYPES))
    sql = f"""
        WITH last_sent AS MATERIALIZED (
            SELECT account_id, campaign, occurred_at FROM (
                SELECT account_id, campaign, occurred_at, ROW_NUMBER() OVER (
                    PARTITION BY account_id ORDER BY occurred_at DESC, id DESC
                ) AS rn
                FROM {table}
                WHERE type = %s AND account_id IS NOT NULL AND occurred_at <= %s{scope}
            ) ranked WHERE rn <= %s
        )
        SELECT s.account_id, COUNT(*),
               SUM(CASE WHEN EXISTS (
                   SELECT 1 FROM {table} o
                   WHERE o.account_id = s.account_id AND o.occurred_at >= s.occurred_at
                     AND o.occurred_at <= %s AND o.campaign = s.campaign
                     AND o.type IN ({open_marks})
               ) THEN 1 ELSE 0 END)
        FROM last_sent s
        GROUP BY s.account_id
    """  # noqa: S608 - only placeholders and the quoted table name are interpolated
    now_param = connection.ops.adapt_datetimefield_value(now)
    params: list[Any] = ["email_sent", now_param, *scope_params, last, now_param, *OPEN_TYPES]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: (int(row[1]), int(row[2] or 0)) for row in cursor.fetchall()}
