"""``baton metrics``: JSON for a period, as of a day, by segment; errors."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> Any:
    out = StringIO()
    call_command("metrics", *args, stdout=out)
    return out.getvalue()


def test_json_for_a_quarter_as_of_a_day(workspace: dict[str, Any]) -> None:
    data = json.loads(run("--json", "--period", "2026-Q3", "--as-of", "2026-09-30",
                          "--language", "en"))  # fmt: skip
    assert data["as_of"] == "2026-09-30"
    assert list(data["metrics"]) == [
        "engaged_accounts",
        "account_to_opportunity",
        "pipeline_velocity",
        "marketing_influence",
        "roi_per_account",
    ]
    assert data["metrics"]["engaged_accounts"]["value"] == "2"
    assert data["metrics"]["account_to_opportunity"]["value"] == "60"
    assert data["metrics"]["pipeline_velocity"]["value"] == "979.59"
    assert data["funnel"] == {"targets": 5, "engaged": 2, "opportunity": 2, "won": 2}
    assert data["summary"].startswith("Q3 2026: 5 accounts targeted, 2 engaged")


def test_json_by_segment(workspace: dict[str, Any]) -> None:
    data = json.loads(run("--json", "--period", "2026-Q3", "--as-of", "2026-09-30",
                          "--segment", "industry"))  # fmt: skip
    by = data["metrics"]["engaged_accounts"]["by_segment"]
    assert {k: v["value"] for k, v in by.items()} == {"Industrie": "1", "Santé": "0", "Tech": "1"}


def test_bad_input() -> None:
    with pytest.raises(CommandError, match="not a valid period"):
        run("--period", "2026-Q9", "--language", "en")
    with pytest.raises(CommandError, match="unknown segment colour"):
        run("--segment", "colour", "--language", "en")
    with pytest.raises(CommandError, match="unknown metric: nope"):
        run("--metric", "nope", "--language", "en")
