"""The CSV door: ``baton import interactions FILE`` (same runner as the upload page)."""

from __future__ import annotations

import datetime as dt
import io
import json
import tracemalloc
from pathlib import Path
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from baton.core.importing.runner import run_import
from baton.engagement.importers import InteractionImporter
from baton.engagement.models import Interaction, MarketingAsset
from tests.engagement.conftest import HEADER, account, contact, snapshot

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")

GOOD = (
    HEADER + "\n"
    "ev-1,web_visit,2026-03-02T10:00:00+01:00,acme.fr,,https://www.baton.fr/tarifs,,,Printemps,web,hubspot\n"
    "ev-2,email_reply,02/03/2026 11:30,,claire@acme.fr,,,,Printemps,email,hubspot\n"
    "ev-3,email_open,03/03/2026,,anna@gmail.com,,,,,,\n"
    "ev-4,linkedin_interaction,2026-03-04 09:00,unknown.example,,,,,,linkedin,\n"
)


@pytest.fixture
def acme() -> Any:
    acc = account("Acme", "acme.fr", "acme.com")
    contact(acc, "claire@acme.fr")
    return acc


def test_import_counts_and_stores_every_field(acme: Any, write_csv: Any, import_json: Any) -> None:
    result = import_json(write_csv(GOOD))
    assert result == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "skipped_duplicates": 0,
        "unmatched": 2,
        "errors": [],
    }
    visit = Interaction.objects.get(external_id="ev-1")
    assert (visit.account_id, visit.type, visit.page_category, visit.campaign) == (
        acme.pk,
        "web_visit",
        "pricing",
        "Printemps",
    )
    assert (visit.channel, visit.source, visit.domain) == ("web", "hubspot", "acme.fr")
    assert visit.occurred_at == dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    assert visit.raw["page_url"] == "https://www.baton.fr/tarifs"
    reply = Interaction.objects.get(external_id="ev-2")
    assert reply.contact is not None
    assert reply.contact.email == "claire@acme.fr"
    assert reply.occurred_at == dt.datetime(2026, 3, 2, 11, 30, tzinfo=PARIS)
    personal = Interaction.objects.get(external_id="ev-3")
    assert (personal.account_id, personal.domain, personal.source) == (None, "gmail.com", "csv")


def test_replaying_the_same_file_three_times_stores_one_copy(
    acme: Any, write_csv: Any, import_json: Any
) -> None:
    path = write_csv(GOOD)
    first = import_json(path)
    before = snapshot()
    for _ in range(2):
        again = import_json(path)
        assert (again["created"], again["unmatched"], again["skipped_duplicates"]) == (0, 0, 4)
        assert snapshot() == before
    assert (first["created"], first["unmatched"]) == (2, 2)
    assert Interaction.objects.count() == 4


def test_duplicates_within_one_file_count_once(acme: Any, write_csv: Any, import_json: Any) -> None:
    rows = GOOD.splitlines()
    text = "\n".join([*rows, rows[1], rows[2], rows[1]]) + "\n"
    result = import_json(write_csv(text))
    assert (result["created"], result["unmatched"], result["skipped_duplicates"]) == (2, 2, 3)
    assert Interaction.objects.count() == 4


def test_duplicates_across_batches_of_one_file(acme: Any, write_csv: Any) -> None:
    lines = [HEADER] + [f"id-{i % 7},web_visit,2026-03-02,acme.fr,,,,,,," for i in range(30)]
    importer = InteractionImporter()
    with mock.patch.object(InteractionImporter, "batch_size", 4):
        summary = run_import(importer, write_csv("\n".join(lines) + "\n"))
    assert (summary.created, summary.extra["skipped_duplicates"]) == (7, 23)


