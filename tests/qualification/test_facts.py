"""Facts gathering: window bounds in the database, email opens, qualitative signals, and the
set-based queries against a naive per-account computation on a random fixture."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from baton.accounts.bands import revenue_band, size_band
from baton.accounts.domains import is_free_mail
from baton.accounts.models import Account, Contact, Deal, Pain, Project, Signal
from baton.engagement.models import Interaction
from baton.qualification import rules as qr
from baton.qualification.defaults import DEFAULT_CONFIG, EVIDENCE_LIMIT
from baton.qualification.facts import gather_facts
from tests.qualification.conftest import NOW, account, deal, decision_maker, signal, touch

RULES = qr.parse_rule_set(DEFAULT_CONFIG)
pytestmark = pytest.mark.django_db


def facts_of(acc: Account, now: dt.datetime = NOW) -> qr.AccountFacts:
    return gather_facts(rules=RULES, now=now, account_ids=[acc.pk])[acc.pk]


def test_window_day_30_counts_day_31_does_not() -> None:
    acc = account()
    touch(acc, "meeting", 30, hour=0)  # first minute of day 30
    touch(acc, "meeting", 31, hour=23)  # last hour of day 31
    touch(acc, "meeting", 0, occurred_at=NOW + dt.timedelta(hours=1))  # after now
    touch(acc, "meeting", 0, occurred_at=NOW)  # exactly now
    facts = facts_of(acc)
    assert facts.significant_count == 2
    assert [t.on for t in facts.significant] == [dt.date(2026, 3, 31), dt.date(2026, 3, 1)]


def test_two_versus_three_significant_interactions() -> None:
    acc = account()
    touch(acc, "email_reply", 3)
    touch(acc, "web_visit", 4, page_category="pricing")
    touch(acc, "web_visit", 4, page_category="blog")  # consumption
    touch(acc, "email_open", 4)  # consumption
    touch(acc, "webinar_registered", 4)  # not attended
    assert facts_of(acc).significant_count == 2
    touch(acc, "linkedin_interaction", 5)
    assert facts_of(acc).significant_count == 3


def test_free_mail_events_match_no_account_and_count_for_none() -> None:
    acc = account()
    touch(acc, "email_reply", 3)
    assert is_free_mail("gmail.com")
    touch(None, "email_reply", 3, domain="gmail.com", email="someone@gmail.com")
    touch(None, "meeting", 3, domain="gmail.com")
    facts = gather_facts(rules=RULES, now=NOW)
    assert facts[acc.pk].significant_count == 1
    assert set(facts) == {acc.pk}


def test_evidence_keeps_the_most_recent_few() -> None:
    acc = account()
    for days in range(10):
        touch(acc, "meeting", days)
    facts = facts_of(acc)
    assert facts.significant_count == 10
    assert len(facts.significant) == EVIDENCE_LIMIT
    assert facts.significant[0].on == timezone.localdate(NOW)


@pytest.mark.parametrize(("opened", "expected"), [(2, (5, 2)), (3, (5, 3))])
def test_email_opens_of_the_last_five_sent(opened: int, expected: tuple[int, int]) -> None:
    acc = account()
    touch(acc, "email_sent", 60, campaign="old")  # the 6th send back: outside the last five
    touch(acc, "email_open", 59, campaign="old")
    for i in range(5):
        touch(acc, "email_sent", 20 - i, campaign=f"c{i}")
    for i in range(opened):
        touch(acc, "email_open" if i % 2 else "email_click", 10, campaign=f"c{i}")
    touch(acc, "email_open", 25, campaign="c4")  # before its send: not an open of it
    touch(acc, "email_open", 10, campaign="other")  # another campaign
    facts = facts_of(acc)
    assert (facts.emails_sent, facts.emails_opened) == expected


def test_qualitative_signals_from_events_signals_and_projects() -> None:
    acc = account()
    touch(acc, "demo_request", 2)
    touch(acc, "form_fill", 3, question="Do you integrate with Pipedrive?")
    touch(acc, "form_fill", 1)  # no question
    touch(acc, "event_attended", 6, networked=True)
    touch(acc, "event_attended", 1)  # passive attendance
    touch(acc, "pricing_request", 40)  # out of the window
    signal(acc, kind="explicit_project", confirmed=False, days_ago=8)
    Project.objects.create(
        account=acc, description="CRM", noted_on=timezone.localdate(NOW) - dt.timedelta(days=4)
    )
    day = timezone.localdate(NOW)
    assert facts_of(acc).qualitative == (
        qr.Touch("demo_request", day - dt.timedelta(days=2)),
        qr.Touch("precise_question", day - dt.timedelta(days=3)),
        qr.Touch("explicit_project", day - dt.timedelta(days=4)),
        qr.Touch("active_event", day - dt.timedelta(days=6)),
    )


def test_committee_signals_deals_context() -> None:
    acc = account(employees=120, size_band="", annual_revenue=12_000_000, tier="tier_2")
    decision_maker(acc, reachable=False)
    Contact.objects.create(account=acc, first_name="Paul", committee_role="influencer")
    signal(acc, days_ago=10)
    signal(acc, days_ago=91)  # older than the signal age limit
    deal(acc, status="open", name="Pilot")
    deal(acc, status="won", name="Old deal")
    Pain.objects.create(account=acc, description="Manual reporting")
    facts = facts_of(acc)
    assert facts.size_band == "51-200"
    assert facts.revenue_band == "10-50M"
    assert facts.decision_makers == (qr.Person("Marie Dupont", "CEO", True, False, False),)
    assert [s.on for s in facts.signals] == [timezone.localdate(NOW) - dt.timedelta(days=10)]
    assert [d.name for d in facts.open_deals] == ["Pilot"]
    assert facts.pain_count == 1


def test_query_count_does_not_grow_with_accounts() -> None:
    for i in range(30):
        acc = account(f"A{i}")
        touch(acc, "meeting", 2)
        decision_maker(acc)
        signal(acc)
    with CaptureQueriesContext(connection) as ctx:
        facts = gather_facts(rules=RULES, now=NOW)
    assert len(facts) == 30
    assert len(ctx.captured_queries) == 7


# ---- set-based gathering equals a naive per-account computation ----


def naive_facts(acc: Account, rules: qr.RuleSet, now: dt.datetime) -> qr.AccountFacts:
    today = timezone.localdate(now)
    eng, rd = rules.engagement, rules.readiness
    events = [e for e in Interaction.objects.filter(account=acc) if e.occurred_at <= now]
    window = [
        e for e in events if qr.in_window(timezone.localdate(e.occurred_at), today, eng.window_days)
    ]
    sig = sorted(
        (e for e in window if qr.significant(eng, e.type, e.page_category)),
        key=lambda e: (e.occurred_at, e.pk),
        reverse=True,
    )
    pages = {}
    for e in window:
        if e.type == "web_visit" and e.page_category in rd.key_pages:
            day = timezone.localdate(e.occurred_at)
            pages[e.page_category] = max(pages.get(e.page_category, day), day)
    quali: dict[str, dt.date] = {}

    def note(kind: str, day: dt.date) -> None:
        quali[kind] = max(quali.get(kind, day), day)

    for e in window:
        day = timezone.localdate(e.occurred_at)
        if e.type in ("demo_request", "pricing_request"):
            note(e.type, day)
        if e.type in ("form_fill", "linkedin_interaction") and e.question:
            note("precise_question", day)
        if e.type in ("event_attended", "webinar_attended") and (e.asked_questions or e.networked):
            note("active_event", day)
    since = today - dt.timedelta(days=rd.signal_max_age_days)
    signals = [s for s in Signal.objects.filter(account=acc) if since <= s.occurred_on <= today]
    kinds = {"demo_request", "pricing_request", "precise_question", "explicit_project"}
    for s in signals:
        if s.kind in kinds:
            note(s.kind, s.occurred_on)
    for p in Project.objects.filter(account=acc):
        day = p.noted_on or timezone.localdate(p.created_at)
        if since <= day <= today:
            note("explicit_project", day)
    sent = sorted(
        (e for e in events if e.type == "email_sent"),
        key=lambda e: (e.occurred_at, e.pk),
        reverse=True,
    )
    sent = sent[: rd.opens_of_last]
    opens = [e for e in events if e.type in ("email_open", "email_click")]
    opened = sum(
        1
        for s in sent
        if any(o.campaign == s.campaign and o.occurred_at >= s.occurred_at for o in opens)
    )
    context = getattr(acc, "context", None)
    return qr.AccountFacts(
        account_id=acc.pk,
        today=today,
        industry=acc.industry,
        size_band=acc.size_band or size_band(acc.employees),
        revenue_band=revenue_band(acc.annual_revenue),
        country=acc.country,
        region=acc.region,
        tier=acc.tier,
        significant_count=len(sig),
        significant=tuple(
            qr.Touch(
                e.type,
                timezone.localdate(e.occurred_at),
                e.page_category if e.type == "web_visit" else "",
            )
            for e in sig[:EVIDENCE_LIMIT]
        ),
        key_pages=tuple(qr.Touch(c, pages[c]) for c in rd.key_pages if c in pages),
        emails_sent=len(sent),
        emails_opened=opened,
        qualitative=tuple(qr.Touch(k, quali[k]) for k in qr.QUALITATIVE_KINDS if k in quali),
        decision_makers=tuple(
            sorted(
                (
                    qr.Person(c.full_name, c.title, c.is_identified, c.is_reachable, c.is_engaged)
                    for c in Contact.objects.filter(account=acc, committee_role="decision_maker")
                ),
                key=lambda p: (p.name, p.title, p.identified, p.reachable, p.engaged),
            )
        ),
        signals=tuple(
            sorted(
                (qr.SignalFact(s.kind, s.occurred_on, s.is_confirmed) for s in signals),
                key=lambda s: (s.on, s.kind, s.confirmed),
            )
        ),
        open_deals=tuple(
            sorted(
                (
                    qr.DealFact(d.name, d.created_on)
                    for d in Deal.objects.filter(account=acc, status="open")
                ),
                key=lambda d: (d.created_on, d.name),
            )
        ),
        timing=context.timing if context else "unknown",
        budget_known=bool(
            context and (context.budget_min is not None or context.budget_max is not None)
        ),
        pain_count=Pain.objects.filter(account=acc).count(),
    )


def random_fixture(seed: int, n_accounts: int = 25) -> list[Account]:
    rng = random.Random(seed)
    types = list(qr.INTERACTION_TYPES)
    accounts = []
    for i in range(n_accounts):
        acc = account(
            f"Co{i}",
            size_band=rng.choice(["", "11-50", "51-200", "5000+"]),
            employees=rng.choice([None, 30, 400]),
            annual_revenue=rng.choice([None, 500_000, 20_000_000]),
            industry=rng.choice(["", "Software", "Retail"]),
        )
        accounts.append(acc)
        for _ in range(rng.randint(0, 25)):
            type_ = rng.choice(types)
            touch(
                acc,
                type_,
                rng.randint(-1, 45),
                hour=rng.randint(0, 23),
                page_category=rng.choice(
                    ["", "pricing", "blog", "contact", "case_study", "product"]
                ),
                campaign=rng.choice(["", "c1", "c2", "c3"]),
                question=rng.choice(["", "", "How much?"]),
                networked=rng.random() < 0.3,
                asked_questions=rng.random() < 0.3,
            )
        for _ in range(rng.randint(0, 2)):
            decision_maker(
                acc,
                reachable=rng.random() < 0.5,
                first_name=rng.choice(["Ana", "Bo", "Cy"]),
                is_identified=rng.random() < 0.8,
                is_engaged=rng.random() < 0.5,
            )
        for _ in range(rng.randint(0, 3)):
            signal(
                acc,
                days_ago=rng.randint(0, 120),
                confirmed=rng.random() < 0.5,
                kind=rng.choice(["hiring", "demo_request", "explicit_project", "precise_question"]),
            )
        if rng.random() < 0.3:
            deal(acc, status=rng.choice(["open", "won", "lost"]), name=f"D{i}")
        if rng.random() < 0.3:
            Pain.objects.create(account=acc, description="pain")
    return accounts


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_set_based_facts_equal_naive_facts(seed: int) -> None:
    accounts = random_fixture(seed)
    got = gather_facts(rules=RULES, now=NOW)
    for acc in accounts:
        acc.refresh_from_db()
        assert got[acc.pk] == naive_facts(acc, RULES, NOW), acc.name
    # same verdicts too
    for acc in accounts:
        assert qr.evaluate(got[acc.pk], RULES) == qr.evaluate(naive_facts(acc, RULES, NOW), RULES)


def test_incremental_gathering_equals_full_gathering() -> None:
    accounts = random_fixture(7, 12)
    full = gather_facts(rules=RULES, now=NOW)
    some = [accounts[0].pk, accounts[5].pk]
    part = gather_facts(rules=RULES, now=NOW, account_ids=some)
    assert set(part) == set(some)
    assert all(part[i] == full[i] for i in some)


@pytest.mark.parametrize(
    ("utc", "local_day"),
    [
        # Winter (Paris = UTC+1): 22:30 UTC is 23:30 the same day, 23:30 UTC is the next day.
        (dt.datetime(2026, 3, 20, 22, 30), dt.date(2026, 3, 20)),
        (dt.datetime(2026, 3, 20, 23, 30), dt.date(2026, 3, 21)),
        # Summer time from 29 March (UTC+2): 21:30 UTC is 23:30, 22:30 UTC the next day.
        (dt.datetime(2026, 3, 30, 21, 30), dt.date(2026, 3, 30)),
        (dt.datetime(2026, 3, 30, 22, 30), dt.date(2026, 3, 31)),
    ],
)
def test_an_event_counts_on_its_local_day_around_midnight_and_daylight_saving(
    utc: dt.datetime, local_day: dt.date
) -> None:
    """Both databases give the Paris calendar day of the instant (PostgreSQL converts it in
    SQL, SQLite in Python): the evidence and the qualitative signals carry that day."""
    acc = account()
    touch(acc, "demo_request", 0, occurred_at=utc.replace(tzinfo=dt.UTC))
    facts = facts_of(acc)
    assert facts.qualitative == (qr.Touch("demo_request", local_day),)
    assert [t.on for t in facts.significant] == [local_day]


@pytest.mark.parametrize(("asked", "statements"), [(9, 1 + 7), (3, 1 + 2 * 7)])
def test_many_ids_are_gathered_in_one_pass_a_few_by_chunks(
    monkeypatch: pytest.MonkeyPatch, asked: int, statements: int
) -> None:
    """Over the chunk size: most of the accounts (after a big import) → one count and one
    pass over every account; a few → one pass per chunk. Same facts either way."""
    from baton.qualification import facts as facts_module

    monkeypatch.setattr(facts_module, "CHUNK", 2)
    accounts = [account(f"A{i}") for i in range(12)]
    for i, acc in enumerate(accounts):
        touch(acc, "meeting", i)
        decision_maker(acc)
    every = gather_facts(rules=RULES, now=NOW)
    ids = [acc.pk for acc in accounts[:asked]]
    with CaptureQueriesContext(connection) as ctx:
        found = gather_facts(rules=RULES, now=NOW, account_ids=ids)
    assert found == {pk: every[pk] for pk in ids}
    assert len(ctx.captured_queries) == statements
