"""Forms of the account pages.

Django forms render the fields and do the HTML-level validation (types, lengths, choices) with
translated messages; the pydantic schemas of ``baton.accounts.schemas`` stay the one authority
on what is valid. ``to_schema`` builds the schema from a bound form and puts its errors on the
right field; ``add_domain_error`` does the same for a service's ``DomainError``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ValidationError

from baton.accounts.domains import SEPARATORS, InvalidDomainError, normalize_domain
from baton.accounts.models import (
    Account,
    BuyingTiming,
    CommitteeRole,
    Contact,
    ContactApproach,
    JourneyStage,
    Level,
    PainOrigin,
    SignalKind,
    Tier,
)
from baton.accounts.selectors import SORTS
from baton.core.errors import DomainError
from baton.core.money import CURRENCY_CHOICES, DEFAULT_CURRENCY
from baton.users.models import User

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# Schema (and service) field names that differ from the form's.
FIELD_ALIASES = {
    "marketing_owner_id": "marketing_owner",
    "sales_owner_id": "sales_owner",
    "contact_id": "contact",
}

# What a service refusal means, per field, in the user's language. The service's own reason
# (English, with the details) is kept for fields not listed here.
DOMAIN_ERROR_MESSAGES: dict[str, _StrPromise] = {
    "domains": _("One of these domains already belongs to another account."),
    "external_id": _("This external id is already used by another record."),
    "marketing_owner_id": _("This user is not an active user."),
    "sales_owner_id": _("This user is not an active user."),
    "email": _("This email address is already used by another committee member."),
    "contact_id": _("This person is not a member of this account's buying committee."),
    "budget_min": _("The lower bound of the budget is above its upper bound."),
}

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _form_field(form: forms.Form, name: str | None) -> str | None:
    name = FIELD_ALIASES.get(name or "", name)
    return name if name in form.fields else None


def to_schema[S: BaseModel](form: forms.Form, schema: type[S], data: dict[str, Any]) -> S | None:
    """``schema(**data)``, or ``None`` with the schema's errors added to ``form``."""
    try:
        return schema(**data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = error["loc"][0] if error["loc"] else None
            message = str(error["msg"]).removeprefix("Value error, ")
            form.add_error(_form_field(form, str(loc) if loc is not None else None), message)
        return None


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the field it names (or above the form)."""
    message = DOMAIN_ERROR_MESSAGES.get(exc.field or "")
    form.add_error(_form_field(form, exc.field), message if message is not None else exc.reason)


def active_users() -> QuerySet[User]:
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "email")


class _Form(forms.Form):
    """No ``:`` after labels (the layout separates label and field)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _text(label: _StrPromise, *, max_length: int = 200, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required)


def _area(label: _StrPromise, *, rows: int = 4, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=5000, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


# ---------- Accounts ----------


class AccountForm(_Form):
    name = _text(_("Company name"), required=True)
    domains = forms.CharField(
        label=_("Web domains"),
        max_length=2000,
        required=False,
        help_text=_("Separated by ; or spaces, e.g. acme.fr; acme.com. The first is the main one."),
    )
    industry = _text(_("Industry"), max_length=100)
    employees = forms.IntegerField(label=_("Employees"), min_value=0, required=False)
    annual_revenue = forms.DecimalField(
        label=_("Estimated revenue"),
        min_value=0,
        max_digits=16,
        decimal_places=2,
        required=False,
    )
    revenue_currency = forms.ChoiceField(
        label=_("Currency"), choices=CURRENCY_CHOICES, initial=DEFAULT_CURRENCY
    )
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        required=False,
        help_text=_("Two-letter ISO code, e.g. FR."),
    )
    region = _text(_("Region"), max_length=100)
    territory = _text(_("Territory"), max_length=100)
    tier = forms.ChoiceField(
        label=_("ABM tier"), choices=[("", _("No tier")), *Tier.choices], required=False
    )
    is_target = forms.BooleanField(label=_("Target account"), required=False, initial=True)
    targeted_on = forms.DateField(
        label=_("Added to the target list on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Today when left empty."),
    )
    targeting_reason = _area(_("Reason for targeting"), rows=4)
    marketing_owner = forms.ModelChoiceField(
        label=_("Marketing owner"), queryset=User.objects.none(), required=False
    )
    sales_owner = forms.ModelChoiceField(
        label=_("Sales owner"), queryset=User.objects.none(), required=False
    )
    journey_stage = forms.ChoiceField(
        label=_("Journey stage"), choices=JourneyStage.choices, initial=JourneyStage.AWARENESS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = active_users()
        self.fields["marketing_owner"].queryset = users  # type: ignore[attr-defined]
        self.fields["sales_owner"].queryset = users  # type: ignore[attr-defined]

    def clean_domains(self) -> str:
        raw = str(self.cleaned_data.get("domains") or "")
        for part in SEPARATORS.split(raw.strip()):
            if not part:
                continue
            try:
                normalize_domain(part)
            except InvalidDomainError:
                raise forms.ValidationError(
                    _("“%(value)s” is not a web domain (expected e.g. acme.fr)."),
                    code="invalid_domain",
                    params={"value": part},
                ) from None
        return raw

    def clean_country(self) -> str:
        value = str(self.cleaned_data.get("country") or "").strip().upper()
        if value and (len(value) != 2 or not value.isalpha()):
            raise forms.ValidationError(
                _("Enter a two-letter ISO country code such as FR."), code="country"
            )
        return value

    @staticmethod
    def initial_for(account: Account) -> dict[str, Any]:
        return {
            "name": account.name,
            "domains": "; ".join(d.domain for d in account.domains.all()),
            "industry": account.industry,
            "employees": account.employees,
            "annual_revenue": account.annual_revenue,
            "revenue_currency": account.revenue_currency,
            "country": account.country,
            "region": account.region,
            "territory": account.territory,
            "tier": account.tier,
            "is_target": account.is_target,
            "targeted_on": account.targeted_on,
            "targeting_reason": account.targeting_reason,
            "marketing_owner": account.marketing_owner_id,
            "sales_owner": account.sales_owner_id,
            "journey_stage": account.journey_stage,
        }

    def schema_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        marketing, sales = data.pop("marketing_owner"), data.pop("sales_owner")
        data["marketing_owner_id"] = marketing.pk if marketing else None
        data["sales_owner_id"] = sales.pk if sales else None
        if data.get("targeted_on") is None and data.get("is_target"):
            # A target without a date keeps the one it has (or gets today's on creation).
            data.pop("targeted_on", None)
        return data


# ---------- The list's search and filters ----------


class AccountFilterForm(_Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    tier = forms.ChoiceField(
        label=_("Tier"), choices=[("", _("All tiers")), *Tier.choices], required=False
    )
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All levels")), *Level.choices], required=False
    )
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, empty_value=None, required=False)
    territory = forms.ChoiceField(label=_("Territory"), required=False)
    sort = forms.ChoiceField(choices=[(s, s) for s in SORTS], required=False)

    def __init__(
        self,
        *args: Any,
        industries: list[str],
        territories: list[str],
        owners: list[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = [  # type: ignore[attr-defined]
            ("", _("All industries")),
            *[(i, i) for i in industries],
        ]
        self.fields["territory"].choices = [  # type: ignore[attr-defined]
            ("", _("All territories")),
            *[(t, t) for t in territories],
        ]
        self.fields["owner"].choices = [  # type: ignore[attr-defined]
            ("", _("All owners")),
            *[(u.pk, u.display_name) for u in owners],
        ]

    def values(self) -> dict[str, Any]:
        """The valid filters; an invalid one (e.g. a stale link) is ignored, not an error."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}


# ---------- Buying committee ----------


class ContactForm(_Form):
    first_name = _text(_("First name"), max_length=100, required=True)
    last_name = _text(_("Last name"), max_length=100)
    title = _text(_("Job title"))
    email = forms.EmailField(label=_("Email"), required=False)
    phone = _text(_("Phone"), max_length=40)
    linkedin_url = forms.URLField(
        label=_("LinkedIn URL"),
        required=False,
        assume_scheme="https",
        help_text=_("e.g. https://www.linkedin.com/in/jane-doe"),
    )
    topics = _area(_("Topics of interest"), rows=2)
    committee_role = forms.ChoiceField(
        label=_("Committee role"), choices=CommitteeRole.choices, initial=CommitteeRole.UNKNOWN
    )
    is_identified = forms.BooleanField(label=_("Identified"), required=False, initial=True)
    is_reachable = forms.BooleanField(label=_("Reachable"), required=False)
    is_engaged = forms.BooleanField(label=_("Engaged"), required=False)
    approach = forms.ChoiceField(
        label=_("Approach"),
        choices=ContactApproach.choices,
        initial=ContactApproach.AUTO,
        help_text=_(
            "Automatic: reachable decision makers and champions first, blockers avoided, "
            "everyone else influenced."
        ),
    )
    notes = _area(_("Notes"), rows=3)

    def clean_linkedin_url(self) -> str:
        value = str(self.cleaned_data.get("linkedin_url") or "")
        if value and "linkedin.com/" not in value:
            raise forms.ValidationError(
                _("Enter a LinkedIn profile URL (https://www.linkedin.com/in/…)."), code="linkedin"
            )
        return value

    @staticmethod
    def initial_for(contact: Contact) -> dict[str, Any]:
        return {name: getattr(contact, name) for name in ContactForm.base_fields}


# ---------- Buying signals ----------


class SignalForm(_Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SignalKind.choices)
    description = _area(_("Description"), rows=3, required=True)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    source = _text(_("Source"))
    source_url = forms.URLField(
        label=_("Source link"), max_length=200, required=False, assume_scheme="https"
    )
    is_confirmed = forms.BooleanField(
        label=_("Confirmed"),
        required=False,
        help_text=_("A confirmed buying signal, not just passive consumption."),
    )
    contact = forms.ModelChoiceField(
        label=_("Person"), queryset=Contact.objects.none(), required=False
    )

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = account.contacts.all()  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(signal: Any) -> dict[str, Any]:
        return {
            "kind": signal.kind,
            "description": signal.description,
            "occurred_on": signal.occurred_on,
            "source": signal.source,
            "source_url": signal.source_url,
            "is_confirmed": signal.is_confirmed,
            "contact": signal.contact_id,
        }

    def schema_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        contact = data.pop("contact")
        data["contact_id"] = contact.pk if contact else None
        return data


# ---------- Context and needs ----------


class ContextForm(_Form):
    budget_min = forms.DecimalField(
        label=_("Budget from"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    budget_max = forms.DecimalField(
        label=_("Budget up to"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    budget_currency = forms.ChoiceField(
        label=_("Currency"), choices=CURRENCY_CHOICES, initial=DEFAULT_CURRENCY
    )
    timing = forms.ChoiceField(
        label=_("Probable buying timing"), choices=BuyingTiming.choices, initial="unknown"
    )
    competitors = _area(_("Competitors and incumbent tools"), rows=2)
    tech_stack = _area(_("Technology stack"), rows=2)
    note = _area(_("Context note"), rows=5)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("budget_min"), data.get("budget_max")
        if low is not None and high is not None and low > high:
            self.add_error("budget_min", DOMAIN_ERROR_MESSAGES["budget_min"])
        return data

    @staticmethod
    def initial_for(context: Any) -> dict[str, Any]:
        return {name: getattr(context, name) for name in ContextForm.base_fields}


class PainForm(_Form):
    prefix = "pain"  # the dossier shows this form beside the project form
    description = _area(_("Pain"), rows=2, required=True)
    origin = forms.ChoiceField(
        label=_("Origin"), choices=PainOrigin.choices, initial=PainOrigin.DETECTED
    )
    source = _text(_("Source"))


class ProjectForm(_Form):
    prefix = "project"
    description = _area(_("Project"), rows=2, required=True)
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_("e.g. a LinkedIn post, a press release"),
    )
    source_url = forms.URLField(
        label=_("Source link"), max_length=200, required=False, assume_scheme="https"
    )
    noted_on = forms.DateField(label=_("Noted on"), required=False, widget=DATE_WIDGET)
