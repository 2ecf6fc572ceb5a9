"""The sentences under each month of the results, the rule, the fit and what rollover was
worth — words over the engine's own objects (its months and their facts).

Each test builds a plan by hand, runs the engine on it, and checks the exact English
sentences; the numbers in them are worked out in the comments from the spec.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import translation

from simulator import engine
from simulator.engine import Conversion, Lines, Overage, Plan, Promotion, Rollover
from simulator.explain import (
    MAX_SENTENCES,
    explain_fit,
    explain_gain,
    explain_headline,
    explain_month,
    explain_rule,
)

D = Decimal
GB = 1024


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def monthly(**changes) -> Plan:
    """10 GB a month for $30.00, no rollover, blocked overage, unless changed."""
    base = Plan(name="Ten gig", currency="USD", price=D("30.00"), allowance_mb=10 * GB)
    return replace(base, **changes)


def simulate(plan: Plan, usage, start="2026-01", **kwargs) -> engine.Simulation:
    return engine.simulate(plan, usage, start=start, **kwargs)


def explain_all(plan: Plan, usage, **kwargs) -> list[list[str]]:
    sim = simulate(plan, usage, **kwargs)
    return [explain_month(sim, i) for i in range(len(sim.months))]


SPEC_PLAN = monthly(
    name="10 GB capped",
    overage=Overage("pay_per_unit", unit_mb=GB, unit_price=D("10.00")),
    rollover=Rollover(mode="capped", cap_mb=5 * GB, expires_after_periods=1),
)


# --------------------------------------------------------------------------- the spec's example


def test_spec_example_capped_rollover_names_the_cap_and_what_was_forfeited():
    months = explain_all(SPEC_PLAN, [4096, 1024, 2048])
    # January: 10 GB - 4 GB = 6 GB unused; 5 GB (the cap) rolls, 1 GB is forfeited.
    assert months[0] == [
        "5 GB of unused allowance rolled over (the most this plan carries from one month is "
        "5 GB); 1 GB was forfeited."
    ]
    # February: 1 GB from the bank (rollover first); the other 4 GB of January's tranche
    # expires (E = 1); the whole fresh 10 GB is unused: 5 GB rolls, 5 GB is forfeited.
    assert months[1] == [
        "You used 1 GB, all from rolled-over data: this plan uses it before the allowance.",
        "4 GB rolled over from January 2026 expired: rolled data lasts 1 month on this plan.",
        "5 GB of unused allowance rolled over (the most this plan carries from one month is "
        "5 GB); 5 GB was forfeited.",
    ]


def test_expired_rollover_names_the_month_and_the_rule():
    plan = replace(SPEC_PLAN, rollover=replace(SPEC_PLAN.rollover, order="allowance_first"))
    months = explain_all(plan, [4096, 1024, 2048])
    # allowance first: February's 1 GB comes from the allowance, so January's whole 5 GB
    # tranche expires; 9 GB unused: 5 GB rolls, 4 GB is forfeited.
    assert months[1] == [
        "You used 1 GB of this month's allowance; rolled-over data is only used once the "
        "allowance runs out.",
        "5 GB rolled over from January 2026 expired: rolled data lasts 1 month on this plan.",
        "5 GB of unused allowance rolled over (the most this plan carries from one month is "
        "5 GB); 4 GB was forfeited.",
    ]


def test_expiry_over_several_months_gives_the_plans_life_in_months():
    plan = monthly(rollover=Rollover(mode="full", expires_after_periods=3, order="allowance_first"))
    months = explain_all(plan, [8 * GB, 10 * GB, 10 * GB, 10 * GB])
    # January's 2 GB can be used until April; each month's allowance covers its use, so
    # the tranche is never touched and expires at the end of April.
    assert months[0] == ["2 GB of unused allowance rolled over; it can be used until April 2026."]
    assert months[3] == [
        "You used 10 GB of this month's allowance; rolled-over data is only used once the "
        "allowance runs out.",
        "2 GB rolled over from January 2026 expired: rolled data lasts 3 months on this plan.",
    ]


# --------------------------------------------------------------------------- order of use


def test_rollover_first_says_the_rolled_data_was_used_before_the_allowance():
    plan = monthly(rollover=Rollover(mode="full", expires_after_periods=1))
    months = explain_all(plan, [8 * GB, 12 * GB])
    # January leaves 2 GB; February needs 12 GB: 2 GB from the bank, then 10 GB.
    assert months[1] == [
        "You used 2 GB from rolled-over data first, then 10 GB of this month's allowance."
    ]


def test_allowance_first_says_the_allowance_was_used_before_rolled_data():
    plan = monthly(rollover=Rollover(mode="full", expires_after_periods=1, order="allowance_first"))
    months = explain_all(plan, [8 * GB, 12 * GB])
    assert months[1] == [
        "You used 10 GB of this month's allowance first, then 2 GB from rolled-over data."
    ]


# --------------------------------------------------------------------------- conditions and caps


def test_nothing_rolls_over_from_a_month_below_the_minimum_use():
    plan = monthly(rollover=Rollover(mode="full", min_use_mb=GB))
    months = explain_all(plan, [512])
    assert months[0] == ["Nothing rolled over: you used less than the 1 GB this plan requires."]


def test_nothing_rolls_over_from_a_month_without_use():
    plan = monthly(rollover=Rollover(mode="full", min_use_mb=1))
    months = explain_all(plan, [0])
    assert months[0] == [
        "Nothing rolled over: this plan does not roll data from a month without use."
    ]


def test_a_full_bank_forfeits_what_is_left_unused():
    plan = monthly(rollover=Rollover(mode="full", bank_cap_mb=20 * GB, order="allowance_first"))
    months = explain_all(plan, [0, 0, 7 * GB])
    # January and February fill the 20 GB bank; March leaves 3 GB, which cannot fit.
    assert months[1] == ["10 GB of unused allowance rolled over; it does not expire."]
    assert months[2] == [
        "The bank is full (20 GB cap): nothing rolled over and 3 GB was forfeited."
    ]


def test_when_the_monthly_cap_and_then_the_bank_cap_cut_the_bank_cap_is_named():
    plan = monthly(rollover=Rollover(mode="capped", cap_mb=4 * GB, bank_cap_mb=10 * GB))
    months = explain_all(plan, [0, 0, 0, 0])
    # Each month leaves 10 GB; at most 4 GB rolls. The bank holds 4, then 8 GB: March's 4 GB
    # fits only 2 GB, April's nothing.
    assert months[1] == [
        "4 GB of unused allowance rolled over (the most this plan carries from one month is "
        "4 GB); 6 GB was forfeited."
    ]
    assert months[2] == [
        "2 GB of unused allowance rolled over, filling the bank to its 10 GB cap; 8 GB was "
        "forfeited."
    ]
    assert months[3] == [
        "The bank is full (10 GB cap): nothing rolled over and 10 GB was forfeited."
    ]


def test_a_bank_with_little_room_left_takes_what_fits():
    plan = monthly(rollover=Rollover(mode="full", bank_cap_mb=15 * GB))
    months = explain_all(plan, [0, 0])
    # January rolls 10 GB; February has room for 5 GB of its 10 GB.
    assert months[1] == [
        "5 GB of unused allowance rolled over, filling the bank to its 15 GB cap; 5 GB was "
        "forfeited."
    ]


def test_a_plan_without_rollover_says_the_unused_data_was_lost():
    months = explain_all(monthly(), [4 * GB])
    assert months[0] == ["This plan does not roll data over: the 6 GB you did not use was lost."]


# --------------------------------------------------------------------------- lapses


def test_a_lapse_that_forfeits_the_bank_says_the_bank_was_lost():
    plan = monthly(rollover=Rollover(mode="full", forfeit_on_lapse=True))
    months = explain_all(plan, [4 * GB, None])
    assert months[1] == [
        "Not renewed this month: no allowance, no charge.",
        "Your 6 GB bank was lost because the plan lapsed.",
    ]


def test_a_lapse_that_keeps_the_bank_says_it_keeps_ageing():
    plan = monthly(rollover=Rollover(mode="full", expires_after_periods=1))
    months = explain_all(plan, [4 * GB, None])
    # the bank survives February's lapse, but January's tranche ends with February.
    assert months[1] == [
        "Not renewed this month: no allowance, no charge.",
        "Your 6 GB bank is kept while the plan is not renewed, but it keeps ageing.",
        "6 GB rolled over from January 2026 expired: rolled data lasts 1 month on this plan.",
    ]


def test_a_lapse_without_a_bank_says_only_that_nothing_was_charged():
    months = explain_all(monthly(), [10 * GB, None])
    assert months[1] == ["Not renewed this month: no allowance, no charge."]


# --------------------------------------------------------------------------- overage


def test_data_beyond_the_allowance_that_was_slowed_down_is_free():
    plan = monthly(allowance_mb=GB, overage=Overage("throttle"))
    assert explain_all(plan, [4 * GB]) == [["3 GB beyond your data was slowed down (free)."]]


def test_data_beyond_the_allowance_that_was_charged_gives_units_and_cost():
    plan = monthly(allowance_mb=GB, overage=Overage("pay_per_unit", GB, D("10.00")))
    assert explain_all(plan, [4 * GB, 1536]) == [
        ["3 GB beyond your data was charged as extra data: 3 units of 1 GB, $30.00."],
        # 512 MB over: one whole unit is charged
        ["512 MB beyond your data was charged as extra data: 1 unit of 1 GB, $10.00."],
    ]


def test_data_beyond_the_allowance_of_a_blocking_plan_was_not_served():
    plan = monthly(allowance_mb=GB)
    assert explain_all(plan, [4 * GB]) == [
        ["3 GB beyond your data could not be served: this plan blocks data when it runs out."]
    ]


# --------------------------------------------------------------------------- promotions


def test_a_promotion_names_its_bonus_and_its_price():
    promo = Promotion("2026-02", "2026-02", bonus_mb=2 * GB, price=D("15.00"), name="Double data")
    plan = monthly(promotions=(promo,))
    months = explain_all(plan, [10 * GB, 12 * GB, 10 * GB])
    assert months[0] == []
    assert months[1] == [
        "Promotion 'Double data' added 2 GB this month.",
        "The promotional price of $15.00 applied.",
    ]
    assert months[2] == []


def test_a_promotions_extra_life_shows_in_the_rollover_and_in_the_expiry():
    promo = Promotion("2026-01", "2026-01", extra_expiry_periods=2, name="Long life")
    plan = monthly(
        rollover=Rollover(mode="full", expires_after_periods=1, order="allowance_first"),
        promotions=(promo,),
    )
    months = explain_all(plan, [8 * GB, 10 * GB, 10 * GB, 10 * GB])
    # January's 2 GB would last until February (E = 1); the promotion adds 2 months.
    assert months[0] == [
        "2 GB of unused allowance rolled over; it can be used until April 2026, 2 months "
        "longer thanks to a promotion."
    ]
    assert months[3] == [
        "You used 10 GB of this month's allowance; rolled-over data is only used once the "
        "allowance runs out.",
        "2 GB rolled over from January 2026 expired: it lasted 3 months, the plan's 1 plus 2 "
        "from a promotion.",
    ]


def test_tranches_expiring_together_are_named_by_their_months():
    promo = Promotion("2026-01", "2026-01", extra_expiry_periods=1)
    plan = monthly(
        allowance_mb=GB,
        rollover=Rollover(mode="full", expires_after_periods=1, order="allowance_first"),
        promotions=(promo,),
    )
    months = explain_all(plan, [0, 0, GB])
    # January's 1 GB lasts until March (1 + 1 periods), February's until March (1).
    assert months[2] == [
        "You used 1 GB of this month's allowance; rolled-over data is only used once the "
        "allowance runs out.",
        "2 GB of rolled-over data expired: the data rolled over from January 2026 to "
        "February 2026 reached the end of its life on this plan.",
    ]


# --------------------------------------------------------------------------- conversion


def test_forfeited_data_converted_into_a_benefit():
    plan = monthly(rollover=Rollover(convert=Conversion(unit_mb=GB, rate=1, benefit="minutes")))
    assert explain_all(plan, [7 * GB]) == [
        [
            "This plan does not roll data over: the 3 GB you did not use was lost.",
            "Unused data converted into 3 minutes.",
        ]
    ]


# --------------------------------------------------------------------------- day passes


def test_day_passes_say_how_many_were_bought_and_that_daily_data_does_not_carry_over():
    plan = monthly(billing="daily", price=D("1.00"), allowance_mb=GB)
    months = explain_all(plan, [4 * GB, 12 * GB, 0], days_used=[10, 10, None])
    # 10 passes of 1 GB for 4 GB: 6 GB forfeited; 10 passes for 12 GB: 2 GB blocked.
    assert months == [
        [
            "10 day passes bought, 1 GB a day; the 6 GB you did not use on those days does "
            "not carry over."
        ],
        [
            "10 day passes bought, 1 GB a day.",
            "2 GB beyond your data could not be served: this plan blocks data when it runs out.",
        ],
        ["No day passes bought this month."],
    ]


def test_day_passes_with_extra_lines_count_each_days_shared_allowance():
    plan = monthly(
        billing="daily",
        price=D("1.00"),
        allowance_mb=GB,
        lines=Lines(included=1, max=3, extra_line_price=D("0.50"), extra_line_allowance_mb=GB),
    )
    months = explain_all(plan, [2 * GB], days_used=[1], lines=2)
    assert months == [["1 day pass bought, 2 GB a day."]]


# --------------------------------------------------------------------------- packs


def test_a_pack_says_when_it_starts_and_what_was_left_at_its_end():
    plan = monthly(period_months=3, allowance_mb=12 * GB)
    months = explain_all(plan, [2 * GB, 2 * GB, 2 * GB])
    assert months == [
        ["A new 3-month pack started: 12 GB for 3 months."],
        [],
        [
            "End of the pack: you used 6 GB of its 12 GB.",
            "This plan does not roll data over: the 6 GB you did not use was lost.",
        ],
    ]


def test_a_pack_with_capped_rollover_counts_its_life_in_packs():
    plan = monthly(
        period_months=3,
        allowance_mb=12 * GB,
        rollover=Rollover(mode="capped", cap_mb=4 * GB, expires_after_periods=1),
    )
    months = explain_all(plan, [2 * GB, 2 * GB, 2 * GB, 0, 0, 0])
    assert months[2] == [
        "End of the pack: you used 6 GB of its 12 GB.",
        "4 GB of unused allowance rolled over (the most this plan carries from one pack is "
        "4 GB); 2 GB was forfeited.",
    ]
    assert months[5] == [
        "4 GB rolled over from March 2026 expired: rolled data lasts for 1 more pack on this plan.",
        "End of the pack: you used 0 GB of its 12 GB.",
        "4 GB of unused allowance rolled over (the most this plan carries from one pack is "
        "4 GB); 8 GB was forfeited.",
    ]


# --------------------------------------------------------------------------- limits


def test_a_busy_month_keeps_the_most_important_sentences():
    promo = Promotion("2026-02", "2026-02", bonus_mb=GB, price=D("20.00"), name="Spring")
    plan = monthly(
        rollover=Rollover(
            mode="capped",
            cap_mb=GB,
            expires_after_periods=1,
            order="allowance_first",
            convert=Conversion(unit_mb=GB, rate=10, benefit="minutes"),
        ),
        promotions=(promo,),
    )
    sim = simulate(plan, [8 * GB, 2 * GB])
    # February: bonus, promotional price, allowance first, expiry, capped rollover and a
    # conversion: six things; the bonus and the allowance-first sentence beat the price
    # and the conversion, and the order of the month is kept.
    assert explain_month(sim, 1) == [
        "Promotion 'Spring' added 1 GB this month.",
        "You used 2 GB of this month's allowance; rolled-over data is only used once the "
        "allowance runs out.",
        "1 GB rolled over from January 2026 expired: rolled data lasts 1 month on this plan.",
        "1 GB of unused allowance rolled over (the most this plan carries from one month is "
        "1 GB); 8 GB was forfeited.",
    ]
    assert len(explain_month(sim, 1)) == MAX_SENTENCES


def test_an_unlimited_plan_has_nothing_to_say_in_an_ordinary_month():
    plan = monthly(allowance_mb=None)
    assert explain_all(plan, [50 * GB]) == [[]]


def test_a_month_outside_the_simulation_is_an_index_error():
    sim = simulate(monthly(), [GB])
    with pytest.raises(IndexError):
        explain_month(sim, 1)


# --------------------------------------------------------------------------- Chinese


def test_expiry_is_explained_in_chinese_with_chinese_months():
    plan = monthly(rollover=Rollover(mode="full", expires_after_periods=1, order="allowance_first"))
    sim = simulate(plan, [8 * GB, 10 * GB], start="2026-03")
    with translation.override("zh-hans"):
        sentences = explain_month(sim, 1)
    # March's 2 GB expires at the end of April: said in Chinese, with the Chinese month.
    assert any("2026年3月结转的 2 GB 已过期" in s for s in sentences), sentences
    assert explain_month(sim, 1)[1].startswith("2 GB rolled over from March 2026 expired")


# --------------------------------------------------------------------------- the rule


def test_rule_in_words_for_a_capped_rule_with_conditions():
    plan = monthly(
        rollover=Rollover(
            mode="capped",
            cap_mb=5 * GB,
            expires_after_periods=1,
            min_use_mb=GB,
            forfeit_on_lapse=True,
        )
    )
    assert explain_rule(plan) == (
        "Unused data rolls over, up to 5 GB a month, and lasts 1 month. Rolled data is used "
        "before the new allowance. Nothing rolls from a month with less than 1 GB use. A lapse "
        "wipes the bank."
    )


def test_rule_in_words_for_a_bank_that_never_expires():
    plan = monthly(rollover=Rollover(mode="full", bank_cap_mb=20 * GB, order="allowance_first"))
    assert explain_rule(plan) == (
        "All unused data rolls over and does not expire. The bank holds at most 20 GB. The new "
        "allowance is used before rolled data."
    )


def test_rule_in_words_for_a_pack_a_plan_without_rollover_daily_and_unlimited():
    pack = monthly(period_months=3, rollover=Rollover(mode="full", expires_after_periods=2))
    assert explain_rule(pack) == (
        "All unused data rolls over and lasts 2 more packs. Rolled data is used before the new "
        "allowance."
    )
    convert = Rollover(convert=Conversion(unit_mb=GB, rate=5, benefit="minutes"))
    assert explain_rule(monthly(rollover=convert)) == (
        "Unused data does not roll over. Data that is lost converts into 5 minutes per 1 GB."
    )
    daily = monthly(billing="daily", price=D("1.00"), allowance_mb=GB)
    assert explain_rule(daily) == (
        "A day pass gives 1 GB for one day; unused daily data does not carry over."
    )
    unlimited = monthly(allowance_mb=None)
    assert explain_rule(unlimited) == (
        "Unlimited data at full speed: there is nothing to roll over."
    )


# --------------------------------------------------------------------------- spend caps


def capped(after: str | None, **changes) -> Plan:
    """1 GB a month for $30.00; extra data 10.00 per GB, at most 25.00 a month."""
    overage = Overage("pay_per_unit", GB, D("10.00"), spend_cap=D("25.00"), after_cap=after)
    return monthly(allowance_mb=GB, overage=overage, **changes)


def test_a_spend_cap_that_serves_the_rest_free_says_how_much_was_free():
    # 5 GB used, 4 GB beyond: 4 units would be 40.00; the charge stops at 25.00, which
    # pays for 2 whole units (2 GB): the other 2 GB is served free.
    assert explain_all(capped("serve"), [5 * GB]) == [
        [
            "4 GB beyond your data was charged as extra data up to the spend cap of $25.00: "
            "2 GB of it was free."
        ]
    ]


def test_a_spend_cap_that_slows_the_rest_says_where_charges_stopped():
    # 2 units (2 GB) for 20.00 within the cap, the other 2 GB slowed.
    assert explain_all(capped("throttle"), [5 * GB]) == [
        [
            "2 GB beyond your data was charged as extra data: 2 units of 1 GB, $20.00.",
            "Charges stopped at $25.00, the spend cap: the other 2 GB was slowed down.",
        ]
    ]


def test_a_spend_cap_that_blocks_the_rest_says_it_was_blocked():
    assert explain_all(capped("block"), [5 * GB]) == [
        [
            "2 GB beyond your data was charged as extra data: 2 units of 1 GB, $20.00.",
            "Charges stopped at $25.00, the spend cap: the other 2 GB was blocked.",
        ]
    ]


def test_a_month_under_the_spend_cap_is_charged_as_usual():
    # 2 GB beyond: 20.00, under the 25.00 cap.
    assert explain_all(capped("block"), [3 * GB]) == [
        ["2 GB beyond your data was charged as extra data: 2 units of 1 GB, $20.00."]
    ]


def test_a_day_pass_spend_cap_acts_each_day():
    plan = capped("throttle", billing="daily", price=D("1.00"))
    # 2 days of 3 GB: each day 2 GB beyond; the cap pays 2 units a day (1 GB each would
    # cost 20.00 ≤ 25.00), so nothing is beyond the cap: charged 4 units, 40.00.
    assert explain_all(plan, [6 * GB], days_used=[2]) == [
        [
            "2 day passes bought, 1 GB a day.",
            "4 GB beyond your data was charged as extra data: 4 units of 1 GB, $40.00.",
        ]
    ]
    # 1 day of 5 GB: 4 GB beyond, the cap pays 2 units, the other 2 GB slowed.
    assert explain_all(plan, [5 * GB], days_used=[1]) == [
        [
            "1 day pass bought, 1 GB a day.",
            "2 GB beyond your data was charged as extra data: 2 units of 1 GB, $20.00.",
            "Charges stopped at the spend cap of $25.00 a day: the other 2 GB was slowed down.",
        ]
    ]


def test_the_rule_in_words_names_the_spend_cap():
    assert explain_rule(capped("throttle")) == (
        "Unused data does not roll over: it is lost at the end of each month. Extra data costs "
        "$10.00 per 1 GB, at most $25.00 a month; beyond that it is slowed down."
    )


# --------------------------------------------------------------------------- credits


def smarty(**changes) -> Plan:
    """SMARTY's shape: 3 GB for £8.00, blocked, 1.00 off next month per whole GB unused."""
    return monthly(
        currency="GBP",
        price=D("8.00"),
        allowance_mb=3 * GB,
        rollover=Rollover(convert=Conversion(unit_mb=GB, credit=D("1.00"))),
        **changes,
    )


