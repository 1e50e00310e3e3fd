"""The dossier as Markdown: exact text in English and French, escaping, section order."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal

import markdown
import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

from baton.accounts.export import UnsupportedLanguageError
from baton.accounts.export import formatting as fmt
from baton.accounts.export.labels import LABELS
from baton.accounts.export.markdown import escape_inline, escape_line, render_markdown
from baton.accounts.models import (
    Account,
    BuyingTiming,
    CommitteeRole,
    ContactApproach,
    DealStatus,
    JourneyStage,
    Level,
    PainOrigin,
    SignalKind,
    Tier,
)
from baton.engagement.models import InteractionType
from baton.users.models import User
from tests.accounts.test_export_support import (
    HOSTILE,
    build_account,
    dossier_of,
    export_catalogue,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _french() -> Iterator[None]:
    with export_catalogue():
        yield


@pytest.fixture
def account(make_user: Callable[..., User]) -> Account:
    marketing = make_user("marketing", first_name="Julie", last_name="Bernard")
    sales = make_user("sales_rep", first_name="Hugo", last_name="Lefèvre")
    return build_account(marketing=marketing, sales=sales)


ENGLISH = """\
# Acme Industries

Account dossier, exported on 11/23/2026

## Company

- **Company name:** Acme Industries
- **Web domains:** acme.fr, acme-industries.com
- **Industry:** Manufacturing
- **Size:** 1,200 employees (1001-5000)
- **Estimated revenue:** €180,000
- **Country / region / territory:** FR / Île-de-France / North
- **ABM tier:** Tier 1 (one-to-one)
- **Marketing owner:** Julie Bernard
- **Sales owner:** Hugo Lefèvre
- **Journey stage:** Consideration
- **Target account:** Since 09/01/2026

## Reason for targeting

Series B raised in October.

The CMO wants sales-marketing alignment.

## Buying signals

