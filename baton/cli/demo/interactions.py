"""About four months of marketing interactions (SPEC R-1.3), more and fresher for hot accounts.

Every event gets a stable external id ``demo-<seed>-<n>``. Emails are sent before they are
opened, clicked or answered; webinar registrations come before attendance; nothing happens
after the start of ``today``. A few events match no account, as real imports do.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from baton.accounts.models import Account, CommitteeRole, Contact, Level
from baton.cli.demo.assets import ASSETS, SITE, AssetSpec
from baton.cli.demo.random_source import french_typography, weighted
from baton.engagement.models import AssetKind, Interaction, MarketingAsset, PageCategory
from baton.engagement.models import InteractionType as T

if TYPE_CHECKING:
    from baton.cli.demo.companies import Company

WINDOW_DAYS = 120
SESSIONS: dict[str, tuple[int, int]] = {
    Level.HOT: (12, 22),
    Level.WARM: (5, 10),
    Level.COLD: (1, 5),
}
MEAN_AGE_DAYS: dict[str, int] = {Level.HOT: 18, Level.WARM: 55}
SESSION_KINDS: dict[str, dict[str, int]] = {
    Level.HOT: {
        "web": 30,
        "email": 25,
        "linkedin": 12,
        "webinar": 8,
        "content": 8,
        "event": 4,
        "form": 5,
        "intent": 4,
    },
    Level.WARM: {
        "web": 25,
        "email": 35,
        "linkedin": 12,
        "webinar": 8,
        "content": 10,
        "event": 4,
        "form": 3,
        "intent": 1,
    },
    Level.COLD: {"web": 20, "email": 55, "linkedin": 10, "content": 10, "webinar": 5},
}
PAGES: dict[str, dict[str, int]] = {
    Level.HOT: {
        PageCategory.PRICING: 3,
        PageCategory.CASE_STUDY: 3,
        PageCategory.CONTACT: 1,
        PageCategory.PRODUCT: 3,
        PageCategory.BLOG: 2,
    },
    Level.WARM: {
        PageCategory.PRODUCT: 3,
        PageCategory.BLOG: 4,
        PageCategory.CASE_STUDY: 2,
        PageCategory.PRICING: 1,
    },
    Level.COLD: {PageCategory.BLOG: 5, PageCategory.PRODUCT: 2, PageCategory.OTHER: 1},
}
PAGE_PATHS: dict[str, str] = {
    PageCategory.PRICING: "/tarifs",
    PageCategory.CONTACT: "/contact",
    PageCategory.PRODUCT: "/produit/fiche-compte",
    PageCategory.OTHER: "/",
}
OPEN: dict[str, float] = {Level.HOT: 0.75, Level.WARM: 0.5, Level.COLD: 0.25}
REPLY: dict[str, float] = {Level.HOT: 0.2, Level.WARM: 0.07, Level.COLD: 0.02}
QUESTIONS = tuple(
    french_typography(q)
    for q in (
        "Comment se passe l'intégration avec Salesforce ?",
        "Peut-on définir des SLA différents par territoire ?",
        "Combien de temps faut-il pour déployer l'outil sur 3 équipes ?",
        "Le scoring peut-il tenir compte de nos propres critères ICP ?",
        "Avez-vous des clients dans notre secteur ?",
    )
)
UNMATCHED_DOMAINS = (
    "cabinet-vauclair.fr",
    "orbitalis-consulting.com",
    "atelier-merlane.fr",
    "brightmoor.co.uk",
    "solvane-energie.fr",
    "kaltenbach-it.de",
)


@dataclass
class Workspace:
    """What one account's interactions are drawn from."""

    account: Account
    domain: str
    members: list[Contact]
    level: str


