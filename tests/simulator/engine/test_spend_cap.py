"""The overage spend cap (pay-per-unit only): per calendar month, per day for day passes.

Every figure is computed by hand in the comments. The base plan is 1000 MB for 20.00 with
overage units of 100 MB at 10.00.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from simulator.engine import Overage, simulate

from .plans import column, day_pass, monthly

D = Decimal


def capped(spend_cap: str | None, after_cap: str | None = None, unit_price: str = "10.00"):
    return monthly(overage=Overage("pay_per_unit", 100, D(unit_price), spend_cap and D(spend_cap),
                                   after_cap))  # fmt: skip


def only_month(plan, use: int):
    return simulate(plan, [use], start="2026-01").months[0]


def test_serve_charges_at_most_the_cap_and_serves_the_rest_free():
    m = only_month(capped("25.00", "serve"), 1550)
    # excess 550 -> ceil(550 / 100) = 6 units = 60.00 > 25.00: the charge is 25.00 and all
    # 550 MB are served. The cap pays for floor(25.00 / 10.00) = 2 whole units = 200 MB:
    # 350 MB are beyond it, served free.
    assert (m.overage_mb, m.throttled_mb, m.unmet_mb) == (550, 0, 0)
    assert m.overage_cost == D("25.00")
    assert m.cost == D("45.00")  # 20.00 + 25.00
    assert (m.facts.overage_units, m.facts.spend_capped) == (6, True)
    assert (m.facts.beyond_cap_mb, m.facts.beyond_cap_to) == (350, "serve")


def test_after_cap_defaults_to_serve():
    assert only_month(capped("25.00"), 1550) == only_month(capped("25.00", "serve"), 1550)


def test_throttle_after_the_cap_buys_whole_units_and_slows_the_rest():
    m = only_month(capped("25.00", "throttle"), 1550)
    # the cap buys floor(25.00 / 10.00) = 2 units (a cap that is not a whole number of
    # units buys the whole units below it): 200 MB for 20.00; 550 - 200 = 350 throttled.
    assert (m.overage_mb, m.throttled_mb, m.unmet_mb) == (200, 350, 0)
    assert m.overage_cost == D("20.00")
    assert (m.facts.overage_units, m.facts.beyond_cap_mb, m.facts.beyond_cap_to) == (
        2,
        350,
        "throttle",
    )


def test_block_after_the_cap_leaves_the_rest_unmet():
    s = simulate(capped("25.00", "block"), [1550], start="2026-01")
    m = s.months[0]
    assert (m.overage_mb, m.throttled_mb, m.unmet_mb) == (200, 0, 350)
    assert m.overage_cost == D("20.00")
    assert s.totals.served_mb == 1200  # 1000 + 200
    assert s.totals.fit == "short"


@pytest.mark.parametrize("after_cap", ["serve", "throttle", "block"])
def test_a_cap_that_is_not_reached_changes_nothing(after_cap):
    m = only_month(capped("25.00", after_cap), 1150)
    # excess 150 -> 2 units = 20.00 <= 25.00
    assert (m.overage_mb, m.throttled_mb, m.unmet_mb, m.overage_cost) == (150, 0, 0, D("20.00"))
    assert (m.facts.overage_units, m.facts.spend_capped, m.facts.beyond_cap_mb) == (2, False, 0)
    assert m == only_month(capped(None), 1150)


@pytest.mark.parametrize("after_cap", ["throttle", "block"])
def test_free_units_are_unlimited_under_any_cap(after_cap):
    m = only_month(capped("5.00", after_cap, unit_price="0.00"), 1550)
    # unit_price 0: the cap buys unlimited units, so all 550 MB are overage, for 0.00.
    assert (m.overage_mb, m.throttled_mb, m.unmet_mb, m.overage_cost) == (550, 0, 0, D("0.00"))
    assert m.facts.spend_capped is False


@pytest.mark.parametrize(
    ("after_cap", "expected"),
    [
        ("serve", (550, 0, 0)),  # min(60.00, 0.00) = 0.00: all served free
        ("throttle", (0, 550, 0)),  # 0 units bought
        ("block", (0, 0, 550)),
    ],
)
def test_a_spend_cap_of_zero_buys_nothing(after_cap, expected):
    m = only_month(capped("0.00", after_cap), 1550)
    assert (m.overage_mb, m.throttled_mb, m.unmet_mb) == expected
    assert m.overage_cost == D("0.00")
    assert m.facts.spend_capped is True


def test_after_cap_without_a_spend_cap_changes_nothing():
    assert only_month(capped(None, "block"), 1550) == only_month(capped(None), 1550)


def test_each_calendar_month_of_a_pack_has_its_own_cap():
    plan = monthly(
        allowance_mb=3000,
        price=D("60.00"),
        period_months=3,
        overage=Overage("pay_per_unit", 100, D("10.00"), D("25.00"), "throttle"),
    )
    s = simulate(plan, [3500, 700, 0], start="2026-01")
    # Jan: 3000 from the pack, excess 500 -> 5 units = 50.00 > 25.00 -> 2 units: 200 MB
    # for 20.00, 300 throttled. Feb: the pack is used up, excess 700 -> 2 units, 500
    # throttled. Mar: nothing. A cap over the whole pack would have charged 25.00; per
    # month it is 20.00 + 20.00.
    assert column(s, "overage_mb") == [200, 200, 0]
    assert column(s, "throttled_mb") == [300, 500, 0]
    assert column(s, "overage_cost") == [D("20.00"), D("20.00"), D("0.00")]
    assert s.totals.cost == D("100.00")  # 60.00 + 40.00


def test_a_day_pass_has_a_cap_per_day():
    plan = day_pass(
        price=D("1.00"),
        allowance_mb=100,
        overage=Overage("pay_per_unit", 10, D("0.50"), D("1.20"), "block"),
    )
    s = simulate(plan, [750], start="2026-01", days_used=[3])
    # divmod(750, 3) = (250, 0): 3 days of 250 MB. Each day: excess 150 -> 15 units = 7.50
    # > 1.20, so the cap buys floor(1.20 / 0.50) = 2 units: 20 MB for 1.00, and 130 MB
    # are blocked. Three days: overage 60 MB for 3.00, 390 MB unmet.
    m = s.months[0]
    assert (m.from_allowance_mb, m.overage_mb, m.unmet_mb) == (300, 60, 390)
    assert (m.plan_cost, m.overage_cost, m.cost) == (D("3.00"), D("3.00"), D("6.00"))
    assert (m.facts.days_bought, m.facts.overage_units) == (3, 6)
    assert (m.facts.spend_capped, m.facts.beyond_cap_mb, m.facts.beyond_cap_to) == (
        True,
        390,
        "block",
    )


def test_a_day_pass_serving_after_the_cap_charges_the_cap_each_day():
    plan = day_pass(
        price=D("1.00"),
        allowance_mb=100,
        overage=Overage("pay_per_unit", 10, D("0.50"), D("1.20")),
    )
    s = simulate(plan, [751], start="2026-01", days_used=[3])
    # divmod(751, 3) = (250, 1): one day of 251 (excess 151 -> 16 units = 8.00), two of
    # 250 (15 units = 7.50); each is capped at 1.20: 3 x 1.20 = 3.60, all 451 MB served.
    m = s.months[0]
    assert (m.overage_mb, m.unmet_mb, m.overage_cost) == (451, 0, D("3.60"))
    assert m.facts.overage_units == 16 + 15 + 15