def test_a_credit_says_what_came_off_and_for_how_much_unused_data():
    months = explain_all(smarty(), [GB, 2 * GB, 3 * GB + 512])
    # January leaves 2 GB: 2.00 off February; February leaves 1 GB: 1.00 off March.
    assert months[0] == [
        "This plan does not roll data over: the 2 GB you did not use earned £2.00 off the "
        "next month."
    ]
    assert months[1] == [
        "£2.00 off this month for 2 GB not used last month.",
        "This plan does not roll data over: the 1 GB you did not use earned £1.00 off the "
        "next month.",
    ]
    assert months[2] == [
        "£1.00 off this month for 1 GB not used last month.",
        "512 MB beyond your data could not be served: this plan blocks data when it runs out.",
    ]


def test_a_credit_above_the_plan_cost_says_what_was_lost_and_why():
    plan = monthly(
        price=D("1.00"), rollover=Rollover(convert=Conversion(unit_mb=GB, credit=D("0.50")))
    )
    # 10 GB unused in January: 5.00 earned; February's plan costs 1.00, so 4.00 is lost.
    assert explain_all(plan, [0, 10 * GB])[1] == [
        "$1.00 off this month for 10 GB not used last month.",
        "$4.00 more credit was earned but lost: a credit never comes to more than the plan's cost.",
    ]


