"""The one input schema of an interaction event, shared by the three doors (SPEC R-2.1).

The CSV importer, the batch endpoint and the signed webhook all validate each event with
:class:`InteractionIn`, so they agree on what is valid. Plain pydantic, like
``baton.accounts.schemas``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.utils import timezone
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator

from baton.accounts.domains import InvalidDomainError, normalize_domain
from baton.core.importing.parsing import normalise_word, parse_datetime
from baton.engagement.matching import page_category_for
from baton.engagement.models import InteractionType, PageCategory

TYPES: tuple[str, ...] = tuple(InteractionType.values)
PAGE_CATEGORIES: tuple[str, ...] = tuple(PageCategory.values)

# French and English words a spreadsheet may use for a page category.
_PAGE_WORDS = {
    "tarif": "pricing",
    "tarifs": "pricing",
    "prix": "pricing",
    "price": "pricing",
    "prices": "pricing",
    "etude_de_cas": "case_study",
    "etudes_de_cas": "case_study",
    "cas_client": "case_study",
    "case_studies": "case_study",
    "produit": "product",
    "produits": "product",
    "products": "product",
    "autre": "other",
}


class InteractionIn(BaseModel):
    """One event. ``occurred_at`` without an offset is read in the workspace time zone."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid", populate_by_name=True)

    external_id: Annotated[str, Field(min_length=1, max_length=200)]
    type: str
    occurred_at: dt.datetime
    domain: Annotated[str, Field(max_length=253)] | None = None
    email: Annotated[str, Field(max_length=254)] | None = Field(
        default=None, validation_alias=AliasChoices("email", "contact_email")
    )
    page_url: Annotated[str, Field(max_length=500)] | None = None
    page_category: str | None = None
    asset: Annotated[str, Field(max_length=100)] | None = None
    campaign: Annotated[str, Field(max_length=200)] | None = None
    channel: Annotated[str, Field(max_length=50)] | None = None
    source: Annotated[str, Field(max_length=50)] | None = None
    asked_questions: bool = False
    networked: bool = False
    question: Annotated[str, Field(max_length=5000)] | None = None

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, value: Any) -> Any:
        if not isinstance(value, str) or value in TYPES:
            return value
        word = normalise_word(value)
        if word not in TYPES:
            raise ValueError(f"must be one of {', '.join(TYPES)} (got {value.strip()!r})")
        return word

    @field_validator("occurred_at", mode="before")
    @classmethod
    def _occurred_at(cls, value: Any) -> Any:
        if isinstance(value, str):
            return parse_datetime(value, tz=timezone.get_default_timezone())
        return value

    @field_validator("occurred_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.get_default_timezone())
        return value

    @field_validator("domain")
    @classmethod
    def _domain(cls, value: str | None) -> str | None:
        if not value:
            return None
        try:
            return normalize_domain(value)
        except InvalidDomainError as exc:
            raise ValueError(str(exc)) from exc

    @field_validator("email", mode="before")
    @classmethod
    def _email_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value.strip().lower() or None
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        # A cheap check (a million rows go through here): one @, a valid web domain after it.
        if value is None:
            return None
        local, at, domain = value.rpartition("@")
        if not at or not local or any(c.isspace() for c in local) or "@" in local:
            raise ValueError(f"must be an email address such as claire@acme.fr (got {value!r})")
        try:
            normalize_domain(domain)
        except InvalidDomainError:
            raise ValueError(
                f"must be an email address such as claire@acme.fr (got {value!r})"
            ) from None
        return value

    @field_validator("page_category", mode="before")
    @classmethod
    def _page_category(cls, value: Any) -> Any:
        if not isinstance(value, str) or value in PAGE_CATEGORIES:
            return value
        word = normalise_word(value)
        word = _PAGE_WORDS.get(word, word)
        if word and word not in PAGE_CATEGORIES:
            raise ValueError(f"must be one of {', '.join(PAGE_CATEGORIES)} (got {value.strip()!r})")
        return word or None

    @field_validator("page_url")
    @classmethod
    def _page_url(cls, value: str | None) -> str | None:
        if value and any(c.isspace() for c in value):
            raise ValueError("must be a web address without spaces")
        return value or None

    @field_validator("asset")
    @classmethod
    def _asset(cls, value: str | None) -> str | None:
        return value.lower() if value else None

    @model_validator(mode="after")
    def _identified(self) -> InteractionIn:
        if not self.domain and not self.email:
            raise ValueError(
                "give an email or a company domain: nothing else can match the event to an account"
            )
        if self.type == InteractionType.WEB_VISIT and not self.page_category and self.page_url:
            self.page_category = page_category_for(self.page_url)
        return self
