"""What a run produces, and how it becomes the public results.

A run (monthly or daily) yields a ``Run``: one tuple of integer flows per month (in the
order of ``Sums``; money in cents), the final bank, and — when recorded — the
``MonthResult`` s. ``sum_flows`` sums the flows column by column (in C, with ``zip``)
and ``totals_of`` makes them ``Totals``.
"""

from __future__ import annotations

from typing import NamedTuple

from .model import MonthResult, Totals, new_month, new_totals
from .money import cost_per_gb, money
from .prepared import PreparedPlan

__all__ = ["Run", "Sums", "month_result", "sum_flows", "totals_of"]


class Run(NamedTuple):
    rows: list[tuple[int, ...]]  # one per month: the flows, in the order of Sums
    final_bank_mb: int
    months: list[MonthResult] | None  # when recorded
    # when recorded, for a plan that rolls data over: the same run without a bank, as
    # (unmet_mb, throttled_mb, overage_mb, overage_cost, credit), money in cents
    without_bank: tuple[int, int, int, int, int] | None = None


class Sums(NamedTuple):
    """A run's flows summed; a row of a run has the same fields, in this order, for one
    month (money in cents)."""

    granted_mb: int
    demand_mb: int
    from_bank_mb: int
    from_allowance_mb: int
    throttled_mb: int
    overage_mb: int
    unmet_mb: int
    expired_mb: int
    rolled_over_mb: int
    forfeited_mb: int
    converted: int
    plan_cost: int
    overage_cost: int
    credit: int

    @property
    def cost(self) -> int:
        return self.plan_cost + self.overage_cost - self.credit


def sum_flows(run: Run) -> Sums:
    """The run's flows summed column by column."""
    return Sums._make(map(sum, zip(*run.rows, strict=True)))


def totals_of(plan: PreparedPlan, run: Run, sums: Sums | None = None) -> Totals:
    """The run's ``Totals``: its summed flows, plus served, wasted, the final bank and
    the cost per GB."""
    s = sum_flows(run) if sums is None else sums
    cost = s.plan_cost + s.overage_cost - s.credit
    served = s.demand_mb - s.unmet_mb
    return new_totals(
        plan.plan.currency,
        None if plan.allowance_mb is None else s.granted_mb,
        s.demand_mb,
        s.from_bank_mb,
        s.from_allowance_mb,
        s.throttled_mb,
        s.overage_mb,
        s.unmet_mb,
        s.expired_mb,
        s.rolled_over_mb,
        s.forfeited_mb,
        s.converted,
        money(s.plan_cost),
        money(s.overage_cost),
        money(s.credit),
        money(cost),
        served,
        s.expired_mb + s.forfeited_mb,
        run.final_bank_mb,
        cost_per_gb(cost, served),
    )


def month_result(
    month: str,
    renewed: bool,
    opening: int,
    closing: int,
    row: tuple[int, ...],
    unlimited: bool,
    bank: tuple,
    facts: tuple,
) -> MonthResult:
    """One month's public record from its row of flows (``facts``: the arguments of
    ``new_facts``, built on first read)."""
    (
        granted,
        demand,
        from_bank,
        from_allow,
        throttled,
        over,
        unmet,
        expired,
        rolled,
        forfeited,
        converted,
        plan_cost,
        over_cost,
        credit,
    ) = row
    return new_month(
        month,
        renewed,
        opening,
        None if unlimited else granted,
        demand,
        from_bank,
        from_allow,
        throttled,
        over,
        unmet,
        expired,
        rolled,
        forfeited,
        converted,
        closing,
        money(plan_cost),
        money(over_cost),
        money(credit),
        money(plan_cost + over_cost - credit),
        bank,
        facts,
    )
