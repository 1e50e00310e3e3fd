"""Words for the verdicts: reason codes and evidence from ``rules`` rendered in FR / EN.

Works on the stored JSON of an evaluation (``rules.verdict_to_json``), so that old verdicts in
the history read in today's language whatever rule version judged them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from baton.accounts.models import SignalKind, Tier

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Promise

LINE_LABELS: dict[str, Promise] = {
    "icp": _("Matches the ICP"),
    "engagement": _("Significant interactions"),
    "decision_maker": _("Decision maker identified and reachable"),
    "buying_signal": _("Confirmed buying signal"),
    "no_open_deal": _("No deal already open"),
}

READINESS_LABELS: dict[str, Promise] = {
    "engaged": _("Engaged account"),
    "key_pages": _("Key pages visited"),
    "email_opens": _("Repeated email opens"),
    "demo_request": _("Demo request"),
    "pricing_request": _("Pricing request"),
    "precise_question": _("Precise question"),
    "explicit_project": _("Explicit project or need"),
    "active_event": _("Active event participation"),
}

CRITERION_LABELS: dict[str, Promise] = {
    "urgency": _("Urgency"),
    "authority": _("Authority"),
    "context": _("Context"),
    "timeline": _("Timeline"),
    "pain": _("Pain"),
    "budget": _("Budget"),
    "engagement": _("Engagement"),
}

WEIGHT_LABELS: dict[str, Promise] = {
    "demo_or_pricing_request": _("demo or pricing request"),
    "decision_maker_reachable": _("decision maker reachable"),
    "decision_maker_engaged": _("decision maker engaged"),
    "confirmed_signal": _("confirmed buying signal"),
    "explicit_project": _("explicit project"),
    "timing_now": _("buying timing under 3 months"),
    "timing_soon": _("buying timing 3 to 6 months"),
    "timing_later": _("buying timing 6 to 12 months"),
    "pain_recorded": _("pain recorded"),
    "budget_known": _("budget known"),
    "engaged": _("engaged account"),
    "key_pages": _("key pages visited"),
    "email_opens": _("repeated email opens"),
}

ICP_LABELS: dict[str, Promise] = {
    "industries": _("sector"),
    "size_bands": _("size band"),
    "revenue_bands": _("revenue band"),
    "countries": _("country"),
    "regions": _("region"),
    "tiers": _("ABM tier"),
}

# Interaction types as evidence reads them ("webinar 12/03").
TOUCH_LABELS: dict[str, Promise] = {
    "web_visit": _("web visit"),
    "email_sent": _("email sent"),
    "email_open": _("email opened"),
    "email_click": _("email click"),
    "email_reply": _("email reply"),
    "webinar_registered": _("webinar registration"),
    "webinar_attended": _("webinar"),
    "event_attended": _("event"),
    "linkedin_interaction": _("LinkedIn interaction"),
    "form_fill": _("form"),
    "content_download": _("download"),
    "demo_request": _("demo request"),
    "pricing_request": _("pricing request"),
    "meeting": _("meeting"),
    "precise_question": _("precise question"),
    "explicit_project": _("explicit project"),
    "active_event": _("active at an event"),
}

PAGE_LABELS: dict[str, Promise] = {
    "pricing": _("pricing page"),
    "case_study": _("case study page"),
    "contact": _("contact page"),
    "product": _("product page"),
    "blog": _("blog page"),
    "other": _("page"),
}

LEVEL_LABELS: dict[str, Promise] = {"cold": _("cold"), "warm": _("warm"), "hot": _("hot")}


def short_date(value: str | dt.date) -> str:
    """``12/03`` this year, ``12/03/2025`` otherwise (the day first, in both languages)."""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    if day.year == timezone.localdate().year:
        return formats.date_format(day, "d/m")
    return formats.date_format(day, "d/m/Y")


def _join(items: Sequence[str]) -> str:
    return ", ".join(items)


def _value_label(criterion: str, value: str) -> str:
    if criterion == "tiers":
        return str(dict(Tier.choices).get(value, value))
    return value


def _who(params: Mapping[str, Any]) -> str:
    name, title = str(params.get("name", "")), str(params.get("title", ""))
    return f"{name} ({title})" if title else name


def note_text(note: Mapping[str, Any]) -> str:  # noqa: PLR0911, PLR0912 - one branch per code
    """One reason in words."""
    code: str = note["code"]
    p: Mapping[str, Any] = note.get("params", {})
    if code == "icp_match":
        criteria = [str(ICP_LABELS[c]) for c in p.get("criteria", []) if c in ICP_LABELS]
        if not criteria:
            return gettext("Matches the ICP (no restriction set)")
        return gettext("Matches the ICP on %(criteria)s") % {"criteria": _join(criteria)}
    if code == "icp_out":
        criterion = p["criterion"]
        allowed = [_value_label(criterion, v) for v in p.get("allowed", [])]
        return gettext("%(criterion)s %(value)s is outside the ICP (%(allowed)s)") % {
            "criterion": ICP_LABELS.get(criterion, criterion),
            "value": _value_label(criterion, str(p["value"])),
            "allowed": _join(allowed),
        }
    if code == "icp_unknown":
        return gettext("the ICP cannot be checked: %(criterion)s not known yet") % {
            "criterion": ICP_LABELS.get(p["criterion"], p["criterion"])
        }
    if code == "interactions_enough":
        return ngettext(
            "%(count)s significant interaction in %(days)s days",
            "%(count)s significant interactions in %(days)s days",
            p["count"],
        ) % {"count": p["count"], "days": p["days"]}
    if code == "interactions_missing":
        return ngettext(
            "only %(count)s significant interaction in %(days)s days, %(min)s needed",
            "only %(count)s significant interactions in %(days)s days, %(min)s needed",
            p["count"],
        ) % {"count": p["count"], "days": p["days"], "min": p["min"]}
    if code == "dm_reachable":
        return gettext("%(who)s, decision maker, is reachable") % {"who": _who(p)}
    if code == "dm_identified":
        return gettext("%(who)s, decision maker, is identified") % {"who": _who(p)}
    if code == "dm_not_reachable":
        return gettext("%(who)s, decision maker, is identified but not reachable yet") % {
            "who": _who(p)
        }
    if code == "dm_not_identified":
        return gettext("a decision maker is listed but not identified yet")
    if code == "dm_none":
        return gettext("no decision maker in the buying committee yet")
    if code == "signal_confirmed":
        return ngettext(
            "%(count)s confirmed buying signal", "%(count)s confirmed buying signals", p["count"]
        ) % {"count": p["count"]}
    if code == "signal_unconfirmed":
        return ngettext(
            "%(count)s buying signal recorded, not confirmed (passive consumption is not enough)",
            "%(count)s buying signals recorded, none confirmed (passive consumption is not enough)",
            p["count"],
        ) % {"count": p["count"]}
    if code == "signal_none":
        return gettext("no buying signal in the last %(days)s days") % {"days": p["days"]}
    if code == "no_open_deal":
        return gettext("no deal open with this account in the CRM")
    if code == "deal_open":
        return ngettext(
            "a deal is already open", "%(count)s deals are already open", p["count"]
        ) % {"count": p["count"]}
    if code == "key_pages":
        if not p["count"]:
            return gettext("no key page visited in %(days)s days") % {"days": p["days"]}
        return ngettext(
            "%(count)s key page visited in %(days)s days",
            "%(count)s key pages visited in %(days)s days",
            p["count"],
        ) % {"count": p["count"], "days": p["days"]}
    if code == "email_opens":
        return gettext(
            "%(opened)s of the last %(sent)s emails sent opened (%(required)s of %(last)s needed)"
        ) % {k: p[k] for k in ("opened", "sent", "required", "last")}
    if code in READINESS_LABELS:
        return str(READINESS_LABELS[code])
    return code


def evidence_text(touch: Mapping[str, Any]) -> str:
    """One piece of evidence: ``webinar 12/03``, ``pricing page 14/03``, ``Fundraising 02/03``."""
    kind, detail, on = touch["kind"], touch.get("detail", ""), short_date(touch["on"])
    if kind == "deal":
        return gettext("%(name)s, opened %(date)s") % {"name": detail, "date": on}
    if detail == "signal":
        label: Any = dict(SignalKind.choices).get(kind, kind)
    elif kind == "web_visit" and detail in PAGE_LABELS:
        label = PAGE_LABELS[detail]
    elif kind in PAGE_LABELS and not detail:
        label = PAGE_LABELS[kind]  # a key-page readiness signal
    else:
        label = TOUCH_LABELS.get(kind, kind)
    return f"{label} {on}"


def line_text(line: Mapping[str, Any]) -> str:
    """A checklist line in a sentence a rep understands, with its evidence after a colon:
    ``3 significant interactions in 30 days: webinar 12/03, pricing page 14/03, …``."""
    reason = "; ".join(note_text(n) for n in line.get("notes", []))
    reason = reason[:1].upper() + reason[1:]
    evidence = [evidence_text(t) for t in line.get("evidence", [])]
    if not evidence:
        return reason
    return gettext("%(reason)s: %(evidence)s") % {"reason": reason, "evidence": _join(evidence)}


def line_label(code: str) -> str:
    return str(LINE_LABELS.get(code) or READINESS_LABELS.get(code) or code)


def level_label(level: str) -> str:
    return str(LEVEL_LABELS.get(level, level))


def score_rows(breakdown: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The score, criterion by criterion: label, points earned, points possible, the items."""
    rows: dict[str, dict[str, Any]] = {}
    for item in breakdown:
        criterion = item["criterion"]
        row = rows.setdefault(
            criterion,
            {
                "criterion": criterion,
                "label": str(CRITERION_LABELS.get(criterion, criterion)),
                "points": 0,
                "max": 0,
                "items": [],
            },
        )
        row["points"] += item["points"]
        row["max"] = (
            max(row["max"], item["max"]) if criterion == "timeline" else row["max"] + item["max"]
        )
        row["items"].append(
            {
                "label": str(WEIGHT_LABELS.get(item["key"], item["key"])),
                "points": item["points"],
                "max": item["max"],
                "earned": item["points"] > 0,
            }
        )
    return list(rows.values())


