"""The marketing assets of the demo: webinars, white papers, articles, case studies, events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from baton.cli.demo.random_source import french_typography
from baton.engagement.models import AssetKind, MarketingAsset

SITE = "https://www.demo.baton.test"
CAMPAIGN_ALIGNMENT = "Alignement ventes-marketing (Tier 1)"
CAMPAIGN_NURTURE = "Nurturing ETI (contenus experts)"
CAMPAIGN_EVENTS = "Événements terrain"


@dataclass(frozen=True)
class AssetSpec:
    slug: str
    name: str
    kind: AssetKind
    campaign: str
    days_from_today: int  # publication, or the date a webinar or an event takes place


ASSETS: tuple[AssetSpec, ...] = (
    AssetSpec(
        "webinar-alignement-90-jours",
        "Webinar : aligner ventes et marketing en 90 jours",
        AssetKind.WEBINAR,
        CAMPAIGN_ALIGNMENT,
        -75,
    ),
    AssetSpec(
        "webinar-signaux-achat",
        "Webinar : ABM, les 5 signaux d'achat à ne pas rater",
        AssetKind.WEBINAR,
        CAMPAIGN_ALIGNMENT,
        -30,
    ),
    AssetSpec(
        "webinar-roi-par-compte",
        "Webinar : mesurer le ROI par compte",
        AssetKind.WEBINAR,
        CAMPAIGN_NURTURE,
        12,
    ),
    AssetSpec(
        "livre-blanc-abm-eti",
        "Livre blanc : le guide de l'ABM pour les ETI",
        AssetKind.WHITE_PAPER,
        CAMPAIGN_NURTURE,
        -140,
    ),
    AssetSpec(
        "livre-blanc-mql-compte-qualifie",
        "Livre blanc : du MQL au compte qualifié",
        AssetKind.WHITE_PAPER,
        CAMPAIGN_ALIGNMENT,
        -60,
    ),
    AssetSpec(
        "article-79-pourcent-leads",
        "Article : pourquoi 79 % des leads marketing ne deviennent jamais des ventes",
        AssetKind.BLOG_POST,
        CAMPAIGN_NURTURE,
        -100,
    ),
    AssetSpec(
        "article-passage-de-relais",
        "Article : réussir le passage de relais marketing → ventes",
        AssetKind.BLOG_POST,
        CAMPAIGN_NURTURE,
        -45,
    ),
    AssetSpec(
        "etude-de-cas-editeur-saas",
        "Étude de cas : un éditeur SaaS double son taux de conversion compte → opportunité",
        AssetKind.CASE_STUDY,
        CAMPAIGN_ALIGNMENT,
        -90,
    ),
    AssetSpec(
        "etude-de-cas-industriel",
        "Étude de cas : un industriel réduit son cycle de vente de 30 %",
        AssetKind.CASE_STUDY,
        CAMPAIGN_ALIGNMENT,
        -35,
    ),
    AssetSpec(
        "linkedin-ads-tier-1",
        "Campagne LinkedIn Ads : comptes Tier 1",
        AssetKind.LINKEDIN_CAMPAIGN,
        CAMPAIGN_ALIGNMENT,
        -120,
    ),
    AssetSpec(
        "linkedin-comite-achat",
        "Campagne LinkedIn : ciblage des comités d'achat",
        AssetKind.LINKEDIN_CAMPAIGN,
        CAMPAIGN_NURTURE,
        -50,
    ),
    AssetSpec(
        "salon-rencontres-abm-paris",
        "Salon : Rencontres ABM Paris",
        AssetKind.EVENT,
        CAMPAIGN_EVENTS,
        -55,
    ),
    AssetSpec(
        "petit-dejeuner-lyon",
        "Petit-déjeuner clients à Lyon",
        AssetKind.EVENT,
        CAMPAIGN_EVENTS,
        -20,
    ),
)
CAMPAIGNS = (CAMPAIGN_ALIGNMENT, CAMPAIGN_NURTURE, CAMPAIGN_EVENTS)


def ensure_assets(*, today: date) -> tuple[list[MarketingAsset], int]:
    """The demo assets in ``ASSETS`` order, created when missing (slugs are unique).

    Returns the assets and how many were created.
    """
    existing = {a.slug: a for a in MarketingAsset.objects.filter(slug__in=[s.slug for s in ASSETS])}
    missing = [
        MarketingAsset(
            slug=spec.slug,
            name=french_typography(spec.name),
            kind=spec.kind,
            url=f"{SITE}/ressources/{spec.slug}",
            campaign=spec.campaign,
            published_on=today + timedelta(days=spec.days_from_today),
        )
        for spec in ASSETS
        if spec.slug not in existing
    ]
    for asset in MarketingAsset.objects.bulk_create(missing):
        existing[asset.slug] = asset
    return [existing[spec.slug] for spec in ASSETS], len(missing)
