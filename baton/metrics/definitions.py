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
# Handover metrics: the account's dimensions; "owner" is the handover's sales rep.
HANDOVER_SEGMENTS: tuple[str, ...] = ACCOUNT_SEGMENTS


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
QUALIFIED_DELIVERED = "qualified_handed_over"
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
            "Share of the handovers sales decided on in the period that they accepted: a "
            "handover counts in the period of its decision (acceptance or rejection), whenever "
            "marketing proposed it. Handovers still waiting for a decision do not count.",
            "Part des transmissions sur lesquelles les ventes ont statué pendant la période "
            "qu'elles ont acceptées : une transmission compte dans la période de la décision "
            "(acceptation ou refus), quelle que soit la date de la proposition. Les "
            "transmissions encore en attente ne comptent pas.",
        ),
        formula="100 * accepted in [start, D] / (accepted in [start, D] + rejected in [start, D])",
        sources=(Source.HANDOVERS,),
        unit=Unit.PERCENT,
        segments=HANDOVER_SEGMENTS,
    ),
    MetricDef(
        id=RESPONSE_TIME,
        family=Family.ALIGNMENT,
        name=Text("Lead response time", "Délai de prise en charge"),
        definition=Text(
            "Hours from the acceptance of the handover by sales (when the SLA clock starts) to "
            "the rep's first contact, over the first contacts logged in the period: the median "
            "is the value, the 90th percentile is shown beside it. Calendar hours.",
            "Heures entre l'acceptation de la transmission par les ventes (départ du SLA) et le "
            "premier contact du commercial, sur les premiers contacts saisis pendant la "
            "période : la médiane est la valeur, le 90e centile est affiché à côté. Heures "
            "calendaires.",
        ),
        formula="median (and p90) of (first_contact_at - accepted_at) in hours, first contacts "
        "in [start, D]",
        sources=(Source.HANDOVERS,),
        unit=Unit.HOURS,
        direction=Direction.LOWER,
        segments=HANDOVER_SEGMENTS,
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
            "Qualified accounts handed over in the period against marketing's commitment: the "
            "quarterly target of “Qualified accounts handed over”, pro-rated to the days of "
            "the period up to the as-of day (capped at 100 %). Without a commitment there is "
            "no value. The acceptance quality (share of those handovers sales accepted, among "
            "those decided) is shown beside it (R-5.1).",
            "Comptes qualifiés transmis pendant la période face à l'engagement marketing : "
            "l'objectif trimestriel « Comptes qualifiés transmis », au prorata des jours de la "
            "période jusqu'au jour de référence (plafonné à 100 %). Sans engagement, pas de "
            "valeur. La qualité (part de ces transmissions acceptées par les ventes, parmi "
            "celles décidées) est affichée à côté (R-5.1).",
        ),
        formula="100 * min(1, handovers proposed in [start, D] / (quarterly commitment * days "
        "of [start, D] / days of the quarter))",
        sources=(Source.HANDOVERS,),
        unit=Unit.PERCENT,
        segments=HANDOVER_SEGMENTS,
    ),
    MetricDef(
        id=SLA_SALES,
        family=Family.ALIGNMENT,
        name=Text("SLA compliance — sales", "Respect du SLA — ventes"),
        definition=Text(
            "Share of the sales deadlines falling due in the period that were met: the "
            "briefing confirmed, and the first contact logged, by their deadline (48 h and "
            "72 h after acceptance by default). A deadline cancelled before it fell due (the "
            "handover closed) does not count.",
            "Part des échéances commerciales tombées pendant la période qui ont été tenues : "
            "briefing confirmé et premier contact saisi avant leur échéance (48 h et 72 h après "
            "l'acceptation par défaut). Une échéance annulée avant son terme (transmission "
            "close) ne compte pas.",
        ),
        formula="100 * deadlines (briefing, first contact) due in [start, D] met on time / "
        "deadlines due in [start, D] and not cancelled",
        sources=(Source.HANDOVERS,),
        unit=Unit.PERCENT,
        segments=HANDOVER_SEGMENTS,
    ),
    MetricDef(
        id=FEEDBACK,
        family=Family.ALIGNMENT,
        name=Text("Feedback completion", "Taux de feedback commercial"),
        definition=Text(
            "Share of the feedback requests of the period (D+14 and D+30 after acceptance) "
            "that the rep has answered by the as-of day.",
            "Part des demandes de retour de la période (J+14 et J+30 après l'acceptation) "
            "auxquelles le commercial a répondu au jour de référence.",
        ),
        formula="100 * feedback requested in [start, D] and given by D / feedback requested in "
        "[start, D]",
        sources=(Source.HANDOVERS,),
        unit=Unit.PERCENT,
        segments=HANDOVER_SEGMENTS,
    ),
    MetricDef(
        id=QUALIFIED_DELIVERED,
        family=Family.ALIGNMENT,
        name=Text("Qualified accounts handed over", "Comptes qualifiés transmis"),
        definition=Text(
            "Handovers proposed by marketing in the period. Its quarterly target is marketing's "
            "commitment, used by the marketing SLA.",
            "Transmissions proposées par le marketing pendant la période. Son objectif "
            "trimestriel est l'engagement marketing, utilisé par le SLA marketing.",
        ),
        formula="count(handovers with proposed_at in [start, D])",
        sources=(Source.HANDOVERS,),
        unit=Unit.COUNT,
        segments=HANDOVER_SEGMENTS,
        cumulative=True,
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
