"""Money helpers: amounts are Decimal with an ISO 4217 currency, never floats."""

from __future__ import annotations

from decimal import Decimal

CURRENCIES: tuple[str, ...] = ("EUR", "USD", "GBP", "CHF", "CAD")
DEFAULT_CURRENCY = "EUR"
CURRENCY_CHOICES = [(c, c) for c in CURRENCIES]

ZERO = Decimal("0")
