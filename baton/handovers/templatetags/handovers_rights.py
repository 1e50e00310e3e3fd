"""``{% load handovers_rights %}{% if user|may_propose %}`` for the "Propose handover" buttons."""

from __future__ import annotations

from typing import Any

from django import template

from baton.handovers import rights

register = template.Library()


@register.filter
def may_propose(user: Any) -> bool:
    return rights.may_propose(user)
