"""A write that finds the database locked (SQLite while a big import is stored; PostgreSQL
with an administrator's lock_timeout) is a 503 that says nothing was saved and which import
holds the lock, with ``Retry-After``, in the reader's language, on the web and on the API."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baton.accounts.models import Account, Pain
from baton.core.busy import announced, is_busy, running_import
from baton.core.models import ImportJob, ImportJobState
from baton.users.models import ApiToken
from baton.web.middleware import BusyDatabaseMiddleware

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's one-writer lock")


@contextmanager
def write_lock_held() -> Iterator[None]:
    """Another connection holds SQLite's write lock (as an import does); this test's
    connection waits 50 ms for it instead of the 10 s of production."""
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 50")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 10000")


@pytest.fixture
def scene(make_user: Callable[..., Any], settings: Any, tmp_path: Any) -> Iterator[dict[str, Any]]:
    """Julie's big upload is being run by the worker (its marker file is written)."""
    settings.MEDIA_ROOT = tmp_path
    julie = make_user("marketing", first_name="Julie", last_name="Martin")
    camille = make_user("marketing", first_name="Camille", last_name="Roux", language="fr")
    account = Account.objects.create(name="Acme Industries")
    job = ImportJob.objects.create(
        token="t" * 32, dry_run=False, kind="interactions", filename="hubspot-2026.csv",
        requested_by=julie, state=ImportJobState.RUNNING,
        claimed_until=timezone.now() + dt.timedelta(hours=1),
    )  # fmt: skip
    with announced(job):
        yield {"julie": julie, "camille": camille, "account": account, "job": job}
    assert running_import() is None  # the marker goes with the run


def _post_pain(client: Client, account: Account, text: str, **headers: str) -> Any:
    return client.post(
        reverse("accounts:pain_add", args=[account.pk]),
        {"pain-description": text, "pain-origin": "expressed", "pain-source": ""},
        headers=headers,
    )


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_locked_write_is_a_503_page_that_names_the_import_and_saves_nothing(
    scene: dict[str, Any],
) -> None:
    client = Client()
    client.force_login(scene["julie"])
    with write_lock_held():
        response = _post_pain(client, scene["account"], "Pas de vision du pipeline")
    html = response.content.decode()

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "<h1>Baton is busy: nothing was saved</h1>" in html
    assert (
        "The import of “hubspot-2026.csv”, started by Julie Martin, is being stored and holds "
        "the database for a few seconds more." in html
    )
    assert "Go back and send it again in 5 seconds: your browser keeps what you typed." in html
    assert Pain.objects.count() == 0

    again = _post_pain(client, scene["account"], "Pas de vision du pipeline")
    assert again.status_code == 302
    assert list(Pain.objects.values_list("description", flat=True)) == ["Pas de vision du pipeline"]


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_in_french_and_for_htmx_the_form_keeps_the_entry(
    scene: dict[str, Any], tmp_path: Any
) -> None:
    client = Client()
    client.force_login(scene["camille"])
    for marker in (tmp_path / "imports" / "running").iterdir():  # no import running now
        marker.unlink()
    with write_lock_held():
        response = _post_pain(client, scene["account"], "Silos", HX_Request="true")
    html = response.content.decode()

    assert response.status_code == 503
    assert "<h1>Baton est occupé : rien n\u2019a été enregistré</h1>" in html
    assert (
        "Une autre écriture est en cours d\u2019enregistrement et occupe la base de données "
        "encore quelques secondes." in html
    )
    assert "Votre saisie est toujours dans le formulaire : renvoyez-la dans 5 secondes." in html
    assert "Retour à l'accueil" not in html
    assert "Retour à l&#x27;accueil" not in html
    assert Pain.objects.count() == 0


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_the_api_answers_503_json_with_retry_after(
    scene: dict[str, Any], api_as: Callable[[str | None], Client]
) -> None:
    api = api_as("marketing")
    with write_lock_held():
        read = api.get(f"/api/v1/accounts/{scene['account'].pk}")
        response = api.post(
            f"/api/v1/accounts/{scene['account'].pk}/pains",
            {"description": "Silos", "origin": "detected", "source": ""},
            content_type="application/json",
        )

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "errors": [
            {
                "field": None,
                "reason": "the database is busy storing another write (a large import): "
                "nothing was saved; send the request again in 5 seconds",
            }
        ]
    }
    assert Pain.objects.count() == 0
    # A read never waits for the token's "last used" stamp: skipped while the lock is taken.
    assert read.status_code == 200
    assert read.json()["name"] == "Acme Industries"
    assert ApiToken.objects.get().last_used_at is None
    assert api.get(f"/api/v1/accounts/{scene['account'].pk}").status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's lock_timeout")
@pytest.mark.django_db(transaction=True)
def test_postgresql_lock_not_available_is_busy(scene: dict[str, Any]) -> None:
    import psycopg

    settings = connection.settings_dict
    other = psycopg.connect(
        host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
        password=settings["PASSWORD"] or None, dbname=settings["NAME"],
    )  # fmt: skip
    try:
        other.execute(
            "SELECT id FROM accounts_account WHERE id = %s FOR UPDATE", [scene["account"].pk]
        )
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '50ms'")
            with pytest.raises(OperationalError) as caught:
                cursor.execute(
                    "UPDATE accounts_account SET name = 'x' WHERE id = %s", [scene["account"].pk]
                )
            cursor.execute("SET lock_timeout = 0")
    finally:
        other.rollback()
        other.close()
    assert is_busy(caught.value)
    assert Account.objects.get().name == "Acme Industries"


def test_other_database_errors_stay_server_errors() -> None:
    middleware = BusyDatabaseMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    assert not is_busy(OperationalError("no such table: accounts_account"))
    assert not is_busy(ValueError("database is locked"))
    assert is_busy(OperationalError("database is locked"))
    assert middleware.process_exception(None, OperationalError("disk I/O error")) is None  # type: ignore[arg-type]


@pytest.mark.django_db
def test_pages_say_an_import_is_running_before_anyone_waits(
    scene: dict[str, Any], client_as: Callable[[str | None], Client]
) -> None:
    client = Client()
    client.force_login(scene["camille"])
    html = client.get(reverse("accounts:list")).content.decode()
    notice = (
        "Un import (« hubspot-2026.csv », lancé par Julie Martin) est en cours "
        "d\u2019enregistrement : un enregistrement peut attendre quelques secondes."
    )
    if connection.vendor == "sqlite":
        assert notice in html
    else:  # PostgreSQL has no single write lock: nothing to say
        assert 'id="import-running"' not in html
    # Visitors who are not signed in are told nothing.
    login_page = client_as(None).get(reverse("login")).content.decode()
    assert "Julie Martin" not in login_page
    assert 'id="import-running"' not in login_page
    # A run whose worker died (its lease passed) holds nothing: no notice, no name.
    job = scene["job"]
    job.claimed_until = timezone.now() - dt.timedelta(minutes=1)
    with announced(job):
        assert running_import() is None
        html = client.get(reverse("accounts:list")).content.decode()
    assert 'id="import-running"' not in html
