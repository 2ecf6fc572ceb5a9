"""The use cases, once, for the API, the command line and the pages: find the plan(s), call
the engine, and hand back ENGINE OBJECTS with the catalog plans they came from. Shaping an
answer is the caller's (``schemas`` for JSON, ``pages`` for a page).

Every refusal is an ``engine.InvalidInput`` whose fields are named as the API names them:
``usage_mb[3]``, ``custom_plan.rollover.cap_mb``, or ``plan`` for a catalog plan (whose
terms the person cannot change).
"""

from __future__ import annotations

from dataclasses import dataclass

from carriers.models import Plan as CatalogPlan

from . import engine, plan_cache
from .adapter import custom_engine_plan
from .plan_cache import PlanFilters
from .schemas import CustomPlanIn
from .usage import current_month

__all__ = [
    "YOURS",
    "CompareResult",
    "PlanEntry",
    "PlanFilters",
    "SimulationResult",
    "compare",
    "current_month",
    "get_plan",
    "list_plans",
    "simulate",
]

USAGE_FIELDS = frozenset({"usage_mb", "start", "days_used", "lines"})
YOURS = ""  # the key of a plan written inline among compare's results


@dataclass(frozen=True)
class SimulationResult:
    simulation: engine.Simulation
    catalog_plan: CatalogPlan | None  # None: a plan written inline


@dataclass(frozen=True)
class CompareResult:
    ranked: list[engine.Ranked]  # keys: catalog slugs, and YOURS for a plan written inline
    skipped: list[engine.Skipped]  # catalog plans that cannot take this use, and why
    plans_by_slug: dict[str, CatalogPlan]  # every catalog plan compared
    yours: str | None = None  # the key of the person's own plan in ``ranked``, if any
    yours_plan: engine.Plan | None = None  # their plan, when written inline
    yours_error: engine.InvalidInput | None = None  # why their own plan could not be ranked

    def numbered(self) -> list[tuple[int, engine.Ranked]]:
        """``ranked`` with each plan's rank within its currency (plans in different
        currencies are never ranked against each other: ranks restart at 1 in each)."""
        ranks: dict[str, int] = {}
        out = []
        for r in self.ranked:
            currency = r.totals.currency
            ranks[currency] = ranks.get(currency, 0) + 1
            out.append((ranks[currency], r))
        return out


@dataclass(frozen=True)
class PlanEntry:
    plan: CatalogPlan
    terms: engine.Plan  # the plan as the engine reads it


def unknown_plan(slug: str) -> engine.InvalidInput:
    return engine.InvalidInput(
        [
            engine.FieldError(
                "plan", "unknown_plan", f"There is no plan {slug!r} in the catalog.", {"slug": slug}
            )
        ]
    )


def in_request_terms(exc: engine.InvalidInput, plan_field: str) -> engine.InvalidInput:
    """Name a plan's problems by where they are in the request: ``custom_plan.rollover.mode``
    for a plan written inline, ``plan`` for a catalog plan."""

    def rename(error: engine.FieldError) -> engine.FieldError:
        if error.field.split("[")[0].split(".")[0] in USAGE_FIELDS:
            return error
        where = "plan" if plan_field == "plan" else f"{plan_field}.{error.field}"
        return engine.FieldError(where, error.code, error.message, error.params)

    return engine.InvalidInput([rename(e) for e in exc.errors])


def simulate(
    *,
    usage_mb: list[int | None],
    plan: str | None = None,
    custom_plan: CustomPlanIn | None = None,
    start: str | None = None,
    days_used: list[int | None] | None = None,
    lines: int = 1,
) -> SimulationResult:
    """Simulate a catalog plan (by slug, whatever its availability) or a plan written
    inline; raises ``engine.InvalidInput``."""
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
    catalog_plan = None
    if plan is not None:
        cache = plan_cache.current()
        catalog_plan = cache.by_slug.get(plan)
        if catalog_plan is None:
            raise unknown_plan(plan)
        if plan in cache.invalid:
            raise in_request_terms(cache.invalid[plan], "plan")
        runs: engine.Plan | engine.PreparedPlan = cache.prepared[plan]
    else:
        runs = custom_engine_plan(custom_plan)  # type: ignore[arg-type]
    try:
        simulation = engine.simulate(
            runs, usage_mb, start=start or current_month(), days_used=days_used, lines=lines
        )
    except engine.InvalidInput as exc:
        raise in_request_terms(exc, "plan" if plan is not None else "custom_plan") from None
    return SimulationResult(simulation, catalog_plan)


def compare(
    *,
    usage_mb: list[int | None],
    start: str | None = None,
    days_used: list[int | None] | None = None,
    lines: int = 1,
    filters: PlanFilters | None = None,
    yours: str | CustomPlanIn | None = None,
) -> CompareResult:
    """Rank the public catalog plans that match ``filters`` for this use (spec §9).

    ``yours`` is the person's own plan (a slug, or a plan written inline): it is ranked
    with the others whatever the filters say, and marked. Raises ``engine.InvalidInput``
    when the use itself is invalid.
    """
    cache = plan_cache.current()
    plans = cache.select(filters or PlanFilters())
    mine = cache.by_slug.get(yours) if isinstance(yours, str) else None
    if mine is not None and mine not in plans:
        plans.append(mine)
    entries: list[tuple[str, engine.Plan | engine.PreparedPlan]] = [
        (p.slug, cache.prepared[p.slug]) for p in plans if p.slug in cache.prepared
    ]
    yours_plan = custom_engine_plan(yours) if isinstance(yours, CustomPlanIn) else None
    if yours_plan is not None:
        entries.append((YOURS, yours_plan))
    ranked, skipped = engine.compare(
        entries, usage_mb, start=start or current_month(), days_used=days_used, lines=lines
    )
    yours_error = next((s.error for s in skipped if s.key == YOURS), None)
    order = {p.slug: i for i, p in enumerate(plans)}
    invalid = cache.invalid
    refused = [engine.Skipped(p.slug, invalid[p.slug]) for p in plans if p.slug in invalid]
    skipped = [s for s in [*skipped, *refused] if s.key != YOURS]
    skipped.sort(key=lambda s: order[s.key])
    if yours_plan is not None:
        key = YOURS if yours_error is None else None
    else:
        key = mine.slug if mine is not None else None
    return CompareResult(
        ranked=ranked,
        skipped=skipped,
        plans_by_slug={p.slug: p for p in plans},
        yours=key,
        yours_plan=yours_plan,
        yours_error=None if yours_error is None else in_request_terms(yours_error, "custom_plan"),
    )


def catalog_plans() -> tuple[CatalogPlan, ...]:
    """Every public plan (the forms offer them all, whatever their availability)."""
    return plan_cache.current().plans


def list_plans(filters: PlanFilters | None = None) -> list[PlanEntry]:
    """The public catalog (by default every plan, whatever its availability)."""
    cache = plan_cache.current()
    chosen = filters or PlanFilters(include_unavailable=True)
    return [PlanEntry(p, cache.terms[p.slug]) for p in cache.select(chosen)]


def get_plan(slug: str) -> PlanEntry | None:
    cache = plan_cache.current()
    plan = cache.by_slug.get(slug)
    return None if plan is None else PlanEntry(plan, cache.terms[slug])
