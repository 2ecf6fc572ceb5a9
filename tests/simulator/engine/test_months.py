"""The Month helper: "YYYY-MM" arithmetic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.engine import MONTH_PATTERN, Month, months


def test_month_helper_adds_months_across_years_and_knows_leap_years():
    assert str(Month.parse("2026-11") + 3) == "2027-02"
    assert Month.add("2026-01", -1) == "2025-12"
    assert str(Month.parse("2026-01") - 2) == "2025-11"
    assert Month.parse("2028-02").days == 29
    assert Month.parse("2100-02").days == 28
    assert Month.parse("2000-02").days == 29
    assert Month.days_in("2026-04") == 30
    assert Month.parse("2027-01") - Month.parse("2026-01") == 12
    assert (Month.parse("2026-03").year, Month.parse("2026-03").month) == (2026, 3)
    assert Month.is_valid("2026-13") is False


@pytest.mark.parametrize("text", ["2026-1", "2026-00", "26-01", "2026/01", "", "0000-01"])
def test_month_helper_rejects_what_is_not_a_month(text):
    with pytest.raises(ValueError):
        Month.parse(text)


@given(
    st.from_regex(r"[0-9]{4}-[0-9]{2}", fullmatch=True)
    | st.from_regex(r"\s?[0-9]{2,5}[-/][0-9]{1,3}\s?", fullmatch=True)
    | st.text(max_size=9)
)
def test_a_month_is_exactly_what_the_api_and_the_catalog_accept_from_year_1(text):
    written = re.fullmatch(MONTH_PATTERN, text) is not None and text[:4] != "0000"
    assert Month.is_valid(text) is written


def test_the_engine_writes_its_month_pattern_once_in_its_bounds():
    engine = Path(months.__file__).parent
    holders = sorted(p.name for p in engine.glob("*.py") if "[0-9]{4}" in p.read_text("utf-8"))
    assert holders == ["bounds.py"]
