"""clean() explains in plain words what the database constraints would refuse."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from carriers.fields import gb_to_mb, mb_to_gb
from carriers.models import Carrier, Category, Plan, Promotion, RolloverRule

pytestmark = pytest.mark.django_db


def messages_of(obj):
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    return {name: " ".join(errs) for name, errs in excinfo.value.message_dict.items()}


def test_a_capped_rule_without_a_cap_asks_for_the_cap(make_plan):
    plan = make_plan()
    rule = RolloverRule(plan=plan, mode="capped")
    assert "needs the cap" in messages_of(rule)["cap_mb"]


def test_a_cap_on_a_rule_that_is_not_capped_is_refused(make_plan):
    rule = RolloverRule(plan=make_plan(), mode="full", cap_mb=1024)
    assert "Only a capped rule" in messages_of(rule)["cap_mb"]


def test_an_unlimited_plan_cannot_roll_over(make_plan):
    plan = make_plan(allowance_mb=None)
    rule = RolloverRule(plan=plan, mode="full")
    assert "unlimited plan has nothing to roll over" in messages_of(rule)["mode"]


def test_a_day_pass_cannot_roll_over_even_before_it_is_saved(carrier):
    plan = Plan(carrier=carrier, billing="daily", allowance_mb=1024)
    rule = RolloverRule(plan=plan, mode="capped", cap_mb=10)
    assert "day pass never rolls over" in messages_of(rule)["mode"]


@pytest.mark.parametrize(
    ("plan_fields", "reason"),
    [({"allowance_mb": None}, "unlimited plan"), ({"billing": "daily"}, "day pass")],
)
def test_a_plan_with_no_unused_data_cannot_convert_it(make_plan, plan_fields, reason):
    rule = RolloverRule(
        plan=make_plan(**plan_fields), convert_unit_mb=1024, convert_rate=1, convert_benefit="x"
    )
    assert reason in messages_of(rule)["convert_unit_mb"]


def test_a_conversion_needs_a_unit_and_what_a_unit_earns(make_plan):
    rule = RolloverRule(plan=make_plan(), convert_unit_mb=1024)
    assert "what a unit earns" in messages_of(rule)["convert_unit_mb"]
    rule = RolloverRule(plan=make_plan(slug="other"), convert_rate=2, convert_benefit="minutes")
    assert "size of one unit" in messages_of(rule)["convert_unit_mb"]


def test_a_rate_needs_its_benefit(make_plan):
    rule = RolloverRule(plan=make_plan(), convert_unit_mb=1024, convert_rate=2)
    assert "go together" in messages_of(rule)["convert_rate"]


def test_a_credit_alone_is_a_complete_conversion(make_plan):
    rule = make_plan().rollover
    rule.convert_unit_mb, rule.convert_credit = 1024, Decimal("0.50")
    rule.full_clean()
    rule.save()
    assert rule.short_summary() == "No rollover · $0.50 off the next period per 1 GB unused"


def test_a_rules_credit_is_money_in_the_plans_currency_in_each_language(make_plan):
    rule = make_plan(currency="GBP").rollover
    rule.convert_unit_mb, rule.convert_credit = 1024, Decimal("1")
    rule.save()
    with translation.override("zh-hans"):
        assert "£1.00" in rule.short_summary()
    # The history's revert page names the currency of the version it shows.
    assert "CN¥1.00 off" in rule.short_summary("CNY")


def test_expiry_must_be_at_least_one_period(make_plan):
    rule = RolloverRule(plan=make_plan(), mode="full", expires_after_periods=0)
    assert "expires_after_periods" in messages_of(rule)


def test_pay_per_unit_needs_a_unit_and_a_price(carrier):
    plan = Plan(
        carrier=carrier,
        name="P",
        slug="p",
        currency="USD",
        price=Decimal("1.00"),
        overage_policy="pay_per_unit",
        source_url="https://example.com",
        source_checked=datetime.date(2026, 1, 1),
    )
    errors = messages_of(plan)
    assert "size of one unit" in errors["overage_unit_mb"]
    assert "price of one unit" in errors["overage_unit_price"]


def test_a_unit_on_a_plan_that_does_not_charge_per_unit_is_refused(make_plan):
    plan = make_plan(overage_policy="throttle")
    plan.overage_unit_mb = 1024
    assert "Only pay-per-unit overage has a unit" in messages_of(plan)["overage_unit_mb"]


def test_settings_of_a_rule_that_does_not_roll_are_refused(make_plan):
    rule = RolloverRule(plan=make_plan(), mode="none", bank_cap_mb=1024)
    assert "Only a rule that rolls data over" in messages_of(rule)["bank_cap_mb"]


def test_an_unlimited_plan_has_no_bonus_data(make_plan):
    plan = make_plan(allowance_mb=None)
    promo = Promotion(plan=plan, name="P", from_month="2026-01", to_month="2026-01", bonus_mb=1)
    assert "no allowance to add bonus data" in messages_of(promo)["bonus_mb"]


def test_max_lines_cannot_be_fewer_than_included(make_plan):
    plan = make_plan()
    plan.lines_included, plan.lines_max = 4, 2
    assert "cannot be fewer than the lines included" in messages_of(plan)["lines_max"]


def test_a_day_pass_has_a_single_day_period(make_plan):
    plan = make_plan()
    plan.billing, plan.period_months = "daily", 3
    assert "period must be 1" in messages_of(plan)["period_months"]


def test_prices_and_amounts_have_upper_bounds(make_plan):
    plan = make_plan()
    plan.price = Decimal("1000000.00")
    plan.allowance_mb = 10 * 1024 * 1024 + 1
    errors = messages_of(plan)
    assert "price" in errors
    assert "allowance_mb" in errors


def test_a_promotion_ends_on_or_after_it_starts(make_plan):
    promo = Promotion(plan=make_plan(), name="P", from_month="2026-05", to_month="2026-04")
    assert "end on or after" in messages_of(promo)["to_month"]


def test_a_promotion_month_must_be_a_real_month(make_plan):
    promo = Promotion(plan=make_plan(), name="P", from_month="2026-13", to_month="2026-13")
    assert "YYYY-MM" in messages_of(promo)["from_month"]


def test_a_day_pass_has_no_promotions(make_plan):
    plan = make_plan(billing="daily", kind="day_pass")
    promo = Promotion(plan=plan, name="P", from_month="2026-01", to_month="2026-02")
    assert "monthly billing only" in messages_of(promo)["__all__"]


def test_a_country_is_a_known_two_letter_code(db):
    assert "country" in messages_of(Carrier(name="X", slug="x", country="XX"))
    assert "country" in messages_of(Carrier(name="X", slug="x", country="U1"))
    Carrier(name="X", slug="x", country="PH").full_clean()


def test_data_sizes_convert_between_gb_and_mb_rounding_half_up():
    assert gb_to_mb(Decimal("12.5")) == 12800
    assert gb_to_mb(Decimal("0.001")) == 1  # 1.024 MB rounds to 1
    assert gb_to_mb(Decimal("0.0005")) == 1  # 0.512 MB rounds half up to 1
    assert mb_to_gb(20480) == Decimal("20")
    assert mb_to_gb(1536) == Decimal("1.5")
    assert mb_to_gb(None) is None


def test_rule_summary_reads_as_one_line(make_plan):
    plan = make_plan(
        rule={
            "mode": "capped",
            "cap_mb": 5120,
            "bank_cap_mb": 20480,
            "expires_after_periods": 1,
            "order": "rollover_first",
            "min_use_mb": 1024,
            "forfeit_on_lapse": True,
        }
    )
    assert plan.rollover.short_summary() == (
        "Up to 5 GB a period rolls · bank up to 20 GB · lasts 1 period · used first"
        " · needs 1 GB use · lost on a lapse"
    )


# --- Provenance -----------------------------------------------------------------------------


def test_the_api_list_of_assumed_values_is_sorted_with_promotions_in_api_order(make_plan):
    promotions = [
        {"name": f"P{i}", "from_month": f"2026-{12 - i:02d}", "to_month": "2026-12", "assumed": a}
        for i, a in enumerate([True, False, True] + [False] * 8 + [True])
    ]
    plan = make_plan(assumed=["rollover.bank_cap_mb", "price", "lines"], promotions=promotions)
    # API order: from_month, then id. P11 starts in 2026-01 (index 0), P0 in 2026-12 (last).
    assert plan.assumed_api_names() == [
        "lines",
        "price",
        "promotions[0]",
        "promotions[9]",
        "promotions[11]",
        "rollover.bank_cap_mb",
    ]


def test_an_unknown_or_repeated_assumed_name_is_refused(make_plan):
    plan = make_plan()
    plan.assumed = ["price", "cost"]
    assert "Unknown name(s): cost" in messages_of(plan)["assumed"]
    plan.assumed = ["price", "price"]
    assert "listed twice" in messages_of(plan)["assumed"]


def test_a_source_older_than_three_years_is_old(make_plan):
    plan = make_plan(source_date=datetime.date.today() - datetime.timedelta(days=3 * 366))
    assert plan.source_is_old
    plan.source_date = datetime.date.today() - datetime.timedelta(days=365)
    assert not plan.source_is_old


# --- Spend caps -----------------------------------------------------------------------------


def pay_per_unit(make_plan, **fields):
    return make_plan(
        overage_policy="pay_per_unit",
        overage_unit_mb=1024,
        overage_unit_price=Decimal("10.00"),
        **fields,
    )


def test_a_spend_cap_without_what_happens_after_it_serves_by_default(make_plan):
    plan = pay_per_unit(make_plan)
    plan.overage_spend_cap = Decimal("50.00")
    plan.full_clean()
    assert plan.overage_after_cap == "serve"


def test_what_happens_after_a_cap_needs_a_cap(make_plan):
    plan = pay_per_unit(make_plan)
    plan.overage_after_cap = "block"
    assert "Only a plan with a spend cap" in messages_of(plan)["overage_after_cap"]


def test_a_spend_cap_belongs_to_pay_per_unit_only(make_plan):
    plan = make_plan(overage_policy="throttle")
    plan.overage_spend_cap, plan.overage_after_cap = Decimal("5.00"), "block"
    errors = messages_of(plan)
    assert "Only pay-per-unit overage has a spend cap" in errors["overage_spend_cap"]
    assert "Only pay-per-unit overage with a spend cap" in errors["overage_after_cap"]


# --- Aliases, lines, queries and categories ---------------------------------------------------


@pytest.mark.parametrize(
    ("aliases", "message"),
    [
        (["TM卡", ""], "cannot be empty"),
        (["x" * 51], "longer than 50"),
        (["Smart", "smart"], "listed twice"),
        (["two\nlines"], "one line"),
        ([" padded"], "starts or ends with a space"),
        ("TM卡", "list of names"),
    ],
)
def test_aliases_are_short_distinct_names(carrier, aliases, message):
    carrier.aliases = aliases
    assert message in messages_of(carrier)["aliases"]


def test_a_plan_may_have_up_to_the_engines_hundred_lines(make_plan):
    plan = make_plan(lines_included=100, lines_max=100)
    plan.full_clean()
    plan.lines_max = 101
    assert "lines_max" in messages_of(plan)


def test_named_queries_select_public_open_and_categorised_plans(make_plan, carrier):
    other = Carrier.objects.create(name="Smart", slug="smart", country="PH")
    esim = make_plan(slug="esim", kind="travel_esim")
    closed = make_plan(slug="closed", kind="travel_esim", availability="closed")
    make_plan(slug="hidden", kind="travel_esim", active=False)
    make_plan(slug="ph-esim", kind="travel_esim", carrier=other)
    make_plan(slug="postpaid")
    category = Category.objects.create(
        slug="us-travel-esim", name="US travel eSIMs", kind="travel_esim", country="US"
    )
    assert set(Plan.objects.public().in_category(category)) == {esim, closed}
    assert set(Plan.objects.public().open_to_new().in_category(category)) == {esim}
    # The same membership for a plan in memory.
    assert {p for p in Plan.objects.select_related("carrier") if category.holds(p)} == set(
        Plan.objects.in_category(category)
    )
    carrier.active = False
    carrier.save()
    assert not Plan.objects.public().in_category(category).exists()


def test_plans_for_simulation_cost_two_queries_with_promotions_in_api_order(
    make_plan, django_assert_num_queries
):
    make_plan(
        promotions=[
            {"name": "Later", "from_month": "2026-05", "to_month": "2026-05"},
            {"name": "Sooner", "from_month": "2026-01", "to_month": "2026-01"},
        ]
    )
    make_plan(slug="other")
    with django_assert_num_queries(2) as queries:
        plans = list(Plan.objects.for_simulation())
        names = [[p.name for p in plan.promotions.all()] for plan in plans]
        assert [plan.rollover.mode for plan in plans] == ["none", "none"]
    promotions_query = queries.captured_queries[1]["sql"]
    assert "JOIN" not in promotions_query  # ordered by plan_id, not by the plan's own order
    assert ["Sooner", "Later"] in names
    # Without the prefetch, a plan's promotions come in the same order, ties by id.
    plan = Plan.objects.get(slug="ten-gig")
    Promotion.objects.create(
        plan=plan, name="Also sooner", from_month="2026-01", to_month="2026-02"
    )
    assert [p.name for p in plan.promotions.all()] == ["Sooner", "Also sooner", "Later"]
