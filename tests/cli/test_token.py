from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from baton.core.models import AuditEvent
from baton.users.models import ApiToken, User
from baton.users.services import token_authenticate, user_create

pytestmark = pytest.mark.django_db
NOON = datetime(2026, 3, 16, 11, 0, tzinfo=UTC)  # 12:00 in Paris


@pytest.fixture
def alice() -> User:
    return user_create(email="alice@example.com", role="marketing", password="pw-1234567890")


def run(*args: str) -> str:
    out = StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def test_create_prints_the_raw_token_once(alice: User) -> None:
    output = run("create", "Alice@example.com", "--name", "laptop")

    token = ApiToken.objects.get(user=alice)
    first, raw = output.splitlines()
    assert first == (
        f"Token {token.pk} (laptop) created for alice@example.com. "
        "Copy it now, it is shown only once:"
    )
    assert raw.startswith("bat_")
    assert raw[:10] == token.prefix
    assert token_authenticate(raw) == alice
    assert raw not in token.token_hash


def test_create_without_name_names_it_cli(alice: User) -> None:
    run("create", "alice@example.com")

    assert list(ApiToken.objects.values_list("name", flat=True)) == ["CLI"]


def test_list_shows_every_token_newest_first(alice: User) -> None:
    with time_machine.travel(NOON, tick=False):
        run("create", "alice@example.com", "--name", "laptop")
    with time_machine.travel(datetime(2026, 3, 17, 8, 5, tzinfo=UTC), tick=False):
        run("create", "alice@example.com", "--name", "ci")
        laptop = ApiToken.objects.get(name="laptop")
        run("revoke", str(laptop.pk))
    ci = ApiToken.objects.get(name="ci")

    output = run("list", "alice@example.com")

    w = max(2, len(str(ci.pk)), len(str(laptop.pk)))  # ids are wider on a reused sequence
    assert output == (
        f"{'id':<{w}}  name    prefix       created           last used  status\n"
        f"{ci.pk:<{w}}  ci      {ci.prefix}…  2026-03-17 09:05  -          active\n"
        f"{laptop.pk:<{w}}  laptop  {laptop.prefix}…  2026-03-16 12:00  -          "
        "revoked 2026-03-17 09:05\n"
    )


def test_list_without_tokens(alice: User) -> None:
    assert run("list", "alice@example.com") == "No API tokens for alice@example.com.\n"


def test_revoke_stops_the_token_and_is_audited(alice: User) -> None:
    run("create", "alice@example.com", "--name", "laptop")
    token = ApiToken.objects.get()

    output = run("revoke", str(token.pk))

    assert output == f"Token {token.pk} (laptop) of alice@example.com revoked.\n"
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="token.revoked", target_id=str(token.pk)).count() == 1


def test_revoke_twice_says_so_and_changes_nothing(alice: User) -> None:
    run("create", "alice@example.com", "--name", "laptop")
    token = ApiToken.objects.get()
    with time_machine.travel(NOON, tick=False):
        run("revoke", str(token.pk))

    output = run("revoke", str(token.pk))

    assert output == f"Token {token.pk} was already revoked on 2026-03-16 12:00.\n"
    assert AuditEvent.objects.filter(action="token.revoked").count() == 1


def test_unknown_email_is_refused_naming_the_field() -> None:
    with pytest.raises(CommandError) as caught:
        run("create", "nobody@example.com")

    assert str(caught.value) == "email: no user with email nobody@example.com"
    assert not ApiToken.objects.exists()


def test_list_for_unknown_email_is_refused() -> None:
    with pytest.raises(CommandError) as caught:
        run("list", "nobody@example.com")

    assert str(caught.value) == "email: no user with email nobody@example.com"


def test_unknown_token_id_is_refused_naming_the_field() -> None:
    with pytest.raises(CommandError) as caught:
        run("revoke", "999999")

    assert str(caught.value) == "token_id: no API token with id 999999"


def test_an_action_is_required() -> None:
    with pytest.raises(CommandError) as caught:
        run()

    assert str(caught.value) == "Error: the following arguments are required: action"
