"""End to end: marketing proposes, and the French-speaking rep receives the handover message
(R-3.4) by email (a real local SMTP server) and on the workspace's Slack (a local HTTP
receiver), in French, with every part: first name, company, strongest signal, decision maker
with title, next step and the dossier link."""

from __future__ import annotations

from email import message_from_bytes, policy
from typing import Any

import pytest

from baton.core import worker
from baton.handovers import services
from baton.notifications import tasks  # noqa: F401 (registers the outbox sweeper)
from baton.notifications.models import ChannelConfig, OutboxMessage
from tests.handovers.conftest import NOW, make_account
from tests.notifications.servers import SmtpServer, WebhookServer

pytestmark = pytest.mark.django_db


def test_proposal_reaches_the_rep_by_email_and_slack_in_french(
    people: Any, rule_to_rep: Any, smtp_server: SmtpServer, http_server: WebhookServer
) -> None:
    ChannelConfig.objects.create(channel="slack", url=http_server.url("/slack"))
    acc = make_account(marketing_owner=people["marketing"])
    h = services.handover_propose(actor=people["marketing"], account=acc, now=NOW)

    assert worker.run_until_idle(only=["notifications.outbox"])["notifications.outbox"] == 2
    assert dict(
        OutboxMessage.objects.filter(recipient=people["rep"]).values_list("channel", "state")
    ) == {"in_app": "sent", "email": "sent", "slack": "sent"}

    (envelope,) = smtp_server.messages
    assert envelope.rcpt_tos == ["camille@example.com"]
    mail = message_from_bytes(envelope.content, policy=policy.default)
    assert mail["Subject"] == "Nouveau compte pour vous\u00a0: Acme Industrie"
    text = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    dossier = f"http://testserver/accounts/{acc.pk}/"
    assert "Bonjour Camille," in text
    assert "Le marketing vous transmet le compte Acme Industrie" in text
    # The strongest buying signal: the demo request beats the (older) fundraising.
    assert "Demande de démo le 20/02/2026\u00a0: Demande de démo via le site" in text
    assert "Sophie Martin, Directrice marketing" in text
    assert "Appelez Sophie Martin sous 48 heures pour planifier la démo demandée." in text
    assert dossier in text
    html = mail.get_body(("html",)).get_content()
    assert f'href="{dossier}"' in html

    (slack,) = http_server.on("/slack")
    body = slack.json()
    flat = str(body)
    assert "Nouveau compte pour vous" in flat
    assert "Le marketing vous transmet le compte Acme Industrie" in flat
    assert "Sophie Martin, Directrice marketing" in flat
    assert "Demande de démo via le site" in flat
    assert body["blocks"][-1]["elements"][0]["url"] == dossier
    assert h.rep == people["rep"]
