"""The rate syntax of ``RATE_LIMIT_SIMULATIONS`` ("60/min"), read in one place: by the
settings, which refuse a malformed value when the process starts, and by the rate limit
(``simulator/throttling.py``). No Django app is imported, so the settings can use it."""

import re

from django.core.exceptions import ImproperlyConfigured

PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
RATE = re.compile(r"\s*([1-9][0-9]*)\s*/\s*(s|sec|m|min|h|hour|d|day)\s*")


def parse_rate(rate: str, setting: str = "RATE_LIMIT_SIMULATIONS") -> tuple[int, int]:
    """ "60/min" → (60, 60): the requests allowed, and the window in seconds. Any case and
    spaces around the parts; the count is a whole number from 1, without leading zeros."""
    match = RATE.fullmatch(rate.lower())
    if match is None:
        raise ImproperlyConfigured(
            f"{setting} must be a number per s, min, hour or day, e.g. 60/min; got {rate!r}."
        )
    return int(match[1]), PERIODS[match[2]]
