"""The rule-set edit form: plain fields in, a rule-set configuration out (validated again by
``rules.parse_rule_set`` in the service)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baton.accounts.bands import REVENUE_BAND_CODES, SIZE_BAND_CODES
from baton.accounts.models import Tier
from baton.qualification import rules as qr
from baton.qualification.wording import ICP_LABELS, PAGE_LABELS, TOUCH_LABELS, WEIGHT_LABELS


def _choices(codes: tuple[str, ...], labels: dict[str, Any] | None = None) -> list[tuple[str, Any]]:
    return [(c, labels.get(c, c) if labels else c) for c in codes]


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


class RuleSetForm(forms.Form):
    industries = forms.CharField(
        label=ICP_LABELS["industries"],
        required=False,
        help_text=_("Comma-separated; empty means any sector."),
    )
    size_bands = forms.MultipleChoiceField(
        label=ICP_LABELS["size_bands"],
        required=False,
        choices=_choices(SIZE_BAND_CODES),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked means any size."),
    )
    revenue_bands = forms.MultipleChoiceField(
        label=ICP_LABELS["revenue_bands"],
        required=False,
        choices=_choices(REVENUE_BAND_CODES),
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.CharField(
        label=ICP_LABELS["countries"],
        required=False,
        help_text=_("ISO codes, comma-separated (FR, BE, CH); empty means any country."),
    )
    regions = forms.CharField(
        label=ICP_LABELS["regions"], required=False, help_text=_("Comma-separated; empty: any.")
    )
    tiers = forms.MultipleChoiceField(
        label=ICP_LABELS["tiers"],
        required=False,
        choices=Tier.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    min_interactions = forms.IntegerField(
        label=_("Significant interactions needed"), min_value=1, max_value=100
    )
    window_days = forms.IntegerField(label=_("Over how many days"), min_value=1, max_value=365)
    significant_types = forms.MultipleChoiceField(
        label=_("Significant interaction types"),
        choices=_choices(qr.INTERACTION_TYPES, TOUCH_LABELS),
        widget=forms.CheckboxSelectMultiple,
    )
    significant_page_categories = forms.MultipleChoiceField(
        label=_("Web visits count on these pages"),
        required=False,
        choices=_choices(qr.PAGE_CATEGORIES, PAGE_LABELS),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked means every page."),
    )
    key_pages = forms.MultipleChoiceField(
        label=_("Key pages"),
        required=False,
        choices=_choices(qr.PAGE_CATEGORIES, PAGE_LABELS),
        widget=forms.CheckboxSelectMultiple,
    )
    opens_required = forms.IntegerField(label=_("Emails opened"), min_value=1, max_value=50)
    opens_of_last = forms.IntegerField(
        label=_("Of the last emails sent"), min_value=1, max_value=50
    )
    signal_max_age_days = forms.IntegerField(
        label=_("A buying signal counts for (days)"), min_value=1, max_value=3650
    )
    qualitative_confirms_signal = forms.BooleanField(
        label=_(
            "A demo or pricing request, a precise question or active event participation "
            "confirms a buying signal"
        ),
        required=False,
    )
    require_reachable = forms.BooleanField(
        label=_("The decision maker must be reachable"), required=False
    )
    hot = forms.IntegerField(label=_("Hot from (score)"), min_value=1, max_value=100)
    warm = forms.IntegerField(label=_("Warm from (score)"), min_value=1, max_value=100)
    ready_at_least = forms.ChoiceField(
        label=_("An account ready for handover is at least"),
        choices=[("cold", _("cold")), ("warm", _("warm")), ("hot", _("hot"))],
    )
    note = forms.CharField(
        label=_("What changes and why"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        for key in qr.WEIGHT_KEYS:
            self.fields[f"w_{key}"] = forms.IntegerField(
                label=WEIGHT_LABELS[key], min_value=0, max_value=100
            )

    @property
    def weight_fields(self) -> list[Any]:
        return [self[f"w_{key}"] for key in qr.WEIGHT_KEYS]

    @classmethod
    def initial_from(cls, config: dict[str, Any]) -> dict[str, Any]:
        icp, eng, rd, lv = (
            config["icp"],
            config["engagement"],
            config["readiness"],
            config["levels"],
        )
        initial: dict[str, Any] = {
            "industries": ", ".join(icp["industries"]),
            "size_bands": icp["size_bands"],
            "revenue_bands": icp["revenue_bands"],
            "countries": ", ".join(icp["countries"]),
            "regions": ", ".join(icp["regions"]),
            "tiers": icp["tiers"],
            "min_interactions": eng["min_interactions"],
            "window_days": eng["window_days"],
            "significant_types": eng["significant_types"],
            "significant_page_categories": eng["significant_page_categories"],
            "key_pages": rd["key_pages"],
            "opens_required": rd["opens_required"],
            "opens_of_last": rd["opens_of_last"],
            "signal_max_age_days": rd["signal_max_age_days"],
            "qualitative_confirms_signal": rd["qualitative_confirms_signal"],
            "require_reachable": config["decision_maker"]["require_reachable"],
            "hot": lv["hot"],
            "warm": lv["warm"],
            "ready_at_least": lv["ready_at_least"],
        }
        for key, points in config["weights"].items():
            initial[f"w_{key}"] = points
        return initial

    def to_config(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "icp": {
                "industries": _csv(d["industries"]),
                "size_bands": list(d["size_bands"]),
                "revenue_bands": list(d["revenue_bands"]),
                "countries": [c.upper() for c in _csv(d["countries"])],
                "regions": _csv(d["regions"]),
                "tiers": list(d["tiers"]),
            },
            "engagement": {
                "min_interactions": d["min_interactions"],
                "window_days": d["window_days"],
                "significant_types": list(d["significant_types"]),
                "significant_page_categories": list(d["significant_page_categories"]),
            },
            "readiness": {
                "key_pages": list(d["key_pages"]),
                "opens_required": d["opens_required"],
                "opens_of_last": d["opens_of_last"],
                "signal_max_age_days": d["signal_max_age_days"],
                "qualitative_confirms_signal": d["qualitative_confirms_signal"],
            },
            "decision_maker": {"require_reachable": d["require_reachable"]},
            "levels": {"hot": d["hot"], "warm": d["warm"], "ready_at_least": d["ready_at_least"]},
            "weights": {key: d[f"w_{key}"] for key in qr.WEIGHT_KEYS},
        }
