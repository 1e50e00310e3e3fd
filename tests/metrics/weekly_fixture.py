"""A small workspace for the weekly review pack of 2026-W39 (Monday 09-21 to Sunday 09-27),
quarter 2026-Q3 to date, as of Sunday 09-27. Worked out by hand:

Target accounts Alpha and Beta (2). No interactions → 0 engaged.
Deals: "Plateforme Alpha" (Alpha) 180 000 € created 07-01, won 09-23 (in the week: the win);
"Licences Beta" (Beta) 30 000 € created 07-10, won 08-10.
  conversion: both accounts had a deal created in Q3 → 2/2 = 100 %;
  velocity: no open deal on 09-27 → 0 € / day;
  influence: 2 won deals, no asset used → 0 %;
  revenue 210 000 €, costs 50 000 € (Alpha marketing, 07-05) → ROI (210 000 - 50 000) /
  50 000 = 3.2x.
No handover: the five alignment metrics have no value.
Targets 2026-Q3: engaged 2 (at risk 1) → 0 is off track; conversion 20 → on track; ROI 3 (at
risk 2) → 3.2 on track.
Moves in the 14 days to 09-27 (from 09-14): Alpha's level warm → hot on 09-20 (progressing);
Beta's level changed on 09-01 (outside the window) → stagnating.
Actions: "Relancer les comptes tièdes" (Camille Martin, due 09-25, open → overdue);
"Mettre à jour le ciblage" (closed done on 09-24); blocker "Export CRM en panne" (Hugo Bernard,
no due date, open). An action created on 09-28 (after Sunday) is not in the pack.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from baton.accounts.models import Account, CostEntry, Deal
from baton.core.models import AuditEvent
from baton.metrics.models import CorrectiveAction, MetricTarget
from tests.metrics.conftest import at, day

WEEK = dt.date(2026, 9, 21)


def build(make_user: Any) -> dict[str, Any]:
    camille = make_user("marketing", first_name="Camille", last_name="Martin")
    hugo = make_user("sales_manager", first_name="Hugo", last_name="Bernard")
    alpha = Account.objects.create(name="Alpha", targeted_on=day(6, 1), level="hot")
    beta = Account.objects.create(name="Beta", targeted_on=day(6, 1))
    for acc, name, amount, created, won in (
        (alpha, "Plateforme Alpha", 180000, day(7, 1), day(9, 23)),
        (beta, "Licences Beta", 30000, day(7, 10), day(8, 10)),
    ):
        deal = Deal.objects.create(
            account=acc,
            name=name,
            amount=Decimal(amount),
            created_on=created,
            status="won",
            stage="won",
            closed_on=won,
        )
        Deal.objects.filter(pk=deal.pk).update(created_at=at(created), updated_at=at(won))
    cost = CostEntry.objects.create(
        account=alpha, amount=Decimal(50000), incurred_on=day(7, 5), category="marketing_spend"
    )
    CostEntry.objects.filter(pk=cost.pk).update(created_at=at(day(7, 5)))
    for acc, when in ((alpha, day(9, 20)), (beta, day(9, 1))):
        event = AuditEvent.objects.create(
            action="qualification.level_changed",
            target_type="accounts.account",
            target_id=str(acc.pk),
            changes={"level": ["warm", "hot"], "score": [40, 70]},
        )
        AuditEvent.objects.filter(pk=event.pk).update(at=at(when))
    for metric_id, value, at_risk in (
        ("engaged_accounts", 2, 1),
        ("account_to_opportunity", 20, None),
        ("roi_per_account", 3, 2),
    ):
        MetricTarget.objects.create(
            metric_id=metric_id,
            quarter="2026-Q3",
            value=Decimal(value),
            at_risk=None if at_risk is None else Decimal(at_risk),
            set_at=at(day(7, 1)),
        )
    for title, owner, due, created, closed, blocker in (
        ("Relancer les comptes tièdes", camille, day(9, 25), day(9, 14), None, False),
        ("Mettre à jour le ciblage", camille, day(9, 20), day(9, 1), day(9, 24), False),
        ("Export CRM en panne", hugo, None, day(9, 22), None, True),
        ("Plus tard", hugo, None, day(9, 28), None, False),
    ):
        action = CorrectiveAction.objects.create(
            title=title,
            owner=owner,
            due_on=due,
            is_blocker=blocker,
            status="done" if closed else "open",
        )
        CorrectiveAction.objects.filter(pk=action.pk).update(
            created_at=at(created), closed_at=at(closed) if closed else None
        )
    return {"alpha": alpha, "beta": beta, "camille": camille, "hugo": hugo}
