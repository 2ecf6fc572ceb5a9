"""Load a catalog file (the starter ``starter.toml``, or an export) into the database.

Two modes, and a curator's work is never lost in either:

* ``load_catalog`` (what ``make setup`` runs at every start) **creates** what the file
  names and the database lacks — carriers, categories, plans with their rule and
  promotions — and changes nothing that exists. It says how many existing records differ
  from the file.
* ``load_catalog --update`` also **updates** existing records from the file, field by
  field, except a value changed outside the loader since the loader last wrote it: that is
  a conflict, listed (record, field, the database's value, the file's) and skipped.
  ``--force`` overwrites conflicts too, and the history records that it did.

How the loader knows what it last wrote: ``LoadedValues`` keeps, per record, the value of
each field as the loader last wrote it (or found it equal to the file). A database value
equal to that is the loader's own and may be updated; any other value was changed since.
A record loaded before this table existed counts as the loader's if no curator ever saved
it (its history has no record with a user).

A record a curator deleted in the admin is not created again (its history records the
deletion); ``--update --force`` recreates it. A new promotion the file adds to an existing
plan is an update: ``--update`` adds it, the default mode does not. Records the file does
not name are never touched, and nothing is ever deleted.

The file is checked strictly before anything is written: every field has its type (text is
a string without control characters; whole numbers and MB are integers, never booleans or
floats; money is a string or an integer with at most two decimals; dates are TOML dates or
ISO strings; flags are booleans; aliases and assumed values are lists of strings), the
nesting and size are bounded, and each plan is validated together with its rule and
promotions (``full_clean()`` on each, the rule and promotions seeing the plan's new values)
before any of them is saved. The whole load is one transaction: a bad file changes nothing
and ``CatalogError`` says which record and field, and why.

A ``.json`` file (what ``manage.py export_catalog`` writes) has the same structure as the
TOML: ``{"carrier": [...], "category": [...], "plan": [... {"rollover": {...},
"promotions": [...]}]}``, with money as strings ("30.00"), dates as ISO strings and
``null`` for empty. Translated texts: ``notes`` is the English text, ``notes_zh_hans``
the Chinese one.
"""

from __future__ import annotations

import datetime
import json
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import translation
from django_countries.fields import Country, CountryField
from modeltranslation.translator import translator

from carriers.fields import ChoiceListField, StringListField
from carriers.models import Carrier, Category, LoadedValues, Plan, Promotion, RolloverRule

STARTER_CATALOG = Path(__file__).with_name("starter.toml")
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 8  # file → plan list → plan → promotions → promotion → … (the format needs 5)
MAX_ENTRIES = 20_000
REASON = "load_catalog"
FILE_LANGUAGE = "en"
SECTIONS = ("carrier", "category", "plan")

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_BUT_NEWLINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MONEY = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class CatalogError(Exception):
    """The catalog file cannot be loaded; the message says where and why."""


# --- The report -------------------------------------------------------------------------


@dataclass
class Change:
    action: str  # "create" or "update"
    model: str
    key: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    forced: bool = False

    def __str__(self) -> str:
        if self.action == "create":
            return f"create {self.model} {self.key}"
        diffs = "; ".join(f"{name}: {old!r} → {new!r}" for name, (old, new) in self.fields.items())
        return f"{'force ' if self.forced else ''}update {self.model} {self.key}: {diffs}"


@dataclass
class Conflict:
    model: str
    key: str
    field: str
    database: Any
    file: Any

    def __str__(self) -> str:
        return (
            f"conflict {self.model} {self.key}: {self.field}: database {self.database!r}, "
            f"file {self.file!r} (changed outside the loader; kept — --force overwrites)"
        )


@dataclass
class LoadReport:
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    not_recreated: list[str] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)  # existing records, default mode
    carriers: int = 0
    categories: int = 0
    plans: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.changes)


# --- Reading the file -------------------------------------------------------------------


