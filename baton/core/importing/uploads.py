"""Files uploaded on the import page, kept between the mapping, preview and import steps.

Each upload lives in ``MEDIA_ROOT/imports/`` under a random token, with a JSON sidecar that
names its owner, kind, encoding, headers, mapping, and the preview and final summaries. Only
its owner may use it. The data file is deleted once imported; uploads older than a day are
purged when a new one arrives.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from baton.core.errors import NotFoundError
from baton.core.importing.readers import open_table

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MAX_AGE_SECONDS = 24 * 3600


def imports_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


@dataclass
class PendingImport:
    token: str
    user_id: int | None
    kind: str
    filename: str
    suffix: str
    encoding: str
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] | None = None
    preview: dict[str, Any] | None = None
    result: dict[str, Any] | None = None
    created: float = field(default_factory=time.time)

    @property
    def path(self) -> Path:
        return imports_dir() / f"{self.token}{self.suffix}"

    @property
    def meta_path(self) -> Path:
        return imports_dir() / f"{self.token}.json"

    @property
    def progress_path(self) -> Path:
        return imports_dir() / f"{self.token}.progress"

    def save(self) -> None:
        write_atomically(self.meta_path, json.dumps(asdict(self)))

    def record_run(self, summary: dict[str, Any], *, dry_run: bool) -> None:
        """Keep the summary of a run: a dry run's as the preview; an import's as the result,
        and the data file goes (whether the page or the worker ran it)."""
        if dry_run:
            self.preview = summary
        else:
            self.result = summary
            self.discard_file()
        self.save()

    def write_progress(self, rows: int, estimated: int | None) -> None:
        """Rows read so far by the worker's run (a file: the run's transaction hides its rows
        from the page until it commits)."""
        write_atomically(self.progress_path, json.dumps({"rows": rows, "estimated": estimated}))

    def read_progress(self) -> tuple[int, int | None]:
        """``(rows read, estimated rows)`` of the run in progress; ``(0, None)`` before it."""
        try:
            data = json.loads(self.progress_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return 0, None
        return int(data.get("rows") or 0), data.get("estimated")

    def reload(self) -> PendingImport:
        """The sidecar as it is now on disk (another process may have changed it)."""
        return PendingImport(**json.loads(self.meta_path.read_text(encoding="utf-8")))

    def discard_file(self) -> None:
        self.path.unlink(missing_ok=True)

    def delete(self) -> None:
        self.discard_file()
        self.meta_path.unlink(missing_ok=True)
        self.progress_path.unlink(missing_ok=True)


def write_atomically(path: Path, text: str) -> None:
    """Readers (the page, another process) see the old content or the new, never half."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def purge_old(now: float | None = None) -> None:
    folder = imports_dir()
    if not folder.is_dir():
        return
    limit = (now or time.time()) - MAX_AGE_SECONDS
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def save_upload(
    *, user_id: int | None, kind: str, upload: UploadedFile[bytes], encoding: str
) -> PendingImport:
    """Store ``upload`` and read its header. ``ImportFileError`` (file removed) if unusable."""
    purge_old()
    imports_dir().mkdir(parents=True, exist_ok=True)
    name = Path(upload.name or "upload.csv").name
    pending = PendingImport(
        token=secrets.token_urlsafe(18),
        user_id=user_id,
        kind=kind,
        filename=name,
        suffix=Path(name).suffix.lower(),
        encoding=encoding,
    )
    with pending.path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    try:
        with open_table(pending.path, encoding=encoding) as table:
            pending.headers = table.headers
    except Exception:
        pending.discard_file()
        raise
    pending.save()
    return pending


def load_pending(token: str, *, user_id: int | None) -> PendingImport:
    """The upload ``token`` of this user; ``NotFoundError`` otherwise (also for others')."""
    meta = imports_dir() / f"{token}.json"
    if not TOKEN_RE.match(token) or not meta.is_file():
        raise NotFoundError("no such import")
    pending = PendingImport(**json.loads(meta.read_text(encoding="utf-8")))
    if user_id is None or pending.user_id != user_id:
        raise NotFoundError("no such import")
    return pending
