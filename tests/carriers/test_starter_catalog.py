"""The starter catalog's content: the audited facts, the plans readers look for, honest dates,
visible assumptions and Chinese text.

The file is read with tomllib, as the loader reads it; only the last test needs a database.
"""

import datetime
import re
import tomllib
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from carriers.catalog.loader import STARTER_CATALOG
from carriers.models import MAX_LINES
from tests.text import INVISIBLE_OR_CONTROL

CATALOG = tomllib.loads(STARTER_CATALOG.read_text(encoding="utf-8"))
PLANS = {plan["slug"]: plan for plan in CATALOG["plan"]}
CARRIERS = {carrier["slug"]: carrier for carrier in CATALOG["carrier"]}
CATEGORIES = {category["slug"]: category for category in CATALOG.get("category", [])}

ORIGINAL_READING = datetime.date(2026, 11, 22)
AUDIT = datetime.date(2026, 11, 29)
ASSUMED_VOCABULARY = {
    "price",
    "allowance_mb",
    "period_months",
    "overage",
    "overage.spend_cap",
    "throttle_kbps",
    "lines",
    "availability",
    "rollover.mode",
    "rollover.cap_mb",
    "rollover.bank_cap_mb",
    "rollover.expires_after_periods",
    "rollover.order",
    "rollover.min_use_mb",
    "rollover.forfeit_on_lapse",
    "rollover.convert",
}
MONEY = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")

NEW_PLANS = [
    "connect-by-t-mobile-15-5gb",
    "connect-by-t-mobile-25-8gb",
    "connect-by-t-mobile-35-12gb",
    "t-mobile-prepaid-pay-as-you-go-day-pass",
    "att-prepaid-rollover-data",
    "tello-fixed-data-manual-renewal",
    "nomad-us-esim-3gb-30d",
    "dito-data-pack",
    "smart-giga-video-99",
    "t-mobile-simple-choice-prepaid-data-stash-2015",
]


def money(value: str) -> Decimal:
    return Decimal(value)


