"""The JSON contract is written once: the outputs' fields are the engine's result fields."""

import dataclasses
from decimal import Decimal

from simulator import engine, schemas


def fields(record, *, but=()) -> list[str]:
    return [f.name for f in dataclasses.fields(record) if f.name not in but]


def test_the_output_schemas_have_exactly_the_engines_fields_in_its_order():
    assert list(schemas.MonthOut.model_fields) == fields(engine.MonthResult, but=("facts",))
    assert list(schemas.TotalsOut.model_fields) == fields(engine.Totals)
    assert list(schemas.RolloverGainOut.model_fields) == fields(engine.RolloverGain)
    assert list(schemas.TrancheOut.model_fields) == fields(engine.Tranche)
    assert list(schemas.PlanTermsOut.model_fields) == fields(engine.Plan)
    assert list(schemas.OverageOut.model_fields) == fields(engine.Overage)
    assert list(schemas.ConvertOut.model_fields) == fields(engine.Conversion)


def test_money_is_written_as_a_string_with_two_decimals_and_never_minus_zero():
    plan = engine.Plan(name="x", currency="USD", price=Decimal("-0"), allowance_mb=1)
    terms = schemas.CustomPlanOut.model_validate(plan, from_attributes=True)
    dumped = terms.model_dump(by_alias=True)
    assert dumped["price"] == "0.00"
    assert dumped["lines"]["extra_line_price"] == "0.00"


def test_a_promotion_is_written_with_from_and_to():
    promo = engine.Promotion("2026-01", "2026-03", bonus_mb=5, price=Decimal("9.5"))
    dumped = schemas.PromotionOut.model_validate(promo, from_attributes=True).model_dump(
        by_alias=True
    )
    assert dumped == {
        "from": "2026-01",
        "to": "2026-03",
        "bonus_mb": 5,
        "extra_expiry_periods": 0,
        "price": "9.50",
        "name": "",
    }