class InteractionDrafter:
    def __init__(
        self,
        rng: random.Random,
        *,
        seed: int,
        today: date,
        tz: tzinfo,
        assets: list[MarketingAsset],
    ) -> None:
        self.rng = rng
        self.seed = seed
        self.today = today
        self.tz = tz
        self.ceiling = datetime.combine(today, time.min, tzinfo=tz)
        self.floor = self.ceiling - timedelta(days=WINDOW_DAYS + 14)
        self.assets: list[tuple[AssetSpec, MarketingAsset]] = list(zip(ASSETS, assets, strict=True))
        self.events: list[Interaction] = []

    # -- public -------------------------------------------------------------------------
    def draft(
        self, companies: list[Company], committees: dict[int, list[Contact]]
    ) -> list[Interaction]:
        for company in companies:
            account = company.account
            ws = Workspace(account, company.primary_domain, committees[account.pk], account.level)
            attended: set[tuple[int, str]] = set()
            for _ in range(self.rng.randint(*SESSIONS[ws.level])):
                kind = weighted(self.rng, SESSION_KINDS[ws.level])
                getattr(self, f"_{kind}")(ws, self._moment(ws.level), attended)
        self._unmatched(max(2, len(companies) // 25))
        for n, event in enumerate(self.events, start=1):
            event.external_id = f"demo-{self.seed}-{n}"
        return self.events

    # -- sessions -----------------------------------------------------------------------
    def _web(self, ws: Workspace, at: datetime, _: set[tuple[int, str]]) -> None:
        visitor = self._someone(ws) if self.rng.random() < 0.6 else None
        for _page in range(self.rng.randint(1, 3)):
            category = weighted(self.rng, PAGES[ws.level])
            asset = None
            path = PAGE_PATHS.get(category, "/")
            if category in (PageCategory.CASE_STUDY, PageCategory.BLOG):
                kind = (
                    AssetKind.CASE_STUDY
                    if category == PageCategory.CASE_STUDY
                    else AssetKind.BLOG_POST
                )
                asset = self._published(kind, at)
                if asset is None:
                    continue
                path = ("/clients/" if kind == AssetKind.CASE_STUDY else "/blog/") + asset.slug
            self._add(
                ws,
                T.WEB_VISIT,
                at,
                visitor,
                asset,
                channel="web",
                source="website",
                page_url=SITE + path,
                page_category=category,
            )
            at += timedelta(minutes=self.rng.randint(1, 6))

    def _email(self, ws: Workspace, at: datetime, _: set[tuple[int, str]]) -> None:
        to = self._someone(ws)
        kind = self.rng.choice(
            (AssetKind.WHITE_PAPER, AssetKind.BLOG_POST, AssetKind.CASE_STUDY, AssetKind.WEBINAR)
        )
        asset = self._published(kind, at) or self._published(AssetKind.BLOG_POST, at)
        sent = at.replace(hour=self.rng.choice((8, 9, 10)), minute=self.rng.randint(0, 59))
        common: dict[str, Any] = {"channel": "email", "source": "marketing_automation"}
        self._add(ws, T.EMAIL_SENT, sent, to, asset, **common)
        if self.rng.random() >= OPEN[ws.level]:
            return
        opened = sent + timedelta(minutes=self.rng.randint(20, 30 * 60))
        self._add(ws, T.EMAIL_OPEN, opened, to, asset, **common)
        if self.rng.random() < 0.35:
            self._add(
                ws,
                T.EMAIL_CLICK,
                opened + timedelta(minutes=self.rng.randint(0, 5)),
                to,
                asset,
                **common,
            )
        if self.rng.random() < REPLY[ws.level]:
            replied = opened + timedelta(minutes=self.rng.randint(10, 24 * 60))
            self._add(
                ws, T.EMAIL_REPLY, replied, to, asset, question=self.rng.choice(QUESTIONS), **common
            )

    def _linkedin(self, ws: Workspace, at: datetime, _: set[tuple[int, str]]) -> None:
        asset = self._published(AssetKind.LINKEDIN_CAMPAIGN, at)
        action = self.rng.choice(("like", "comment", "share", "click"))
        self._add(
            ws,
            T.LINKEDIN_INTERACTION,
            at,
            self._someone(ws),
            asset,
            channel="linkedin",
            source="linkedin",
            raw={"action": action},
        )

    def _webinar(self, ws: Workspace, at: datetime, attended: set[tuple[int, str]]) -> None:
        spec, asset = self.rng.choice([a for a in self.assets if a[0].kind == AssetKind.WEBINAR])
        who = self._someone(ws)
        if who is None or (who.pk or 0, spec.slug) in attended:
            return
        attended.add((who.pk or 0, spec.slug))
        day = self.today + timedelta(days=spec.days_from_today)
        registered = self._at(day - timedelta(days=self.rng.randint(2, 14)))
        if not self.floor <= registered < self.ceiling:
            return
        common: dict[str, Any] = {"channel": "webinar", "source": "webinar"}
        self._add(ws, T.WEBINAR_REGISTERED, registered, who, asset, **common)
        live = datetime.combine(day, time(11, 0), tzinfo=self.tz)
        if live < self.ceiling and self.rng.random() < 0.6:
            asked = self.rng.random() < 0.3
            question = self.rng.choice(QUESTIONS) if asked else ""
            self._add(
                ws,
                T.WEBINAR_ATTENDED,
                live,
                who,
                asset,
                asked_questions=asked,
                question=question,
                **common,
            )

    def _content(self, ws: Workspace, at: datetime, _: set[tuple[int, str]]) -> None:
        asset = self._published(self.rng.choice((AssetKind.WHITE_PAPER, AssetKind.CASE_STUDY)), at)
        if asset is not None:
            self._add(
                ws,
                T.CONTENT_DOWNLOAD,
                at,
                self._someone(ws),
                asset,
                channel="web",
                source="website",
                page_url=f"{SITE}/ressources/{asset.slug}",
            )

    def _event(self, ws: Workspace, at: datetime, attended: set[tuple[int, str]]) -> None:
        spec, asset = self.rng.choice([a for a in self.assets if a[0].kind == AssetKind.EVENT])
        day = self.today + timedelta(days=spec.days_from_today)
        who = self._someone(ws)
        if who is None or (who.pk or 0, spec.slug) in attended or day >= self.today:
            return
        attended.add((who.pk or 0, spec.slug))
        self._add(
            ws,
            T.EVENT_ATTENDED,
            datetime.combine(day, time(9, 30), tzinfo=self.tz),
            who,
            asset,
            channel="event",
            source="event",
            networked=self.rng.random() < 0.5,
            asked_questions=self.rng.random() < 0.3,
        )

    def _form(self, ws: Workspace, at: datetime, _: set[tuple[int, str]]) -> None:
        self._add(
            ws,
            T.FORM_FILL,
            at,
            self._someone(ws, prefer_champion=True),
            None,
            channel="web",
            source="website",
            page_url=f"{SITE}/contact",
            page_category=PageCategory.CONTACT,
            question=self.rng.choice(QUESTIONS),
        )

    def _intent(self, ws: Workspace, at: datetime, _: set[tuple[int, str]]) -> None:
        who = self._someone(ws, prefer_champion=True)
        if self.rng.random() < 0.5:
            self._add(
                ws,
                T.DEMO_REQUEST,
                at,
                who,
                None,
                channel="web",
                source="website",
                page_url=f"{SITE}/demo",
                page_category=PageCategory.CONTACT,
            )
        else:
            self._add(
                ws,
                T.PRICING_REQUEST,
                at,
                who,
                None,
                channel="web",
                source="website",
                page_url=f"{SITE}/tarifs",
                page_category=PageCategory.PRICING,
            )
        meeting = self._at((at + timedelta(days=self.rng.randint(2, 6))).date())
        if meeting < self.ceiling:
            self._add(ws, T.MEETING, meeting, who, None, channel="meeting", source="crm")

    def _unmatched(self, count: int) -> None:
        for _ in range(count):
            domain = self.rng.choice(UNMATCHED_DOMAINS)
            at = self._moment(Level.COLD)
            category = weighted(self.rng, PAGES[Level.WARM])
            self.events.append(
                Interaction(
                    type=T.WEB_VISIT,
                    occurred_at=at,
                    domain=domain,
                    channel="web",
                    source="website",
                    page_url=SITE + PAGE_PATHS.get(category, "/"),
                    page_category=category,
                )
            )

    # -- helpers ------------------------------------------------------------------------
    def _add(
        self,
        ws: Workspace,
        type_: str,
        at: datetime,
        who: Contact | None,
        asset: MarketingAsset | None,
        **fields: Any,
    ) -> None:
        if at >= self.ceiling:
            return
        self.events.append(
            Interaction(
                type=type_,
                occurred_at=at,
                account=ws.account,
                contact=who,
                asset=asset,
                domain=ws.domain,
                email=who.email if who is not None else "",
                campaign=asset.campaign if asset else "",
                **fields,
            )
        )

    def _moment(self, level: str) -> datetime:
        """When a session happens: recent for hot accounts, spread out for cold ones."""
        if level == Level.COLD:
            days = self.rng.randint(15, WINDOW_DAYS)
        else:
            days = 1 + int(self.rng.expovariate(1 / MEAN_AGE_DAYS[level]))
            if days > WINDOW_DAYS:
                days = self.rng.randint(1, WINDOW_DAYS)
        return self._at(self.today - timedelta(days=days))

    def _at(self, day: date) -> datetime:
        return datetime.combine(
            day, time(self.rng.randint(8, 18), self.rng.randint(0, 59)), tzinfo=self.tz
        )

    def _published(self, kind: str, at: datetime) -> MarketingAsset | None:
        """A random asset of ``kind`` already published (or announced, for webinars) at ``at``."""
        pool = [
            a
            for s, a in self._of_kind(kind)
            if kind == AssetKind.WEBINAR
            or self.today + timedelta(days=s.days_from_today) <= at.date()
        ]
        return self.rng.choice(pool) if pool else None

    def _of_kind(self, kind: str) -> Iterator[tuple[AssetSpec, MarketingAsset]]:
        return (pair for pair in self.assets if pair[0].kind == kind)

    def _someone(self, ws: Workspace, *, prefer_champion: bool = False) -> Contact | None:
        if prefer_champion:
            champions = [m for m in ws.members if m.committee_role == CommitteeRole.CHAMPION]
            if champions:
                return self.rng.choice(champions)
        engaged = [m for m in ws.members if m.is_engaged]
        if engaged and self.rng.random() < 0.6:
            return self.rng.choice(engaged)
        return self.rng.choice(ws.members) if ws.members else None
