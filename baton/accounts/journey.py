"""Customer-journey stages and who leads at each (SPEC R-5.4). Pure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StageLead:
    stage: str
    leads: str
    supports: str


JOURNEY: tuple[StageLead, ...] = (
    StageLead("awareness", leads="marketing", supports="sales advises"),
    StageLead("interest", leads="marketing", supports="sales starts engaging"),
    StageLead("consideration", leads="marketing and sales", supports="co-led"),
    StageLead("decision", leads="sales", supports="marketing supports"),
    StageLead("retention", leads="customer success", supports="marketing and sales contribute"),
)
