"""Compile the French catalogues of every Baton app (skips quietly without GNU gettext)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from baton.cli.locales import app_locale_dirs


class Command(BaseCommand):
    help = "Compile the .po catalogues of Baton's apps into .mo files."

    def handle(self, *args: Any, **options: Any) -> None:
        if shutil.which("msgfmt") is None:
            self.stderr.write("msgfmt not found: using the committed .mo files.")
            return
        for locale_dir in app_locale_dirs():
            _compile(locale_dir)


def _compile(locale_dir: Path) -> None:
    for po in locale_dir.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)  # noqa: S603,S607
