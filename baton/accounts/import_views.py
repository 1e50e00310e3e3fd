"""The upload page (SPEC R-6.2): file → column mapping → dry-run preview → import → summary.

Views only parse, call the import mechanism (``baton.core.importing``) and render. A small
file is checked and imported within the request; a big one (``BATON_IMPORT_INLINE_MB``) by the
worker, while the page shows its progress (``baton.core.importing.jobs``).
"""

from __future__ import annotations

import io
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from baton.core.errors import NotFoundError
from baton.core.importing import jobs, registry
from baton.core.importing.errors import ImportFileError
from baton.core.importing.forms import MappingForm, UploadForm
from baton.core.importing.mapping import plan_columns
from baton.core.importing.report import ImportSummary, errors_csv
from baton.core.importing.runner import run_import
from baton.core.importing.uploads import PendingImport, load_pending, save_upload
from baton.core.models import ImportJob, ImportJobState
from baton.core.permissions import require
from baton.core.roles import Perm
from baton.core.spreadsheet import SafeCsvWriter

PREVIEW_ERRORS = 20
# A queued job that has not started after this long gets a hint about the worker.
WORKER_HINT_AFTER_S = 60


def _pending(request: HttpRequest, token: str) -> PendingImport:
    try:
        return load_pending(token, user_id=request.user.pk)
    except NotFoundError:
        raise Http404 from None


