"""``simulate``: one plan over one usage, with every month, its facts, the totals and
what the rollover is worth."""

from __future__ import annotations

from collections.abc import Sequence

from .daily import run_daily
from .model import Plan, RolloverGain, Simulation, new_gain, new_simulation
from .money import money
from .monthly import run_monthly
from .prepared import PreparedPlan, compile_plan
from .results import Run, Sums, sum_flows, totals_of
from .validation import (
    FieldError,
    InvalidInput,
    Usage,
    plan_errors,
    read_usage,
    usage_fit_errors,
)

__all__ = ["run", "simulate"]


def run(plan: PreparedPlan, usage: Usage, record: bool) -> Run:
    """Run a prepared plan over a checked usage that fits it."""
    if plan.daily:
        return run_daily(plan, usage, record)
    return run_monthly(plan, usage, record)


def simulate(
    plan: Plan | PreparedPlan,
    usage_mb: Sequence[int | None],
    start: str,
    days_used: Sequence[int | None] | None = None,
    lines: int = 1,
) -> Simulation:
    """Simulate ``plan`` over one usage figure per month from ``start`` ("YYYY-MM").

    ``usage_mb[i]`` is the household's use in MB in month i, or None when the plan was
    not renewed that month. ``days_used`` (daily passes only) gives the days of use of
    each month (None: the default of §6). ``plan`` may be a ``PreparedPlan`` (checked
    once, when prepared). Raises InvalidInput naming every problem of the plan and the
    usage at once.
    """
    if isinstance(plan, PreparedPlan):
        prepared: PreparedPlan | None = plan
        errors: list[FieldError] = []
    else:
        errors = plan_errors(plan)
        prepared = None if errors else compile_plan(plan)
    usage_errors, usage = read_usage(usage_mb, start, days_used, lines)
    errors.extend(usage_errors)
    if prepared is not None and usage is not None:
        errors.extend(
            usage_fit_errors(prepared.plan, usage, daily=prepared.daily, ignore_days=False)
        )
    if errors or prepared is None or usage is None:
        raise InvalidInput(errors)

    result = run(prepared, usage, record=True)
    sums = sum_flows(result)
    gain = None
    if result.without_bank is not None:  # a rolling plan
        gain = rollover_gain(sums, result.without_bank)
    return new_simulation(
        prepared.plan,
        usage.start,
        usage.lines,
        tuple(result.months),  # type: ignore[arg-type]
        totals_of(prepared, result, sums),
        gain,
    )


def rollover_gain(with_rule: Sums, without: tuple[int, int, int, int, int]) -> RolloverGain:
    """Spec §7.1: the run with the rule minus the run without it, from the user's side.

    Both runs have the same demand and the same plan cost (the same renewals, promotions
    and lines), so the differences come from unmet, throttled, overage and credit.
    """
    unmet, throttled, _, overage_cost, credit = without
    return new_gain(
        served_mb=unmet - with_rule.unmet_mb,  # served = demand - unmet, the same demand
        unmet_mb_avoided=unmet - with_rule.unmet_mb,
        throttled_mb_avoided=throttled - with_rule.throttled_mb,
        overage_cost_saved=money(overage_cost - with_rule.overage_cost),
        cost_saved=money((overage_cost - credit) - (with_rule.overage_cost - with_rule.credit)),
    )
