from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings

from baton.notifications.models import Channel, ChannelConfig
from tests.notifications.servers import SmtpServer, WebhookServer

NO_PACING = {"slack": 0.0, "teams": 0.0, "webhook": 0.0, "email": 0.0}


@pytest.fixture(autouse=True)
def _no_pacing(settings: Any) -> None:
    settings.BATON_NOTIFICATIONS_MIN_INTERVAL = NO_PACING


@pytest.fixture
def http_server() -> Iterator[WebhookServer]:
    server = WebhookServer()
    server.start()
    yield server
    server.release()
    server.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    smtp = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
    }
    with override_settings(MAILERS={"default": smtp}):
        yield server
    server.stop()


@pytest.fixture
def connect(db: None, http_server: WebhookServer) -> Any:
    """Connect a workspace channel to a path of the local HTTP server."""

    def _connect(channel: str, path: str, secret: str = "") -> ChannelConfig:
        config, _ = ChannelConfig.objects.update_or_create(
            channel=channel,
            defaults={
                "url": http_server.url(path),
                "secret": secret or ("s3cret-for-tests" if channel == Channel.WEBHOOK else ""),
            },
        )
        return config

    return _connect


HANDOVER_CONTEXT = {
    "rep_first_name": "Camille",
    "company": "Acme Industrie",
    "reason": "Demande de démo le 12/03 après trois visites de la page Tarifs",
    "decision_maker_name": "Sophie Martin",
    "decision_maker_title": "Directrice marketing",
    "next_step": "Appeler Sophie Martin avant jeudi pour caler la démo",
    "dossier_url": "http://testserver/accounts/42/",
}