def test_a_credit_waiting_for_a_lapsed_month_is_lost_and_says_why():
    plan = monthly(rollover=Rollover(convert=Conversion(unit_mb=GB, credit=D("0.50"))))
    assert explain_all(plan, [0, None])[1] == [
        "Not renewed this month: no allowance, no charge.",
        "The $5.00 credit for data not used in January 2026 was lost: a credit only comes "
        "off a renewed plan.",
    ]


def test_a_credit_earned_in_the_last_month_comes_after_the_simulation():
    plan = monthly(rollover=Rollover(convert=Conversion(unit_mb=GB, credit=D("0.50"))))
    assert explain_all(plan, [0]) == [
        [
            "This plan does not roll data over: the 10 GB you did not use was lost.",
            "The $5.00 credit earned this month would come off the next month, after the "
            "last month simulated.",
        ]
    ]


def test_a_packs_credit_comes_off_the_next_pack():
    plan = smarty(period_months=3)
    # The first pack leaves 3 GB: 3.00 off the second pack; the second leaves 3 GB too, but
    # it is the last pack simulated.
    months = explain_all(plan, [0] * 6)
    assert months[2][-1] == (
        "This plan does not roll data over: the 3 GB you did not use earned £3.00 off the "
        "next pack."
    )
    assert months[3][-1] == "£3.00 off this pack for 3 GB not used in the last pack."
    assert months[5][-2:] == [
        "This plan does not roll data over: the 3 GB you did not use was lost.",
        "The £3.00 credit earned this month would come off the next pack, after the last "
        "month simulated.",
    ]


