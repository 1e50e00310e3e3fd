from baton.accounts.models.account import (
    Account,
    AccountDomain,
    AccountStatus,
    JourneyStage,
    Level,
    Tier,
)
from baton.accounts.models.committee import CommitteeRole, Contact, ContactApproach
from baton.accounts.models.context import AccountContext, BuyingTiming, Pain, PainOrigin, Project
from baton.accounts.models.revenue import CostCategory, CostEntry, Deal, DealStatus
from baton.accounts.models.signal import Signal, SignalKind

__all__ = [
    "Account",
    "AccountContext",
    "AccountDomain",
    "AccountStatus",
    "BuyingTiming",
    "CommitteeRole",
    "Contact",
    "ContactApproach",
    "CostCategory",
    "CostEntry",
    "Deal",
    "DealStatus",
    "JourneyStage",
    "Level",
    "Pain",
    "PainOrigin",
    "Project",
    "Signal",
    "SignalKind",
    "Tier",
]
