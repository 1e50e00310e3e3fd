"""Rule-set versions, evaluations (append-only verdict history) and recompute runs (R-2.6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baton.accounts.models import Account, Level


class RuleSetStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("rule set", "Draft")
    ACTIVE = "active", pgettext_lazy("rule set", "Active")
    RETIRED = "retired", pgettext_lazy("rule set", "Retired")


class RuleSet(models.Model):
    """One version of the qualification rules. Exactly one is active; versions never change
    once active (editing creates a new draft)."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    config = models.JSONField(_("rules"))
    status = models.CharField(
        _("status"), max_length=8, choices=RuleSetStatus.choices, default=RuleSetStatus.DRAFT
    )
    note = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="active"), name="one_active_rule_set"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version} ({self.status})"


class Evaluation(models.Model):
    """The verdict of one rule-set version on one account. Rows are never updated except
    ``is_latest``, which marks the current verdict of each account (one per account)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="evaluations")
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="evaluations")
    evaluated_at = models.DateTimeField(_("evaluated at"))
    as_of = models.DateTimeField(_("as of"))
    inputs_digest = models.CharField(_("inputs digest"), max_length=64)
    ready = models.BooleanField(_("ready for handover"))
    borderline = models.BooleanField(_("borderline"))
    engaged = models.BooleanField(_("engaged"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    score = models.PositiveSmallIntegerField(_("score"))
    passed_count = models.PositiveSmallIntegerField(_("checklist lines passed"))
    failing = models.JSONField(_("failing lines"), default=list)
    last_signal_on = models.DateField(_("newest buying signal"), null=True, blank=True)
    lines = models.JSONField(_("checklist"))
    readiness = models.JSONField(_("readiness signals"), default=list)
    breakdown = models.JSONField(_("score breakdown"), default=list)
    is_latest = models.BooleanField(_("latest"), default=True)
    # a learned model may add its own score to a verdict without touching the rules.
    model_score = models.FloatField(_("model score"), null=True, blank=True)
    model_version = models.CharField(_("model version"), max_length=64, blank=True)

    class Meta:
        ordering = ["-evaluated_at", "-id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["account"], condition=Q(is_latest=True), name="one_latest_evaluation"
            )
        ]
        indexes = [
            models.Index(fields=["account", "-evaluated_at"], name="evaluation_history_idx"),
            models.Index(
                fields=["-last_signal_on", "-score", "id"],
                condition=Q(is_latest=True, ready=True),
                name="evaluation_ready_queue_idx",
            ),
            models.Index(
                fields=["-last_signal_on", "-score", "id"],
                condition=Q(is_latest=True, borderline=True),
                name="evaluation_borderline_idx",
            ),
            models.Index(
                fields=["-score", "id"],
                condition=Q(is_latest=True, engaged=True),
                name="evaluation_engaged_idx",
            ),
            # Counting a queue (its pager, the borderline total) joins accounts and handovers
            # by account: from these the count never reads the verdicts' rows (~3 kB each).
            *[
                models.Index(
                    fields=["account"],
                    condition=Q(is_latest=True, **{flag: True}),
                    name=f"evaluation_{flag}_accounts",
                )
                for flag in ("ready", "borderline", "engaged")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.account_id} v{self.rule_set_id} {self.level} {self.score}"


class RunKind(models.TextChoices):
    FULL = "full", _("All accounts")
    INCREMENTAL = "incremental", _("Some accounts")


class QualificationRun(models.Model):
    """A recompute: when, under which rules, how many accounts, how many new verdicts."""

    kind = models.CharField(max_length=12, choices=RunKind.choices)
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="runs")
    as_of = models.DateTimeField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    accounts = models.PositiveIntegerField()
    written = models.PositiveIntegerField()
    level_changes = models.PositiveIntegerField()

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["kind", "-started_at"], name="qualification_run_kind_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.started_at:%Y-%m-%d %H:%M}"
