"""Worker entry point of the core app: big uploads' dry runs and imports
(``baton.core.importing.jobs``)."""

from __future__ import annotations

from baton.core import worker
from baton.core.importing import jobs

worker.register("imports.run", jobs.sweep)
