"""The French catalogue of the users app is complete, not fuzzy, and compiled."""

from pathlib import Path

from tests.web.test_translations import assert_catalogue_complete

USERS = Path(__file__).resolve().parents[2] / "baton" / "users"


def test_users_catalogue_is_complete() -> None:
    assert_catalogue_complete(USERS / "locale" / "fr" / "LC_MESSAGES")
