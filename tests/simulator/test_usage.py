import pytest

from simulator.usage import UsageError, parse_days, parse_usage_gb


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