def read_catalog_file(path: Path) -> dict:
    """The file's data (JSON for a ``.json`` file, TOML otherwise), its shape checked."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CatalogError(f"Cannot read {path}: {exc}") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise CatalogError(f"{path}: the file is larger than {MAX_FILE_BYTES // 1024} KiB.")
    try:
        text = raw.decode("utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except RecursionError as exc:
        raise CatalogError(f"{path}: the file is nested too deeply.") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        # json.JSONDecodeError and tomllib.TOMLDecodeError are both ValueErrors.
        raise CatalogError(f"Cannot read {path}: {exc}") from exc
    _check_shape(data, path)
    return data


def _check_shape(data: Any, path: Path) -> None:
    if not isinstance(data, dict):
        raise CatalogError(
            f"{path}: the file must hold an object with 'carrier', 'category' and 'plan' lists."
        )
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise CatalogError(f"{path}: unknown section(s) {', '.join(map(repr, unknown))}.")
    # Depth and size, without recursion (a hostile file must not exhaust the stack).
    stack, count = [(data, 1)], 0
    while stack:
        value, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            raise CatalogError(f"{path}: the file is nested too deeply.")
        if count > MAX_ENTRIES * 10:
            raise CatalogError(f"{path}: the file holds too many values.")
        children = value.values() if isinstance(value, dict) else value
        if isinstance(value, (dict, list)):
            stack.extend((child, depth + 1) for child in children)
    for name in SECTIONS:
        entries = data.get(name, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise CatalogError(f"{path}: {name!r} must be a list of tables (objects).")
        if len(entries) > MAX_ENTRIES:
            raise CatalogError(f"{path}: more than {MAX_ENTRIES} {name} entries.")


# --- Fields and their types -------------------------------------------------------------


@dataclass(frozen=True)
class FileField:
    key: str  # as the file writes it
    field: models.Field  # the model field it sets
    language: str | None = None  # a translated text's language

    @property
    def attname(self) -> str:
        return self.field.attname


def file_fields(model, *, skip=()) -> dict[str, FileField]:
    """The keys a catalog file may give for ``model``, in the model's field order:
    every editable field except translated originals, whose English text is written under
    the field's own name (``notes``) and other languages under theirs (``notes_zh_hans``)."""
    translated = set()
    if model in translator.get_registered_models(abstract=False):
        translated = set(translator.get_options_for_model(model).fields)
    keys = {}
    for f in model._meta.concrete_fields:
        if not f.editable or f.primary_key or f.name in skip or f.name in translated:
            continue
        original = getattr(f, "translated_field", None)
        if original is not None:
            language = f.language
            key = original.name if language == FILE_LANGUAGE else f.name
            keys[key] = FileField(key, f, language)
        else:
            keys[f.name] = FileField(f.name, f)
    return keys


def _int_range(f: models.Field) -> tuple[int, int]:
    # The narrowest database's range (PostgreSQL's), so a file loads the same everywhere.
    return BaseDatabaseOperations.integer_field_ranges.get(
        f.get_internal_type(), (-(2**31), 2**31 - 1)
    )


def convert(ff: FileField, value: Any, where: str) -> Any:
    """The file's ``value`` for one field as the model stores it, or CatalogError."""
    f = ff.field
    here = f"{where}: {ff.key}"
    if value is None:
        text = isinstance(f, (models.CharField, models.TextField))
        if ff.language is not None or (f.blank and text):
            return ""  # an empty text
        if f.null:
            return None
        raise CatalogError(f"{here}: cannot be empty (null).")
    if isinstance(f, (StringListField, ChoiceListField)):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CatalogError(f'{here}: write a list of strings, e.g. ["a", "b"].')
        for v in value:
            if _CONTROL.search(v):
                raise CatalogError(f"{here}: {v!r} contains a control character.")
        return list(value)
    if isinstance(f, models.BooleanField):
        if not isinstance(value, bool):
            raise CatalogError(f"{here}: write true or false, not {value!r}.")
        return value
    if isinstance(f, models.DecimalField):
        return _money(value, here)
    if isinstance(f, models.DateField):
        return _date(value, here)
    if isinstance(f, models.IntegerField):
        if isinstance(value, bool) or not isinstance(value, int):
            raise CatalogError(f"{here}: write a whole number, not {value!r}.")
        low, high = _int_range(f)
        if not low <= value <= high:
            raise CatalogError(f"{here}: {value} is out of range.")
        return value
    if isinstance(f, CountryField):
        if not isinstance(value, str) or not _COUNTRY.match(value):
            raise CatalogError(f'{here}: write the two capital letters, e.g. "US", not {value!r}.')
        return value
    if isinstance(f, (models.CharField, models.TextField)):
        if not isinstance(value, str):
            raise CatalogError(f"{here}: write text in quotes, not {value!r}.")
        if isinstance(f, models.TextField):
            value = value.replace("\r\n", "\n")
            if _CONTROL_BUT_NEWLINES.search(value):
                raise CatalogError(f"{here}: the text contains a control character.")
        elif _CONTROL.search(value):
            raise CatalogError(f"{here}: the text contains a control character or a line break.")
        return value
    raise CatalogError(f"{here}: cannot be loaded from a file.")  # pragma: no cover


