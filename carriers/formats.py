"""Data sizes, money and months as people read them: the one home of these formats, for
every page, the chart, the explanations, the CSV, the command line and the admin.

The rules, in the active language:

* **Data** (``size``): whole MB below 1 GB ("50 MB", "1,000 MB"); from 1 GB up, GB rounded
  half up to at most 2 decimals, trailing zeros dropped ("1 GB", "1.5 GB", "12.25 GB",
  "1,024 GB"); zero is "0 GB" (a month table's empty cell reads as a figure, like the
  others); ``None`` (an unlimited allowance) is "unlimited".
  1 GB = 1024 MB. Sizes and counts are grouped as Django's locale groups them: English
  "1,024 GB", Chinese "1024 GB" (Django's Chinese formats group nothing). ``gb`` is the
  bare number in GB with at most 3 decimals (a spreadsheet cell, a form field): 1 MB is
  0.001 GB.
* **Money** (``money``): as the language writes money, by Babel (the Unicode CLDR data),
  always with 2 decimals, rounded half up, never "-0.00": English "$30.00", "₱2,500.00",
  "£1.00", "CN¥58.00", "A$40.00", "CA$40.00", "₹499.00", "-$2.00"; Chinese "US$30.00",
  "PHP2,500.00", "¥58.00", "-US$2.00". ``amount`` is the number alone, grouped the same
  way ("2,500.00" in both languages), for a column whose header names the currency. The
  CSV, the API and ``--json`` write plain numbers ("2500.00") with the currency beside
  them, never these.
* **Counts** (``number``): grouped as sizes are ("1,250 units" / "1250").
* **A plan's price and data per period** (``price_per_period``, ``data_per_period``):
  "$30.00 a month", "$5.00 per day", "$90.00 per 3 months"; "10 GB", "1 GB a day",
  "unlimited data" — the plan list, the plan cards, the plan page and the admin.
* **Months** (``month``, ``short_month``, ``month_span``): "March 2026" / "2026年3月", for
  chart labels "Mar 2026" / "2026年3月", and from one month to another "January 2015 to
  March 2015" / "2015年1月至2015年3月" (one month written once). **Dates** (``day``): the
  language's date format.

Each formatter is cached per language: a result page formats hundreds of amounts, most of
them alike.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, partial

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, ngettext, to_locale
from django.utils.translation import gettext as _

from simulator.engine import MB_PER_GB

from .fields import mb_to_gb

__all__ = [
    "amount",
    "babel_locale",
    "data_per_period",
    "day",
    "gb",
    "gigabytes",
    "money",
    "month",
    "month_span",
    "number",
    "price_per_period",
    "short_month",
    "size",
    "sizer",
]

_HUNDREDTH = Decimal("0.01")


def size(mb: int | None) -> str:
    """An amount of data for people: "50 MB", "1.5 GB", "1,024 GB", "unlimited"."""
    return _size(get_language(), mb)


def sizer() -> Callable[[int | None], str]:
    """``size`` for the language active now, for a caller that writes many sizes at once
    (a chart's tooltips: seven a month). ``get_language()`` goes through asgiref's
    ``Local`` and costs about 1 µs, more than a size already written (0.06 µs)."""
    return partial(_size, get_language())


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


def price_per_period(price: Decimal, currency: str, billing: str, period_months: int) -> str:
    """A plan's price with its period: "$30.00 a month", "$5.00 per day" (``billing``
    "daily": a day pass), "$90.00 per 3 months"."""
    money_ = money(price, currency)
    if billing == "daily":
        return _("%(price)s per day") % {"price": money_}
    if period_months == 1:
        return _("%(price)s a month") % {"price": money_}
    return ngettext("%(price)s per month", "%(price)s per %(count)s months", period_months) % {
        "price": money_,
        "count": number(period_months),
    }


def data_per_period(allowance_mb: int | None, billing: str) -> str:
    """A plan's data: "10 GB" (a period's), "1 GB a day" (a day pass's), "unlimited data"."""
    if allowance_mb is None:
        return _("unlimited data")
    if billing == "daily":
        return _("%(amount)s a day") % {"amount": size(allowance_mb)}
    return size(allowance_mb)


def gb(mb: int | None) -> Decimal | None:
    """The number of GB, at most 3 decimals, no trailing zeros: 1536 → 1.5, 1 → 0.001."""
    return mb_to_gb(mb)


# Django's language code → the Babel (CLDR) locale whose money a reader of it expects:
# Simplified Chinese as written in China ("¥58.00" is yuan there, "US$30.00" dollars).
BABEL_LOCALES = {"en": "en", "zh-hans": "zh_Hans_CN"}
DEFAULT_BABEL_LOCALE = "en"


@lru_cache(maxsize=32)
def babel_locale(language: str | None) -> Locale:
    """The Babel locale of a Django language code: "zh-hans" → zh_Hans_CN; English for a
    language Babel does not know."""
    name = BABEL_LOCALES.get((language or "").lower()) or to_locale(language or "en")
    try:
        return Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        return Locale.parse(DEFAULT_BABEL_LOCALE)


def _cents(value: Decimal) -> Decimal:
    # + 0: a negative zero ("-0.00", e.g. -0.001 rounded) becomes "0.00".
    return value.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP) + 0


def amount(value: Decimal | str) -> str:
    """Money without its currency, 2 decimals, grouped as ``money`` groups it: "2,500.00"."""
    return _amount(get_language(), Decimal(value))


@lru_cache(maxsize=4096)
def _amount(language: str | None, value: Decimal) -> str:
    locale = babel_locale(language)
    # The language's decimal pattern (its grouping) with exactly 2 decimals.
    pattern = locale.decimal_formats[None].pattern.split(";")[0].split(".")[0] + ".00"
    return format_decimal(_cents(value), format=pattern, locale=locale)


def money(value: Decimal | str, currency: str) -> str:
    """Money with its currency, as the active language writes it: "₱2,500.00" (English),
    "PHP2,500.00" (Chinese); always 2 decimals."""
    return _money(get_language(), Decimal(value), currency)


@lru_cache(maxsize=4096)
def _money(language: str | None, value: Decimal, currency: str) -> str:
    # currency_digits=False: the pattern's 2 decimals for every currency (a yen price too).
    return format_currency(
        _cents(value), currency, locale=babel_locale(language), currency_digits=False
    )


def month(text: str) -> str:
    """``"2026-03"`` → "March 2026" (English), "2026年3月" (Chinese)."""
    return _month(get_language(), text, "YEAR_MONTH_FORMAT")


def month_span(first: str, last: str) -> str:
    """``"2015-01"``, ``"2015-03"`` → "January 2015 to March 2015" / "2015年1月至2015年3月";
    one month is written once ("January 2015")."""
    if first == last:
        return month(first)
    return _("%(first)s to %(last)s") % {"first": month(first), "last": month(last)}


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
