"""Size and revenue bands. Pure: used by ICP rules, segments and the importer."""

from __future__ import annotations

from decimal import Decimal

# (upper bound inclusive, code); the last band has no upper bound.
SIZE_BANDS: tuple[tuple[int | None, str], ...] = (
    (10, "1-10"),
    (50, "11-50"),
    (200, "51-200"),
    (500, "201-500"),
    (1000, "501-1000"),
    (5000, "1001-5000"),
    (None, "5000+"),
)
SIZE_BAND_CODES: tuple[str, ...] = tuple(code for _, code in SIZE_BANDS)

REVENUE_BANDS: tuple[tuple[Decimal | None, str], ...] = (
    (Decimal("1000000"), "<1M"),
    (Decimal("10000000"), "1-10M"),
    (Decimal("50000000"), "10-50M"),
    (Decimal("250000000"), "50-250M"),
    (None, "250M+"),
)
REVENUE_BAND_CODES: tuple[str, ...] = tuple(code for _, code in REVENUE_BANDS)


def size_band(employees: int | None) -> str:
    """The band of a head count; ``""`` when unknown."""
    if employees is None or employees < 1:
        return ""
    for upper, code in SIZE_BANDS:
        if upper is None or employees <= upper:
            return code
    return SIZE_BANDS[-1][1]


def revenue_band(revenue: Decimal | None) -> str:
    if revenue is None or revenue < 0:
        return ""
    for upper, code in REVENUE_BANDS:
        if upper is None or revenue < upper:
            return code
    return REVENUE_BANDS[-1][1]
