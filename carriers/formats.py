"""Data sizes, money and months as people read them: the one home of these formats, for
every page, the chart, the explanations, the CSV, the command line and the admin.

The rules (in the active language; English and Simplified Chinese both write "1,024.5"):

* **Data** (``size``): whole MB below 1 GB ("50 MB", "1,000 MB"); from 1 GB up, GB rounded
  half up to at most 2 decimals, trailing zeros dropped, thousands grouped ("1 GB",
  "1.5 GB", "12.25 GB", "1,024 GB"); nothing is "0 GB"; ``None`` (an unlimited allowance)
  is "unlimited". 1 GB = 1024 MB. ``gb`` is the bare number in GB with at most 3 decimals
  (a spreadsheet cell, a form field): 1 MB is 0.001 GB.
* **Money** (``money``): 2 decimals, thousands grouped, the ISO 4217 code after it:
  "2,500.00 PHP". ``amount`` is the number alone ("2,500.00"); the CSV writes plain
  numbers ("2500.00") with the currency in its header.
* **Counts** (``number``): thousands grouped ("1,250 units").
* **Months** (``month``, ``short_month``): "March 2026" / "2026年3月", and for chart labels
  "Mar 2026" / "2026年3月". **Dates** (``day``): the language's date format.

Each formatter is cached per language: a result page formats hundreds of amounts, most of
them alike.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from simulator.engine import MB_PER_GB

from .fields import mb_to_gb

__all__ = [
    "amount",
    "day",
    "gb",
    "gigabytes",
    "money",
    "month",
    "number",
    "short_month",
    "size",
]

_HUNDREDTH = Decimal("0.01")


def size(mb: int | None) -> str:
    """An amount of data for people: "50 MB", "1.5 GB", "1,024 GB", "unlimited"."""
    return _size(get_language(), mb)


@lru_cache(maxsize=8192)
def _size(language: str | None, mb: int | None) -> str:
    if mb is None:
        return _("unlimited")
    if 0 < mb < MB_PER_GB:
        return _("%(amount)s MB") % {"amount": number_format(mb, force_grouping=True)}
    value = (Decimal(mb) / MB_PER_GB).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return _("%(amount)s GB") % {"amount": number_format(value, force_grouping=True)}


def gigabytes(value: Decimal) -> str:
    """An amount already in GB, with its unit and no more decimals than it has: "0.5 GB",
    "2,500 GB" (a chart's axis, where every tick is in GB)."""
    value = Decimal(value)
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return _("%(amount)s GB") % {"amount": number_format(value, force_grouping=True)}


def number(value: int) -> str:
    """A count with thousands grouped: "1,250"."""
    return number_format(value, force_grouping=True)


def gb(mb: int | None) -> Decimal | None:
    """The number of GB, at most 3 decimals, no trailing zeros: 1536 → 1.5, 1 → 0.001."""
    return mb_to_gb(mb)


def amount(value: Decimal | str) -> str:
    """Money without its currency: "2,500.00"."""
    return _amount(get_language(), Decimal(value))


@lru_cache(maxsize=4096)
def _amount(language: str | None, value: Decimal) -> str:
    return number_format(value + 0, 2, force_grouping=True)  # + 0: never "-0.00"


def money(value: Decimal | str, currency: str) -> str:
    """Money with its currency: "2,500.00 PHP"."""
    return _("%(amount)s %(currency)s") % {"amount": amount(value), "currency": currency}


def month(text: str) -> str:
    """``"2026-03"`` → "March 2026" (English), "2026年3月" (Chinese)."""
    return _month(get_language(), text, "YEAR_MONTH_FORMAT")


def short_month(text: str) -> str:
    """``"2026-03"`` → "Mar 2026" (English), "2026年3月" (Chinese): a chart label."""
    language = get_language() or ""
    return _month(language, text, "Y年n月" if language.startswith("zh") else "M Y")


@lru_cache(maxsize=4096)
def _month(language: str | None, text: str, pattern: str) -> str:
    year, number = text.split("-")
    return date_format(datetime.date(int(year), int(number), 1), pattern)


def day(value: datetime.date) -> str:
    """A date in the language's format: "Nov. 22, 2026" / "2026年11月22日"."""
    return date_format(value, "DATE_FORMAT")
