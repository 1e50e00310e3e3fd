"""The upload page: roles, mapping → preview → import, error report, templates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from baton.accounts.models import Account
from baton.core.models import AuditEvent

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
pytestmark = pytest.mark.django_db
ClientAs = Callable[[str | None], Client]


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    with translation.override("en"):
        yield


def upload(name: str, kind: str = "accounts", content: bytes | None = None) -> dict[str, object]:
    data = content if content is not None else (FIXTURES / name).read_bytes()
    return {"kind": kind, "encoding": "utf-8", "file": SimpleUploadedFile(name, data)}


def token_of(response: object) -> str:
    url: str = response["Location"]  # type: ignore[index]
    return url.rstrip("/").split("/")[-1]


@pytest.mark.parametrize("role", ["marketing", "admin"])
def test_allowed_roles_see_the_page(client_as: ClientAs, role: str) -> None:
    response = client_as(role).get(reverse("accounts:import"))
    assert response.status_code == 200
    assert b'name="file"' in response.content


@pytest.mark.parametrize("role", ["sales_rep", "sales_manager", "leadership"])
def test_other_roles_are_refused_and_nothing_changes(client_as: ClientAs, role: str) -> None:
    client = client_as(role)
    assert client.get(reverse("accounts:import")).status_code == 403
    events = AuditEvent.objects.count()
    response = client.post(reverse("accounts:import"), upload("accounts_good.csv"))
    assert response.status_code == 403
    assert (Account.objects.count(), AuditEvent.objects.count()) == (0, events)
    assert (
        client.get(reverse("accounts:import_template", kwargs={"kind": "accounts"})).status_code
        == 403
    )


def test_anonymous_goes_to_login(client_as: ClientAs, tmp_path: Path) -> None:
    response = client_as(None).post(reverse("accounts:import"), upload("accounts_good.csv"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Account.objects.count() == 0
    assert not (tmp_path / "imports").exists()


def test_full_flow(client_as: ClientAs, users: dict[str, object], tmp_path: Path) -> None:
    client = client_as("marketing")
    response = client.post(reverse("accounts:import"), upload("accounts_mapped.csv"))
    assert response.status_code == 302
    token = token_of(response)
    assert response["Location"] == reverse("accounts:import_mapping", kwargs={"token": token})
    assert (tmp_path / "imports" / f"{token}.csv").is_file()

    page = client.get(response["Location"])
    assert page.status_code == 200
    form = page.context["form"]
    assert [form[f].label for f in form.fields] == [
        "Raison sociale",
        "Site web",
        "Nb salariés",
        "Commentaire",
    ]
    assert [form[f].initial for f in form.fields] == ["name", "domain", "", ""]

    mapping = {"col_0": "name", "col_1": "domain", "col_2": "employees", "col_3": ""}
    response = client.post(reverse("accounts:import_mapping", kwargs={"token": token}), mapping)
    assert response["Location"] == reverse("accounts:import_preview", kwargs={"token": token})

    preview = client.get(response["Location"])
    assert preview.status_code == 200
    summary = preview.context["summary"]
    assert summary.to_dict() == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "errors": [],
    }
    assert Account.objects.count() == 0  # the preview is a dry run

    response = client.post(reverse("accounts:import_run", kwargs={"token": token}))
    assert response["Location"] == reverse("accounts:import_done", kwargs={"token": token})
    acme = Account.objects.get()
    assert (acme.name, acme.primary_domain, acme.employees) == ("Acme", "acme.fr", 250)
    assert AuditEvent.objects.get(action="account.created").actor == users["marketing"]
    assert not (tmp_path / "imports" / f"{token}.csv").exists()  # the data file is gone

    done = client.get(response["Location"])
    assert done.context["summary"].created == 1
    # posting again does not import twice
    client.post(reverse("accounts:import_run", kwargs={"token": token}))
    assert Account.objects.count() == 1


def test_preview_errors_and_report(client_as: ClientAs) -> None:
    client = client_as("admin")
    token = token_of(client.post(reverse("accounts:import"), upload("accounts_bad_values.csv")))
    mapping_url = reverse("accounts:import_mapping", kwargs={"token": token})
    assert client.get(mapping_url).status_code == 200
    fields = {
        f"col_{i}": v
        for i, v in enumerate(["name", "employees", "annual_revenue", "tier", "country", "domain"])
    }
    client.post(mapping_url, fields)
    preview = client.get(reverse("accounts:import_preview", kwargs={"token": token}))
    assert preview.context["summary"].rejected == 5
    assert b"must be a whole number (got &quot;douze&quot;)" in preview.content
    report = client.get(reverse("accounts:import_errors", kwargs={"token": token}))
    assert report["Content-Disposition"] == 'attachment; filename="accounts_bad_values-errors.csv"'
    lines = report.content.decode().splitlines()
    assert lines[0] == "line,field,reason"
    assert lines[1] == '2,employees,"must be a whole number (got ""douze"")"'
    assert len(lines) == 7


def test_mapping_refusal_shows_the_reason(client_as: ClientAs) -> None:
    client = client_as("marketing")
    token = token_of(client.post(reverse("accounts:import"), upload("accounts_mapped.csv")))
    url = reverse("accounts:import_mapping", kwargs={"token": token})
    response = client.post(url, {"col_0": "", "col_1": "domain", "col_2": "", "col_3": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "missing required column: name (columns found: Raison sociale, Site web, Nb salariés, "
        "Commentaire)"
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "The submitted file is empty."),
        ("blank.csv", b"\n\n", "the file is empty"),
        ("bad.csv", "name\nCafé\n".encode("cp1252"), "the file is not UTF-8 (byte 0xE9 at line 2)"),
        ("notes.pdf", b"%PDF", "Upload a .csv or .xlsx file."),
    ],
)
def test_unusable_upload(
    client_as: ClientAs, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    response = client_as("marketing").post(
        reverse("accounts:import"), upload(name, content=content)
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert list((tmp_path / "imports").glob("*.csv")) == []


def test_size_limit(client_as: ClientAs, settings: object) -> None:
    settings.BATON_IMPORT_MAX_BYTES = 10  # type: ignore[attr-defined]
    response = client_as("marketing").post(reverse("accounts:import"), upload("accounts_good.csv"))
    assert response.context["form"].errors["file"] == [
        "The file is too large (limit: 10\xa0bytes)."
    ]


def test_another_users_upload_is_not_found(
    client_as: ClientAs, make_user: Callable[..., object]
) -> None:
    token = token_of(
        client_as("marketing").post(reverse("accounts:import"), upload("accounts_good.csv"))
    )
    other = Client()
    other.force_login(make_user("marketing"))  # type: ignore[arg-type]
    for name in ("import_mapping", "import_preview", "import_errors", "import_done"):
        assert other.get(reverse(f"accounts:{name}", kwargs={"token": token})).status_code == 404
    assert other.post(reverse("accounts:import_run", kwargs={"token": token})).status_code == 404
    assert (
        other.get(
            reverse("accounts:import_mapping", kwargs={"token": "..%2Fsecret_key"})
        ).status_code
        == 404
    )
    assert Account.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "header"),
    [
        (
            "accounts",
            "name,domain,industry,employees,annual_revenue,country,territory,tier,targeting_reason,external_id",
        ),
        (
            "contacts",
            "first_name,last_name,email,title,linkedin_url,committee_role,account_domain,account_name",
        ),
    ],
)
def test_template_download(client_as: ClientAs, kind: str, header: str, tmp_path: Path) -> None:
    response = client_as("marketing").get(
        reverse("accounts:import_template", kwargs={"kind": kind})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="baton-{kind}-template.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff" + header + "\r\n")
    assert len(text.splitlines()) == 2
    # the template imports as is
    path = tmp_path / "t.csv"
    path.write_bytes(response.content)
    if kind == "accounts":
        from baton.accounts.importers import AccountImporter
        from baton.core.importing.runner import run_import

        assert run_import(AccountImporter(), path).created == 1


def test_unknown_template_kind(client_as: ClientAs) -> None:
    assert client_as("marketing").get("/accounts/import/template/nope.csv").status_code == 404


def test_the_summary_counts_read_as_counts_in_french(
    client_as: ClientAs, users: dict[str, object]
) -> None:
    users["marketing"].language = "fr"  # type: ignore[attr-defined]
    users["marketing"].save()  # type: ignore[attr-defined]
    client = client_as("marketing")
    token = token_of(client.post(reverse("accounts:import"), upload("accounts_good.csv")))
    header = (FIXTURES / "accounts_good.csv").read_text().splitlines()[0].split(",")
    mapping = {f"col_{i}": name for i, name in enumerate(header)}
    client.post(reverse("accounts:import_mapping", kwargs={"token": token}), mapping)
    page = client.get(reverse("accounts:import_preview", kwargs={"token": token}))
    body = page.content.decode()
    assert '<dt>Créés</dt><dd data-count="created">' in body
    assert '<dt>Modifiés</dt><dd data-count="updated">' in body
    assert "Créé le" not in body
