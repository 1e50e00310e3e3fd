"""The app shell (base.html), the home redirect, /healthz and the error pages."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.test import Client, RequestFactory

from baton.users.models import User
from tests.conftest import ROLES


def test_healthz_is_public_plain_text(db: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert Client().post("/healthz").status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_home_sends_users_to_the_accounts_list(
    client_as: Callable[[str | None], Client], role: str
) -> None:
    response = client_as(role).get("/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/")


def test_home_sends_visitors_to_sign_in(db: None) -> None:
    response = Client().get("/")
    assert (response.status_code, response["Location"]) == (302, "/login/")


def test_shell_landmarks_and_csrf_header(client_as: Callable[[str | None], Client]) -> None:
    response = client_as("marketing").get("/me/")
    html = response.content.decode()
    token = response.context["csrf_token"]
    assert '<html lang="en">' in html
    assert '<a class="skip-link" href="#main">Skip to content</a>' in html
    assert '<main id="main" tabindex="-1">' in html
    assert f'<body hx-headers=\'{{"X-CSRFToken": "{token}"}}\'>' in html
    assert '<nav class="main-nav" aria-label="Main navigation">' in html
    assert '<script src="/static/baton/vendor/htmx/htmx.min.js" defer></script>' in html
    assert '<link rel="stylesheet" href="/static/baton/baton.css">' in html
    assert '<form method="post" action="/logout/">' in html


@pytest.mark.parametrize("role", ROLES)
def test_user_menu_links_users_admin_to_admins_only(
    client_as: Callable[[str | None], Client], role: str
) -> None:
    html = client_as(role).get("/me/").content.decode()
    assert '<a href="/me/">Profile</a>' in html
    assert '<a href="/me/tokens/">API tokens</a>' in html
    assert ('<a href="/users/">Users</a>' in html) is (role == "admin")


def test_anonymous_page_has_no_navigation_but_a_language_switch(db: None) -> None:
    html = Client().get("/login/").content.decode()
    assert '<html lang="fr">' in html
    assert "main-nav" not in html
    assert 'action="/me/language/"' in html
    assert 'value="en" lang="en" title="English" aria-label="English" aria-pressed="false"' in html


def test_blocks_offered_to_other_templates(users: dict[str, User]) -> None:
    template = Template(
        '{% extends "base.html" %}'
        "{% block title %}T-title{% endblock %}"
        "{% block extra_head %}<meta name=x-head>{% endblock %}"
        "{% block page_actions %}<a id=act>Act</a>{% endblock %}"
        "{% block content %}<p>Body</p>{% endblock %}"
    )
    request = RequestFactory().get("/")
    request.user = users["sales_rep"]
    html = template.render(Context({"request": request, "user": request.user, "nav_links": []}))
    assert "<title>T-title</title>" in html
    assert "<meta name=x-head>\n</head>" in html
    assert '<div class="page-actions"><a id=act>Act</a></div>' in html
    assert "<p>Body</p>" in html


def test_vendored_assets_are_served_from_the_repository() -> None:
    htmx = finders.find("baton/vendor/htmx/htmx.min.js")
    licence = finders.find("baton/vendor/htmx/LICENSE")
    css = finders.find("baton/baton.css")
    assert htmx
    assert licence
    assert css
    text = Path(css).read_text(encoding="utf-8")
    for selector in (".level-hot", ".level-warm", ".level-cold", ".pagination", "@media print"):
        assert selector in text
    for external in ("http://", "https://", "@import", "url("):
        assert external not in text


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Page not found"), ("fr", "Page non trouvée")]
)
def test_404_page_in_the_users_language(
    make_user: Callable[..., User], language: str, title: str
) -> None:
    client = Client()
    client.force_login(make_user("marketing", language=language))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in response.content.decode()


@pytest.mark.parametrize(("language", "title"), [("en", "Access refused"), ("fr", "Accès refusé")])
def test_403_page_in_the_users_language(
    make_user: Callable[..., User], language: str, title: str
) -> None:
    client = Client()
    client.force_login(make_user("leadership", language=language))
    response = client.get("/users/")
    assert response.status_code == 403
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert "main-nav" in html


def test_the_500_page_stands_alone_in_the_readers_language() -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("fr"):
        html = render_to_string("500.html")
    assert '<html lang="fr">' in html
    assert "<h1>Un problème est survenu de notre côté</h1>" in html
    assert "/static/" not in html  # drawn even when the static files are what broke
