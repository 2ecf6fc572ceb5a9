"""Engine results as the JSON API's plain dicts (spec §7 and §9): money as strings with
two places, data as integer MB. The API and ``simulate --json`` both write these."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from carriers.models import Plan as CatalogPlan

from . import engine


def money(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return f"{value + 0:.2f}"  # + 0 turns a Decimal -0 (a price typed as "-0") into 0


def plan_dict(plan: engine.Plan) -> dict[str, Any]:
    """An engine plan in the shape of the API's ``custom_plan``."""
    rule = plan.rollover
    return {
        "name": plan.name,
        "currency": plan.currency,
        "billing": plan.billing,
        "period_months": plan.period_months,
        "price": money(plan.price),
        "allowance_mb": plan.allowance_mb,
        "lines": {
            "included": plan.lines.included,
            "max": plan.lines.max,
            "extra_line_price": money(plan.lines.extra_line_price),
            "extra_line_allowance_mb": plan.lines.extra_line_allowance_mb,
        },
        "overage": {
            "policy": plan.overage.policy,
            "unit_mb": plan.overage.unit_mb,
            "unit_price": money(plan.overage.unit_price),
        },
        "rollover": {
            "mode": rule.mode,
            "cap_mb": rule.cap_mb,
            "bank_cap_mb": rule.bank_cap_mb,
            "expires_after_periods": rule.expires_after_periods,
            "order": rule.order,
            "min_use_mb": rule.min_use_mb,
            "forfeit_on_lapse": rule.forfeit_on_lapse,
            "convert": None
            if rule.convert is None
            else {
                "unit_mb": rule.convert.unit_mb,
                "rate": rule.convert.rate,
                "benefit": rule.convert.benefit,
            },
        },
        "promotions": [
            {
                "name": p.name,
                "from": p.from_month,
                "to": p.to_month,
                "bonus_mb": p.bonus_mb,
                "extra_expiry_periods": p.extra_expiry_periods,
                "price": money(p.price),
            }
            for p in plan.promotions
        ],
    }


def catalog_plan_dict(plan: CatalogPlan, as_engine: engine.Plan) -> dict[str, Any]:
    """A catalog plan: who sells it, its terms in the ``custom_plan`` shape, its source."""
    rule = getattr(plan, "rollover", None)
    return {
        "slug": plan.slug,
        "carrier": {
            "slug": plan.carrier.slug,
            "name": plan.carrier.name,
            "country": plan.carrier.country.code,
        },
        "kind": plan.kind,
        "availability": plan.availability,
        "throttle_kbps": plan.throttle_kbps,
        "rollover_summary": rule.summary if rule else "",
        "notes": plan.notes,
        "source_url": plan.source_url,
        "source_checked": plan.source_checked.isoformat(),
        **plan_dict(as_engine),
        "name": plan.name,
    }


def month_dict(row: engine.MonthResult) -> dict[str, Any]:
    return {
        "month": row.month,
        "renewed": row.renewed,
        "opening_bank_mb": row.opening_bank_mb,
        "granted_mb": row.granted_mb,
        "demand_mb": row.demand_mb,
        "from_bank_mb": row.from_bank_mb,
        "from_allowance_mb": row.from_allowance_mb,
        "throttled_mb": row.throttled_mb,
        "overage_mb": row.overage_mb,
        "unmet_mb": row.unmet_mb,
        "expired_mb": row.expired_mb,
        "rolled_over_mb": row.rolled_over_mb,
        "forfeited_mb": row.forfeited_mb,
        "converted": row.converted,
        "closing_bank_mb": row.closing_bank_mb,
        "plan_cost": money(row.plan_cost),
        "overage_cost": money(row.overage_cost),
        "cost": money(row.cost),
        "bank": [
            {"mb": t.mb, "from_month": t.from_month, "usable_until": t.usable_until}
            for t in row.bank
        ],
    }


def totals_dict(totals: engine.Totals) -> dict[str, Any]:
    return {
        "currency": totals.currency,
        "granted_mb": totals.granted_mb,
        "demand_mb": totals.demand_mb,
        "from_bank_mb": totals.from_bank_mb,
        "from_allowance_mb": totals.from_allowance_mb,
        "throttled_mb": totals.throttled_mb,
        "overage_mb": totals.overage_mb,
        "unmet_mb": totals.unmet_mb,
        "expired_mb": totals.expired_mb,
        "rolled_over_mb": totals.rolled_over_mb,
        "forfeited_mb": totals.forfeited_mb,
        "converted": totals.converted,
        "plan_cost": money(totals.plan_cost),
        "overage_cost": money(totals.overage_cost),
        "cost": money(totals.cost),
        "served_mb": totals.served_mb,
        "wasted_mb": totals.wasted_mb,
        "final_bank_mb": totals.final_bank_mb,
        "cost_per_gb": money(totals.cost_per_gb),
    }


def simulation_dict(sim: engine.Simulation, plan: dict[str, Any]) -> dict[str, Any]:
    return {
        "plan": plan,
        "start": sim.start,
        "lines": sim.lines,
        "months": [month_dict(row) for row in sim.months],
        "totals": totals_dict(sim.totals),
    }


def error_dicts(exc: engine.InvalidInput) -> list[dict[str, Any]]:
    return [{"field": e.field, "code": e.code, "message": e.message} for e in exc.errors]
