"""Writes of the engagement app: storing interaction events (the three doors share
:meth:`EventStore.insert`), webhook sources, attaching unmatched domains to accounts.

Idempotency: ``Interaction.external_id`` is unique. A batch drops the repeats within itself,
then inserts with ``ON CONFLICT (external_id) DO NOTHING … RETURNING external_id``: the unique
index decides which rows are new, so an id already stored — by an earlier import or by a
concurrent one — is counted ``duplicate`` exactly, in the same statement, never stored twice.

Events are not audited one by one: each event is its own record (source, raw payload,
received_at). Sources and attachments are audited.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from pydantic import ValidationError

from baton.accounts.domains import InvalidDomainError, is_free_mail, normalize_domain
from baton.accounts.models import Account, AccountDomain
from baton.accounts.services import account_add_domain
from baton.core.errors import ConflictError, DomainError
from baton.core.models import record
from baton.engagement.matching import Matcher
from baton.engagement.models import IngestSource, Interaction, MarketingAsset
from baton.engagement.schemas import InteractionIn

logger = logging.getLogger(__name__)

MAX_BATCH_ITEMS = 1000

CREATED = "created"  # stored and matched to an account
UNMATCHED = "unmatched"  # stored, no account yet (listed on the unmatched page)
DUPLICATE = "duplicate"  # the external id is already stored (or repeated in the batch)
REJECTED = "rejected"  # invalid: nothing stored


@dataclass
class Outcome:
    status: str
    account_id: int | None = None
    warnings: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field, reason)


# One valid event, as every door hands it to the store (the fast CSV path builds it without
# pydantic): external_id, type, occurred_at (aware), domain | None, email | None, page_url,
# page_category, asset | None, campaign, channel, source | None, asked_questions, networked,
# question, raw (the JSON text of the input as received). Texts are "" when absent.
EventValues = tuple[
    str, str, dt.datetime, str | None, str | None, str, str, str | None, str, str, str | None,
    bool, bool, str, str,
]  # fmt: skip


def event_values(event: InteractionIn, raw: str) -> EventValues:
    """The values of a validated event; ``raw`` is the JSON text of its input."""
    return (
        event.external_id, event.type, event.occurred_at, event.domain, event.email,
        event.page_url or "", event.page_category or "", event.asset, event.campaign or "",
        event.channel or "", event.source, event.asked_questions, event.networked,
        event.question or "", raw,
    )  # fmt: skip


def raw_json(raw: Mapping[str, Any]) -> str:
    return json.dumps(dict(raw), ensure_ascii=False)


_COLUMNS = (
    "external_id", "type", "occurred_at", "account_id", "contact_id", "asset_id", "domain",
    "email", "page_url", "page_category", "asked_questions", "networked", "question",
    "channel", "campaign", "source", "raw", "received_at",
)  # fmt: skip


_PG_TYPES = (
    "text", "text", "timestamptz", "bigint", "bigint", "bigint", "text", "text", "text", "text",
    "boolean", "boolean", "text", "text", "text", "text", "jsonb", "timestamptz",
)  # fmt: skip

# SQLite: rows per INSERT statement (18 parameters each, under SQLite's 32,766).
SQLITE_ROWS_PER_STATEMENT = 1000

_sql_cache: dict[tuple[str, int], str] = {}


def _insert_sql(rows: int) -> str:
    """The INSERT of events that skips an external id already stored and names the new ones.

    ``ON CONFLICT (external_id) DO NOTHING RETURNING external_id`` is understood by SQLite
    (≥ 3.35) and PostgreSQL: the unique index, not this process, decides, so concurrent
    imports never double count. SQLite: ``rows`` rows of ``VALUES`` per statement, with ``?``
    marks. PostgreSQL: the whole batch as one statement over column arrays (``unnest``), one
    round trip per batch. (The ORM's ``bulk_create`` spends most of an import compiling SQL.)
    """
    key = (connection.vendor, rows if connection.vendor == "sqlite" else 0)
    sql = _sql_cache.get(key)
    if sql is not None:
        return sql
    quote = connection.ops.quote_name
    table = quote(Interaction._meta.db_table)
    columns = ", ".join(quote(c) for c in _COLUMNS)
    if connection.vendor == "postgresql":
        arrays = ", ".join(
            "%s::text[]::jsonb[]" if t == "jsonb" else f"%s::{t}[]" for t in _PG_TYPES
        )
        source = f"SELECT * FROM unnest({arrays})"  # noqa: S608 (no user text in it)
    else:
        one = "(" + ", ".join(["?"] * len(_COLUMNS)) + ")"
        source = "VALUES " + ", ".join([one] * rows)
    sql = _sql_cache[key] = (
        f"INSERT INTO {table} ({columns}) {source} "
        f"ON CONFLICT ({quote('external_id')}) DO NOTHING RETURNING {quote('external_id')}"
    )
    return sql


# PostgreSQL: from this many rows a batch goes through ``COPY`` into a staging table (a file
# import); a smaller one (an API batch, a webhook) is one ``INSERT … unnest`` statement.
PG_COPY_MIN_ROWS = 200
_STAGE = "baton_interaction_stage"


def _pg_copy_insert(rows: list[tuple[Any, ...]]) -> set[str]:
    """``COPY`` the rows into a temporary staging table, then move them in one ``INSERT …
    SELECT … ON CONFLICT DO NOTHING RETURNING``: the same decision by the unique index as the
    ``unnest`` statement, but psycopg writes the rows in C (binding 18 arrays of 2,000 values
    as query text was half of an import's time). The staging table lives for the transaction
    (``ON COMMIT DROP``) and is emptied after each batch."""
    quote = connection.ops.quote_name
    table = quote(Interaction._meta.db_table)
    columns = ", ".join(quote(c) for c in _COLUMNS)
    stage = quote(_STAGE)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY {stage} ({columns}) FROM STDIN") as copy:
            write = copy.write_row
            for row in rows:
                write(row)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {stage} "  # noqa: S608
            f"ON CONFLICT ({quote('external_id')}) DO NOTHING RETURNING {quote('external_id')}"
        )
        stored = {row[0] for row in cursor.fetchall()}
        cursor.execute(f"TRUNCATE {stage}")
    return stored


def _insert(rows: list[tuple[Any, ...]]) -> set[str]:
    """Insert ``rows`` (external ids distinct); the external ids actually stored."""
    stored: set[str] = set()
    if connection.vendor == "postgresql":
        if len(rows) >= PG_COPY_MIN_ROWS and connection.in_atomic_block:
            return _pg_copy_insert(rows)
        with connection.cursor() as cursor:
            cursor.execute(_insert_sql(0), [list(column) for column in zip(*rows, strict=True)])
            stored.update(row[0] for row in cursor.fetchall())
        return stored
    # SQLite: straight on the connection of Django's cursor (same transaction), with ``?``
    # marks: Django's cursor would rewrite 18,000 ``%s`` marks per statement.
    connection.ensure_connection()
    sqlite = connection.connection
    step = SQLITE_ROWS_PER_STATEMENT
    for start in range(0, len(rows), step):
        chunk = rows[start : start + step]
        found = sqlite.execute(_insert_sql(len(chunk)), [v for row in chunk for v in row])
        stored.update(row[0] for row in found.fetchall())
    return stored


def _datetime_adapter() -> Callable[[dt.datetime], Any]:
    """Aware datetimes as the database wants them (SQLite: naive UTC text, as Django stores)."""
    if connection.vendor == "sqlite":
        utc = dt.UTC

        def adapt(value: dt.datetime) -> str:
            # "2026-03-02 10:00:00[.ffffff]" once in UTC: the ISO form without its "+00:00".
            if value.tzinfo is not utc:
                value = value.astimezone(utc)
            return value.isoformat(" ")[:-6]

        return adapt
    return lambda value: value


@dataclass
class Stored:
    """What :meth:`EventStore.insert` did with each event, in order."""

    statuses: list[str]
    account_ids: list[int | None]
    warnings: dict[int, str]  # position → warning (an unknown asset)


@dataclass
class EventStore:
    """Stores batches of validated events; keep one per import (the asset map is loaded once)."""

    source: str
    matcher: Matcher = field(default_factory=Matcher)
    assets: dict[str, int] | None = None
    affected: set[int] = field(default_factory=set)

    def _asset_ids(self) -> dict[str, int]:
        if self.assets is None:
            self.assets = dict(MarketingAsset.objects.values_list("slug", "pk"))
        return self.assets

    def store(self, events: Sequence[tuple[InteractionIn, Mapping[str, Any]]]) -> list[Outcome]:
        """Store ``(event, raw payload)`` pairs; one outcome per pair, in order."""
        done = self.insert([event_values(event, raw_json(raw)) for event, raw in events])
        outcomes = []
        for i, (status, account_id) in enumerate(zip(done.statuses, done.account_ids, strict=True)):
            outcome = Outcome(status, account_id)
            if i in done.warnings:
                outcome.warnings.append(done.warnings[i])
            outcomes.append(outcome)
        return outcomes

    def insert(self, items: Sequence[EventValues]) -> Stored:
        """Match and store events; repeats of an external id (in the batch or already
        stored) are ``duplicate``, the first occurrence wins."""
        self.matcher.prepare((item[3], item[4]) for item in items)
        assets = self._asset_ids()
        adapt = _datetime_adapter()
        received = adapt(timezone.now())
        match = self.matcher.match_fields
        default_source = self.source
        count = len(items)
        statuses = [DUPLICATE] * count
        account_ids: list[int | None] = [None] * count
        rows: list[tuple[Any, ...]] = []
        positions: list[int] = []
        seen: set[str] = set()
        for i, item in enumerate(items):
            external_id = item[0]
            if external_id in seen:
                continue
            seen.add(external_id)
            found = match(item[3], item[4])
            asset = item[7]
            rows.append(
                (
                    external_id, item[1], adapt(item[2]), found.account_id, found.contact_id,
                    assets.get(asset) if asset else None, found.domain, item[4] or "", item[5],
                    item[6], item[11], item[12], item[13], item[9], item[8],
                    item[10] or default_source, item[14], received,
                )
            )  # fmt: skip
            positions.append(i)
        stored = _insert(rows) if rows else set()
        warnings: dict[int, str] = {}
        for i, row in zip(positions, rows, strict=True):
            if row[0] not in stored:
                continue
            account_id = row[3]
            account_ids[i] = account_id
            if account_id:
                statuses[i] = CREATED
                self.affected.add(account_id)
            else:
                statuses[i] = UNMATCHED
            asset = items[i][7]
            if asset and row[5] is None:
                warnings[i] = _("unknown asset %(asset)s: the event is kept without an asset") % {
                    "asset": asset
                }
        return Stored(statuses, account_ids, warnings)

    def requalify_on_commit(self) -> None:
        """Re-judge the touched accounts once the transaction commits (not on a dry run)."""
        affected = self.affected
        transaction.on_commit(lambda: requalify(affected), robust=True)


def requalify(account_ids: Iterable[int], now: dt.datetime | None = None) -> None:
    """Re-evaluate the qualification of these accounts (and only these)."""
    ids = sorted(set(account_ids))
    if not ids:
        return
    from baton.qualification.services import qualify_accounts

    qualify_accounts(ids, now or timezone.now())


def _schema_errors(exc: ValidationError) -> list[tuple[str, str]]:
    out = []
    for item in exc.errors():
        name = ".".join(str(p) for p in item["loc"])
        out.append((name, str(item["msg"]).removeprefix("Value error, ")))
    return out


def ingest_items(*, items: Sequence[Any], source: str) -> list[Outcome]:
    """The batch endpoint and the webhook: validate each item, store the valid ones.

    One outcome per item, in order; an invalid item is ``rejected`` and stores nothing.
    """
    if len(items) > MAX_BATCH_ITEMS:
        raise DomainError(
            _("too many events in one call: %(count)s (at most %(max)s; split the batch)")
            % {"count": len(items), "max": MAX_BATCH_ITEMS},
            field="events",
        )
    outcomes: list[Outcome | None] = []
    valid: list[tuple[InteractionIn, Mapping[str, Any]]] = []
    positions: list[int] = []
    for item in items:
        if not isinstance(item, dict):
            outcomes.append(Outcome(REJECTED, errors=[("", _("each event must be an object"))]))
            continue
        try:
            event = InteractionIn.model_validate(item)
        except ValidationError as exc:
            outcomes.append(Outcome(REJECTED, errors=_schema_errors(exc)))
            continue
        positions.append(len(outcomes))
        outcomes.append(None)
        valid.append((event, item))
    store = EventStore(source=source)
    with transaction.atomic():
        if valid:
            for position, outcome in zip(positions, store.store(valid), strict=True):
                outcomes[position] = outcome
        store.requalify_on_commit()
    return [o for o in outcomes if o is not None]


# ---------------------------------------------------------------------------------------------
# Webhook sources


def _new_secret() -> str:
    return secrets.token_hex(32)


def ingest_source_create(*, actor: Any, name: str, slug: str = "") -> IngestSource:
    """A new webhook source; its ``secret`` is readable on the returned object (show it once)."""
    name = name.strip()
    if not name:
        raise DomainError(_("give the source a name"), field="name")
    slug = slugify(slug or name)[:50]
    if not slug:
        raise DomainError(_("the code must hold letters or digits"), field="slug")
    with transaction.atomic():
        if IngestSource.objects.filter(slug=slug).exists():
            raise ConflictError(
                _("a source with the code %(slug)s already exists") % {"slug": slug},
                field="slug",
            )
        source = IngestSource.objects.create(
            name=name,
            slug=slug,
            secret=_new_secret(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record(actor=actor, action="engagement.source_created", target=source)
    return source


def ingest_source_rotate(*, actor: Any, source: IngestSource) -> IngestSource:
    """A new secret for ``source`` (the old one stops working at once)."""
    with transaction.atomic():
        source.secret = _new_secret()
        source.save(update_fields=["secret", "updated_at"])
        record(actor=actor, action="engagement.source_secret_rotated", target=source)
    return source


def ingest_source_set_active(*, actor: Any, source: IngestSource, active: bool) -> IngestSource:
    with transaction.atomic():
        source.is_active = active
        source.save(update_fields=["is_active", "updated_at"])
        record(
            actor=actor,
            action="engagement.source_enabled" if active else "engagement.source_disabled",
            target=source,
        )
    return source


def ingest_source_touch(*, source: IngestSource) -> None:
    IngestSource.objects.filter(pk=source.pk).update(last_used_at=timezone.now())


# ---------------------------------------------------------------------------------------------
# Unmatched events


def backlog_filter(domain: str) -> Q:
    """Unmatched events of ``domain`` or of one of its subdomains."""
    return Q(account__isnull=True) & (Q(domain=domain) | Q(domain__endswith="." + domain))


def unmatched_attach(*, actor: Any, account: Account, domain: str) -> int:
    """Give ``domain`` to ``account`` and match its backlog of unmatched events (one UPDATE).

    Returns how many events were matched. Subdomains already given to another account keep
    their events for that account.
    """
    try:
        domain = normalize_domain(domain)
    except InvalidDomainError as exc:
        raise DomainError(str(exc), field="domain") from exc
    if is_free_mail(domain):
        raise DomainError(
            _("%(domain)s is a personal mail domain: it cannot identify a company")
            % {"domain": domain},
            field="domain",
        )
    with transaction.atomic():
        owner = AccountDomain.objects.filter(domain=domain).exclude(account=account).first()
        if owner is not None:
            raise ConflictError(
                _("the domain %(domain)s already belongs to %(account)s")
                % {"domain": domain, "account": owner.account.name},
                field="domain",
            )
        account_add_domain(actor=actor, account=account, domain=domain)
        others = AccountDomain.objects.filter(domain__endswith="." + domain).exclude(
            account=account
        )
        taken = list(others.values_list("domain", flat=True))
        backlog = Interaction.objects.filter(backlog_filter(domain))
        for sub in taken:
            backlog = backlog.exclude(Q(domain=sub) | Q(domain__endswith="." + sub))
        matched = backlog.update(account=account)
        record(
            actor=actor,
            action="engagement.backlog_matched",
            target=account,
            changes={"domain": domain, "events": matched},
        )
        account_id = account.pk
        transaction.on_commit(lambda: requalify([account_id]), robust=True)
    return matched
