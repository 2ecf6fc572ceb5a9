"""One way to write data, money and months (``carriers.formats``), in both languages."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from carriers import formats

GB = 1024


@pytest.mark.parametrize(
    ("mb", "text"),
    [
        (0, "0 GB"),
        (1, "1 MB"),
        (50, "50 MB"),  # under 1 GB: whole MB, never "0.05 GB" or "under 0.1 GB"
        (1000, "1,000 MB"),
        (GB - 1, "1,023 MB"),
        (GB, "1 GB"),
        (1100, "1.07 GB"),  # 1.0742 GB: at most 2 decimals, rounded half up
        (1126, "1.1 GB"),  # 1.0996 GB → 1.10: the trailing zero is dropped
        (1536, "1.5 GB"),
        (12800, "12.5 GB"),
        (GB * GB, "1,024 GB"),  # no TB: GB with thousands grouped
        (None, "unlimited"),
    ],
)
def test_a_size_is_mb_below_a_gigabyte_and_gb_with_two_decimals_above(mb, text):
    with translation.override("en"):
        assert formats.size(mb) == text


def test_sizes_in_chinese_keep_the_units_and_say_unlimited_in_chinese():
    with translation.override("zh-hans"):
        assert formats.size(1536) == "1.5 GB"
        assert formats.size(50) == "50 MB"
        assert formats.size(None) != "unlimited"


def test_a_sizer_writes_sizes_in_the_language_active_when_it_was_made():
    with translation.override("zh-hans"):
        chinese = formats.sizer()
        unlimited = formats.size(None)
    with translation.override("en"):
        english = formats.sizer()
        assert (chinese(None), chinese(1536)) == (unlimited, "1.5 GB")
        assert [english(mb) for mb in (None, 50, 1536)] == ["unlimited", "50 MB", "1.5 GB"]


def test_the_bare_number_of_gb_has_at_most_three_decimals():
    assert formats.gb(1536) == Decimal("1.5")
    assert formats.gb(1) == Decimal("0.001")
    assert formats.gb(10240) == Decimal("10")
    assert formats.gb(None) is None


@pytest.mark.parametrize(
    ("value", "currency", "english", "chinese"),
    [
        (Decimal("30"), "USD", "$30.00", "US$30.00"),
        ("2500", "PHP", "₱2,500.00", "PHP2,500.00"),
        (Decimal("1"), "GBP", "£1.00", "£1.00"),
        (Decimal("58"), "CNY", "CN¥58.00", "¥58.00"),
        (Decimal("40"), "AUD", "A$40.00", "AU$40.00"),
        (Decimal("40"), "CAD", "CA$40.00", "CA$40.00"),
        (Decimal("499"), "INR", "₹499.00", "₹499.00"),
        (Decimal("999999.99"), "CNY", "CN¥999,999.99", "¥999,999.99"),
        (Decimal("0.005"), "USD", "$0.01", "US$0.01"),  # 2 decimals, rounded half up
        (Decimal("5"), "JPY", "¥5.00", "JP¥5.00"),  # 2 decimals for every currency
    ],
)
def test_money_is_written_as_each_language_writes_it_with_two_decimals(
    value, currency, english, chinese
):
    with translation.override("en"):
        assert formats.money(value, currency) == english
    with translation.override("zh-hans"):
        assert formats.money(value, currency) == chinese


def test_negative_money_keeps_its_sign_and_zero_is_never_negative():
    with translation.override("en"):
        assert formats.money(Decimal("-2"), "USD") == "-$2.00"
        assert formats.money(Decimal("-0"), "USD") == "$0.00"  # a price typed as "-0"
        assert formats.money(Decimal("-0.001"), "USD") == "$0.00"  # rounds to zero
        assert formats.amount(Decimal("-0.00")) == "0.00"
    with translation.override("zh-hans"):
        assert formats.money(Decimal("-2"), "USD") == "-US$2.00"


def test_an_amount_alone_has_no_currency_and_is_grouped_as_money_is():
    with translation.override("en"):
        assert formats.amount(Decimal("0.5")) == "0.50"
        assert formats.amount("2500") == "2,500.00"
    with translation.override("zh-hans"):
        assert formats.amount("2500") == "2,500.00"


def test_sizes_and_counts_follow_djangos_locale_which_groups_nothing_in_chinese():
    with translation.override("zh-hans"):
        assert formats.size(GB * GB) == "1024 GB"
        assert formats.number(12500) == "12500"


def test_a_language_babel_does_not_know_writes_money_as_english_does():
    assert str(formats.babel_locale("xx-nowhere")) == "en"
    assert str(formats.babel_locale("zh-hans")) == "zh_Hans_CN"


def test_months_and_dates_follow_the_language():
    when = datetime.date(2026, 11, 22)
    with translation.override("en"):
        assert formats.month("2026-03") == "March 2026"
        assert formats.short_month("2026-03") == "Mar 2026"
        assert formats.day(when) == "Nov. 22, 2026"
    with translation.override("zh-hans"):
        assert formats.month("2026-03") == "2026年3月"
        assert formats.short_month("2026-03") == "2026年3月"
        assert formats.day(when) == "2026年11月22日"


def test_the_admin_and_the_rule_summary_use_the_same_sizes(make_plan):
    from carriers.admin import PlanAdmin
    from carriers.models import Plan

    plan = make_plan(
        allowance_mb=50,
        rule={"mode": "full", "bank_cap_mb": 1536, "min_use_mb": 1},
    )
    admin = PlanAdmin(Plan, None)
    with translation.override("en"):
        assert admin.allowance_display(plan) == "50 MB"
        assert admin.price_display(plan) == "$30.00 a month"
        plan.billing, plan.price = "daily", Decimal("5.00")
        assert admin.price_display(plan) == "$5.00 per day"
        assert admin.allowance_display(plan) == "50 MB a day"  # as the plan list writes it
        plan.billing, plan.period_months = "monthly", 3
        assert admin.price_display(plan) == "$5.00 per 3 months"
        summary = plan.rollover.short_summary()
    assert "bank up to 1.5 GB" in summary
    assert "needs 1 MB use" in summary


def test_a_span_of_months_reads_from_one_to_the_other_and_one_month_once():
    with translation.override("en"):
        assert formats.month_span("2015-01", "2015-03") == "January 2015 to March 2015"
        assert formats.month_span("2015-01", "2015-01") == "January 2015"
    with translation.override("zh-hans"):
        assert formats.month_span("2015-01", "2015-03") == "2015年1月至2015年3月"
        assert formats.month_span("2015-01", "2015-01") == "2015年1月"
