"""Format a ``Message`` for each channel: email (text + HTML), Slack Block Kit, Teams Adaptive
Card, the generic webhook JSON and the in-app notification.

Called by ``services.notify`` with the recipient's language active; the result is stored on
the outbox row, so the worker only sends what was rendered when the event happened.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from baton.notifications.events import Message
from baton.notifications.models import Channel

TEAMS_MAX_BYTES = 28 * 1024
# Leave room for the envelope Teams/Power Automate adds around our card.
TEAMS_BUDGET_BYTES = TEAMS_MAX_BYTES - 2 * 1024
SLACK_TEXT_MAX = 2900  # a section's text is limited to 3000 characters


@dataclass(frozen=True)
class Rendered:
    subject: str
    body_text: str = ""
    body_html: str = ""
    payload: dict[str, Any] = field(default_factory=dict)


def preferences_url() -> str:
    return settings.BASE_URL + reverse("notifications:preferences")


def render(message: Message, channel: str, *, event: str, recipient_name: str) -> Rendered:
    if channel == Channel.EMAIL:
        return render_email(message)
    if channel == Channel.SLACK:
        return Rendered(message.subject, payload=slack_payload(message, recipient_name))
    if channel == Channel.TEAMS:
        return Rendered(message.subject, payload=teams_payload(message, recipient_name))
    if channel == Channel.WEBHOOK:
        return Rendered(message.subject, payload=webhook_payload(message, event=event))
    return Rendered(message.subject, body_text=in_app_text(message))


def render_email(message: Message) -> Rendered:
    context = {
        "m": message,
        "fact_lines": [_labelled(f.label, f.value) for f in message.facts],
        "action_line": _labelled(message.action_label, message.url) if message.url else "",
        "preferences_url": preferences_url(),
    }
    text = render_to_string("notifications/email/message.txt", context)
    html = render_to_string("notifications/email/message.html", context)
    return Rendered(message.subject, body_text=_tidy(text), body_html=html)


def in_app_text(message: Message) -> str:
    lines = [message.intro, *(_labelled(f.label, f.value) for f in message.facts)]
    return "\n".join(line for line in lines if line)


def _labelled(label: str, value: str) -> str:
    return _("%(label)s: %(value)s") % {"label": label, "value": value}


def _tidy(text: str) -> str:
    """Collapse the blank lines left by template tags into single paragraph breaks."""
    out: list[str] = []
    for raw in text.splitlines():
        line = raw if raw == "-- " else raw.rstrip()  # keep the signature delimiter
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip() + "\n"


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(message: Message, recipient_name: str) -> dict[str, Any]:
    """An incoming-webhook body: ``text`` (notification fallback) plus Block Kit blocks."""
    intro = _slack_escape(message.intro)[:SLACK_TEXT_MAX]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": message.subject[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": intro}},
    ]
    if message.facts:
        blocks.append(
            {
                "type": "section",
                "fields": [
                    {
                        "type": "mrkdwn",
                        "text": f"*{_slack_escape(f.label)}*\n{_slack_escape(f.value)}"[:2000],
                    }
                    for f in message.facts[:10]
                ],
            }
        )
    blocks.append(
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": _("For %(name)s") % {"name": recipient_name}}],
        }
    )
    if message.url:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": message.action_label[:75]},
                        "url": message.url,
                        "style": "primary",
                    }
                ],
            }
        )
    return {"text": message.subject, "blocks": blocks}


def teams_payload(message: Message, recipient_name: str) -> dict[str, Any]:
    """A Workflows (Power Automate) webhook body carrying one Adaptive Card, under 28 KB."""
    intro = message.intro
    facts = [[f.label, f.value] for f in message.facts]
    while True:
        card = _teams_card(message, intro, facts, recipient_name)
        size = len(json.dumps(card, ensure_ascii=False).encode("utf-8"))
        if size <= TEAMS_BUDGET_BYTES:
            return card
        # Too big: halve the longest text until it fits (the dossier link has the rest).
        longest = max([intro, *(v for _l, v in facts)], key=len)
        shorter = longest[: len(longest) // 2] + "…"
        if longest is intro:
            intro = shorter
        else:
            for fact in facts:
                if fact[1] is longest:
                    fact[1] = shorter
                    break


def _teams_card(
    message: Message, intro: str, facts: list[list[str]], recipient_name: str
) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": message.subject,
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
        },
        {"type": "TextBlock", "text": intro, "wrap": True},
    ]
    if facts:
        body.append(
            {"type": "FactSet", "facts": [{"title": label, "value": v} for label, v in facts]}
        )
    body.append(
        {
            "type": "TextBlock",
            "text": _("For %(name)s") % {"name": recipient_name},
            "isSubtle": True,
            "size": "Small",
            "wrap": True,
        }
    )
    content: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    if message.url:
        content["actions"] = [
            {"type": "Action.OpenUrl", "title": message.action_label, "url": message.url}
        ]
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": content,
            }
        ],
    }


def webhook_payload(message: Message, *, event: str) -> dict[str, Any]:
    """The generic webhook body. ``id`` and ``recipient`` are added when the row is written."""
    return {
        "event": event,
        "subject": message.subject,
        "text": message.intro,
        "facts": [{"label": f.label, "value": f.value} for f in message.facts],
        "action": {"label": message.action_label, "url": message.url} if message.url else None,
    }
