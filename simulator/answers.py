"""Answers to "does my card roll over?", per carrier and per category, from the catalog.

A verdict is computed, never written by hand: ``verdict(plans)`` looks at the plans' rules
and availability and returns a ``Verdict`` — the plans on sale today (availability
"available") that roll unused data over, and how; the plans no longer on sale (closed to
new customers, or discontinued) that did, with the year of their terms where the source
document is dated (``Plan.source_date``: "terms as of 2015"; an undated source gives no
year, none is guessed); and the plans on sale that turn unused data into something else
(money off, minutes) instead. The templates word the verdict; each plan's rule reads as on
its plan page (``PlanRule.how``).

``current()`` is the public directory the answer pages and the search use: active carriers
and categories, each with its public plans, and the search index of their names. It is built
in memory from the plan cache (``simulator.plan_cache``) and rebuilt when that is reloaded or a
category changes: the cache's one stamp query per request, none per carrier or name.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString

from carriers.i18n import country_name
from carriers.models import Carrier, Category, Plan, RolloverRule

from . import engine, plan_cache
from .adapter import engine_plan
from .pages import Assumed, assumed_of, conversion_benefit, rule_html
from .search import Found, Index, Target, names_of


class Answer(StrEnum):
    YES = "yes"  # every plan on sale today rolls over
    SOME = "some"  # some do, some do not
    NO = "no"  # plans are on sale, none rolls over
    NOT_ON_SALE = "not_on_sale"  # plans are catalogued, none is on sale today
    NO_PLANS = "no_plans"  # nothing catalogued


@dataclass(frozen=True)
class PlanRule:
    """One plan's rollover: whether it rolls, converts, is on sale; ``how`` in words."""

    plan: Plan
    on_sale: bool
    rolls: bool
    converts: bool  # unused data earns money off or a benefit
    terms_year: int | None  # the year of the source document, when it is dated
    assumed: Assumed  # the rule's values no source states ("rollover.bank_cap_mb" …)
    terms: engine.Plan | None = None  # the plan as the engine reads it, when cached

    @property
    def how(self) -> SafeString:
        """The rule in sentences, in the page's language: the words of the result and plan
        pages (``pages.rule_html``), so a rule reads the same everywhere."""
        terms = self.terms if self.terms is not None else engine_plan(self.plan)
        return rule_html(terms, conversion_benefit(self.plan))


@dataclass(frozen=True)
class Verdict:
    answer: Answer
    total: int  # public plans catalogued
    on_sale: int  # of which open to new customers
    rolling: tuple[PlanRule, ...]  # on sale today and rolling over
    before: tuple[PlanRule, ...]  # no longer on sale, rolled over
    converting: tuple[PlanRule, ...]  # on sale, do not roll, convert unused data instead
    # On sale, and no source states whether the plan rolls over: the catalog assumed it.
    mode_assumed: tuple[PlanRule, ...] = ()

    @property
    def others(self) -> int:
        """Plans on sale today that do not roll over."""
        return self.on_sale - len(self.rolling)


def rule_of(plan: Plan) -> RolloverRule | None:
    try:
        return plan.rollover
    except RolloverRule.DoesNotExist:  # only outside the admin and the loader
        return None


def plan_rule(plan: Plan, terms: engine.Plan | None = None) -> PlanRule:
    rule = rule_of(plan)
    return PlanRule(
        plan=plan,
        on_sale=plan.is_on_sale,
        rolls=plan.rolls_over,
        converts=bool(rule and rule.has_conversion),
        terms_year=plan.source_date.year if plan.source_date else None,
        assumed=assumed_of(plan).rule,
        terms=terms,
    )


def verdict(plans: Iterable[Plan], terms: Mapping[str, engine.Plan] | None = None) -> Verdict:
    """The answer over ``plans`` (a carrier's or a category's public plans); ``terms``: the
    plans as the engine reads them, by slug (the plan cache's), so none is adapted again."""
    terms = terms or {}
    rules = [plan_rule(p, terms.get(p.slug)) for p in plans]
    on_sale = [r for r in rules if r.on_sale]
    rolling = tuple(r for r in on_sale if r.rolls)
    if not rules:
        answer = Answer.NO_PLANS
    elif not on_sale:
        answer = Answer.NOT_ON_SALE
    elif not rolling:
        answer = Answer.NO
    elif len(rolling) == len(on_sale):
        answer = Answer.YES
    else:
        answer = Answer.SOME
    return Verdict(
        answer=answer,
        total=len(rules),
        on_sale=len(on_sale),
        rolling=rolling,
        before=tuple(r for r in rules if r.rolls and not r.on_sale),
        converting=tuple(r for r in on_sale if r.converts and not r.rolls),
        mode_assumed=tuple(r for r in on_sale if "rollover.mode" in r.assumed),
    )


def plans_in_order(plans: Iterable[Plan]) -> tuple[list[Plan], list[Plan]]:
    """(on sale today, no longer on sale): the plans as the answer page lists them."""
    plans = list(plans)
    return (
        [p for p in plans if p.is_on_sale],
        [p for p in plans if not p.is_on_sale],
    )


# --------------------------------------------------------------------------- the directory


