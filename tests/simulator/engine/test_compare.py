"""compare: every plan on the same usage, ranked by currency, fit, cost, waste and key;
the plans that cannot take the usage skipped with the reason."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from simulator.engine import (
    InvalidInput,
    Lines,
    Overage,
    Plan,
    Ranked,
    Rollover,
    Skipped,
    compare,
    prepare,
    simulate,
)

D = Decimal
PLAN = Plan(name="Test plan", currency="USD", price=D("20.00"), allowance_mb=1000)
DAILY = replace(PLAN, billing="daily")


def test_compare_ranks_by_currency_then_cost_then_waste_then_slug():
    cheap = replace(PLAN, price=D("10.00"))
    cheap_less_waste = replace(PLAN, price=D("10.00"), allowance_mb=500)
    euro = replace(PLAN, currency="EUR", price=D("99.00"))
    entries = [
        ("z-dear", PLAN),  # 20.00, wastes 900
        ("b-cheap", cheap),  # 10.00, wastes 900
        ("a-cheap", cheap),  # same as b-cheap: the slug decides
        ("c-lean", cheap_less_waste),  # 10.00, wastes 400
        ("euro", euro),  # EUR sorts before USD
    ]
    results, skipped = compare(entries, [100], start="2026-01")
    assert [r.key for r in results] == ["euro", "c-lean", "a-cheap", "b-cheap", "z-dear"]
    assert {r.fit for r in results} == {"full"}
    assert skipped == []


def test_compare_skips_plans_that_cannot_take_this_usage_with_the_reason():
    pack = replace(PLAN, period_months=3)
    family = replace(PLAN, lines=Lines(included=1, max=2))
    broken = replace(PLAN, rollover=Rollover(mode="capped"))
    results, skipped = compare(
        [("pack", pack), ("family", family), ("broken", broken), ("single", PLAN)],
        [100, 200, 300, 400],
        start="2026-01",
        lines=3,
    )
    assert results == []
    reasons = {s.key: s.error.codes for s in skipped}
    assert reasons == {
        "pack": {"lines": "too_many_lines", "usage_mb": "not_whole_periods"},
        "family": {"lines": "too_many_lines"},
        "broken": {"rollover.cap_mb": "cap_required"},
        "single": {"lines": "too_many_lines"},
    }


def test_compare_lets_monthly_plans_ignore_days_used():
    results, skipped = compare(
        [("monthly", PLAN), ("daily", DAILY)], [100], start="2026-01", days_used=[2]
    )
    assert skipped == []
    by_key = {r.key: r for r in results}
    assert by_key["daily"].totals.cost == D("40.00")  # 2 passes x 20.00
    assert by_key["monthly"].totals.cost == D("20.00")


def test_compare_raises_when_the_usage_itself_is_invalid():
    with pytest.raises(InvalidInput) as caught:
        compare([("p", PLAN)], [-5], start="2026-01")
    assert caught.value.codes == {"usage_mb[0]": "negative"}


# --------------------------------------------------------------------------- fit


def test_a_plan_that_leaves_data_unserved_never_ranks_above_one_that_serves_it():
    short = replace(PLAN, price=D("5.00"), allowance_mb=500)  # blocks: 500 of 1000 unmet
    slowed = replace(PLAN, price=D("10.00"), allowance_mb=500, overage=Overage("throttle"))
    full = replace(PLAN, price=D("20.00"), allowance_mb=2000)
    results, _ = compare(
        [("a-short", short), ("b-slowed", slowed), ("c-full", full)], [1000], start="2026-01"
    )
    # cost alone would rank a-short (5.00), b-slowed (10.00), c-full (20.00); the fit comes
    # first: full (all served at full speed), slowed (500 MB slowed), short (500 MB unmet).
    assert [(r.key, r.fit) for r in results] == [
        ("c-full", "full"),
        ("b-slowed", "slowed"),
        ("a-short", "short"),
    ]
    assert [r.totals.cost for r in results] == [D("20.00"), D("10.00"), D("5.00")]
    assert [(r.totals.unmet_mb, r.totals.throttled_mb) for r in results] == [
        (0, 0),
        (0, 500),
        (500, 0),
    ]


def test_the_fit_is_ranked_within_a_currency_only():
    euro_short = replace(PLAN, currency="EUR", allowance_mb=500)
    dollar_full = replace(PLAN, allowance_mb=2000)
    results, _ = compare([("usd", dollar_full), ("eur", euro_short)], [1000], start="2026-01")
    # EUR sorts before USD whatever the fit: plans in different currencies are not ranked
    # against each other.
    assert [(r.key, r.fit) for r in results] == [("eur", "short"), ("usd", "full")]


def test_plans_of_the_same_fit_are_ranked_by_cost_then_waste():
    slow_cheap = replace(PLAN, price=D("10.00"), allowance_mb=500, overage=Overage("throttle"))
    slow_dear = replace(PLAN, price=D("12.00"), allowance_mb=800, overage=Overage("throttle"))
    short_lean = replace(PLAN, price=D("8.00"), allowance_mb=900)
    short_wasteful = replace(PLAN, price=D("8.00"), allowance_mb=950)
    results, _ = compare(
        [
            ("slow-dear", slow_dear),
            ("slow-cheap", slow_cheap),
            ("short-wasteful", short_wasteful),
            ("short-lean", short_lean),
        ],
        [1000, 100],
        start="2026-01",
    )
    # slowed: 2 x 10.00 = 20.00 before 2 x 12.00 = 24.00.
    # short: both 2 x 8.00 = 16.00; month 2 forfeits 900 - 100 = 800 against
    # 950 - 100 = 850, so the lean plan comes first.
    assert [r.key for r in results] == ["slow-cheap", "slow-dear", "short-lean", "short-wasteful"]
    assert [r.totals.wasted_mb for r in results][2:] == [800, 850]


def test_compare_answers_ranked_and_skipped_records():
    results, skipped = compare(
        [("ok", PLAN), ("pack", replace(PLAN, period_months=2))], [100], start="2026-01"
    )
    (ranked,) = results
    assert isinstance(ranked, Ranked)
    assert ranked.totals == simulate(PLAN, [100], start="2026-01").totals
    assert ranked.fit == ranked.totals.fit == "full"
    (skip,) = skipped
    assert isinstance(skip, Skipped)
    assert isinstance(skip.error, InvalidInput)
    assert (skip.key, skip.error.codes) == ("pack", {"usage_mb": "not_whole_periods"})


# --------------------------------------------------------------------------- prepared plans


def test_prepared_plans_give_the_same_ranking_and_totals_as_plans():
    plans = [
        ("capped", replace(PLAN, rollover=Rollover(mode="capped", cap_mb=300))),
        ("daily", DAILY),
        ("family", replace(PLAN, lines=Lines(included=1, max=3, extra_line_price=D("5.00")))),
    ]
    usage = [100, 1500, None, 0]
    raw = compare(plans, usage, start="2026-01", lines=2)
    ready = compare([(k, prepare(p)) for k, p in plans], usage, start="2026-01", lines=2)
    assert raw[0] == ready[0]
    assert [r.key for r in raw[0]] == ["family"]  # only it allows 2 lines
    assert [(s.key, s.error.errors) for s in raw[1]] == [(s.key, s.error.errors) for s in ready[1]]
    assert [s.key for s in raw[1]] == ["capped", "daily"]


def test_prepare_refuses_an_invalid_plan_naming_every_problem():
    with pytest.raises(InvalidInput) as caught:
        prepare(replace(PLAN, price=D("-1"), rollover=Rollover(mode="capped")))
    assert caught.value.codes == {"price": "negative", "rollover.cap_mb": "cap_required"}


def test_simulate_takes_a_prepared_plan_and_reports_the_plan_it_was_prepared_from():
    ready = prepare(PLAN)
    assert prepare(ready) is ready
    s = simulate(ready, [100], start="2026-01")
    assert s.plan is PLAN
    assert s == simulate(PLAN, [100], start="2026-01")
