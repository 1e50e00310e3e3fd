"""The cached site header: never another reader's CSRF token, name, role or badge; follows
the page, the language, a renamed user and the unread count."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from baton.notifications.models import Notification
from baton.users.models import User
from baton.web.templatetags.baton_web import CSRF_PLACEHOLDER

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _header(client: Client, path: str = "/handovers/") -> str:
    html = client.get(path).content.decode()
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def test_each_reader_gets_their_own_header_and_csrf_token(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    first, second = client_as("sales_rep"), client_as("admin")
    for _ in range(2):  # the second round is served from the cache
        one, two = _header(first), _header(second)
        assert users["sales_rep"].display_name in one
        assert users["admin"].display_name in two
        assert "/users/" not in one  # users admin: admins only
        assert 'href="/users/"' in two
        assert CSRF_PLACEHOLDER not in one + two
        tokens_one = TOKEN.findall(one)
        assert len(tokens_one) == 2  # language switch and sign-out forms
        # a posted form carries a token that passes the CSRF check of that reader's session
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(users["sales_rep"])
    token = TOKEN.findall(_header(csrf_client))[0]
    response = csrf_client.post("/me/language/", {"language": "fr", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_header_follows_page_name_language_and_unread_count(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    client = client_as("marketing")
    user = users["marketing"]
    board = _header(client, "/handovers/")
    assert 'href="/handovers/" class="is-active"' in board
    metrics = _header(client, "/metrics/")
    assert 'href="/metrics/" class="is-active"' in metrics
    assert 'href="/handovers/" class="is-active"' not in metrics
    assert 'value="/metrics/?period=2026-Q3"' in _header(client, "/metrics/?period=2026-Q3")

    assert '<span class="badge"' not in _header(client)
    Notification.objects.create(recipient=user, event="x", idempotency_key="k1", title="t")
    assert '<span class="badge" aria-label="1 unread notification">1</span>' in _header(client)

    user.first_name, user.last_name = "Renée", "Nouveau-Nom"
    user.save()
    assert "Renée Nouveau-Nom" in _header(client)

    user.language = "fr"
    user.save()
    french = _header(client)
    assert "Se déconnecter" in french
    assert 'aria-label="Navigation principale"' in french
