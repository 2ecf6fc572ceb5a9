"""Every catalog rule that data can break is refused by the database itself.

Each case writes a bad row straight through the ORM (no ``full_clean()``) and expects the
database to refuse it under the constraint's name. The suite runs on SQLite and PostgreSQL.
"""

from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from carriers.models import Category, Plan, Promotion, RolloverRule

pytestmark = pytest.mark.django_db


def assert_refused(name, write):
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        if connection.vendor == "postgresql":
            # The cross-table rule is checked at commit; the test's transaction never
            # commits, so ask for every check now.
            connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
        write()
    assert name in str(excinfo.value)


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"price": Decimal("-0.01")}, "carriers_plan_price_range"),
        ({"allowance_mb": 10 * 1024 * 1024 + 1}, "carriers_plan_allowance_range"),
        ({"currency": "usd"}, "carriers_plan_currency_iso"),
        ({"kind": "satellite"}, "carriers_plan_kind_valid"),
        ({"billing": "weekly"}, "carriers_plan_billing_valid"),
        ({"overage_policy": "pray"}, "carriers_plan_overage_valid"),
        ({"availability": "soon"}, "carriers_plan_availability_valid"),
        ({"period_months": 0}, "carriers_plan_period_months_range"),
        ({"period_months": 13}, "carriers_plan_period_months_range"),
        ({"billing": "daily", "period_months": 3}, "carriers_plan_daily_single_period"),
        ({"overage_policy": "pay_per_unit"}, "carriers_plan_pay_per_unit_needs_unit"),
        (
            {"overage_policy": "pay_per_unit", "overage_unit_mb": 1024},
            "carriers_plan_pay_per_unit_needs_unit",
        ),
        (
            {
                "overage_policy": "pay_per_unit",
                "overage_unit_mb": 10 * 1024 * 1024 + 1,
                "overage_unit_price": Decimal("1.00"),
            },
            "carriers_plan_overage_unit_range",
        ),
        (
            {
                "overage_policy": "pay_per_unit",
                "overage_unit_mb": 1,
                "overage_unit_price": Decimal("-1.00"),
            },
            "carriers_plan_overage_price_range",
        ),
        ({"overage_unit_mb": 1024}, "carriers_plan_unit_only_for_pay_per_unit"),
        ({"lines_included": 3, "lines_max": 2}, "carriers_plan_lines_range"),
        ({"lines_included": 0, "lines_max": 0}, "carriers_plan_lines_range"),
        ({"extra_line_price": Decimal("-5.00")}, "carriers_plan_extra_line_price_range"),
        (
            {"extra_line_allowance_mb": 10 * 1024 * 1024 + 1},
            "carriers_plan_extra_line_allowance_range",
        ),
    ],
)
def test_database_refuses_a_bad_plan(make_plan, fields, constraint):
    assert_refused(constraint, lambda: make_plan(**fields))


def test_database_refuses_a_price_of_a_million(make_plan):
    # PostgreSQL's numeric(8, 2) overflows before the CHECK runs (DataError); SQLite, which
    # does not enforce the column's precision, refuses it by the named constraint.
    with pytest.raises(DatabaseError) as excinfo, transaction.atomic():
        make_plan(price=Decimal("1000000.00"))
    assert connection.vendor != "sqlite" or "carriers_plan_price_range" in str(excinfo.value)


def test_database_refuses_a_second_plan_with_the_same_slug(make_plan):
    make_plan(slug="same")
    assert_refused("slug", lambda: make_plan(slug="same", name="Another"))


@pytest.mark.parametrize("table", ["carriers_carrier", "carriers_category"])
def test_database_refuses_a_country_that_is_not_two_capitals(carrier, table):
    # The ORM's country field writes codes in capitals whatever it is given ("us" → "US"),
    # so write straight through SQL, as a script bypassing the ORM would.
    Category.objects.create(name="US eSIMs", slug="us-esim", kind="travel_esim", country="US")

    def write():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET country = %s", ["us"])

    assert_refused(table.replace("carriers_", "carriers_") + "_country_iso", write)


