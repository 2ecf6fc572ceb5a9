"""``compare``: many plans over one usage, ranked (spec §9).

The usage is checked once. Each plan is checked (unless it is a ``PreparedPlan``,
checked when it was prepared), then run on the totals-only path: no months, no facts,
no bank ledger and no rollover value, only the summed flows.

Ranking: by currency (plans in different currencies are never ranked against each
other, only listed by currency), then fit (``full``, ``slowed``, ``short``: a plan that
leaves data unserved never ranks above one that serves it), then cost, then wasted
data, then key.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

from .model import FIT_RANK, Plan, Ranked, Skipped, fit_of
from .prepared import PreparedPlan, compile_plan
from .results import sum_flows, totals_of
from .simulation import run
from .validation import InvalidInput, check_usage, plan_errors, usage_fit_errors

__all__ = ["compare"]

K = TypeVar("K", bound=Hashable)


def compare(
    entries: Iterable[tuple[K, Plan | PreparedPlan]],
    usage_mb: Sequence[int | None],
    start: str,
    days_used: Sequence[int | None] | None = None,
    lines: int = 1,
) -> tuple[list[Ranked], list[Skipped]]:
    """Run every plan on the same usage.

    ``entries`` are ``(key, plan)`` pairs; the key (a catalog slug) is returned as it is
    and breaks ties. Returns ``(ranked, skipped)``: ``ranked`` is a list of
    ``Ranked(key, totals, fit)`` in ranking order; ``skipped`` a list of
    ``Skipped(key, error)``, in input order, for the plans that cannot take this usage (a
    3-month pack for 4 months, more lines than the plan allows) or are themselves invalid,
    ``error`` being the ``InvalidInput`` that says why. Monthly plans ignore ``days_used``.
    Raises InvalidInput when the usage itself is invalid.
    """
    usage = check_usage(usage_mb, start, days_used, lines)
    ranked: list[tuple[tuple, Ranked]] = []
    skipped: list[Skipped] = []
    for key, plan in entries:
        if isinstance(plan, PreparedPlan):
            prepared = plan
        else:
            errors = plan_errors(plan)
            if errors:
                skipped.append(Skipped(key, InvalidInput(errors)))
                continue
            prepared = compile_plan(plan)
        errors = usage_fit_errors(prepared.plan, usage, daily=prepared.daily, ignore_days=True)
        if errors:
            skipped.append(Skipped(key, InvalidInput(errors)))
            continue
        result = run(prepared, usage, record=False)
        sums = sum_flows(result)
        totals = totals_of(prepared, result, sums)
        fit = fit_of(sums.unmet_mb, sums.throttled_mb)
        rank = (
            totals.currency,
            FIT_RANK[fit],
            sums.cost,
            sums.expired_mb + sums.forfeited_mb,
            key,
        )
        ranked.append((rank, Ranked(key, totals, fit)))
    ranked.sort(key=_rank)
    return [entry for _, entry in ranked], skipped


def _rank(item: tuple[tuple, Ranked]) -> tuple:
    return item[0]
