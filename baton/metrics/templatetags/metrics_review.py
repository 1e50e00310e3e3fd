"""Template helpers of the review pages: a rate in the reader's language, the reason tables."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from baton.metrics import formulas as f
from baton.metrics.monthly import Monthly, ReasonRow

register = template.Library()


@register.simple_tag
def percent(value: Decimal | None, language: str) -> str:
    return f.display_value("percent", value, language)


@register.filter
def reason_tables(review: Monthly) -> list[tuple[str, list[ReasonRow], str]]:
    return [
        (_("Disqualification reasons (last six months)"), review.disqualified, "disqualified"),
        (_("Rejection reasons (last six months)"), review.rejected, "rejected"),
    ]
