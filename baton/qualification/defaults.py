"""The default rule set, from the seeds (SPEC R-2.2 to R-2.5). Pure data, no Django import.

Significant interactions (R-2.2): web visits of pricing, case-study, contact and product pages,
email replies, LinkedIn interactions, webinar participation, events, form fills, demo and pricing
requests, meetings. Not significant: emails sent or opened, email clicks, webinar registrations
without attendance, content downloads and visits of blog or unclassified pages — they are
consumption, which the seeds ask us not to mistake for engagement.

Score weights add up to 100 (urgency 15, authority 15, context 15, timeline 15, pain 10, budget
10, engagement 20); hot from 70, warm from 40, and an account that passes the whole checklist is
at least warm.
"""

from __future__ import annotations

from typing import Any

DEFAULT_CONFIG: dict[str, Any] = {
    "icp": {
        "industries": [],
        "size_bands": ["51-200", "201-500", "501-1000", "1001-5000", "5000+"],
        "revenue_bands": [],
        "countries": [],
        "regions": [],
        "tiers": [],
    },
    "engagement": {
        "min_interactions": 3,
        "window_days": 30,
        "significant_types": [
            "web_visit",
            "email_reply",
            "linkedin_interaction",
            "webinar_attended",
            "event_attended",
            "form_fill",
            "demo_request",
            "pricing_request",
            "meeting",
        ],
        "significant_page_categories": ["pricing", "case_study", "contact", "product"],
    },
    "readiness": {
        "key_pages": ["pricing", "case_study", "contact"],
        "opens_required": 3,
        "opens_of_last": 5,
        "signal_max_age_days": 90,
        "qualitative_confirms_signal": True,
    },
    "decision_maker": {"require_reachable": True},
    "levels": {"hot": 70, "warm": 40, "ready_at_least": "warm"},
    "weights": {
        "demo_or_pricing_request": 15,
        "decision_maker_reachable": 10,
        "decision_maker_engaged": 5,
        "confirmed_signal": 10,
        "explicit_project": 5,
        "timing_now": 15,
        "timing_soon": 10,
        "timing_later": 5,
        "pain_recorded": 10,
        "budget_known": 10,
        "engaged": 10,
        "key_pages": 5,
        "email_opens": 5,
    },
}

# How many of an account's most recent significant interactions an evaluation keeps as evidence.
EVIDENCE_LIMIT = 5