def _money(value: Any, here: str) -> Decimal:
    if isinstance(value, (bool, float)) or not isinstance(value, (str, int)):
        raise CatalogError(
            f'{here}: write an amount of money as a string, e.g. "30.00", not {value!r}.'
        )
    text = str(value)
    if not _MONEY.match(text):
        raise CatalogError(f"{here}: {value!r} is not an amount of money.")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise CatalogError(f"{here}: {value!r} is not an amount of money.") from exc
    if amount != amount.quantize(Decimal("0.01")):
        raise CatalogError(f"{here}: {value!r} has more than two decimals.")
    if len(text) > 20:
        raise CatalogError(f"{here}: {value!r} is out of range.")
    return amount.quantize(Decimal("0.01"))


def _date(value: Any, here: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        raise CatalogError(f"{here}: write a date without a time, e.g. 2026-11-22.")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and _DATE.match(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise CatalogError(f"{here}: write the date as a TOML date or an ISO string, e.g. 2026-11-22.")


def parse_entry(model, entry: dict, where: str, *, skip=()) -> dict[str, Any]:
    """Every file field of ``model``: the file's value (type-checked), else the field's
    default. Keys are model attribute names."""
    keys = file_fields(model, skip=skip)
    unknown = sorted(set(entry) - set(keys) - set(skip))
    if unknown:
        raise CatalogError(f"{where}: unknown field(s) {', '.join(unknown)}.")
    values = {}
    for key, ff in keys.items():
        f = ff.field
        if key in entry:
            values[ff.attname] = convert(ff, entry[key], where)
        elif ff.language is not None:
            values[ff.attname] = ""
        elif f.has_default():
            values[ff.attname] = f.get_default()
        elif f.null:
            values[ff.attname] = None
        elif f.blank and isinstance(f, (models.CharField, models.TextField)):
            values[ff.attname] = ""
    return values


def _text_key(entry: dict, key: str, where: str) -> str:
    if key not in entry:
        raise CatalogError(f"{where}: {key!r} is missing.")
    value = entry[key]
    if not isinstance(value, str) or not value or _CONTROL.search(value):
        raise CatalogError(f"{where}: {key}: write a name in quotes, not {value!r}.")
    return value


# --- Values as the file writes them (for comparing and for LoadedValues) -----------------


def file_value(value: Any) -> Any:
    """A field value as a catalog file (JSON) writes it."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Country):
        return value.code
    if isinstance(value, list):
        return list(value)
    return value


def current_values(obj, names) -> dict[str, Any]:
    """The record's values as the file writes them. An empty translation is "" whether it
    is stored as NULL (a record made in Python) or as "" (one made by a form or the loader)."""
    values = {}
    for name in names:
        value = getattr(obj, name)
        if value is None and hasattr(obj._meta.get_field(name), "translated_field"):
            value = ""
        values[name] = file_value(value)
    return values


_UNKNOWN = object()  # no record of what the loader wrote


# --- Loading ------------------------------------------------------------------------------


@dataclass
class Options:
    update: bool = False
    force: bool = False
    file: str = ""

    @property
    def reason(self) -> str:
        how = " --update --force" if self.force else " --update" if self.update else ""
        return f"{REASON}{how}: {self.file}"[:100]


def load_catalog(
    path: Path = STARTER_CATALOG,
    *,
    update: bool = False,
    force: bool = False,
    dry_run: bool = False,
) -> LoadReport:
    data = read_catalog_file(path)
    options = Options(update=update or force, force=force, file=path.name)
    try:
        with translation.override(FILE_LANGUAGE):
            return _Loader(options).load(data, dry_run=dry_run)
    except DatabaseError as exc:
        # full_clean() catches what we know of; the database (its constraints, checked at
        # commit for the rule between a plan and its rollover) has the last word.
        raise CatalogError(f"{path}: the database refused the catalog: {exc}") from exc


class _Loader:
    def __init__(self, options: Options):
        self.options = options
        self.report = LoadReport()
        self.baselines: dict[tuple[int, int], LoadedValues] = {}

    # -- the whole file

    def load(self, data: dict, *, dry_run: bool) -> LoadReport:
        carriers_in_file = {}
        parsed_carriers = []
        for i, entry in enumerate(data.get("carrier", [])):
            slug = _text_key(entry, "slug", f"carrier #{i + 1}")
            where = f"carrier {slug}"
            parsed_carriers.append((slug, parse_entry(Carrier, entry, where)))
        parsed_categories = []
        for i, entry in enumerate(data.get("category", [])):
            slug = _text_key(entry, "slug", f"category #{i + 1}")
            parsed_categories.append((slug, parse_entry(Category, entry, f"category {slug}")))
        parsed_plans = [self.parse_plan(i, entry) for i, entry in enumerate(data.get("plan", []))]
        slugs = [slug for slug, _v in parsed_carriers]
        self._no_duplicates("carrier", slugs)
        self._no_duplicates("category", [slug for slug, _v in parsed_categories])
        self._no_duplicates("plan", [p["slug"] for p in parsed_plans])
        for plan in parsed_plans:
            if plan["carrier"] not in slugs:
                raise CatalogError(
                    f"plan {plan['slug']}: carrier {plan['carrier']!r} is not in the file."
                )

        with transaction.atomic():
            for slug, values in parsed_carriers:
                carrier = self.sync_record(Carrier, "carrier", slug, {"slug": slug}, values)
                carriers_in_file[slug] = carrier
                self.report.carriers += 1
            for slug, values in parsed_categories:
                self.sync_record(Category, "category", slug, {"slug": slug}, values)
                self.report.categories += 1
            for plan in parsed_plans:
                carrier = carriers_in_file[plan["carrier"]]
                if carrier is not None:  # None: a carrier a curator deleted, not recreated
                    self.sync_plan(plan, carrier)
                else:
                    self.report.not_recreated.append(
                        f"plan {plan['slug']}: its carrier {plan['carrier']} was deleted"
                    )
                self.report.plans += 1
            if dry_run:
                transaction.set_rollback(True)
        return self.report

    @staticmethod
    def _no_duplicates(what: str, keys: list[str]) -> None:
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise CatalogError(f"{what} named more than once: {', '.join(map(repr, twice))}.")

    def parse_plan(self, i: int, entry: dict) -> dict:
        slug = _text_key(entry, "slug", f"plan #{i + 1}")
        where = f"plan {slug}"
        carrier = _text_key(entry, "carrier", where)
        rule = entry.get("rollover")
        if not isinstance(rule, dict):
            raise CatalogError(f"{where}: every plan needs a [plan.rollover] table.")
        promotions = entry.get("promotions", [])
        if not isinstance(promotions, list) or not all(isinstance(p, dict) for p in promotions):
            raise CatalogError(f"{where}: promotions must be a list of tables (objects).")
        values = parse_entry(
            Plan,
            {k: v for k, v in entry.items() if k not in ("rollover", "promotions")},
            where,
            skip=("carrier",),
        )
        rule_values = parse_entry(RolloverRule, rule, f"{where} rule", skip=("plan",))
        promos = []
        for j, promo in enumerate(promotions):
            name = _text_key(promo, "name", f"{where} promotion #{j + 1}")
            promos.append(
                (name, parse_entry(Promotion, promo, f"{where} promotion {name!r}", skip=("plan",)))
            )
        names = [name for name, _v in promos]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise CatalogError(
                f"{where}: promotion names must differ within a plan; "
                f"named more than once: {', '.join(map(repr, twice))}."
            )
        return {
            "slug": slug,
            "carrier": carrier,
            "values": values,
            "rule": rule_values,
            "promotions": promos,
        }

    # -- baselines and history

    def baseline(self, obj) -> LoadedValues | None:
        ct = ContentType.objects.get_for_model(type(obj))
        key = (ct.pk, obj.pk)
        if key not in self.baselines:
            found = LoadedValues.objects.filter(content_type=ct, object_id=obj.pk).first()
            if found is None:
                found = LoadedValues(content_type=ct, object_id=obj.pk, values={})
                found._adopted = (
                    not type(obj).history.filter(id=obj.pk, history_user__isnull=False).exists()
                )
            self.baselines[key] = found
        return self.baselines[key]

    def remember(self, obj, values: dict[str, Any]) -> None:
        """Record what the file says for these fields, which now equal the database."""
        baseline = self.baseline(obj) if obj.pk else None
        if baseline is None:  # pragma: no cover - every remembered record is saved
            return
        baseline.values.update(values)
        baseline.file = self.options.file
        baseline.save()

    def deleted(self, model, **lookup) -> str | None:
        """How a curator deleted the record the file names, if they did."""
        record = (
            model.history.filter(**lookup)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
            .first()
        )
        if record is None or record.history_type != "-":
            return None
        who = record.history_user.get_username() if record.history_user else "someone"
        return f"deleted on {record.history_date:%Y-%m-%d} by {who}"

    def save(self, obj) -> None:
        obj._change_reason = self.options.reason  # the history says the loader wrote it
        obj.save()

    # -- one record: carriers and categories

    def sync_record(self, model, label: str, key: str, lookup: dict, values: dict):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            how = self.deleted(model, **lookup)
            if how and not self.options.force:
                self.report.not_recreated.append(
                    f"{label} {key}: {how} (load_catalog --update --force recreates it)"
                )
                return None
            obj = model(**values)
            self.validate(obj, f"{label} {key}")
            self.save(obj)
            self.remember(obj, current_values(obj, values))
            self.report.changes.append(Change("create", label, key))
            return obj
        accepted = self.decide(obj, label, key, values)
        if accepted:
            for name in accepted:
                setattr(obj, name, values[name])
            self.validate(obj, f"{label} {key}")
            self.save(obj)
            self.report.changes.append(
                Change("update", label, key, accepted, forced=self.options.force)
            )
        return obj

    def decide(self, obj, label: str, key: str, values: dict) -> dict[str, tuple[Any, Any]]:
        """Which of the file's values to write to an existing record: returns the accepted
        changes ``{field: (database, file)}``; lists conflicts; remembers agreements."""
        db = current_values(obj, values)
        wanted = {name: file_value(value) for name, value in values.items()}
        differing = {name for name in wanted if wanted[name] != db[name]}
        if not self.options.update:
            if differing:
                self.report.differing.append(f"{label} {key}")
            return {}
        baseline = self.baseline(obj)
        accepted, agreed = {}, {}
        for name in wanted:
            if name not in differing:
                agreed[name] = wanted[name]
                continue
            adopted = getattr(baseline, "_adopted", False)
            ours = baseline.values.get(name, db[name] if adopted else _UNKNOWN)
            if ours == db[name] or self.options.force:
                accepted[name] = (db[name], wanted[name])
                agreed[name] = wanted[name]
            else:
                self.report.conflicts.append(Conflict(label, key, name, db[name], wanted[name]))
        self.remember(obj, agreed)
        return accepted

    def validate(self, obj, where: str, exclude=None) -> None:
        # Every constraint is mirrored in clean() with a plain sentence, and the database
        # checks them all again when the record is saved (a refusal rolls the whole load
        # back). Django's own constraint validation would run one query per CHECK per
        # record (1,180 queries, two thirds of a starter load's time), so it is skipped.
        try:
            obj.full_clean(exclude=exclude, validate_constraints=False)
        except ValidationError as exc:
            raise CatalogError(f"{where}: {_describe(exc)}") from exc

    # -- a plan with its rule and promotions, validated together

    def sync_plan(self, entry: dict, carrier: Carrier) -> None:
        slug = entry["slug"]
        where = f"plan {slug}"
        values = {**entry["values"], "carrier_id": carrier.pk}
        plan = Plan.objects.filter(slug=slug).first()
        creating = plan is None
        if creating:
            how = self.deleted(Plan, slug=slug)
            if how and not self.options.force:
                self.report.not_recreated.append(
                    f"plan {slug}: {how} (load_catalog --update --force recreates it)"
                )
                return
            plan = Plan(**values)
            plan_changes = {}
        else:
            plan_changes = self.decide(plan, "plan", slug, values)
            for name in plan_changes:
                setattr(plan, name, values[name])

        # The rule: the existing one (updated) or a new one.
        rule = None if creating else RolloverRule.objects.filter(plan=plan).first()
        rule_new = rule is None
        rule_changes = {}
        if rule_new:
            rule = RolloverRule(**entry["rule"])
        else:
            rule_changes = self.decide(rule, "rule", f"{slug} rule", entry["rule"])
            for name in rule_changes:
                setattr(rule, name, entry["rule"][name])
        if rule_new and not creating and not self.options.update:
            rule_new = False  # an existing plan without a rule: the default mode leaves it
            rule = None

        # The promotions: the file's by name, existing ones updated; the others kept.
        existing = {} if creating else {p.name_en: p for p in plan.promotions.all()}
        promotions = []  # (promotion, action, changes)
        for name, promo_values in entry["promotions"]:
            key = f"{slug} promotion {name!r}"
            promo = existing.pop(name, None)
            if promo is None:
                if not creating and not self.options.update:
                    self.report.differing.append(f"promotion {key}")
                    continue
                how = None if creating else self.deleted(Promotion, plan_id=plan.pk, name_en=name)
                if how and not self.options.force:
                    self.report.not_recreated.append(
                        f"promotion {key}: {how} (load_catalog --update --force recreates it)"
                    )
                    continue
                promotions.append((Promotion(**promo_values), key, promo_values, {}))
            else:
                changes = self.decide(promo, "promotion", key, promo_values)
                for field_name in changes:
                    setattr(promo, field_name, promo_values[field_name])
                promotions.append((promo, key, promo_values, changes))
        kept = list(existing.values())

        # Validate the plan, its rule and every promotion together, before saving any.
        self.validate(plan, where)
        if rule is not None:
            rule.plan = plan
            self.validate(rule, f"{where} rule", exclude=["plan"])
        for promo, _key, _values, _changes in promotions:
            promo.plan = plan
            self.validate(promo, f"{where} promotion {promo.name_en!r}", exclude=["plan"])
        for promo in kept:
            promo.plan = plan
            self.validate(promo, f"{where} promotion {promo.name_en!r} (kept)", exclude=["plan"])

        group_changed = (
            bool(plan_changes or rule_changes)
            or (rule is not None and rule_new)
            or any(p.pk is None or changes for p, _key, _values, changes in promotions)
        )
        if creating:
            self.save(plan)
            self.remember(plan, current_values(plan, values))
            self.report.changes.append(Change("create", "plan", slug))
        elif group_changed:
            plan.version += 1  # an admin form opened before the load cannot overwrite it
            self.save(plan)
            if plan_changes:
                self.report.changes.append(
                    Change("update", "plan", slug, plan_changes, forced=self.options.force)
                )
        if rule is not None and (rule_new or rule_changes):
            rule.plan = plan
            self.save(rule)
            if rule_new:
                self.remember(rule, current_values(rule, entry["rule"]))
                if not creating:
                    self.report.changes.append(Change("create", "rule", f"{slug} rule"))
            else:
                self.report.changes.append(
                    Change(
                        "update", "rule", f"{slug} rule", rule_changes, forced=self.options.force
                    )
                )
        for promo, key, promo_values, changes in promotions:
            if promo.pk is None:
                promo.plan = plan
                self.save(promo)
                self.remember(promo, current_values(promo, promo_values))
                if not creating:
                    self.report.changes.append(Change("create", "promotion", key))
            elif changes:
                self.save(promo)
                self.report.changes.append(
                    Change("update", "promotion", key, changes, forced=self.options.force)
                )


def _describe(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(str(m) for e in errors for m in e.messages)}"
            for name, errors in exc.error_dict.items()
        )
    return " ".join(exc.messages)
