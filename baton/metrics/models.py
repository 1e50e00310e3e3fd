"""Exchange rates, targets, weekly snapshots, deal stage history, pins, survey, actions.

History is rows: a new target, a recomputed snapshot or a changed deal stage appends a row;
the newest row wins.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baton.accounts.models import Deal
from baton.core.money import CURRENCY_CHOICES


class ExchangeRate(models.Model):
    """How many EUR one unit of ``currency`` is worth, from ``valid_from`` on."""

    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    rate = models.DecimalField(_("rate to EUR"), max_digits=14, decimal_places=6)
    valid_from = models.DateField(_("valid from"))

    class Meta:
        ordering = ["currency", "-valid_from"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_from"], name="one_rate_per_day"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate} EUR ({self.valid_from})"


class MetricTarget(models.Model):
    """A quarterly target of one metric (optionally for one segment). Rows are never changed:
    a new row for the same metric, quarter and segment replaces the previous one."""

    metric_id = models.CharField(_("metric"), max_length=40)
    quarter = models.CharField(_("quarter"), max_length=7, help_text="2026-Q3")
    segment = models.CharField(
        _("segment"), max_length=200, blank=True, help_text="empty, or dimension=value"
    )
    value = models.DecimalField(_("target"), max_digits=16, decimal_places=4)
    at_risk = models.DecimalField(
        _("at-risk threshold"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        ordering = ["metric_id", "quarter", "segment", "-set_at", "-id"]
        verbose_name = _("metric target")
        verbose_name_plural = _("metric targets")
        indexes = [models.Index(fields=["quarter", "metric_id", "segment", "-set_at"])]

    def __str__(self) -> str:
        return f"{self.metric_id} {self.quarter} {self.segment or '*'} = {self.value}"


class MetricSnapshot(models.Model):
    """The value of a metric for the week starting ``week_start`` (a Monday), computed as of
    the Sunday that ends it, over the quarter to date. A recomputation that finds another value
    (back-dated records arrived) appends a row flagged ``back_dated``."""

    week_start = models.DateField(_("week"))
    metric_id = models.CharField(_("metric"), max_length=40)
    segment = models.CharField(_("segment"), max_length=200, blank=True)
    value = models.JSONField(_("value"))
    computed_at = models.DateTimeField(_("computed at"))
    back_dated = models.BooleanField(_("changed by back-dated records"), default=False)

    class Meta:
        ordering = ["-week_start", "metric_id", "segment", "-computed_at", "-id"]
        verbose_name = _("metric snapshot")
        verbose_name_plural = _("metric snapshots")
        indexes = [models.Index(fields=["metric_id", "segment", "-week_start", "-computed_at"])]

    def __str__(self) -> str:
        return f"{self.week_start} {self.metric_id} {self.segment}"


class DealStageChange(models.Model):
    """A deal entered ``stage`` on ``entered_on`` (written by the deals import when the stage
    of a deal changes), for the time spent per stage."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(_("stage"), max_length=100)
    entered_on = models.DateField(_("entered on"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["deal", "entered_on", "id"]
        verbose_name = _("deal stage change")
        verbose_name_plural = _("deal stage changes")

    def __str__(self) -> str:
        return f"{self.deal_id} → {self.stage} ({self.entered_on})"


class PinnedMetric(models.Model):
    """An extra metric pinned to the shared dashboard (5 by default, up to 7 in all)."""

    metric_id = models.CharField(_("metric"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pinned_at = models.DateTimeField(_("pinned at"), auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("pinned metric")
        verbose_name_plural = _("pinned metrics")

    def __str__(self) -> str:
        return self.metric_id


class Team(models.TextChoices):
    MARKETING = "marketing", _("Marketing")
    SALES = "sales", _("Sales")


class SurveyResponse(models.Model):
    """One answer to the perceived-alignment survey (R-4.2): 1 (poor) to 5 (excellent)."""

    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alignment_answers"
    )
    team = models.CharField(_("team"), max_length=10, choices=Team.choices)
    quarter = models.CharField(_("quarter"), max_length=7)
    communication = models.PositiveSmallIntegerField(
        _("communication"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    trust = models.PositiveSmallIntegerField(
        _("trust"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    other_team = models.PositiveSmallIntegerField(
        _("view of the other team"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    answered_on = models.DateField(_("answered on"))

    class Meta:
        ordering = ["-answered_on", "-id"]
        verbose_name = _("alignment survey answer")
        verbose_name_plural = _("alignment survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "quarter"], name="one_survey_answer_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(communication__gte=1, communication__lte=5)
                & Q(trust__gte=1, trust__lte=5)
                & Q(other_team__gte=1, other_team__lte=5),
                name="survey_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.respondent_id} {self.quarter}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class CorrectiveAction(models.Model):
    """A corrective action decided in a weekly review (R-4.6), tracked across weeks."""

    title = models.CharField(_("action"), max_length=300)
    metric_id = models.CharField(_("metric"), max_length=40, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="metric_actions",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    is_blocker = models.BooleanField(_("blocker to solve together"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["status", "due_on", "id"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")

    def __str__(self) -> str:
        return self.title


class WeeklyReview(models.Model):
    """One ISO week's review pack (R-4.6): the row says it was generated and sent, once. The
    pack itself is computed as of the week's Sunday, so it can be rendered again any time."""

    week_start = models.DateField(_("week"), unique=True)
    generated_at = models.DateTimeField(_("generated"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notified_at = models.DateTimeField(_("sent"), null=True, blank=True)
    win_deal = models.ForeignKey(
        Deal,
        verbose_name=_("win of the week"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Chosen by hand; otherwise the largest deal won that week."),
    )

    class Meta:
        ordering = ["-week_start"]
        verbose_name = _("weekly review")
        verbose_name_plural = _("weekly reviews")

    def __str__(self) -> str:
        year, week, _day = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"


class DashboardSnapshot(models.Model):
    """The dashboard's numbers for one period, as-of day and segment, stored with the
    fingerprint of the data they were computed from (see ``dashboard_snapshot.py``). A row is
    never changed: a recomputation inserts a new row and deletes the previous one, so a row id
    always names the same numbers. ``language`` is empty unless the payload holds texts (a
    refusal's reason) written in that language."""

    period = models.CharField(_("period"), max_length=40)
    as_of = models.DateField(_("as of"))
    segment = models.CharField(_("segment"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    fingerprint = models.CharField(_("data fingerprint"), max_length=64)
    payload = models.JSONField(_("numbers"))
    computed_at = models.DateTimeField(_("computed at"))
    compute_ms = models.PositiveIntegerField(_("computation time (ms)"), default=0)

    class Meta:
        ordering = ["-computed_at", "-id"]
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "as_of", "segment", "language"],
                name="one_dashboard_snapshot_per_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.as_of} {self.segment or '*'} {self.fingerprint[:8]}"
