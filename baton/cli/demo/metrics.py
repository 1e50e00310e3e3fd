"""Demo metrics, on top of the demo workspace (accounts, deals, costs, handovers): quarterly
targets for the five shared metrics — set from the demo's own values so that some are on track,
some at risk and one (ROI) off track — and marketing's handover commitment, 13 weeks of
snapshots, alignment-survey answers from both teams, corrective actions (open and closed, with
owners and due dates) and a blocker. Everything goes through the metrics services (audit rows).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from baton.cli.demo.random_source import stream
from baton.metrics import definitions as d
from baton.metrics import formulas as f
from baton.metrics import services
from baton.metrics.computations import Ctx, compute_safe
from baton.metrics.models import CorrectiveAction
from baton.metrics.scope import Scope

# (metric, target as a multiple of the current value, at-risk threshold as a multiple, fallback
# target when the metric has no value): on track, at risk, on track, at risk, off track.
TARGET_PLAN: tuple[tuple[str, str, str | None, str], ...] = (
    (d.ENGAGED, "1.0", "0.8", "10"),
    (d.CONVERSION, "1.15", "0.9", "10"),
    (d.VELOCITY, "0.9", "0.7", "1000"),
    (d.INFLUENCE, "1.2", "0.85", "60"),
    (d.ROI, "1.6", "1.3", "3"),
)
SURVEY: tuple[tuple[str, str, int, int, int, str], ...] = (
    ("marketing", "marketing", 4, 3, 3, "Les retours des commerciaux arrivent enfin à J+14."),
    ("manager", "sales", 3, 4, 4, "Les dossiers de transmission font gagner du temps."),
    ("rep_paris", "sales", 4, 3, 3, ""),
    ("rep_regions", "sales", 3, 3, 2, "Trop de comptes tièdes transmis en fin de mois."),
    ("rep_international", "sales", 4, 4, 3, "Briefings are short and useful."),
)
# (title, owner key, due in days from today, closed days ago or None, blocker)
ACTIONS: tuple[tuple[str, str, int, int | None, bool], ...] = (
    ("Relancer les comptes tièdes du secteur Industrie", "marketing", 5, None, False),
    ("Passer le délai de premier contact sous 48 h", "manager", -2, None, False),
    ("Mettre à jour les personas du comité d'achat", "marketing", -9, 4, False),
    ("Partager le calendrier des webinars avec les commerciaux", "marketing", -12, 10, False),
    ("Export CRM des deals incomplet (source manquante)", "admin", 7, None, True),
)


def _user(users: dict[str, Any], key: str) -> Any:
    return users.get(key) or next(iter(users.values()))


def build_metrics(*, seed: int, today: dt.date, users: dict[str, Any]) -> dict[str, int]:
    """Fill the metrics of the demo workspace; returns what was created, by kind."""
    rng = stream(seed, "metrics")
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(18, 0)))
    lead = _user(users, "marketing")
    counts = {"targets": 0, "snapshots": 0, "survey_answers": 0, "actions": 0, "blockers": 0}
    with transaction.atomic():
        quarter = f.quarter_of(today)
        scope = Scope(period=quarter, day=today)
        ctx = Ctx(scope)
        for metric_id, factor, risk, fallback in TARGET_PLAN:
            value = compute_safe(metric_id, scope, ctx).value
            base = value if value else Decimal(fallback)
            places = Decimal("0.1") if metric_id == d.ROI else Decimal(1)
            target = max(base * Decimal(factor), places).quantize(places)
            at_risk = None if risk is None else (base * Decimal(risk)).quantize(places)
            if metric_id == d.ROI and value is not None:
                target = max(target, value + Decimal(1)).quantize(places)  # surely off track
                at_risk = max(at_risk or places, value + Decimal("0.5")).quantize(places)
            services.target_set(
                actor=lead,
                metric_id=metric_id,
                quarter=quarter.label,
                value=target,
                at_risk=at_risk if at_risk is not None and at_risk < target else None,
                note="démo",
            )
            counts["targets"] += 1
        delivered = compute_safe(d.QUALIFIED_DELIVERED, scope, ctx).value or Decimal(0)
        commitment = max(Decimal(5), (delivered * Decimal("1.25")).quantize(Decimal(1)))
        services.target_set(
            actor=lead,
            metric_id=d.QUALIFIED_DELIVERED,
            quarter=quarter.label,
            value=commitment,
            note="engagement marketing (démo)",
        )
        counts["targets"] += 1
        for week in services.due_weeks(now):
            counts["snapshots"] += services.snapshot_week(week_start=week, now=now)
        for key, team, communication, trust, other, comment in SURVEY:
            if key not in users:
                continue
            services.survey_answer(
                respondent=users[key],
                team=team,
                communication=communication,
                trust=trust,
                other_team=other,
                comment=comment,
                on=today - dt.timedelta(days=rng.randint(1, 20)),
            )
            counts["survey_answers"] += 1
        for title, owner_key, due_in, closed_ago, blocker in ACTIONS:
            action = services.action_create(
                actor=lead,
                title=title,
                owner=_user(users, owner_key),
                due_on=today + dt.timedelta(days=due_in),
                is_blocker=blocker,
            )
            if closed_ago is not None:
                services.action_close(actor=lead, action=action)
                CorrectiveAction.objects.filter(pk=action.pk).update(
                    closed_at=now - dt.timedelta(days=closed_ago)
                )
            # decided in an earlier weekly review: dated back so last week's pack lists it
            CorrectiveAction.objects.filter(pk=action.pk).update(
                created_at=now - dt.timedelta(days=21 + rng.randint(0, 7))
            )
            counts["blockers" if blocker else "actions"] += 1
    return counts
