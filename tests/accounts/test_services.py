"""Services of the accounts app: each write, its refusals, and the audit row it leaves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from baton.accounts import services
from baton.accounts.models import (
    Account,
    AccountContext,
    AccountDomain,
    Contact,
    Pain,
    Project,
    Signal,
)
from baton.accounts.schemas import (
    AccountCreate,
    AccountUpdate,
    ContactCreate,
    ContactUpdate,
    ContextUpdate,
    PainCreate,
    ProjectCreate,
    SignalCreate,
    SignalUpdate,
)
from baton.core.errors import DomainError
from baton.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(make_user):
    return make_user("marketing")


def _account(actor, name="Acme", **extra):
    return services.account_create(actor=actor, data=AccountCreate(name=name, **extra))


def _account_audits() -> int:
    return AuditEvent.objects.filter(target_type__startswith="accounts.").count()


def _last_audit() -> AuditEvent:
    return AuditEvent.objects.order_by("-id").first()


# ---------- Accounts ----------


@time_machine.travel(dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC), tick=False)
def test_account_create_stores_fields_domains_context_and_audit(actor):
    account = _account(
        actor,
        domains="https://www.Acme.fr/pricing; acme.com",
        industry="SaaS",
        employees=120,
        annual_revenue=Decimal("12000000"),
        marketing_owner_id=actor.pk,
        targeting_reason="Series B",
    )

    account.refresh_from_db()
    assert account.size_band == "51-200"
    assert account.targeted_on == dt.date(2026, 11, 23)
    assert account.marketing_owner == actor
    assert list(account.domains.values_list("domain", "is_primary")) == [
        ("acme.fr", True),
        ("acme.com", False),
    ]
    assert AccountContext.objects.filter(account=account).count() == 1
    event = _last_audit()
    assert (event.action, event.actor, event.target_type, event.target_id) == (
        "account.created",
        actor,
        "accounts.account",
        str(account.pk),
    )
    assert event.changes == {
        "name": [None, "Acme"],
        "industry": [None, "SaaS"],
        "employees": [None, 120],
        "annual_revenue": [None, "12000000"],
        "targeting_reason": [None, "Series B"],
        "marketing_owner": [None, actor.pk],
        "targeted_on": [None, "2026-11-23"],
        "domains": [None, ["acme.fr", "acme.com"]],
    }


def test_account_create_refuses_a_domain_of_another_account(actor):
    _account(actor, name="Acme", domains="acme.fr")
    with pytest.raises(DomainError) as err:
        _account(actor, name="Other", domains="other.fr www.acme.fr")
    assert err.value.field == "domains"
    assert err.value.reason == "the domain acme.fr already belongs to the account Acme"
    assert Account.objects.count() == 1
    assert _account_audits() == 1


def test_account_create_refuses_an_external_id_in_use(actor):
    _account(actor, name="Acme", external_id="crm-1")
    with pytest.raises(DomainError) as err:
        _account(actor, name="Other", external_id="crm-1")
    assert err.value.field == "external_id"
    assert Account.objects.count() == 1


def test_account_create_refuses_an_unknown_or_inactive_owner(actor, make_user):
    gone = make_user("sales_rep")
    gone.is_active = False
    gone.save()
    for owner_id, field in ((999_999, "marketing_owner_id"), (gone.pk, "sales_owner_id")):
        with pytest.raises(DomainError) as err:
            _account(actor, **{field: owner_id})
        assert err.value.field == field
    assert Account.objects.count() == 0
    assert _account_audits() == 0


def test_account_update_records_before_and_after(actor, make_user):
    rep = make_user("sales_rep")
    account = _account(actor, domains="acme.fr", industry="SaaS")
    services.account_update(
        actor=actor,
        account=account,
        data=AccountUpdate(industry="Fintech", domains="acme.fr acme.io", sales_owner_id=rep.pk),
    )
    account.refresh_from_db()
    assert account.industry == "Fintech"
    assert account.sales_owner == rep
    event = _last_audit()
    assert event.action == "account.updated"
    assert event.changes == {
        "industry": ["SaaS", "Fintech"],
        "sales_owner": [None, rep.pk],
        "domains": [["acme.fr"], ["acme.fr", "acme.io"]],
    }


def test_account_update_without_change_writes_no_audit(actor):
    account = _account(actor, industry="SaaS", domains="acme.fr")
    before = AuditEvent.objects.count()
    services.account_update(
        actor=actor, account=account, data=AccountUpdate(industry="SaaS", domains="acme.fr")
    )
    assert AuditEvent.objects.count() == before


def test_account_update_keeps_its_own_domain_but_refuses_another_accounts(actor):
    _account(actor, name="Other", domains="other.fr")
    account = _account(actor, domains="acme.fr")
    services.account_update(actor=actor, account=account, data=AccountUpdate(domains="acme.fr"))
    with pytest.raises(DomainError) as err:
        services.account_update(
            actor=actor, account=account, data=AccountUpdate(domains="acme.fr; other.fr")
        )
    assert err.value.field == "domains"
    assert list(account.domains.values_list("domain", flat=True)) == ["acme.fr"]


def test_account_update_refuses_an_external_id_of_another_account(actor):
    _account(actor, name="Other", external_id="crm-9")
    account = _account(actor, external_id="crm-1")
    with pytest.raises(DomainError) as err:
        services.account_update(
            actor=actor, account=account, data=AccountUpdate(external_id="crm-9")
        )
    assert err.value.field == "external_id"
    account.refresh_from_db()
    assert account.external_id == "crm-1"


def test_account_update_untarget_is_its_own_action(actor):
    account = _account(actor)
    services.account_update(actor=actor, account=account, data=AccountUpdate(is_target=False))
    assert _last_audit().action == "account.untargeted"
    assert _last_audit().changes == {"is_target": [True, False]}


def test_account_add_domain_appends(actor):
    account = _account(actor, domains="acme.fr")
    services.account_add_domain(actor=actor, account=account, domain="acme.de")
    assert list(AccountDomain.objects.filter(account=account).values_list("domain", flat=True)) == [
        "acme.fr",
        "acme.de",
    ]


# ---------- Committee ----------


def test_contact_create_and_audit(actor):
    account = _account(actor)
    contact = services.contact_create(
        actor=actor,
        account=account,
        data=ContactCreate(
            first_name="Claire",
            last_name="Martin",
            email=" Claire.Martin@Acme.fr ",
            committee_role="decision_maker",
            linkedin_url="linkedin.com/in/claire",
        ),
    )
    assert contact.email == "claire.martin@acme.fr"
    assert contact.linkedin_url == "https://linkedin.com/in/claire"
    event = _last_audit()
    assert (event.action, event.target_type, event.target_id) == (
        "contact.created",
        "accounts.contact",
        str(contact.pk),
    )
    assert event.changes["committee_role"] == [None, "decision_maker"]


def test_contact_create_refuses_an_email_in_use_whatever_the_case(actor):
    account = _account(actor)
    other = _account(actor, name="Other")
    services.contact_create(
        actor=actor, account=account, data=ContactCreate(first_name="A", email="a@acme.fr")
    )
    with pytest.raises(DomainError) as err:
        services.contact_create(
            actor=actor, account=other, data=ContactCreate(first_name="B", email="A@ACME.FR")
        )
    assert err.value.field == "email"
    assert err.value.reason == "a@acme.fr is already A at Acme"
    assert Contact.objects.count() == 1


def test_contact_create_refuses_an_external_id_in_use(actor):
    account = _account(actor)
    services.contact_create(
        actor=actor, account=account, data=ContactCreate(first_name="A", external_id="c-1")
    )
    with pytest.raises(DomainError) as err:
        services.contact_create(
            actor=actor, account=account, data=ContactCreate(first_name="B", external_id="c-1")
        )
    assert err.value.field == "external_id"


def test_contact_update_and_its_email_check(actor):
    account = _account(actor)
    a = services.contact_create(
        actor=actor, account=account, data=ContactCreate(first_name="A", email="a@acme.fr")
    )
    b = services.contact_create(
        actor=actor, account=account, data=ContactCreate(first_name="B", email="b@acme.fr")
    )
    services.contact_update(
        actor=actor, contact=b, data=ContactUpdate(title="CFO", is_reachable=True)
    )
    assert _last_audit().changes == {"title": ["", "CFO"], "is_reachable": [False, True]}
    with pytest.raises(DomainError) as err:
        services.contact_update(actor=actor, contact=b, data=ContactUpdate(email="a@acme.fr"))
    assert err.value.field == "email"
    b.refresh_from_db()
    assert b.email == "b@acme.fr"
    # Keeping one's own email is fine.
    services.contact_update(actor=actor, contact=a, data=ContactUpdate(email="a@acme.fr"))


def test_contact_delete_leaves_an_audit_row_naming_the_account(actor):
    account = _account(actor)
    contact = services.contact_create(
        actor=actor, account=account, data=ContactCreate(first_name="Ana", last_name="Lopez")
    )
    pk = contact.pk
    services.contact_delete(actor=actor, contact=contact)
    assert not Contact.objects.filter(pk=pk).exists()
    event = _last_audit()
    assert (event.action, event.target_id) == ("contact.deleted", str(pk))
    assert event.changes == {"name": ["Ana Lopez", None], "account": [account.pk, None]}


# ---------- Signals ----------


def test_signal_create_with_a_person_of_the_account(actor):
    account = _account(actor)
    person = services.contact_create(
        actor=actor, account=account, data=ContactCreate(first_name="P")
    )
    signal = services.signal_create(
        actor=actor,
        account=account,
        data=SignalCreate(
            kind="fundraising",
            description="Series B, 20 M€",
            occurred_on=dt.date(2026, 10, 1),
            is_confirmed=True,
            contact_id=person.pk,
        ),
    )
    assert (signal.contact, signal.recorded_by, signal.source) == (person, actor, "")
    event = _last_audit()
    assert (event.action, event.target_type) == ("signal.created", "accounts.signal")
    assert event.changes == {"kind": [None, "fundraising"], "is_confirmed": [None, True]}


def test_signal_refuses_a_person_of_another_account(actor):
    account = _account(actor)
    other = _account(actor, name="Other")
    stranger = services.contact_create(
        actor=actor, account=other, data=ContactCreate(first_name="S")
    )
    with pytest.raises(DomainError) as err:
        services.signal_create(
            actor=actor,
            account=account,
            data=SignalCreate(
                kind="hiring",
                description="x",
                occurred_on=dt.date(2026, 1, 1),
                contact_id=stranger.pk,
            ),
        )
    assert err.value.field == "contact_id"
    assert Signal.objects.count() == 0
    signal = services.signal_create(
        actor=actor,
        account=account,
        data=SignalCreate(kind="hiring", description="x", occurred_on=dt.date(2026, 1, 1)),
    )
    with pytest.raises(DomainError):
        services.signal_update(
            actor=actor, signal=signal, data=SignalUpdate(contact_id=stranger.pk)
        )
    signal.refresh_from_db()
    assert signal.contact is None


def test_signal_update_confirming_is_its_own_action(actor):
    account = _account(actor)
    signal = services.signal_create(
        actor=actor,
        account=account,
        data=SignalCreate(kind="demo_request", description="Demo", occurred_on=dt.date(2026, 1, 1)),
    )
    services.signal_update(actor=actor, signal=signal, data=SignalUpdate(is_confirmed=True))
    event = _last_audit()
    assert event.action == "signal.confirmed"
    assert event.changes == {"is_confirmed": [False, True]}


def test_signal_delete_audits_kind_and_account(actor):
    account = _account(actor)
    signal = services.signal_create(
        actor=actor,
        account=account,
        data=SignalCreate(kind="hiring", description="x", occurred_on=dt.date(2026, 1, 1)),
    )
    services.signal_delete(actor=actor, signal=signal)
    assert Signal.objects.count() == 0
    assert _last_audit().action == "signal.deleted"
    assert _last_audit().changes == {"kind": ["hiring", None], "account": [account.pk, None]}


# ---------- Context, pains, projects ----------


def test_context_update_and_audit_on_the_account(actor):
    account = _account(actor)
    context = services.context_update(
        actor=actor,
        account=account,
        data=ContextUpdate(budget_min=Decimal(30000), budget_max=Decimal(50000), note="Series B"),
    )
    assert (context.budget_min, context.budget_max, context.updated_by) == (
        Decimal(30000),
        Decimal(50000),
        actor,
    )
    event = _last_audit()
    assert (event.action, event.target_type, event.target_id) == (
        "context.updated",
        "accounts.account",
        str(account.pk),
    )
    assert event.changes == {
        "budget_min": [None, "30000"],
        "budget_max": [None, "50000"],
        "note": ["", "Series B"],
    }


def test_context_update_refuses_a_budget_low_above_high(actor):
    account = _account(actor)
    with pytest.raises(DomainError) as err:
        services.context_update(
            actor=actor,
            account=account,
            data=ContextUpdate(budget_min=Decimal(60000), budget_max=Decimal(50000)),
        )
    assert err.value.field == "budget_min"
    services.context_update(
        actor=actor, account=account, data=ContextUpdate(budget_max=Decimal(50000))
    )
    # A lower bound alone is checked against the stored upper bound.
    with pytest.raises(DomainError):
        services.context_update(
            actor=actor, account=account, data=ContextUpdate(budget_min=Decimal(70000))
        )
    context = AccountContext.objects.get(account=account)
    assert (context.budget_min, context.budget_max) == (None, Decimal(50000))


def test_pains_and_projects_are_added_and_removed_with_audit(actor):
    account = _account(actor)
    pain = services.pain_add(
        actor=actor, account=account, data=PainCreate(description="Two truths", origin="expressed")
    )
    assert (_last_audit().action, _last_audit().changes) == (
        "pain.added",
        {"pain": [None, "Two truths"]},
    )
    services.pain_delete(actor=actor, pain=pain)
    assert Pain.objects.count() == 0
    assert (_last_audit().action, _last_audit().changes) == (
        "pain.removed",
        {"pain": ["Two truths", None]},
    )
    project = services.project_add(
        actor=actor,
        account=account,
        data=ProjectCreate(description="New CRM", source="LinkedIn post"),
    )
    assert _last_audit().action == "project.added"
    services.project_delete(actor=actor, project=project)
    assert Project.objects.count() == 0
    event = _last_audit()
    assert (event.action, event.target_id, event.changes) == (
        "project.removed",
        str(account.pk),
        {"project": ["New CRM", None]},
    )
