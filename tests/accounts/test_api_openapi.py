"""The OpenAPI schema lists every accounts operation completely; the docs page loads nothing
from another host."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

OPERATIONS: dict[str, set[str]] = {
    "/api/v1/accounts": {"get", "post"},
    "/api/v1/accounts/{account_id}": {"get", "patch"},
    "/api/v1/accounts/{account_id}/contacts": {"get", "post"},
    "/api/v1/contacts": {"get"},
    "/api/v1/contacts/{contact_id}": {"get", "patch", "delete"},
    "/api/v1/accounts/{account_id}/signals": {"get", "post"},
    "/api/v1/signals/{signal_id}": {"get", "patch", "delete"},
    "/api/v1/accounts/{account_id}/context": {"get", "patch"},
    "/api/v1/accounts/{account_id}/pains": {"post"},
    "/api/v1/pains/{pain_id}": {"delete"},
    "/api/v1/accounts/{account_id}/projects": {"post"},
    "/api/v1/projects/{project_id}": {"delete"},
    "/api/v1/accounts/{account_id}/dossier": {"get"},
}
ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}


@pytest.fixture(scope="module")
def schema(django_db_blocker: Any) -> dict[str, Any]:
    with django_db_blocker.unblock():
        response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, schema["paths"][path][method])
        for path, methods in OPERATIONS.items()
        for method in sorted(methods)
    ]


def test_every_accounts_path_and_method_is_listed(schema: dict[str, Any]) -> None:
    listed = {path: set(schema["paths"].get(path, {})) for path in OPERATIONS}

    assert listed == OPERATIONS


def test_security_schemes(schema: dict[str, Any]) -> None:
    assert schema["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"},
        "SessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
    }


def test_each_operation_is_documented_and_secured(schema: dict[str, Any]) -> None:
    for path, method, operation in _operations(schema):
        where = f"{method.upper()} {path}"
        assert operation["security"] == [{"TokenAuth": []}, {"SessionAuth": []}], where
        assert operation["summary"], where
        assert len(operation["description"]) > 20, where
        assert operation["tags"], where


def test_each_operation_declares_its_errors(schema: dict[str, Any]) -> None:
    for path, method, operation in _operations(schema):
        where = f"{method.upper()} {path}"
        responses = operation["responses"]
        expected = {"401", "403", "422"}
        if "{" in path:
            expected.add("404")
        assert expected <= set(responses), where
        for code in expected:
            body = responses[code]["content"]["application/json"]["schema"]
            assert body == ERROR_REF, (where, code)
            assert responses[code]["description"] != "Unknown Status Code", (where, code)


@pytest.mark.parametrize(
    ("path", "method", "status", "ref"),
    [
        ("/api/v1/accounts", "get", "200", "AccountPageOut"),
        ("/api/v1/accounts", "post", "201", "AccountOut"),
        ("/api/v1/accounts/{account_id}", "patch", "200", "AccountOut"),
        ("/api/v1/accounts/{account_id}/contacts", "post", "201", "ContactOut"),
        ("/api/v1/contacts", "get", "200", "ContactListOut"),
        ("/api/v1/signals/{signal_id}", "patch", "200", "SignalOut"),
        ("/api/v1/accounts/{account_id}/context", "get", "200", "ContextDetailOut"),
        ("/api/v1/accounts/{account_id}/pains", "post", "201", "PainOut"),
        ("/api/v1/accounts/{account_id}/projects", "post", "201", "ProjectOut"),
        ("/api/v1/accounts/{account_id}/dossier", "get", "200", "DossierOut"),
    ],
)
def test_success_response_schemas(
    schema: dict[str, Any], path: str, method: str, status: str, ref: str
) -> None:
    content = schema["paths"][path][method]["responses"][status]["content"]
    assert content["application/json"]["schema"] == {"$ref": f"#/components/schemas/{ref}"}


@pytest.mark.parametrize(
    "path",
    ["/api/v1/contacts/{contact_id}", "/api/v1/signals/{signal_id}", "/api/v1/pains/{pain_id}"],
)
def test_deletes_answer_204_without_a_body(schema: dict[str, Any], path: str) -> None:
    assert schema["paths"][path]["delete"]["responses"]["204"] == {"description": "No Content"}


def test_request_bodies_are_the_input_schemas(schema: dict[str, Any]) -> None:
    def body(path: str, method: str) -> Any:
        operation = schema["paths"][path][method]
        return operation["requestBody"]["content"]["application/json"]["schema"]

    assert body("/api/v1/accounts", "post") == {"$ref": "#/components/schemas/AccountCreate"}
    assert body("/api/v1/accounts/{account_id}", "patch") == {
        "$ref": "#/components/schemas/AccountUpdate"
    }
    account_create = schema["components"]["schemas"]["AccountCreate"]
    assert account_create["required"] == ["name"]
    assert account_create["additionalProperties"] is False


def test_money_is_a_decimal_string_with_a_currency(schema: dict[str, Any]) -> None:
    money = schema["components"]["schemas"]["MoneyOut"]
    assert money["properties"] == {
        "amount": {"title": "Amount", "type": "string"},
        "currency": {"title": "Currency", "type": "string"},
    }


def test_list_parameters(schema: dict[str, Any]) -> None:
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/accounts"]["get"]["parameters"]}

    assert list(parameters) == [
        "limit",
        "offset",
        "q",
        "tier",
        "industry",
        "level",
        "owner",
        "territory",
        "is_target",
        "status",
        "sort",
    ]
    assert parameters["limit"]["schema"]["maximum"] == 200
    assert parameters["limit"]["schema"]["default"] == 50
    assert parameters["sort"]["schema"]["enum"][:2] == ["name", "-name"]


def test_docs_page_loads_nothing_from_another_host(db: None) -> None:
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in assets
    assert "/static/ninja/swagger-ui.css" in assets
    assert all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    assert "cdn" not in html.lower()
    assert '"validatorUrl": null' in html
    assert '"url": "/api/v1/openapi.json"' in html
    for asset in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        assert finders.find(f"ninja/{asset}") is not None, asset
