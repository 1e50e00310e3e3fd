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


# Longest text per field (characters); the fast CSV path applies the same limits.
MAX_LENGTHS = {
    "external_id": 200,
    "domain": 253,
    "email": 254,
    "page_url": 500,
    "asset": 100,
    "campaign": 200,
    "channel": 50,
    "source": 50,
    "question": 5000,
}
IDENTIFY = "give an email or a company domain: nothing else can match the event to an account"


# The rules of the fields, as plain functions: the pydantic model below calls them, and so
# does the fast path of the CSV importer (``baton.engagement.fastrows``), so that both doors
# accept and reject the same values. Each takes the stripped text and raises ``ValueError``.


def clean_type(value: str) -> str:
    if value in TYPES:
        return value
    word = normalise_word(value)
    if word not in TYPES:
        raise ValueError(f"must be one of {', '.join(TYPES)} (got {value.strip()!r})")
    return word


def clean_domain(value: str) -> str:
    try:
        return normalize_domain(value)
    except InvalidDomainError as exc:
        raise ValueError(str(exc)) from exc


def clean_email_text(value: str) -> str | None:
    """Before the length check: stripped and lower-cased (blank → no email)."""
    return value.strip().lower() or None


def clean_email(value: str) -> str:
    # A cheap check (a million rows go through here): one @, a valid web domain after it.
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


def clean_page_category(value: str) -> str | None:
    if value in PAGE_CATEGORIES:
        return value
    word = normalise_word(value)
    word = _PAGE_WORDS.get(word, word)
    if word and word not in PAGE_CATEGORIES:
        raise ValueError(f"must be one of {', '.join(PAGE_CATEGORIES)} (got {value.strip()!r})")
    return word or None


def clean_page_url(value: str) -> str | None:
    if value and any(c.isspace() for c in value):
        raise ValueError("must be a web address without spaces")
    return value or None


def clean_asset(value: str) -> str | None:
    return value.lower() if value else None


def implied_page_category(
    type_: str, page_category: str | None, page_url: str | None
) -> str | None:
    """A web visit without a category takes the one its address suggests."""
    if type_ == InteractionType.WEB_VISIT and not page_category and page_url:
        return page_category_for(page_url)
    return page_category


class InteractionIn(BaseModel):
    """One event. ``occurred_at`` without an offset is read in the workspace time zone."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid", populate_by_name=True)

    external_id: Annotated[str, Field(min_length=1, max_length=MAX_LENGTHS["external_id"])]
    type: str
    occurred_at: dt.datetime
    domain: Annotated[str, Field(max_length=MAX_LENGTHS["domain"])] | None = None
    email: Annotated[str, Field(max_length=MAX_LENGTHS["email"])] | None = Field(
        default=None, validation_alias=AliasChoices("email", "contact_email")
    )
    page_url: Annotated[str, Field(max_length=MAX_LENGTHS["page_url"])] | None = None
    page_category: str | None = None
    asset: Annotated[str, Field(max_length=MAX_LENGTHS["asset"])] | None = None
    campaign: Annotated[str, Field(max_length=MAX_LENGTHS["campaign"])] | None = None
    channel: Annotated[str, Field(max_length=MAX_LENGTHS["channel"])] | None = None
    source: Annotated[str, Field(max_length=MAX_LENGTHS["source"])] | None = None
    asked_questions: bool = False
    networked: bool = False
    question: Annotated[str, Field(max_length=MAX_LENGTHS["question"])] | None = None

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        return clean_type(value)

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
        return clean_domain(value) if value else None

    @field_validator("email", mode="before")
    @classmethod
    def _email_text(cls, value: Any) -> Any:
        return clean_email_text(value) if isinstance(value, str) else value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        return None if value is None else clean_email(value)

    @field_validator("page_category", mode="before")
    @classmethod
    def _page_category(cls, value: Any) -> Any:
        return clean_page_category(value) if isinstance(value, str) else value

    @field_validator("page_url")
    @classmethod
    def _page_url(cls, value: str | None) -> str | None:
        return clean_page_url(value) if value is not None else None

    @field_validator("asset")
    @classmethod
    def _asset(cls, value: str | None) -> str | None:
        return clean_asset(value) if value is not None else None

    @model_validator(mode="after")
    def _identified(self) -> InteractionIn:
        if not self.domain and not self.email:
            raise ValueError(IDENTIFY)
        self.page_category = implied_page_category(self.type, self.page_category, self.page_url)
        return self