| Date | Kind | Description | Source | Person | Confirmed |
| --- | --- | --- | --- | --- | --- |
| 11/02/2026 | Hiring | Hiring three SDRs | LinkedIn | — | no |
| 10/14/2026 | Fundraising | Series B, 20 M€ | Press release (https://acme.fr/b) | — | yes |

## Marketing interactions

2 interactions over the last 90 days (since 08/25/2026).

| Date | Interaction | Person | Content |
| --- | --- | --- | --- |
| 11/20/2026 10 a.m. | Web visit | — | https://baton.example/pricing |
| 11/05/2026 10 a.m. | Webinar attended | Claire Martin | ABM for scale-ups |

## Qualification level

**Hot**, Score: 82/100

## Buying committee

**Main decision maker:** Claire Martin (CEO)

### Contact first

| Name | Job title | Role | Reachable | Engaged |
| --- | --- | --- | --- | --- |
| Claire Martin | CEO | Decision maker | yes | yes |

### Influence

| Name | Job title | Role | Reachable | Engaged |
| --- | --- | --- | --- | --- |
| Paul Durand | Head of Sales Ops | Influencer | yes | no |

### Avoid for now

| Name | Job title | Role | Reachable | Engaged |
| --- | --- | --- | --- | --- |
| Marc Petit | CFO | Blocker | no | no |

## Context and needs

- **Potential budget:** €30,000 ^ €50,000
- **Probable buying timing:** 3 to 6 months
- **Competitors and incumbent tools:** HubSpot
- **Technology stack:** Salesforce, Slack

### Context note

Digital transformation after a series B.

Probably researching tools.

### Pains

- **Expressed:** Leads lost between teams (Discovery call)

### Ongoing projects

- CRM migration (10/20/2026, LinkedIn post)

## Deals

| Deal | Amount | Status | Stage | Created on | Closed on | Owner |
| --- | --- | --- | --- | --- | --- | --- |
| Pilot 2027 | €45,000 | Open | Proposal | 11/10/2026 | — | — |
""".replace("^", "\N{EN DASH}")

# The French dossier, label by label. Its words come from the accounts catalogue (owned with
# the dossier web page), looked up here so that a rewording there does not break this test;
# the layout, the numbers, the dates and the typography are exact. "~" stands for the
# non-breaking space of French typography, "^" for the en dash of a range.
FRENCH = """\
# Acme Industries

{subtitle}

## {company}

- **{name}~:** Acme Industries
- **{domains}~:** acme.fr, acme-industries.com
- **{industry}~:** Manufacturing
- **{size}~:** {employees} (1001-5000)
- **{revenue}~:** 180~000~€
- **{location}~:** FR / Île-de-France / North
- **{tier}~:** {tier_1}
- **{marketing_owner}~:** Julie Bernard
- **{sales_owner}~:** Hugo Lefèvre
- **{journey_stage}~:** {consideration}
- **{is_target}~:** {since}

## {targeting_reason}

Series B raised in October.

The CMO wants sales-marketing alignment.

## {signals}

| {date} | {kind} | {description} | {source} | {person} | {confirmed} |
| --- | --- | --- | --- | --- | --- |
| 02/11/2026 | {hiring} | Hiring three SDRs | LinkedIn | — | {no} |
| 14/10/2026 | {fundraising} | Series B, 20 M€ | Press release (https://acme.fr/b) | — | {yes} |

## {interactions}

{summary}

| {date} | {interaction} | {person} | {content} |
| --- | --- | --- | --- |
| 20/11/2026 10:00 | {web_visit} | — | https://baton.example/pricing |
| 05/11/2026 10:00 | {webinar_attended} | Claire Martin | ABM for scale-ups |

## {level}

**{hot}**, {score}

## {committee}

**{main_decision_maker}~:** Claire Martin (CEO)

### {contact_first}

| {contact_name} | {job_title} | {role} | {reachable} | {engaged} |
| --- | --- | --- | --- | --- |
| Claire Martin | CEO | {decision_maker} | {yes} | {yes} |

### {influence}

| {contact_name} | {job_title} | {role} | {reachable} | {engaged} |
| --- | --- | --- | --- | --- |
| Paul Durand | Head of Sales Ops | {influencer} | {yes} | {no} |

### {avoid}

| {contact_name} | {job_title} | {role} | {reachable} | {engaged} |
| --- | --- | --- | --- | --- |
| Marc Petit | CFO | {blocker} | {no} | {no} |

## {context}

- **{budget}~:** 30~000~€ ^ 50~000~€
- **{timing}~:** {soon}
- **{competitors}~:** HubSpot
- **{tech_stack}~:** Salesforce, Slack

### {note}

Digital transformation after a series B.

Probably researching tools.

### {pains}

- **{expressed}~:** Leads lost between teams (Discovery call)

### {projects}

- CRM migration (20/10/2026, LinkedIn post)

## {deals}

| {deal} | {amount} | {status} | {stage} | {created_on} | {closed_on} | {owner} |
| --- | --- | --- | --- | --- | --- | --- |
| Pilot 2027 | 45~000~€ | {open} | Proposal | 10/11/2026 | — | — |
"""


def french_words() -> dict[str, str]:
    """The catalogue's French for every label and phrase of the fixture's dossier."""
    with translation.override("fr"):
        words = {key: str(label) for key, label in LABELS.items()}
        choices = {
            "tier_1": Tier.TIER_1,
            "consideration": JourneyStage.CONSIDERATION,
            "hiring": SignalKind.HIRING,
            "fundraising": SignalKind.FUNDRAISING,
            "web_visit": InteractionType.WEB_VISIT,
            "webinar_attended": InteractionType.WEBINAR_ATTENDED,
            "hot": Level.HOT,
            "contact_first": ContactApproach.CONTACT_FIRST,
            "influence": ContactApproach.INFLUENCE,
            "avoid": ContactApproach.AVOID,
            "decision_maker": CommitteeRole.DECISION_MAKER,
            "influencer": CommitteeRole.INFLUENCER,
            "blocker": CommitteeRole.BLOCKER,
            "soon": BuyingTiming.SOON,
            "expressed": PainOrigin.EXPRESSED,
            "open": DealStatus.OPEN,
        }
        words |= {key: str(choice.label) for key, choice in choices.items()}
        words |= {
            "subtitle": gettext("Account dossier, exported on %(date)s") % {"date": "23/11/2026"},
            "employees": ngettext("%(number)s employee", "%(number)s employees", 1200)
            % {"number": "1\u00a0200"},
            "since": gettext("Since %(date)s") % {"date": "01/09/2026"},
            "summary": ngettext(
                "%(counter)s interaction over the last 90 days (since %(since)s).",
                "%(counter)s interactions over the last 90 days (since %(since)s).",
                2,
            )
            % {"counter": "2", "since": "25/08/2026"},
            "score": gettext("Score: %(score)s/100") % {"score": 82},
            "yes": gettext("yes"),
            "no": gettext("no"),
        }
    return words


def test_english_dossier_exact(account: Account) -> None:
    assert render_markdown(dossier_of(account), "en") == ENGLISH


def test_french_dossier_exact(account: Account) -> None:
    expected = FRENCH.format(**french_words()).replace("~", "\u00a0").replace("^", "\N{EN DASH}")
    assert render_markdown(dossier_of(account), "fr") == expected


def test_french_dossier_speaks_the_glossary(account: Account) -> None:
    text = render_markdown(dossier_of(account), "fr")
    for line in [
        "## Raison du ciblage",
        "## Signaux d'achat",
        "## Niveau de qualification",
        "- **CA estimé\u00a0:** 180\u00a0000\u00a0€",
        "**Chaud**, Score\u00a0: 82/100",
        "- **Compte cible\u00a0:** Depuis le 01/09/2026",
        "2 interactions sur les 90 derniers jours (depuis le 25/08/2026).",
        "| 20/11/2026 10:00 | Visite du site | — | https://baton.example/pricing |",
    ]:
        assert f"\n{line}\n" in text, line


# Words that are the same in both languages.
SAME_IN_FRENCH = {"date", "description", "source", "interaction", "deals", "deal"}


def test_every_label_has_its_french() -> None:
    with translation.override("en"):
        english = {key: str(label) for key, label in LABELS.items()}
    with translation.override("fr"):
        untranslated = [
            key
            for key, label in LABELS.items()
            if key not in SAME_IN_FRENCH and str(label) == english[key]
        ]
    assert untranslated == []


HEADINGS = [
    "# Acme Industries",
    "## {company}",
    "## {targeting_reason}",
    "## {signals}",
    "## {interactions}",
    "## {level}",
    "## {committee}",
    "### {contact_first}",
    "### {influence}",
    "### {avoid}",
    "## {context}",
    "### {note}",
    "### {pains}",
    "### {projects}",
    "## {deals}",
]


def test_sections_in_the_seeds_order(account: Account) -> None:
    english = render_markdown(dossier_of(account), "en")
    assert [line for line in english.splitlines() if line.startswith("#")] == [
        "# Acme Industries",
        "## Company",
        "## Reason for targeting",
        "## Buying signals",
        "## Marketing interactions",
        "## Qualification level",
        "## Buying committee",
        "### Contact first",
        "### Influence",
        "### Avoid for now",
        "## Context and needs",
        "### Context note",
        "### Pains",
        "### Ongoing projects",
        "## Deals",
    ]
    french = render_markdown(dossier_of(account), "fr")
    words = french_words()
    assert [line for line in french.splitlines() if line.startswith("#")] == [
        heading.format(**words) for heading in HEADINGS
    ]


def test_the_language_is_restored_after_rendering(account: Account) -> None:
    with translation.override("en"):
        render_markdown(dossier_of(account), "fr")
        assert translation.get_language() == "en"


def test_unknown_language_is_refused(account: Account) -> None:
    with pytest.raises(UnsupportedLanguageError, match="unknown language 'de': use one of fr, en"):
        render_markdown(dossier_of(account), "de")


HOSTILE_MD = r"\*Acme\* \| \[x\](http://evil.example) \<script\>alert(1)\</script\> \& \`co\` \#1\_"


def test_hostile_user_data_is_escaped(make_user: Callable[..., User]) -> None:
    account = build_account(
        marketing=make_user("marketing"), sales=make_user("sales_rep"), name=HOSTILE
    )
    account.targeting_reason = "1. not a list\n# not a heading\n- not an item\n> not a quote"
    account.save()
    contact = account.contacts.get(first_name="Claire")
    contact.title = "CEO | Founder\nand **boss**"
    contact.save()
    text = render_markdown(dossier_of(account), "en")

    assert text.startswith(f"# {HOSTILE_MD}\n")
    assert f"- **Company name:** {HOSTILE_MD}\n" in text
    reason = text.split("## Reason for targeting\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert reason == ("1\\. not a list\n\n\\# not a heading\n\n\\- not an item\n\n\\> not a quote")
    assert (
        "| Claire Martin | CEO \\| Founder and \\*\\*boss\\*\\* | Decision maker | yes | yes |"
        in (text)
    )

    html = markdown.markdown(text, extensions=["tables"])
    assert "<a " not in html
    assert "<em>" not in html
    assert "<script" not in html
    assert "<ol>" not in html
    assert "<blockquote>" not in html
    # the committee table still has five columns on every row
    committee = text.split("### Contact first\n\n", 1)[1].split("\n\n", 1)[0]
    for row in committee.splitlines():
        assert row.replace("\\|", "").count("|") == 6


@pytest.mark.parametrize(
    ("raw", "inline"),
    [
        ("plain text", "plain text"),
        ("a*b_c", r"a\*b\_c"),
        ("[link](http://x)", r"\[link\](http://x)"),
        ("![img](x)", r"\!\[img\](x)"),
        ("a | b", r"a \| b"),
        ("<b>&amp;</b>", r"\<b\>\&amp;\</b\>"),
        ("back\\slash", r"back\\slash"),
        ("~~strike~~", r"\~\~strike\~\~"),
        ("two\nlines\t and  spaces", "two lines and spaces"),
        ("bell\x07char", "bell char"),
    ],
)
def test_escape_inline(raw: str, inline: str) -> None:
    assert escape_inline(raw) == inline


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        ("- item", r"\- item"),
        ("+ item", r"\+ item"),
        ("=====", r"\====="),
        ("12. twelve", r"12\. twelve"),
        ("3) three", r"3\) three"),
        ("# title", r"\# title"),
        ("> quote", r"\> quote"),
        ("    code block", "code block"),
        ("2026 was good", "2026 was good"),
    ],
)
def test_escape_line(raw: str, line: str) -> None:
    assert escape_line(raw) == line


def test_empty_dossier_shows_the_empty_states(make_user: Callable[..., User]) -> None:
    account = Account.objects.create(name="Blank SAS", is_target=False)
    text = render_markdown(dossier_of(account), "en")
    for line in [
        "- **Web domains:** —",
        "- **Size:** —",
        "- **Estimated revenue:** —",
        "- **Target account:** Not on the target list",
        "Not written yet.",
        "No buying signal recorded yet.",
        "0 interactions over the last 90 days (since 08/25/2026).",
        "**Cold**, Not scored yet.",
        "**Main decision maker:** —",
        "Nobody.",
        "- **Potential budget:** —",
        "- **Probable buying timing:** Unknown",
        "No note yet.",
        "No pain recorded yet.",
        "No ongoing project recorded yet.",
        "No deal with this account.",
    ]:
        assert f"\n{line}\n" in text, line
    assert "| Date |" not in text


def test_a_long_history_says_how_many_are_listed(account: Account) -> None:
    many = dataclasses.replace(dossier_of(account), interaction_count=1234)
    assert (
        "\n1,234 interactions over the last 90 days (since 08/25/2026). The latest 2 are shown.\n"
        in (render_markdown(many, "en"))
    )
    with translation.override("fr"):
        shown = ngettext(
            "The latest %(counter)s is shown.", "The latest %(counter)s are shown.", 2
        ) % {"counter": 2}
    french = render_markdown(many, "fr")
    assert (
        f"\n1\u00a0234 interactions sur les 90 derniers jours (depuis le 25/08/2026). {shown}\n"
    ) in french


@pytest.mark.parametrize(
    ("language", "amount", "currency", "text"),
    [
        ("fr", Decimal("180000.00"), "EUR", "180\u00a0000\u00a0€"),
        ("en", Decimal("180000.00"), "EUR", "€180,000"),
        ("fr", Decimal("1234.5"), "USD", "1\u00a0234,50\u00a0$"),
        ("en", Decimal("1234.5"), "GBP", "£1,234.50"),
        ("en", Decimal("2500"), "CHF", "CHF\u00a02,500"),
        ("fr", Decimal("2500"), "CHF", "2\u00a0500\u00a0CHF"),
        ("fr", None, "EUR", "—"),
    ],
)
def test_money_per_locale(language: str, amount: Decimal | None, currency: str, text: str) -> None:
    with translation.override(language):
        assert fmt.money(amount, currency) == text


@pytest.mark.parametrize(
    ("language", "value", "text"),
    [
        ("fr", dt.date(2026, 11, 23), "23/11/2026"),
        ("en", dt.date(2026, 11, 23), "11/23/2026"),
        ("fr", dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC), "23/11/2026"),  # Paris day
        ("fr", None, "—"),
    ],
)
def test_dates_per_locale(language: str, value: dt.date | None, text: str) -> None:
    with translation.override(language):
        assert fmt.date(value) == text
