"""The demo users: one per role, plus two more sales reps (one English-speaking)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from baton.core.roles import Role
from baton.users.models import User
from baton.users.services import user_create

# The one documented password of every demo login (README, ``baton demo-data`` output).
DEMO_PASSWORD = "baton-demo-2026"  # noqa: S105 (a published demo password, not a secret)
DEMO_EMAIL_DOMAIN = "demo.baton.test"


@dataclass(frozen=True)
class DemoUser:
    key: str  # how the generators refer to this person
    first_name: str
    last_name: str
    role: Role
    language: str
    email_local: str

    @property
    def email(self) -> str:
        return f"{self.email_local}@{DEMO_EMAIL_DOMAIN}"


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("marketing", "Camille", "Martin", Role.MARKETING, "fr", "camille.martin"),
    DemoUser("rep_paris", "Julien", "Bernard", Role.SALES_REP, "fr", "julien.bernard"),
    DemoUser("rep_regions", "Léa", "Rousseau", Role.SALES_REP, "fr", "lea.rousseau"),
    DemoUser("rep_international", "Oliver", "Hughes", Role.SALES_REP, "en", "oliver.hughes"),
    DemoUser("manager", "Nadia", "Lefèvre", Role.SALES_MANAGER, "fr", "nadia.lefevre"),
    DemoUser("leadership", "Philippe", "Moreau", Role.LEADERSHIP, "fr", "philippe.moreau"),
    DemoUser("admin", "Inès", "Garnier", Role.ADMIN, "fr", "ines.garnier"),
)

# Which reps cover which sales territory (the first one listed takes most accounts).
REPS_BY_TERRITORY: dict[str, tuple[str, ...]] = {
    "Île-de-France": ("rep_paris", "rep_paris", "rep_regions"),
    "Hauts-de-France": ("rep_paris",),
    "Grand Ouest": ("rep_paris", "rep_regions"),
    "Auvergne-Rhône-Alpes": ("rep_regions",),
    "Sud": ("rep_regions",),
    "Benelux": ("rep_regions", "rep_international"),
    "Iberia": ("rep_regions",),
    "DACH": ("rep_international",),
    "UK & Ireland": ("rep_international",),
    "North America": ("rep_international",),
}


@dataclass(frozen=True)
class Login:
    email: str
    name: str
    role: str
    language: str
    created: bool  # False: the user already existed and keeps its own password


def ensure_demo_users() -> tuple[dict[str, User], list[Login]]:
    """Create the missing demo users (password ``DEMO_PASSWORD``); return all of them."""
    existing = {u.email: u for u in User.objects.filter(email__in=[d.email for d in DEMO_USERS])}
    hashed = ""  # one slow password hash shared by the new demo users, not one each
    users: dict[str, User] = {}
    logins: list[Login] = []
    for spec in DEMO_USERS:
        user = existing.get(spec.email)
        created = user is None
        if user is None:
            user = user_create(
                email=spec.email,
                role=spec.role.value,
                password=None,
                first_name=spec.first_name,
                last_name=spec.last_name,
                language=spec.language,
            )
            hashed = hashed or make_password(DEMO_PASSWORD)
            user.password = hashed
            user.save(update_fields=["password"])
        users[spec.key] = user
        logins.append(Login(user.email, user.get_full_name(), user.role, user.language, created))
    return users, logins
