"""Money credit for unused data: earned on the data forfeited at a period end, taken off
the next period's plan cost (at most all of it), lost otherwise.

Every figure is computed by hand in the comments.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from simulator.engine import Conversion, Lines, Plan, Promotion, Rollover, simulate

from .plans import column, monthly

D = Decimal


def with_credit(unit_mb: int, credit: str, **changes) -> Plan:
    """The test plan (changed by ``changes``) whose forfeited data earns ``credit`` per
    ``unit_mb``."""
    rule = replace(
        changes.pop("rollover", Rollover()), convert=Conversion(unit_mb, credit=D(credit))
    )
    return monthly(rollover=rule, **changes)


def test_smarty_style_unused_gigabytes_come_off_next_months_bill():
    plan = Plan(
        name="3GB",
        currency="GBP",
        price=D("8.00"),
        allowance_mb=3072,
        rollover=Rollover(convert=Conversion(1024, credit=D("1.00"))),
    )
    s = simulate(plan, [1024, 3072], start="2026-01")
    # Jan: 3072 - 1024 = 2048 MB unused, forfeited (mode none) = 2 whole GB -> 2.00 off
    # February's 8.00. February uses all 3 GB: nothing earned.
    assert column(s, "forfeited_mb") == [2048, 0]
    assert column(s, "plan_cost") == [D("8.00"), D("8.00")]
    assert column(s, "credit") == [D("0.00"), D("2.00")]
    assert column(s, "cost") == [D("8.00"), D("6.00")]
    assert column(s, "converted") == [0, 0]  # a credit alone converts into no benefit
    t = s.totals
    assert (t.plan_cost, t.credit, t.cost) == (D("16.00"), D("2.00"), D("14.00"))
    # 14.00 / (4096 MB / 1024) = 3.50 a GB: the cost per GB is after the credit.
    assert t.cost_per_gb == D("3.50")
    feb = s.months[1].facts
    assert (feb.credit_from_month, feb.credit_lost, feb.credit_lost_reason) == (
        "2026-01",
        D("0.00"),
        None,
    )
    jan = s.months[0].facts
    assert (jan.credit_earned, jan.credit_earned_mb, jan.credit_earned_lost) == (
        D("2.00"),
        2048,
        False,
    )


def test_a_credit_earned_at_the_last_period_end_is_lost():
    plan = with_credit(1024, "1.00", allowance_mb=3072, price=D("8.00"))
    s = simulate(plan, [1024, 3072, 0], start="2026-01")
    # March forfeits 3072 = 3 units -> 3.00, but there is no April in the simulation.
    march = s.months[2]
    assert march.credit == D("0.00")
    assert (march.facts.credit_earned, march.facts.credit_earned_lost) == (D("3.00"), True)
    assert s.totals.credit == D("2.00")  # only January's, taken off February


def test_a_credit_larger_than_the_next_plan_cost_is_capped_and_the_rest_lost():
    plan = with_credit(100, "0.50", price=D("2.00"))
    s = simulate(plan, [0, 0], start="2026-01")
    # Jan forfeits 1000 = 10 units x 0.50 = 5.00; February costs 2.00: 2.00 is taken off,
    # 3.00 is lost. February's own 5.00 is lost at the end.
    assert column(s, "credit") == [D("0.00"), D("2.00")]
    assert column(s, "cost") == [D("2.00"), D("0.00")]
    feb = s.months[1].facts
    assert (feb.credit_from_month, feb.credit_lost, feb.credit_lost_reason) == (
        "2026-01",
        D("3.00"),
        "over_plan_cost",
    )


def test_a_credit_before_a_lapsed_period_is_lost():
    plan = with_credit(100, "0.50", price=D("2.00"))
    s = simulate(plan, [0, None, 0], start="2026-01")
    # Jan earns 5.00; February is not renewed, so there is nothing to take it off; March
    # gets nothing (a lapsed month forfeits no data).
    assert column(s, "credit") == [D("0.00")] * 3
    assert column(s, "cost") == [D("2.00"), D("0.00"), D("2.00")]
    feb = s.months[1].facts
    assert (feb.credit_from_month, feb.credit_lost, feb.credit_lost_reason) == (
        "2026-01",
        D("5.00"),
        "lapsed",
    )
    assert s.months[2].facts.credit_from_month is None


def test_the_credit_is_capped_at_the_plan_cost_after_promotions_and_extra_lines():
    plan = with_credit(
        100,
        "1.00",
        lines=Lines(included=1, max=3, extra_line_price=D("5.00")),
        promotions=(Promotion("2026-02", "2026-02", price=D("3.00")),),
    )
    s = simulate(plan, [0, 0], start="2026-01", lines=2)
    # Jan: 20.00 + 5.00 (one extra line); 1000 MB forfeited = 10 units -> 10.00.
    # Feb: promotional 3.00 + 5.00 = 8.00, so at most 8.00 comes off; 2.00 is lost.
    assert column(s, "plan_cost") == [D("25.00"), D("8.00")]
    assert column(s, "credit") == [D("0.00"), D("8.00")]
    assert column(s, "cost") == [D("25.00"), D("0.00")]
    assert s.months[1].facts.credit_lost == D("2.00")


def test_a_packs_credit_comes_off_the_next_packs_first_month():
    plan = with_credit(500, "1.00", allowance_mb=2000, price=D("30.00"), period_months=2)
    s = simulate(plan, [500, 0, 0, 0], start="2026-01")
    # Pack 1 (Jan-Feb) forfeits 1500 = 3 units -> 3.00 off pack 2, on its first month
    # (March). Pack 2 forfeits 2000 -> 4.00, lost at the end.
    assert column(s, "credit") == [D("0.00"), D("0.00"), D("3.00"), D("0.00")]
    assert column(s, "cost") == [D("30.00"), D("0.00"), D("27.00"), D("0.00")]
    assert s.totals.cost == D("57.00")
    assert s.months[3].facts.credit_earned == D("4.00")


def test_only_whole_units_of_forfeited_data_earn_credit_and_rolled_data_earns_none():
    plan = with_credit(300, "1.00", rollover=Rollover(mode="capped", cap_mb=500))
    s = simulate(plan, [100, 1000], start="2026-01")
    # Jan: 900 unused, 500 roll (cap), 400 forfeited = 1 whole unit of 300 -> 1.00.
    # Feb: 500 from the bank, 500 from the allowance; 500 unused roll, nothing forfeited.
    assert column(s, "forfeited_mb") == [400, 0]
    assert column(s, "credit") == [D("0.00"), D("1.00")]
    assert s.months[0].facts.credit_earned_mb == 300
