"""The whole catalog as data in the loader's structure, so an export loads back unchanged.

``{"carrier": [...], "category": [...], "plan": [...]}``: every carrier, category and plan
(inactive ones and curators' own plans too), each plan with its ``rollover`` table and its
``promotions`` list. Every field the loader reads is written, empty ones as ``null`` (empty
texts as ""); money as strings with two places, dates as ISO strings, data in whole MB,
countries as their two letters, aliases and assumed values as lists. Translated texts are
written as the loader reads them: ``notes`` in English, ``notes_zh_hans`` in Chinese.
``Plan.version`` is the admin's edit counter, not catalog data, and is not exported.
"""

from __future__ import annotations

import json
from typing import Any

from carriers.models import Carrier, Category, Plan, Promotion, RolloverRule

from .loader import CatalogError, file_fields, file_value


def _entry(obj, fields) -> dict[str, Any]:
    entry = {}
    for key, ff in fields.items():
        if ff.field.is_relation:
            entry[key] = getattr(obj, ff.field.name).slug
        else:
            value = getattr(obj, ff.attname)
            entry[key] = "" if value is None and ff.language else file_value(value)
    return entry


def export_catalog() -> dict[str, list[dict[str, Any]]]:
    carrier_fields = file_fields(Carrier)
    category_fields = file_fields(Category)
    plan_fields = file_fields(Plan)
    rule_fields = file_fields(RolloverRule, skip=("plan",))
    promotion_fields = file_fields(Promotion, skip=("plan",))
    carriers = [_entry(c, carrier_fields) for c in Carrier.objects.order_by("slug")]
    categories = [_entry(c, category_fields) for c in Category.objects.order_by("slug")]
    plans = []
    for plan in (
        Plan.objects.select_related("carrier", "rollover")
        .prefetch_related("promotions")
        .order_by("slug")
    ):
        entry = _entry(plan, plan_fields)
        # The loader needs a rule for every plan. A plan saved without one (only possible
        # outside the admin and the loader) is simulated as "no rollover": write that.
        rule = getattr(plan, "rollover", None) or RolloverRule(plan=plan)
        entry["rollover"] = _entry(rule, rule_fields)
        promotions = sorted(plan.promotions.all(), key=lambda p: (p.from_month, p.name_en, p.pk))
        names = [p.name_en for p in promotions]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            # The loader finds a plan's promotions by name: two with one name would load as one.
            raise CatalogError(
                f"plan {plan.slug}: promotions named more than once "
                f"({', '.join(map(repr, twice))}); rename one so the export loads back whole."
            )
        entry["promotions"] = [_entry(p, promotion_fields) for p in promotions]
        plans.append(entry)
    return {"carrier": carriers, "category": categories, "plan": plans}


def to_json(catalog: dict) -> str:
    return json.dumps(catalog, indent=2, ensure_ascii=False) + "\n"
