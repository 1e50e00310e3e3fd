"""Pages: unmatched events (attach a domain), webhook sources, the upload page's new kind."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from baton.accounts.models import AccountDomain
from baton.core.models import AuditEvent
from baton.engagement.models import IngestSource, Interaction
from tests.engagement.conftest import account

pytestmark = pytest.mark.django_db
WHEN = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)


def _event(ext: str, domain: str, account_id: int | None = None) -> Interaction:
    return Interaction.objects.create(
        external_id=ext, type="web_visit", occurred_at=WHEN, domain=domain, account_id=account_id
    )


@pytest.fixture
def backlog() -> dict[str, Any]:
    acme = account("Acme", "acme.fr")
    newco = account("NewCo")
    other = account("Other", "eu.newco.io")
    for i in range(3):
        _event(f"n{i}", "newco.io")
    _event("n-sub", "shop.newco.io")
    _event("n-other", "eu.newco.io")  # belongs to Other's subdomain: stays unmatched here
    _event("n-similar", "notnewco.io")
    _event("g1", "gmail.com")
    _event("g2", "orange.fr")
    _event("m1", "acme.fr", acme.pk)
    return {"acme": acme, "newco": newco, "other": other}


def test_unmatched_page_groups_by_domain(
    backlog: dict[str, Any], client_as: Callable[[str | None], Client]
) -> None:
    response = client_as("leadership").get(reverse("engagement:unmatched"))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert [(c.domain, c.count) for c in summary.companies] == [
        ("newco.io", 3),
        ("eu.newco.io", 1),
        ("notnewco.io", 1),
        ("shop.newco.io", 1),
    ]
    assert (summary.company_events, summary.personal_events) == (6, 2)
    assert [(p.domain, p.count) for p in summary.personal] == [("gmail.com", 1), ("orange.fr", 1)]
    assert b"Attach to an account" not in response.content  # leadership reads only


def test_attach_matches_the_backlog_in_one_update(
    backlog: dict[str, Any],
    client_as: Callable[[str | None], Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    newco = backlog["newco"]
    client = client_as("marketing")
    page = client.get(reverse("engagement:unmatched_attach") + "?domain=newco.io")
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("engagement:unmatched_attach"), {"domain": "newco.io", "account": newco.pk}
        )
    assert response.status_code == 302
    matched = set(Interaction.objects.filter(account=newco).values_list("external_id", flat=True))
    assert matched == {"n0", "n1", "n2", "n-sub"}
    assert Interaction.objects.get(external_id="n-other").account_id is None
    assert Interaction.objects.get(external_id="n-similar").account_id is None
    assert AccountDomain.objects.filter(account=newco, domain="newco.io").exists()
    audit = AuditEvent.objects.get(action="engagement.backlog_matched")
    assert audit.changes == {"domain": "newco.io", "events": 4}
    followed = client.get(response["Location"])
    assert "newco.io now belongs to NewCo: 4 events matched." in followed.content.decode()


@pytest.mark.parametrize(
    ("domain", "message"),
    [
        ("gmail.com", "gmail.com is a personal mail domain: it cannot identify a company"),
        ("acme.fr", "the domain acme.fr already belongs to Acme"),
    ],
)
def test_attach_refusals_change_nothing(
    backlog: dict[str, Any], client_as: Callable[[str | None], Client], domain: str, message: str
) -> None:
    before = list(Interaction.objects.values_list("external_id", "account_id"))
    response = client_as("marketing").post(
        reverse("engagement:unmatched_attach"),
        {"domain": domain, "account": backlog["newco"].pk},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(Interaction.objects.values_list("external_id", "account_id")) == before


@pytest.mark.parametrize(
    ("role", "view", "attach"),
    [
        (None, 302, 302),
        ("leadership", 200, 403),
        ("sales_rep", 200, 403),
        ("sales_manager", 200, 302),
        ("marketing", 200, 302),
        ("admin", 200, 302),
    ],
)
def test_unmatched_roles(
    backlog: dict[str, Any],
    client_as: Callable[[str | None], Client],
    role: str | None,
    view: int,
    attach: int,
) -> None:
    client = client_as(role)
    assert client.get(reverse("engagement:unmatched")).status_code == view
    response = client.post(
        reverse("engagement:unmatched_attach"),
        {"domain": "newco.io", "account": backlog["newco"].pk},
    )
    assert response.status_code == attach
    matched = Interaction.objects.filter(account=backlog["newco"]).count()
    assert matched == (4 if attach == 302 and role else 0)


# ---------------------------------------------------------------------------------------------
# Sources


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), ("marketing", 403), ("sales_manager", 403), ("leadership", 403), ("admin", 200)],
)
def test_sources_page_roles(
    client_as: Callable[[str | None], Client], role: str | None, status: int
) -> None:
    client = client_as(role)
    assert client.get(reverse("engagement:sources")).status_code == status
    client.post(reverse("engagement:sources"), {"name": "HubSpot"})
    assert IngestSource.objects.count() == (1 if status == 200 else 0)


def test_secret_shown_once_then_masked(client_as: Callable[[str | None], Client]) -> None:
    client = client_as("admin")
    created = client.post(reverse("engagement:sources"), {"name": "HubSpot"})
    source = IngestSource.objects.get()
    assert source.secret in created.content.decode()
    later = client.get(reverse("engagement:sources")).content.decode()
    assert source.secret not in later
    assert source.masked_secret in later
    old = source.secret
    rotated = client.post(reverse("engagement:source_rotate", args=[source.pk]))
    source.refresh_from_db()
    assert source.secret != old
    assert source.secret in rotated.content.decode()
    client.post(reverse("engagement:source_toggle", args=[source.pk]))
    source.refresh_from_db()
    assert source.is_active is False
    assert list(
        AuditEvent.objects.filter(target_type="engagement.ingestsource")
        .values_list("action", flat=True)
        .order_by("pk")
    ) == [
        "engagement.source_created",
        "engagement.source_secret_rotated",
        "engagement.source_disabled",
    ]


def test_duplicate_source_code_is_refused(client_as: Callable[[str | None], Client]) -> None:
    client = client_as("admin")
    client.post(reverse("engagement:sources"), {"name": "HubSpot"})
    response = client.post(reverse("engagement:sources"), {"name": "Hubspot"})
    assert response.status_code == 400
    assert "a source with the code hubspot already exists" in response.content.decode()
    assert IngestSource.objects.count() == 1


def test_source_command() -> None:
    out = io.StringIO()
    call_command("source", "create", "Marketo CRM", stdout=out)
    source = IngestSource.objects.get()
    assert out.getvalue().splitlines() == [
        "Source Marketo CRM created (code marketo-crm). "
        "Copy its secret now, it is shown only once:",
        source.secret,
    ]
    listing = io.StringIO()
    call_command("source", "list", stdout=listing)
    assert source.secret not in listing.getvalue()
    assert source.masked_secret in listing.getvalue()
    rotated = io.StringIO()
    call_command("source", "rotate", "marketo-crm", stdout=rotated)
    source.refresh_from_db()
    assert rotated.getvalue().splitlines()[1] == source.secret


# ---------------------------------------------------------------------------------------------
# The upload page knows the new kind


def test_upload_page_offers_interactions_and_previews(
    client_as: Callable[[str | None], Client],
) -> None:
    account("Acme", "acme.fr")
    client = client_as("marketing")
    text = "Id,Kind,When,Company\nu-1,web_visit,02/03/2026,acme.fr\nu-2,nope,02/03/2026,acme.fr\n"
    upload = SimpleUploadedFile("events.csv", text.encode(), content_type="text/csv")
    response = client.post(
        reverse("accounts:import"), {"kind": "interactions", "file": upload, "encoding": "utf-8"}
    )
    assert response.status_code == 302
    token = response["Location"].rstrip("/").split("/")[-1]
    mapping = {"col_0": "external_id", "col_1": "type", "col_2": "occurred_at", "col_3": "domain"}
    assert client.post(reverse("accounts:import_mapping", args=[token]), mapping).status_code == 302
    preview = client.get(reverse("accounts:import_preview", args=[token]))
    summary = preview.context["summary"]
    assert (summary.created, summary.rejected) == (1, 1)
    assert Interaction.objects.count() == 0
    errors = client.get(reverse("accounts:import_errors", args=[token])).content.decode()
    assert errors.splitlines()[0] == "line,field,reason"
    assert errors.splitlines()[1].startswith('3,Kind,"must be one of web_visit, email_sent')
    client.post(reverse("accounts:import_run", args=[token]))
    assert list(Interaction.objects.values_list("external_id", flat=True)) == ["u-1"]


@override_settings(BATON_IMPORT_MAX_BYTES=10 * 1024 * 1024)
def test_upload_page_refuses_a_file_over_the_limit(
    client_as: Callable[[str | None], Client],
) -> None:
    big = b"external_id,type,occurred_at,domain\n" + b"x" * (11 * 1024 * 1024)
    upload = SimpleUploadedFile("big.csv", big, content_type="text/csv")
    response = client_as("marketing").post(
        reverse("accounts:import"), {"kind": "interactions", "file": upload, "encoding": "utf-8"}
    )
    assert response.status_code == 200
    assert "The file is too large (limit: 10.0\xa0MB)." in response.content.decode()
    assert Interaction.objects.count() == 0
