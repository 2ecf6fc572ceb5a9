"""The whole catalog as data in the loader's structure, so an export loads back unchanged.

``{"carrier": [...], "plan": [...]}``: every carrier and plan (inactive ones and curators'
own plans too), each plan with its ``rollover`` table and its ``promotions`` list. Every
editable field is written, empty ones as ``null``; money as strings with two places, dates
as ISO strings, data in whole MB. ``Plan.version`` is the admin's edit counter, not catalog
data, and is not exported.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

from django.db import models

from carriers.models import Carrier, Plan, Promotion, RolloverRule

from .loader import CatalogError


def _fields(model, *, skip=()) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in skip
    ]


def _value(obj, f: models.Field) -> Any:
    if isinstance(f, models.ForeignKey):
        related = getattr(obj, f.name)
        return related.slug
    value = getattr(obj, f.attname)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _entry(obj, fields) -> dict[str, Any]:
    return {f.name: _value(obj, f) for f in fields}


def export_catalog() -> dict[str, list[dict[str, Any]]]:
    carrier_fields = _fields(Carrier)
    plan_fields = _fields(Plan)
    rule_fields = _fields(RolloverRule, skip=("plan",))
    promotion_fields = _fields(Promotion, skip=("plan",))
    carriers = [_entry(c, carrier_fields) for c in Carrier.objects.order_by("slug")]
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
        promotions = sorted(plan.promotions.all(), key=lambda p: (p.from_month, p.name, p.pk))
        names = [p.name for p in promotions]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            # The loader finds a plan's promotions by name: two with one name would load as one.
            raise CatalogError(
                f"plan {plan.slug}: promotions named more than once "
                f"({', '.join(map(repr, twice))}); rename one so the export loads back whole."
            )
        entry["promotions"] = [_entry(p, promotion_fields) for p in promotions]
        plans.append(entry)
    return {"carrier": carriers, "plan": plans}


def to_json(catalog: dict) -> str:
    return json.dumps(catalog, indent=2, ensure_ascii=False) + "\n"
