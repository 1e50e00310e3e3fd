"""Worker entry point: the qualification sweeper (see ``baton.core.worker``).

``qualification.recompute`` judges every account again when the latest full recompute is not
of today (the 30-day window slides: an account can fall out of "engaged" without any new
event) or was made under another rule version (a rule set was just activated). Otherwise it
does nothing and returns 0, so it is cheap to call on every worker round: one query.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from baton.core import worker
from baton.qualification.models import QualificationRun, RunKind
from baton.qualification.services import ensure_active_rule_set, evaluate_accounts


def recompute_due(now: dt.datetime) -> bool:
    active = ensure_active_rule_set()
    last = QualificationRun.objects.filter(kind=RunKind.FULL).order_by("-started_at", "-id").first()
    if last is None:
        return True
    return last.rule_set_id != active.pk or timezone.localdate(last.as_of) != timezone.localdate(
        now
    )


def recompute_sweep(now: dt.datetime) -> int:
    """Full recompute when due; returns how many accounts were judged (0: nothing due)."""
    if not recompute_due(now):
        return 0
    return evaluate_accounts(now=now).evaluated or 0


worker.register("qualification.recompute", recompute_sweep)
