"""The industries of the demo accounts and what goes with each: names, revenue per head."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Industry:
    label: str  # stored in ``Account.industry``
    weight: int
    # words that may follow the company stem, per language of the company
    words: dict[str, tuple[str, ...]]
    revenue_per_head_k: tuple[int, int]  # estimated revenue per employee, thousands of euros
    phrase: str  # how a French marketer names such a company ("Éditeur SaaS")


INDUSTRIES: tuple[Industry, ...] = (
    Industry(
        "SaaS / Logiciel",
        20,
        {
            "fr": ("Software", "Technologies", "Cloud"),
            "de": ("Software", "Digital"),
            "en": ("Software", "Labs", "Cloud"),
            "es": ("Software", "Tecnologías"),
        },
        (110, 200),
        "Éditeur SaaS",
    ),
    Industry(
        "Industrie",
        14,
        {
            "fr": ("Industries", "Mécanique", "Composites"),
            "de": ("Maschinenbau", "Industrietechnik", "Werkzeugbau"),
            "en": ("Manufacturing", "Engineering"),
            "es": ("Industrial", "Ingeniería"),
        },
        (180, 280),
        "ETI industrielle",
    ),
    Industry(
        "Banque & Assurance",
        10,
        {
            "fr": ("Assurances", "Finance", "Patrimoine"),
            "de": ("Versicherung", "Finanz"),
            "en": ("Insurance", "Capital"),
            "es": ("Seguros", "Finanzas"),
        },
        (250, 450),
        "Acteur de la banque-assurance",
    ),
    Industry(
        "Retail",
        9,
        {
            "fr": ("Distribution", "Commerce", "Maison"),
            "de": ("Handel", "Warenhaus"),
            "en": ("Retail", "Stores"),
            "es": ("Distribución", "Comercial"),
        },
        (150, 260),
        "Enseigne retail",
    ),
    Industry(
        "Santé",
        9,
        {
            "fr": ("Santé", "Médical", "Pharma"),
            "de": ("Medizintechnik", "Pharma"),
            "en": ("Health", "Medical"),
            "es": ("Salud", "Farma"),
        },
        (150, 260),
        "Acteur de la santé",
    ),
    Industry(
        "Logistique",
        9,
        {
            "fr": ("Logistique", "Transports", "Fret"),
            "de": ("Logistik", "Spedition"),
            "en": ("Logistics", "Freight"),
            "es": ("Logística", "Transportes"),
        },
        (130, 220),
        "Logisticien",
    ),
    Industry(
        "Énergie",
        7,
        {
            "fr": ("Énergies", "Solaire", "Renouvelables"),
            "de": ("Energie", "Solar"),
            "en": ("Energy", "Power"),
            "es": ("Energía", "Renovables"),
        },
        (300, 600),
        "Acteur de l'énergie",
    ),
    Industry(
        "Conseil",
        8,
        {
            "fr": ("Conseil", "Partners", "Consulting"),
            "de": ("Consulting", "Beratung"),
            "en": ("Consulting", "Advisory", "Partners"),
            "es": ("Consultores", "Consulting"),
        },
        (100, 170),
        "Cabinet de conseil",
    ),
    Industry(
        "Agroalimentaire",
        7,
        {
            "fr": ("Alimentaire", "Foods", "Gourmet"),
            "de": ("Lebensmittel", "Feinkost"),
            "en": ("Foods", "Brands"),
            "es": ("Alimentación", "Foods"),
        },
        (200, 350),
        "Groupe agroalimentaire",
    ),
    Industry(
        "Telecom",
        7,
        {
            "fr": ("Télécom", "Networks", "Fibre"),
            "de": ("Netzwerke", "Telekommunikation"),
            "en": ("Telecom", "Networks"),
            "es": ("Telecomunicaciones", "Redes"),
        },
        (220, 400),
        "Opérateur télécom",
    ),
)

INDUSTRY_BY_LABEL: dict[str, Industry] = {i.label: i for i in INDUSTRIES}
