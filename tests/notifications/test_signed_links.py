"""One-click links: signed, bound to the recipient, expiring, single use, self-explaining."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from baton.notifications.signed_links import make_link, register_link_action

pytestmark = pytest.mark.django_db

DONE: list[tuple[int, str]] = []


def _accept(user: Any, target_id: str) -> str:
    DONE.append((user.pk, target_id))
    return f"/handovers/{target_id}/"


register_link_action("test.accept", label="Accept the handover", handler=_accept)


@pytest.fixture(autouse=True)
def _reset() -> None:
    DONE.clear()


def _path(url: str) -> str:
    assert url.startswith("http://testserver/notifications/l/")
    return url.removeprefix("http://testserver")


def test_link_confirms_then_acts_once_without_login(client: Any, users: dict[str, Any]) -> None:
    rep = users["sales_rep"]
    path = _path(make_link(user=rep, action="test.accept", target_id=12))
    page = client.get(path)
    assert page.status_code == 200
    assert "Accept the handover" in page.content.decode()
    assert DONE == []  # opening (or a mail scanner prefetching) changes nothing
    response = client.post(path)
    assert (response.status_code, response["Location"]) == (302, "/handovers/12/")
    assert [(rep.pk, "12")] == DONE

    used = client.post(path)
    assert used.status_code == 410
    assert "This link has already been used" in used.content.decode()
    assert 'href="/login/"' in used.content.decode()
    assert [(rep.pk, "12")] == DONE


def test_expired_link_explains_itself(client: Any, users: dict[str, Any]) -> None:
    path = _path(
        make_link(
            user=users["sales_rep"], action="test.accept", target_id=1, ttl=timedelta(hours=1)
        )
    )
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        response = client.get(path)
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
        assert client.post(path).status_code == 410
    assert DONE == []


def test_link_is_bound_to_its_recipient(client_as: Any, users: dict[str, Any]) -> None:
    path = _path(make_link(user=users["sales_rep"], action="test.accept", target_id=1))
    response = client_as("marketing").post(path)
    assert response.status_code == 400
    assert "This link was sent to someone else" in response.content.decode()
    assert DONE == []


def test_tampered_link_is_invalid(client: Any, users: dict[str, Any]) -> None:
    path = _path(make_link(user=users["sales_rep"], action="test.accept", target_id=1))
    response = client.get(path[:-3] + "abc/")
    assert response.status_code == 400
    # Nobody is known from a broken link: the default language (French) explains it.
    assert "Ce lien n'est pas valide" in response.content.decode()


def test_unknown_action_cannot_be_linked(users: dict[str, Any]) -> None:
    with pytest.raises(LookupError, match="unknown link action 'nope'"):
        make_link(user=users["sales_rep"], action="nope", target_id=1)
