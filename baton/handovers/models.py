"""Handovers (SPEC R-3): the handover, its audit rows, timers, feedback, assignment rules and
the workspace SLA settings. The state diagram is in README.md; the rules in ``states.py``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baton.accounts.models import Account, Deal
from baton.core.money import CURRENCY_CHOICES, DEFAULT_CURRENCY
from baton.handovers import states
from baton.handovers.deadlines import Calendar, Sla


class Stage(models.TextChoices):
    PROPOSED = states.State.PROPOSED.value, _("Qualified by marketing")
    ACCEPTED = states.State.ACCEPTED.value, _("Sales briefing")
    APPROACHING = states.State.APPROACHING.value, _("Approaching")
    OPPORTUNITY = states.State.OPPORTUNITY.value, _("Opportunity")
    CLOSED_WON = states.State.CLOSED_WON.value, _("Won")
    CLOSED_LOST = states.State.CLOSED_LOST.value, _("Lost")
    REJECTED = states.State.REJECTED.value, _("Rejected by sales")
    DISQUALIFIED = states.State.DISQUALIFIED.value, _("Disqualified")
    RETURNED_TO_NURTURE = states.State.RETURNED_TO_NURTURE.value, _("Back to nurturing")
    ARCHIVED = states.State.ARCHIVED.value, _("Archived")


class DisqualifyReason(models.TextChoices):
    """The taxonomy of R-3.7."""

    NO_BUDGET = "no_budget", _("No budget")
    NO_PROJECT = "no_project", _("No project")
    WRONG_CONTACT = "wrong_contact", _("Wrong contact")
    TIMING = "timing", _("Not the right time")
    COMPETITOR = "competitor", _("Competitor chosen")
    NOT_ICP = "not_icp", _("Not in our ICP")
    NO_RESPONSE = "no_response", _("No response")
    OTHER = "other", _("Other")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    LINKEDIN = "linkedin", _("LinkedIn")
    MEETING = "meeting", pgettext_lazy("channel", "Meeting")
    EVENT = "event", _("Event")
    OTHER = "other", _("Other")


# Sorted: the migration's constraint and index conditions must not depend on set order.
HOLDING = sorted(s.value for s in states.HOLDING_STATES)
OPEN = sorted(s.value for s in states.OPEN_STATES)


class Handover(models.Model):
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="handovers"
    )
    stage = models.CharField(
        _("stage"), max_length=24, choices=Stage.choices, default=Stage.PROPOSED, db_index=True
    )
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sales rep"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handovers",
    )
    marketing_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marketing owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="marketing_handovers",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("proposal note"), blank=True)
    borderline = models.BooleanField(_("borderline"), default=False)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    expected_amount = models.DecimalField(
        _("expected deal size"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default=DEFAULT_CURRENCY
    )
    assignment = models.JSONField(_("assignment explanation"), default=dict, blank=True)
    deal = models.ForeignKey(
        Deal,
        verbose_name=_("deal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handovers",
    )
    proposed_at = models.DateTimeField(_("proposed"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    briefing_at = models.DateTimeField(_("briefing"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    first_contact_channel = models.CharField(
        _("first contact channel"), max_length=12, choices=ContactChannel.choices, blank=True
    )
    last_action_at = models.DateTimeField(_("last action"))
    opportunity_at = models.DateTimeField(_("opportunity"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reject_reason = models.TextField(_("why rejected"), blank=True)
    disqualify_reason = models.CharField(
        _("disqualification reason"), max_length=16, choices=DisqualifyReason.choices, blank=True
    )
    disqualify_note = models.TextField(_("disqualification details"), blank=True)
    # Marketing's active support ends; afterwards, passive watch from this moment.
    watch_since = models.DateTimeField(_("passive watch since"), null=True, blank=True)
    watch_cursor = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(stage__in=HOLDING),
                name="one_open_handover_per_account",
            )
        ]
        indexes = [
            models.Index(fields=["stage", "rep"]),
            models.Index(
                fields=["watch_cursor"],
                condition=Q(watch_since__isnull=False, stage__in=OPEN),
                name="handover_watch_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} ({self.stage})"

    @property
    def state(self) -> states.State:
        return states.State(self.stage)

    @property
    def is_open(self) -> bool:
        return self.state in states.OPEN_STATES


class HandoverEvent(models.Model):
    """The audit trail of a handover: one row per action, in the action's transaction."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(_("from"), max_length=24, blank=True)
    to_state = models.CharField(_("to"), max_length=24)
    action = models.CharField(_("action"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("why"), blank=True)
    at = models.DateTimeField(_("when"), db_index=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("handover event")
        verbose_name_plural = _("handover events")

    def __str__(self) -> str:
        return f"{self.handover_id} {self.action} {self.from_state}→{self.to_state}"


class HandoverDeadline(models.Model):
    """One timer of one handover (see README: a row per timer rather than columns)."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("kind"), max_length=32)
    due_at = models.DateTimeField(_("due"))
    fired_at = models.DateTimeField(_("fired"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [
            models.UniqueConstraint(fields=["handover", "kind"], name="one_deadline_per_kind")
        ]
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(fired_at__isnull=True, stopped_at__isnull=True),
                name="deadline_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.handover_id} {self.kind} {self.due_at:%Y-%m-%d %H:%M}"


class QualificationAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class Outcome(models.TextChoices):
    NONE = "none", _("Nothing yet")
    MEETING = "meeting", _("Meeting obtained")
    OPPORTUNITY = "opportunity", _("Opportunity created")
    DISQUALIFIED = "disqualified", _("Disqualified")


class Feedback(models.Model):
    """The rep's feedback at D+14 and D+30 (R-3.6): requested by a timer, completed once."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="feedback")
    checkpoint = models.PositiveSmallIntegerField(_("day"))
    requested_at = models.DateTimeField(_("requested"))
    submitted_at = models.DateTimeField(_("answered"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    qualification_right = models.CharField(
        _("was the qualification right?"),
        max_length=8,
        choices=QualificationAnswer.choices,
        blank=True,
    )
    info_useful = models.CharField(
        _("was the information useful?"),
        max_length=8,
        choices=QualificationAnswer.choices,
        blank=True,
    )
    missing = models.TextField(_("what was missing?"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["handover", "checkpoint"]
        verbose_name = _("rep feedback")
        verbose_name_plural = _("rep feedback")
        constraints = [
            models.UniqueConstraint(fields=["handover", "checkpoint"], name="one_feedback_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.handover_id} D+{self.checkpoint}"


class RepPool(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("reps"), related_name="rep_pools", blank=True
    )
    last_rep = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("rep pool")
        verbose_name_plural = _("rep pools")

    def __str__(self) -> str:
        return self.name


class AssignmentRule(models.Model):
    order = models.PositiveIntegerField(_("order"), default=10)
    name = models.CharField(_("name"), max_length=100)
    territories = models.JSONField(_("territories"), default=list, blank=True)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    size_bands = models.JSONField(_("size bands"), default=list, blank=True)
    deal_bands = models.JSONField(_("deal size bands"), default=list, blank=True)
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rep"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    pool = models.ForeignKey(
        RepPool, verbose_name=_("pool"), null=True, blank=True, on_delete=models.CASCADE
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("assignment rule")
        verbose_name_plural = _("assignment rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(rep__isnull=False, pool__isnull=True)
                | Q(rep__isnull=True, pool__isnull=False),
                name="assignment_rule_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.name


class HandoverSettings(models.Model):
    """The workspace's SLA (R-3.5): one row (pk 1), edited by admins."""

    briefing_hours = models.PositiveIntegerField(_("briefing within (hours)"), default=48)
    first_contact_hours = models.PositiveIntegerField(_("first contact within (hours)"), default=72)
    reminder_hours = models.PositiveIntegerField(
        _("reminder after (hours without contact)"), default=72
    )
    escalation_hours = models.PositiveIntegerField(
        _("escalation after (hours without contact)"), default=168
    )
    feedback_first_days = models.PositiveIntegerField(_("first feedback (day)"), default=14)
    feedback_second_days = models.PositiveIntegerField(_("second feedback (day)"), default=30)
    feedback_reminder_days = models.PositiveIntegerField(
        _("feedback reminder after (days)"), default=3
    )
    feedback_escalation_days = models.PositiveIntegerField(
        _("feedback escalation after (days)"), default=7
    )
    support_days = models.PositiveIntegerField(
        _("marketing active support (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    business_hours = models.BooleanField(_("count business hours only"), default=False)
    day_start = models.TimeField(_("working day starts"), default=dt.time(9, 0))
    day_end = models.TimeField(_("working day ends"), default=dt.time(18, 0))
    workdays = models.JSONField(_("working days"), default=list, blank=True)
    holidays = models.JSONField(_("holidays"), default=list, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("handover settings")
        verbose_name_plural = _("handover settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="handover_settings_singleton"),
            models.CheckConstraint(
                condition=Q(support_days__gte=1, support_days__lte=28),
                name="handover_support_days_range",
            ),
        ]

    def __str__(self) -> str:
        return "SLA"

    def sla(self) -> Sla:
        return Sla(
            briefing_hours=self.briefing_hours,
            first_contact_hours=self.first_contact_hours,
            reminder_hours=self.reminder_hours,
            escalation_hours=self.escalation_hours,
            feedback_first_days=self.feedback_first_days,
            feedback_second_days=self.feedback_second_days,
            feedback_reminder_days=self.feedback_reminder_days,
            feedback_escalation_days=self.feedback_escalation_days,
            support_days=self.support_days,
        )

    def calendar(self) -> Calendar:
        return Calendar(
            business_hours=self.business_hours,
            time_zone=self.time_zone or settings.TIME_ZONE,
            day_start=self.day_start,
            day_end=self.day_end,
            workdays=frozenset(int(d) for d in (self.workdays or [0, 1, 2, 3, 4])),
            holidays=frozenset(dt.date.fromisoformat(str(d)) for d in (self.holidays or [])),
        )