def test_the_rule_in_words_names_the_credit():
    assert explain_rule(smarty()) == (
        "Unused data does not roll over. Each whole 1 GB not used takes £1.00 off the next "
        "month's price."
    )


# --------------------------------------------------------------------------- day passes


def test_a_free_unlimited_day_pass_counts_the_passes_bought():
    plan = monthly(billing="daily", price=D("0.00"), allowance_mb=None)
    assert explain_all(plan, [3 * GB, 0], days_used=[5, None]) == [
        ["5 day passes bought, unlimited data each day."],
        ["No day passes bought this month."],
    ]


# --------------------------------------------------------------------------- promotions


def test_a_promotion_is_named_in_the_pages_language_when_given():
    promo = Promotion("2026-01", "2026-01", bonus_mb=GB, name="Double data")
    sim = simulate(monthly(promotions=(promo,)), [GB])
    assert explain_month(sim, 0, names={promo: "双倍流量"})[0] == (
        "Promotion '双倍流量' added 1 GB this month."
    )


# --------------------------------------------------------------------------- fit and gain


def test_the_fit_in_words():
    served = simulate(monthly(), [5 * GB]).totals
    slowed = simulate(monthly(overage=Overage("throttle")), [12 * GB]).totals
    short = simulate(monthly(), [12 * GB + 512]).totals
    assert explain_fit(served) == "Serves all your use"
    assert explain_fit(slowed) == "Serves all your use, 2 GB of it slowed"
    assert explain_fit(short) == "Leaves 2.5 GB unserved"


