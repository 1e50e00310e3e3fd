"""Forms of the handover pages: they parse and validate input; services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baton.accounts.bands import SIZE_BAND_CODES
from baton.core.money import CURRENCY_CHOICES, DEFAULT_CURRENCY
from baton.handovers.assignment import DEAL_BAND_CODES
from baton.handovers.models import (
    AssignmentRule,
    ContactChannel,
    DisqualifyReason,
    HandoverSettings,
    Outcome,
    QualificationAnswer,
)


class ProposeForm(forms.Form):
    note = forms.CharField(
        label=_("Note for sales"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the account does not pass the whole checklist."),
    )
    expected_amount = forms.DecimalField(
        label=_("Expected deal size"), required=False, min_value=0, decimal_places=2
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=CURRENCY_CHOICES, initial=DEFAULT_CURRENCY
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


def _slots() -> list[tuple[str, str]]:
    return [(f"{h:02d}:{m:02d}", f"{h:02d}:{m:02d}") for h in range(8, 19) for m in (0, 15, 30, 45)]


class BriefingForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    slot = forms.ChoiceField(label=_("15-minute slot"), choices=_slots, initial="10:00")

    def moment(self) -> dt.datetime:
        hour, minute = (int(x) for x in self.cleaned_data["slot"].split(":"))
        naive = dt.datetime.combine(self.cleaned_data["on"], dt.time(hour, minute))
        return timezone.make_aware(naive)


class FirstContactForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=ContactChannel.choices)
    on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    note = forms.CharField(label=_("Note"), required=False)


class MeetingForm(forms.Form):
    on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    note = forms.CharField(label=_("Note"), required=False)


class OpportunityForm(forms.Form):
    deal = forms.TypedChoiceField(
        label=_("Existing deal"), required=False, coerce=int, empty_value=None
    )
    name = forms.CharField(label=_("New deal name"), required=False)
    amount = forms.DecimalField(label=_("Amount"), required=False, min_value=0, decimal_places=2)
    currency = forms.ChoiceField(
        label=_("Currency"), choices=CURRENCY_CHOICES, initial=DEFAULT_CURRENCY
    )

    def __init__(self, *args: Any, deals: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["deal"])
        field.choices = [("", _("— create a new deal —"))] + [
            (d.pk, f"{d.name} ({d.amount} {d.currency})") for d in (deals or [])
        ]


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (required when lost)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DisqualifyForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Reason"), choices=DisqualifyReason.choices)
    note = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReassignForm(forms.Form):
    rep = forms.ModelChoiceField(label=_("Rep"), queryset=get_user_model().objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, reps: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Any]", self.fields["rep"])
        field.queryset = reps


class FeedbackForm(forms.Form):
    qualification_right = forms.ChoiceField(
        label=_("Was the qualification right?"),
        choices=QualificationAnswer.choices,
        widget=forms.RadioSelect,
    )
    info_useful = forms.ChoiceField(
        label=_("Was the information useful?"),
        choices=QualificationAnswer.choices,
        widget=forms.RadioSelect,
    )
    missing = forms.CharField(
        label=_("What was missing?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.ChoiceField(
        label=_("Outcome so far"), choices=Outcome.choices, widget=forms.RadioSelect
    )


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]


class ListField(forms.CharField):
    """A comma-separated list (stored as a JSON list)."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return _split(super().to_python(value) or "")


class RuleForm(forms.ModelForm):  # type: ignore[type-arg]
    territories = ListField(label=_("Territories"), required=False)
    countries = ListField(label=_("Countries (ISO codes)"), required=False)
    sectors = ListField(label=_("Sectors"), required=False)
    size_bands = forms.MultipleChoiceField(
        label=_("Size bands"),
        required=False,
        choices=[(c, c) for c in SIZE_BAND_CODES],
        widget=forms.CheckboxSelectMultiple,
    )
    deal_bands = forms.MultipleChoiceField(
        label=_("Deal size bands (€)"),
        required=False,
        choices=[(c, c) for c in DEAL_BAND_CODES],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AssignmentRule
        fields = [
            "order",
            "name",
            "territories",
            "countries",
            "sectors",
            "size_bands",
            "deal_bands",
            "rep",
            "pool",
            "is_active",
        ]

    def __init__(self, *args: Any, reps: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rep = cast("forms.ModelChoiceField[Any]", self.fields["rep"])
        rep.queryset = reps


class PoolForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    members = forms.ModelMultipleChoiceField(
        label=_("Reps"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, reps: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelMultipleChoiceField[Any]", self.fields["members"])
        field.queryset = reps


class TesterForm(forms.Form):
    account = forms.IntegerField(label=_("Account id"), min_value=1)
    amount = forms.DecimalField(
        label=_("Expected deal size"), required=False, min_value=0, decimal_places=2
    )


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class SettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    workdays = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    holidays = forms.CharField(
        label=_("Holidays"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One date per line, YYYY-MM-DD."),
    )

    class Meta:
        model = HandoverSettings
        fields = [
            "briefing_hours",
            "first_contact_hours",
            "reminder_hours",
            "escalation_hours",
            "feedback_first_days",
            "feedback_second_days",
            "feedback_reminder_days",
            "feedback_escalation_days",
            "support_days",
            "business_hours",
            "day_start",
            "day_end",
            "workdays",
            "holidays",
            "time_zone",
        ]
        widgets = {
            "day_start": forms.TimeInput(attrs={"type": "time"}),
            "day_end": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None and not self.is_bound:
            self.initial["workdays"] = self.instance.workdays or [0, 1, 2, 3, 4]
            self.initial["holidays"] = "\n".join(self.instance.holidays or [])

    def clean_holidays(self) -> list[str]:
        found = []
        for line in (self.cleaned_data.get("holidays") or "").split():
            try:
                found.append(dt.date.fromisoformat(line.strip()).isoformat())
            except ValueError:
                raise forms.ValidationError(
                    _("“%(value)s” is not a date (YYYY-MM-DD)."), params={"value": line}
                ) from None
        return sorted(set(found))

    def clean_time_zone(self) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        value = (self.cleaned_data.get("time_zone") or "").strip()
        if value:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise forms.ValidationError(_("Unknown time zone.")) from None
        return value
