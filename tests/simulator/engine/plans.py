"""Plans the engine tests share (no conftest: these tests also run without Django)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from simulator.engine import Plan

D = Decimal


def monthly(**changes) -> Plan:
    """1000 MB a month for 20.00, no rollover, blocked overage, unless changed."""
    base = Plan(name="Test plan", currency="USD", price=D("20.00"), allowance_mb=1000)
    return replace(base, **changes)


def day_pass(**changes) -> Plan:
    """10 MB a day for 1.00 (EUR), blocked overage, unless changed."""
    base = Plan(
        name="Day pass",
        currency="EUR",
        price=D("1.00"),
        allowance_mb=10,
        billing="daily",
    )
    return replace(base, **changes)


def column(simulation, name: str) -> list:
    return [getattr(month, name) for month in simulation.months]
