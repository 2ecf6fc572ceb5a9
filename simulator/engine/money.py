"""Money inside the engine: integer cents.

Amounts come in as ``Decimal`` (validated: finite, at most 2 places, not negative), are
turned into cents once when a plan is prepared, and go out as ``Decimal`` with exactly
2 places. Integer arithmetic in the loop is exact and several times faster than
``Decimal``; the conversions happen at the boundary only.
"""

from __future__ import annotations

from decimal import Decimal

from .bounds import MB_PER_GB

__all__ = ["AMOUNTS", "ZERO", "cents_of", "cost_per_gb", "money"]

ZERO = Decimal("0.00")


class Amounts(dict):
    """Cents -> ``Decimal`` with exactly 2 places, made on first use and kept: a run reports
    the same few amounts (the plan price, 0.00 ...) month after month, and ``AMOUNTS[c]``
    (a plain dict lookup) costs a fraction of building a ``Decimal``. Bounded, so odd
    inputs cannot grow it without limit."""

    def __missing__(self, cents: int) -> Decimal:
        amount = Decimal(cents).scaleb(-2)
        if len(self) < 65_536:
            self[cents] = amount
        return amount


AMOUNTS = Amounts({0: ZERO})


def cents_of(amount: Decimal | int) -> int:
    """A validated amount in cents: ``Decimal("30.00")`` -> 3000 (``-0`` -> 0)."""
    if isinstance(amount, Decimal):
        return int(amount.scaleb(2))  # exact: a validated amount has at most 2 places
    return amount * 100


def money(cents: int) -> Decimal:
    """Cents as a ``Decimal`` with exactly 2 places: 3000 -> ``Decimal("30.00")``
    (``AMOUNTS[cents]``; the runs' loops index ``AMOUNTS`` directly)."""
    return AMOUNTS[cents]


def cost_per_gb(cents: int, served_mb: int) -> Decimal | None:
    """cost / (served / MB_PER_GB), rounded half up to the cent, exactly; None if nothing was
    served. Integer maths: 10.00 for 16 GB is 0.63, not 0.62."""
    if not served_mb:
        return None
    if cents < 0:  # never for a plan's cost (a credit is at most the plan cost)
        return -cost_per_gb(-cents, served_mb)  # type: ignore[operator]
    return money((2 * cents * MB_PER_GB + served_mb) // (2 * served_mb))
