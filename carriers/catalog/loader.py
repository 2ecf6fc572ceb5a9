"""Load the starter catalog (``starter.toml``) into the database.

The file is the truth for the records it names: carriers and plans by slug, each plan's
rollover rule, and its promotions by name. Records it does not name are left alone, so a
curator's own plans survive a reload. A field the file leaves out takes the model's
default. Every record passes ``full_clean()`` before it is saved, and the whole load is one
transaction: a bad file changes nothing.

A ``.json`` file (what ``manage.py export_catalog`` writes) has the same structure as the
TOML: ``{"carrier": [...], "plan": [... {"rollover": {...}, "promotions": [...]}]}``, with
money as strings ("30.00"), dates as ISO strings ("2026-11-22") and ``null`` for empty.

A plan whose fields, rule or promotions change gets a new ``version``, so a curator's admin
form opened before the load cannot overwrite what the file set.
"""

from __future__ import annotations

import datetime
import json
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F

from carriers.models import Carrier, Plan, Promotion, RolloverRule

STARTER_CATALOG = Path(__file__).with_name("starter.toml")


class CatalogError(Exception):
    """The catalog file cannot be loaded; the message says where and why."""


@dataclass
class Change:
    action: str  # "create" or "update"
    model: str
    key: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def __str__(self) -> str:
        if self.action == "create":
            return f"create {self.model} {self.key}"
        diffs = "; ".join(f"{name}: {old!r} → {new!r}" for name, (old, new) in self.fields.items())
        return f"update {self.model} {self.key}: {diffs}"


@dataclass
class LoadReport:
    changes: list[Change] = field(default_factory=list)
    carriers: int = 0
    plans: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def read_catalog_file(path: Path) -> dict:
    """The file's data: JSON for a ``.json`` file, TOML otherwise."""
    try:
        with path.open("rb") as fh:
            parse = json.load if path.suffix.lower() == ".json" else tomllib.load
            data = parse(fh)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        # json.JSONDecodeError and tomllib.TOMLDecodeError are both ValueErrors.
        raise CatalogError(f"Cannot read {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise CatalogError(f"{path}: the file must hold an object with 'carrier' and 'plan' lists.")
    for name in ("carrier", "plan"):
        entries = data.get(name, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise CatalogError(f"{path}: {name!r} must be a list of tables (objects).")
    return data


def load_catalog(path: Path = STARTER_CATALOG, *, dry_run: bool = False) -> LoadReport:
    try:
        return _load(read_catalog_file(path), dry_run=dry_run)
    except (IntegrityError, TypeError) as exc:
        # full_clean() catches what we know of; the database (its constraints, checked at
        # commit for the rule between a plan and its rollover) has the last word.
        raise CatalogError(f"{path}: the database refused the catalog: {exc}") from exc


def _load(data: dict, *, dry_run: bool) -> LoadReport:
    report = LoadReport()
    with transaction.atomic():
        carriers = {}
        for entry in data.get("carrier", []):
            carrier = _sync(Carrier, {"slug": _required(entry, "slug", "carrier")}, entry, report)
            carriers[carrier.slug] = carrier
            report.carriers += 1
        for entry in data.get("plan", []):
            entry = dict(entry)
            where = f"plan {entry.get('slug', '?')}"
            rule = entry.pop("rollover", None)
            promotions = entry.pop("promotions", [])
            carrier_slug = _required(entry, "carrier", where)
            if carrier_slug not in carriers:
                raise CatalogError(f"{where}: carrier {carrier_slug!r} is not in the file.")
            entry["carrier"] = carriers[carrier_slug]
            changes_before = len(report.changes)
            plan = _sync(Plan, {"slug": _required(entry, "slug", "plan")}, entry, report)
            created = any(
                c.action == "create" and c.model == "plan" for c in report.changes[changes_before:]
            )
            if not isinstance(rule, dict):
                raise CatalogError(f"{where}: every plan needs a [plan.rollover] table.")
            _sync(RolloverRule, {"plan": plan}, rule, report, key=f"{plan.slug} rule")
            if not isinstance(promotions, list) or not all(isinstance(p, dict) for p in promotions):
                raise CatalogError(f"{where}: promotions must be a list of tables (objects).")
            names = [_required(promo, "name", f"{where} promotion") for promo in promotions]
            twice = sorted({name for name in names if names.count(name) > 1})
            if twice:
                raise CatalogError(
                    f"{where}: promotion names must differ within a plan; "
                    f"named more than once: {', '.join(map(repr, twice))}."
                )
            for promo in promotions:
                name = promo["name"]
                _sync(
                    Promotion,
                    {"plan": plan, "name": name},
                    promo,
                    report,
                    key=f"{plan.slug} promotion {name!r}",
                )
            if len(report.changes) > changes_before and not created:
                Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1)
            report.plans += 1
        if dry_run:
            transaction.set_rollback(True)
    return report


def _required(entry: dict, key: str, where: str) -> Any:
    if key not in entry:
        raise CatalogError(f"{where}: {key!r} is missing.")
    return entry[key]


def _sync(model, lookup: dict, entry: dict, report: LoadReport, key: str | None = None):
    key = key or str(next(iter(lookup.values())))
    label = model._meta.model_name
    values = _field_values(model, entry, f"{label} {key}")
    values.update(lookup)
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**values)
        change = Change("create", label, key)
    else:
        diffs = {
            name: (getattr(obj, name), value)
            for name, value in values.items()
            if getattr(obj, name) != value
        }
        if not diffs:
            return obj
        for name, (_old, value) in diffs.items():
            setattr(obj, name, value)
        change = Change("update", label, key, {n: d for n, d in diffs.items() if n != "carrier"})
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise CatalogError(f"{label} {key}: {_describe(exc)}") from exc
    obj.save()
    report.changes.append(change)
    return obj


def _field_values(model, entry: dict, where: str) -> dict[str, Any]:
    """Every editable field of ``model``: the file's value, else the model's default."""
    fields = {
        f.name: f
        for f in model._meta.get_fields()
        if isinstance(f, models.Field) and f.editable and not f.primary_key
    }
    unknown = set(entry) - set(fields)
    if unknown:
        raise CatalogError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}.")
    values = {}
    for name, f in fields.items():
        if isinstance(f, (models.ForeignKey, models.OneToOneField)):
            if name in entry:
                values[name] = entry[name]
            continue
        if name in entry:
            values[name] = _convert(f, entry[name], f"{where}: {name}")
        elif f.has_default():
            values[name] = f.get_default()
        elif f.null:
            values[name] = None
        elif f.blank and isinstance(f, (models.CharField, models.TextField)):
            values[name] = ""
    return values


def _convert(f: models.Field, value: Any, where: str) -> Any:
    if value is None:
        if f.null:
            return None
        raise CatalogError(f"{where}: cannot be empty (null).")
    if isinstance(f, models.DecimalField):
        try:
            return Decimal(str(value)).quantize(Decimal("0.01"))
        except InvalidOperation as exc:
            raise CatalogError(f"{where}: {value!r} is not an amount of money.") from exc
    if isinstance(f, models.DateField) and not isinstance(value, datetime.date):
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError) as exc:
            raise CatalogError(
                f"{where}: write the date as a TOML date or an ISO string, e.g. 2026-11-22."
            ) from exc
    return value


def _describe(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(str(m) for e in errors for m in e.messages)}"
            for name, errors in exc.error_dict.items()
        )
    return " ".join(exc.messages)
