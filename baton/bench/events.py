"""Synthetic interaction events: the CSV the ``ingest`` workload imports, and a raw loader
that stores the same events directly (for runs that skip ``ingest``).

Deterministic from the seed. Busy accounts get more events (a squared uniform draw), 3 % of
the events come from unknown companies (stored unmatched) and 0.5 % repeat an earlier
external id (skipped as duplicates).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from baton.bench.sizes import HISTORY_DAYS
from baton.bench.workspace import ASSETS, CAMPAIGNS, Workspace, campaign_of, domain_of
from baton.engagement.models import Interaction

COLUMNS = (
    "external_id", "type", "occurred_at", "domain", "email", "page_url", "page_category",
    "asset", "campaign", "channel", "source", "asked_questions", "networked", "question",
)  # fmt: skip

# (type, weight); web visits carry a page category.
TYPES = (
    ("web_visit", 45), ("email_sent", 15), ("email_open", 12), ("email_click", 4),
    ("email_reply", 3), ("linkedin_interaction", 5), ("webinar_registered", 3),
    ("webinar_attended", 3), ("form_fill", 3), ("content_download", 3), ("event_attended", 1),
    ("demo_request", 1), ("pricing_request", 1), ("meeting", 1),
)  # fmt: skip
PAGES = ("pricing", "case_study", "contact", "product", "blog", "other")
_TYPE_NAMES = [t for t, _w in TYPES]
_TYPE_WEIGHTS = [w for _t, w in TYPES]
_EMAIL_TYPES = {"email_sent", "email_open", "email_click", "email_reply"}
_ASSET_TYPES = {"content_download", "webinar_attended", "webinar_registered"}
_QUESTION_TYPES = {"form_fill", "linkedin_interaction"}


def generate(
    *,
    count: int,
    seed: int,
    accounts: int,
    now: dt.datetime,
    prefix: str = "ev",
    only_accounts: list[int] | None = None,
    days: int = HISTORY_DAYS,
) -> Iterator[dict[str, str]]:
    """``count`` CSV rows (field → text). ``only_accounts``: draw account indexes from it."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not secrets)
    span = days * 86_400
    for i in range(count):
        if i > 200 and rng.random() < 0.005:
            external_id = f"{prefix}-{rng.randrange(0, i)}"
        else:
            external_id = f"{prefix}-{i}"
        if only_accounts is not None:
            index = rng.choice(only_accounts)
            domain = domain_of(index)
        elif rng.random() < 0.03:
            index, domain = -1, f"inconnu{rng.randrange(0, 5000)}-bench.fr"
        else:
            index = int(accounts * rng.random() ** 2)
            domain = domain_of(index)
        kind = rng.choices(_TYPE_NAMES, _TYPE_WEIGHTS)[0]
        at = now - dt.timedelta(seconds=rng.randrange(0, span))
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            external_id=external_id,
            type=kind,
            occurred_at=at.isoformat(timespec="seconds"),
            domain=domain,
            source="bench",
            asked_questions="non",
            networked="non",
        )
        if kind == "web_visit":
            page = rng.choice(PAGES)
            row["page_category"] = page
            row["page_url"] = f"https://www.example.com/{page}/{rng.randrange(0, 50)}"
        if kind in _EMAIL_TYPES:
            row["campaign"] = campaign_of(rng.randrange(0, CAMPAIGNS))
            if index >= 0:
                row["email"] = f"dm{index}@{domain}"
        if kind in _ASSET_TYPES:
            row["asset"] = f"asset-{rng.randrange(0, ASSETS)}"
        if kind in _QUESTION_TYPES and rng.random() < 0.5:
            row["question"] = "Quel est le délai de déploiement ?"
        if kind in {"webinar_attended", "event_attended"} and rng.random() < 0.4:
            row["asked_questions"] = "oui"
        yield row


def write_csv(path: Path, rows: Iterator[dict[str, str]]) -> int:
    """Stream ``rows`` to ``path`` (UTF-8, comma-separated); return how many."""
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            n += 1
    return n


def load_raw(workspace: Workspace, rows: Iterator[dict[str, str]], batch: int = 5_000) -> int:
    """Store ``rows`` straight into the interactions table, matched by domain (set-up only,
    never timed: the ``ingest`` workload is the importer's measure). Returns rows stored."""
    by_domain = {domain_of(i): pk for i, pk in enumerate(workspace.account_ids)}
    assets = dict(_asset_ids())
    table = connection.ops.quote_name(Interaction._meta.db_table)
    columns = (
        "external_id", "type", "occurred_at", "account_id", "asset_id", "domain", "email",
        "page_url", "page_category", "asked_questions", "networked", "question", "channel",
        "campaign", "source", "raw", "received_at",
    )  # fmt: skip
    marks = ", ".join(["%s"] * len(columns))
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) "  # noqa: S608
        "ON CONFLICT (external_id) DO NOTHING"
    )
    received = _db_datetime(timezone.now())
    stored = 0
    pending: list[tuple[Any, ...]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for row in rows:
            at = dt.datetime.fromisoformat(row["occurred_at"])
            pending.append(
                (
                    row["external_id"], row["type"], _db_datetime(at),
                    by_domain.get(row["domain"]), assets.get(row["asset"]), row["domain"],
                    row["email"], row["page_url"], row["page_category"],
                    row["asked_questions"] == "oui", row["networked"] == "oui", row["question"],
                    row["channel"], row["campaign"], row["source"], "{}", received,
                )
            )  # fmt: skip
            if len(pending) >= batch:
                cursor.executemany(sql, pending)
                stored += len(pending)
                pending = []
        if pending:
            cursor.executemany(sql, pending)
            stored += len(pending)
    return stored


def _asset_ids() -> list[tuple[str, int]]:
    from baton.engagement.models import MarketingAsset

    return list(MarketingAsset.objects.values_list("slug", "pk"))


def _db_datetime(value: dt.datetime) -> Any:
    if connection.vendor == "sqlite":
        return str(value.astimezone(dt.UTC).replace(tzinfo=None))
    return value
