"""Every fixed label of the exported dossier, shared by the Markdown and the print templates.

Kept in Python (not in the ``.md`` template, which ``makemessages`` does not read) so that
they are always extracted. The English msgids are those of the dossier web page
(``accounts/detail.html``), so both read the same and share one translation; committee
group titles reuse the ``ContactApproach`` labels.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Promise] = {
    # sections, in the order of the seeds' template (SPEC R-1.6)
    "company": _("Company"),
    "targeting_reason": _("Reason for targeting"),
    "signals": _("Buying signals"),
    "interactions": _("Marketing interactions"),
    "level": _("Qualification level"),
    "committee": _("Buying committee"),
    "context": _("Context and needs"),
    "deals": _("Deals"),
    # company
    "name": _("Company name"),
    "domains": _("Web domains"),
    "industry": _("Industry"),
    "size": _("Size"),
    "revenue": _("Estimated revenue"),
    "location": _("Country / region / territory"),
    "tier": _("ABM tier"),
    "marketing_owner": _("Marketing owner"),
    "sales_owner": _("Sales owner"),
    "journey_stage": _("Journey stage"),
    "is_target": _("Target account"),
    # tables and lists
    "date": _("Date"),
    "kind": _("Kind"),
    "description": _("Description"),
    "source": _("Source"),
    "person": _("Person"),
    "confirmed": _("Confirmed"),
    "interaction": _("Interaction"),
    "content": _("Content"),
    "main_decision_maker": _("Main decision maker"),
    "contact_name": _("Name"),
    "job_title": _("Job title"),
    "role": _("Role"),
    "reachable": _("Reachable"),
    "engaged": _("Engaged"),
    "budget": _("Potential budget"),
    "timing": _("Probable buying timing"),
    "competitors": _("Competitors and incumbent tools"),
    "tech_stack": _("Technology stack"),
    "note": _("Context note"),
    "pains": _("Pains"),
    "projects": _("Ongoing projects"),
    "deal": _("Deal"),
    "amount": _("Amount"),
    "status": _("Status"),
    "stage": _("Stage"),
    "created_on": _("Created on"),
    "closed_on": _("Closed on"),
    "owner": _("Owner"),
    # empty states
    "no_reason": _("Not written yet."),
    "no_signals": _("No buying signal recorded yet."),
    "no_members": _("Nobody."),
    "no_note": _("No note yet."),
    "no_pains": _("No pain recorded yet."),
    "no_projects": _("No ongoing project recorded yet."),
    "no_deals": _("No deal with this account."),
}
