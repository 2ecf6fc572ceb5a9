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


def test_the_bare_number_of_gb_has_at_most_three_decimals():
    assert formats.gb(1536) == Decimal("1.5")
    assert formats.gb(1) == Decimal("0.001")
    assert formats.gb(10240) == Decimal("10")
    assert formats.gb(None) is None


@pytest.mark.parametrize(
    ("value", "currency", "text"),
    [
        (Decimal("30"), "USD", "30.00 USD"),
        ("2500", "PHP", "2,500.00 PHP"),
        (Decimal("-0"), "USD", "0.00 USD"),  # a price typed as "-0" is 0.00, never -0.00
        (Decimal("999999.99"), "CNY", "999,999.99 CNY"),
    ],
)
def test_money_has_two_decimals_grouped_thousands_and_its_currency(value, currency, text):
    with translation.override("en"):
        assert formats.money(value, currency) == text


def test_an_amount_alone_has_no_currency():
    with translation.override("en"):
        assert formats.amount(Decimal("0.5")) == "0.50"


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
        assert admin.price_display(plan) == "30.00 USD / period"
        summary = plan.rollover.short_summary()
    assert "bank up to 1.5 GB" in summary
    assert "needs 1 MB use" in summary
