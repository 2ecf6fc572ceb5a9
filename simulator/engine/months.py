"""Calendar months.

Inside the engine a month is an integer, ``year * 12 + month - 1``, so the per-month
loop never parses or formats a string; ``Month`` is the public helper for the same
arithmetic on ``"YYYY-MM"`` texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import overload

from .bounds import MONTH_PATTERN

__all__ = ["MONTH_TEXTS", "Month", "days_in", "month_index", "month_text"]

_MONTH_RE = re.compile(MONTH_PATTERN)  # the API's, the forms' and the catalog's month
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_INDEX_CACHE: dict[str, int] = {}


def month_index(text: object) -> int | None:
    """``"2026-01"`` -> ``2026 * 12 + 0``; None when the text is not a valid month.

    Valid months are cached (a plan's promotion months are read on every check)."""
    if type(text) is not str:
        return None
    index = _INDEX_CACHE.get(text)
    if index is not None:
        return index
    if _MONTH_RE.fullmatch(text) is None:
        return None
    year, month = int(text[:4]), int(text[5:7])
    if year < 1:  # the pattern writes year 0000 too; there is no month before year 1
        return None
    index = year * 12 + month - 1
    if len(_INDEX_CACHE) < 100_000:  # bounded: there are fewer valid months than that
        _INDEX_CACHE[text] = index
    return index


class MonthTexts(dict):
    """Month index -> ``"YYYY-MM"``, made on first use and kept: a run names the same
    months over and over, and ``MONTH_TEXTS[index]`` is a plain dict lookup. Bounded (at
    most every month of 8,000 years)."""

    def __missing__(self, index: int) -> str:
        year, month0 = divmod(index, 12)
        text = f"{year:04d}-{month0 + 1:02d}"
        if len(self) < 100_000:
            self[index] = text
        return text


MONTH_TEXTS = MonthTexts()


def month_text(index: int) -> str:
    """``2026 * 12 + 0`` -> ``"2026-01"`` (``MONTH_TEXTS[index]``)."""
    return MONTH_TEXTS[index]


def days_in(index: int) -> int:
    """The number of days of the month ``index`` (Gregorian leap years)."""
    year, month0 = divmod(index, 12)
    if month0 == 1 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS[month0]


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """A calendar month, for ``"YYYY-MM"`` arithmetic.

    >>> str(Month.parse("2026-11") + 3)
    '2027-02'
    >>> Month.parse("2028-02").days
    29
    """

    index: int  # year * 12 + (month - 1)

    @classmethod
    def parse(cls, text: str) -> Month:
        index = month_index(text)
        if index is None:
            raise ValueError(f"{text!r} is not a month in the form YYYY-MM")
        return cls(index)

    @classmethod
    def of(cls, year: int, month: int) -> Month:
        return cls(year * 12 + month - 1)

    @staticmethod
    def is_valid(text: object) -> bool:
        return month_index(text) is not None

    @staticmethod
    def add(text: str, months: int) -> str:
        """``Month.add("2026-11", 3) == "2027-02"``."""
        return str(Month.parse(text) + months)

    @staticmethod
    def days_in(text: str) -> int:
        return Month.parse(text).days

    @property
    def year(self) -> int:
        return self.index // 12

    @property
    def month(self) -> int:
        return self.index % 12 + 1

    @property
    def days(self) -> int:
        return days_in(self.index)

    def __add__(self, months: int) -> Month:
        return Month(self.index + months)

    @overload
    def __sub__(self, other: Month) -> int: ...
    @overload
    def __sub__(self, other: int) -> Month: ...
    def __sub__(self, other: Month | int) -> int | Month:
        """``month - month``: the months between them; ``month - n``: n months earlier."""
        if isinstance(other, Month):
            return self.index - other.index
        return Month(self.index - other)

    def __str__(self) -> str:
        return month_text(self.index)
