"""Reading a person's month-by-month use as they type or paste it.

"4, 12.5, , 8", one figure per line, or a spreadsheet column or row: sizes in GB with up to
3 decimals, converted to whole MB with round-half-up (spec §1). A blank entry is a month
with no service (the plan was not renewed). Full-width separators (，；、) are accepted, and
so is a "GB" after a number. The presets (light, typical, heavy, traveller) are use too, and
a simulation starts this month unless told otherwise.
"""

from __future__ import annotations

import re
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
_GB_SUFFIX = re.compile(r"\s*(gb|g)$", re.IGNORECASE)


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


def parse_gb(entry: str, index: int) -> int | None:
    """One figure in GB → whole MB, or None for a blank (lapsed) month."""
    entry = _GB_SUFFIX.sub("", entry.strip())
    if not entry:
        return None
    try:
        gb = Decimal(entry)
    except InvalidOperation:
        raise UsageError(
            _("Month %(n)d: “%(value)s” is not a number of GB.") % {"n": index + 1, "value": entry},
            index,
        ) from None
    if not gb.is_finite():
        raise UsageError(_("Month %(n)d: enter a number of GB.") % {"n": index + 1}, index)
    if gb < 0:
        raise UsageError(_("Month %(n)d: use cannot be negative.") % {"n": index + 1}, index)
    if gb > MAX_GB:
        raise UsageError(
            _("Month %(n)d: at most %(max)s GB a month.") % {"n": index + 1, "max": MAX_GB}, index
        )
    if gb != gb.quantize(Decimal("0.001")):
        raise UsageError(
            _("Month %(n)d: use at most 3 decimals (1 MB is 0.001 GB).") % {"n": index + 1}, index
        )
    return gb_to_mb(gb)


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


def preset_usage(preset: str, months: int) -> list[int]:
    """A preset's use in MB for ``months`` months."""
    usage = [gb_to_mb(PRESET_GB[preset])] * months
    if preset == "traveller":
        usage[months // 2] = gb_to_mb(TRAVEL_MONTH_GB)
    return usage


def current_month() -> str:
    """This month, ``YYYY-MM``: where a simulation starts unless told otherwise."""
    return timezone.localdate().strftime("%Y-%m")
