"""A simulation made ready for a page: every number formatted once, here, in the active
language (not by a template filter per cell), the chart drawn and the months explained."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import get_language

from .chart import usage_chart
from .explain import explain_month, explain_rule, format_gb, format_money, format_month


def short_month(text: str) -> str:
    """A chart label: "Mar 2026" in English, "2026年3月" in Chinese."""
    return _short_month(get_language() or "", text)


@lru_cache(maxsize=2048)
def _short_month(language: str, text: str) -> str:
    year, month = text.split("-")
    pattern = "Y年n月" if language.startswith("zh") else "M Y"
    return date_format(date(int(year), int(month), 1), pattern)


def custom_plan_fieldset(form) -> str:
    """The "my own plan" fields. Unless the person chose their own plan (or one of its fields
    has an error), they are rendered once per language and reused: its forty-odd fields were
    the most expensive part of a result page, and their values do not matter for a catalog
    plan. (A no-JavaScript visitor who typed custom terms and then chose a catalog plan sees
    the defaults again.)"""
    from .forms import SimulateForm

    if form.is_custom or any(name.startswith("c_") for name in form.errors):
        return render_to_string("simulator/_custom_plan.html", {"custom_form": form})
    return _blank_custom_plan_fieldset(get_language() or "", type(form) is SimulateForm)


@lru_cache(maxsize=8)
def _blank_custom_plan_fieldset(language: str, simulate: bool) -> str:
    from .forms import CompareForm, SimulateForm

    blank = (SimulateForm if simulate else CompareForm)(plans=())
    return render_to_string("simulator/_custom_plan.html", {"custom_form": blank})


def tranche_rows(bank: list[dict]) -> list[dict[str, str]]:
    return [
        {
            "amount": format_gb(t["mb"]),
            "from": format_month(t["from_month"]),
            "until": format_month(t["usable_until"]) if t["usable_until"] else None,
        }
        for t in bank
    ]


def present_simulation(sim: dict[str, Any]) -> dict[str, Any]:
    currency = sim["totals"]["currency"]
    months = sim["months"]
    rows = []
    for i, m in enumerate(months):
        beyond = m["throttled_mb"] + m["overage_mb"] + m["unmet_mb"]
        rows.append(
            {
                "month": format_month(m["month"]),
                "renewed": m["renewed"],
                "used": format_gb(m["demand_mb"]),
                "from_allowance": format_gb(m["from_allowance_mb"]),
                "from_bank": format_gb(m["from_bank_mb"]),
                "beyond": format_gb(beyond),
                "has_beyond": beyond > 0,
                "expired": format_gb(m["expired_mb"]),
                "rolled": format_gb(m["rolled_over_mb"]),
                "forfeited": format_gb(m["forfeited_mb"]),
                "bank": format_gb(m["closing_bank_mb"]),
                "cost": format_money(m["cost"], currency),
                "why": explain_month(sim, i),
            }
        )
    t = sim["totals"]
    return {
        "plan": sim["plan"],
        "rule": explain_rule(sim["plan"]),
        "first": format_month(months[0]["month"]),
        "last": format_month(months[-1]["month"]),
        "count": len(months),
        "summary": {
            "cost": format_money(t["cost"], currency),
            "cost_per_gb": format_money(t["cost_per_gb"], currency) if t["cost_per_gb"] else None,
            "used": format_gb(t["demand_mb"]),
            "wasted": format_gb(t["wasted_mb"]),
            "expired": format_gb(t["expired_mb"]),
            "forfeited": format_gb(t["forfeited_mb"]),
            "unmet": format_gb(t["unmet_mb"]),
            "slowed": format_gb(t["throttled_mb"]),
            "extra": format_gb(t["overage_mb"]),
            "bank_left": format_gb(t["final_bank_mb"]),
            "converted": t["converted"],
            "benefit": ((sim["plan"].get("rollover") or {}).get("convert") or {}).get("benefit"),
        },
        "rows": rows,
        "ledger": tranche_rows(months[-1]["bank"]),
        "chart": usage_chart(months, [short_month(m["month"]) for m in months]),
    }


def present_ranking(result: dict[str, Any], baseline: dict[str, Any] | None) -> dict[str, Any]:
    """Compare results with each plan's difference from the person's chosen plan."""
    base = baseline["totals"] if baseline else None
    ranked = []
    for rank, r in enumerate(result["results"], start=1):
        t = r["totals"]
        diff = None
        if base and base["currency"] == t["currency"]:
            delta = Decimal(t["cost"]) - Decimal(base["cost"])
            sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
            diff = f"{sign}{format_money(abs(delta), t['currency'])}"
        ranked.append(
            {
                "rank": rank,
                "plan": r["plan"],
                "cost": format_money(t["cost"], t["currency"]),
                "cost_per_gb": format_money(t["cost_per_gb"], t["currency"])
                if t["cost_per_gb"]
                else "—",
                "wasted": format_gb(t["wasted_mb"]),
                "short": format_gb(t["unmet_mb"] + t["throttled_mb"]),
                "diff": diff,
                "is_baseline": bool(baseline) and baseline["plan"].get("slug") == r["plan"]["slug"],
            }
        )
    return {"ranked": ranked, "skipped": result["skipped"]}
