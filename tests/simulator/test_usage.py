from decimal import Decimal

import pytest

from simulator.usage import (
    SizeProblem,
    UsageError,
    parse_days,
    parse_usage_gb,
    preset_gb,
    read_size,
    size_message,
)


def test_comma_list_with_a_blank_month_in_gb():
    assert parse_usage_gb("4, 12.5, , 8") == [4096, 12800, None, 8192]


def test_one_figure_per_line_and_a_spreadsheet_column():
    assert parse_usage_gb("4\r\n12.5\r\n\r\n8\r\n") == [4096, 12800, None, 8192]
    assert parse_usage_gb("1\t2\t3") == [1024, 2048, 3072]


def test_full_width_separators_and_a_gb_suffix():
    assert parse_usage_gb("1，2GB；3 gb、4") == [1024, 2048, 3072, 4096]


def test_gb_convert_to_whole_mb_rounding_half_up():
    assert parse_usage_gb("0.001, 0.5, 1.001, 0.01") == [1, 512, 1025, 10]  # 10.24 → 10


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "at least one month"),
        ("1, two", "Month 2"),
        ("-1", "negative"),
        ("NaN", "enter a number"),
        ("1e9", "at most"),
        ("1.00001", "3 decimals"),
        (",".join(["1"] * 37), "At most 36"),
    ],
)
def test_unreadable_use_names_the_month(text, message):
    with pytest.raises(UsageError, match=message):
        parse_usage_gb(text)


def test_days_are_whole_numbers_and_blank_takes_the_default():
    assert parse_days("10, , 31") == [10, None, 31]
    with pytest.raises(UsageError, match="Month 1"):
        parse_days("3.5")


@pytest.mark.parametrize(
    ("text", "mb"),
    [
        ("500MB", 500),
        ("500 MB", 500),
        ("500 mb", 500),
        ("1.5G", 1536),
        ("2 GB", 2048),
        ("2gb", 2048),
        ("0.5 GB", 512),
        ("１．５ＧＢ", 1536),  # full-width, as a Chinese keyboard types it
        ("3", 3072),  # GB unless it says MB
    ],
)
def test_a_size_may_say_its_unit_and_mb_means_mb(text, mb):
    assert read_size(text) == mb


def test_the_use_list_reads_units_month_by_month():
    assert parse_usage_gb("500MB, 1.5G, , 2gb, 0.5 GB") == [500, 1536, None, 2048, 512]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("500.5 MB", "whole_mb"),  # MB come whole
        ("1e9 MB", "too_large"),
        ("20000 GB", "too_large"),
        ("1.0001", "decimals"),
        ("-2 GB", "negative"),
        ("two GB", "not_a_number"),
        ("1\n2", "not_a_number"),
        ("inf", "not_finite"),
    ],
)
def test_a_size_that_cannot_be_read_says_why(text, code):
    with pytest.raises(SizeProblem) as problem:
        read_size(text)
    assert problem.value.code == code
    assert size_message(problem.value)  # a sentence for the field


def test_a_month_typed_in_whole_mb_is_asked_for_again_with_its_number():
    with pytest.raises(UsageError, match="Month 2: type whole MB"):
        parse_usage_gb("1, 0.5 MB")


def test_a_preset_is_its_amounts_with_the_travellers_heavy_month_in_the_middle():
    assert preset_gb("typical", 3) == [Decimal("6")] * 3
    assert preset_gb("traveller", 5) == [2, 2, 20, 2, 2]
