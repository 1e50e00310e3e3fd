"""Target accounts: fictional but plausible French and international B2B companies."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from baton.accounts.bands import size_band
from baton.accounts.models import Account, AccountDomain, JourneyStage, Level, Tier
from baton.cli.demo.geography import TLD, Place, draw_place, from_euros
from baton.cli.demo.industries import INDUSTRIES, Industry
from baton.cli.demo.narratives import targeting_reason
from baton.cli.demo.random_source import ascii_slug, weighted, words
from baton.cli.demo.users import REPS_BY_TERRITORY
from baton.users.models import User

# Invented stems: two syllables make "Hexalis", "Corvane", "Quaravel"…
STEM_HEADS = words(
    "Hexa Nova Alti Lumi Orva Quara Sela Tria Valo Cyra Dori Kera Mira Pola Zeni Arca Bora "
    "Cala Elva Fira Gala Iso Kali Lyra Moda Nexa Opti Prisma Rava Sora Tera Ulma Vira Xeno "
    "Corva Aldi Bela Deva Estra Frela Helio Ivo Jura Kova Lago Meri Noma Ombra Pira Rhea"
)
STEM_TAILS = words(
    "lis tec via nor dis lia tis ron mon rix vel sys gram zen dor lux mak ris tan vane"
)
# Stems in the local language, used now and then for German, English and Spanish companies.
LOCAL_STEMS: dict[str, tuple[str, ...]] = {
    "de": tuple(
        words("Nordwind Bergfeld Sonnenthal Eichwald Falkenau Lindenhof Wolkenberg Hainbach")
    ),
    "en": words("Kestrel Harbourview Bramley Ashcombe Redfern Thornbury Whitlock Larkspur"),
    "es": tuple(
        words("Altamar Costaluz Vientosur Marisierra Solvento Peñablanca Riomar Tierraviva")
    ),
}
LEGAL_FORMS: dict[str, dict[str, int]] = {
    "FR": {"": 6, "SAS": 2, "SA": 1},
    "BE": {"SA": 2, "NV": 2, "": 1},
    "CH": {"SA": 2, "AG": 2},
    "DE": {"GmbH": 4, "AG": 1},
    "GB": {"Ltd": 4, "plc": 1},
    "US": {"Inc.": 3, "Corp.": 1},
    "CA": {"Inc.": 3, "": 1},
    "ES": {"S.L.": 3, "S.A.": 1},
}
GROUP_WORD = {"fr": "Groupe", "es": "Grupo", "de": "", "en": ""}

# Head count bands (lower, upper) and how often each appears among the targets.
HEADCOUNTS: dict[tuple[int, int], int] = {
    (15, 50): 8,
    (51, 200): 30,
    (201, 500): 26,
    (501, 1000): 16,
    (1001, 5000): 15,
    (5001, 25000): 5,
}
LEVELS: dict[str, int] = {Level.HOT: 20, Level.WARM: 35, Level.COLD: 45}
SCORES: dict[str, tuple[int, int]] = {
    Level.HOT: (70, 96),
    Level.WARM: (40, 69),
    Level.COLD: (5, 39),
}
TIERS: dict[str, dict[str, int]] = {
    Level.HOT: {Tier.TIER_1: 4, Tier.TIER_2: 4, Tier.TIER_3: 2},
    Level.WARM: {Tier.TIER_1: 2, Tier.TIER_2: 4, Tier.TIER_3: 4},
    Level.COLD: {Tier.TIER_1: 1, Tier.TIER_2: 3, Tier.TIER_3: 6},
}
STAGES: dict[str, dict[str, int]] = {
    Level.HOT: {JourneyStage.CONSIDERATION: 3, JourneyStage.DECISION: 2},
    Level.WARM: {JourneyStage.INTEREST: 3, JourneyStage.CONSIDERATION: 2},
    Level.COLD: {JourneyStage.AWARENESS: 3, JourneyStage.INTEREST: 1},
}


@dataclass
class Company:
    """An account before it is saved, with what the other generators need to know."""

    account: Account
    stem: str
    place: Place
    industry: Industry
    domains: list[str] = field(default_factory=list)

    @property
    def primary_domain(self) -> str:
        return self.domains[0]


def draft_companies(
    rng: random.Random, *, count: int, today: date, users: dict[str, User]
) -> list[Company]:
    taken: set[str] = set()
    return [_draft_company(rng, today, users, taken) for _ in range(count)]


def domain_rows(companies: list[Company]) -> list[AccountDomain]:
    return [
        AccountDomain(account=c.account, domain=d, is_primary=i == 0)
        for c in companies
        for i, d in enumerate(c.domains)
    ]


def _draft_company(
    rng: random.Random, today: date, users: dict[str, User], taken: set[str]
) -> Company:
    place = draw_place(rng)
    industry = rng.choices(INDUSTRIES, weights=[i.weight for i in INDUSTRIES], k=1)[0]
    stem = _unique_stem(rng, place.language, taken)
    employees = _headcount(rng)
    per_head = Decimal(rng.randint(*industry.revenue_per_head_k) * 1000)
    revenue = from_euros(employees * per_head, place.currency)
    revenue = max(Decimal(100_000), (revenue / 100_000).quantize(Decimal(1)) * 100_000)
    level = weighted(rng, LEVELS)
    tier = weighted(rng, TIERS[level])
    targeted_on = today - timedelta(days=rng.randint(21, 420))
    account = Account(
        name=_company_name(rng, stem, place, industry),
        industry=industry.label,
        employees=employees,
        size_band=size_band(employees),
        annual_revenue=revenue.quantize(Decimal("0.01")),
        revenue_currency=place.currency,
        country=place.country,
        region=place.region,
        territory=place.territory,
        tier=tier,
        is_target=True,
        targeted_on=targeted_on,
        targeting_reason=targeting_reason(rng, industry=industry, employees=employees, tier=tier),
        marketing_owner=users["marketing"],
        sales_owner=users[rng.choice(REPS_BY_TERRITORY[place.territory])],
        journey_stage=weighted(rng, STAGES[level]),
        level=level,
        score=rng.randint(*SCORES[level]),
    )
    company = Company(account=account, stem=stem, place=place, industry=industry)
    company.domains = _domains(rng, company)
    return company


def _unique_stem(rng: random.Random, language: str, taken: set[str]) -> str:
    local = LOCAL_STEMS.get(language, ())
    for attempt in range(200):
        if local and rng.random() < 0.35:
            stem = rng.choice(local)
        else:
            stem = rng.choice(STEM_HEADS) + rng.choice(STEM_TAILS)
            if attempt > 50:  # many accounts: a third syllable keeps names unique
                stem += rng.choice(STEM_TAILS)
        if ascii_slug(stem) not in taken:
            taken.add(ascii_slug(stem))
            return stem
    msg = "ran out of company names; ask for fewer accounts"
    raise RuntimeError(msg)


def _company_name(rng: random.Random, stem: str, place: Place, industry: Industry) -> str:
    word = rng.choice(industry.words[place.language])
    legal = weighted(rng, LEGAL_FORMS[place.country])
    group = GROUP_WORD[place.language]
    shape = rng.random()
    if group and shape < 0.2:
        name = f"{group} {stem}"
    elif shape < 0.75:
        name = f"{stem} {word}"
    else:
        name = stem
    return f"{name} {legal}".strip() if rng.random() < 0.6 else name


def _headcount(rng: random.Random) -> int:
    low, high = weighted(rng, HEADCOUNTS)
    employees = rng.randint(low, high)
    return employees if employees < 200 else round(employees, -1)


def _domains(rng: random.Random, company: Company) -> list[str]:
    slug = ascii_slug(company.stem)
    country = company.place.country
    tld = TLD[country] if country != "FR" or rng.random() < 0.7 else "com"
    domains = [f"{slug}.{tld}"]
    extra = rng.random()
    if extra < 0.15:
        domains.append(f"{slug}.com" if tld != "com" else f"{slug}-group.com")
    elif extra < 0.25:
        suffix = "app.io" if company.industry.label == "SaaS / Logiciel" else "group.com"
        domains.append(f"{slug}-{suffix}")
    elif extra < 0.3:
        domains.extend([f"{slug}.eu", f"{slug}-group.com"])
    return domains
