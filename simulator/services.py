"""What the API, the CLI and the web pages do, once: find the plan(s), call the engine,
shape the answer. Every number comes from ``engine.simulate`` / ``engine.compare``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from . import catalog, engine
from .adapter import catalog_plans, engine_plan
from .serializers import catalog_plan_dict, error_dicts, plan_dict, simulation_dict, totals_dict


def current_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


def unknown_plan(slug: str) -> engine.InvalidInput:
    return engine.InvalidInput(
        [
            engine.FieldError(
                "plan", "unknown_plan", f"There is no plan {slug!r} in the catalog.", {"slug": slug}
            )
        ]
    )


def simulate(
    *,
    usage_mb: list[int | None],
    plan: str | None = None,
    custom_plan: engine.Plan | None = None,
    start: str | None = None,
    days_used: list[int | None] | None = None,
    lines: int = 1,
) -> dict[str, Any]:
    """Simulate a catalog plan (by slug) or a custom plan; raises ``engine.InvalidInput``."""
    if (plan is None) == (custom_plan is None):
        raise engine.InvalidInput(
            [
                engine.FieldError(
                    "plan",
                    "plan_or_custom_plan",
                    "Give exactly one of 'plan' (a catalog slug) and 'custom_plan'.",
                )
            ]
        )
    if plan is not None:
        active = catalog.current()
        catalog_plan = active.by_slug.get(plan)
        if catalog_plan is None:
            raise unknown_plan(plan)
        as_engine = active.engine_plans[plan]
        described = catalog_plan_dict(catalog_plan, as_engine)
    else:
        as_engine = custom_plan
        described = {"slug": None, **plan_dict(as_engine)}
    try:
        sim = engine.simulate(
            as_engine, usage_mb, start=start or current_month(), days_used=days_used, lines=lines
        )
    except engine.InvalidInput as exc:
        raise _in_request_terms(exc, "plan" if plan is not None else "custom_plan") from None
    return simulation_dict(sim, described)


USAGE_FIELDS = ("usage_mb", "start", "days_used", "lines")


def _in_request_terms(exc: engine.InvalidInput, plan_field: str) -> engine.InvalidInput:
    """Name a plan's problems by where they are in the request: ``custom_plan.rollover.mode``
    for a custom plan, ``plan`` for a catalog plan (whose terms the person can't change)."""

    def rename(error: engine.FieldError) -> engine.FieldError:
        if error.field.split("[")[0].split(".")[0] in USAGE_FIELDS:
            return error
        where = "plan" if plan_field == "plan" else f"custom_plan.{error.field}"
        return engine.FieldError(where, error.code, error.message, error.params)

    return engine.InvalidInput([rename(e) for e in exc.errors])


def compare(
    *,
    usage_mb: list[int | None],
    start: str | None = None,
    days_used: list[int | None] | None = None,
    lines: int = 1,
    country: str | None = None,
    currency: str | None = None,
    carrier: str | None = None,
    billing: str | None = None,
) -> dict[str, Any]:
    """Rank every active catalog plan (or the filtered part) for this usage (spec §9)."""
    active = catalog.current()
    by_slug = {
        p.slug: p
        for p in active.plans
        if (not country or p.carrier.country == country.upper())
        and (not currency or p.currency == currency.upper())
        and (not carrier or p.carrier.slug == carrier)
        and (not billing or p.billing == billing)
    }
    results, skipped = engine.compare(
        ((slug, active.engine_plans[slug]) for slug in by_slug),
        usage_mb,
        start=start or current_month(),
        days_used=days_used,
        lines=lines,
    )
    return {
        "results": [
            {"plan": plan_summary(by_slug[r.key]), "totals": totals_dict(r.totals)}
            for r in results
        ],
        "skipped": [
            {
                "plan": plan_summary(by_slug[s.key]),
                "reason": "; ".join(e.message for e in s.error.errors),
                "errors": error_dicts(s.error),
            }
            for s in skipped
        ],
    }


def plan_summary(plan) -> dict[str, Any]:
    return {
        "slug": plan.slug,
        "name": plan.name,
        "carrier": plan.carrier.name,
        "country": plan.carrier.country.code,
        "currency": plan.currency,
        "billing": plan.billing,
        "period_months": plan.period_months,
        "availability": plan.availability,
    }


def list_plans() -> list[dict[str, Any]]:
    return [catalog_plan_dict(p, engine_plan(p)) for p in catalog_plans()]


def get_plan(slug: str) -> dict[str, Any] | None:
    plan = catalog_plans().filter(slug=slug).first()
    return None if plan is None else catalog_plan_dict(plan, engine_plan(plan))