def test_bom_semicolon_and_french_headers(acme: Any, write_csv: Any, import_json: Any) -> None:
    text = (
        "\ufeffID externe;Type;Date;Domaine;Courriel;Page;Catégorie;Contenu;Campagne;Canal;Source\n"
        "fr-1;web_visit;02/03/2026 14h05;acme.fr;;;tarifs;;Salon;web;csv\n"
        "fr-2;email_open;03/03/2026;;claire@acme.fr;;;;;;\n"
    )
    result = import_json(write_csv(text))
    assert (result["created"], result["rejected"]) == (2, 0)
    event = Interaction.objects.get(external_id="fr-1")
    assert event.occurred_at == dt.datetime(2026, 3, 2, 14, 5, tzinfo=PARIS)
    assert event.page_category == "pricing"


def test_mapping_of_other_headers_and_contact_email_alias(
    acme: Any, write_csv: Any, import_json: Any
) -> None:
    text = "Event,Kind,When,Who,Notes\nm-1,demo_request,2026-03-05 10:00,claire@acme.fr,hello\n"
    result = import_json(
        write_csv(text),
        "--map", "Event=external_id",
        "--map", "Kind=type",
        "--map", "When=occurred_at",
        "--map", "Who=email",
        "--map", "Notes=question",
    )  # fmt: skip
    assert result["created"] == 1
    assert Interaction.objects.get(external_id="m-1").question == "hello"
    alias = "external_id,type,occurred_at,contact_email\nm-2,meeting,2026-03-05,claire@acme.fr\n"
    assert import_json(write_csv(alias, "alias.csv"))["created"] == 1


def test_per_row_errors_and_only_valid_rows_stored(
    acme: Any, write_csv: Any, import_json: Any
) -> None:
    text = (
        HEADER + "\n"
        "ok-1,web_visit,2026-03-02,acme.fr,,,,,,,\n"
        "bad-1,visit,2026-03-02,acme.fr,,,,,,,\n"
        "bad-2,web_visit,31/02/2026,acme.fr,,,,,,,\n"
        ",web_visit,2026-03-02,acme.fr,,,,,,,\n"
        "bad-4,web_visit,2026-03-02,,,,,,,,\n"
        "bad-5,web_visit,2026-03-02,acme.fr,=cmd|' /C calc'!A0,,,,,,\n"
        "ok-2,email_open,2026-03-03,acme.com,,,,,,,\n"
    )
    result = import_json(write_csv(text))
    assert (result["created"], result["rejected"]) == (2, 5)
    assert [(e["line"], e["field"]) for e in result["errors"]] == [
        (3, "type"),
        (4, "occurred_at"),
        (5, "external_id"),
        (6, ""),
        (7, "email"),
    ]
    assert result["errors"][0]["reason"].startswith("must be one of web_visit, email_sent")
    assert result["errors"][2]["reason"] == "required, cannot be empty"
    assert set(Interaction.objects.values_list("external_id", flat=True)) == {"ok-1", "ok-2"}


def test_formula_looking_cells_are_stored_as_text(
    acme: Any, write_csv: Any, import_json: Any
) -> None:
    text = HEADER + '\nf-1,web_visit,2026-03-02,acme.fr,,,,,"=HYPERLINK(""http://x"")",+cmd,@sum\n'
    assert import_json(write_csv(text))["created"] == 1
    event = Interaction.objects.get(external_id="f-1")
    assert (event.campaign, event.channel, event.source) == (
        '=HYPERLINK("http://x")',
        "+cmd",
        "@sum",
    )


def test_unknown_asset_keeps_the_event_and_warns(
    acme: Any, write_csv: Any, import_json: Any
) -> None:
    MarketingAsset.objects.create(name="Livre blanc", slug="livre-blanc", kind="white_paper")
    text = (
        HEADER + "\n"
        "a-1,content_download,2026-03-02,acme.fr,,,,livre-blanc,,,\n"
        "a-2,content_download,2026-03-02,acme.fr,,,,nope,,,\n"
    )
    result = import_json(write_csv(text))
    assert (result["created"], result["rejected"]) == (2, 0)
    assert result["errors"] == [
        {
            "line": 3,
            "field": "asset",
            "reason": "unknown asset nope: the event is kept without an asset",
        }
    ]
    assert Interaction.objects.get(external_id="a-1").asset.slug == "livre-blanc"
    assert Interaction.objects.get(external_id="a-2").asset is None