@require(Perm.IMPORT)
def import_start(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            pending = save_upload(
                user_id=request.user.pk,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                encoding=form.cleaned_data["encoding"],
            )
        except ImportFileError as exc:
            form.add_error("file", exc.reason)
        else:
            return redirect("accounts:import_mapping", token=pending.token)
    kinds = [(k, registry.importer_class(k)) for k in registry.kinds()]
    return render(request, "accounts/import/start.html", {"form": form, "kinds": kinds})


@require(Perm.IMPORT)
def import_mapping(request: HttpRequest, token: str) -> HttpResponse:
    pending = _pending(request, token)
    if pending.result is not None or jobs.job_of(token, dry_run=False) is not None:
        return redirect("accounts:import_done", token=token)  # imported, or being imported
    importer = registry.importer_class(pending.kind)
    form = MappingForm(
        request.POST or None, headers=pending.headers, importer=importer, mapping=pending.mapping
    )
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        try:
            plan_columns(
                pending.headers,
                fields=importer.field_names(),
                required=importer.required,
                aliases=dict(importer.aliases),
                mapping=mapping,
            )
        except ImportFileError as exc:
            form.add_error(None, exc.reason)
        else:
            pending.mapping = mapping
            pending.preview = None
            pending.save()
            jobs.forget_dry_run(pending, actor=request.user)
            return redirect("accounts:import_preview", token=token)
    context = {"pending": pending, "form": form, "importer": importer}
    return render(request, "accounts/import/mapping.html", context)


def _run(request: HttpRequest, pending: PendingImport, *, dry_run: bool) -> ImportSummary:
    importer = registry.importer_class(pending.kind)(actor=request.user)
    return run_import(
        importer,
        pending.path,
        mapping=pending.mapping,
        dry_run=dry_run,
        encoding=pending.encoding,
    )


@require(Perm.IMPORT)
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    """The dry run: exactly what the import will do, nothing saved."""
    pending = _pending(request, token)
    if pending.result is not None:
        return redirect("accounts:import_done", token=token)
    if pending.mapping is None:
        return redirect("accounts:import_mapping", token=token)
    error = ""
    summary = None
    if jobs.runs_in_worker(pending):
        if pending.preview is None:
            job = jobs.request_run(pending, dry_run=True, actor=request.user)
            return _wait(request, pending, job)
        summary = ImportSummary.from_dict(pending.kind, pending.preview, dry_run=True)
    else:
        try:
            summary = _run(request, pending, dry_run=True)
        except ImportFileError as exc:
            error = exc.reason
        else:
            pending.record_run(summary.to_dict(), dry_run=True)
    context = {
        "pending": pending,
        "summary": summary,
        "error": error,
        "first_errors": summary.errors[:PREVIEW_ERRORS] if summary else [],
    }
    return render(request, "accounts/import/preview.html", context)


@require(Perm.IMPORT)
@require_POST
def import_run(request: HttpRequest, token: str) -> HttpResponse:
    pending = _pending(request, token)
    if pending.result is None:
        if pending.mapping is None:
            return redirect("accounts:import_mapping", token=token)
        if jobs.runs_in_worker(pending):
            jobs.request_run(pending, dry_run=False, actor=request.user)
            return redirect("accounts:import_done", token=token)
        try:
            summary = _run(request, pending, dry_run=False)
        except ImportFileError as exc:
            return render(
                request,
                "accounts/import/preview.html",
                {"pending": pending, "summary": None, "error": exc.reason, "first_errors": []},
                status=400,
            )
        pending.record_run(summary.to_dict(), dry_run=False)
    return redirect("accounts:import_done", token=token)


@require(Perm.IMPORT)
def import_done(request: HttpRequest, token: str) -> HttpResponse:
    pending = _pending(request, token)
    if pending.result is None:
        job = jobs.job_of(token, dry_run=False)
        if job is not None:
            return _wait(request, pending, job)
        return redirect("accounts:import_preview", token=token)
    summary = ImportSummary.from_dict(pending.kind, pending.result)
    context = {
        "pending": pending,
        "summary": summary,
        "first_errors": summary.errors[:PREVIEW_ERRORS],
    }
    return render(request, "accounts/import/done.html", context)


def _progress_context(pending: PendingImport, job: ImportJob) -> dict[str, object]:
    rows, estimated = pending.read_progress()
    percent = min(99, rows * 100 // estimated) if estimated else 0
    waited = (timezone.now() - job.created_at).total_seconds()
    return {
        "pending": pending,
        "job": job,
        "step": "preview" if job.dry_run else "import",
        "rows": rows,
        "estimated": estimated,
        "percent": percent,
        "worker_hint": job.state == ImportJobState.QUEUED and waited > WORKER_HINT_AFTER_S,
    }


def _wait(request: HttpRequest, pending: PendingImport, job: ImportJob) -> HttpResponse:
    """The page of a run the worker does: its progress, refreshed until it ends."""
    return render(request, "accounts/import/wait.html", _progress_context(pending, job))


@require(Perm.IMPORT)
@require_GET
def import_status(request: HttpRequest, token: str, step: str) -> HttpResponse:
    """The progress of the worker's run (polled by the waiting page); once it is done, the
    next page (the preview, or the import's summary)."""
    if step not in ("preview", "import"):
        raise Http404
    pending = _pending(request, token)
    job = jobs.job_of(token, dry_run=step == "preview")
    if job is None:
        raise Http404
    if job.state == ImportJobState.DONE:
        name = "accounts:import_preview" if job.dry_run else "accounts:import_done"
        url = reverse(name, kwargs={"token": token})
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
    return render(request, "accounts/import/_progress.html", _progress_context(pending, job))


@require(Perm.IMPORT)
def import_errors(request: HttpRequest, token: str) -> HttpResponse:
    """The full error report of the last run (import, else preview) as CSV."""
    pending = _pending(request, token)
    data = pending.result or pending.preview
    if data is None:
        raise Http404
    summary = ImportSummary.from_dict(pending.kind, data)
    response = HttpResponse(errors_csv(summary.errors), content_type="text/csv; charset=utf-8")
    stem = Path(pending.filename).stem or "import"
    response["Content-Disposition"] = f'attachment; filename="{stem}-errors.csv"'
    return response


@require(Perm.IMPORT)
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """A CSV with the default headers and one example row (UTF-8 with BOM, for Excel)."""
    if kind not in registry.kinds():
        raise Http404
    columns = [c for c in registry.importer_class(kind).columns if c.default]
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = SafeCsvWriter(buffer)
    writer.writerow([c.name for c in columns])
    writer.writerow([c.example for c in columns])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="baton-{kind}-template.csv"'
    return response
