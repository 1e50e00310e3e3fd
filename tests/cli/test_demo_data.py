import datetime as dt
import hashlib
import json
import re
from datetime import date, datetime, time
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from baton.accounts.bands import size_band
from baton.accounts.models import (
    Account,
    AccountDomain,
    CommitteeRole,
    Contact,
    CostCategory,
    CostEntry,
    Deal,
    DealStatus,
    Level,
    Signal,
)
from baton.cli.demo.build import build_demo
from baton.cli.demo.users import DEMO_PASSWORD
from baton.core.roles import Role
from baton.engagement.models import Interaction, InteractionType, MarketingAsset
from baton.handovers.models import (
    AssignmentRule,
    Feedback,
    Handover,
    HandoverDeadline,
    RepPool,
)
from baton.metrics.models import (
    CorrectiveAction,
    MetricSnapshot,
    MetricTarget,
    SurveyResponse,
)
from baton.qualification.models import Evaluation
from baton.users.models import User

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 16)

LOGINS = """
Demo logins (one per role):
  email                            name             role           language  password
  camille.martin@demo.baton.test   Camille Martin   marketing      fr        baton-demo-2026
  julien.bernard@demo.baton.test   Julien Bernard   sales_rep      fr        baton-demo-2026
  lea.rousseau@demo.baton.test     Léa Rousseau     sales_rep      fr        baton-demo-2026
  oliver.hughes@demo.baton.test    Oliver Hughes    sales_rep      en        baton-demo-2026
  nadia.lefevre@demo.baton.test    Nadia Lefèvre    sales_manager  fr        baton-demo-2026
  philippe.moreau@demo.baton.test  Philippe Moreau  leadership     fr        baton-demo-2026
  ines.garnier@demo.baton.test     Inès Garnier     admin          fr        baton-demo-2026
"""


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


