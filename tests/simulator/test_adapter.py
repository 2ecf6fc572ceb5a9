"""One adapter turns a catalog plan, or a plan in the API's input shape, into the engine's
plan; catalog texts reach the engine in English, whatever the request's language."""

from decimal import Decimal

import pytest
from django.utils import translation

from carriers.models import Plan
from simulator import engine
from simulator.adapter import custom_engine_plan, engine_plan
from simulator.schemas import CustomPlanIn

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


def test_catalog_texts_reach_the_engine_in_english_whatever_the_language(make_plan):
    plan = make_plan(
        name_zh_hans="十 GB",
        promotions=[
            {
                "name": "Launch",
                "name_zh_hans": "首发",
                "from_month": "2026-01",
                "to_month": "2026-01",
            }
        ],
    )
    with translation.override("zh-hans"):
        as_engine = engine_plan(Plan.objects.for_simulation().get(pk=plan.pk))
    assert as_engine.name == "Example Mobile – Ten gig"
    assert as_engine.promotions[0].name == "Launch"


def test_a_plan_in_the_apis_shape_becomes_the_same_engine_plan_field_by_field():
    plan = CustomPlanIn.model_validate(
        {
            "name": "Mine",
            "currency": "GBP",
            "price": "8.00",
            "allowance_mb": 3072,
            "period_months": 1,
            "lines": {"included": 1, "max": 3, "extra_line_price": "2.00"},
            "overage": {
                "policy": "pay_per_unit",
                "unit_mb": 1,
                "unit_price": "2.00",
                "spend_cap": "2500.00",
                "after_cap": "throttle",
            },
            "rollover": {
                "mode": "capped",
                "cap_mb": 1024,
                "expires_after_periods": 2,
                "convert": {"unit_mb": 1024, "credit": "1.00"},
            },
            "promotions": [{"from": "2026-01", "to": "2026-02", "bonus_mb": 512}],
        }
    )
    assert custom_engine_plan(plan) == engine.Plan(
        name="Mine",
        currency="GBP",
        price=Decimal("8.00"),
        allowance_mb=3072,
        lines=engine.Lines(1, 3, Decimal("2.00"), 0),
        overage=engine.Overage("pay_per_unit", 1, Decimal("2.00"), Decimal("2500.00"), "throttle"),
        rollover=engine.Rollover(
            mode="capped",
            cap_mb=1024,
            expires_after_periods=2,
            convert=engine.Conversion(1024, 0, "", Decimal("1.00")),
        ),
        promotions=(engine.Promotion("2026-01", "2026-02", 512),),
    )
