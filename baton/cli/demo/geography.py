"""Countries of the demo accounts: weights, regions and sales territories, money, web TLDs."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from baton.cli.demo.random_source import weighted

COUNTRY_WEIGHTS: dict[str, int] = {
    "FR": 62,
    "DE": 8,
    "BE": 7,
    "GB": 7,
    "CH": 5,
    "ES": 5,
    "US": 4,
    "CA": 2,
}

# country → {(region, sales territory): weight}
REGIONS: dict[str, dict[tuple[str, str], int]] = {
    "FR": {
        ("Île-de-France", "Île-de-France"): 40,
        ("Auvergne-Rhône-Alpes", "Auvergne-Rhône-Alpes"): 15,
        ("Hauts-de-France", "Hauts-de-France"): 9,
        ("Bretagne", "Grand Ouest"): 7,
        ("Pays de la Loire", "Grand Ouest"): 7,
        ("Nouvelle-Aquitaine", "Grand Ouest"): 6,
        ("Occitanie", "Sud"): 8,
        ("Provence-Alpes-Côte d'Azur", "Sud"): 8,
    },
    "DE": {
        ("Bayern", "DACH"): 3,
        ("Hamburg", "DACH"): 2,
        ("Nordrhein-Westfalen", "DACH"): 3,
        ("Baden-Württemberg", "DACH"): 2,
        ("Berlin", "DACH"): 2,
    },
    "CH": {("Genève", "DACH"): 2, ("Vaud", "DACH"): 2, ("Zürich", "DACH"): 3},
    "BE": {
        ("Bruxelles-Capitale", "Benelux"): 3,
        ("Flandre", "Benelux"): 2,
        ("Wallonie", "Benelux"): 2,
    },
    "GB": {
        ("London", "UK & Ireland"): 4,
        ("Greater Manchester", "UK & Ireland"): 2,
        ("Scotland", "UK & Ireland"): 1,
    },
    "ES": {("Madrid", "Iberia"): 3, ("Catalogne", "Iberia"): 2},
    "CA": {("Québec", "North America"): 3, ("Ontario", "North America"): 2},
    "US": {
        ("New York", "North America"): 3,
        ("Massachusetts", "North America"): 2,
        ("Californie", "North America"): 2,
        ("Illinois", "North America"): 1,
    },
}

# Units of each currency for one euro (rounded, good enough for a demo).
CURRENCY_BY_COUNTRY: dict[str, str] = {"GB": "GBP", "CH": "CHF", "US": "USD", "CA": "CAD"}
PER_EURO: dict[str, Decimal] = {
    "EUR": Decimal("1"),
    "GBP": Decimal("0.85"),
    "CHF": Decimal("0.95"),
    "USD": Decimal("1.08"),
    "CAD": Decimal("1.47"),
}

TLD: dict[str, str] = {
    "FR": "fr",
    "DE": "de",
    "BE": "be",
    "GB": "co.uk",
    "CH": "ch",
    "ES": "es",
    "US": "com",
    "CA": "ca",
}

LANGUAGE_BY_COUNTRY: dict[str, str] = {"DE": "de", "GB": "en", "US": "en", "ES": "es"}
LANGUAGE_BY_REGION: dict[str, str] = {"Zürich": "de", "Flandre": "en", "Ontario": "en"}


def company_language(country: str, region: str) -> str:
    """The language of a company's name and of its people's job titles (fr, de, en, es)."""
    return LANGUAGE_BY_REGION.get(region) or LANGUAGE_BY_COUNTRY.get(country, "fr")


@dataclass(frozen=True)
class Place:
    country: str
    region: str
    territory: str
    language: str  # language of the company's name and of its people's job titles
    currency: str


def draw_place(rng: random.Random) -> Place:
    country = weighted(rng, COUNTRY_WEIGHTS)
    region, territory = weighted(rng, REGIONS[country])
    currency = CURRENCY_BY_COUNTRY.get(country, "EUR")
    return Place(country, region, territory, company_language(country, region), currency)


def from_euros(amount: Decimal, currency: str) -> Decimal:
    return amount * PER_EURO[currency]
