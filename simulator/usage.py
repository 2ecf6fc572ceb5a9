"""Reading a person's month-by-month use as they type or paste it.

"4, 12.5, , 8", one figure per line, or a spreadsheet column or row: sizes in GB with up to
3 decimals, converted to whole MB with round-half-up (spec §1). A blank entry is a month
with no service (the plan was not renewed). Full-width separators (，；、) and digits are
accepted, and so is a unit after a number, with or without a space: "2 GB", "2gb", "1.5G",
"500MB", "500 MB" (MB means MB: "500 MB" is exactly 500 MB, a whole number of them). The
same reading serves every size field of the forms (``read_size``). The presets (light,
typical, heavy, traveller) are use too, and a simulation starts this month unless told
otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from carriers.fields import gb_to_mb

from .engine import MAX_DATA_MB, MB_PER_GB

MAX_GB = Decimal(MAX_DATA_MB) / MB_PER_GB
# Presets in GB a month: a traveller has one heavy month in the middle.
PRESET_GB = {
    "light": Decimal("1.5"),
    "typical": Decimal("6"),
    "heavy": Decimal("25"),
    "traveller": Decimal("2"),
}
TRAVEL_MONTH_GB = Decimal("20")
_SEPARATORS = re.compile(r"[,;\t\n，；、]")
# A number and its unit: GB unless it says MB ("2", "2 GB", "2gb", "1.5G", "500MB", "500 mb").
_UNIT = re.compile(r"(?P<number>.*?)\s*(?P<unit>gib|gb|g|mib|mb|m)?", re.IGNORECASE | re.DOTALL)


class UsageError(ValueError):
    """A figure that cannot be read; ``index`` is its 0-based month (None: the whole list)."""

    def __init__(self, message: str, index: int | None = None):
        super().__init__(message)
        self.index = index


def split_entries(text: str) -> list[str]:
    text = text.replace("\r", "").strip()
    if not text:
        return []
    return [entry.strip() for entry in _SEPARATORS.split(text)]


class SizeProblem(ValueError):
    """Why a size cannot be read: ``code`` is one of not_a_number, not_finite, negative,
    too_large, decimals (more than 3 decimals of GB), whole_mb (a fraction of an MB)."""

    def __init__(self, code: str, entry: str):
        super().__init__(code)
        self.code = code
        self.entry = entry


def read_size(entry: str) -> int | None:
    """One size as typed → whole MB, or None for a blank. GB unless it says MB: "1.5",
    "1.5 GB", "1.5G" and "1.5gb" are 1,536 MB; "500MB" and "500 MB" are 500 MB. Raises
    ``SizeProblem``."""
    text = entry.strip()
    if not text:
        return None
    try:
        value, unit = Decimal(text), "gb"  # the usual case: a bare number of GB
    except InvalidOperation:
        text = unicodedata.normalize("NFKC", text).strip()
        found = _UNIT.fullmatch(text)
        number, unit = found["number"].strip(), (found["unit"] or "gb").lower()
        try:
            value = Decimal(number)
        except InvalidOperation:
            raise SizeProblem("not_a_number", text) from None
    if not value.is_finite():
        raise SizeProblem("not_finite", text)
    if value < 0:
        raise SizeProblem("negative", text)
    if unit.startswith("m"):
        if value > MAX_DATA_MB:
            raise SizeProblem("too_large", text)
        if value != value.to_integral_value():
            raise SizeProblem("whole_mb", text)
        mb = int(value)
    else:
        if value > MAX_GB:
            raise SizeProblem("too_large", text)
        if value != value.quantize(Decimal("0.001")):
            raise SizeProblem("decimals", text)
        mb = gb_to_mb(value)  # at most MAX_DATA_MB: MAX_GB is exactly that many MB
    return mb


def size_message(problem: SizeProblem) -> str:
    """What is wrong with a size typed in a single field, in the reader's language."""
    messages = {
        "not_a_number": _("“%(value)s” is not a size: type GB (e.g. 1.5) or MB (e.g. 500 MB)."),
        "not_finite": _("Enter a size in GB (e.g. 1.5) or MB (e.g. 500 MB)."),
        "negative": _("A size cannot be negative."),
        "too_large": _("At most %(max)s GB."),
        "decimals": _("Use at most 3 decimals of GB (1 MB is 0.001 GB), or type MB."),
        "whole_mb": _("Type whole MB (e.g. 500 MB), or GB with up to 3 decimals."),
    }
    return messages[problem.code] % {"value": problem.entry, "max": MAX_GB}


def parse_gb(entry: str, index: int) -> int | None:
    """One month's use (GB unless it says MB) → whole MB, or None for a blank (lapsed) month."""
    try:
        return read_size(entry)
    except SizeProblem as problem:
        values = {"n": index + 1, "value": problem.entry, "max": MAX_GB}
        messages = {
            "not_a_number": _("Month %(n)d: “%(value)s” is not a number of GB."),
            "not_finite": _("Month %(n)d: enter a number of GB."),
            "negative": _("Month %(n)d: use cannot be negative."),
            "too_large": _("Month %(n)d: at most %(max)s GB a month."),
            "decimals": _("Month %(n)d: use at most 3 decimals (1 MB is 0.001 GB)."),
            "whole_mb": _("Month %(n)d: type whole MB (e.g. 500 MB), or GB."),
        }
        raise UsageError(messages[problem.code] % values, index) from None


def parse_usage_gb(text: str, max_months: int = 36) -> list[int | None]:
    entries = split_entries(text)
    if not entries:
        raise UsageError(_("Enter your use for at least one month."))
    if len(entries) > max_months:
        raise UsageError(
            _("At most %(max)d months, one figure each; you gave %(n)d.")
            % {"max": max_months, "n": len(entries)}
        )
    return [parse_gb(entry, i) for i, entry in enumerate(entries)]


def parse_days(text: str, max_months: int = 36) -> list[int | None]:
    """Days of use per month for a day pass: whole numbers; a blank takes the default."""
    days: list[int | None] = []
    for i, entry in enumerate(split_entries(text)):
        if not entry:
            days.append(None)
        elif entry.isascii() and entry.isdigit() and len(entry) <= 2:
            days.append(int(entry))
        else:
            raise UsageError(
                _("Month %(n)d: days of use must be a whole number from 0 to 31.") % {"n": i + 1},
                i,
            )
    if len(days) > max_months:
        raise UsageError(_("At most %(max)d months of days.") % {"max": max_months})
    return days


def preset_gb(preset: str, months: int) -> list[Decimal]:
    """A preset's use in GB for ``months`` months (what the use box then shows)."""
    usage = [PRESET_GB[preset]] * months
    if preset == "traveller":
        usage[months // 2] = TRAVEL_MONTH_GB
    return usage


def current_month() -> str:
    """This month, ``YYYY-MM``: where a simulation starts unless told otherwise."""
    return timezone.localdate().strftime("%Y-%m")
