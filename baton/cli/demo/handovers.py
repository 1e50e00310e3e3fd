"""Demo handovers: every stage of the kanban, some overdue, some escalated, feedback given and
missing. Runs on the demo workspace (users, accounts, verdicts) through the real services,
with the clock set back, then lets the deadline engine catch up to "now"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from baton.accounts.models import Account, AccountStatus
from baton.cli.demo.random_source import stream
from baton.handovers import services, timers
from baton.handovers.models import AssignmentRule, Feedback, Handover, RepPool
from baton.qualification.models import Evaluation
from baton.users.models import User

# (stage to reach, days since the proposal); the order is the order of the accounts used.
PLAN: tuple[tuple[str, float], ...] = (
    ("proposed", 0.2),
    ("proposed", 1.5),
    ("proposed", 4),  # no answer after 72 h: reminded
    ("proposed", 9),  # a week without contact: escalated
    ("accepted", 1),
    ("accepted", 3),  # briefing not booked in time
    ("approaching", 6),
    ("approaching", 12),
    ("approaching", 20),  # D+14 feedback given
    ("opportunity", 18),  # D+14 feedback missing: reminded, then escalated
    ("opportunity", 35),  # both feedbacks given
    ("closed_won", 45),
    ("closed_lost", 40),
    ("rejected", 5),
    ("disqualified", 16),
    ("returned_to_nurture", 25),
)


def _user(role: str, *, language: str | None = None) -> User | None:
    qs = User.objects.filter(role=role, is_active=True).order_by("pk")
    if language:
        qs = qs.filter(language=language)
    return qs.first()


def _rules(reps: list[User], fallback: User | None) -> int:
    if AssignmentRule.objects.exists() or not reps:
        return 0
    pool, _ = RepPool.objects.get_or_create(name="France")
    pool.members.set(reps)
    AssignmentRule.objects.create(order=10, name="France", countries=["FR"], pool=pool)
    target = fallback or reps[0]
    AssignmentRule.objects.create(order=99, name="International", rep=target)
    return 2


def _candidates() -> list[Account]:
    """Active accounts without a handover: ready first, then borderline, then the others."""
    busy = Handover.objects.values("account_id")
    ranked = {
        ev.account_id: (0 if ev.ready else 1 if ev.borderline else 2)
        for ev in Evaluation.objects.filter(is_latest=True).only(
            "account_id", "ready", "borderline"
        )
    }
    accounts = list(
        Account.objects.filter(status=AccountStatus.ACTIVE, is_target=True).exclude(pk__in=busy)
    )
    return sorted(accounts, key=lambda a: (ranked.get(a.pk, 3), a.pk))


_OPEN = ("accept", "briefing", "contact")
_DEAL = (*_OPEN, "meeting", "opportunity")
PATHS: dict[str, tuple[str, ...]] = {
    "proposed": (),
    "rejected": ("reject",),
    "accepted": ("accept",),
    "disqualified": ("accept", "briefing", "disqualify"),
    "approaching": _OPEN,
    "returned_to_nurture": (*_OPEN, "no_project", "nurture"),
    "opportunity": _DEAL,
    "closed_won": (*_DEAL, "won"),
    "closed_lost": (*_DEAL, "lost"),
}


def _walk(
    h: Handover, stage: str, *, start: dt.datetime, rep: User, marketing: User, rng: Any
) -> Handover:
    """Take ``h`` to ``stage`` through the real actions, dated after ``start``."""

    def at(days: float) -> dt.datetime:
        return start + dt.timedelta(days=days)

    briefing = at(1).replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=2)
    steps: dict[str, Any] = {
        "reject": lambda h: services.handover_reject(
            handover=h, actor=rep, reason="Pas de budget avant l'an prochain", now=at(1)
        ),
        "accept": lambda h: services.handover_accept(handover=h, actor=rep, now=at(0.5)),
        "briefing": lambda h: services.briefing_confirm(
            handover=h, actor=rep, at=briefing, now=at(0.8)
        ),
        "disqualify": lambda h: services.handover_disqualify(
            handover=h, actor=rep, reason_code="timing", note="Projet repoussé à 2027", now=at(3)
        ),
        "contact": lambda h: services.first_contact_log(
            handover=h,
            actor=rep,
            channel=rng.choice(["phone", "email", "linkedin"]),
            on=timezone.localdate(at(2)),
            now=at(2),
        ),
        "no_project": lambda h: services.handover_disqualify(
            handover=h, actor=rep, reason_code="no_project", note="Pas de projet", now=at(6)
        ),
        "nurture": lambda h: services.handover_return_to_nurture(
            handover=h, actor=marketing, note="À relancer au prochain trimestre", now=at(7)
        ),
        "meeting": lambda h: services.meeting_log(
            handover=h, actor=rep, on=timezone.localdate(at(5)), note="Découverte", now=at(5)
        ),
        "opportunity": lambda h: services.opportunity_move(
            handover=h,
            actor=rep,
            name=f"{h.account.name} — plateforme",
            amount=Decimal(rng.randrange(15, 90) * 1000),
            now=at(8),
        ),
        "won": lambda h: services.handover_close(handover=h, actor=rep, won=True, now=at(30)),
        "lost": lambda h: services.handover_close(
            handover=h, actor=rep, won=False, reason="Concurrent retenu", now=at(28)
        ),
    }
    for step in PATHS[stage]:
        h = steps[step](h)
    return h


def _answer(h: Handover, checkpoint: int, rep: User, now: dt.datetime) -> bool:
    fb = Feedback.objects.filter(handover=h, checkpoint=checkpoint, submitted_at=None).first()
    if fb is None:
        return False
    services.feedback_submit(
        handover=h,
        actor=h.rep or rep,
        checkpoint=checkpoint,
        qualification_right="yes",
        info_useful="partly" if checkpoint == 14 else "yes",
        missing="Le budget exact" if checkpoint == 14 else "",
        outcome="opportunity" if h.stage == "opportunity" else "meeting",
        now=min(fb.requested_at + dt.timedelta(hours=20), now),
    )
    return True


def build_handovers(*, rng_seed: int, today: dt.date) -> dict[str, int]:
    """Handovers in every stage on the demo workspace; returns what was created, by kind."""
    rng = stream(rng_seed, "handovers")
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(18, 0)))
    marketing = _user("marketing")
    manager = _user("sales_manager")
    reps = list(User.objects.filter(role="sales_rep", is_active=True).order_by("pk"))
    if marketing is None or manager is None or not reps:
        return {"handovers": 0}
    counts = {"assignment_rules": 0, "handovers": 0, "deadlines_fired": 0, "feedback_given": 0}
    with transaction.atomic():
        french = [r for r in reps if r.language == "fr"] or reps
        english = next((r for r in reps if r.language == "en"), None)
        counts["assignment_rules"] = _rules(french, english)
        created: list[tuple[Handover, str]] = []
        for (stage, days), account in zip(PLAN, _candidates(), strict=False):
            start = now - dt.timedelta(days=days)
            h = services.handover_propose(
                actor=marketing,
                account=account,
                note="" if _ready(account) else "Projet confirmé par téléphone par le CMO.",
                now=start,
            )
            rep = h.rep or reps[0]
            if h.rep is None:
                h = services.handover_reassign(
                    handover=h, actor=manager, rep=rep, reason="Secteur connu", now=start
                )
            h = _walk(h, stage, start=start, rep=rep, marketing=marketing, rng=rng)
            created.append((h, stage))
        counts["handovers"] = len(created)
        # The deadline engine catches up to "now", answering some feedback on the way.
        for day in range(46, -1, -1):
            moment = now - dt.timedelta(days=day)
            while fired := timers.sweep(moment):
                counts["deadlines_fired"] += fired
            for h, stage in created:
                h.refresh_from_db()
                if stage in ("approaching", "closed_won") or (
                    stage == "opportunity" and (now - h.proposed_at).days > 30
                ):
                    counts["feedback_given"] += int(_answer(h, 14, h.rep or reps[0], moment))
                    if stage == "opportunity":
                        counts["feedback_given"] += int(_answer(h, 30, h.rep or reps[0], moment))
    return counts


def _ready(account: Account) -> bool:
    return Evaluation.objects.filter(account=account, is_latest=True, ready=True).exists()
