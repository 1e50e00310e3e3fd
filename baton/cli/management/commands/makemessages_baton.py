"""Refresh the French catalogue of every Baton app that has a ``locale/`` folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from baton.cli.locales import app_dirs


class Command(BaseCommand):
    help = "Run makemessages -l fr inside each Baton app (creating its locale/ folder)."

    def handle(self, *args: Any, **options: Any) -> None:
        cwd = Path.cwd()
        try:
            for app in app_dirs():
                (app / "locale").mkdir(exist_ok=True)
                os.chdir(app)
                call_command(
                    "makemessages",
                    locale=["fr"],
                    verbosity=0,
                    no_obsolete=True,
                    ignore_patterns=["migrations/*", "tests/*"],
                )
                self.stdout.write(f"updated {app.name}/locale/fr")
        finally:
            os.chdir(cwd)