def test_what_rollover_was_worth_in_data_and_in_money():
    rolls = Rollover(mode="full")
    # January leaves 6 GB; February's 16 GB takes it: without rollover 6 GB more is beyond
    # the plan — blocked (served 6 GB less) or charged (6 units, 60.00 more).
    blocked = simulate(monthly(rollover=rolls), [4 * GB, 16 * GB])
    assert explain_gain(blocked) == (
        "Rollover served 6 GB more for the same cost as the same plan without it."
    )
    charged = monthly(rollover=rolls, overage=Overage("pay_per_unit", GB, D("10.00")))
    assert explain_gain(simulate(charged, [4 * GB, 16 * GB])) == (
        "Rollover saved $60.00 against the same plan without it."
    )
    assert explain_gain(simulate(monthly(), [GB])) is None  # no rollover to value


def test_rollover_can_cost_money_when_unused_data_earns_a_credit():
    plan = monthly(
        price=D("20.00"),
        allowance_mb=1000,
        rollover=Rollover(mode="full", convert=Conversion(unit_mb=100, credit=D("1.00"))),
    )
    # Without rollover January's 1000 MB is forfeited: 10.00 off February (30.00 in all);
    # with it, it rolls and earns nothing (40.00).
    assert explain_gain(simulate(plan, [0, 1000])) == (
        "Rollover cost $10.00 more than the same plan without it: it earned less credit "
        "for unused data."
    )


