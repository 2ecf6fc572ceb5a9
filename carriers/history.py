"""Reading and reverting the catalog's history (django-simple-history records).

A plan's page saves the plan first, then its rule and promotions, so the plan's record of a
save comes a moment before its children's. "The plan as it was at version v" is therefore
the plan's record v with its rule and promotions as they were just before the plan's next
record (or as they are now, for its latest record). From the rule's or a promotion's
history the moment is that record's own time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import formats
from .fields import MegabytesField
from .models import PROMOTION_NAME_TAKEN, Plan, Promotion, RolloverRule

REVERT_REASON = "Reverted with its plan to %(when)s"
SKIP_IN_DIFF = {"version"}


# --- Lists of records -------------------------------------------------------------------


def attach_previous_records(model, records, plan_field: str) -> None:
    """Give each record ``_previous`` (the same object's record before it, or None),
    ``_plan_record`` (the plan record to revert to from here) and ``_plan_name``: three
    queries for a page of records, however many."""
    records = list(records)
    if not records:
        return
    ids = {r.id for r in records}
    latest = max(r.history_date for r in records)
    earlier = (
        model.objects.filter(id__in=ids, history_date__lte=latest)
        .order_by("id", "history_date", "history_id")
        .iterator()
    )
    by_object = {key: list(group) for key, group in groupby(earlier, key=lambda r: r.id)}
    for record in records:
        timeline = by_object.get(record.id, [])
        before = [
            r
            for r in timeline
            if (r.history_date, r.history_id) < (record.history_date, record.history_id)
        ]
        record._previous = before[-1] if before else None

    plan_ids = {getattr(r, plan_field) for r in records} - {None}
    plan_history = Plan.history.model
    plan_records = (
        plan_history.objects.filter(id__in=plan_ids, history_date__lte=latest)
        .order_by("id", "history_date", "history_id")
        .iterator()
    )
    by_plan = {key: list(group) for key, group in groupby(plan_records, key=lambda r: r.id)}
    names = dict(Plan.objects.filter(pk__in=plan_ids).values_list("pk", "name_en"))
    for record in records:
        plan_id = getattr(record, plan_field)
        record._plan_name = names.get(plan_id)
        if model is plan_history:
            record._plan_record = record if plan_id in names else None
            continue
        candidates = [p for p in by_plan.get(plan_id, []) if p.history_date <= record.history_date]
        record._plan_record = candidates[-1] if candidates and plan_id in names else None


def changed_fields(record) -> list[tuple[str, str, str]] | None:
    """``(field label, old, new)`` for each field this record changed, or None when there is
    no earlier record to compare with."""
    previous = getattr(record, "_previous", None)
    if previous is None:
        return None
    delta = record.diff_against(previous, foreign_keys_are_objs=False)
    changes = []
    for change in delta.changes:
        if change.field in SKIP_IN_DIFF:
            continue
        model_field = record._meta.get_field(change.field)
        label = str(model_field.verbose_name)
        changes.append((label, _short(model_field, change.old), _short(model_field, change.new)))
    return changes


def _short(model_field, value) -> str:
    if value in (None, ""):
        return "∅"
    if isinstance(model_field, MegabytesField) and isinstance(value, int):
        return formats.size(value)
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= 80 else text[:79] + "…"


# --- A plan at a moment, and reverting to it -----------------------------------------------


@dataclass
class PlanMoment:
    """A plan's rule and promotions as they were at ``moment``."""

    plan_record: object
    moment: datetime.datetime
    inclusive: bool
    rule: RolloverRule | None = None  # None: the plan had no rule recorded then
    promotions: list[Promotion] = field(default_factory=list)

    @classmethod
    def of(cls, plan_record, at: datetime.datetime | None = None) -> PlanMoment:
        if at is not None:
            if timezone.is_naive(at):
                at = timezone.make_aware(at, datetime.UTC)
            moment, inclusive = at, True
        else:
            following = (
                Plan.history.filter(id=plan_record.id)
                .filter(
                    Q(history_date__gt=plan_record.history_date)
                    | Q(
                        history_date=plan_record.history_date,
                        history_id__gt=plan_record.history_id,
                    )
                )
                .order_by("history_date", "history_id")
                .first()
            )
            moment, inclusive = (
                (following.history_date, False) if following else (timezone.now(), True)
            )
        found = cls(plan_record, moment, inclusive)
        found._read()
        return found

    def _before(self, queryset):
        lookup = "history_date__lte" if self.inclusive else "history_date__lt"
        return queryset.filter(**{lookup: self.moment}).order_by(
            "id", "-history_date", "-history_id"
        )

    def _read(self) -> None:
        plan_id = self.plan_record.id
        rules = list(self._before(RolloverRule.history.filter(plan_id=plan_id)))
        latest_rule = max(rules, key=lambda r: (r.history_date, r.history_id), default=None)
        if latest_rule is not None and latest_rule.history_type != "-":
            self.rule = latest_rule.instance
        promotions = self._before(Promotion.history.filter(plan_id=plan_id))
        for _id, group in groupby(promotions, key=lambda r: r.id):
            newest = next(group)
            if newest.history_type != "-":
                self.promotions.append(newest.instance)
        self.promotions.sort(key=lambda p: (p.from_month, p.id))

    @property
    def when(self) -> datetime.datetime:
        return self.plan_record.history_date

    @property
    def rule_summary(self) -> str:
        """The rule in one line, a credit in the plan's currency of that version."""
        return self.rule.short_summary(self.plan_record.currency) if self.rule else ""

    def problems(self, plan: Plan) -> list[str]:
        """Why the rule and promotions of this moment cannot go with ``plan`` (its values
        as the revert form would save them), in plain words; empty when they can."""
        from django.core.exceptions import ValidationError

        messages = []
        rule = self.rule or RolloverRule.objects.filter(plan_id=plan.pk).first()
        children = ([rule] if rule is not None else []) + list(self.promotions)
        for child in children:
            child.plan = plan
            try:
                # The database's uniqueness is checked below among this moment's promotions:
                # against today's rows it would refuse a revert of names since swapped.
                # clean() states every other constraint.
                child.full_clean(
                    exclude=["plan"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as exc:
                for message in exc.messages:
                    what = (
                        _("the rule") if isinstance(child, RolloverRule) else f"“{child.name_en}”"
                    )
                    messages.append(
                        _("With this version, %(what)s cannot be kept as it is: %(why)s")
                        % {"what": what, "why": message}
                    )
        names = [p.name_en for p in self.promotions]
        for name in dict.fromkeys(n for n in names if names.count(n) > 1):
            messages.append(
                _("With this version, %(what)s cannot be kept as it is: %(why)s")
                % {"what": f"“{name}”", "why": PROMOTION_NAME_TAKEN}
            )
        return messages

    def restore_children(self, plan: Plan) -> None:
        """Make the plan's rule and promotions what they were at this moment."""
        reason = REVERT_REASON % {"when": f"{timezone.localtime(self.when):%Y-%m-%d %H:%M}"}
        if self.rule is not None:
            live = RolloverRule.objects.filter(plan_id=plan.pk).first()
            rule = self.rule
            rule.plan = plan
            if live is not None:
                rule.pk = rule.id = live.pk
            rule._state.adding = live is None
            rule._change_reason = reason
            rule.save()
        keep = {p.pk for p in self.promotions}
        for gone in Promotion.objects.filter(plan_id=plan.pk).exclude(pk__in=keep):
            gone._change_reason = reason
            gone.delete()
        live_ids = set(Promotion.objects.filter(plan_id=plan.pk).values_list("pk", flat=True))
        # Names are unique per plan: a name that moved from one promotion to another since
        # this moment would collide on the way back. Out of the way first (no history: each
        # row is saved with its restored name below, in the same transaction).
        Promotion.objects.filter(pk__in=live_ids).park_names()
        for promotion in self.promotions:
            promotion.plan = plan
            promotion._state.adding = promotion.pk not in live_ids
            promotion._change_reason = reason
            promotion.save()
