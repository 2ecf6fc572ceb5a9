"""Daily passes (spec §6), by examples computed by hand."""

from __future__ import annotations

from decimal import Decimal

from simulator.engine import Lines, Overage, simulate

from .plans import column, day_pass

D = Decimal


def test_daily_use_is_spread_evenly_over_every_day_of_the_month():
    s = simulate(day_pass(), [100], start="2026-04")
    # April has 30 days: divmod(100, 30) = (3, 10): 10 days use 4 MB, 20 days 3 MB.
    # Each day grants 10 MB: used 100, forfeited 30 x 10 - 100 = 200. 30 passes x 1.00.
    month = s.months[0]
    assert month.granted_mb == 300
    assert month.from_allowance_mb == 100
    assert month.forfeited_mb == 200
    assert month.plan_cost == D("30.00")
    assert s.totals.wasted_mb == 200


def test_daily_excess_is_charged_per_day():
    plan = day_pass(
        price=D("2.00"),
        allowance_mb=300,
        overage=Overage("pay_per_unit", unit_mb=100, unit_price=D("0.20")),
    )
    s = simulate(plan, [1000], start="2026-02", days_used=[3])
    # divmod(1000, 3) = (333, 1): one day of 334, two of 333. Each day's excess is 34 or
    # 33 MB -> 1 unit each -> 3 x 0.20 = 0.60 (one charge for the month would be 1 unit).
    month = s.months[0]
    assert month.granted_mb == 900
    assert month.from_allowance_mb == 900
    assert month.overage_mb == 100
    assert month.overage_cost == D("0.60")
    assert month.plan_cost == D("6.00")
    assert month.forfeited_mb == 0


def test_daily_block_leaves_each_days_excess_unmet_even_if_other_days_had_data_left():
    plan = day_pass(allowance_mb=10)
    s = simulate(plan, [50], start="2026-01", days_used=[2])
    # 25 MB a day against 10 MB a day: 15 unmet each day; nothing carries between days.
    assert s.months[0].unmet_mb == 30
    assert s.months[0].from_allowance_mb == 20


def test_daily_pass_without_use_costs_nothing_and_a_blank_month_is_lapsed():
    s = simulate(day_pass(), [0, None], start="2026-01")
    assert column(s, "renewed") == [True, False]
    assert column(s, "cost") == [D("0.00"), D("0.00")]
    assert column(s, "granted_mb") == [0, 0]


def test_daily_unlimited_pass_with_extra_lines():
    plan = day_pass(
        allowance_mb=None,
        price=D("3.00"),
        lines=Lines(included=1, max=3, extra_line_price=D("0.50")),
    )
    s = simulate(plan, [5000], start="2026-01", days_used=[4], lines=3)
    # 4 days x (3.00 + 2 x 0.50) = 16.00
    assert s.months[0].plan_cost == D("16.00")
    assert s.months[0].granted_mb is None
    assert s.months[0].from_allowance_mb == 5000


def test_daily_days_of_use_default_per_month_when_none():
    s = simulate(day_pass(), [28, 31], start="2026-02", days_used=[None, 1])
    # Feb 2026 has 28 days: 28 passes; Mar: 1 pass given explicitly.
    assert column(s, "plan_cost") == [D("28.00"), D("1.00")]
    assert column(s, "unmet_mb") == [0, 21]  # 31 MB on one day against 10 MB