def all_strings(node, path=""):
    """Every string in the file with where it is, e.g. ('plan[3].rollover.summary', '...')."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from all_strings(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from all_strings(value, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


# --- The audited corrections --------------------------------------------------------------------


def test_t_mobile_3_gb_launch_plan_costs_60_on_a_2015_source_with_its_stash_in_january_2015():
    plan = PLANS["t-mobile-data-stash-2014"]
    assert money(plan["price"]) == Decimal("60.00")
    assert "price" not in plan["assumed"]
    assert plan["source_date"].year == 2015
    assert plan["source_checked"] == AUDIT
    (stash,) = plan["promotions"]
    assert (stash["from_month"], stash["to_month"]) == ("2015-01", "2015-01")
    assert stash["bonus_mb"] == 10 * 1024
    assert "1 January 2015" in plan["notes"]


def test_t_mobile_10_gb_plan_costs_80_as_usa_today_reported():
    plan = PLANS["t-mobile-data-stash-2016"]
    assert money(plan["price"]) == Decimal("80.00")
    assert "price" not in plan["assumed"]
    assert "USA Today, 2015-11-13" in plan["notes"]


def test_the_2020_fifteen_dollar_2_gb_plan_is_connect_by_t_mobile_and_discontinued():
    plan = PLANS["t-mobile-prepaid-15-2gb-2020"]
    assert plan["name"].startswith("Connect by T-Mobile")
    assert plan["availability"] == "discontinued"
    assert plan["source_date"] == datetime.date(2020, 3, 29)
    assert "Connect is still sold" in plan["notes"]


def test_tello_unlimited_bank_cap_is_100_gb_minus_the_plans_allowance_and_its_price_is_sourced():
    plan = PLANS["tello-unlimited-rollover"]
    rule = plan["rollover"]
    assert rule["bank_cap_mb"] + plan["allowance_mb"] == 100 * 1024
    assert "Plan + Rollover" in plan["notes"]
    assert money(plan["price"]) == Decimal("25.00")
    assert "price" not in plan["assumed"]
    assert {"allowance_mb", "rollover.bank_cap_mb"} <= set(plan["assumed"])


def test_mint_unlimited_is_priced_as_the_packs_it_is_sold_in_with_a_monthly_bucket():
    twelve, three = PLANS["mint-unlimited"], PLANS["mint-unlimited-3-month"]
    assert money(twelve["price"]) == Decimal("30.00")
    assert money(three["price"]) == Decimal("40.00")
    assert "a single month cannot be bought" in twelve["notes"]
    for plan in (twelve, three):
        assert plan["period_months"] == 1
        assert "paid up front" in plan["notes"]
        assert "price" not in plan["assumed"]


def test_att_advantage_notes_say_the_support_article_lists_it_among_rollover_plans():
    plan = PLANS["att-mobile-share-advantage-10gb"]
    assert "Advantage among the plans that include Rollover Data" in plan["notes"]
    assert "excludes Mobile Share" not in plan["notes"]
    assert plan["availability"] == "closed"
    assert "availability" not in plan["assumed"]


def test_att_gophone_2015_cites_the_full_techtimes_address():
    plan = PLANS["att-prepaid-gophone-60-4gb-2015"]
    expected = (
        "https://www.techtimes.com/articles/52328/20150512/"
        "at-t-gophone-customers-with-45-and-60-monthly-plans-can-enjoy-rollover-data-starting-may-15.htm"
    )
    assert plan["source_url"] == expected
    assert plan["rollover"]["source_url"] == expected
    assert plan["source_date"] == datetime.date(2015, 5, 12)


def test_verizon_price_includes_the_20_dollar_access_charge_and_safety_mode_below_xl():
    plan = PLANS["verizon-plan-carryover"]
    assert money(plan["price"]) == Decimal("50.00") + Decimal("20.00") + Decimal("5.00")
    assert "access charge of 20 USD a month per smartphone" in plan["notes"]
    assert "5 USD a month on S, M and L" in plan["notes"]
    assert (plan["overage_policy"], plan["throttle_kbps"]) == ("throttle", 128)
    assert "select older plans, which are closed to sign-up" in plan["notes"]


def test_allset_bridge_data_says_its_clock_starts_at_first_use_and_it_was_an_add_on():
    plan = PLANS["verizon-allset-bridge-data-2014"]
    assert "the 3 months start when the bucket is first used, not at purchase" in plan["notes"]
    assert "45 USD monthly plan with 500 MB" in plan["notes"]
    assert (plan["period_months"], plan["allowance_mb"]) == (3, 1024)
    assert "allowance_mb" not in plan["assumed"]


def test_visible_one_line_alone_paid_40_and_35_was_the_price_in_a_party_of_two():
    plan = PLANS["visible-unlimited-2019"]
    assert money(plan["price"]) == Decimal("40.00")
    assert "price" not in plan["assumed"]
    assert "35 USD each in a party of two" in plan["notes"]


def test_globe_has_no_limit_on_child_lines_so_lines_max_is_the_catalogs_maximum():
    plan = PLANS["globe-gosurf-share-rollover"]
    assert plan["lines_max"] == MAX_LINES
    assert "no limit to the number of daughter accounts" in plan["notes"]
    assert (money(plan["price"]), plan["allowance_mb"]) == (Decimal("999.00"), 3072)
    assert not {"price", "allowance_mb", "lines"} & set(plan["assumed"])


@pytest.mark.parametrize(
    "slug",
    [
        "china-mobile-monthly-rollover",
        "china-unicom-monthly-rollover",
        "china-telecom-beijing-monthly-rollover",
    ],
)
def test_chinese_operators_charge_data_over_the_plan_per_unit(slug):
    plan = PLANS[slug]
    assert plan["overage_policy"] == "pay_per_unit"
    assert plan["overage_unit_mb"] >= 1
    assert money(plan["overage_unit_price"]) > 0


def test_china_mobile_charges_029_per_mb_up_to_500_yuan():
    plan = PLANS["china-mobile-monthly-rollover"]
    assert (plan["overage_unit_mb"], plan["overage_unit_price"]) == (1, "0.29")
    assert plan["overage_spend_cap"] == "500.00"


def test_three_uk_pay_as_you_go_charges_every_mb_over_the_add_on_without_a_cap():
    plan = PLANS["three-uk-payg-data-add-on"]
    assert (plan["overage_policy"], plan["overage_unit_mb"]) == ("pay_per_unit", 1)
    assert "overage_spend_cap" not in plan
    assert "overage" in plan["assumed"]  # the per-MB rate is Three's 2013 rate


def test_airtel_499_with_40_gb_is_not_on_sale():
    plan = PLANS["airtel-postpaid-data-rollover"]
    assert (money(plan["price"]), plan["allowance_mb"]) == (Decimal("499.00"), 40 * 1024)
    assert plan["availability"] != "available"
    assert "75 GB" in plan["notes"]


def test_smart_postpaid_overage_stops_at_php_2500_then_slows_to_128_kbps():
    plan = PLANS["smart-postpaid-php2-per-mb"]
    assert (plan["overage_unit_mb"], plan["overage_unit_price"]) == (1, "2.00")
    assert (plan["overage_spend_cap"], plan["overage_after_cap"]) == ("2500.00", "throttle")
    assert plan["throttle_kbps"] == 128
    assert "Php 2,500" in plan["notes"]
    assert "overage.spend_cap" not in plan["assumed"]


def test_smarty_turns_each_unused_gb_into_one_pound_off_the_next_plan():
    plan = PLANS["smarty-3gb-money-off"]
    rule = plan["rollover"]
    assert rule["mode"] == "none"
    assert (rule["convert_unit_mb"], rule["convert_credit"]) == (1024, "1.00")
    assert "£5" in plan["notes"] and "6 months" in plan["notes"] and "£1.25" in plan["notes"]


@pytest.mark.parametrize(
    ("slug", "price"),
    [
        ("smarty-3gb-money-off", "8.00"),
        ("sky-mobile-piggybank-5gb-2017", "15.00"),
        ("airtel-postpaid-data-rollover", "499.00"),
        ("globe-gosurf-share-rollover", "999.00"),
    ],
)
def test_prices_found_by_the_audit_are_no_longer_assumed(slug, price):
    plan = PLANS[slug]
    assert plan["price"] == price
    assert "price" not in plan["assumed"]
    assert "Assumed: price" not in plan["notes"]


# --- The plans readers looked for ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "price", "gb"),
    [
        ("connect-by-t-mobile-15-5gb", "15.00", 5),
        ("connect-by-t-mobile-25-8gb", "25.00", 8),
        ("connect-by-t-mobile-35-12gb", "35.00", 12),
    ],
)
def test_connect_by_t_mobile_sizes_stop_at_the_cap_and_never_roll_over(slug, price, gb):
    plan = PLANS[slug]
    assert (plan["carrier"], plan["price"], plan["allowance_mb"]) == (
        "t-mobile-us",
        price,
        gb * 1024,
    )
    assert plan["overage_policy"] == "block"
    assert plan["rollover"]["mode"] == "none"
    assert plan["assumed"] == []


def test_t_mobile_pay_as_you_go_is_a_5_dollar_500_mb_day_pass_and_says_what_it_cannot_model():
    plan = PLANS["t-mobile-prepaid-pay-as-you-go-day-pass"]
    assert (plan["billing"], plan["price"], plan["allowance_mb"]) == ("daily", "5.00", 500)
    assert plan["rollover"]["mode"] == "none"
    assert "the 7-day pass cannot be modelled" in plan["notes"]
    assert "3 USD" in plan["notes"]


def test_att_prepaid_rolls_over_for_one_renewal_period_only_when_renewed_on_time():
    plan = PLANS["att-prepaid-rollover-data"]
    rule = plan["rollover"]
    assert (rule["mode"], rule["expires_after_periods"]) == ("full", 1)
    assert (rule["order"], rule["forfeit_on_lapse"]) == ("allowance_first", True)
    assert {"price", "allowance_mb"} <= set(plan["assumed"])
    assert rule["summary_is_quote"] is True


def test_tello_fixed_data_plans_state_the_manual_renewal_condition():
    plan = PLANS["tello-fixed-data-manual-renewal"]
    assert "manually at least 24 hours before the cycle ends" in plan["notes"]
    assert "manually at least 24 hours before the cycle ends" in plan["rollover"]["summary"]
    assert plan["rollover"]["forfeit_on_lapse"] is True
    assert "rollover.mode" in plan["assumed"]


def test_nomad_says_in_its_own_words_that_nothing_carries_over():
    rule = PLANS["nomad-us-esim-3gb-30d"]["rollover"]
    assert rule["mode"] == "none"
    assert rule["summary_is_quote"] is True
    assert "will not carry over" in rule["summary"]


def test_dito_packs_expire_with_their_validity():
    plan = PLANS["dito-data-pack"]
    assert plan["carrier"] == "dito-ph" and CARRIERS["dito-ph"]["country"] == "PH"
    assert plan["rollover"]["mode"] == "none"
    assert "expire after the validity period" in plan["rollover"]["summary"]


def test_a_smart_giga_promo_expires_with_its_validity_beside_no_expiry_magic_data():
    giga, magic = PLANS["smart-giga-video-99"], PLANS["smart-magic-data-99"]
    assert giga["carrier"] == magic["carrier"] == "smart-ph"
    assert giga["rollover"]["mode"] == "none"
    assert magic["rollover"]["mode"] == "full"
    assert "expires_after_periods" not in magic["rollover"]


def test_t_mobile_simple_choice_prepaid_data_stash_is_historical_from_22_march_2015():
    plan = PLANS["t-mobile-simple-choice-prepaid-data-stash-2015"]
    assert plan["kind"] == "prepaid"
    assert "22 March 2015" in plan["notes"]
    assert plan["rollover"]["expires_after_periods"] == 12
    assert plan["availability"] != "available"


def test_holafly_notes_always_on():
    notes = PLANS["holafly-us-unlimited-30d"]["notes"]
    assert "Always On" in notes and "1 GB every 30 days" in notes and "16 February 2026" in notes


@pytest.mark.parametrize("slug", NEW_PLANS)
def test_every_new_plan_has_a_source_a_check_date_and_a_rule(slug):
    plan = PLANS[slug]
    assert plan["source_url"].startswith(("https://", "http://"))
    assert plan["source_checked"] in (ORIGINAL_READING, AUDIT)
    assert plan["rollover"]["summary"] and plan["rollover"]["summary_zh_hans"]


# --- Carriers, aliases and the category ---------------------------------------------------------


def test_t_mobile_and_smart_carry_the_names_people_search_for():
    assert set(CARRIERS["t-mobile-us"]["aliases"]) >= {
        "TM卡",
        "T-M卡",
        "T~M卡",
        "T-Mobile",
        "tmobile",
        "美国TM卡",
    }
    assert set(CARRIERS["smart-ph"]["aliases"]) >= {"Smart卡", "Smart", "TNT"}


def test_chinese_operators_have_chinese_names_and_short_aliases():
    expected = {"china-mobile": ("中国移动", "移动"), "china-unicom": ("中国联通", "联通")}
    expected["china-telecom"] = ("中国电信", "电信")
    for slug, (name, alias) in expected.items():
        assert CARRIERS[slug]["name_zh_hans"] == name
        assert alias in CARRIERS[slug]["aliases"]
    assert "CMCC" in CARRIERS["china-mobile"]["aliases"]


def test_the_us_travel_esim_category_says_none_of_them_rolls_over():
    category = CATEGORIES["us-travel-esim"]
    assert (category["kind"], category["country"]) == ("travel_esim", "US")
    assert category["name_zh_hans"] == "美国旅行 eSIM（美国E卡）"
    assert set(category["aliases"]) >= {"美国E卡", "E卡", "US eSIM", "esim", "美国esim"}
    assert "None of them rolls over" in category["notes"]
    assert "不能结转" in category["notes_zh_hans"]


def test_every_travel_esim_plan_of_the_category_never_rolls_over():
    esims = [p for p in PLANS.values() if p["kind"] == "travel_esim"]
    assert len(esims) >= 3
    assert all(p["rollover"]["mode"] == "none" for p in esims)


# --- Rules that hold for the whole file ---------------------------------------------------------


def test_every_carrier_note_and_every_rule_summary_has_chinese_text():
    missing = [
        c["slug"] for c in CARRIERS.values() if c.get("notes") and not c.get("notes_zh_hans")
    ]
    for plan in PLANS.values():
        rule = plan["rollover"]
        if rule.get("summary") and not rule.get("summary_zh_hans", "").strip():
            missing.append(f"{plan['slug']} summary")
        if plan.get("notes") and not plan.get("notes_zh_hans", "").strip():
            missing.append(f"{plan['slug']} notes")
        if rule.get("convert_benefit") and not rule.get("convert_benefit_zh_hans", "").strip():
            missing.append(f"{plan['slug']} convert_benefit")
        for promo in plan.get("promotions", []):
            if not promo.get("name_zh_hans", "").strip():
                missing.append(f"{plan['slug']} promotion {promo['name']}")
    for category in CATEGORIES.values():
        if not category.get("notes_zh_hans", "").strip():
            missing.append(f"category {category['slug']}")
    assert missing == []


def test_every_carrier_has_notes_in_both_languages():
    assert all(c.get("notes") and c.get("notes_zh_hans") for c in CARRIERS.values())


def test_no_text_contains_a_zero_width_or_control_character():
    found = [path for path, text in all_strings(CATALOG) if INVISIBLE_OR_CONTROL.search(text)]
    assert found == []


def test_every_assumed_entry_is_in_the_vocabulary_and_lists_are_lists_of_strings():
    for plan in PLANS.values():
        assert isinstance(plan["assumed"], list), plan["slug"]
        assert set(plan["assumed"]) <= ASSUMED_VOCABULARY, plan["slug"]
        assert len(plan["assumed"]) == len(set(plan["assumed"])), plan["slug"]
        for promo in plan.get("promotions", []):
            assert isinstance(promo.get("assumed", False), bool)
    for entry in [*CARRIERS.values(), *CATEGORIES.values()]:
        aliases = entry.get("aliases", [])
        assert isinstance(aliases, list) and all(isinstance(a, str) and a for a in aliases)


def test_a_plan_says_assumed_in_its_notes_exactly_when_its_assumed_list_is_not_empty():
    mismatched = [
        slug
        for slug, plan in PLANS.items()
        if ("Assumed:" in plan["notes"]) != bool(plan["assumed"])
        or ("假设：" in plan["notes_zh_hans"]) != bool(plan["assumed"])
    ]
    assert mismatched == []


def test_source_dates_are_real_dates_never_after_the_day_the_source_was_read():
    for plan in PLANS.values():
        assert type(plan["source_checked"]) is datetime.date, plan["slug"]
        assert plan["source_checked"] in (ORIGINAL_READING, AUDIT), plan["slug"]
        if "source_date" in plan:
            assert type(plan["source_date"]) is datetime.date, plan["slug"]
            assert plan["source_date"] <= plan["source_checked"], plan["slug"]


def three_years_before(day: datetime.date) -> datetime.date:
    return day.replace(year=day.year - 3)


def test_no_plan_is_available_on_a_source_older_than_three_years_unless_its_notes_say_why():
    unexplained = [
        slug
        for slug, plan in PLANS.items()
        if plan["availability"] == "available"
        and "source_date" in plan
        and plan["source_date"] < three_years_before(plan["source_checked"])
        and "Shown as available because" not in plan["notes"]
    ]
    assert unexplained == []


def test_availability_is_one_of_the_three_states():
    assert {p["availability"] for p in PLANS.values()} <= {"available", "closed", "discontinued"}


def test_a_summary_is_marked_as_a_quote_only_when_it_is_in_quotation_marks():
    for plan in PLANS.values():
        rule = plan["rollover"]
        quoted = rule["summary"].startswith("“") and rule["summary"].endswith("”")
        assert rule.get("summary_is_quote", False) is quoted, plan["slug"]


def test_values_have_the_exact_types_the_strict_loader_expects():
    ints = (
        "allowance_mb",
        "period_months",
        "overage_unit_mb",
        "throttle_kbps",
        "lines_included",
        "lines_max",
        "extra_line_allowance_mb",
    )
    moneys = ("price", "overage_unit_price", "overage_spend_cap", "extra_line_price")
    rule_ints = ("cap_mb", "bank_cap_mb", "expires_after_periods", "min_use_mb", "convert_unit_mb")
    for plan in PLANS.values():
        rule = plan["rollover"]
        for key in ints:
            if key in plan:
                assert type(plan[key]) is int, (plan["slug"], key)
        for key in moneys:
            if key in plan:
                assert isinstance(plan[key], str) and MONEY.match(plan[key]), (plan["slug"], key)
        for key in rule_ints:
            if key in rule:
                assert type(rule[key]) is int, (plan["slug"], key)
        if "convert_credit" in rule:
            assert MONEY.match(rule["convert_credit"]), plan["slug"]
        assert type(rule["forfeit_on_lapse"]) is bool, plan["slug"]
        for promo in plan.get("promotions", []):
            assert type(promo["bonus_mb"]) is int and type(promo["extra_expiry_periods"]) is int


def test_spend_caps_only_on_pay_per_unit_and_rollover_only_on_limited_monthly_plans():
    for plan in PLANS.values():
        rule = plan["rollover"]
        if "overage_spend_cap" in plan or "overage_after_cap" in plan:
            assert plan["overage_policy"] == "pay_per_unit", plan["slug"]
            assert plan.get("overage_after_cap", "serve") in ("serve", "throttle", "block")
        if rule["mode"] != "none":
            assert plan["billing"] == "monthly" and "allowance_mb" in plan, plan["slug"]


def test_a_conversion_has_a_unit_and_at_least_one_effect():
    for plan in PLANS.values():
        rule = plan["rollover"]
        if "convert_unit_mb" in rule:
            by_rate = rule.get("convert_rate", 0) >= 1 and rule.get("convert_benefit")
            assert by_rate or "convert_credit" in rule, plan["slug"]


def test_every_plan_names_a_carrier_in_the_file_and_slugs_are_unique():
    assert len(PLANS) == len(CATALOG["plan"])
    assert len(CARRIERS) == len(CATALOG["carrier"])
    assert {plan["carrier"] for plan in PLANS.values()} <= set(CARRIERS)


# --- Into the database --------------------------------------------------------------------------


def test_load_catalog_loads_every_record_of_the_real_file(db):
    out = StringIO()
    call_command("load_catalog", stdout=out)
    counts = {
        model: apps.get_model("carriers", model).objects.count()
        for model in ("Carrier", "Plan", "RolloverRule", "Promotion", "Category")
    }
    assert counts == {
        "Carrier": len(CARRIERS),
        "Plan": len(PLANS),
        "RolloverRule": len(PLANS),
        "Promotion": sum(len(p.get("promotions", [])) for p in PLANS.values()),
        "Category": len(CATEGORIES),
    }
    assert f"{len(PLANS)} plans in the file" in out.getvalue()
