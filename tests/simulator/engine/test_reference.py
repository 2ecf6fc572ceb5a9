"""The engine against an independent reading of the semantics (``reference.py``): every
figure of every month, the totals, the rollover value and compare's fit, on random valid
plans and usage — spend caps, credits, promotions, packs, lapses, lines and day passes
included."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine import (
    Conversion,
    Lines,
    Month,
    Overage,
    Plan,
    Promotion,
    Rollover,
    compare,
    simulate,
)

from . import reference

EXAMPLES = settings(max_examples=400, deadline=None)
money = st.integers(0, 5_000).map(lambda cents: Decimal(cents).scaleb(-2))
small_money = st.integers(0, 300).map(lambda cents: Decimal(cents).scaleb(-2))


@st.composite
def overages(draw) -> Overage:
    policy = draw(st.sampled_from(("block", "throttle", "pay_per_unit")))
    if policy != "pay_per_unit":
        return Overage(policy)
    capped = draw(st.booleans())
    return Overage(
        policy,
        unit_mb=draw(st.integers(1, 1500)),
        unit_price=draw(small_money),
        spend_cap=draw(money) if capped else None,
        after_cap=draw(st.sampled_from((None, "serve", "throttle", "block"))),
    )


@st.composite
def conversions(draw) -> Conversion | None:
    kind = draw(st.sampled_from(("none", "benefit", "credit", "both")))
    if kind == "none":
        return None
    unit = draw(st.integers(1, 2000))
    rate = draw(st.integers(1, 5)) if kind in ("benefit", "both") else 0
    benefit = "minutes" if rate else ""
    credit = draw(small_money) if kind in ("credit", "both") else None
    return Conversion(unit, rate, benefit, credit)


@st.composite
def plans_and_usage(draw):
    daily = draw(st.integers(0, 5)) == 0
    unlimited = draw(st.integers(0, 7)) == 0
    size = 1 if daily else draw(st.sampled_from((1, 1, 1, 2, 3)))
    allowance = None if unlimited else draw(st.integers(0, 6000))
    start = str(Month.of(draw(st.integers(2024, 2030)), draw(st.integers(1, 12))))
    included = draw(st.integers(1, 3))
    lines_max = included + draw(st.integers(0, 3))
    lines = Lines(included, lines_max, draw(small_money), draw(st.integers(0, 800)))
    rollover = Rollover()
    promotions: tuple[Promotion, ...] = ()
    if not daily:
        convert = None if unlimited else draw(conversions())
        mode = "none" if unlimited else draw(st.sampled_from(("none", "full", "capped")))
        rolling = mode != "none"
        rollover = Rollover(
            mode=mode,
            cap_mb=draw(st.integers(0, 4000)) if mode == "capped" else None,
            bank_cap_mb=draw(st.none() | st.integers(0, 6000)) if rolling else None,
            expires_after_periods=draw(st.none() | st.integers(1, 4)) if rolling else None,
            order=draw(st.sampled_from(("rollover_first", "allowance_first"))),
            min_use_mb=draw(st.none() | st.integers(0, 3000)) if rolling else None,
            forfeit_on_lapse=draw(st.booleans()) if rolling else False,
            convert=convert,
        )
        promos = []
        for _ in range(draw(st.integers(0, 3))):
            first = Month.parse(start) + draw(st.integers(-3, 10))
            promos.append(
                Promotion(
                    from_month=str(first),
                    to_month=str(first + draw(st.integers(0, 6))),
                    bonus_mb=0 if unlimited else draw(st.integers(0, 3000)),
                    extra_expiry_periods=draw(st.integers(0, 2)),
                    price=draw(st.none() | money),
                )
            )
        promotions = tuple(promos)
    plan = Plan(
        name="Random",
        currency="USD",
        price=draw(money),
        allowance_mb=allowance,
        billing="daily" if daily else "monthly",
        period_months=size,
        lines=lines,
        overage=draw(overages()),
        rollover=rollover,
        promotions=promotions,
    )
    periods = draw(st.integers(1, 12 // size))
    usage: list[int | None] = []
    for _ in range(periods):
        if draw(st.integers(0, 5)) == 0:
            usage += [None] * size  # a lapsed period
        else:
            usage += [draw(st.integers(0, 9000)) for _ in range(size)]
    days = None
    if daily and draw(st.booleans()):
        days = []
        for i, use in enumerate(usage):
            most = (Month.parse(start) + i).days
            if use is None:
                days.append(draw(st.sampled_from((None, 0))))
            elif use == 0:
                days.append(draw(st.none() | st.integers(0, most)))
            else:
                days.append(draw(st.none() | st.integers(1, most)))
    return plan, usage, start, days, draw(st.integers(1, lines_max))


def month_dict(row) -> dict:
    values = asdict(row)
    values.pop("facts")
    values["bank"] = list(values["bank"])
    return values


@EXAMPLES
@given(plans_and_usage())
def test_every_figure_matches_the_reference(case):
    plan, usage, start, days, lines = case
    sim = simulate(plan, usage, start, days_used=days, lines=lines)
    months, totals = reference.simulate(plan, usage, start, days, lines)
    assert [month_dict(m) for m in sim.months] == months
    engine_totals = asdict(sim.totals)
    assert {k: engine_totals[k] for k in totals} == totals
    assert sim.totals.fit == reference.fit(totals)


@EXAMPLES
@given(plans_and_usage())
def test_the_rollover_value_matches_the_reference(case):
    plan, usage, start, days, lines = case
    sim = simulate(plan, usage, start, days_used=days, lines=lines)
    expected = reference.rollover_gain(plan, usage, start, days, lines)
    got = None if sim.rollover_gain is None else asdict(sim.rollover_gain)
    assert got == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(plans_and_usage(), min_size=2, max_size=6))
def test_compare_ranks_by_currency_fit_cost_wasted_and_key(cases):
    # one usage for all: the first case's, on monthly single-period plans and day passes
    _, usage, start, _, _ = cases[0]
    usage = [0 if use is None else use for use in usage]
    entries = [(f"p{i}", plan) for i, (plan, *_rest) in enumerate(cases)]
    ranked, skipped = compare(entries, usage, start)
    expected = []
    for key, plan in entries:
        if key in {s.key for s in skipped}:
            continue
        _, totals = reference.simulate(plan, usage, start)
        order = ("full", "slowed", "short").index(reference.fit(totals))
        expected.append((totals["currency"], order, totals["cost"], totals["wasted_mb"], key))
    assert [r.key for r in ranked] == [key for *_rest, key in sorted(expected)]
    assert [r.fit for r in ranked] == [
        ("full", "slowed", "short")[order] for _c, order, *_rest in sorted(expected)
    ]
