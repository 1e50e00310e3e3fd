"""Writes of the engagement app: storing interaction events (the three doors share
:func:`store_events`), webhook sources, attaching unmatched domains to accounts.

Idempotency: ``Interaction.external_id`` is unique. A batch first drops the ids already stored
(one query) and the repeats within the batch, then inserts with ``ignore_conflicts`` so that a
concurrent import of the same ids can never make a second copy (that concurrent row is then
counted ``created`` by both runs, though stored once).

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


_COLUMNS = (
    "external_id", "type", "occurred_at", "account_id", "contact_id", "asset_id", "domain",
    "email", "page_url", "page_category", "asked_questions", "networked", "question",
    "channel", "campaign", "source", "raw", "received_at",
)  # fmt: skip


_PG_TYPES = (
    "text", "text", "timestamptz", "bigint", "bigint", "bigint", "text", "text", "text", "text",
    "boolean", "boolean", "text", "text", "text", "text", "jsonb", "timestamptz",
)  # fmt: skip


def _insert_sql() -> str:
    """The INSERT of events that skips an external id already stored.

    ``ON CONFLICT (external_id) DO NOTHING`` is understood by SQLite (≥ 3.24) and PostgreSQL:
    the unique index, not this process, decides, so concurrent imports never double count.
    SQLite: one row per parameter set (``executemany``). PostgreSQL: the whole batch as one
    statement over column arrays (``unnest``), one round trip per batch. (The ORM's
    ``bulk_create`` does the same but spends most of an import compiling SQL.)
    """
    quote = connection.ops.quote_name
    table = quote(Interaction._meta.db_table)
    columns = ", ".join(quote(c) for c in _COLUMNS)
    if connection.vendor == "postgresql":
        arrays = ", ".join(
            "%s::text[]::jsonb[]" if t == "jsonb" else f"%s::{t}[]" for t in _PG_TYPES
        )
        source = f"SELECT * FROM unnest({arrays})"  # noqa: S608 (no user text in it)
    else:
        source = "VALUES (" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    return (
        f"INSERT INTO {table} ({columns}) {source} ON CONFLICT ({quote('external_id')}) DO NOTHING"
    )


def _insert(rows: list[tuple[Any, ...]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_insert_sql(), [list(column) for column in zip(*rows, strict=True)])
        else:
            cursor.executemany(_insert_sql(), rows)


def _json_adapter() -> Callable[[Any], Any]:
    return lambda value: json.dumps(value, ensure_ascii=False)


def _datetime_adapter() -> Callable[[dt.datetime], Any]:
    """Aware datetimes as the database wants them (SQLite: naive UTC text, as Django stores)."""
    if connection.vendor == "sqlite":
        return lambda value: str(value.astimezone(dt.UTC).replace(tzinfo=None))
    return lambda value: value


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
        ids = [event.external_id for event, _raw in events]
        known = set(
            Interaction.objects.filter(external_id__in=set(ids)).values_list(
                "external_id", flat=True
            )
        )
        fresh = [(e, r) for e, r in events if e.external_id not in known]
        self.matcher.load(e for e, _raw in fresh)
        assets = self._asset_ids()
        outcomes: list[Outcome] = []
        rows: list[tuple[Any, ...]] = []
        seen: set[str] = set()
        adapt_dt = _datetime_adapter()
        adapt_json = _json_adapter()
        received = adapt_dt(timezone.now())
        for event, raw in events:
            if event.external_id in known or event.external_id in seen:
                outcomes.append(Outcome(DUPLICATE))
                continue
            seen.add(event.external_id)
            match = self.matcher.match(event)
            outcome = Outcome(CREATED if match.account_id else UNMATCHED, match.account_id)
            asset_id = assets.get(event.asset) if event.asset else None
            if event.asset and asset_id is None:
                outcome.warnings.append(
                    _("unknown asset %(asset)s: the event is kept without an asset")
                    % {"asset": event.asset}
                )
            rows.append(
                (
                    event.external_id,
                    event.type,
                    adapt_dt(event.occurred_at),
                    match.account_id,
                    match.contact_id,
                    asset_id,
                    match.domain,
                    event.email or "",
                    event.page_url or "",
                    event.page_category or "",
                    event.asked_questions,
                    event.networked,
                    event.question or "",
                    event.channel or "",
                    event.campaign or "",
                    event.source or self.source,
                    adapt_json(dict(raw)),
                    received,
                )
            )
            if match.account_id:
                self.affected.add(match.account_id)
            outcomes.append(outcome)
        if rows:
            _insert(rows)
        return outcomes

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
