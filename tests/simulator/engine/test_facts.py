"""The facts the engine reports about each month: why its figures are what they are."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from decimal import Decimal

import pytest

from simulator.engine import (
    Conversion,
    ExpiredTranche,
    Lines,
    MonthFacts,
    MonthResult,
    Overage,
    Plan,
    Promotion,
    Rollover,
    simulate,
)

from .plans import day_pass, monthly

D = Decimal

SPEC_PLAN = Plan(
    name="10 GB capped",
    currency="USD",
    price=D("30.00"),
    allowance_mb=10240,
    overage=Overage("pay_per_unit", unit_mb=1024, unit_price=D("10.00")),
    rollover=Rollover(mode="capped", cap_mb=5120, expires_after_periods=1),
)


def facts(plan, usage, start="2026-01", **kwargs) -> list[MonthFacts]:
    return [m.facts for m in simulate(plan, usage, start=start, **kwargs).months]


def test_period_ends_say_what_was_unused_and_what_stopped_it_rolling_over():
    jan, feb, _ = facts(SPEC_PLAN, [4096, 1024, 2048])
    # Jan: 10240 - 4096 = 6144 unused, the cap of 5120 stopped the rest.
    assert (jan.period_use_mb, jan.unused_mb, jan.rollover_limited_by) == (4096, 6144, "cap")
    assert jan.expired_tranches == ()
    # Feb: the 4096 left of January's tranche expired; all 10240 unused, capped again.
    assert feb.expired_tranches == (ExpiredTranche(4096, "2026-01", "2026-02", 1, 0),)
    assert (feb.period_use_mb, feb.unused_mb, feb.rollover_limited_by) == (1024, 10240, "cap")
    assert feb.bank_room_mb is None  # no bank cap


def test_each_reason_for_rolling_over_less_than_was_unused():
    none = facts(monthly(), [300])[0]
    assert (none.unused_mb, none.rollover_limited_by) == (700, "mode_none")
    min_use = facts(monthly(rollover=Rollover(mode="full", min_use_mb=1)), [0])[0]
    assert (min_use.unused_mb, min_use.rollover_limited_by) == (1000, "min_use")
    bank_cap = facts(monthly(rollover=Rollover(mode="full", bank_cap_mb=1500)), [0, 0])
    # Jan: room 1500, 1000 rolls. Feb: room 500, only 500 of 1000 roll.
    assert [(f.bank_room_mb, f.rollover_limited_by) for f in bank_cap] == [
        (1500, None),
        (500, "bank_cap"),
    ]
    nothing_unused = facts(monthly(), [1000])[0]
    assert (nothing_unused.unused_mb, nothing_unused.rollover_limited_by) == (0, None)


def test_when_the_cap_and_then_the_bank_cap_both_cut_the_fact_names_the_bank_cap():
    plan = monthly(rollover=Rollover(mode="capped", cap_mb=800, bank_cap_mb=1200))
    jan, feb = facts(plan, [0, 0])
    # Jan: 1000 unused, the cap lets 800 roll; the bank has room for 1200, so the cap bound.
    assert (jan.unused_mb, jan.bank_room_mb, jan.rollover_limited_by) == (1000, 1200, "cap")
    # Feb: the cap cuts 1000 to 800, then the 400 of room left cuts it to 400: the bank
    # cap is the limit that bound.
    assert (feb.unused_mb, feb.bank_room_mb, feb.rollover_limited_by) == (1000, 400, "bank_cap")
    s = simulate(plan, [0, 0], start="2026-01")
    assert (s.months[1].rolled_over_mb, s.months[1].forfeited_mb) == (400, 600)


def test_pack_months_know_where_they_are_in_the_period():
    plan = monthly(allowance_mb=3000, price=D("60.00"), period_months=3)
    months = facts(plan, [0] * 6)
    assert [f.period_index for f in months] == [0, 0, 0, 1, 1, 1]
    assert [f.starts_period for f in months] == [True, False, False] * 2
    assert [f.ends_period for f in months] == [False, False, True] * 2
    assert [f.period_price for f in months] == [D("60.00"), None, None] * 2
    assert [f.unused_mb for f in months] == [None, None, 3000] * 2
    assert [f.period_granted_mb for f in months] == [None, None, 3000] * 2


def test_a_period_end_names_the_data_granted_at_the_periods_start():
    bonus = Promotion("2026-04", "2026-04", bonus_mb=500)
    plan = monthly(
        allowance_mb=3000,
        period_months=3,
        lines=Lines(included=1, max=2, extra_line_allowance_mb=1000),
        promotions=(bonus,),
    )
    months = facts(plan, [100, 200, 300, None, None, None, 0, 0, 0, 0, 0, 0], lines=2)
    # allowance 3000 + 1000 for the second line; April's pack also has the 500 bonus; the
    # lapsed pack (April is its first month) is granted nothing and gets no bonus.
    assert [f.period_granted_mb for f in months if f.ends_period] == [4000, 0, 4000, 4000]
    unlimited = facts(monthly(allowance_mb=None), [100])[0]
    assert (unlimited.period_granted_mb, unlimited.unused_mb) == (None, 0)


def test_a_lapse_says_whether_the_bank_was_wiped_or_kept():
    wiped = facts(monthly(rollover=Rollover(mode="full", forfeit_on_lapse=True)), [200, None])
    assert (wiped[1].wiped_mb, wiped[1].kept_through_lapse_mb) == (800, 0)
    assert wiped[1].expired_tranches == ()  # the wipe is not an expiry with age
    assert wiped[1].period_price is None  # a lapsed period is not charged
    kept = facts(monthly(rollover=Rollover(mode="full")), [200, None])
    assert (kept[1].wiped_mb, kept[1].kept_through_lapse_mb) == (0, 800)


def test_the_promotions_of_a_period_and_the_price_that_won():
    cheap = Promotion("2026-01", "2026-02", bonus_mb=200, price=D("15.00"), name="Cheap")
    cheaper = Promotion("2026-02", "2026-03", bonus_mb=100, extra_expiry_periods=1,
                        price=D("12.00"), name="Cheaper")  # fmt: skip
    plan = monthly(
        promotions=(cheap, cheaper),
        lines=Lines(included=1, max=2, extra_line_price=D("5.00")),
    )
    jan, feb, mar, apr = facts(plan, [0, 0, 0, 0], lines=2)
    assert (jan.promotions, jan.bonus_mb, jan.period_price, jan.promotional_price) == (
        (cheap,),
        200,
        D("15.00"),
        True,
    )
    # Feb: both apply, the bonuses add up, the lowest price wins (before the line charge).
    assert (feb.promotions, feb.bonus_mb, feb.extra_expiry_periods) == ((cheap, cheaper), 300, 1)
    assert (feb.period_price, feb.promotional_price) == (D("12.00"), True)
    assert mar.promotions == (cheaper,)
    assert (apr.promotions, apr.period_price, apr.promotional_price) == ((), D("20.00"), False)


def test_rolled_tranches_that_expire_are_listed_in_the_order_they_were_used():
    plan = monthly(
        rollover=Rollover(mode="full", expires_after_periods=1, order="allowance_first"),
    )
    months = facts(plan, [600, 800, 1000, 1000])
    # Jan leaves 400 (until Feb): Feb uses its own allowance, so all 400 expire at the end
    # of Feb. Feb leaves 200 (until Mar): expires at the end of Mar.
    assert months[1].expired_tranches == (ExpiredTranche(400, "2026-01", "2026-02", 1, 0),)
    assert months[2].expired_tranches == (ExpiredTranche(200, "2026-02", "2026-03", 1, 0),)


def test_an_expired_tranche_says_how_long_it_lasted_and_what_a_promotion_added():
    longer = Promotion("2026-04", "2026-04", extra_expiry_periods=2)
    plan = monthly(
        period_months=3,
        rollover=Rollover(mode="full", expires_after_periods=1, order="allowance_first"),
        promotions=(longer,),
    )
    months = facts(plan, [0, 0, 0, 300, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    # 1000 MB packs of 3 months; rolled data lasts 1 more pack. The April pack leaves 700,
    # which the promotion makes last 1 + 2 packs: until March 2027, when it expires with
    # the October pack's 1000 (older first).
    assert [f.rolled_extra_periods for f in months if f.ends_period] == [0, 2, 0, 0, 0]
    assert months[5].expired_tranches == (ExpiredTranche(1000, "2026-03", "2026-06", 1, 0),)
    assert months[14].expired_tranches == (
        ExpiredTranche(700, "2026-06", "2027-03", 3, 2),
        ExpiredTranche(1000, "2026-12", "2027-03", 1, 0),
    )
    never = facts(replace_rollover(plan, expires_after_periods=None), [0] * 6)
    assert [f.rolled_extra_periods for f in never if f.ends_period] == [0, 0]  # no life


def replace_rollover(plan, **changes):
    return dataclasses.replace(plan, rollover=dataclasses.replace(plan.rollover, **changes))


def test_a_credit_arriving_names_the_data_that_earned_it():
    plan = monthly(rollover=Rollover(convert=Conversion(unit_mb=300, credit=D("1.00"))))
    jan, feb = facts(plan, [200, 1000])
    # January forfeits 800: two whole units of 300 (600 MB) earn 2.00 off February.
    assert (jan.credit_earned, jan.credit_earned_mb) == (D("2.00"), 600)
    assert (feb.credit_from_month, feb.credit_from_mb) == ("2026-01", 600)
    assert jan.credit_from_mb == 0


def test_overage_units_are_the_units_charged():
    plan = monthly(overage=Overage("pay_per_unit", unit_mb=200, unit_price=D("3.00")))
    jan, feb = facts(plan, [1500, 900])
    assert (jan.overage_units, jan.spend_capped) == (3, False)  # ceil(500 / 200)
    assert feb.overage_units == 0


def test_day_passes_say_how_many_were_bought_at_what_price():
    plan = day_pass(lines=Lines(included=1, max=2, extra_line_price=D("0.50"),
                                extra_line_allowance_mb=5))  # fmt: skip
    apr, may = facts(plan, [100, None], start="2026-04", lines=2)
    # April has 30 days: 30 passes of 1.00 + 0.50, each 10 + 5 MB.
    assert (apr.days_bought, apr.day_price, apr.day_grant_mb) == (30, D("1.50"), 15)
    assert (apr.starts_period, apr.ends_period, apr.period_index) == (True, True, 0)
    assert may.days_bought == 0  # not renewed: no pass bought
    monthly_facts = facts(monthly(), [100])[0]
    assert (monthly_facts.days_bought, monthly_facts.day_price) == (None, None)


def test_a_free_unlimited_day_pass_still_counts_the_days_bought():
    plan = day_pass(price=D("0.00"), allowance_mb=None)
    (feb,) = facts(plan, [500], days_used=[4])
    assert (feb.days_bought, feb.day_price, feb.day_grant_mb) == (4, D("0.00"), None)


def test_results_are_genuine_frozen_dataclasses():
    s = simulate(SPEC_PLAN, [4096, 1024], start="2026-01")
    month = s.months[1]
    for record in (month, month.facts, month.bank[0], s.totals, s.rollover_gain):
        assert dataclasses.is_dataclass(record)
        assert dataclasses.replace(record) == record  # rebuilt by the normal constructor
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.__setattr__(dataclasses.fields(record)[0].name, None)
    assert type(month) is MonthResult
    assert month.facts == MonthFacts(**{f.name: getattr(month.facts, f.name)
                                        for f in dataclasses.fields(MonthFacts)})  # fmt: skip


def rebuilt(record):
    """The record built again by its class's own constructor, from its fields."""
    fields = dataclasses.fields(record)
    return type(record)(**{f.name: getattr(record, f.name) for f in fields})


