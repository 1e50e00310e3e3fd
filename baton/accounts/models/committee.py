"""The buying committee (SPEC R-1.4): the people of an account and their roles."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from baton.accounts.models.account import Account
from baton.core.models import TimeStampedModel


class CommitteeRole(models.TextChoices):
    DECISION_MAKER = "decision_maker", _("Decision maker")
    CHAMPION = "champion", _("Champion")
    INFLUENCER = "influencer", _("Influencer")
    END_USER = "end_user", _("End user")
    BLOCKER = "blocker", _("Blocker")
    UNKNOWN = "unknown", _("Role not known yet")


class ContactApproach(models.TextChoices):
    """How to approach the person; ``auto`` lets ``committee.approach_for`` decide."""

    AUTO = "auto", _("Automatic")
    CONTACT_FIRST = "contact_first", _("Contact first")
    INFLUENCE = "influence", _("Influence")
    AVOID = "avoid", _("Avoid for now")


class Contact(TimeStampedModel):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    linkedin_url = models.URLField(_("LinkedIn URL"), blank=True)
    topics = models.TextField(_("topics of interest"), blank=True)
    committee_role = models.CharField(
        _("committee role"),
        max_length=20,
        choices=CommitteeRole.choices,
        default=CommitteeRole.UNKNOWN,
        db_index=True,
    )
    is_identified = models.BooleanField(_("identified"), default=True)
    is_reachable = models.BooleanField(_("reachable"), default=False)
    is_engaged = models.BooleanField(_("engaged"), default=False)
    approach = models.CharField(
        _("approach"), max_length=20, choices=ContactApproach.choices, default=ContactApproach.AUTO
    )
    notes = models.TextField(_("notes"), blank=True)
    external_id = models.CharField(
        _("external id"), max_length=100, null=True, blank=True, unique=True
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="contact_email_unique", condition=~Q(email="")
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @classmethod
    def with_emails(cls, emails: Iterable[str]) -> QuerySet[Contact]:
        """The contacts whose email, lower-cased, is one of ``emails`` (lower-case).

        The condition repeats the one of ``contact_email_unique`` so that the database
        searches that index instead of lower-casing every contact: an import asks once per
        batch, and a scan per batch made a big import quadratic."""
        found = cls.objects.annotate(lemail=Lower("email"))
        return found.filter(~Q(email=""), lemail__in=list(emails)).order_by()