def digest() -> str:
    """A fingerprint of what the demo wrote, free of primary keys and creation times."""
    rows = {
        "accounts": list(
            Account.objects.order_by("name").values_list(
                "name",
                "industry",
                "employees",
                "annual_revenue",
                "country",
                "territory",
                "tier",
                "level",
                "score",
                "journey_stage",
                "targeted_on",
                "targeting_reason",
                "sales_owner__email",
            )
        ),
        "domains": sorted(AccountDomain.objects.values_list("domain", "account__name")),
        "contacts": sorted(
            Contact.objects.values_list("email", "title", "committee_role", "is_reachable")
        ),
        "signals": sorted(
            Signal.objects.values_list("account__name", "kind", "occurred_on", "is_confirmed")
        ),
        "interactions": list(
            Interaction.objects.order_by("external_id").values_list(
                "external_id",
                "type",
                "occurred_at",
                "account__name",
                "contact__email",
                "asset__slug",
            )
        ),
        "deals": sorted(
            Deal.objects.values_list("external_id", "name", "amount", "status"),
            key=lambda d: (d[0] or "", d[1], d[2], d[3]),
        ),
        "costs": sorted(CostEntry.objects.values_list("external_id", "category", "amount")),
    }
    text = json.dumps(rows, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def wipe() -> None:
    """Everything but the users, as in a fresh workspace where the demo users were kept."""
    Interaction.objects.all().delete()
    Deal.objects.all().delete()
    CostEntry.objects.all().delete()
    Account.objects.all().delete()
    MarketingAsset.objects.all().delete()
    AssignmentRule.objects.all().delete()
    RepPool.objects.all().delete()


def test_same_seed_and_day_give_the_same_workspace() -> None:
    build_demo(seed=7, accounts=30, today=TODAY)
    first = digest()
    wipe()

    build_demo(seed=7, accounts=30, today=TODAY)

    assert digest() == first


def test_another_seed_gives_other_companies() -> None:
    build_demo(seed=7, accounts=30, today=TODAY)
    first, names = digest(), set(Account.objects.values_list("name", flat=True))
    wipe()

    build_demo(seed=8, accounts=30, today=TODAY)

    assert digest() != first
    assert set(Account.objects.values_list("name", flat=True)) != names


def test_dates_follow_the_day_of_the_demo() -> None:
    build_demo(seed=7, accounts=20, today=TODAY)
    signals = sorted(Signal.objects.values_list("occurred_on", flat=True))
    wipe()

    build_demo(seed=7, accounts=20, today=date(2026, 4, 15))

    later = sorted(Signal.objects.values_list("occurred_on", flat=True))
    assert [(b - a).days for a, b in zip(signals, later, strict=True)] == [30] * len(signals)


def test_default_run_builds_the_promised_workspace() -> None:
    output = run("--today", "2026-03-16")

    accounts = Account.objects.all()
    assert accounts.count() == 150
    committee_sizes = set(accounts.annotate(n=Count("contacts")).values_list("n", flat=True))
    assert committee_sizes <= set(range(4, 9))
    assert len(committee_sizes) >= 4
    signal_counts = set(accounts.annotate(n=Count("signals")).values_list("n", flat=True))
    assert signal_counts <= set(range(6))
    assert set(accounts.values_list("level", flat=True)) == set(Level.values)
    assert {Role(r) for r in User.objects.values_list("role", flat=True)} == set(Role)
    assert set(Deal.objects.values_list("status", flat=True)) == set(DealStatus.values)
    assert set(CostEntry.objects.values_list("category", flat=True)) == set(CostCategory.values)
    assert CostEntry.objects.filter(account__isnull=False).exists()
    assert CostEntry.objects.filter(account__isnull=True).exclude(campaign="").exists()
    assert MarketingAsset.objects.count() == 13
    counts = {
        "demo users": User.objects.count(),
        "target accounts": 150,
        "web domains": AccountDomain.objects.count(),
        "committee members": Contact.objects.count(),
        "buying signals": Signal.objects.count(),
        "account contexts": 150,
        "pains": Account.objects.aggregate(n=Count("pains"))["n"],
        "ongoing projects": Account.objects.aggregate(n=Count("projects"))["n"],
        "marketing assets": 13,
        "interactions": Interaction.objects.count(),
        "open deals": Deal.objects.filter(status="open").count(),
        "won deals": Deal.objects.filter(status="won").count(),
        "lost deals": Deal.objects.filter(status="lost").count(),
        "cost entries": CostEntry.objects.count(),
        "qualification verdicts": Evaluation.objects.filter(is_latest=True).count(),
        "assignment rules": AssignmentRule.objects.count(),
        "handovers": Handover.objects.count(),
        "deadlines fired": HandoverDeadline.objects.filter(fired_at__isnull=False).count(),
        "rep feedback given": Feedback.objects.filter(submitted_at__isnull=False).count(),
        "metric targets": MetricTarget.objects.count(),
        "weekly metric snapshots": MetricSnapshot.objects.count(),
        "alignment survey answers": SurveyResponse.objects.count(),
        "corrective actions": CorrectiveAction.objects.filter(is_blocker=False).count(),
        "blockers": CorrectiveAction.objects.filter(is_blocker=True).count(),
    }
    assert counts["handovers"] == 16
    assert counts["qualification verdicts"] == 150
    width = max(len(label) for label in counts)
    expected = "Demo workspace built (seed 2026, day 2026-03-16).\n" + "".join(
        f"  {label:<{width}}  {count:>6}\n" for label, count in counts.items()
    )
    assert output == expected + LOGINS


def test_accounts_are_consistent_and_plausible() -> None:
    build_demo(seed=3, accounts=60, today=TODAY)

    for account in Account.objects.prefetch_related("domains", "contacts"):
        assert account.size_band == size_band(account.employees)
        assert isinstance(account.annual_revenue, Decimal)
        assert account.marketing_owner.email == "camille.martin@demo.baton.test"
        assert account.sales_owner.role == Role.SALES_REP
        domains = {d.domain for d in account.domains.all()}
        assert {c.email.split("@")[1] for c in account.contacts.all()} <= domains
        assert sum(c.committee_role == CommitteeRole.DECISION_MAKER for c in account.contacts.all())
        assert account.targeting_reason
    assert (
        Account.objects.filter(domains__isnull=False)
        .annotate(n=Count("domains"))
        .filter(n__gte=2)
        .exists()
    )
    amounts = Deal.objects.values_list("amount", flat=True)
    assert min(amounts) >= Decimal(15000)
    assert max(amounts) <= Decimal(250000)
    for deal in Deal.objects.exclude(status="open"):
        assert deal.created_on < deal.closed_on < TODAY
    for cost in CostEntry.objects.filter(category=CostCategory.SALES_TIME):
        assert cost.amount == cost.hours * cost.hourly_rate


def test_interactions_are_dated_ordered_and_stably_identified() -> None:
    build_demo(seed=3, accounts=40, today=TODAY)
    start_of_today = timezone.make_aware(datetime.combine(TODAY, time.min))

    events = list(Interaction.objects.select_related("contact", "asset"))
    assert all(re.fullmatch(r"demo-3-\d+", e.external_id) for e in events)
    assert max(e.occurred_at for e in events) < start_of_today
    assert (start_of_today - min(e.occurred_at for e in events)).days <= 134
    assert {e.type for e in events} >= {
        InteractionType.WEB_VISIT,
        InteractionType.EMAIL_SENT,
        InteractionType.EMAIL_OPEN,
        InteractionType.LINKEDIN_INTERACTION,
        InteractionType.WEBINAR_REGISTERED,
    }
    sent = {
        (e.contact_id, e.asset_id): e.occurred_at
        for e in sorted(events, key=lambda e: e.occurred_at, reverse=True)
        if e.type == InteractionType.EMAIL_SENT
    }
    for open_ in (e for e in events if e.type == InteractionType.EMAIL_OPEN):
        assert sent[(open_.contact_id, open_.asset_id)] < open_.occurred_at
    visits = [e for e in events if e.type == InteractionType.WEB_VISIT and e.account_id]
    assert all(e.page_category for e in visits)
    assert any(e.account_id is None for e in events)  # unmatched events are part of real life


def test_hot_accounts_get_more_recent_interactions_than_cold_ones() -> None:
    build_demo(seed=3, accounts=60, today=TODAY)
    since = timezone.make_aware(datetime.combine(date(2026, 2, 14), time.min))

    def recent_per_account(level: str) -> float:
        accounts = Account.objects.filter(level=level)
        recent = Interaction.objects.filter(account__in=accounts, occurred_at__gte=since)
        return recent.count() / accounts.count()

    assert recent_per_account(Level.HOT) > 3 * recent_per_account(Level.COLD)


def test_if_empty_creates_nothing_the_second_time_but_prints_the_logins() -> None:
    run("--accounts", "10", "--today", "2026-03-16", "--if-empty")
    before = digest(), User.objects.count(), MarketingAsset.objects.count()

    output = run("--accounts", "10", "--today", "2026-03-17", "--if-empty")

    assert output == (
        "The workspace already holds accounts: no demo data created.\n"
        + LOGINS
        + "Users that already existed keep their current password.\n"
    )
    assert (digest(), User.objects.count(), MarketingAsset.objects.count()) == before


def test_if_empty_recreates_missing_demo_users() -> None:
    run("--accounts", "5", "--today", "2026-03-16")
    User.objects.filter(email="nadia.lefevre@demo.baton.test").delete()

    run("--if-empty")

    nadia = User.objects.get(email="nadia.lefevre@demo.baton.test")
    assert nadia.role == Role.SALES_MANAGER
    assert nadia.check_password(DEMO_PASSWORD)


def test_demo_users_can_sign_in_with_the_demo_password() -> None:
    build_demo(seed=1, accounts=3, today=TODAY)

    oliver = User.objects.get(email="oliver.hughes@demo.baton.test")
    assert (oliver.role, oliver.language, oliver.check_password(DEMO_PASSWORD)) == (
        "sales_rep",
        "en",
        True,
    )
    assert User.objects.filter(role="sales_rep").count() == 3


def test_a_non_empty_workspace_is_refused_without_if_empty() -> None:
    run("--accounts", "3", "--today", "2026-03-16")

    with pytest.raises(CommandError) as caught:
        run("--accounts", "3")

    assert str(caught.value) == (
        "accounts: the workspace already holds accounts "
        "(run with --if-empty, or start from an empty database)"
    )
    assert Account.objects.count() == 3


def test_a_bad_day_is_refused() -> None:
    with pytest.raises(CommandError) as caught:
        run("--today", "16/03/2026")

    assert str(caught.value) == "Error: argument --today: expected a date as YYYY-MM-DD"
    assert not Account.objects.exists()


def test_zero_accounts_is_refused() -> None:
    with pytest.raises(CommandError) as caught:
        run("--accounts", "0")

    assert str(caught.value) == (
        "accounts: the demo needs at least one account "
        "(run with --if-empty, or start from an empty database)"
    )


def test_demo_shows_every_qualification_case() -> None:
    """Issue 4's demo: hot, warm and cold accounts; ready and borderline ones; engaged ones; and
    accounts that just fell out of the 30-day window (≥ 3 significant interactions 31 to 45 days
    ago, fewer than 3 in the last 30)."""
    from django.db.models import Count, Q

    from baton.cli.demo.build import demo_now
    from baton.qualification.defaults import DEFAULT_CONFIG

    build_demo(seed=2026, accounts=150, today=TODAY)
    latest = Evaluation.objects.filter(is_latest=True)
    assert latest.count() == 150
    assert latest.filter(ready=True).count() >= 5
    assert latest.filter(borderline=True).count() >= 5
    assert latest.filter(engaged=True).count() >= 10
    assert set(Account.objects.values_list("level", flat=True)) == {"hot", "warm", "cold"}

    now = demo_now(TODAY)
    engagement = DEFAULT_CONFIG["engagement"]
    others = [t for t in engagement["significant_types"] if t != "web_visit"]
    significant = Q(interactions__type__in=others) | Q(
        interactions__type="web_visit",
        interactions__page_category__in=engagement["significant_page_categories"],
    )
    d30, d45 = now - dt.timedelta(days=30), now - dt.timedelta(days=45)
    fell_out = list(
        Account.objects.annotate(
            recent=Count(
                "interactions", filter=significant & Q(interactions__occurred_at__gte=d30)
            ),
            before=Count(
                "interactions",
                filter=significant
                & Q(interactions__occurred_at__gte=d45, interactions__occurred_at__lt=d30),
            ),
        )
        .filter(recent__lt=3, before__gte=3)
        .values_list("pk", flat=True)
    )
    assert len(fell_out) >= 3
    assert not latest.filter(account_id__in=fell_out, engaged=True).exists()
