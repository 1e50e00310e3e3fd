"""The fast path of CSV rows accepts exactly what the schema accepts, with the same values.

Each row of the corpus goes through both doors: the fast reader and the importer's schema
path (the one every error message comes from). A row the schema rejects is never taken by
the fast path; a row the fast path takes has exactly the schema's values (raw JSON included).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.utils import translation

from baton.core.importing.mapping import plan_columns
from baton.core.importing.report import RowError
from baton.core.importing.runner import _row, run_import
from baton.engagement.importers import InteractionImporter
from baton.engagement.models import Interaction
from tests.engagement.conftest import account, contact

HEADER = [
    "external_id", "type", "occurred_at", "domain", "email", "page_url", "page_category",
    "asset", "campaign", "channel", "source", "asked_questions", "networked", "question",
]  # fmt: skip


def cells(**values: str) -> list[str]:
    base = {"external_id": "ev-1", "type": "web_visit", "occurred_at": "2026-03-02T10:00:00+00:00"}
    base |= {"domain": "acme.fr"}
    row = {**base, **values}
    return [row.get(name, "") for name in HEADER]


# Rows the fast path must take itself (and agree with the schema on).
FAST = {
    "iso_utc": cells(),
    "iso_z": cells(occurred_at="2026-03-02T10:00:00Z"),
    "iso_offset": cells(occurred_at="2026-03-02T10:00:00+02:00"),
    "iso_naive_workspace_zone": cells(occurred_at="2026-03-02 10:00"),
    "iso_date_only": cells(occurred_at="2026-03-02"),
    "french_date": cells(occurred_at="02/03/2026 10h00"),
    "french_date_seconds": cells(occurred_at="02/03/2026 10:00:30"),
    "email_only_upper": cells(domain="", email=" Claire@ACME.fr "),
    "domain_url": cells(domain="https://www.Acme.fr/tarifs?x=1"),
    "subdomain": cells(domain="eu.shop.acme.fr"),
    "free_mail": cells(domain="", email="claire@gmail.com"),
    "category_word": cells(page_category="Tarifs"),
    "category_case_studies": cells(page_category="études de cas"),
    "category_from_url": cells(page_url="https://www.baton.fr/etude-de-cas/acme"),
    "category_other": cells(page_url="https://www.baton.fr/"),
    "category_not_implied_for_email": cells(type="email_open", page_url="https://x.fr/tarifs"),
    "asset_lowered": cells(type="content_download", asset="Livre-Blanc-2026"),
    "booleans": cells(type="event_attended", asked_questions="oui", networked="X"),
    "booleans_false": cells(type="event_attended", asked_questions="Non", networked="0"),
    "quotes_and_accents": cells(type="form_fill", question='Quel "délai" ?\\ \u00a0ok'),
    "spaces_around": cells(external_id="  ev-9 ", campaign=" Salon 2026 ", channel=" web "),
    "source_given": cells(source="hubspot"),
    "longest_values": cells(
        external_id="e" * 200,
        campaign="c" * 200,
        channel="h" * 50,
        source="s" * 50,
        question="q" * 5000,
        asset="a" * 100,
        page_url="https://x.fr/" + "p" * 487,
    ),
}

# Rows the schema accepts by rewriting them; the fast path may leave them to it.
SCHEMA_ONLY = {
    "type_words": cells(type=" Web Visit "),
    "type_upper": cells(type="EMAIL_OPEN"),
    "short_row": cells()[:5],
}

# Rows the schema rejects: the fast path must never take them.
BAD = {
    "type_unknown": cells(type="visit"),
    "type_blank": cells(type=""),
    "date_impossible": cells(occurred_at="31/02/2026"),
    "date_words": cells(occurred_at="demain"),
    "date_iso_garbage": cells(occurred_at="2026-03-02Tnope"),
    "date_blank": cells(occurred_at=" "),
    "external_id_blank": cells(external_id="  "),
    "external_id_too_long": cells(external_id="e" * 201),
    "domain_invalid": cells(domain="not a domain"),
    "domain_too_long": cells(domain="a" * 251 + ".fr"),
    "email_no_domain": cells(domain="", email="claire@"),
    "email_formula": cells(domain="", email="=HYPERLINK(1)"),
    "email_too_long": cells(email="c" * 250 + "@acme.fr"),
    "email_two_at": cells(email="a@b@acme.fr"),
    "url_with_space": cells(page_url="https://x.fr/a b"),
    "url_too_long": cells(page_url="https://x.fr/" + "p" * 488),
    "category_unknown": cells(page_category="pricey"),
    "asset_too_long": cells(asset="a" * 101),
    "campaign_too_long": cells(campaign="c" * 201),
    "channel_too_long": cells(channel="h" * 51),
    "source_too_long": cells(source="s" * 51),
    "question_too_long": cells(question="q" * 5001),
    "boolean_unknown": cells(asked_questions="peut-être"),
    "nothing_to_match": cells(domain="", email=""),
    "too_many_values": [*cells(), "extra"],
}


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _both(row: list[str]) -> tuple[Any, Any]:
    importer = InteractionImporter()
    plan = plan_columns(HEADER, fields=importer.field_names(), required=importer.required)
    importer.plan = plan
    fast = importer.fast_reader(plan)(list(row))
    parsed = _row(2, list(row), plan)
    slow = parsed if isinstance(parsed, RowError) else importer.validate_row(parsed)
    return fast, slow


@pytest.mark.parametrize("name", list(FAST))
def test_the_fast_path_takes_the_row_with_the_schemas_values(name: str) -> None:
    fast, slow = _both(FAST[name])
    assert isinstance(slow, tuple)
    assert fast == slow
    assert fast[2].utcoffset() == slow[2].utcoffset()
    assert json.loads(fast[-1]) == json.loads(slow[-1])


@pytest.mark.parametrize("name", list(SCHEMA_ONLY))
def test_rows_the_schema_rewrites_are_left_to_it(name: str) -> None:
    fast, slow = _both(SCHEMA_ONLY[name])
    assert fast is None
    assert isinstance(slow, tuple)


@pytest.mark.parametrize("name", list(BAD))
def test_rows_the_schema_rejects_are_never_taken(name: str) -> None:
    fast, slow = _both(BAD[name])
    assert fast is None
    assert not isinstance(slow, tuple)


def test_raw_keeps_the_file_columns_in_order_as_typed() -> None:
    fast, _slow = _both(FAST["spaces_around"])
    assert fast is not None
    assert fast[-1] == (
        '{"external_id": "ev-9", "type": "web_visit", "occurred_at": '
        '"2026-03-02T10:00:00+00:00", "domain": "acme.fr", "campaign": "Salon 2026", '
        '"channel": "web"}'
    )


@pytest.mark.django_db
def test_a_whole_file_imports_the_same_with_and_without_the_fast_path(
    tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    acme = account("Acme", "acme.fr")
    contact(acme, "claire@acme.fr")
    account("Gmail lookalike", "shop.acme.fr")
    rows = [*FAST.values(), *SCHEMA_ONLY.values(), *BAD.values()]
    path = tmp_path / "corpus.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for i, row in enumerate(rows):
            external_id = f"ev-{i % 17}" if row[0] == "ev-1" else row[0]  # some repeats
            writer.writerow([external_id, *row[1:]])

    def run(fast: bool) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
        Interaction.objects.all().delete()
        with contextlib.ExitStack() as stack:
            stack.enter_context(mock.patch.object(InteractionImporter, "batch_size", 5))
            if not fast:
                stack.enter_context(
                    mock.patch.object(InteractionImporter, "fast_reader", return_value=None)
                )
            summary = run_import(InteractionImporter(), path)
        stored = list(
            Interaction.objects.order_by("external_id").values_list(
                "external_id", "type", "occurred_at", "account_id", "contact_id", "asset_id",
                "domain", "email", "page_url", "page_category", "asked_questions", "networked",
                "question", "channel", "campaign", "source", "raw",
            )
        )  # fmt: skip
        return summary.to_dict(), stored

    with django_capture_on_commit_callbacks(execute=False):
        fast_summary, fast_rows = run(fast=True)
        slow_summary, slow_rows = run(fast=False)
    assert fast_summary == slow_summary
    assert fast_rows == slow_rows
    assert fast_summary["rejected"] == len(BAD)
    assert fast_summary["created"] + fast_summary["unmatched"] == len(fast_rows)
    assert fast_summary["skipped_duplicates"] > 0
    assert isinstance(fast_rows[0][2], dt.datetime)
