"""Every limit and every choice of the engine, in one place.

The engine's checks, the API's schemas, the web forms and the catalog's constraints read
these names; nothing restates the numbers.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = [
    "AFTER_CAP",
    "BILLINGS",
    "FIRST_START",
    "FITS",
    "LAST_START",
    "MAX_CONVERSION_RATE",
    "MAX_DATA_MB",
    "MAX_EXPIRY_PERIODS",
    "MAX_LINES",
    "MAX_MONTHS",
    "MAX_PERIOD_MONTHS",
    "MAX_PRICE",
    "MB_PER_GB",
    "MODES",
    "MONTH_PATTERN",
    "ORDERS",
    "POLICIES",
]

MB_PER_GB = 1024
MAX_DATA_MB = 10_485_760  # 10 TB: any data amount (use, allowance, cap, unit, bonus ...)
MAX_PRICE = Decimal("999999.99")  # any money amount (prices, caps, credits)
MAX_MONTHS = 36  # the length of one simulation
MAX_PERIOD_MONTHS = 12  # a pack of at most one year
MAX_LINES = 100  # lines.max of a plan and the lines of a simulation
MAX_EXPIRY_PERIODS = 120  # expires_after_periods and a promotion's extra periods
MAX_CONVERSION_RATE = 1_000_000  # units of benefit per unit of forfeited data
FIRST_START = "1900-01"  # the earliest and the latest start of a simulation
LAST_START = "2999-12"
# A month as the API, the forms and the database write it: ASCII digits only (a
# regular expression's \d would also accept other scripts' digits).
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"

BILLINGS = ("monthly", "daily")
POLICIES = ("block", "throttle", "pay_per_unit")
AFTER_CAP = ("serve", "throttle", "block")  # what a spend cap does to the rest of the excess
MODES = ("none", "full", "capped")
ORDERS = ("rollover_first", "allowance_first")
FITS = ("full", "slowed", "short")  # how well a plan serves the usage, best first
