"""The CSV/XLSX door for interaction events: ``baton import interactions FILE`` and the upload
page (kind ``interactions`` in ``baton.core.importing.registry``).

Rows are validated by :class:`baton.engagement.schemas.InteractionIn` (the same schema as the
batch endpoint and the webhook) — CSV rows first through :mod:`baton.engagement.fastrows`, the
same rules without pydantic, the schema taking every row that path is not sure about — and
stored by :meth:`baton.engagement.services.EventStore.insert`, in batches of 2,000 rows (at
most one contacts query and one insert statement per 1,000 rows). Counters: ``created``
(stored and matched to an account), ``skipped_duplicates`` (external id already stored or
repeated in the file), ``unmatched`` (stored without an account), ``rejected``. An unknown
asset keeps the event without its asset and adds a warning line to the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy
from pydantic import ValidationError

from baton.core.importing.mapping import ColumnPlan
from baton.core.importing.parsing import Cell, as_text, parse_bool, parse_datetime
from baton.core.importing.report import MAX_ERRORS, ImportSummary, RowError
from baton.core.importing.runner import Column, Importer, Row
from baton.engagement.bulkload import BulkLoad, analyze_on_commit
from baton.engagement.fastrows import FastRows
from baton.engagement.matching import Matcher
from baton.engagement.schemas import InteractionIn
from baton.engagement.services import (
    CREATED,
    DUPLICATE,
    UNMATCHED,
    EventStore,
    EventValues,
    event_values,
    raw_json,
)

_BOOLEANS = frozenset({"asked_questions", "networked"})

# SQLite page cache during a file import (KiB; SQLite's default is 2 MB): the new rows go into
# several indexes at random places, which then stay in memory instead of being read back.
SQLITE_CACHE_KB = 64 * 1024


@contextmanager
def sqlite_cache(kib: int) -> Iterator[None]:
    """A bigger SQLite page cache for this connection, then the one it had."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-abs(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")


class InteractionImporter(Importer[EventValues]):
    kind = "interactions"
    label = gettext_lazy("Marketing interactions")
    columns = (
        Column("external_id", gettext_lazy("Stable id of the event (required)"), "hs-123456"),
        Column(
            "type",
            gettext_lazy("Type (required): web_visit, email_open, email_reply, demo_request…"),
            "web_visit",
        ),
        Column(
            "occurred_at",
            gettext_lazy("Date and time (required): 23/11/2026 14:05 or ISO"),
            "23/11/2026 14:05",
        ),
        Column("domain", gettext_lazy("Web domain of the company"), "acme-industrie.fr"),
        Column("email", gettext_lazy("Email of the person"), "claire.martin@acme-industrie.fr"),
        Column("page_url", gettext_lazy("Page visited"), "https://www.example.com/tarifs"),
        Column(
            "page_category",
            gettext_lazy("Page category: pricing, case_study, contact, product, blog, other"),
            "pricing",
        ),
        Column("asset", gettext_lazy("Code of the marketing asset"), "livre-blanc-2026"),
        Column("campaign", gettext_lazy("Campaign"), "Salon 2026"),
        Column("channel", gettext_lazy("Channel"), "web"),
        Column("source", gettext_lazy("Source system"), "hubspot"),
        Column("asked_questions", gettext_lazy("Asked questions (yes/no)"), default=False),
        Column("networked", gettext_lazy("Networked (yes/no)"), default=False),
        Column("question", gettext_lazy("Question asked"), default=False),
    )
    required = (("external_id",), ("type",), ("occurred_at",))
    extra_counters = ("skipped_duplicates", "unmatched")
    aliases = {
        "id": "external_id",
        "id_externe": "external_id",
        "event_id": "external_id",
        "type_d_interaction": "type",
        "event_type": "type",
        "date": "occurred_at",
        "date_heure": "occurred_at",
        "timestamp": "occurred_at",
        "domaine": "domain",
        "site_web": "domain",
        "company_domain": "domain",
        "contact_email": "email",
        "e_mail": "email",
        "mail": "email",
        "courriel": "email",
        "url": "page_url",
        "page": "page_url",
        "categorie": "page_category",
        "categorie_de_page": "page_category",
        "contenu": "asset",
        "campagne": "campaign",
        "canal": "channel",
        "a_pose_des_questions": "asked_questions",
        "questions": "asked_questions",
        "reseautage": "networked",
    }
    batch_size = 2000

    def __init__(self, *, actor: Any = None) -> None:
        super().__init__(actor=actor)
        self.store = EventStore(source="csv", matcher=Matcher(all_domains=True))
        self.tz = timezone.get_default_timezone()
        self._scheduled = False
        self._bulk: BulkLoad | None = None

    @contextmanager
    def running(self) -> Iterator[None]:
        with sqlite_cache(SQLITE_CACHE_KB):
            yield

    def fast_reader(self, plan: ColumnPlan) -> Callable[[list[Cell]], EventValues | None]:
        return FastRows(plan.targets, tz=self.tz).read

    def validate_row(self, row: Row) -> EventValues | list[RowError]:
        data: dict[str, Any] = {}
        errors: list[RowError] = []
        for name, cell in row.values.items():
            try:
                data[name] = self._convert(name, cell)
            except ValueError as exc:
                errors.append(self.error(row.line, name, exc))
        errors = self.required_errors(row) + errors
        if errors:
            return errors
        try:
            event = InteractionIn.model_validate(data)
        except ValidationError as exc:
            return self.schema_errors(row.line, exc)
        raw = {k: v if isinstance(v, str) else as_text(v) for k, v in row.values.items()}
        return event_values(event, raw_json(raw))

    def _convert(self, name: str, cell: Cell) -> Any:
        if name == "occurred_at":
            return parse_datetime(cell, tz=self.tz)
        if name in _BOOLEANS:
            return parse_bool(cell)
        return cell if isinstance(cell, str) else as_text(cell)

    def finish(self, summary: ImportSummary) -> None:
        if self._bulk is not None:
            self._bulk.end()
            self._bulk = None
        if self._scheduled:  # something was stored: statistics, then the requalification
            analyze_on_commit(summary.created + summary.extra["unmatched"])
            self.store.requalify_on_commit()

    def apply_batch(self, rows: Sequence[tuple[int, EventValues]], summary: ImportSummary) -> None:
        if not self._scheduled:
            self._scheduled = True
            if BulkLoad.worth_it(self.estimated_rows):
                self._bulk = BulkLoad()
                self._bulk.start()
        done = self.store.insert([values for _line, values in rows])
        statuses = done.statuses
        summary.created += statuses.count(CREATED)
        summary.extra["unmatched"] += statuses.count(UNMATCHED)
        summary.extra["skipped_duplicates"] += statuses.count(DUPLICATE)
        for position, warning in sorted(done.warnings.items()):
            if len(summary.errors) < MAX_ERRORS:
                summary.errors.append(self.error(rows[position][0], "asset", warning))
            else:
                summary.errors_omitted += 1
