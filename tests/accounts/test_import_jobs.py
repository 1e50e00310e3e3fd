"""Big uploads: the dry run and the import run in the worker, the page shows their progress.

Every file here is "big" (``BATON_IMPORT_INLINE_BYTES = 0``); a small one stays in the request
(``test_import_views.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from baton.core import worker
from baton.core.importing import jobs
from baton.core.importing.uploads import load_pending
from baton.core.models import AuditEvent, ImportJob
from baton.engagement.models import Interaction
from tests.engagement.conftest import account, contact

pytestmark = pytest.mark.django_db
ClientAs = Callable[[str | None], Client]

HEADER = "external_id,type,occurred_at,domain,email"
CSV = (
    f"{HEADER}\n"
    "ev-1,web_visit,2026-03-02T10:00:00+01:00,acme.fr,\n"
    "ev-2,email_reply,02/03/2026 11:30,,claire@acme.fr\n"
    "ev-3,email_open,03/03/2026,unknown.example,\n"
    "ev-1,web_visit,2026-03-02T10:00:00+01:00,acme.fr,\n"
    "ev-4,web_visit,demain,acme.fr,\n"
)
MAPPING = {f"col_{i}": name for i, name in enumerate(HEADER.split(","))}


@pytest.fixture(autouse=True)
def _big_files(settings: object, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    settings.BATON_IMPORT_INLINE_BYTES = 0  # type: ignore[attr-defined]
    acme = account("Acme", "acme.fr")
    contact(acme, "claire@acme.fr")
    with translation.override("en"):
        yield


def start(client: Client, content: str = CSV) -> str:
    data = {
        "kind": "interactions",
        "encoding": "utf-8",
        "file": SimpleUploadedFile("events.csv", content.encode()),
    }
    response = client.post(reverse("accounts:import"), data)
    token = response["Location"].rstrip("/").split("/")[-1]
    response = client.post(reverse("accounts:import_mapping", kwargs={"token": token}), MAPPING)
    assert response["Location"] == reverse("accounts:import_preview", kwargs={"token": token})
    return token


def url(name: str, token: str, **extra: str) -> str:
    return reverse(f"accounts:{name}", kwargs={"token": token, **extra})


def poll(client: Client, token: str, step: str) -> object:
    return client.get(url("import_status", token, step=step), headers={"HX-Request": "true"})


def test_the_worker_checks_then_imports_a_big_file_while_the_page_waits(
    client_as: ClientAs, users: dict[str, object]
) -> None:
    client = client_as("marketing")
    token = start(client)

    page = client.get(url("import_preview", token))
    assert page.status_code == 200
    assert next(t.name for t in page.templates) == "accounts/import/wait.html"
    assert "Waiting for the worker to start" in page.content.decode()
    job = ImportJob.objects.get()
    assert (job.token, job.dry_run, job.state, job.kind) == (token, True, "queued", "interactions")
    assert job.requested_by == users["marketing"]
    assert AuditEvent.objects.filter(action="import.queued", target_id=str(job.pk)).count() == 1

    still = poll(client, token, "preview")
    assert still.status_code == 200
    assert 'hx-trigger="every 1s"' in still.content.decode()

    assert jobs.sweep(timezone.now()) == 1
    assert jobs.sweep(timezone.now()) == 0  # nothing else due
    job.refresh_from_db()
    assert job.state == "done"
    assert job.error == ""
    assert job.attempts == 1
    assert Interaction.objects.count() == 0  # a dry run
    done = poll(client, token, "preview")
    assert done.status_code == 204
    assert done["HX-Redirect"] == url("import_preview", token)

    preview = client.get(url("import_preview", token))
    summary = preview.context["summary"]
    assert (summary.created, summary.rejected) == (2, 1)
    assert summary.extra == {"skipped_duplicates": 1, "unmatched": 1}
    assert [(e.line, e.field) for e in summary.errors] == [(6, "occurred_at")]

    response = client.post(url("import_run", token))
    assert response["Location"] == url("import_done", token)
    waiting = client.get(url("import_done", token))
    assert next(t.name for t in waiting.templates) == "accounts/import/wait.html"
    assert Interaction.objects.count() == 0
    assert "baton.core.tasks" in worker.load_tasks()
    assert worker.run_until_idle(only=["imports.run"]) == {"imports.run": 1}
    stored = sorted(Interaction.objects.values_list("external_id", "account__name"))
    assert stored == [("ev-1", "Acme"), ("ev-2", "Acme"), ("ev-3", None)]
    pending = load_pending(token, user_id=users["marketing"].pk)  # type: ignore[attr-defined]
    assert not pending.path.exists()  # the data file is gone
    assert not pending.progress_path.exists()
    finished = client.get(url("import_done", token))
    assert finished.context["summary"].created == 2
    imported = ImportJob.objects.get(dry_run=False)
    audit = AuditEvent.objects.get(action="import.done", target_id=str(imported.pk))
    assert audit.changes == {"state": ["running", "done"], "rows": [None, 5]}
    assert audit.actor == users["marketing"]

    client.post(url("import_run", token))  # asking again imports nothing twice
    remap = client.post(url("import_mapping", token), MAPPING)  # too late to change it
    assert remap["Location"] == url("import_done", token)
    assert ImportJob.objects.count() == 2
    assert worker.run_until_idle(only=["imports.run"]) == {"imports.run": 0}
    assert Interaction.objects.count() == 3


def test_the_page_shows_the_rows_read_so_far(client_as: ClientAs) -> None:
    client = client_as("marketing")
    token = start(client)
    client.get(url("import_preview", token))
    claimed = jobs.claim(timezone.now())
    assert claimed is not None
    assert claimed.state == "running"
    pending = load_pending(token, user_id=claimed.requested_by_id)
    pending.write_progress(1200, 5000)
    body = poll(client, token, "preview").content.decode()
    assert '<progress max="100" value="24">' in body
    assert "1,200 of about 5,000 rows read" in body
    claimed.requested_by.language = "fr"  # type: ignore[union-attr]
    claimed.requested_by.save()  # type: ignore[union-attr]
    body = poll(client, token, "preview").content.decode()
    assert "1\xa0200 lignes lues sur environ 5\xa0000" in body


def test_a_queued_job_says_to_check_the_worker_after_a_minute(client_as: ClientAs) -> None:
    client = client_as("marketing")
    token = start(client)
    client.get(url("import_preview", token))
    assert "check that the worker" not in poll(client, token, "preview").content.decode()
    ImportJob.objects.update(created_at=timezone.now() - dt.timedelta(seconds=61))
    assert "check that the worker is running" in poll(client, token, "preview").content.decode()


def test_a_file_that_turns_out_unusable_fails_with_its_reason_in_the_users_language(
    client_as: ClientAs, users: dict[str, object]
) -> None:
    users["marketing"].language = "fr"  # type: ignore[attr-defined]
    users["marketing"].save()  # type: ignore[attr-defined]
    client = client_as("marketing")
    token = start(client)
    client.get(url("import_preview", token))
    pending = load_pending(token, user_id=users["marketing"].pk)  # type: ignore[attr-defined]
    pending.path.write_bytes(HEADER.encode() + b"\nev-9,web_visit,2026-03-02,acme\xff.fr,\n")
    jobs.sweep(timezone.now())
    job = ImportJob.objects.get()
    assert job.state == "failed"
    assert job.error == (
        "le fichier n'est pas en UTF-8 (octet 0xFF à la ligne 2)\xa0; enregistrez-le en UTF-8 "
        "(«\xa0CSV UTF-8\xa0» dans Excel) ou indiquez son encodage (Windows\xa0: cp1252)"
    )
    failed = AuditEvent.objects.get(action="import.failed")
    assert failed.reason == job.error
    page = client.get(url("import_preview", token)).content.decode()
    assert "Le fichier events.csv ne peut pas être importé" in page
    assert escape(job.error) in page
    assert 'hx-trigger="every 1s"' not in page  # nothing left to wait for
    assert Interaction.objects.count() == 0


def test_a_new_mapping_drops_the_dry_run_made_with_the_old_one(client_as: ClientAs) -> None:
    client = client_as("marketing")
    token = start(client)
    client.get(url("import_preview", token))
    jobs.sweep(timezone.now())
    first = ImportJob.objects.get()
    client.post(url("import_mapping", token), MAPPING)
    assert not ImportJob.objects.filter(pk=first.pk).exists()
    assert AuditEvent.objects.filter(action="import.dry_run_dropped").count() == 1
    page = client.get(url("import_preview", token))
    assert next(t.name for t in page.templates) == "accounts/import/wait.html"
    assert ImportJob.objects.get().state == "queued"


def test_two_workers_never_share_a_job_and_a_dead_ones_job_is_taken_again(
    client_as: ClientAs,
) -> None:
    client = client_as("marketing")
    token = start(client)
    client.get(url("import_preview", token))
    now = timezone.now()
    first = jobs.claim(now)
    assert first is not None
    assert first.attempts == 1
    assert jobs.claim(now) is None  # the other worker finds nothing
    assert jobs.claim(now + jobs.LEASE - dt.timedelta(seconds=1)) is None
    again = jobs.claim(now + jobs.LEASE + dt.timedelta(seconds=1))  # the first one died
    assert again is not None
    assert (again.pk, again.attempts) == (first.pk, 2)
    jobs.run(again)
    assert ImportJob.objects.get().state == "done"
    assert load_pending(token, user_id=again.requested_by_id).preview is not None


def test_a_job_whose_worker_kept_dying_fails_instead_of_looping(client_as: ClientAs) -> None:
    client = client_as("marketing")
    token = start(client)
    client.get(url("import_preview", token))
    ImportJob.objects.update(attempts=jobs.MAX_ATTEMPTS)
    job = jobs.claim(timezone.now())
    assert job is not None
    jobs.run(job)
    job.refresh_from_db()
    assert (job.state, job.error) == ("failed", "the worker stopped during this run 3 times")
    assert "stopped during this run" in client.get(url("import_preview", token)).content.decode()


def test_a_file_gone_before_its_run_fails_and_says_to_upload_it_again(
    client_as: ClientAs, users: dict[str, object]
) -> None:
    client = client_as("marketing")
    token = start(client)
    client.get(url("import_preview", token))
    load_pending(token, user_id=users["marketing"].pk).discard_file()  # type: ignore[attr-defined]
    assert jobs.sweep(timezone.now()) == 1
    job = ImportJob.objects.get()
    assert (job.state, job.error) == (
        "failed",
        "the uploaded file is no longer available; upload it again",
    )


@pytest.mark.parametrize("role", ["sales_rep", "sales_manager", "leadership"])
def test_the_progress_is_refused_to_roles_that_cannot_import(
    client_as: ClientAs, role: str
) -> None:
    token = start(client_as("marketing"))
    client_as("marketing").get(url("import_preview", token))
    assert poll(client_as(role), token, "preview").status_code == 403  # type: ignore[attr-defined]


def test_another_users_progress_is_not_found(
    client_as: ClientAs, make_user: Callable[..., object]
) -> None:
    token = start(client_as("marketing"))
    client_as("marketing").get(url("import_preview", token))
    other = Client()
    other.force_login(make_user("marketing"))  # type: ignore[arg-type]
    assert poll(other, token, "preview").status_code == 404  # type: ignore[attr-defined]
    assert poll(client_as("marketing"), token, "nope").status_code == 404  # type: ignore[attr-defined]
    assert poll(client_as("marketing"), token, "import").status_code == 404  # type: ignore[attr-defined]


def test_a_small_file_stays_in_the_request(client_as: ClientAs, settings: object) -> None:
    settings.BATON_IMPORT_INLINE_BYTES = 5 * 1024 * 1024  # type: ignore[attr-defined]
    client = client_as("marketing")
    token = start(client)
    preview = client.get(url("import_preview", token))
    assert preview.context["summary"].created == 2
    client.post(url("import_run", token))
    assert Interaction.objects.count() == 3
    assert ImportJob.objects.count() == 0


def test_the_progress_file_is_written_at_most_twice_a_second(
    client_as: ClientAs, users: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    token = start(client_as("marketing"))
    pending = load_pending(token, user_id=users["marketing"].pk)  # type: ignore[attr-defined]
    clock = [100.0]
    monkeypatch.setattr(jobs.time, "monotonic", lambda: clock[0])
    progress = jobs._Progress(pending)
    progress.start(5000)
    assert pending.read_progress() == (0, 5000)
    progress.add(1)  # the first row: not worth a write
    progress.add(1999)
    assert pending.read_progress() == (0, 5000)
    clock[0] += jobs.PROGRESS_EVERY_S
    progress.add(2000)
    assert pending.read_progress() == (4000, 5000)


def test_pages_know_an_import_is_running_only_while_the_worker_runs_it(
    client_as: ClientAs, monkeypatch: pytest.MonkeyPatch
) -> None:
    from baton.core.busy import running_import

    client = client_as("marketing")
    token = start(client)
    client.get(url("import_preview", token))
    seen: list[object] = []
    real = jobs._run_import

    def spy(job: ImportJob, pending: object) -> object:
        seen.append(running_import())
        return real(job, pending)  # type: ignore[arg-type]

    monkeypatch.setattr(jobs, "_run_import", spy)
    assert running_import() is None  # queued: nothing holds the database yet
    assert jobs.sweep(timezone.now()) == 1
    assert len(seen) == 1
    during = seen[0]
    assert (during.filename, during.dry_run) == ("events.csv", True)  # type: ignore[attr-defined]
    assert during.requested_by.startswith("Marketing")  # type: ignore[attr-defined]
    assert running_import() is None  # gone with the run