def test_rollover_that_keeps_data_at_full_speed_says_so():
    plan = monthly(rollover=Rollover(mode="full"), overage=Overage("throttle"))
    # January leaves 6 GB; February's 16 GB takes it instead of slowing 6 GB down.
    assert explain_gain(simulate(plan, [4 * GB, 16 * GB])) == (
        "Rollover kept 6 GB at full speed that the same plan without it would have slowed "
        "down, for the same cost."
    )


def test_rollover_that_changes_nothing_says_so():
    sim = simulate(monthly(rollover=Rollover(mode="full")), [10 * GB, 10 * GB])
    assert explain_gain(sim) == (
        "Rollover made no difference for this use: the same plan without it serves as much "
        "for the same cost."
    )


def test_the_headline_ends_with_what_rollover_was_worth_in_the_same_terms():
    rolls = Rollover(mode="full")
    # January leaves 6 GB; February's 16 GB takes it instead of 6 GB blocked or slowed.
    blocked = simulate(monthly(rollover=rolls), [4 * GB, 16 * GB])
    assert explain_headline(blocked) == (
        "6 GB of unused data rolled over; you used 6 GB of it, none expired, and it served "
        "6 GB more for the same cost as the same plan without rollover."
    )
    slowed = simulate(monthly(rollover=rolls, overage=Overage("throttle")), [4 * GB, 16 * GB])
    assert explain_headline(slowed) == (
        "6 GB of unused data rolled over; you used 6 GB of it, none expired, and it kept "
        "6 GB at full speed that the same plan without rollover would have slowed down, for "
        "the same cost."
    )
    credit = Rollover(mode="full", convert=Conversion(unit_mb=100, credit=D("1.00")))
    costly = simulate(monthly(price=D("20.00"), allowance_mb=1000, rollover=credit), [0, 1000])
    # January's 1000 MB and February's (its use came from the bank) roll over: 2000 MB.
    assert explain_headline(costly) == (
        "1.95 GB of unused data rolled over; you used 1,000 MB of it, none expired, and it cost "
        "$10.00 more than the same plan without rollover, which earns more credit for unused "
        "data."
    )


