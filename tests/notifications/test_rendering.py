"""What each channel receives for the handover message (SPEC R-3.4), FR and EN, exactly."""

from __future__ import annotations

import json
from typing import Any

import pytest

from baton.notifications.models import OutboxMessage
from baton.notifications.rendering import TEAMS_BUDGET_BYTES
from baton.notifications.services import notify
from tests.notifications.conftest import HANDOVER_CONTEXT

pytestmark = pytest.mark.django_db

FRENCH_TEXT = """\
Bonjour Camille,

Le marketing vous transmet le compte Acme Industrie\u00a0: il est prêt pour un premier échange.

Pourquoi maintenant\u00a0: Demande de démo le 12/03 après trois visites de la page Tarifs
Décideur à contacter\u00a0: Sophie Martin, Directrice marketing
Prochaine étape suggérée\u00a0: Appeler Sophie Martin avant jeudi pour caler la démo

Ouvrir la fiche compte\u00a0: http://testserver/accounts/42/

Tout le reste est dans la fiche\u00a0: comité d'achat, interactions marketing et contexte.

--\x20
Envoyé par Baton. Choisir ce que vous recevez\u00a0: http://testserver/notifications/preferences/
"""

ENGLISH_TEXT = """\
Hello Camille,

Marketing is handing Acme Industrie over to you: the account is ready for a first conversation.

Why now: Demande de démo le 12/03 après trois visites de la page Tarifs
Decision maker: Sophie Martin, Directrice marketing
Suggested next step: Appeler Sophie Martin avant jeudi pour caler la démo

Open the account dossier: http://testserver/accounts/42/

The dossier holds the rest: buying committee, interactions so far and context.

--\x20
Sent by Baton. Choose what you receive: http://testserver/notifications/preferences/
"""


def _rows(make_user: Any, connect: Any, language: str, **context: str) -> dict[str, OutboxMessage]:
    connect("slack", "/slack")
    connect("teams", "/teams")
    rep = make_user("sales_rep", language=language, first_name="Camille", last_name="Durand")
    rows = notify(
        event="handover.assigned", recipients=[rep], context={**HANDOVER_CONTEXT, **context}
    )
    return {r.channel: r for r in rows}


def test_french_handover_email(make_user: Any, connect: Any) -> None:
    email = _rows(make_user, connect, "fr")["email"]
    assert email.subject == "Nouveau compte pour vous\u00a0: Acme Industrie"
    assert email.body_text == FRENCH_TEXT
    assert (
        'white-space: nowrap;">Décideur à contacter</th><td style="padding: 4px 0;">Sophie Martin'
        in email.body_html
    )
    assert (
        '<a href="http://testserver/notifications/preferences/">Choisir ce que vous recevez</a>'
        in email.body_html
    )


def test_english_handover_email(make_user: Any, connect: Any) -> None:
    assert _rows(make_user, connect, "en")["email"].body_text == ENGLISH_TEXT


def test_html_email_escapes_what_users_typed(make_user: Any, connect: Any) -> None:
    email = _rows(make_user, connect, "en", company="<b>Evil</b> & Co")["email"]
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in email.body_html
    assert "<b>Evil</b>" not in email.body_html


def test_slack_payload_has_a_button_to_the_dossier(make_user: Any, connect: Any) -> None:
    slack = _rows(make_user, connect, "fr")["slack"].payload
    assert slack == {
        "text": "Nouveau compte pour vous\u00a0: Acme Industrie",
        "blocks": [
            {
                "type": "header",
                "text": {
                    "type": "plain_text",
                    "text": "Nouveau compte pour vous\u00a0: Acme Industrie",
                },
            },
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": "Le marketing vous transmet le compte Acme Industrie\u00a0: "
                    "il est prêt pour un premier échange.",
                },
            },
            {
                "type": "section",
                "fields": [
                    {
                        "type": "mrkdwn",
                        "text": "*Pourquoi maintenant*\nDemande de démo le 12/03 après trois "
                        "visites de la page Tarifs",
                    },
                    {
                        "type": "mrkdwn",
                        "text": "*Décideur à contacter*\nSophie Martin, Directrice marketing",
                    },
                    {
                        "type": "mrkdwn",
                        "text": "*Prochaine étape suggérée*\nAppeler Sophie Martin avant jeudi "
                        "pour caler la démo",
                    },
                ],
            },
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "Pour Camille Durand"}]},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Ouvrir la fiche compte"},
                        "url": "http://testserver/accounts/42/",
                        "style": "primary",
                    }
                ],
            },
        ],
    }


def test_slack_escapes_control_characters(make_user: Any, connect: Any) -> None:
    slack = _rows(make_user, connect, "en", company="<!channel> & Co")["slack"].payload
    assert slack["blocks"][1]["text"]["text"].startswith(
        "Marketing is handing &lt;!channel&gt; &amp; Co"
    )


def test_teams_payload_is_an_adaptive_card(make_user: Any, connect: Any) -> None:
    teams = _rows(make_user, connect, "en")["teams"].payload
    (attachment,) = teams["attachments"]
    assert teams["type"] == "message"
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert (card["type"], card["version"]) == ("AdaptiveCard", "1.4")
    assert card["body"][2] == {
        "type": "FactSet",
        "facts": [
            {"title": "Why now", "value": HANDOVER_CONTEXT["reason"]},
            {"title": "Decision maker", "value": "Sophie Martin, Directrice marketing"},
            {"title": "Suggested next step", "value": HANDOVER_CONTEXT["next_step"]},
        ],
    }
    assert card["actions"] == [
        {
            "type": "Action.OpenUrl",
            "title": "Open the account dossier",
            "url": "http://testserver/accounts/42/",
        }
    ]


def test_teams_card_stays_under_28_kb(make_user: Any, connect: Any) -> None:
    huge = "Très long signal d'achat. " * 3000  # ~78 KB of text
    teams = _rows(make_user, connect, "fr", reason=huge, next_step=huge)["teams"].payload
    size = len(json.dumps(teams, ensure_ascii=False).encode("utf-8"))
    assert size <= TEAMS_BUDGET_BYTES < 28 * 1024
    facts = teams["attachments"][0]["content"]["body"][2]["facts"]
    assert facts[0]["value"].endswith("…")
    assert facts[0]["value"].startswith("Très long signal d'achat.")
    # The link to the full dossier survives the cut.
    assert (
        teams["attachments"][0]["content"]["actions"][0]["url"] == "http://testserver/accounts/42/"
    )
