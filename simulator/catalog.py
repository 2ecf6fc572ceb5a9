"""The active catalog, kept in memory by each server process and reloaded when it changes.

Compare ranks every plan and every form lists every plan: loading them from the database on
each request would be most of the work. Instead each process keeps the plans (with carrier,
rule and promotions) and their engine form, and checks one cheap stamp per request: the
newest entry of each catalog table's change history (django-simple-history records every
save and delete, from the admin, the loader or a script). A curator's save changes the stamp,
so the next request anywhere reloads. Bulk ``QuerySet.update()`` bypasses the history; the
cache also expires after ``CATALOG_CACHE_SECONDS`` as a safety net.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection

from carriers.models import Carrier, Plan, Promotion, RolloverRule

from . import engine
from .adapter import catalog_plans, engine_plan


@dataclass(frozen=True)
class Catalog:
    stamp: tuple
    loaded_at: float
    plans: tuple[Plan, ...]
    by_slug: dict[str, Plan] = field(repr=False)
    engine_plans: dict[str, engine.Plan] = field(repr=False)


_lock = threading.Lock()
_current: Catalog | None = None


def _stamp() -> tuple:
    """One query: the newest change-history id of carriers, plans, rules and promotions."""
    quote = connection.ops.quote_name
    tables = [m.history.model._meta.db_table for m in (Carrier, Plan, RolloverRule, Promotion)]
    sql = "SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def _load(stamp: tuple) -> Catalog:
    plans = tuple(catalog_plans())
    return Catalog(
        stamp=stamp,
        loaded_at=time.monotonic(),
        plans=plans,
        by_slug={p.slug: p for p in plans},
        engine_plans={p.slug: engine_plan(p) for p in plans},
    )


def current() -> Catalog:
    """The active catalog: one query when nothing changed, three when it did."""
    global _current
    stamp = _stamp()
    cached = _current
    ttl = settings.CATALOG_CACHE_SECONDS
    if cached is None or cached.stamp != stamp or time.monotonic() - cached.loaded_at > ttl:
        with _lock:
            cached = _current = _load(stamp)
    return cached


def clear() -> None:
    global _current
    _current = None
