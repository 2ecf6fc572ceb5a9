"""Invalid plans and inputs raise InvalidInput naming the field and the reason."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from simulator.engine import (
    Conversion,
    FieldError,
    InvalidInput,
    Lines,
    Overage,
    Plan,
    Promotion,
    Rollover,
    simulate,
    validate_plan,
)

D = Decimal
PLAN = Plan(name="Test plan", currency="USD", price=D("20.00"), allowance_mb=1000)
DAILY = replace(PLAN, billing="daily")


def errors_of(plan: Plan) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        validate_plan(plan)
    return caught.value.codes


@pytest.mark.parametrize(
    ("plan", "field", "code"),
    [
        (replace(PLAN, allowance_mb=None, rollover=Rollover(mode="full")), "rollover.mode",
         "rollover_on_unlimited"),
        (replace(DAILY, rollover=Rollover(mode="capped", cap_mb=10)), "rollover.mode",
         "rollover_on_daily"),
        (replace(PLAN, rollover=Rollover(mode="capped")), "rollover.cap_mb", "cap_required"),
        (replace(PLAN, rollover=Rollover(mode="full", cap_mb=100)), "rollover.cap_mb",
         "cap_not_applicable"),
        (replace(PLAN, rollover=Rollover(bank_cap_mb=100)), "rollover.bank_cap_mb",
         "needs_rollover"),
        (replace(PLAN, rollover=Rollover(mode="full", expires_after_periods=0)),
         "rollover.expires_after_periods", "too_small"),
        (replace(PLAN, rollover=Rollover(mode="full", min_use_mb=-1)), "rollover.min_use_mb",
         "negative"),
        (replace(PLAN, rollover=Rollover(mode="sometimes")), "rollover.mode", "invalid_choice"),
        (replace(PLAN, rollover=Rollover(mode="full", order="random")), "rollover.order",
         "invalid_choice"),
        (replace(PLAN, price=D("-1.00")), "price", "negative"),
        (replace(PLAN, price=D("1000000.00")), "price", "too_large"),
        (replace(PLAN, price=D("9.999")), "price", "too_many_decimal_places"),
        (replace(PLAN, price=9.99), "price", "not_decimal"),
        (replace(PLAN, allowance_mb=-1), "allowance_mb", "negative"),
        (replace(PLAN, allowance_mb=10_485_761), "allowance_mb", "too_large"),
        (replace(PLAN, allowance_mb=1.5), "allowance_mb", "not_integer"),
        (replace(PLAN, currency="usd"), "currency", "invalid_currency"),
        (replace(PLAN, name=" "), "name", "required"),
        (replace(PLAN, billing="weekly"), "billing", "invalid_choice"),
        (replace(PLAN, period_months=13), "period_months", "too_large"),
        (replace(PLAN, period_months=0), "period_months", "too_small"),
        (replace(DAILY, period_months=3), "period_months", "daily_period"),
        (replace(PLAN, overage=Overage("pay_per_unit")), "overage.unit_mb", "unit_required"),
        (replace(PLAN, overage=Overage("pay_per_unit", unit_mb=0, unit_price=D("1.00"))),
         "overage.unit_mb", "too_small"),
        (replace(PLAN, overage=Overage("throttle", unit_mb=100)), "overage.unit_mb",
         "only_for_pay_per_unit"),
        (replace(PLAN, lines=Lines(included=3, max=2)), "lines.max", "max_below_included"),
        (replace(PLAN, lines=Lines(included=0)), "lines.included", "too_small"),
        (replace(PLAN, lines=Lines(extra_line_price=D("-5.00"))), "lines.extra_line_price",
         "negative"),
        (replace(PLAN, promotions=(Promotion("2026-05", "2026-04"),)), "promotions[0].to",
         "ends_before_start"),
        (replace(PLAN, promotions=(Promotion("2026-13", "2026-04"),)), "promotions[0].from",
         "invalid_month"),
        (replace(PLAN, promotions=(Promotion("2026-01", "2026-04", bonus_mb=-5),)),
         "promotions[0].bonus_mb", "negative"),
        (replace(PLAN, allowance_mb=None, promotions=(Promotion("2026-01", "2026-04", 5),)),
         "promotions[0].bonus_mb", "bonus_on_unlimited"),
        (replace(DAILY, promotions=(Promotion("2026-01", "2026-04"),)), "promotions",
         "promotions_on_daily"),
        (replace(DAILY, rollover=Rollover(convert=Conversion(100, 1, "minutes"))),
         "rollover.convert", "convert_on_daily"),
        (replace(PLAN, allowance_mb=None, rollover=Rollover(convert=Conversion(100, 1, "m"))),
         "rollover.convert", "convert_on_unlimited"),
        (replace(PLAN, rollover=Rollover(convert=Conversion(0, 1, "minutes"))),
         "rollover.convert.unit_mb", "too_small"),
        # spend caps: pay-per-unit only, money, one of the after_cap choices
        (replace(PLAN, overage=Overage("block", spend_cap=D("10.00"))), "overage.spend_cap",
         "only_for_pay_per_unit"),
        (replace(PLAN, overage=Overage("throttle", after_cap="block")), "overage.after_cap",
         "only_for_pay_per_unit"),
        (replace(PLAN, overage=Overage("pay_per_unit", 100, D("1.00"), D("5.00"), "slow")),
         "overage.after_cap", "invalid_choice"),
        (replace(PLAN, overage=Overage("pay_per_unit", 100, D("1.00"), D("-5.00"))),
         "overage.spend_cap", "negative"),
        (replace(PLAN, overage=Overage("pay_per_unit", 100, D("1.00"), D("NaN"))),
         "overage.spend_cap", "not_decimal"),
        (replace(PLAN, overage=Overage("pay_per_unit", 100, D("1.00"), D("5.001"))),
         "overage.spend_cap", "too_many_decimal_places"),
        (replace(PLAN, overage=Overage("pay_per_unit", 100, D("1.00"), 5.0)),
         "overage.spend_cap", "not_decimal"),
        # conversions: a unit and at least one effect; a rate and a benefit go together
        (replace(PLAN, rollover=Rollover(convert=Conversion(100))), "rollover.convert.rate",
         "no_effect"),
        (replace(PLAN, rollover=Rollover(convert=Conversion(100, 0, "minutes"))),
         "rollover.convert.rate", "benefit_without_rate"),
        (replace(PLAN, rollover=Rollover(convert=Conversion(100, 2))), "rollover.convert.benefit",
         "required"),
        (replace(PLAN, rollover=Rollover(convert=Conversion(100, -1, "minutes"))),
         "rollover.convert.rate", "negative"),
        (replace(PLAN, rollover=Rollover(convert=Conversion(0, credit=D("1.00")))),
         "rollover.convert.unit_mb", "too_small"),
        (replace(PLAN, rollover=Rollover(convert=Conversion(100, credit=D("-1.00")))),
         "rollover.convert.credit", "negative"),
        (replace(PLAN, rollover=Rollover(convert=Conversion(100, credit=D("sNaN")))),
         "rollover.convert.credit", "not_decimal"),
        (replace(PLAN, rollover=Rollover(convert=Conversion(100, credit=D("0.005")))),
         "rollover.convert.credit", "too_many_decimal_places"),
        (replace(PLAN, rollover=Rollover(convert=Conversion(100, credit=D("1000000")))),
         "rollover.convert.credit", "too_large"),
        (replace(DAILY, rollover=Rollover(convert=Conversion(100, credit=D("1.00")))),
         "rollover.convert", "convert_on_daily"),
    ],
)  # fmt: skip
def test_invalid_plan_names_the_field_and_the_reason(plan, field, code):
    assert errors_of(plan)[field] == code


def test_all_plan_errors_are_reported_at_once():
    plan = replace(
        PLAN,
        price=D("-1.00"),
        allowance_mb=-5,
        rollover=Rollover(mode="capped"),
        overage=Overage("pay_per_unit"),
    )
    assert errors_of(plan) == {
        "price": "negative",
        "allowance_mb": "negative",
        "rollover.cap_mb": "cap_required",
        "overage.unit_mb": "unit_required",
        "overage.unit_price": "unit_required",
    }


def test_error_messages_read_as_sentences_and_carry_their_numbers():
    with pytest.raises(InvalidInput) as caught:
        simulate(PLAN, [100, 20_000_000], start="2026-01")
    (error,) = caught.value.errors
    assert error == FieldError(
        "usage_mb[1]",
        "too_large",
        "The use of month 2 can be at most 10,485,760 MB (it is 20,000,000 MB).",
        {"value": 20_000_000, "maximum": 10_485_760},
    )
    assert str(caught.value) == (
        "usage_mb[1]: The use of month 2 can be at most 10,485,760 MB (it is 20,000,000 MB)."
    )


def test_a_valid_plan_passes_validation():
    assert validate_plan(PLAN) is None


def simulate_errors(plan=PLAN, usage=(100,), start="2026-01", **kwargs) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        simulate(plan, list(usage), start=start, **kwargs)
    return caught.value.codes


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"start": "2026-13"}, "start", "invalid_month"),
        ({"start": "1899-12"}, "start", "out_of_range"),
        ({"usage": ()}, "usage_mb", "no_months"),
        ({"usage": [0] * 37}, "usage_mb", "too_many_months"),
        ({"usage": [100, -1]}, "usage_mb[1]", "negative"),
        ({"usage": [100, 1.5]}, "usage_mb[1]", "not_integer"),
        ({"usage": [100, True]}, "usage_mb[1]", "not_integer"),
        ({"lines": 0}, "lines", "too_few_lines"),
        ({"lines": 2}, "lines", "too_many_lines"),
        ({"days_used": [3]}, "days_used", "days_used_not_daily"),
        ({"plan": replace(PLAN, period_months=3), "usage": [1, 2, 3, 4]}, "usage_mb",
         "not_whole_periods"),
        ({"plan": replace(PLAN, period_months=3), "usage": [1, None, 3]}, "usage_mb[1]",
         "partly_lapsed_period"),
        ({"plan": DAILY, "usage": [100], "days_used": [0]}, "days_used[0]", "use_without_days"),
        ({"plan": DAILY, "usage": [100], "days_used": [29], "start": "2026-02"}, "days_used[0]",
         "too_large"),
        ({"plan": DAILY, "usage": [100], "days_used": [1, 2]}, "days_used", "length_mismatch"),
        ({"plan": DAILY, "usage": [None], "days_used": [2]}, "days_used[0]",
         "days_in_lapsed_month"),
    ],
)  # fmt: skip
def test_invalid_input_names_the_field_and_the_reason(kwargs, field, code):
    assert simulate_errors(**kwargs)[field] == code


def test_plan_and_input_errors_are_reported_together():
    codes = simulate_errors(plan=replace(PLAN, price=D("-1")), usage=[-1], start="bad")
    assert codes == {"price": "negative", "usage_mb[0]": "negative", "start": "invalid_month"}


def test_a_leap_february_allows_29_days_of_passes():
    s = simulate(DAILY, [29], start="2028-02", days_used=[29])
    assert s.months[0].plan_cost == D("580.00")  # 29 passes x 20.00


# --------------------------------------------------------------------------- what is valid


@pytest.mark.parametrize(
    "plan",
    [
        # after_cap without a spend cap changes nothing, and is allowed
        replace(PLAN, overage=Overage("pay_per_unit", 100, D("1.00"), after_cap="block")),
        replace(PLAN, overage=Overage("pay_per_unit", 100, D("1.00"), D("0.00"), "throttle")),
        replace(PLAN, overage=Overage("pay_per_unit", 100, D("0.00"), D("5.00"), "serve")),
        # a credit alone, a credit with a benefit, a credit with mode none or a rollover
        replace(PLAN, rollover=Rollover(convert=Conversion(1024, credit=D("1.00")))),
        replace(PLAN, rollover=Rollover(convert=Conversion(100, 2, "minutes", D("0.50")))),
        replace(
            PLAN,
            rollover=Rollover(mode="capped", cap_mb=300, convert=Conversion(100, credit=D("0"))),
        ),
    ],
)
def test_spend_caps_and_credits_in_their_valid_forms_pass_validation(plan):
    assert validate_plan(plan) is None


def test_a_conversion_keeps_the_positional_order_of_unit_rate_and_benefit():
    convert = Conversion(100, 2, "minutes")
    assert (convert.unit_mb, convert.rate, convert.benefit, convert.credit) == (
        100,
        2,
        "minutes",
        None,
    )
