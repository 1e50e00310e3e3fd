"""422 reasons in the reader's language: pydantic's English for English readers, our French
wording (with pydantic's limits) for French ones; unknown types keep pydantic's message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from baton.core.validation_messages import reason
from baton.users.models import User
from baton.users.services import token_create


@pytest.mark.parametrize(
    ("error", "french"),
    [
        ({"type": "missing", "msg": "Field required"}, "ce champ est obligatoire"),
        ({"type": "string_too_short", "msg": "String should have at least 1 character",
          "ctx": {"min_length": 1}}, "doit comporter au moins 1 caractère"),
        ({"type": "string_too_long", "msg": "String should have at most 100 characters",
          "ctx": {"max_length": 100}}, "doit comporter au plus 100 caractères"),
        ({"type": "too_long", "msg": "List should have at most 1000 items after validation",
          "ctx": {"max_length": 1000}}, "doit comporter au plus 1000 éléments"),
        ({"type": "greater_than_equal", "msg": "Input should be greater than or equal to 0",
          "ctx": {"ge": 0}}, "doit être supérieur ou égal à 0"),
        ({"type": "date_from_datetime_parsing", "msg": "Input should be a valid date"},
         "doit être une date comme 2026-09-30"),
        ({"type": "literal_error", "msg": "Input should be 'done' or 'dropped'",
          "ctx": {"expected": "'done' or 'dropped'"}}, "doit valoir 'done' ou 'dropped'"),
        ({"type": "value_error", "msg": "Value error, 'pas' n'est pas un domaine web"},
         "'pas' n'est pas un domaine web"),
        ({"type": "some_new_type", "msg": "Something pydantic says"}, "Something pydantic says"),
    ],
)  # fmt: skip
def test_french_reasons(error: dict[str, Any], french: str) -> None:
    with translation.override("fr"):
        assert reason(error) == french
    with translation.override("en"):
        assert reason(error) == error["msg"].removeprefix("Value error, ")


@pytest.mark.django_db
def test_a_french_token_gets_french_422_reasons(make_user: Callable[..., User]) -> None:
    user = make_user("marketing", language="fr")
    _, raw = token_create(user=user, name="fr")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    response = client.post(
        "/api/v1/accounts",
        {"name": "", "employees": -3, "domains": []},
        content_type="application/json",
    )
    assert response.status_code == 422
    reasons = {e["field"]: e["reason"] for e in response.json()["errors"]}
    assert reasons["name"] == "doit comporter au moins 1 caractère"
    assert reasons["employees"] == "doit être supérieur ou égal à 0"
    english = make_user("marketing", language="en")
    _, raw = token_create(user=english, name="en")
    response = Client(headers={"Authorization": f"Bearer {raw}"}).post(
        "/api/v1/accounts", {"name": ""}, content_type="application/json"
    )
    assert {e["field"]: e["reason"] for e in response.json()["errors"]}["name"] == (
        "String should have at least 1 character"
    )