@pytest.mark.parametrize(
    ("rule", "constraint"),
    [
        ({"mode": "sometimes"}, "carriers_rolloverrule_mode_valid"),
        ({"order": "random"}, "carriers_rolloverrule_order_valid"),
        ({"mode": "capped"}, "carriers_rolloverrule_capped_needs_cap"),
        ({"mode": "full", "cap_mb": 1024}, "carriers_rolloverrule_cap_only_when_capped"),
        (
            {"mode": "full", "bank_cap_mb": 10 * 1024 * 1024 + 1},
            "carriers_rolloverrule_amounts_range",
        ),
        ({"mode": "full", "expires_after_periods": 0}, "carriers_rolloverrule_expiry_range"),
        ({"mode": "none", "bank_cap_mb": 1024}, "carriers_rolloverrule_settings_need_rollover"),
        (
            {"mode": "none", "expires_after_periods": 1},
            "carriers_rolloverrule_settings_need_rollover",
        ),
        ({"convert_unit_mb": 1024}, "carriers_rolloverrule_convert_complete"),
        (
            {"convert_unit_mb": 0, "convert_rate": 1, "convert_benefit": "minutes"},
            "carriers_rolloverrule_convert_complete",
        ),
    ],
)
def test_database_refuses_a_bad_rule(make_plan, rule, constraint):
    plan = make_plan()
    plan.rollover.delete()
    assert_refused(constraint, lambda: RolloverRule.objects.create(plan=plan, **rule))


def test_database_refuses_rollover_on_an_unlimited_plan(make_plan):
    plan = make_plan(allowance_mb=None)
    assert_refused(
        "carriers_rolloverrule_limited_monthly_only",
        lambda: RolloverRule.objects.filter(plan=plan).update(mode="full"),
    )


def test_database_refuses_rollover_on_a_day_pass(make_plan):
    plan = make_plan(billing="daily", kind="day_pass")
    plan.rollover.delete()
    assert_refused(
        "carriers_rolloverrule_limited_monthly_only",
        lambda: RolloverRule.objects.create(plan=plan, mode="full"),
    )


def test_making_a_rolling_plan_unlimited_is_refused_by_postgresql_and_by_clean(make_plan):
    from django.core.exceptions import ValidationError

    plan = make_plan(rule={"mode": "full"})
    if connection.vendor == "postgresql":
        assert_refused(
            "carriers_rolloverrule_limited_monthly_only",
            lambda: Plan.objects.filter(pk=plan.pk).update(allowance_mb=None),
        )
    # SQLite cannot defer a trigger to commit, so there the rule's clean() — run by the
    # admin beside the plan and by the loader for every rule — is what refuses it.
    plan.allowance_mb = None
    with pytest.raises(ValidationError, match="nothing to roll over"):
        plan.rollover.full_clean()


@pytest.mark.django_db(transaction=True)
def test_a_plan_and_its_rule_changed_together_commit_in_either_order(make_plan):
    plan = make_plan(rule={"mode": "full"})
    with transaction.atomic():  # plan first, as the admin and the loader save them
        Plan.objects.filter(pk=plan.pk).update(allowance_mb=None)
        RolloverRule.objects.filter(plan=plan).update(mode="none")
    plan.refresh_from_db()
    assert plan.allowance_mb is None
    assert plan.rollover.mode == "none"


@pytest.mark.django_db(transaction=True)
def test_a_bad_final_state_is_refused_at_commit_on_postgresql(make_plan):
    plan = make_plan(rule={"mode": "full"})
    if connection.vendor != "postgresql":
        # SQLite: the rule side is still refused at once (see the tests above).
        with pytest.raises(IntegrityError):
            RolloverRule.objects.filter(plan=plan).update(mode="capped", cap_mb=1)
            Plan.objects.filter(pk=plan.pk).update(billing="daily")
            RolloverRule.objects.filter(plan=plan).update(mode="full", cap_mb=None)
        return
    refused = pytest.raises(IntegrityError, match="carriers_rolloverrule_limited_monthly_only")
    with refused, transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(allowance_mb=None)
    plan.refresh_from_db()
    assert plan.allowance_mb == 10240


def test_a_plan_that_does_not_roll_may_be_unlimited(make_plan):
    plan = make_plan(rule={"mode": "none"})
    Plan.objects.filter(pk=plan.pk).update(allowance_mb=None, billing="daily")
    plan.refresh_from_db()
    assert plan.allowance_mb is None


