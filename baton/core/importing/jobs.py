"""Big uploads run by the worker: the upload page queues the dry run and the import of a file
above ``BATON_IMPORT_INLINE_MB`` as :class:`baton.core.models.ImportJob` rows instead of
running them inside the web request (a 100 MB file takes longer than a request may last), and
shows their progress.

Each state change of a job is written here, with its audit row. The worker claims a due job
with one conditional ``UPDATE`` (two workers never run the same job), runs it in the
requester's language, writes the summary into the upload's sidecar (the pages read it there,
as for a small file) and marks the job done or failed. A job whose worker died is taken again
after its lease: the run is one transaction, so nothing of the dead run remains.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from baton.core.busy import announced
from baton.core.errors import NotFoundError
from baton.core.importing import registry
from baton.core.importing.errors import ImportFileError
from baton.core.importing.report import ImportSummary
from baton.core.importing.runner import run_import
from baton.core.importing.uploads import PendingImport, load_pending
from baton.core.models import ImportJob, ImportJobState, record

logger = logging.getLogger(__name__)

# How long a worker may hold a job before another takes it again (it cannot renew its claim
# while the import's transaction is open, so this is far above any run: 1M rows ≈ 1 min).
LEASE = timedelta(hours=1)
MAX_ATTEMPTS = 3
# The worker writes the progress file at most this often (seconds).
PROGRESS_EVERY_S = 0.5


def runs_in_worker(pending: PendingImport) -> bool:
    """A file above ``BATON_IMPORT_INLINE_BYTES`` is checked and imported by the worker."""
    try:
        size = pending.path.stat().st_size
    except OSError:
        return False
    return size > settings.BATON_IMPORT_INLINE_BYTES


def job_of(token: str, *, dry_run: bool) -> ImportJob | None:
    return ImportJob.objects.filter(token=token, dry_run=dry_run).first()


def request_run(pending: PendingImport, *, dry_run: bool, actor: Any) -> ImportJob:
    """Queue the dry run or the import of ``pending`` (once: asking again returns the job)."""
    with transaction.atomic():
        job, created = ImportJob.objects.get_or_create(
            token=pending.token,
            dry_run=dry_run,
            defaults={
                "kind": pending.kind,
                "filename": pending.filename[:255],
                "requested_by": actor,
            },
        )
        if created:
            record(actor=actor, action="import.queued", target=job, changes=_changes(job))
    return job


def forget_dry_run(pending: PendingImport, *, actor: Any) -> None:
    """The mapping changed: the dry run made with the old one no longer says anything."""
    with transaction.atomic():
        job = job_of(pending.token, dry_run=True)
        if job is not None:
            record(actor=actor, action="import.dry_run_dropped", target=job, reason="mapping")
            job.delete()


def _changes(job: ImportJob) -> dict[str, object]:
    return {"kind": [None, job.kind], "dry_run": [None, job.dry_run], "file": [None, job.filename]}


def _due(now: datetime) -> Q:
    return Q(state=ImportJobState.QUEUED) | Q(state=ImportJobState.RUNNING, claimed_until__lt=now)


def claim(now: datetime) -> ImportJob | None:
    """Take the oldest due job for this worker (state ``running``), or ``None``."""
    for pk in (
        ImportJob.objects.filter(_due(now))
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:5]
    ):
        taken = ImportJob.objects.filter(_due(now), pk=pk).update(
            state=ImportJobState.RUNNING,
            claimed_until=now + LEASE,
            started_at=now,
            attempts=F("attempts") + 1,
        )
        if taken:
            return ImportJob.objects.select_related("requested_by").get(pk=pk)
    return None


def sweep(now: datetime) -> int:
    """Worker entry point: run one due job; 1 if there was one, else 0."""
    job = claim(now)
    if job is None:
        return 0
    run(job)
    return 1


def run(job: ImportJob) -> None:
    """Run a claimed job to its end: done (summary in the sidecar) or failed (with why)."""
    user = job.requested_by
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        if job.attempts > MAX_ATTEMPTS:
            stopped = _("the worker stopped during this run %(count)s times")
            _finish(job, error=stopped % {"count": MAX_ATTEMPTS})
            return
        try:
            pending = load_pending(job.token, user_id=job.requested_by_id)
        except (NotFoundError, OSError, ValueError, TypeError):  # purged, or owner deleted
            pending = None
        if pending is None or not pending.path.is_file():
            _finish(job, error=_("the uploaded file is no longer available; upload it again"))
            return
        try:
            with announced(job):
                summary = _run_import(job, pending)
        except ImportFileError as exc:
            _finish(job, error=exc.reason)
            return
        except Exception:
            logger.exception("import job %s failed", job.pk)
            _finish(job, error=_("the run stopped on an unexpected error; nothing was saved"))
            return
        current = pending.reload()
        if not job.dry_run or current.mapping == pending.mapping:  # not remapped meanwhile
            current.record_run(summary.to_dict(), dry_run=job.dry_run)
        pending.progress_path.unlink(missing_ok=True)
        _finish(job, rows=summary.rows)


class _Progress:
    """Rows read so far, written to the upload's progress file now and then."""

    def __init__(self, pending: PendingImport) -> None:
        self.pending = pending
        self.rows = 0
        self.estimated: int | None = None
        self.written = 0.0

    def start(self, estimated: int | None) -> None:
        self.estimated = estimated
        self.pending.write_progress(0, estimated)
        self.written = time.monotonic()  # the next write after a first batch, not its first row

    def add(self, rows: int) -> None:
        self.rows += rows
        now = time.monotonic()
        if now - self.written >= PROGRESS_EVERY_S:
            self.written = now
            self.pending.write_progress(self.rows, self.estimated)


def _run_import(job: ImportJob, pending: PendingImport) -> ImportSummary:
    importer = registry.importer_class(pending.kind)(actor=job.requested_by)
    progress = _Progress(pending)
    return run_import(
        importer,
        pending.path,
        mapping=pending.mapping,
        dry_run=job.dry_run,
        encoding=pending.encoding,
        progress=progress.add,
        on_start=progress.start,
    )


def _finish(job: ImportJob, *, error: str = "", rows: int | None = None) -> None:
    state = ImportJobState.FAILED if error else ImportJobState.DONE
    with transaction.atomic():
        changed = ImportJob.objects.filter(pk=job.pk, state=ImportJobState.RUNNING).update(
            state=state, finished_at=timezone.now(), claimed_until=None, error=error
        )
        if changed:  # not dropped meanwhile (a new mapping)
            changes: dict[str, object] = {"state": [ImportJobState.RUNNING, state]}
            if rows is not None:
                changes["rows"] = [None, rows]
            record(
                actor=job.requested_by,
                action=f"import.{state}",
                target=job,
                changes=changes,
                reason=error,
            )
