"""The Month helper: "YYYY-MM" arithmetic."""

from __future__ import annotations

import pytest

from simulator.engine import Month


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