def test_every_record_of_a_simulation_equals_one_built_by_its_own_constructor():
    capped_overage = Overage("pay_per_unit", 100, D("1.00"), spend_cap=D("2.50"), after_cap="block")
    plans = [
        (SPEC_PLAN, [4096, 1024, 2048, 12000], {}),  # bank, expiry, pay-per-unit overage
        (day_pass(overage=capped_overage), [100, 700, None], {"days_used": [5, 3, None]}),
        (monthly(period_months=3, rollover=Rollover(mode="full")), [None] * 3 + [500] * 3, {}),
    ]
    for plan, usage, kwargs in plans:
        s = simulate(plan, usage, start="2026-01", **kwargs)
        records = [s, s.totals, *s.months, *(m.facts for m in s.months)]
        records += [t for m in s.months for t in (*m.bank, *m.facts.expired_tranches)]
        records += [s.rollover_gain] if s.rollover_gain is not None else []
        for record in records:
            assert dataclasses.is_dataclass(record)
            assert rebuilt(record) == record  # a dataclass's == checks the class too
            with pytest.raises(dataclasses.FrozenInstanceError):
                record.__setattr__(dataclasses.fields(record)[0].name, None)


def test_months_whose_facts_were_never_read_still_compare_hash_and_pickle_by_their_facts():
    # a run builds a month's MonthFacts on first read: every way of looking at a month
    # that was never read must see the same facts as one that was
    cases = [
        (SPEC_PLAN, [4096, 1024, 2048, 12000], {}),
        (day_pass(), [100, 700, None], {"days_used": [5, 3, None]}),
    ]
    for plan, usage, kwargs in cases:
        unread = simulate(plan, usage, start="2026-01", **kwargs)
        read = simulate(plan, usage, start="2026-01", **kwargs)
        read_facts = [m.facts for m in read.months]
        assert unread == read and hash(unread.months) == hash(read.months)
        for copied in (pickle.loads(pickle.dumps(unread)), copy.deepcopy(unread)):
            assert [m.facts for m in copied.months] == read_facts
        assert all(type(m.facts) is MonthFacts for m in unread.months)
        assert [m.facts for m in unread.months] == read_facts
        assert all(m.facts is m.facts for m in unread.months)  # built once, then kept
    # months that differ only in their facts (which promotion applied) are not equal
    named = {name: monthly(promotions=(Promotion("2026-01", "2026-01", name=name),))
             for name in ("A", "B")}  # fmt: skip
    a, b = (simulate(plan, [100], start="2026-01").months[0] for plan in named.values())
    assert dataclasses.replace(a, facts=b.facts) == b
    a, b = (simulate(plan, [100], start="2026-01").months[0] for plan in named.values())
    assert a != b


def test_a_day_pass_month_reports_its_passes_and_its_capped_overage():
    plan = day_pass(overage=Overage("pay_per_unit", 100, D("1.00"), spend_cap=D("2.50"),
                                    after_cap="block"))  # fmt: skip
    (month,) = simulate(plan, [700], start="2026-01", days_used=[2]).months
    jan = month.facts
    # 350 MB a day, 340 beyond the 10 MB pass: 4 units (4.00) a day would pass the 2.50 cap,
    # which pays for 2 whole units (200 MB) a day; the other 140 MB a day are blocked. Two
    # days: 4 units charged (4.00), 280 MB beyond the cap.
    assert (month.plan_cost, month.overage_cost, month.overage_mb, month.unmet_mb) == (
        D("2.00"),
        D("4.00"),
        400,
        280,
    )
    assert (jan.days_bought, jan.day_price, jan.day_grant_mb) == (2, D("1.00"), 10)
    assert (jan.overage_units, jan.spend_capped, jan.beyond_cap_mb, jan.beyond_cap_to) == (
        4,
        True,
        280,
        "block",
    )
    assert (jan.starts_period, jan.ends_period, jan.promotions, jan.expired_tranches) == (
        True,
        True,
        (),
        (),
    )
