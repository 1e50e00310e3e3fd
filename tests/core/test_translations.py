"""The French catalogues are complete: no untranslated or fuzzy entry, and .mo up to date."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from baton.cli.locales import app_locale_dirs

CATALOGUES = sorted(d / "fr" / "LC_MESSAGES" / "django.po" for d in app_locale_dirs())


def _entries(po: Path) -> list[dict[str, str | bool]]:
    """Minimal .po reader: msgid, msgid_plural, msgstr / msgstr[n], fuzzy flag."""
    entries: list[dict[str, str | bool]] = []
    current: dict[str, str | bool] = {}
    key = ""
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current:
                entries.append(current)
            current, key = {}, ""
        elif line.startswith("#,") and "fuzzy" in line:
            current["fuzzy"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] = str(current.get(key, "")) + line[1:-1]
        else:
            key, _, value = line.partition(" ")
            current[key] = value[1:-1]
    return entries


def test_every_app_with_strings_has_a_catalogue() -> None:
    assert CATALOGUES, "no French catalogue found"
    for po in CATALOGUES:
        assert po.exists(), po


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_complete(po: Path) -> None:
    problems = []
    for entry in _entries(po):
        msgid = entry.get("msgid", "")
        if msgid == "":  # the header
            continue
        if entry.get("fuzzy"):
            problems.append(f"fuzzy: {msgid!r}")
        translations = [v for k, v in entry.items() if str(k).startswith("msgstr")]
        if not translations or any(v == "" for v in translations):
            problems.append(f"untranslated: {msgid!r}")
    assert problems == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_compiled_catalogue_matches(po: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)], check=True)  # noqa: S603,S607
    assert po.with_suffix(".mo").read_bytes() == fresh.read_bytes(), f"run msgfmt for {po}"
