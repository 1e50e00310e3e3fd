"""Base model and the audit trail shared by every app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One row per change of state, written in the same transaction as the change.

    ``target_type`` is the model label (``accounts.account``), ``target_id`` its primary key;
    ``changes`` maps a field to ``[before, after]``.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-at"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append an audit row for ``target``. Call inside the transaction that made the change."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        changes=changes or {},
        reason=reason,
    )


class ImportJobState(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """The dry run or the import of a big upload, run by the worker while the page shows its
    progress (``baton.core.importing.jobs``).

    The upload itself (data file and JSON sidecar) lives in ``MEDIA_ROOT/imports`` under
    ``token``; this row is what the worker claims. One row per upload and step. A run whose
    worker died (``claimed_until`` passed) is taken again: an import is one transaction, so
    the dead run left nothing behind.
    """

    token = models.CharField(max_length=64)
    dry_run = models.BooleanField(_("dry run"))
    kind = models.CharField(_("kind"), max_length=40)
    filename = models.CharField(_("file"), max_length=255)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ImportJobState.choices, default=ImportJobState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        constraints = [
            models.UniqueConstraint(fields=["token", "dry_run"], name="import_job_step_unique")
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="import_job_due")]

    def __str__(self) -> str:
        return f"{'dry run' if self.dry_run else 'import'} {self.filename} ({self.state})"