@pytest.mark.parametrize(
    ("promo", "constraint"),
    [
        ({"from_month": "2026-13", "to_month": "2026-13"}, "carriers_promotion_months_format"),
        ({"from_month": "2026-1", "to_month": "2026-1"}, "carriers_promotion_months_format"),
        ({"from_month": "2026-03", "to_month": "2026-02"}, "carriers_promotion_ends_after_start"),
        ({"bonus_mb": -1}, "carriers_promotion_bonus_range"),
        ({"price": Decimal("-1.00")}, "carriers_promotion_price_range"),
    ],
)
def test_database_refuses_a_bad_promotion(make_plan, promo, constraint):
    plan = make_plan()
    values = {"name": "Promo", "from_month": "2026-01", "to_month": "2026-03", **promo}
    # Negative values for unsigned columns fail their own "positive" check on some backends;
    # the named range constraint is what we expect on both.
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        Promotion.objects.create(plan=plan, **values)
    message = str(excinfo.value)
    assert constraint in message or ("bonus_mb" in message and constraint.endswith("bonus_range"))


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        # Each case breaks one constraint only: PostgreSQL and SQLite name the first they
        # check, in different orders.
        (
            {
                "overage_policy": "throttle",
                "overage_spend_cap": Decimal("5.00"),
                "overage_after_cap": "serve",
            },
            "carriers_plan_spend_cap_only_for_pay_per_unit",
        ),
        (
            {"overage_spend_cap": Decimal("5.00"), "overage_after_cap": "block"},
            "carriers_plan_spend_cap_only_for_pay_per_unit",
        ),
        (
            {
                "overage_policy": "pay_per_unit",
                "overage_unit_mb": 1024,
                "overage_unit_price": Decimal("1.00"),
                "overage_spend_cap": Decimal("5.00"),
            },
            "carriers_plan_after_cap_with_cap",
        ),
        (
            {
                "overage_policy": "pay_per_unit",
                "overage_unit_mb": 1024,
                "overage_unit_price": Decimal("1.00"),
                "overage_after_cap": "pray",
                "overage_spend_cap": Decimal("5.00"),
            },
            "carriers_plan_after_cap_with_cap",
        ),
        (
            {
                "overage_policy": "pay_per_unit",
                "overage_unit_mb": 1024,
                "overage_unit_price": Decimal("1.00"),
                "overage_after_cap": "serve",
                "overage_spend_cap": Decimal("-1.00"),
            },
            "carriers_plan_spend_cap_range",
        ),
        ({"lines_included": 101, "lines_max": 101}, "carriers_plan_lines_range"),
    ],
)
def test_database_refuses_a_bad_spend_cap_or_too_many_lines(make_plan, fields, constraint):
    assert_refused(constraint, lambda: make_plan(**fields))


def test_database_accepts_a_hundred_lines_and_a_capped_overage(make_plan):
    plan = make_plan(
        lines_included=100,
        lines_max=100,
        overage_policy="pay_per_unit",
        overage_unit_mb=1024,
        overage_unit_price=Decimal("1.00"),
        overage_spend_cap=Decimal("25.00"),
        overage_after_cap="block",
    )
    assert Plan.objects.get(pk=plan.pk).overage_after_cap == "block"


@pytest.mark.parametrize(
    "rule",
    [
        {"convert_unit_mb": 1024, "convert_rate": 1},  # a rate without its benefit
        {"convert_unit_mb": 1024, "convert_benefit": "minutes"},  # a benefit without its rate
        {"convert_credit": Decimal("1.00")},  # a credit without a unit
        {"convert_unit_mb": 1024, "convert_rate": 1_000_001, "convert_benefit": "minutes"},
    ],
)
def test_database_refuses_an_incomplete_conversion(make_plan, rule):
    plan = make_plan()
    plan.rollover.delete()
    assert_refused(
        "carriers_rolloverrule_convert_complete",
        lambda: RolloverRule.objects.create(plan=plan, **rule),
    )


@pytest.mark.parametrize(
    "rule",
    [
        {"convert_unit_mb": 1024, "convert_credit": Decimal("0.50")},
        {"convert_unit_mb": 1024, "convert_rate": 10, "convert_benefit": "minutes"},
        {
            "convert_unit_mb": 1024,
            "convert_rate": 10,
            "convert_benefit": "minutes",
            "convert_credit": Decimal("0.50"),
        },
    ],
)
def test_database_accepts_a_conversion_with_a_unit_and_an_effect(make_plan, rule):
    plan = make_plan()
    plan.rollover.delete()
    RolloverRule.objects.create(plan=plan, **rule)
    assert RolloverRule.objects.get(plan=plan).convert_unit_mb == 1024


def test_database_refuses_pay_per_unit_with_a_price_but_no_unit_size(make_plan):
    assert_refused(
        "carriers_plan_pay_per_unit_needs_unit",
        lambda: make_plan(overage_policy="pay_per_unit", overage_unit_price=Decimal("1.00")),
    )
