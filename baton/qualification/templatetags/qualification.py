"""Template helpers for the checklist partial: a verdict in words, the latest one of an account.

``{% load qualification %}{% qualification_checklist account %}`` renders the checklist of the
account's latest evaluation; ``{% include "qualification/_checklist.html" with evaluation=ev %}``
renders a given evaluation.
"""

from __future__ import annotations

from typing import Any

from django import template

from baton.qualification.selectors import latest_evaluation
from baton.qualification.wording import level_label, present_evaluation

register = template.Library()


@register.filter
def verdict(evaluation: Any) -> dict[str, Any] | None:
    """An Evaluation in words (``present_evaluation``), or None."""
    return present_evaluation(evaluation) if evaluation is not None else None


@register.inclusion_tag("qualification/_checklist.html", takes_context=True)
def qualification_checklist(context: template.Context, account: Any) -> dict[str, Any]:
    return {"evaluation": latest_evaluation(account), "request": context.get("request")}


@register.filter
def level_word(level: str) -> str:
    """``hot`` → "hot" / "chaud"."""
    return level_label(level)
