"""The daily run (spec §6): a pass bought per day of use, nothing carried between days.

A month's use is spread evenly over its days of use: with ``q, r = divmod(use, days)``,
``r`` days use ``q + 1`` MB and the others ``q``. So a month has at most two kinds of
day, and each kind is computed once and multiplied by its number of days: the overage
(and its spend cap) applies per day.
"""

from __future__ import annotations

from .model import NOT_A_PERIOD_END, NOT_A_PERIOD_START, MonthResult
from .money import money
from .prepared import PreparedPlan
from .results import Run, month_result
from .validation import Usage

__all__ = ["run_daily"]

_NO_BANK: tuple = ()


def run_daily(plan: PreparedPlan, usage: Usage, record: bool) -> Run:
    """Run a daily pass over the usage (``record``: also build the ``MonthResult`` s)."""
    allowance = plan.allowance_mb
    unlimited = allowance is None
    extra_lines = max(0, usage.lines - plan.lines_included)
    day_price = plan.price + plan.extra_line_price * extra_lines
    day_grant = 0 if unlimited else allowance + plan.extra_line_allowance_mb * extra_lines  # type: ignore[operator]
    split = plan.overage.split
    after_cap = plan.overage.after_cap
    days_used = usage.days_used
    rows: list[tuple[int, ...]] = []
    months: list[MonthResult] | None = [] if record else None
    price_of_a_day = money(day_price)

    for i, use in enumerate(usage.uses):
        n_days = None if days_used is None else days_used[i]
        if n_days is None:
            n_days = usage.days[i] if use else 0
        if use is None:
            n_days = 0  # a blank month buys no pass (days_used of it is blank or 0)
        granted = from_allow = forfeited = throttled = over = unmet = over_cost = 0
        units = beyond = 0
        if n_days:
            granted = day_grant * n_days
            if unlimited:
                from_allow = use  # type: ignore[assignment]
            else:
                q, r = divmod(use, n_days)  # type: ignore[arg-type,operator]
                for count, per_day in ((r, q + 1), (n_days - r, q)):
                    if not count:
                        continue
                    if per_day <= day_grant:
                        from_allow += per_day * count
                        forfeited += (day_grant - per_day) * count
                        continue
                    from_allow += day_grant * count
                    # one day's excess, for `count` days alike
                    day_over, day_slow, day_unmet, day_cost, day_units, day_beyond = split(
                        per_day - day_grant
                    )
                    over += day_over * count
                    throttled += day_slow * count
                    unmet += day_unmet * count
                    over_cost += day_cost * count
                    units += day_units * count
                    beyond += day_beyond * count
        row = (
            granted,
            use or 0,
            0,
            from_allow,
            throttled,
            over,
            unmet,
            0,
            0,
            forfeited,
            0,
            day_price * n_days,
            over_cost,
            0,
        )
        rows.append(row)
        if months is not None:
            facts = (  # new_facts' arguments: MonthResult.facts builds them on first read
                i,
                True,
                True,
                (n_days, price_of_a_day, None if unlimited else day_grant),
                (units, beyond > 0, beyond, after_cap if beyond else None),
                NOT_A_PERIOD_START,
                NOT_A_PERIOD_END,
            )
            months.append(
                month_result(usage.texts[i], use is not None, 0, 0, row, unlimited, _NO_BANK, facts)
            )
    return Run(rows, 0, months)
