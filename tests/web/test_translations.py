"""The French catalogue of the web app is complete, not fuzzy, and compiled."""

import gettext
import re
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "baton" / "web"


def _entries(po: str) -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstrs, fuzzy) for each entry but the header."""
    entries = []
    for block in po.strip().split("\n\n")[1:]:
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block.splitlines())
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r"^(msgid_plural|msgid|msgstr(?:\[\d\])?) (\".*\")$", line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)[1:-1]
            else:
                fields[key] += line[1:-1]
        strs = [v for k, v in fields.items() if k.startswith("msgstr")]
        entries.append((fields["msgid"], strs, fuzzy))
    return entries


def assert_catalogue_complete(folder: Path) -> None:
    po = (folder / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in po
    entries = _entries(po)
    assert entries
    untranslated = [msgid for msgid, strs, _f in entries if not all(strs)]
    assert untranslated == []
    with (folder / "django.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    compiled_ids = {k if isinstance(k, str) else k[0] for k in compiled._catalog if k}
    po_ids = {
        msgid.encode().decode("unicode_escape").encode("latin-1").decode() for msgid, *_ in entries
    }
    assert po_ids == compiled_ids, "django.mo is stale: run msgfmt -o django.mo django.po"


def test_web_catalogue_is_complete() -> None:
    assert_catalogue_complete(WEB / "locale" / "fr" / "LC_MESSAGES")