def test_dry_run_writes_nothing_and_says_what_would_happen(
    acme: Any, write_csv: Any, import_json: Any
) -> None:
    result = import_json(write_csv(GOOD), "--dry-run")
    assert (result["created"], result["unmatched"]) == (2, 2)
    assert Interaction.objects.count() == 0


def test_human_summary(acme: Any, write_csv: Any) -> None:
    out = io.StringIO()
    call_command("import", "interactions", str(write_csv(GOOD)), "--no-progress", stdout=out)
    assert out.getvalue().splitlines() == [
        "interactions: 2 created, 0 updated, 0 unchanged, 0 rejected, "
        "0 skipped_duplicates, 2 unmatched"
    ]


def test_matched_accounts_are_requalified_once_after_commit(
    acme: Any, write_csv: Any, import_json: Any
) -> None:
    other = account("Bolt", "bolt.io")
    text = GOOD + "ev-5,meeting,2026-03-05,bolt.io,,,,,,,\n"
    with mock.patch("baton.qualification.services.qualify_accounts") as qualify:
        import_json(write_csv(text))
        import_json(write_csv(text, "again.csv"))  # nothing new: no accounts to judge
        import_json(write_csv(GOOD.replace("ev-", "dry-"), "dry.csv"), "--dry-run")
    assert qualify.call_count == 1
    assert qualify.call_args.args[0] == sorted([acme.pk, other.pk])


# ---------------------------------------------------------------------------------------------
# Bad files: a clear error, nothing written


BAD_FILES: list[tuple[str, bytes, str]] = [
    ("empty.csv", b"", "the file is empty"),
    ("header-only.csv", (HEADER + "\n").encode(), "the file has a header line but no data rows"),
    (
        "latin1.csv",
        (HEADER + "\nx,web_visit,2026-03-02,acme.fr,,,,,Été,,\n").encode("cp1252"),
        "the file is not UTF-8 (byte 0xC9 at line 2)",
    ),
    (
        "no-type.csv",
        b"external_id,occurred_at,domain\nx,2026-03-02,acme.fr\n",
        "missing required column: type",
    ),
    ("events.xls", b"\xd0\xcf\x11\xe0", "old .xls workbooks are not read"),
]


@pytest.mark.parametrize(("name", "content", "reason"), BAD_FILES)
def test_bad_files_are_refused_whole(
    acme: Any, tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    Interaction.objects.create(
        external_id="kept", type="web_visit", occurred_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    before = snapshot()
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError) as caught:
        call_command("import", "interactions", str(path), "--json")
    assert caught.value.returncode == 2
    assert reason in str(caught.value)
    assert snapshot() == before


def test_fixture_corpus_on_disk(acme: Any, import_json: Any) -> None:
    corpus = Path(__file__).resolve().parents[1] / "fixtures" / "imports" / "interactions"
    result = import_json(corpus / "mixed-errors.csv")
    assert (result["created"], result["unmatched"], result["rejected"]) == (2, 1, 4)
    assert [e["line"] for e in result["errors"]] == [3, 4, 5, 6]


def test_a_50_mb_file_is_streamed_in_bounded_memory(
    acme: Any, tmp_path: Path, import_json: Any
) -> None:
    path = tmp_path / "big.csv"
    question = "Pourquoi ? " * 200  # ~2 KB per row
    rows = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("external_id,type,occurred_at,domain,question\n")
        while out.tell() < 50 * 1024 * 1024:
            out.write(f"big-{rows},form_fill,2026-03-02 10:00,acme.fr,{question}\n")
            rows += 1
    tracemalloc.start()
    try:
        result = import_json(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result["created"] == rows
    assert Interaction.objects.count() == rows
    assert peak < 40 * 1024 * 1024  # a few batches, never the 50 MB file


def test_json_is_one_object(acme: Any, write_csv: Any) -> None:
    out = io.StringIO()
    call_command("import", "interactions", str(write_csv(GOOD)), "--json", stdout=out)
    assert json.loads(out.getvalue())["created"] == 2
