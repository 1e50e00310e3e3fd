"""The per-request reads in plain SQL behave as Django's: same session data, same user row
(every field converted as the ORM converts it), same refusals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from baton.users.fastload import SessionStore, UserBackend
from baton.users.models import User

pytestmark = pytest.mark.django_db


def test_session_loads_as_djangos() -> None:
    store = SessionStore()
    store["answer"] = {"n": 42, "s": "é"}
    store.create()
    key = store.session_key
    assert SessionStore(key).load() == DjangoStore(key).load() == {"answer": {"n": 42, "s": "é"}}
    assert SessionStore("no-such-session-key").load() == {}
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = SessionStore(key)
    assert expired.load() == {}
    assert expired.session_key is None  # as Django: an expired session is a new one


def test_user_row_is_the_orms(make_user: Callable[..., User]) -> None:
    user = make_user("sales_manager", language="fr", first_name="Inès", last_name="Garnier")
    user.last_login = timezone.now().replace(microsecond=123456)
    user.save()
    loaded = UserBackend().get_user(user.pk)
    fresh = User.objects.get(pk=user.pk)
    assert loaded is not None
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(fresh, field.attname), field.name
    assert isinstance(loaded.last_login, dt.datetime)
    assert loaded.last_login.tzinfo is not None
    assert loaded.display_name == "Inès Garnier"
    assert loaded._state.adding is False
    assert UserBackend().get_user(999999) is None
    assert UserBackend().get_user("not-a-number") is None
    user.is_active = False
    user.save()
    assert UserBackend().get_user(user.pk) is None


def test_signed_in_pages_and_sign_out(users: dict[str, User]) -> None:
    client = Client()
    client.force_login(users["marketing"])
    assert client.get("/me/").status_code == 200
    client.post("/logout/")
    assert client.get("/me/").status_code == 302  # the session is gone: back to sign-in


def test_display_names_match_the_model(make_user: Callable[..., User]) -> None:
    from baton.users.selectors import display_names

    named = make_user("marketing", first_name="Zoé", last_name="Arnaud", email="b@x.fr")
    bare = make_user("sales_rep", first_name="", last_name="", email="a@x.fr")
    assert display_names([named.pk, bare.pk, 999999]) == [
        (bare.pk, "a@x.fr"),
        (named.pk, "Zoé Arnaud"),
    ]
    assert [n for _pk, n in display_names([named.pk, bare.pk])] == [
        bare.display_name,
        named.display_name,
    ]
    assert display_names([named.pk, bare.pk], limit=1) == [(bare.pk, "a@x.fr")]
    assert display_names([]) == []
