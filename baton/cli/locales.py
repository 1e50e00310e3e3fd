"""Where the translation catalogues live: one ``locale/`` folder per app."""

from __future__ import annotations

from pathlib import Path

BATON_DIR = Path(__file__).resolve().parent.parent


def app_dirs() -> list[Path]:
    return sorted(p.parent for p in BATON_DIR.glob("*/apps.py"))


def app_locale_dirs() -> list[Path]:
    return [d / "locale" for d in app_dirs() if (d / "locale").is_dir()]