def test_sentences_are_joined_with_a_space_in_english_and_nothing_after_a_full_stop_in_chinese():
    from simulator.explain import close_wide_gaps, join_sentences

    assert join_sentences(["Data rolls over.", "It lasts a month."]) == (
        "Data rolls over. It lasts a month."
    )
    assert join_sentences(["流量可以结转。", "可用一个月。"]) == "流量可以结转。可用一个月。"
    # what a template writes one sentence per line reads the same way
    assert close_wide_gaps("流量可以结转。\n  可用一个月。 ") == "流量可以结转。可用一个月。 "
    assert close_wide_gaps("Data rolls over.\nIt lasts a month.") == (
        "Data rolls over.\nIt lasts a month."
    )


def test_the_sentences_tag_closes_the_gaps_a_template_leaves_between_chinese_sentences():
    from django.template import Context, Template

    template = Template(
        "{% load sentences %}<p>{% sentences %}\n{{ a }}\n{{ b }}\n{% endsentences %}</p>"
    )
    chinese = template.render(Context({"a": "不能结转。", "b": "<过期>"}))
    assert chinese == "<p>\n不能结转。&lt;过期&gt;\n</p>"
    english = template.render(Context({"a": "No rollover.", "b": "It expires."}))
    assert english == "<p>\nNo rollover.\nIt expires.\n</p>"
