"""Email through Django's mail (``BATON_EMAIL_URL``): plain text + HTML, FR/EN.

``EmailMessage.send()`` uses the default mailer, so it keeps working whether the settings use
``EMAIL_BACKEND`` or Django 6.1's ``MAILERS`` (``get_connection()`` is deprecated in 6.1).

``Message-ID`` is derived from the idempotency key, so a re-sent duplicate carries the same id
(mail clients and servers can fold it); ``List-Unsubscribe`` points to the preferences page.
"""

from __future__ import annotations

import hashlib
import smtplib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from baton.notifications.channels.base import PermanentError, TransientError
from baton.notifications.models import ChannelConfig, OutboxMessage
from baton.notifications.rendering import preferences_url


def message_id(idempotency_key: str) -> str:
    digest = hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:40]
    domain = urlsplit(settings.BASE_URL).hostname or "baton.localhost"
    return f"<{digest}@{domain}>"


def build(message: OutboxMessage) -> EmailMultiAlternatives:
    mail = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient.email],
        headers={
            "Message-ID": message_id(message.idempotency_key),
            "List-Unsubscribe": f"<{preferences_url()}>",
            "X-Baton-Event": message.event,
        },
    )
    if message.body_html:
        mail.attach_alternative(message.body_html, "text/html")
    return mail


def send(message: OutboxMessage, config: ChannelConfig | None) -> None:
    if not message.recipient.email:
        raise PermanentError("the recipient has no email address", channel_fault=False)
    mail = build(message)
    try:
        mail.send()  # the default mailer (BATON_EMAIL_URL), fail_silently=False
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _msg in exc.recipients.values()]
        if codes and all(500 <= code < 600 for code in codes):
            raise PermanentError(
                f"SMTP refused the recipient ({codes[0]})", status=codes[0], channel_fault=False
            ) from None
        raise TransientError("SMTP refused the recipient for now") from None
    except smtplib.SMTPResponseException as exc:
        raise TransientError(f"SMTP error {exc.smtp_code}", status=exc.smtp_code) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise TransientError(f"could not reach the mail server ({type(exc).__name__})") from None
