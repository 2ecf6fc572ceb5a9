"""The rollover engine: plain Python, no Django, nothing from the project.

Frozen dataclasses in, frozen dataclasses out. Data is whole MB (int), money is
``decimal.Decimal`` with 2 places (integer cents inside); there is no float anywhere.
The behaviour and the choices where the specification is silent are written down in
``docs/semantics.md``.

Public API::

    simulate(plan, usage_mb, start, days_used=None, lines=1) -> Simulation
    compare(entries, usage_mb, start, days_used=None, lines=1) -> (ranked, skipped)
    prepare(plan) -> PreparedPlan          # check once, run many times
    validate_plan(plan) -> None            # raises InvalidInput

``plan`` may be a ``Plan`` or a ``PreparedPlan`` everywhere. The modules: ``bounds``
(every limit and choice), ``months``, ``model`` (the dataclasses), ``validation``,
``prepared`` (a plan compiled to integers), ``bank``, ``monthly`` and ``daily`` (the two
runs), ``results`` (from runs to results), ``simulation`` and ``compare``; ``compiled``
decides whether ``bank`` and ``monthly`` run compiled by mypyc (``COMPILED``) or as their
sources.
"""

from __future__ import annotations

from .compiled import use_compiled

# before any module is imported: the compiled run and bank, or their sources (compiled.py)
COMPILED = use_compiled(__name__)

from . import bounds
from .bounds import *  # noqa: F403 (every limit and choice, as bounds.__all__ lists them)
from .compare import compare
from .model import (
    Conversion,
    ExpiredTranche,
    Lines,
    MonthFacts,
    MonthResult,
    Overage,
    Plan,
    Promotion,
    Ranked,
    Rollover,
    RolloverGain,
    Simulation,
    Skipped,
    Totals,
    Tranche,
)
from .months import Month
from .prepared import PreparedPlan, prepare
from .simulation import simulate
from .validation import FieldError, InvalidInput, validate_plan

__all__ = [
    *bounds.__all__,
    "COMPILED",
    "Conversion",
    "ExpiredTranche",
    "FieldError",
    "InvalidInput",
    "Lines",
    "Month",
    "MonthFacts",
    "MonthResult",
    "Overage",
    "Plan",
    "PreparedPlan",
    "Promotion",
    "Ranked",
    "Rollover",
    "RolloverGain",
    "Simulation",
    "Skipped",
    "Totals",
    "Tranche",
    "compare",
    "prepare",
    "simulate",
    "validate_plan",
]
