"""One adapter turns a catalog plan into the engine's plan, in a fixed number of queries."""

from decimal import Decimal

import pytest

from simulator import engine
from simulator.adapter import catalog_plans, engine_plan

pytestmark = pytest.mark.django_db


def test_every_field_of_plan_rule_and_promotion_reaches_the_engine(make_plan):
    plan = make_plan(
        period_months=3,
        overage_policy="pay_per_unit",
        overage_unit_mb=100,
        overage_unit_price=Decimal("2.00"),
        lines_included=2,
        lines_max=5,
        extra_line_price=Decimal("10.00"),
        extra_line_allowance_mb=2048,
        rule={
            "mode": "capped",
            "cap_mb": 5120,
            "bank_cap_mb": 20480,
            "expires_after_periods": 2,
            "order": "rollover_first",
            "min_use_mb": 1,
            "forfeit_on_lapse": True,
            "convert_unit_mb": 1024,
            "convert_rate": 3,
            "convert_benefit": "minutes",
        },
        promotions=[
            {
                "name": "Launch",
                "from_month": "2026-01",
                "to_month": "2026-06",
                "bonus_mb": 1024,
                "extra_expiry_periods": 1,
                "price": Decimal("20.00"),
            }
        ],
    )
    assert engine_plan(plan) == engine.Plan(
        name="Example Mobile – Ten gig",
        currency="USD",
        price=Decimal("30.00"),
        allowance_mb=10240,
        billing="monthly",
        period_months=3,
        lines=engine.Lines(2, 5, Decimal("10.00"), 2048),
        overage=engine.Overage("pay_per_unit", 100, Decimal("2.00")),
        rollover=engine.Rollover(
            mode="capped",
            cap_mb=5120,
            bank_cap_mb=20480,
            expires_after_periods=2,
            order="rollover_first",
            min_use_mb=1,
            forfeit_on_lapse=True,
            convert=engine.Conversion(1024, 3, "minutes"),
        ),
        promotions=(engine.Promotion("2026-01", "2026-06", 1024, 1, Decimal("20.00"), "Launch"),),
    )


def test_a_plan_saved_without_a_rule_does_not_roll(make_plan):
    plan = make_plan()
    plan.rollover.delete()
    plan.refresh_from_db()
    assert engine_plan(plan).rollover == engine.Rollover(mode="none", order="allowance_first")


def test_loading_every_plan_costs_two_queries(make_plan, django_assert_num_queries):
    for i in range(15):
        make_plan(
            slug=f"p{i}", promotions=[{"name": "x", "from_month": "2026-01", "to_month": "2026-01"}]
        )
    with django_assert_num_queries(2):
        plans = [engine_plan(p) for p in catalog_plans()]
    assert len(plans) == 15


def test_inactive_plans_and_carriers_are_left_out(make_plan, carrier):
    make_plan(slug="on")
    make_plan(slug="off", active=False)
    assert [p.slug for p in catalog_plans()] == ["on"]
    carrier.active = False
    carrier.save()
    assert list(catalog_plans()) == []


def test_a_spend_cap_and_a_credit_reach_the_engine(make_plan):
    plan = make_plan(
        overage_policy="pay_per_unit",
        overage_unit_mb=1024,
        overage_unit_price=Decimal("10.00"),
        overage_spend_cap=Decimal("25.00"),
        overage_after_cap="block",
        rule={"mode": "none", "convert_unit_mb": 1024, "convert_credit": Decimal("0.50")},
    )
    as_engine = engine_plan(plan)
    assert (as_engine.overage.spend_cap, as_engine.overage.after_cap) == (Decimal("25.00"), "block")
    convert = as_engine.rollover.convert
    assert (convert.unit_mb, convert.rate, convert.benefit, convert.credit) == (
        1024,
        0,
        "",
        Decimal("0.50"),
    )
    assert engine_plan(make_plan(slug="no-cap")).overage.after_cap is None