def _any_or(values: Sequence[str], labels: Mapping[str, Promise] | None = None) -> str:
    if not values:
        return gettext("any")
    return _join([str(labels.get(v, v)) if labels else v for v in values])


def rules_in_words(config: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A rule-set configuration as (heading, sentence) pairs for the rules page."""
    icp, eng, rd = config["icp"], config["engagement"], config["readiness"]
    levels, weights = config["levels"], config["weights"]
    tiers = dict(Tier.choices)
    icp_parts = [
        gettext("%(criterion)s: %(values)s")
        % {
            "criterion": ICP_LABELS[key],
            "values": _any_or(
                [str(tiers.get(v, v)) for v in icp[key]] if key == "tiers" else icp[key]
            ),
        }
        for key in ICP_LABELS
    ]
    visits = (
        gettext("web visits count on %(pages)s")
        % {"pages": _any_or(eng["significant_page_categories"], PAGE_LABELS)}
        if "web_visit" in eng["significant_types"]
        else ""
    )
    signal = gettext("a signal marked confirmed within %(days)s days") % {
        "days": rd["signal_max_age_days"]
    }
    if rd["qualitative_confirms_signal"]:
        signal += gettext(
            ", or a demo or pricing request, a precise question or active event participation"
        )
    floor = levels["ready_at_least"]
    weight_parts = [
        gettext("%(criterion)s %(points)s") % {"criterion": WEIGHT_LABELS[k], "points": v}
        for k, v in weights.items()
        if v
    ]
    dm = (
        gettext("identified and reachable")
        if config["decision_maker"]["require_reachable"]
        else gettext("identified")
    )
    return [
        (str(LINE_LABELS["icp"]), "; ".join(icp_parts)),
        (
            str(LINE_LABELS["engagement"]),
            gettext(
                "at least %(min)s significant interactions over the last %(days)s days (%(types)s)"
            )
            % {
                "min": eng["min_interactions"],
                "days": eng["window_days"],
                "types": _any_or(eng["significant_types"], TOUCH_LABELS),
            }
            + (f"; {visits}" if visits else ""),
        ),
        (str(LINE_LABELS["decision_maker"]), dm),
        (str(LINE_LABELS["buying_signal"]), signal),
        (str(LINE_LABELS["no_open_deal"]), gettext("no deal open in the CRM")),
        (str(READINESS_LABELS["key_pages"]), _any_or(rd["key_pages"], PAGE_LABELS)),
        (
            str(READINESS_LABELS["email_opens"]),
            gettext("%(required)s of the last %(last)s emails sent")
            % {"required": rd["opens_required"], "last": rd["opens_of_last"]},
        ),
        (
            gettext("Level"),
            gettext(
                "hot from %(hot)s, warm from %(warm)s; "
                "an account ready for handover is at least %(floor)s"
            )
            % {"hot": levels["hot"], "warm": levels["warm"], "floor": level_label(floor)},
        ),
        (gettext("Score weights"), _join(weight_parts)),
    ]


def present_line(line: Mapping[str, Any]) -> dict[str, Any]:
    """A stored line (checklist or readiness) ready for a template or the API."""
    return {
        "code": line["code"],
        "label": line_label(line["code"]),
        "passed": line["passed"],
        "text": line_text(line),
        "reasons": [note_text(n) for n in line.get("notes", [])],
        "evidence": [
            {
                "kind": t["kind"],
                "on": t["on"],
                "detail": t.get("detail", ""),
                "text": evidence_text(t),
            }
            for t in line.get("evidence", [])
        ],
    }


def present_evaluation(evaluation: Any) -> dict[str, Any]:
    """An Evaluation row in words: checklist, readiness signals, score by criterion, level."""
    return {
        "id": evaluation.pk,
        "account_id": evaluation.account_id,
        "rule_version": evaluation.rule_set.version,
        "evaluated_at": evaluation.evaluated_at,
        "as_of": evaluation.as_of,
        "inputs_digest": evaluation.inputs_digest,
        "ready": evaluation.ready,
        "borderline": evaluation.borderline,
        "engaged": evaluation.engaged,
        "level": evaluation.level,
        "level_label": level_label(evaluation.level),
        "score": evaluation.score,
        "passed_count": evaluation.passed_count,
        "failing": list(evaluation.failing),
        "last_signal_on": evaluation.last_signal_on,
        "lines": [present_line(line) for line in evaluation.lines],
        "readiness": [present_line(line) for line in evaluation.readiness],
        "score_breakdown": score_rows(evaluation.breakdown),
        "model_score": evaluation.model_score,
        "model_version": evaluation.model_version,
    }
