"""The old name of ``simulator.plan_cache``, kept only while ``simulator.answers`` imports
it (it is being written at the same time); remove this module once nothing does."""

from .plan_cache import PlanCache as Catalog
from .plan_cache import clear, current

__all__ = ["Catalog", "clear", "current"]
