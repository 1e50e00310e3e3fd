"""Pages by role: board, detail with actions, forms, proposal, feedback, rules, tester, SLA."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from baton.handovers import services
from baton.handovers.models import AssignmentRule, Feedback, Handover, HandoverEvent
from tests.handovers.conftest import make_account

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


PAGES = [
    "handovers:board",
    "handovers:mine",
    "handovers:review",
    "handovers:rules",
    "handovers:tester",
]


@pytest.mark.parametrize("name", PAGES)
def test_pages_need_a_sign_in(name: str) -> None:
    r = Client().get(reverse(name))
    assert r.status_code == 302
    assert r["Location"].startswith("/login/")


@pytest.mark.parametrize("role", ["marketing", "rep", "manager", "leadership", "admin"])
@pytest.mark.parametrize("name", PAGES)
def test_every_role_reads_the_pages(people: Any, proposed: Handover, role: str, name: str) -> None:
    assert login(people[role]).get(reverse(name)).status_code == 200


def test_board_columns_and_filters(
    people: Any, proposed: Handover, django_assert_max_num_queries: Any
) -> None:
    c = login(people["leadership"])
    with django_assert_max_num_queries(12):
        r = c.get(reverse("handovers:board"))
    html = r.content.decode()
    for label in (
        "Qualified by marketing",
        "Sales briefing",
        "Approaching",
        "Opportunity",
        "Closed",
    ):
        assert label in html
    assert 'id="column-proposed"' in html
    assert "Acme Industrie" in html
    r = c.get(reverse("handovers:board"), {"rep": people["rep2"].pk})
    assert "Acme Industrie" not in r.content.decode()
    # Proposed in March, no contact since: overdue. A fresh proposal is not.
    services.handover_propose(actor=people["marketing"], account=make_account("Fresh Co"))
    r = c.get(reverse("handovers:board"), {"overdue": "1"})
    assert "Acme Industrie" in r.content.decode()
    assert "Fresh Co" not in r.content.decode()


def test_board_in_french(people: Any, proposed: Handover) -> None:
    c = login(people["rep"])  # French speaker
    html = c.get(reverse("handovers:board")).content.decode()
    for label in ("Qualifié Marketing", "Briefing Sales", "En approche", "Opportunité", "Fermé"):
        assert label in html


def test_detail_shows_actions_only_to_who_may_act(people: Any, proposed: Handover) -> None:
    url = reverse("handovers:detail", args=[proposed.pk])
    rep_html = login(people["rep2"]).get(url).content.decode()
    assert 'id="action-' not in rep_html  # not the assigned rep
    boss_html = login(people["leadership"]).get(url).content.decode()
    assert 'id="action-' not in boss_html
    assert '<form method="post" action="/handovers/' not in boss_html
    mine = login(people["rep"]).get(url).content.decode()
    assert 'id="action-accept"' in mine
    assert 'id="action-reject"' in mine
    assert "Sophie Martin" in mine  # evidence: the decision maker


def test_leadership_cannot_act(people: Any, proposed: Handover) -> None:
    url = reverse("handovers:act", args=[proposed.pk, "accept"])
    assert login(people["leadership"]).post(url, {}).status_code == 403
    proposed.refresh_from_db()
    assert proposed.stage == "proposed"
    assert HandoverEvent.objects.filter(handover=proposed).count() == 1


def test_rep_accepts_and_logs_first_contact(people: Any, proposed: Handover) -> None:
    c = login(people["rep"])
    r = c.post(reverse("handovers:act", args=[proposed.pk, "accept"]), {"accept-note": ""})
    assert r.status_code == 302
    r = c.post(
        reverse("handovers:act", args=[proposed.pk, "log_first_contact"]),
        {"log_first_contact-channel": "phone", "log_first_contact-on": "2026-03-02"},
    )
    assert r.status_code == 302
    proposed.refresh_from_db()
    assert proposed.stage == "approaching"
    html = c.get(reverse("handovers:detail", args=[proposed.pk])).content.decode()
    assert "Premier contact consigné" in html


def test_illegal_action_is_refused_with_its_reason(people: Any, proposed: Handover) -> None:
    c = login(people["rep"])
    r = c.post(reverse("handovers:act", args=[proposed.pk, "close_won"]), {}, follow=True)
    assert "n\u2019est pas possible à l\u2019étape" in r.content.decode()
    proposed.refresh_from_db()
    assert proposed.stage == "proposed"


def test_invalid_form_shows_errors(people: Any, proposed: Handover) -> None:
    c = login(people["rep"])
    r = c.post(reverse("handovers:act", args=[proposed.pk, "reject"]), {"reject-reason": ""})
    assert r.status_code == 400
    assert 'open id="action-reject"' in r.content.decode()


def test_propose_page(people: Any, rule_to_rep: Any) -> None:
    acc = make_account(ready=False)
    url = reverse("handovers:propose", args=[acc.pk])
    assert login(people["rep"]).get(url).status_code == 403
    c = login(people["marketing"])
    r = c.get(url)
    assert "Borderline" in r.content.decode()
    r = c.post(url, {"note": "", "currency": "EUR"})
    assert r.status_code == 400
    assert "explain in a note" in r.content.decode()
    r = c.post(url, {"note": "Confirmed by phone", "currency": "EUR"})
    h = Handover.objects.get(account=acc)
    assert r["Location"] == reverse("handovers:detail", args=[h.pk])
    assert c.get(url)["Location"] == reverse("handovers:detail", args=[h.pk])


def test_feedback_form(people: Any, proposed: Handover) -> None:
    services.handover_accept(handover=proposed, actor=people["rep"])
    Feedback.objects.create(
        handover=proposed, checkpoint=14, requested_at=proposed.proposed_at + dt.timedelta(days=14)
    )
    url = reverse("handovers:feedback", args=[proposed.pk, 14])
    c = login(people["rep"])
    assert c.get(url).status_code == 200
    r = c.post(
        url,
        {
            "qualification_right": "yes",
            "info_useful": "no",
            "missing": "Budget",
            "outcome": "meeting",
        },
    )
    assert r.status_code == 302
    fb = Feedback.objects.get(handover=proposed, checkpoint=14)
    assert (fb.info_useful, fb.submitted_by) == ("no", people["rep"])
    assert (
        login(people["rep2"])
        .post(url, {"qualification_right": "yes", "info_useful": "no", "outcome": "meeting"})
        .status_code
        == 403
    )
    assert (
        login(people["rep"]).get(reverse("handovers:feedback", args=[proposed.pk, 30])).status_code
        == 404
    )


def test_rules_managed_by_sales_managers(people: Any, pool: Any) -> None:
    create = reverse("handovers:rule_create")
    assert login(people["rep"]).get(create).status_code == 403
    assert login(people["marketing"]).get(create).status_code == 403
    c = login(people["manager"])
    r = c.post(
        create,
        {
            "order": 5,
            "name": "Retail",
            "sectors": "Retail, Commerce",
            "pool": pool.pk,
            "is_active": "on",
        },
    )
    assert r.status_code == 302
    rule = AssignmentRule.objects.get(name="Retail")
    assert (rule.sectors, rule.pool) == (["Retail", "Commerce"], pool)
    r = c.post(create, {"order": 6, "name": "Both", "rep": people["rep"].pk, "pool": pool.pk})
    assert r.status_code == 200
    assert "either a rep or a pool" in r.content.decode()
    html = c.get(reverse("handovers:rules")).content.decode()
    assert "Retail, Commerce" in html


def test_rule_tester(people: Any, rule_to_rep: Any) -> None:
    acc = make_account()
    r = login(people["leadership"]).get(reverse("handovers:tester"), {"account": acc.pk})
    html = r.content.decode()
    assert "Acme Industrie would go to Camille User2." in html
    assert "Rule “France” applies." in html


def test_sla_settings_admin_only(people: Any) -> None:
    url = reverse("handovers:settings")
    assert login(people["manager"]).get(url).status_code == 403
    c = login(people["admin"])
    assert c.get(url).status_code == 200
    data = {
        "briefing_hours": 24,
        "first_contact_hours": 48,
        "reminder_hours": 72,
        "escalation_hours": 168,
        "feedback_first_days": 14,
        "feedback_second_days": 30,
        "feedback_reminder_days": 3,
        "feedback_escalation_days": 7,
        "support_days": 21,
        "business_hours": "on",
        "day_start": "09:00",
        "day_end": "18:00",
        "workdays": ["0", "1", "2", "3", "4"],
        "holidays": "2026-12-25\n2027-01-01",
        "time_zone": "Europe/Paris",
    }
    assert c.post(url, data).status_code == 302
    from baton.handovers.selectors import handover_settings

    row = handover_settings()
    assert (row.briefing_hours, row.support_days, row.holidays) == (
        24,
        21,
        ["2026-12-25", "2027-01-01"],
    )
    assert c.post(url, data | {"support_days": 29}).status_code == 400


def test_review_and_mine(people: Any, proposed: Handover) -> None:
    html = login(people["leadership"]).get(reverse("handovers:review")).content.decode()
    assert "Acme Industrie" in html
    assert 'id="review"' in html
    html = login(people["rep"]).get(reverse("handovers:mine")).content.decode()
    assert "Acme Industrie" in html


def test_propose_button_partial_shows_for_marketing_only(people: Any) -> None:
    from django.template import Context, Template
    from django.test import RequestFactory

    from baton.web.context_processors import navigation

    acc = make_account()
    template = Template('{% include "handovers/_propose_button.html" with account=account %}')
    for role, shown in (
        ("marketing", True),
        ("admin", True),
        ("manager", False),
        ("rep", False),
        ("leadership", False),
    ):
        request = RequestFactory().get("/")
        request.user = people[role]
        html = template.render(
            Context({"account": acc, "user": people[role], **navigation(request)})
        )
        assert (reverse("handovers:propose", args=[acc.pk]) in html) is shown, role


def test_feedback_email_link_opens_the_form(people: Any, proposed: Handover) -> None:
    from baton.notifications.services import link_use
    from baton.notifications.signed_links import make_link

    fb = Feedback.objects.create(
        handover=proposed, checkpoint=14, requested_at=proposed.proposed_at
    )
    url = make_link(user=people["rep"], action="handover.feedback", target_id=fb.pk)
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert link_use(token=token) == reverse("handovers:feedback", args=[proposed.pk, 14])
