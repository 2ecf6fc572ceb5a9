"""The monthly run against the spec, by worked examples computed by hand.

Every expected number below is written from the specification with the arithmetic in a
comment; none is copied from the engine's output.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from simulator.engine import (
    Conversion,
    Lines,
    Overage,
    Plan,
    Promotion,
    Rollover,
    Tranche,
    simulate,
)

from .plans import column, monthly

D = Decimal


# --------------------------------------------------------------------------- spec §8

SPEC_PLAN = Plan(
    name="10 GB capped",
    currency="USD",
    price=D("30.00"),
    allowance_mb=10240,
    overage=Overage("pay_per_unit", unit_mb=1024, unit_price=D("10.00")),
    rollover=Rollover(mode="capped", cap_mb=5120, expires_after_periods=1, order="rollover_first"),
)
SPEC_USE = [4096, 1024, 2048]


def test_spec_worked_example_rollover_first_matches_every_column():
    s = simulate(SPEC_PLAN, SPEC_USE, start="2026-01")
    # month 1: 4096 from the allowance, unused 6144: 5120 rolls (cap), 1024 forfeited.
    # month 2: 1024 from the 5120 tranche; at the end its 4096 left expires; the whole
    #          fresh 10240 is unused: 5120 rolls, 5120 forfeited.
    # month 3: 2048 from the tranche, 3072 expires, 5120 rolls, 5120 forfeited.
    assert column(s, "month") == ["2026-01", "2026-02", "2026-03"]
    assert column(s, "opening_bank_mb") == [0, 5120, 5120]
    assert column(s, "from_bank_mb") == [0, 1024, 2048]
    assert column(s, "from_allowance_mb") == [4096, 0, 0]
    assert column(s, "expired_mb") == [0, 4096, 3072]
    assert column(s, "rolled_over_mb") == [5120, 5120, 5120]
    assert column(s, "forfeited_mb") == [1024, 5120, 5120]
    assert column(s, "closing_bank_mb") == [5120, 5120, 5120]
    assert column(s, "cost") == [D("30.00")] * 3
    assert column(s, "granted_mb") == [10240] * 3
    assert column(s, "demand_mb") == SPEC_USE
    assert column(s, "renewed") == [True] * 3
    for name in ("throttled_mb", "overage_mb", "unmet_mb", "converted"):
        assert column(s, name) == [0, 0, 0]
    assert column(s, "overage_cost") == [D("0.00")] * 3
    assert column(s, "plan_cost") == [D("30.00")] * 3


def test_spec_worked_example_bank_ledger_names_when_each_tranche_expires():
    s = simulate(SPEC_PLAN, SPEC_USE, start="2026-01")
    # E = 1: data left over from month k can be used until the end of month k + 1.
    assert s.months[0].bank == (Tranche(5120, "2026-01", "2026-02"),)
    assert s.months[1].bank == (Tranche(5120, "2026-02", "2026-03"),)
    assert s.months[2].bank == (Tranche(5120, "2026-03", "2026-04"),)


def test_spec_worked_example_allowance_first_lets_the_whole_tranche_expire():
    plan = replace(SPEC_PLAN, rollover=replace(SPEC_PLAN.rollover, order="allowance_first"))
    s = simulate(plan, SPEC_USE, start="2026-01")
    # month 2 takes its 1024 from the allowance: the 5120 tranche expires untouched and
    # 10240 - 1024 = 9216 is unused: 5120 rolls, 4096 forfeited. Month 3 likewise:
    # 10240 - 2048 = 8192 unused: 5120 rolls, 3072 forfeited.
    assert column(s, "opening_bank_mb") == [0, 5120, 5120]
    assert column(s, "from_bank_mb") == [0, 0, 0]
    assert column(s, "from_allowance_mb") == [4096, 1024, 2048]
    assert column(s, "expired_mb") == [0, 5120, 5120]
    assert column(s, "rolled_over_mb") == [5120, 5120, 5120]
    assert column(s, "forfeited_mb") == [1024, 4096, 3072]
    assert column(s, "closing_bank_mb") == [5120, 5120, 5120]
    assert column(s, "cost") == [D("30.00")] * 3


def test_spec_worked_example_totals():
    first = simulate(SPEC_PLAN, SPEC_USE, start="2026-01").totals
    plan = replace(SPEC_PLAN, rollover=replace(SPEC_PLAN.rollover, order="allowance_first"))
    second = simulate(plan, SPEC_USE, start="2026-01").totals
    for totals in (first, second):
        assert totals.granted_mb == 30720  # 3 x 10240
        assert totals.served_mb == 7168  # 4096 + 1024 + 2048
        assert totals.final_bank_mb == 5120
        assert totals.cost == D("90.00")
        # 90.00 / (7168 / 1024 GB) = 90.00 / 7 = 12.857... -> 12.86
        assert totals.cost_per_gb == D("12.86")
    # rollover_first: expired 0 + 4096 + 3072 = 7168; forfeited 1024 + 5120 + 5120 = 11264.
    assert (first.expired_mb, first.forfeited_mb) == (7168, 11264)
    # allowance_first: expired 0 + 5120 + 5120 = 10240; forfeited 1024 + 4096 + 3072 = 8192.
    assert (second.expired_mb, second.forfeited_mb) == (10240, 8192)
    # wasted = expired + forfeited (§7) = 18432 for both orders, as §8 says: the identity
    # granted - served - final bank = 30720 - 7168 - 5120 = 18432.
    assert first.wasted_mb == second.wasted_mb == 18432
    # What the order does change: rollover_first serves 3072 MB from rolled data that
    # allowance_first lets expire (3 GB more expired, 3 GB less forfeited).
    assert second.expired_mb - first.expired_mb == 3072


# --------------------------------------------------------------------------- rollover modes


def test_without_rollover_unused_data_is_forfeited_at_the_period_end():
    s = simulate(monthly(), [300, 1000], start="2026-01")
    # 1000 - 300 = 700 forfeited; month 2 uses everything.
    assert column(s, "forfeited_mb") == [700, 0]
    assert column(s, "rolled_over_mb") == [0, 0]
    assert column(s, "closing_bank_mb") == [0, 0]
    assert s.totals.wasted_mb == 700


def test_full_rollover_carries_all_unused_data_and_never_expires_by_default():
    plan = monthly(rollover=Rollover(mode="full"))
    s = simulate(plan, [300, 0, 1500], start="2026-01")
    # Jan: 700 rolls. Feb: 1000 rolls (bank 1700). Mar: 1500 from the bank first,
    # oldest first on ties (both never expire): 700 from Jan, 800 from Feb; bank 200 of
    # Feb's tranche; the fresh 1000 is unused and rolls: bank 1200.
    assert column(s, "rolled_over_mb") == [700, 1000, 1000]
    assert column(s, "from_bank_mb") == [0, 0, 1500]
    assert column(s, "closing_bank_mb") == [700, 1700, 1200]
    assert s.months[2].bank == (
        Tranche(200, "2026-02", None),
        Tranche(1000, "2026-03", None),
    )
    assert s.totals.expired_mb == 0
    assert s.totals.final_bank_mb == 1200


def test_capped_rollover_carries_at_most_the_cap_from_one_period():
    plan = monthly(rollover=Rollover(mode="capped", cap_mb=400))
    s = simulate(plan, [300, 900], start="2026-01")
    # Jan: unused 700 -> 400 rolls, 300 forfeited. Feb: 900 from bank 400 + allowance 500;
    # unused 500 -> 400 rolls, 100 forfeited.
    assert column(s, "rolled_over_mb") == [400, 400]
    assert column(s, "forfeited_mb") == [300, 100]
    assert column(s, "from_bank_mb") == [0, 400]
    assert column(s, "from_allowance_mb") == [300, 500]


def test_bank_cap_forfeits_what_does_not_fit():
    plan = monthly(rollover=Rollover(mode="full", bank_cap_mb=1500))
    s = simulate(plan, [0, 0, 0], start="2026-01")
    # Jan rolls 1000 (bank 1000); Feb has room 500: rolls 500, forfeits 500;
    # Mar has no room: forfeits 1000.
    assert column(s, "rolled_over_mb") == [1000, 500, 0]
    assert column(s, "forfeited_mb") == [0, 500, 1000]
    assert column(s, "closing_bank_mb") == [1000, 1500, 1500]


def test_bank_cap_room_is_measured_after_the_period_expiries():
    plan = monthly(rollover=Rollover(mode="full", bank_cap_mb=1000, expires_after_periods=1))
    s = simulate(plan, [0, 0], start="2026-01")
    # End of Feb: step 1 expires Jan's 1000 first, so the room is 1000 again and Feb's
    # unused 1000 rolls in full.
    assert column(s, "expired_mb") == [0, 1000]
    assert column(s, "rolled_over_mb") == [1000, 1000]
    assert column(s, "forfeited_mb") == [0, 0]


def test_rolled_data_expires_after_one_month():
    plan = monthly(rollover=Rollover(mode="full", expires_after_periods=1))
    s = simulate(plan, [400, 1000, 0], start="2026-01")
    # Jan rolls 600 usable until Feb. Feb: 600 from the bank, 400 from the allowance;
    # 600 of the allowance rolls (until Mar). Mar: nothing used, the 600 expires.
    assert column(s, "from_bank_mb") == [0, 600, 0]
    assert column(s, "expired_mb") == [0, 0, 600]
    assert s.months[1].bank == (Tranche(600, "2026-02", "2026-03"),)


def test_rolled_data_can_live_for_several_periods():
    plan = monthly(rollover=Rollover(mode="full", expires_after_periods=2, order="allowance_first"))
    s = simulate(plan, [0, 1000, 1000, 1000], start="2026-01")
    # Jan's 1000 rolls, usable until the end of Jan + 2 = Mar. Feb and Mar are served by
    # their own allowance (allowance_first), so the tranche is untouched until it expires
    # at the end of Mar.
    assert s.months[0].bank == (Tranche(1000, "2026-01", "2026-03"),)
    assert column(s, "closing_bank_mb") == [1000, 1000, 0, 0]
    assert column(s, "expired_mb") == [0, 0, 1000, 0]


def test_rolled_data_is_used_soonest_expiring_first():
    plan = monthly(
        rollover=Rollover(mode="full", expires_after_periods=1, order="allowance_first"),
        promotions=(Promotion("2026-01", "2026-01", extra_expiry_periods=2),),
    )
    s = simulate(plan, [600, 800, 1100], start="2026-01")
    # Jan leaves 400, usable until Jan + 1 + 2 = Apr (promotion). Feb leaves 200, usable
    # until Mar: it expires sooner, so it comes first in the bank although it is newer.
    assert s.months[1].bank == (
        Tranche(200, "2026-02", "2026-03"),
        Tranche(400, "2026-01", "2026-04"),
    )
    # Mar: 1000 from the allowance, 100 from the bank: from Feb's tranche; at the end of
    # Mar the other 100 of Feb's tranche expires.
    assert s.months[2].from_bank_mb == 100
    assert s.months[2].expired_mb == 100
    assert s.months[2].bank == (Tranche(400, "2026-01", "2026-04"),)


def test_rolled_data_expiring_together_is_used_oldest_first():
    plan = monthly(
        rollover=Rollover(mode="full", expires_after_periods=2, order="allowance_first"),
        promotions=(Promotion("2026-01", "2026-01", extra_expiry_periods=1),),
    )
    s = simulate(plan, [700, 800, 1250], start="2026-01")
    # Jan leaves 300 until Jan + 3 = Apr; Feb leaves 200 until Feb + 2 = Apr: a tie, so
    # the older (Jan) comes first. Mar uses 250 of the bank: all 250 from Jan's.
    assert s.months[1].bank == (
        Tranche(300, "2026-01", "2026-04"),
        Tranche(200, "2026-02", "2026-04"),
    )
    assert s.months[2].bank == (
        Tranche(50, "2026-01", "2026-04"),
        Tranche(200, "2026-02", "2026-04"),
    )


def test_allowance_first_uses_the_fresh_allowance_before_the_bank():
    plan = monthly(rollover=Rollover(mode="full", order="allowance_first"))
    s = simulate(plan, [0, 1200], start="2026-01")
    # Feb: 1000 from the allowance, then 200 from the 1000 banked in Jan.
    assert s.months[1].from_allowance_mb == 1000
    assert s.months[1].from_bank_mb == 200
    assert s.months[1].closing_bank_mb == 800


def test_nothing_rolls_from_a_period_used_less_than_min_use():
    plan = monthly(rollover=Rollover(mode="full", min_use_mb=1))
    s = simulate(plan, [0, 200], start="2026-01")
    # Jan's use 0 < 1: nothing rolls, 1000 forfeited. Feb: 800 unused rolls.
    assert column(s, "rolled_over_mb") == [0, 800]
    assert column(s, "forfeited_mb") == [1000, 0]


def test_min_use_counts_the_whole_period_of_a_pack():
    plan = monthly(
        allowance_mb=3000,
        period_months=3,
        rollover=Rollover(mode="full", min_use_mb=1000),
    )
    s = simulate(plan, [400, 400, 400], start="2026-01")
    # The period's use is 400 + 400 + 400 = 1200 >= 1000: the unused 1800 rolls.
    assert column(s, "rolled_over_mb") == [0, 0, 1800]


def test_forfeit_on_lapse_wipes_the_bank_when_a_period_is_not_renewed():
    plan = monthly(rollover=Rollover(mode="full", forfeit_on_lapse=True))
    s = simulate(plan, [200, None, 300], start="2026-01")
    # Jan banks 800. Feb is lapsed: no allowance, no charge, the 800 is lost (expired).
    # Mar: the bank is empty, 300 from the allowance, 700 rolls.
    feb = s.months[1]
    assert (feb.renewed, feb.demand_mb, feb.granted_mb, feb.cost) == (False, 0, 0, D("0.00"))
    assert (feb.opening_bank_mb, feb.expired_mb, feb.closing_bank_mb) == (800, 800, 0)
    assert column(s, "from_bank_mb") == [0, 0, 0]
    assert s.totals.final_bank_mb == 700
    # 1000 + 0 + 1000 = 2000 = 500 used + 800 expired + 700 banked
    assert s.totals.granted_mb == 2000
    assert s.totals.cost == D("40.00")


def test_bank_survives_a_lapse_without_forfeit_on_lapse():
    plan = monthly(rollover=Rollover(mode="full", forfeit_on_lapse=False))
    s = simulate(plan, [200, None, 300], start="2026-01")
    # Feb keeps the 800; Mar takes its 300 from it (rollover_first): 500 left of Jan's
    # tranche, and Mar's whole 1000 allowance rolls.
    assert column(s, "closing_bank_mb") == [800, 800, 1500]
    assert column(s, "expired_mb") == [0, 0, 0]
    assert s.months[2].bank == (Tranche(500, "2026-01", None), Tranche(1000, "2026-03", None))


def test_bank_keeps_ageing_through_a_lapse():
    plan = monthly(rollover=Rollover(mode="full", expires_after_periods=1))
    s = simulate(plan, [200, None, 300], start="2026-01")
    # Jan's 800 is usable until Feb; Feb is lapsed, so it expires at the end of Feb.
    assert column(s, "expired_mb") == [0, 800, 0]
    assert column(s, "closing_bank_mb") == [800, 0, 700]


def test_with_a_bank_cap_keeping_old_data_through_a_lapse_can_serve_less():
    # Why the "keeping the bank never serves less" property excludes bank caps.
    rule = Rollover(mode="full", bank_cap_mb=1000, expires_after_periods=3, order="allowance_first")
    use = [0, None, 0, 1500, 1500]
    kept = simulate(monthly(rollover=rule), use, start="2026-01")
    wiped = simulate(monthly(rollover=replace(rule, forfeit_on_lapse=True)), use, start="2026-01")
    # Kept: Jan's 1000 (until Apr) survives Feb and fills the cap, so Mar's 1000 is
    # forfeited; Apr uses 1000 + 500 of Jan's, whose other 500 expires; May has only its
    # 1000: 500 unmet. Served 1500 + 1000 = 2500.
    assert column(kept, "forfeited_mb") == [0, 0, 1000, 0, 0]
    assert column(kept, "expired_mb") == [0, 0, 0, 500, 0]
    assert kept.totals.served_mb == 2500
    # Wiped: Feb loses Jan's 1000, Mar's 1000 rolls (until Jun) and serves 500 in Apr and
    # 500 in May. Served 1500 + 1500 = 3000.
    assert column(wiped, "expired_mb") == [0, 1000, 0, 0, 0]
    assert wiped.totals.served_mb == 3000


def test_forfeited_data_converts_into_the_benefit():
    plan = monthly(
        rollover=Rollover(mode="capped", cap_mb=300, convert=Conversion(100, 2, "minutes"))
    )
    s = simulate(plan, [0], start="2026-01")
    # 1000 unused: 300 rolls, 700 forfeited -> floor(700 / 100) x 2 = 14 minutes.
    assert s.months[0].forfeited_mb == 700
    assert s.months[0].converted == 14
    assert s.totals.converted == 14


def test_conversion_works_without_rollover_and_ignores_expired_data():
    plan = monthly(
        rollover=Rollover(
            mode="full",
            expires_after_periods=1,
            order="allowance_first",
            convert=Conversion(100, 1, "minutes"),
        )
    )
    s = simulate(plan, [0, 1000], start="2026-01")
    # Jan rolls 1000 (until Feb); Feb uses its own allowance, Jan's 1000 expires: expired
    # rollover is not forfeited allowance, so nothing converts.
    assert column(s, "expired_mb") == [0, 1000]
    assert column(s, "converted") == [0, 0]
    plan = monthly(rollover=Rollover(convert=Conversion(300, 1, "minutes")))
    s = simulate(plan, [350], start="2026-01")
    # mode none: 650 forfeited -> floor(650 / 300) x 1 = 2
    assert s.months[0].converted == 2


# --------------------------------------------------------------------------- promotions


def test_promotions_add_bonuses_and_the_lowest_price_wins():
    plan = monthly(
        promotions=(
            Promotion("2026-01", "2026-02", bonus_mb=200, price=D("15.00")),
            Promotion("2026-02", "2026-03", bonus_mb=100, price=D("12.00")),
        ),
        lines=Lines(included=1, max=2, extra_line_price=D("5.00"), extra_line_allowance_mb=500),
    )
    s = simulate(plan, [0, 0, 0, 0], start="2026-01", lines=2)
    # granted = 1000 + 500 (extra line) + bonuses: Jan 200, Feb 200 + 100, Mar 100, Apr 0.
    assert column(s, "granted_mb") == [1700, 1800, 1600, 1500]
    # price: Jan 15.00, Feb min(15.00, 12.00), Mar 12.00, Apr 20.00; + 5.00 extra line.
    assert column(s, "plan_cost") == [D("20.00"), D("17.00"), D("17.00"), D("25.00")]
    assert s.totals.cost == D("79.00")


def test_promotion_bonus_rolls_like_allowance():
    plan = monthly(
        rollover=Rollover(mode="full"),
        promotions=(Promotion("2026-01", "2026-01", bonus_mb=500),),
    )
    s = simulate(plan, [200], start="2026-01")
    # 1000 + 500 - 200 = 1300 rolls.
    assert s.months[0].rolled_over_mb == 1300


def test_promotion_extra_expiry_lengthens_the_life_of_that_periods_rollover():
    plan = monthly(
        rollover=Rollover(mode="full", expires_after_periods=1),
        promotions=(Promotion("2026-01", "2026-01", extra_expiry_periods=1),),
    )
    s = simulate(plan, [1000, 1000, 1000], start="2026-01")
    assert s.months[0].closing_bank_mb == 0  # nothing left over in Jan
    s = simulate(plan, [0, 1000, 1000, 1000], start="2026-01")
    # Jan's 1000: E 1 + 1 = 2 -> usable until Mar. Feb: 1000 from the bank (first), Feb's
    # 1000 allowance rolls until Mar (no promotion). Mar uses Jan's tranche first (tie,
    # oldest first); both expire at the end of Mar... Jan's was already used in Feb.
    assert s.months[0].bank == (Tranche(1000, "2026-01", "2026-03"),)
    assert s.months[1].bank == (Tranche(1000, "2026-02", "2026-03"),)


def test_promotion_extra_expiry_has_no_effect_on_data_that_never_expires():
    plan = monthly(
        rollover=Rollover(mode="full"),
        promotions=(Promotion("2026-01", "2026-01", extra_expiry_periods=3),),
    )
    s = simulate(plan, [0], start="2026-01")
    assert s.months[0].bank == (Tranche(1000, "2026-01", None),)


def test_promotion_covers_only_periods_whose_first_month_is_in_range():
    plan = monthly(
        allowance_mb=3000,
        price=D("50.00"),
        period_months=3,
        promotions=(Promotion("2026-02", "2026-04", bonus_mb=600, price=D("40.00")),),
    )
    s = simulate(plan, [0, 0, 0, 0, 0, 0], start="2026-01")
    # Period Jan-Mar starts in Jan (outside Feb..Apr): no promotion. Period Apr-Jun
    # starts in Apr (inside): 3000 + 600 for 40.00.
    assert column(s, "granted_mb") == [3000, 0, 0, 3600, 0, 0]
    assert (
        column(s, "plan_cost") == [D("50.00"), D("0.00"), D("0.00"), D("40.00")] + [D("0.00")] * 2
    )


def test_promotion_price_replaces_the_base_price_but_not_extra_line_charges():
    plan = monthly(
        lines=Lines(included=2, max=4, extra_line_price=D("7.50")),
        promotions=(Promotion("2026-01", "2026-12", price=D("9.99")),),
    )
    s = simulate(plan, [0], start="2026-01", lines=4)
    # 9.99 + 2 extra lines x 7.50 = 24.99
    assert s.months[0].plan_cost == D("24.99")


# --------------------------------------------------------------------------- packs, lines


def test_a_pack_grants_and_charges_in_its_first_month_and_rolls_at_its_end():
    plan = monthly(
        allowance_mb=3000,
        price=D("60.00"),
        period_months=3,
        rollover=Rollover(mode="full", expires_after_periods=1),
    )
    s = simulate(plan, [500, 500, 500, 1000, 1000, 1000], start="2026-01")
    # Period 1 uses 1500 of 3000; 1500 rolls at the end of Mar, usable until the end of the
    # next period (Jun). Period 2: Apr 1000 from the bank, May 500 bank + 500 allowance,
    # Jun 1000 allowance; 1500 of the allowance is left and rolls until Sep.
    assert column(s, "granted_mb") == [3000, 0, 0, 3000, 0, 0]
    assert column(s, "plan_cost") == [D("60.00"), D("0.00"), D("0.00")] * 2
    assert column(s, "rolled_over_mb") == [0, 0, 1500, 0, 0, 1500]
    assert column(s, "from_bank_mb") == [0, 0, 0, 1000, 500, 0]
    assert column(s, "from_allowance_mb") == [500, 500, 500, 0, 500, 1000]
    assert s.months[2].bank == (Tranche(1500, "2026-03", "2026-06"),)
    assert s.months[5].bank == (Tranche(1500, "2026-06", "2026-09"),)


def test_a_lapsed_pack_is_not_charged_and_its_months_are_not_renewed():
    plan = monthly(allowance_mb=3000, price=D("60.00"), period_months=3)
    s = simulate(plan, [100, 0, 0, None, None, None], start="2026-01")
    assert column(s, "renewed") == [True] * 3 + [False] * 3
    assert s.totals.cost == D("60.00")
    assert s.totals.granted_mb == 3000


def test_extra_lines_add_their_price_and_data_to_the_shared_pool():
    plan = monthly(
        lines=Lines(included=2, max=5, extra_line_price=D("10.00"), extra_line_allowance_mb=250)
    )
    s = simulate(plan, [1600], start="2026-01", lines=4)
    # 2 lines above the 2 included: 1000 + 2 x 250 = 1500 MB for 20.00 + 2 x 10.00.
    assert s.months[0].granted_mb == 1500
    assert s.months[0].plan_cost == D("40.00")
    assert s.months[0].unmet_mb == 100
    s = simulate(plan, [1600], start="2026-01", lines=2)  # within the included lines
    assert (s.months[0].granted_mb, s.months[0].plan_cost) == (1000, D("20.00"))


# --------------------------------------------------------------------------- overage


def test_block_overage_leaves_the_excess_unmet():
    s = simulate(monthly(), [1500], start="2026-01")
    assert (s.months[0].unmet_mb, s.months[0].cost) == (500, D("20.00"))
    assert s.totals.served_mb == 1000


def test_throttle_overage_serves_the_excess_slowly_for_free():
    s = simulate(monthly(overage=Overage("throttle")), [1500], start="2026-01")
    assert (s.months[0].throttled_mb, s.months[0].unmet_mb) == (500, 0)
    assert s.months[0].cost == D("20.00")
    assert s.totals.served_mb == 1500


def test_pay_per_unit_charges_whole_units_of_the_excess():
    plan = monthly(overage=Overage("pay_per_unit", unit_mb=200, unit_price=D("3.00")))
    s = simulate(plan, [1500, 1001], start="2026-01")
    # ceil(500 / 200) = 3 units x 3.00 = 9.00; ceil(1 / 200) = 1 unit = 3.00.
    assert column(s, "overage_mb") == [500, 1]
    assert column(s, "overage_cost") == [D("9.00"), D("3.00")]
    assert column(s, "cost") == [D("29.00"), D("23.00")]


def test_pay_per_unit_charges_each_calendar_month_of_a_pack():
    plan = monthly(
        allowance_mb=1000,
        period_months=2,
        overage=Overage("pay_per_unit", unit_mb=1024, unit_price=D("5.00")),
    )
    s = simulate(plan, [1500, 600], start="2026-01")
    # Jan: 1000 from the allowance, 500 excess -> 1 unit; Feb: 600 excess -> 1 unit.
    # (One charge over the period would have been ceil(1100 / 1024) = 2 units as well,
    # but charged per month: 5.00 + 5.00.)
    assert column(s, "overage_cost") == [D("5.00"), D("5.00")]
    assert column(s, "overage_mb") == [500, 600]


# --------------------------------------------------------------------------- unlimited


def test_unlimited_plan_reports_no_granted_data():
    plan = monthly(allowance_mb=None, price=D("50.00"))
    s = simulate(plan, [10000, None, 0], start="2026-01")
    assert column(s, "granted_mb") == [None, None, None]
    assert column(s, "from_allowance_mb") == [10000, 0, 0]
    assert column(s, "renewed") == [True, False, True]
    assert s.totals.granted_mb is None
    assert s.totals.cost == D("100.00")
    # 100.00 / (10000 / 1024 GB) = 102400 / 10000 = 10.24
    assert s.totals.cost_per_gb == D("10.24")


def test_cost_per_gb_rounds_half_up():
    plan = monthly(allowance_mb=16384, price=D("10.00"))
    s = simulate(plan, [16384], start="2026-01")
    # 10.00 / 16 GB = 0.625 -> 0.63 (half up, not half even)
    assert s.totals.cost_per_gb == D("0.63")


def test_cost_per_gb_is_none_when_nothing_was_served():
    s = simulate(monthly(), [0, None], start="2026-01")
    assert s.totals.served_mb == 0
    assert s.totals.cost_per_gb is None
    assert s.totals.cost == D("20.00")


def test_a_month_of_zero_use_is_renewed_and_a_blank_month_is_not():
    s = simulate(monthly(), [0, None], start="2026-01")
    assert column(s, "renewed") == [True, False]
    assert column(s, "demand_mb") == [0, 0]
    assert column(s, "cost") == [D("20.00"), D("0.00")]
    assert column(s, "granted_mb") == [1000, 0]
