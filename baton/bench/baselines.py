"""The raw floors: the same work as Baton's code paths, by hand, on the same database.

Each baseline returns numbers the workload compares with Baton's (a fast wrong answer fails
the bench). ``skew`` (a test hook: ``baton bench --inject-baseline-error``) adds one to a
number so that the comparison must fail.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from baton.bench.events import COLUMNS
from baton.qualification import rules as qr

RAW_TABLE = "bench_raw_event"
CENT = Decimal("0.01")


def _p(value: Any) -> Any:
    """A date or aware datetime as the backend stores it (SQLite: text, UTC)."""
    if connection.vendor != "sqlite":
        return value
    if isinstance(value, dt.datetime):
        return str(value.astimezone(dt.UTC).replace(tzinfo=None))
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _marks(values: Any) -> str:
    return ", ".join(["%s"] * len(values))


# == ingest ==


def ingest(path: Path, *, batch: int = 2000) -> int:
    """Parse ``path`` with ``csv`` and insert every row into a bare table with a unique index
    on the external id (repeats skipped). Returns the rows stored."""
    cols = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
        cursor.execute(f"CREATE TABLE {RAW_TABLE} ({', '.join(c + ' TEXT' for c in COLUMNS)})")
        cursor.execute(f"CREATE UNIQUE INDEX {RAW_TABLE}_ext ON {RAW_TABLE} (external_id)")
    sql = (
        f"INSERT INTO {RAW_TABLE} ({cols}) VALUES ({_marks(COLUMNS)}) "  # noqa: S608
        "ON CONFLICT (external_id) DO NOTHING"
    )
    with transaction.atomic(), connection.cursor() as cursor, path.open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        pending: list[list[str]] = []
        for row in reader:
            pending.append(row)
            if len(pending) >= batch:
                cursor.executemany(sql, pending)
                pending = []
        if pending:
            cursor.executemany(sql, pending)
        cursor.execute(f"SELECT COUNT(*) FROM {RAW_TABLE}")  # noqa: S608
        return int(cursor.fetchone()[0])


# == qualification ==

QualRow = tuple[int, int, tuple[str, ...], int, int]  # id, significant, key pages, sent, opened


def _significant_sql(rules: qr.EngagementRules) -> tuple[str, list[Any]]:
    others = [t for t in rules.significant_types if t != "web_visit"]
    sql, params = f"type IN ({_marks(others)})", list(others)
    if "web_visit" in rules.significant_types:
        cats = list(rules.significant_page_categories)
        visit = "type = 'web_visit'" + (f" AND page_category IN ({_marks(cats)})" if cats else "")
        sql, params = f"({sql} OR ({visit}))", [*params, *cats]
    return sql, params


def qualification(*, rules: qr.RuleSet, now: dt.datetime) -> dict[int, QualRow]:
    """Per account, in one statement: significant interactions in the window, key pages
    visited in the window, the last sent emails and how many were opened (each of the last
    sends probes the account's later events through the (account, occurred_at) index)."""
    eng, ready = rules.engagement, rules.readiness
    today = now.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    start = local_midnight(qr.window_start(today, eng.window_days))
    sig, sig_params = _significant_sql(eng)
    pages = list(ready.key_pages)
    page_cols = "".join(
        f", MAX(CASE WHEN type = 'web_visit' AND page_category = %s THEN 1 ELSE 0 END) AS kp{i}"
        for i in range(len(pages))
    )
    page_out = "".join(f", COALESCE(w.kp{i}, 0)" for i in range(len(pages)))
    sql = f"""
        WITH w AS (
            SELECT account_id, SUM(CASE WHEN {sig} THEN 1 ELSE 0 END) AS n_sig{page_cols}
            FROM engagement_interaction
            WHERE account_id IS NOT NULL AND occurred_at >= %s AND occurred_at <= %s
            GROUP BY account_id
        ), last_sent AS MATERIALIZED (
            SELECT account_id, campaign, occurred_at FROM (
                SELECT account_id, campaign, occurred_at, ROW_NUMBER() OVER (
                    PARTITION BY account_id ORDER BY occurred_at DESC, id DESC) AS rn
                FROM engagement_interaction
                WHERE type = 'email_sent' AND account_id IS NOT NULL AND occurred_at <= %s
            ) ranked WHERE rn <= %s
        ), opens AS (
            SELECT s.account_id, COUNT(*) AS n_sent,
                   SUM(CASE WHEN EXISTS (
                       SELECT 1 FROM engagement_interaction o
                       WHERE o.account_id = s.account_id AND o.occurred_at >= s.occurred_at
                         AND o.occurred_at <= %s AND o.campaign = s.campaign
                         AND o.type IN ('email_open', 'email_click')
                   ) THEN 1 ELSE 0 END) AS n_open
            FROM last_sent s
            GROUP BY s.account_id
        )
        SELECT a.id, COALESCE(w.n_sig, 0){page_out},
               COALESCE(opens.n_sent, 0), COALESCE(opens.n_open, 0)
        FROM accounts_account a
        LEFT JOIN w ON w.account_id = a.id
        LEFT JOIN opens ON opens.account_id = a.id
    """  # noqa: S608 - placeholders only
    params = [*sig_params, *pages, _p(start), _p(now), _p(now), ready.opens_of_last, _p(now)]
    out: dict[int, QualRow] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            seen = tuple(p for i, p in enumerate(pages) if row[2 + i])
            out[row[0]] = (row[0], int(row[1]), seen, int(row[-2]), int(row[-1] or 0))
    return out


# == metrics ==


def _targets_sql() -> str:
    return (
        "a.is_target AND a.status <> 'archived' AND "
        "(a.targeted_on <= %s OR (a.targeted_on IS NULL AND a.created_at < %s))"
    )


def metrics(
    *, rules: qr.EngagementRules, start: dt.date, day: dt.date, lookback: int, min_assets: int
) -> dict[str, Any]:
    """The dashboard's five default cards and funnel for the period ``[start, day]``."""
    end = local_midnight(day + dt.timedelta(days=1))
    since = local_midnight(day - dt.timedelta(days=rules.window_days))
    sig, sig_params = _significant_sql(rules)
    tq = _targets_sql()
    days_expr = (
        "julianday(closed_on) - julianday(created_on)"
        if connection.vendor == "sqlite"
        else "(closed_on - created_on)"
    )
    out: dict[str, Any] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH engaged AS (
                SELECT account_id FROM engagement_interaction
                WHERE account_id IS NOT NULL AND occurred_at >= %s AND occurred_at < %s
                  AND {sig}
                GROUP BY account_id HAVING COUNT(*) >= %s
            )
            SELECT COUNT(*),
              SUM(CASE WHEN a.id IN (SELECT account_id FROM engaged) THEN 1 ELSE 0 END),
              SUM(CASE WHEN EXISTS (SELECT 1 FROM accounts_deal d WHERE d.account_id = a.id
                    AND d.created_on >= %s AND d.created_on <= %s) THEN 1 ELSE 0 END),
              SUM(CASE WHEN EXISTS (SELECT 1 FROM accounts_deal d WHERE d.account_id = a.id
                    AND d.created_on <= %s AND (d.status = 'open' OR d.closed_on > %s))
                    THEN 1 ELSE 0 END),
              SUM(CASE WHEN EXISTS (SELECT 1 FROM accounts_deal d WHERE d.account_id = a.id
                    AND d.status = 'won' AND d.closed_on >= %s AND d.closed_on <= %s)
                    THEN 1 ELSE 0 END)
            FROM accounts_account a WHERE {tq}
            """,  # noqa: S608
            [
                _p(since),
                _p(end),
                *sig_params,
                rules.min_interactions,
                _p(start),
                _p(day),
                _p(day),
                _p(day),
                _p(start),
                _p(day),
                _p(day),
                _p(end),
            ],
        )
        targets, engaged, converted, opportunity, won_accounts = (
            int(v or 0) for v in cursor.fetchone()
        )
        out["funnel"] = {
            "targets": targets,
            "engaged": engaged,
            "opportunity": opportunity,
            "won": won_accounts,
        }
        out["engaged_accounts"] = Decimal(engaged)
        out["account_to_opportunity"] = _percent(converted, targets)

        cursor.execute(
            "SELECT COUNT(*) FROM accounts_deal WHERE created_on <= %s "
            "AND (status = 'open' OR closed_on > %s)",
            [_p(day), _p(day)],
        )
        open_deals = int(cursor.fetchone()[0])
        cursor.execute(
            f"""
            SELECT SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN status = 'lost' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN status = 'won' THEN amount ELSE 0 END),
                   SUM(CASE WHEN status = 'won' THEN {days_expr} ELSE 0 END)
            FROM accounts_deal WHERE status IN ('won', 'lost') AND closed_on > %s
              AND closed_on <= %s
            """,  # noqa: S608
            [_p(day - dt.timedelta(days=lookback)), _p(day)],
        )
        won, lost, won_value, won_days = cursor.fetchone()
        out["pipeline_velocity"] = _velocity(open_deals, won, lost, won_value, won_days)

        period_days = [start + dt.timedelta(days=i) for i in range((day - start).days + 1)]
        values = ", ".join(["(%s, %s)"] * len(period_days))
        cursor.execute(
            f"""
            WITH m(d, midnight) AS (VALUES {values})
            SELECT COUNT(*), SUM(CASE WHEN d.account_id IS NOT NULL AND (
                SELECT COUNT(DISTINCT i.asset_id) FROM engagement_interaction i
                WHERE i.account_id = d.account_id AND i.asset_id IS NOT NULL
                  AND i.occurred_at < m.midnight) >= %s THEN 1 ELSE 0 END)
            FROM accounts_deal d JOIN m ON m.d = d.closed_on
            WHERE d.status = 'won' AND d.closed_on >= %s AND d.closed_on <= %s
            """,  # noqa: S608
            [
                *(v for x in period_days for v in (_p(x), _p(local_midnight(x)))),
                min_assets,
                _p(start),
                _p(day),
            ],
        )
        won_in_period, influenced = (int(v or 0) for v in cursor.fetchone())
        out["marketing_influence"] = _percent(influenced, won_in_period)

        cursor.execute(
            "SELECT COALESCE(SUM(amount), 0) FROM accounts_deal WHERE status = 'won' "
            "AND closed_on >= %s AND closed_on <= %s",
            [_p(start), _p(day)],
        )
        revenue = _cents(cursor.fetchone()[0])
        cursor.execute(
            "SELECT COALESCE(SUM(amount), 0) FROM accounts_costentry "
            "WHERE incurred_on >= %s AND incurred_on <= %s",
            [_p(start), _p(day)],
        )
        cost = _cents(cursor.fetchone()[0])
        out["roi_per_account"] = None if not cost else (revenue - cost) / cost
    return out


def _cents(value: Any) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def _percent(n: int, d: int) -> Decimal | None:
    return None if not d else Decimal(100) * Decimal(n) / Decimal(d)


def _velocity(open_deals: int, won: Any, lost: Any, value: Any, days: Any) -> Decimal | None:
    won, lost = int(won or 0), int(lost or 0)
    total_days = Decimal(str(days or 0))
    if not won or not total_days:
        return None
    average = _cents(value) / won
    rate = Decimal(won) / Decimal(won + lost)
    velocity: Decimal = Decimal(open_deals) * average * rate / (total_days / won)
    return velocity.quantize(CENT)
