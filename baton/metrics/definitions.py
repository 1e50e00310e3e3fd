"""What each metric means (SPEC R-4.1, R-4.2, R-5.5), as code. Pure: no Django import.

Each :class:`MetricDef` carries its id, its name and definition in French and English (shown on
the *definitions* page, so nobody argues about what counts), its formula, its data sources, its
unit and its parameters. The computations (``computations.py``) read the parameters from here;
a test keeps every id computed or explicitly marked as waiting for its data.

Conventions shared by every metric:

* A **period** is a range of days ``[start, end]`` in the workspace time zone (week, month,
  quarter or custom). A metric is computed **as of** a day ``D`` (default: today, capped at the
  end of the period): only records dated on or before ``D`` count, and a deal's status is the
  one it had on ``D`` (won on ``D`` if ``closed_on <= D``, otherwise still open).
* **Back-dated records** are those dated on or before ``D`` but recorded after ``D`` (imported
  late): they change an as-of answer, so the answer says how many it includes.
* **Money** is in the reporting currency (EUR). A deal or cost in another currency is converted
  with the exchange rate valid on ``D``; without one the computation is refused with the list
  of the currencies missing a rate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

REPORTING_CURRENCY = "EUR"
MAX_PINNED = 7
TREND_WEEKS = 13
SNAPSHOT_WEEKDAY = 0  # Monday
SNAPSHOT_HOUR = 7  # 07:00 workspace time


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    MONEY = "money"
    MONEY_PER_DAY = "money_per_day"
    RATIO = "ratio"  # ROI: 3.2x
    DAYS = "days"
    HOURS = "hours"
    SCORE = "score"  # survey, 1 to 5


class Direction(StrEnum):
    HIGHER = "higher"  # more is better
    LOWER = "lower"  # less is better (response time, cycle length)


class Source(StrEnum):
    ACCOUNTS = "accounts"
    INTERACTIONS = "interactions"
    RULES = "qualification_rules"
    DEALS = "deals"
    COSTS = "costs"
    EXCHANGE_RATES = "exchange_rates"
    HANDOVERS = "handovers"
    SURVEY = "alignment_survey"
    STAGE_HISTORY = "deal_stage_history"


class Family(StrEnum):
    SHARED = "shared"  # the five of the default dashboard
    ALIGNMENT = "alignment"
    STRATEGIC = "strategic"  # quarterly


SEGMENTS: tuple[str, ...] = ("industry", "size_band", "tier", "source", "territory", "owner")
ACCOUNT_SEGMENTS: tuple[str, ...] = ("industry", "size_band", "tier", "territory", "owner")


@dataclass(frozen=True)
class Text:
    en: str
    fr: str

    def get(self, language: str | None) -> str:
        return self.fr if (language or "").startswith("fr") else self.en


@dataclass(frozen=True)
class MetricDef:
    id: str
    family: Family
    name: Text
    definition: Text
    formula: str
    sources: tuple[Source, ...]
    unit: Unit
    direction: Direction = Direction.HIGHER
    params: Mapping[str, Any] = field(default_factory=dict)
    benchmark: tuple[float, float] | None = None  # (low, high) in the metric's unit
    segments: tuple[str, ...] = SEGMENTS
    cumulative: bool = False  # grows over the period: targets are pro-rated to the day
    drill_down: bool = False  # the accounts behind the number can be listed
    needs: str = ""  # a data source not available yet (the metric shows "not available")

    @property
    def available(self) -> bool:
        return not self.needs


ENGAGED = "engaged_accounts"
CONVERSION = "account_to_opportunity"
VELOCITY = "pipeline_velocity"
INFLUENCE = "marketing_influence"
ROI = "roi_per_account"
ACCEPTANCE = "acceptance_rate"
RESPONSE_TIME = "response_time"
CONVERSION_BY_SOURCE = "conversion_by_source"
SLA_MARKETING = "sla_marketing"
SLA_SALES = "sla_sales"
FEEDBACK = "feedback_completion"
ALIGNMENT_SCORE = "alignment_score"
PIPELINE_CONTRIBUTION = "pipeline_contribution"
DEAL_SIZE = "average_deal_size"
WIN_RATE = "win_rate"
CYCLE = "sales_cycle"
# Figures of the executive summary and of the seeds' sheet (also pinnable).
TARGETS = "target_accounts"
OPPORTUNITIES = "opportunity_accounts"
WON_DEALS = "deals_won"
WON_REVENUE = "won_revenue"

DEFAULT_DASHBOARD: tuple[str, ...] = (ENGAGED, CONVERSION, VELOCITY, INFLUENCE, ROI)
SHEET_COLUMNS: tuple[str, ...] = (TARGETS, ENGAGED, OPPORTUNITIES, WON_DEALS, WON_REVENUE, ROI)
HANDOVER_NEEDS = "handovers"

_ALL: tuple[MetricDef, ...] = (
    MetricDef(
        id=ENGAGED,
        family=Family.SHARED,
        name=Text("Engaged target accounts", "Comptes cibles engagés"),
        definition=Text(
            "Target accounts that are engaged on the as-of day: at least the rule set's minimum "
            "of significant interactions over its window (the same rule as the qualification "
            "page). Shown as “N of M target accounts engaged”.",
            "Comptes cibles engagés au jour de référence : au moins le minimum d'interactions "
            "significatives de la version des règles sur sa fenêtre (la même règle que la page "
            "de qualification). Affiché « N comptes cibles engagés sur M ».",
        ),
        formula="count(target accounts with ≥ min_interactions significant interactions "
        "in [D - window_days, D])",
        sources=(Source.ACCOUNTS, Source.INTERACTIONS, Source.RULES),
        unit=Unit.COUNT,
        params={"from_rules": ("min_interactions", "window_days", "significant_types")},
        segments=ACCOUNT_SEGMENTS,
        drill_down=True,
    ),
    MetricDef(
        id=CONVERSION,
        family=Family.SHARED,
        name=Text("Account → opportunity conversion", "Taux de conversion compte → opportunité"),
        definition=Text(
            "Share of active target accounts on which an opportunity (a deal) was created "
            "during the period. Each account counts once, however many deals it has.",
            "Part des comptes cibles actifs sur lesquels une opportunité (un deal) a été créée "
            "pendant la période. Chaque compte compte une fois, quel que soit son nombre de "
            "deals.",
        ),
        formula="100 * accounts with a deal created in [start, D] / active target accounts",
        sources=(Source.ACCOUNTS, Source.DEALS),
        unit=Unit.PERCENT,
        benchmark=(5.0, 15.0),
        segments=ACCOUNT_SEGMENTS,
        drill_down=True,
    ),
    MetricDef(
        id=VELOCITY,
        family=Family.SHARED,
        name=Text("Pipeline velocity", "Vélocité du pipeline"),
        definition=Text(
            "Value flowing through the pipeline per day, standard form: open opportunities * "
            "average won deal value * win rate / average cycle length in days. The seeds write "
            "“pipeline value * conversion rate * number of deals / cycle length”; the number "
            "of open opportunities times the average deal value is that pipeline value, so "
            "multiplying it again by the number of deals would count the deals twice: we use "
            "the standard form. The won deals of the lookback window (365 days to the as-of "
            "day) give the average value, the win rate and the cycle length. Time spent in "
            "each stage is shown beside it, to see where deals slow down.",
            "Valeur qui traverse le pipeline chaque jour, forme standard : opportunités "
            "ouvertes * valeur moyenne d'un deal gagné * taux de gain / durée moyenne du cycle "
            "en jours. Les sources écrivent « valeur du pipeline * taux de conversion * nombre "
            "de deals / durée du cycle » ; le nombre d'opportunités ouvertes fois la valeur "
            "moyenne est déjà la valeur du pipeline, la multiplier encore par le nombre de "
            "deals compterait les deals deux fois : nous utilisons la forme standard. Les "
            "deals clos sur la fenêtre de référence (365 jours jusqu'au jour de référence) "
            "donnent la valeur moyenne, le taux de gain et la durée du cycle. Le temps passé "
            "dans chaque étape est affiché à côté, pour voir où les deals ralentissent.",
        ),
        formula="open deals on D * mean(won amount) * won / (won + lost) / mean(closed_on - "
        "created_on of won deals), over deals closed in [D - 365, D]",
        sources=(Source.DEALS, Source.EXCHANGE_RATES, Source.STAGE_HISTORY),
        unit=Unit.MONEY_PER_DAY,
        params={"lookback_days": 365},
    ),
    MetricDef(
        id=INFLUENCE,
        family=Family.SHARED,
        name=Text("Marketing influence rate", "Taux d'influence marketing"),
        definition=Text(
            "Share of the deals won in the period whose account interacted with at least 2 "
            "distinct marketing assets before the close date. A won deal without an account "
            "counts as not influenced.",
            "Part des deals gagnés sur la période dont le compte a interagi avec au moins 2 "
            "contenus marketing distincts avant la date de signature. Un deal gagné sans "
            "compte compte comme non influencé.",
        ),
        formula="100 * won deals in [start, D] with ≥ min_assets distinct assets in the "
        "account's interactions before closed_on / won deals in [start, D]",
        sources=(Source.DEALS, Source.INTERACTIONS),
        unit=Unit.PERCENT,
        params={"min_assets": 2},
        benchmark=(60.0, 80.0),
    ),
    MetricDef(
        id=ROI,
        family=Family.SHARED,
        name=Text("ROI per account", "ROI par compte"),
        definition=Text(
            "(Revenue won - marketing costs - sales costs - allocated campaign costs) / total "
            "costs, over the period, full cost (R-5.3). Costs on a campaign are split equally "
            "between the accounts that interacted with that campaign up to the as-of day; a "
            "campaign no account interacted with stays unallocated but counts in the overall "
            "ROI. Broken down by industry and size band.",
            "(CA gagné - coûts marketing - coûts commerciaux - coûts de campagne répartis) / "
            "coûts totaux, sur la période, en coût complet (R-5.3). Les coûts d'une campagne "
            "sont répartis à parts égales entre les comptes qui ont interagi avec cette "
            "campagne jusqu'au jour de référence ; une campagne sans compte reste non répartie "
            "mais compte dans le ROI global. Détaillé par secteur et par taille.",
        ),
        formula="(Σ won amount - Σ costs) / Σ costs, deals closed and costs incurred in "
        "[start, D]; sales time = hours * hourly rate",
        sources=(Source.DEALS, Source.COSTS, Source.INTERACTIONS, Source.EXCHANGE_RATES),
        unit=Unit.RATIO,
        params={"allocation": "equal_split"},
        segments=ACCOUNT_SEGMENTS,
    ),
    MetricDef(
        id=ACCEPTANCE,
        family=Family.ALIGNMENT,
        name=Text("Lead acceptance rate", "Taux d'acceptation des leads"),
        definition=Text(
            "Share of the accounts handed over in the period that sales accepted.",
            "Part des comptes transmis sur la période que les ventes ont acceptés.",
        ),
        formula="100 * handovers accepted / handovers decided (accepted + refused)",
        sources=(Source.HANDOVERS,),
        unit=Unit.PERCENT,
        needs=HANDOVER_NEEDS,
    ),
    MetricDef(
        id=RESPONSE_TIME,
        family=Family.ALIGNMENT,
        name=Text("Lead response time", "Délai de prise en charge"),
        definition=Text(
            "Hours from the handover to the first contact by the sales rep: median and 90th "
            "percentile of the handovers of the period.",
            "Heures entre la transmission et le premier contact du commercial : médiane et 90e "
            "centile des transmissions de la période.",
        ),
        formula="median and p90 of (first_contact_at - proposed_at) in hours",
        sources=(Source.HANDOVERS,),
        unit=Unit.HOURS,
        direction=Direction.LOWER,
        needs=HANDOVER_NEEDS,
    ),
    MetricDef(
        id=CONVERSION_BY_SOURCE,
        family=Family.ALIGNMENT,
        name=Text("Conversion by source", "Conversion par source"),
        definition=Text(
            "Share of the deals created in the period that are won on the as-of day, by deal "
            "source.",
            "Part des deals créés sur la période qui sont gagnés au jour de référence, par "
            "source du deal.",
        ),
        formula="100 * deals created in [start, D] and won by D / deals created in [start, D]",
        sources=(Source.DEALS,),
        unit=Unit.PERCENT,
        segments=("source", *ACCOUNT_SEGMENTS),
    ),
    MetricDef(
        id=SLA_MARKETING,
        family=Family.ALIGNMENT,
        name=Text("SLA compliance — marketing", "Respect du SLA — marketing"),
        definition=Text(
            "Qualified accounts handed over against the marketing commitment of the period, "
            "and the share of them sales accepted (R-5.1).",
            "Comptes qualifiés transmis face à l'engagement marketing de la période, et la "
            "part acceptée par les ventes (R-5.1).",
        ),
        formula="100 * min(1, handovers proposed / committed number)",
        sources=(Source.HANDOVERS,),
        unit=Unit.PERCENT,
        needs=HANDOVER_NEEDS,
    ),
    MetricDef(
        id=SLA_SALES,
        family=Family.ALIGNMENT,
        name=Text("SLA compliance — sales", "Respect du SLA — ventes"),
        definition=Text(
            "Share of the handovers of the period picked up within the agreed delay.",
            "Part des transmissions de la période prises en charge dans le délai convenu.",
        ),
        formula="100 * handovers with first contact before the deadline / handovers due",
        sources=(Source.HANDOVERS,),
        unit=Unit.PERCENT,
        needs=HANDOVER_NEEDS,
    ),
    MetricDef(
        id=FEEDBACK,
        family=Family.ALIGNMENT,
        name=Text("Feedback completion", "Taux de feedback commercial"),
        definition=Text(
            "Share of the handovers of the period with the rep's feedback recorded.",
            "Part des transmissions de la période avec le retour du commercial saisi.",
        ),
        formula="100 * handovers with feedback / handovers past their feedback due date",
        sources=(Source.HANDOVERS,),
        unit=Unit.PERCENT,
        needs=HANDOVER_NEEDS,
    ),
    MetricDef(
        id=ALIGNMENT_SCORE,
        family=Family.ALIGNMENT,
        name=Text("Perceived alignment score", "Score d'alignement perçu"),
        definition=Text(
            "Mean answer (1 to 5) of both teams to the short alignment survey of the period: "
            "communication, trust, view of the other team.",
            "Réponse moyenne (de 1 à 5) des deux équipes au court questionnaire d'alignement "
            "de la période : communication, confiance, regard sur l'autre équipe.",
        ),
        formula="mean(communication, trust, other_team) over the answers of [start, D]",
        sources=(Source.SURVEY,),
        unit=Unit.SCORE,
        segments=(),
    ),
    MetricDef(
        id=PIPELINE_CONTRIBUTION,
        family=Family.STRATEGIC,
        name=Text("Pipeline contribution", "Contribution au pipeline"),
        definition=Text(
            "Share of the pipeline created in the period (deal value) that comes from target "
            "accounts.",
            "Part du pipeline créé sur la période (valeur des deals) qui vient des comptes cibles.",
        ),
        formula="100 * Σ amount of deals created in [start, D] on target accounts / Σ amount "
        "of all deals created in [start, D]",
        sources=(Source.DEALS, Source.ACCOUNTS, Source.EXCHANGE_RATES),
        unit=Unit.PERCENT,
    ),
    MetricDef(
        id=DEAL_SIZE,
        family=Family.STRATEGIC,
        name=Text("Average deal size", "Taille moyenne des deals"),
        definition=Text(
            "Mean amount of the deals won in the period; its trend is the quarterly series.",
            "Montant moyen des deals gagnés sur la période ; sa tendance est la série "
            "trimestrielle.",
        ),
        formula="Σ won amount / won deals, closed in [start, D]",
        sources=(Source.DEALS, Source.EXCHANGE_RATES),
        unit=Unit.MONEY,
    ),
    MetricDef(
        id=WIN_RATE,
        family=Family.STRATEGIC,
        name=Text("Win rate", "Taux de gain"),
        definition=Text(
            "Share of the deals closed in the period that were won.",
            "Part des deals clos sur la période qui ont été gagnés.",
        ),
        formula="100 * won / (won + lost), closed in [start, D]",
        sources=(Source.DEALS,),
        unit=Unit.PERCENT,
    ),
    MetricDef(
        id=CYCLE,
        family=Family.STRATEGIC,
        name=Text("Sales cycle length", "Durée du cycle de vente"),
        definition=Text(
            "Mean number of days from creation to signature of the deals won in the period.",
            "Nombre moyen de jours entre la création et la signature des deals gagnés sur la "
            "période.",
        ),
        formula="mean(closed_on - created_on) of deals won in [start, D]",
        sources=(Source.DEALS,),
        unit=Unit.DAYS,
        direction=Direction.LOWER,
    ),
    MetricDef(
        id=TARGETS,
        family=Family.STRATEGIC,
        name=Text("Target accounts", "Comptes ciblés"),
        definition=Text(
            "Target accounts on the target list on the as-of day (archived ones excluded).",
            "Comptes de la liste cible au jour de référence (hors comptes archivés).",
        ),
        formula="count(target accounts added on or before D)",
        sources=(Source.ACCOUNTS,),
        unit=Unit.COUNT,
        segments=ACCOUNT_SEGMENTS,
        drill_down=True,
    ),
    MetricDef(
        id=OPPORTUNITIES,
        family=Family.STRATEGIC,
        name=Text("Accounts in opportunity", "Comptes en opportunité"),
        definition=Text(
            "Target accounts with at least one open deal on the as-of day.",
            "Comptes cibles avec au moins un deal ouvert au jour de référence.",
        ),
        formula="count(target accounts with a deal created ≤ D and not closed by D)",
        sources=(Source.ACCOUNTS, Source.DEALS),
        unit=Unit.COUNT,
        segments=ACCOUNT_SEGMENTS,
        drill_down=True,
    ),
    MetricDef(
        id=WON_DEALS,
        family=Family.STRATEGIC,
        name=Text("Deals signed", "Deals signés"),
        definition=Text(
            "Deals won (closed won) in the period.",
            "Deals gagnés (signés) sur la période.",
        ),
        formula="count(deals with status won and closed_on in [start, D])",
        sources=(Source.DEALS,),
        unit=Unit.COUNT,
        cumulative=True,
        drill_down=True,
    ),
    MetricDef(
        id=WON_REVENUE,
        family=Family.STRATEGIC,
        name=Text("Revenue won", "CA signé"),
        definition=Text(
            "Total amount of the deals won in the period, in the reporting currency.",
            "Montant total des deals gagnés sur la période, en devise de reporting.",
        ),
        formula="Σ amount of deals won with closed_on in [start, D]",
        sources=(Source.DEALS, Source.EXCHANGE_RATES),
        unit=Unit.MONEY,
        cumulative=True,
    ),
)

METRICS: dict[str, MetricDef] = {m.id: m for m in _ALL}


def get(metric_id: str) -> MetricDef:
    """The definition of ``metric_id``; ``KeyError`` when unknown."""
    return METRICS[metric_id]


def by_family(family: Family) -> list[MetricDef]:
    return [m for m in _ALL if m.family == family]