@dataclass(frozen=True)
class Directory:
    cache: plan_cache.PlanCache  # the plan cache it was built from (its stamp covers categories)
    carriers: dict[str, Carrier]  # by slug
    categories: dict[str, Category]
    carrier_plans: dict[str, tuple[Plan, ...]]
    category_plans: dict[str, tuple[Plan, ...]]
    carrier_categories: dict[str, tuple[Category, ...]]
    index: Index

    def carrier_verdict(self, slug: str) -> Verdict:
        return verdict(self.carrier_plans.get(slug, ()), self.cache.terms)

    def category_verdict(self, slug: str) -> Verdict:
        return verdict(self.category_plans.get(slug, ()), self.cache.terms)

    def countries(self) -> list[tuple[str, list[Carrier]]]:
        """Carriers grouped by country: the usual countries first (``COUNTRIES_FIRST``),
        then the others by name; carriers by name, in the page's language."""
        groups: dict[str, list[Carrier]] = {}
        by_name = sorted(self.carriers.values(), key=lambda c: str(c.text("name")).casefold())
        for carrier in by_name:
            groups.setdefault(carrier.country.code, []).append(carrier)
        first = list(getattr(settings, "COUNTRIES_FIRST", ()))
        names = {code: country_name(code) for code in groups}

        def order(code):
            return (first.index(code) if code in first else len(first), names[code])

        return [(names[code], groups[code]) for code in sorted(groups, key=order)]

    def countries_with_verdicts(self) -> list[tuple[str, list[tuple[Carrier, Verdict]]]]:
        return [
            (country, [(c, self.carrier_verdict(c.slug)) for c in carriers])
            for country, carriers in self.countries()
        ]

    def categories_with_verdicts(self) -> list[tuple[Category, Verdict]]:
        return [(c, self.category_verdict(c.slug)) for c in self.categories.values()]

    def directory_page(self) -> dict:
        """The carrier list: each country's carriers and each category, with its answer."""
        return {
            "countries": self.countries_with_verdicts(),
            "categories": self.categories_with_verdicts(),
        }

    def categories_of(self, plan: Plan) -> list[Category]:
        """The categories a plan belongs to (none when it is not public)."""
        return [
            c
            for c in self.categories.values()
            if any(p.pk == plan.pk for p in self.category_plans[c.slug])
        ]

    def carrier_page(self, slug: str) -> dict:
        on_sale, off_sale = plans_in_order(self.carrier_plans[slug])
        return {
            "carrier": self.carriers[slug],
            "verdict": self.carrier_verdict(slug),
            "on_sale": on_sale,
            "off_sale": off_sale,
            "categories": self.carrier_categories[slug],
        }

    def category_page(self, slug: str) -> dict:
        plans = self.category_plans[slug]
        on_sale, off_sale = plans_in_order(plans)
        return {
            "category": self.categories[slug],
            "verdict": self.category_verdict(slug),
            "on_sale": on_sale,
            "off_sale": off_sale,
            "carriers": [self.carriers[s] for s in dict.fromkeys(p.carrier.slug for p in plans)],
        }

    def url(self, target: Target) -> str:
        name = "carrier-answer" if target.kind == "carrier" else "category-answer"
        return reverse(name, args=[target.slug])

    def choices(self, found: Found) -> Choices:
        """What a search found, ready to list: each name with its one-line verdict."""
        items = []
        for target in found.targets:
            if target.kind == "carrier":
                obj, answer = self.carriers[target.slug], self.carrier_verdict(target.slug)
            else:
                obj, answer = self.categories[target.slug], self.category_verdict(target.slug)
            items.append(Choice(target, obj, answer, self.url(target)))
        return Choices(found.how, tuple(items), found.more)


@dataclass(frozen=True)
class Choice:
    target: Target
    obj: Carrier | Category
    verdict: Verdict
    url: str

    @property
    def is_category(self) -> bool:
        return self.target.kind == "category"


@dataclass(frozen=True)
class Choices:
    how: str  # search.EXACT, CONTAINED, PREFIX, NOTHING or EMPTY
    items: tuple[Choice, ...]
    more: int


_lock = threading.Lock()
_current: Directory | None = None


def _load(plans: plan_cache.PlanCache) -> Directory:
    carriers = {c.slug: c for c in Carrier.objects.filter(active=True)}
    categories = {c.slug: c for c in Category.objects.filter(active=True)}
    carrier_plans: dict[str, list[Plan]] = {slug: [] for slug in carriers}
    for plan in plans.plans:  # public plans: their carriers are active
        carrier_plans.setdefault(plan.carrier.slug, []).append(plan)
    category_plans = {
        slug: tuple(p for p in plans.plans if c.holds(p)) for slug, c in categories.items()
    }
    carrier_categories = {
        slug: tuple(
            c
            for c in categories.values()
            if any(p.carrier.slug == slug for p in category_plans[c.slug])
        )
        for slug in carriers
    }
    index = Index.build(
        [(Target("carrier", c.slug), names_of(c)) for c in carriers.values()]
        + [(Target("category", c.slug), names_of(c)) for c in categories.values()],
        parents={
            Target("carrier", slug): frozenset(Target("category", c.slug) for c in cats)
            for slug, cats in carrier_categories.items()
        },
    )
    return Directory(
        cache=plans,
        carriers=carriers,
        categories=categories,
        carrier_plans={slug: tuple(ps) for slug, ps in carrier_plans.items()},
        category_plans=category_plans,
        carrier_categories=carrier_categories,
        index=index,
    )


def current() -> Directory:
    """The public directory, rebuilt whenever the plan cache reloads (any catalog change,
    categories included): no query of its own when nothing changed."""
    global _current
    plans = plan_cache.current()
    cached = _current
    if cached is None or cached.cache is not plans:
        with _lock:
            cached = _current = _load(plans)
    return cached


def clear() -> None:
    global _current
    _current = None
