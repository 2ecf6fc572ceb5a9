"""The public catalog, kept in memory by each server process and reloaded when it changes.

Compare ranks every plan and every form lists every plan: loading them from the database on
each request would be most of the work. Instead each process keeps the public plans (with
carrier, rule and promotions), their engine terms and their ``engine.prepare`` d form (so
compare neither re-validates nor re-compiles them), and checks one cheap stamp per request:
the newest entry of each catalog table's change history (django-simple-history records
every save and delete, from the admin, the loader or a script). A curator's save changes the
stamp, so the next request anywhere reloads. Bulk ``QuerySet.update()`` bypasses the
history; the cache also expires after ``CATALOG_CACHE_SECONDS`` as a safety net.

A plan the engine refuses (possible only for data saved around the admin's checks) is kept
as ``invalid`` with its reason: compare lists it as skipped, a simulation names it.

The catalog objects are language-neutral (django-modeltranslation reads a text in the
language active when it is read); the engine terms hold English texts (``adapter``) and
are never shown on a page.

``PlanFilters`` is the one definition of the catalog's filters (country, currency, carrier,
billing, kind, whether plans closed to new customers count; for the plan list also a name
typed, whether the plan rolls over and its availability) and of the list's orders, for the
API, the CLI and the pages.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from functools import cache, cached_property

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import connection

from carriers.models import Carrier, Category, Plan, Promotion, RolloverRule

from . import engine
from .adapter import engine_plan
from .search import names_of, normalise


def _names(plan: Plan) -> tuple[str, ...]:
    """Everything a name typed is looked for in, as ``search.normalise`` writes names (so
    "T Mobile", "t-mobile" and "T‑Mobile" are one): the plan's and its carrier's names in
    every language, and the carrier's aliases."""
    texts = [plan.name_en, plan.name_zh_hans, *names_of(plan.carrier)]
    return tuple(normalise(t) for t in texts if t)


# The plan list's orders: a sort key for each (the catalog's own order when none is given).
PLAN_ORDERS = {
    "price": lambda plan: (plan.currency, plan.price, plan.name),
    "name": lambda plan: normalise(plan.name),
}


@dataclass(frozen=True)
class PlanFilters:
    """Which catalog plans count: each filter left empty matches every plan; plans closed to
    new customers and discontinued ones only with ``include_unavailable`` (then
    ``availability`` picks one). ``text`` is found in the plan's or its carrier's names
    (either language) or aliases, ignoring case and full-width forms; ``rolls`` keeps the
    plans that roll unused data over (True) or those that do not (False). ``order`` is
    one of ``PLAN_ORDERS`` (empty: the catalog's order)."""

    country: str | None = None
    currency: str | None = None
    carrier: str | None = None
    billing: str | None = None
    kind: str | None = None
    include_unavailable: bool = False
    availability: str | None = None
    rolls: bool | None = None
    text: str | None = None
    order: str = ""

    @cached_property
    def typed(self) -> str:
        """``text`` as ``search.normalise`` writes names, once per filter; "" for a text
        with no letter or digit ("+", "--"), which names nothing and finds nothing."""
        return normalise(self.text) if self.text else ""

    def matches(self, plan: Plan, names: tuple[str, ...]) -> bool:
        """Does ``plan`` count? ``names``: its names as ``_names`` gives them."""
        return (
            (self.include_unavailable or plan.is_on_sale)
            and (not self.availability or plan.availability == self.availability)
            and (not self.country or plan.carrier.country.code == self.country.upper())
            and (not self.currency or plan.currency == self.currency.upper())
            and (not self.carrier or plan.carrier.slug == self.carrier)
            and (not self.billing or plan.billing == self.billing)
            and (not self.kind or plan.kind == self.kind)
            and (self.rolls is None or plan.rolls_over == self.rolls)
            and (not self.text or (bool(self.typed) and any(self.typed in n for n in names)))
        )


@dataclass(frozen=True)
class PlanCache:
    stamp: tuple
    loaded_at: float
    plans: tuple[Plan, ...]  # every public plan, in catalog order
    by_slug: dict[str, Plan] = field(repr=False)
    terms: dict[str, engine.Plan] = field(repr=False)  # every plan as the engine reads it
    prepared: dict[str, engine.PreparedPlan] = field(repr=False)  # the valid ones
    invalid: dict[str, engine.InvalidInput] = field(repr=False)  # the others, and why
    names: dict[str, tuple[str, ...]] = field(repr=False)  # what a name typed is found in

    def select(self, filters: PlanFilters) -> list[Plan]:
        """The public plans that match, in catalog order (or ``filters.order``)."""
        names = self.names
        plans = [plan for plan in self.plans if filters.matches(plan, names[plan.slug])]
        if filters.order in PLAN_ORDERS:
            plans.sort(key=PLAN_ORDERS[filters.order])
        return plans


_lock = threading.Lock()
_current: PlanCache | None = None


@cache
def _stamp_sql(vendor: str) -> str:
    """The stamp's query, written once per database vendor: reading ``Model.history``
    builds a manager class each time (django-simple-history), about 0.4 ms a request."""
    quote = connection.ops.quote_name
    models = (Carrier, Plan, RolloverRule, Promotion, Category)
    tables = [m.history.model._meta.db_table for m in models]
    return "SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {quote(t)})" for t in tables)


def _stamp() -> tuple:
    """One query: the newest change-history id of every curated table (carriers, plans,
    rules, promotions and categories: the answer pages' directory is built on this cache)."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(connection.vendor))
        return tuple(cursor.fetchone())


def _load(stamp: tuple) -> PlanCache:
    plans = tuple(Plan.objects.for_simulation().public())
    terms = {p.slug: engine_plan(p) for p in plans}
    prepared: dict[str, engine.PreparedPlan] = {}
    invalid: dict[str, engine.InvalidInput] = {}
    for slug, plan in terms.items():
        try:
            prepared[slug] = engine.prepare(plan)
        except engine.InvalidInput as exc:
            invalid[slug] = exc
    return PlanCache(
        stamp=stamp,
        loaded_at=time.monotonic(),
        plans=plans,
        by_slug={p.slug: p for p in plans},
        terms=terms,
        prepared=prepared,
        invalid=invalid,
        names={p.slug: _names(p) for p in plans},
    )


# Within one request the stamp is checked once: a page that asks for the catalog twice (the
# form's plan menu, then the simulation) sees one catalog and pays one query.
_request = threading.local()


def _request_started(**kwargs) -> None:
    _request.checked = None


def _request_finished(**kwargs) -> None:
    _request.__dict__.pop("checked", None)


request_started.connect(_request_started, dispatch_uid="plan_cache.request_started")
request_finished.connect(_request_finished, dispatch_uid="plan_cache.request_finished")


def current() -> PlanCache:
    """The public catalog: one query when nothing changed, three when it did (in a request,
    only its first call asks)."""
    global _current
    checked = getattr(_request, "checked", None)
    if checked is not None:
        return checked
    stamp = _stamp()
    cached = _current
    ttl = settings.CATALOG_CACHE_SECONDS
    if cached is None or cached.stamp != stamp or time.monotonic() - cached.loaded_at > ttl:
        with _lock:
            cached = _current = _load(stamp)
    if hasattr(_request, "checked"):  # inside a request
        _request.checked = cached
    return cached


def clear() -> None:
    global _current
    _current = None
    if hasattr(_request, "checked"):
        _request.checked = None
