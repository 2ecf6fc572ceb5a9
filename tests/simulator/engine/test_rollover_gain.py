"""What rollover is worth: the run minus the same plan and usage with the rollover off.

Every figure is computed by hand in the comments: both runs, then the difference.
"""

from __future__ import annotations

from decimal import Decimal

from simulator.engine import Conversion, Overage, Promotion, Rollover, RolloverGain, simulate

from .plans import monthly

D = Decimal


def gain(plan, usage, **kwargs) -> RolloverGain | None:
    return simulate(plan, usage, start="2026-01", **kwargs).rollover_gain


def test_there_is_no_rollover_gain_for_a_plan_without_rollover():
    assert gain(monthly(), [100, 2000]) is None
    credit = monthly(rollover=Rollover(convert=Conversion(100, credit=D("1.00"))))
    assert gain(credit, [100, 2000]) is None


def test_a_capped_rollover_on_a_throttled_plan_saves_slowed_data():
    plan = monthly(overage=Overage("throttle"), rollover=Rollover(mode="capped", cap_mb=500))
    # With the rule: Jan leaves 800, 500 roll; Feb serves 1800 from 500 rolled + 1000
    # allowance: 300 slowed. Without: Feb has its 1000 only: 800 slowed. Both serve all
    # 2000 MB (slowed data is served) and cost 2 x 20.00.
    assert gain(plan, [200, 1800]) == RolloverGain(
        served_mb=0,
        unmet_mb_avoided=0,
        throttled_mb_avoided=500,  # 800 - 300
        overage_cost_saved=D("0.00"),
        cost_saved=D("0.00"),
    )


def test_rollover_on_a_pay_per_unit_plan_with_a_spend_cap_saves_money_and_serves_more():
    plan = monthly(
        overage=Overage("pay_per_unit", 100, D("5.00"), D("20.00"), "block"),
        rollover=Rollover(mode="full"),
    )
    # With the rule: Jan rolls 600; Feb: 1900 - 600 - 1000 = 300 excess -> 3 units =
    # 15.00 (under the 20.00 cap). Without: Feb's excess is 900 -> 9 units = 45.00 > 20.00,
    # so the cap buys 4 units: 400 MB for 20.00, 500 MB blocked.
    assert gain(plan, [400, 1900]) == RolloverGain(
        served_mb=500,  # 2300 against 1800
        unmet_mb_avoided=500,
        throttled_mb_avoided=0,
        overage_cost_saved=D("5.00"),  # 20.00 - 15.00
        cost_saved=D("5.00"),
    )


def test_a_credit_for_unused_data_can_make_rollover_cost_money():
    plan = monthly(rollover=Rollover(mode="full", convert=Conversion(100, credit=D("1.00"))))
    # With the rule: Jan rolls its 1000 (nothing forfeited, no credit); Feb uses the rolled
    # 1000 first and its own 1000 rolls: 2 x 20.00 = 40.00. Without: Jan forfeits 1000 =
    # 10 units -> 10.00 off Feb: 20.00 + 10.00 = 30.00. Both serve 1000 MB.
    assert gain(plan, [0, 1000]) == RolloverGain(
        served_mb=0,
        unmet_mb_avoided=0,
        throttled_mb_avoided=0,
        overage_cost_saved=D("0.00"),
        cost_saved=D("-10.00"),
    )


def test_the_rollover_gain_keeps_promotions_and_drops_the_whole_rule():
    plan = monthly(
        rollover=Rollover(
            mode="full", bank_cap_mb=300, expires_after_periods=1, min_use_mb=1,
            forfeit_on_lapse=True,
        ),
        promotions=(Promotion("2026-01", "2026-01", bonus_mb=500),),
    )  # fmt: skip
    # With the rule: Jan (1500 with the bonus) uses 100, 300 roll (bank cap); Feb: 1300 =
    # 300 rolled + 1000, nothing unmet. Without (bonus kept): Feb has 1000, 300 unmet.
    assert gain(plan, [100, 1300]) == RolloverGain(
        served_mb=300,
        unmet_mb_avoided=300,
        throttled_mb_avoided=0,
        overage_cost_saved=D("0.00"),
        cost_saved=D("0.00"),
    )
