"""``baton serve``: gunicorn with WhiteNoise, the same server as production.

``--with-worker`` also runs ``baton worker`` beside it (when the worker exists), so that
deadlines and messages flow in the demo.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Baton with gunicorn (static files by WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--with-worker", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
        bind = f"{options['host']}:{options['port']}"
        worker: subprocess.Popen[bytes] | None = None
        if options["with_worker"] and "worker" in get_commands():
            baton = [sys.executable, "-m", "baton.cli.main", "worker"]
            worker = subprocess.Popen(baton, env=env)  # noqa: S603
            self.stdout.write("worker started (baton worker)")
        self.stdout.write(f"Baton is served on http://{bind}/  (Ctrl+C to stop)")
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "5",
        ]
        server = subprocess.Popen(cmd, env=env)  # noqa: S603
        try:
            server.wait()
        except KeyboardInterrupt:
            server.send_signal(signal.SIGTERM)
            server.wait()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait()
