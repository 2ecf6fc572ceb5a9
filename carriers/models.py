"""The catalog: carriers, their plans, each plan's rollover rule and its promotions, and
categories (named groups of plans people ask about as one thing).

Data is stored in whole MB (``MegabytesField``, edited in GB) and money as ``Decimal``.
Every rule that data can break is a named database constraint, mirrored in ``clean()`` so a
curator reads a plain sentence instead of an IntegrityError. The one rule that spans two
tables (an unlimited plan or a day pass cannot roll over) is enforced by database triggers
(migrations 0002 and 0008) as well as by ``clean()``. The bounds are the engine's
(``simulator.engine``): one copy for the catalog, the forms and the API.

Every model keeps its history (django-simple-history, registered in ``translation.py``
after django-modeltranslation has added the Chinese columns, so the history holds them too):
who changed what, and when, viewable and revertible in the admin. ``Plan.version`` is the
admin's optimistic lock (see ``carriers.admin.PlanAdminForm`` and docs/admin.md).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import Regex
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import CountryField

from simulator.engine import (
    MAX_CONVERSION_RATE,
    MAX_DATA_MB,
    MAX_EXPIRY_PERIODS,
    MAX_LINES,
    MAX_PERIOD_MONTHS,
    MAX_PRICE,
    MONTH_PATTERN,
)

from . import formats
from .fields import ChoiceListField, MegabytesField, StringListField
from .i18n import CuratedText, curated

STALE_AFTER_DAYS = 183  # "source checked more than 6 months ago"
OLD_SOURCE_YEARS = 3  # "a source document older than 3 years"
MAX_ALIAS_LENGTH = 50

month_validator = RegexValidator(MONTH_PATTERN, _("Write the month as YYYY-MM, e.g. 2026-01."))
country_validator = RegexValidator(r"^[A-Z]{2}$", _("Use the two capital letters, e.g. US."))


class CuratedTextMixin:
    """``obj.text("notes")``: a translated field in the page's language, or its English
    fallback, with the language it is really written in (see ``carriers.i18n``)."""

    def text(self, field: str, language: str | None = None) -> CuratedText:
        return curated(self, field, language)


def money_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_PRICE)],
        **kwargs,
    )


def data_field(verbose_name, **kwargs):
    return MegabytesField(verbose_name, validators=[MaxValueValidator(MAX_DATA_MB)], **kwargs)


def in_range(field, low, high, *, nullable=False):
    """A Q for ``low <= field <= high`` (or NULL when ``nullable``)."""
    q = Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return q | Q(**{f"{field}__isnull": True}) if nullable else q


def old_source_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Sources dated before this are "older than 3 years"."""
    today = today or datetime.date.today()
    try:
        return today.replace(year=today.year - OLD_SOURCE_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - OLD_SOURCE_YEARS, day=28)


def one_of(field, choices):
    return Q(**{f"{field}__in": choices.values})


# Choices live at module level so the models' Meta constraints can name their values;
# each model exposes them under its own name too (Plan.Kind, RolloverRule.Mode …).
class PlanKind(models.TextChoices):
    POSTPAID = "postpaid", _("Postpaid")
    PREPAID = "prepaid", _("Prepaid")
    TRAVEL_ESIM = "travel_esim", _("Data-only / travel eSIM")
    DAY_PASS = "day_pass", _("Day pass")


class PlanBilling(models.TextChoices):
    MONTHLY = "monthly", _("Per period of whole months")
    DAILY = "daily", _("Per day of use")


class AfterSpendCap(models.TextChoices):
    SERVE = "serve", _("Still served, free")
    THROTTLE = "throttle", _("Slowed down, free")
    BLOCK = "block", _("Blocked: no more data")


class OveragePolicy(models.TextChoices):
    BLOCK = "block", _("Blocked: no more data")
    THROTTLE = "throttle", _("Slowed down, free")
    PAY_PER_UNIT = "pay_per_unit", _("Charged per unit")


class PlanAvailability(models.TextChoices):
    AVAILABLE = "available", _("Available")
    CLOSED = "closed", _("Closed to new customers")
    DISCONTINUED = "discontinued", _("Discontinued")


class RolloverMode(models.TextChoices):
    NONE = "none", _("No rollover")
    FULL = "full", _("All unused data rolls over")
    CAPPED = "capped", _("Rolls over up to a cap per period")


class RolloverOrder(models.TextChoices):
    ROLLOVER_FIRST = "rollover_first", _("Rolled-over data first")
    ALLOWANCE_FIRST = "allowance_first", _("New allowance first")


def aliases_field(help_text):
    return StringListField(
        _("aliases"), max_item_length=MAX_ALIAS_LENGTH, blank=True, help_text=help_text
    )


def country_is_iso():
    """A CHECK that the country is two capital letters. (django-countries gives its field a
    ``regex`` lookup of its own, on country names: compare the column as plain text.)"""
    return Regex(Cast("country", models.CharField(max_length=2)), r"^[A-Z]{2}$")


def country_field(help_text):
    return CountryField(_("country"), validators=[country_validator], help_text=help_text)


class Carrier(CuratedTextMixin, models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("As customers know it."))
    slug = models.SlugField(
        _("slug"), max_length=100, help_text=_("Short URL name, e.g. t-mobile-us. Unique.")
    )
    country = country_field(_("Where the carrier sells the plans catalogued here."))
    aliases = aliases_field(
        _(
            "The names people type for this carrier, one per line (e.g. TM卡, T-Mobile). "
            "At most 50 characters each."
        )
    )
    website = models.URLField(_("website"), blank=True, help_text=_("The carrier's home page."))
    notes = models.TextField(_("notes"), blank=True, help_text=_("Anything a curator should know."))
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive carriers are hidden from the public.")
    )

    class Meta:
        ordering = ("country", "name")
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")
        constraints = [
            models.UniqueConstraint(fields=("slug",), name="carriers_carrier_slug_unique"),
            models.CheckConstraint(condition=country_is_iso(), name="carriers_carrier_country_iso"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code})"


# The names of a plan's values that no source may state, as the API writes them (the
# ``custom_plan`` shape). A promotion's is its own ``Promotion.assumed`` ("promotions[i]").
ASSUMABLE = (
    ("price", _("price")),
    ("allowance_mb", _("data allowance")),
    ("period_months", _("period")),
    ("overage", _("overage: policy, unit and unit price")),
    ("overage.spend_cap", _("overage spend cap and what happens after it")),
    ("throttle_kbps", _("slowed speed")),
    ("lines", _("lines")),
    ("availability", _("availability")),
    ("rollover.mode", _("rollover")),
    ("rollover.cap_mb", _("rollover cap per period")),
    ("rollover.bank_cap_mb", _("bank cap")),
    ("rollover.expires_after_periods", _("how long rolled data lasts")),
    ("rollover.order", _("order of use")),
    ("rollover.min_use_mb", _("minimum use to roll")),
    ("rollover.forfeit_on_lapse", _("lost on a lapse")),
    ("rollover.convert", _("conversion of unused data (benefit and credit)")),
)
ASSUMABLE_NAMES = tuple(name for name, _label in ASSUMABLE)


def _assumed_sort_key(name: str) -> tuple[str, int]:
    """Alphabetical, with a promotion's index compared as a number (promotions[2] < [10])."""
    base, _sep, index = name.partition("[")
    return base, int(index.rstrip("]") or 0)


class PlanQuerySet(models.QuerySet):
    def public(self):
        """What visitors see: active plans of active carriers."""
        return self.filter(active=True, carrier__active=True)

    def open_to_new(self):
        """Plans a new customer can still buy (``Plan.is_on_sale`` for one plan)."""
        return self.filter(availability=PlanAvailability.AVAILABLE)

    def in_category(self, category: "Category"):
        """Plans of the category's kind whose carrier is in the category's country
        (``Category.holds`` for one plan in memory)."""
        return self.of_kind_in(category.kind, category.country)

    def of_kind_in(self, kind, country):
        """Plans of ``kind`` whose carrier is in ``country``: values, or expressions such as
        ``OuterRef("kind")`` (the admin counts each category's plans in one query)."""
        return self.filter(kind=kind, carrier__country=country)

    def for_simulation(self):
        """With everything the engine needs, in a fixed number of queries: the carrier and
        the rule joined, the promotions prefetched in the order the API lists them."""
        return self.select_related("carrier", "rollover").prefetch_related("promotions")


class Plan(CuratedTextMixin, models.Model):
    Kind = PlanKind
    Billing = PlanBilling
    Overage = OveragePolicy
    Availability = PlanAvailability

    carrier = models.ForeignKey(
        Carrier,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("carrier"),
        help_text=_("Who sells the plan (an MVNO is its own carrier)."),
    )
    name = models.CharField(_("name"), max_length=150, help_text=_("The plan's name as sold."))
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("Unique across the catalog; URLs and the API use it. Don't change it lightly."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=PlanKind.choices, default=PlanKind.POSTPAID
    )
    billing = models.CharField(
        _("billing"),
        max_length=10,
        choices=PlanBilling.choices,
        default=PlanBilling.MONTHLY,
        help_text=_("Monthly: a period of whole months. Daily: a pass bought per day of use."),
    )
    period_months = models.PositiveSmallIntegerField(
        _("period (months)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PERIOD_MONTHS)],
        help_text=_("1 for a monthly or 30-day plan, 3 for a 90-day pack. Day passes: 1."),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use the ISO 4217 code, e.g. USD."))],
        help_text=_("ISO 4217 code in capitals: USD, PHP, CNY, GBP …"),
    )
    price = money_field(_("price"), help_text=_("Per period (per day for a day pass)."))
    allowance_mb = data_field(
        _("data allowance (GB)"),
        null=True,
        blank=True,
        help_text=_(
            "Data per period (per day for a day pass), in GB. Empty means unlimited at full "
            "speed. For an 'unlimited' plan slowed after a high-speed allowance, enter that "
            "allowance and choose overage 'slowed down'."
        ),
    )
    overage_policy = models.CharField(
        _("when the data runs out"),
        max_length=15,
        choices=OveragePolicy.choices,
        default=OveragePolicy.BLOCK,
    )
    overage_unit_mb = data_field(
        _("overage unit (GB)"),
        null=True,
        blank=True,
        help_text=_("Pay per unit only: the size of one charged unit, in GB (1 MB = 0.001)."),
    )
    overage_unit_price = money_field(
        _("overage unit price"),
        null=True,
        blank=True,
        help_text=_("Pay per unit only: the price of one unit."),
    )
    overage_spend_cap = money_field(
        _("overage spend cap"),
        null=True,
        blank=True,
        help_text=_(
            "Pay per unit only: the most overage charged in a month (a day for a day pass). "
            "Empty: no cap."
        ),
    )
    overage_after_cap = models.CharField(
        _("after the spend cap"),
        max_length=10,
        choices=AfterSpendCap.choices,
        blank=True,
        help_text=_(
            "With a spend cap only: what happens to data used beyond it. Left empty with a "
            "cap, it is “still served, free”."
        ),
    )
    throttle_kbps = models.PositiveIntegerField(
        _("slowed speed (kbps)"),
        null=True,
        blank=True,
        help_text=_("Information only: the speed once slowed, e.g. 128."),
    )
    lines_included = models.PositiveSmallIntegerField(
        _("lines included"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LINES)],
        help_text=_("Lines the price covers. Shared/family plans pool the data of every line."),
    )
    lines_max = models.PositiveSmallIntegerField(
        _("maximum lines"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LINES)],
        help_text=_("At least the lines included."),
    )
    extra_line_price = money_field(
        _("price per extra line"),
        default=Decimal("0.00"),
        help_text=_("Per period, for each line above the lines included."),
    )
    extra_line_allowance_mb = data_field(
        _("data per extra line (GB)"),
        default=0,
        help_text=_("Added to the shared pool for each line above the lines included."),
    )
    availability = models.CharField(
        _("availability"),
        max_length=15,
        choices=PlanAvailability.choices,
        default=PlanAvailability.AVAILABLE,
        help_text=_("Keep old programmes: people still on them want to simulate them."),
    )
    source_url = models.URLField(
        _("source"), max_length=500, help_text=_("The page the terms were read from.")
    )
    source_date = models.DateField(
        _("source dated"),
        null=True,
        blank=True,
        help_text=_(
            "The date of the source document itself (published or last updated), if it "
            "has one. Not the day you read it."
        ),
    )
    source_checked = models.DateField(
        _("source checked on"), help_text=_("When a curator last read the source.")
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_(
            "What the terms say, in a sentence or two, and anything assumed where the source "
            "is silent (say 'Assumed:')."
        ),
    )
    assumed = ChoiceListField(
        _("assumed values"),
        item_choices=ASSUMABLE,
        blank=True,
        help_text=_(
            "Tick each value no source states (you chose it so the plan can be simulated). "
            "The site and the API label them as assumed."
        ),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive plans are hidden from the public.")
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_(
            "Goes up by one on every save from the admin or the loader: a form opened on an "
            "older version cannot overwrite a newer one."
        ),
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ("carrier__country", "carrier__name", "name")
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(fields=("slug",), name="carriers_plan_slug_unique"),
            models.CheckConstraint(
                condition=one_of("kind", PlanKind), name="carriers_plan_kind_valid"
            ),
            models.CheckConstraint(
                condition=one_of("billing", PlanBilling), name="carriers_plan_billing_valid"
            ),
            models.CheckConstraint(
                condition=one_of("overage_policy", OveragePolicy),
                name="carriers_plan_overage_valid",
            ),
            models.CheckConstraint(
                condition=one_of("availability", PlanAvailability),
                name="carriers_plan_availability_valid",
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="carriers_plan_currency_iso"
            ),
            models.CheckConstraint(
                condition=in_range("price", 0, MAX_PRICE), name="carriers_plan_price_range"
            ),
            models.CheckConstraint(
                condition=in_range("allowance_mb", 0, MAX_DATA_MB, nullable=True),
                name="carriers_plan_allowance_range",
            ),
            models.CheckConstraint(
                condition=in_range("period_months", 1, MAX_PERIOD_MONTHS),
                name="carriers_plan_period_months_range",
            ),
            models.CheckConstraint(
                condition=Q(billing="monthly") | Q(period_months=1),
                name="carriers_plan_daily_single_period",
            ),
            models.CheckConstraint(
                condition=~Q(overage_policy="pay_per_unit")
                | Q(
                    overage_unit_mb__isnull=False,
                    overage_unit_mb__gte=1,
                    overage_unit_price__isnull=False,
                ),
                name="carriers_plan_pay_per_unit_needs_unit",
            ),
            models.CheckConstraint(
                condition=Q(overage_policy="pay_per_unit")
                | Q(overage_unit_mb__isnull=True, overage_unit_price__isnull=True),
                name="carriers_plan_unit_only_for_pay_per_unit",
            ),
            models.CheckConstraint(
                condition=in_range("overage_unit_mb", 1, MAX_DATA_MB, nullable=True),
                name="carriers_plan_overage_unit_range",
            ),
            models.CheckConstraint(
                condition=in_range("overage_unit_price", 0, MAX_PRICE, nullable=True),
                name="carriers_plan_overage_price_range",
            ),
            models.CheckConstraint(
                condition=in_range("lines_included", 1, MAX_LINES)
                & in_range("lines_max", 1, MAX_LINES)
                & Q(lines_max__gte=F("lines_included")),
                name="carriers_plan_lines_range",
            ),
            models.CheckConstraint(
                condition=in_range("extra_line_price", 0, MAX_PRICE),
                name="carriers_plan_extra_line_price_range",
            ),
            models.CheckConstraint(
                condition=in_range("extra_line_allowance_mb", 0, MAX_DATA_MB),
                name="carriers_plan_extra_line_allowance_range",
            ),
            models.CheckConstraint(
                condition=Q(overage_policy="pay_per_unit")
                | Q(overage_spend_cap__isnull=True, overage_after_cap=""),
                name="carriers_plan_spend_cap_only_for_pay_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(overage_spend_cap__isnull=True, overage_after_cap="")
                | Q(overage_spend_cap__isnull=False, overage_after_cap__in=AfterSpendCap.values),
                name="carriers_plan_after_cap_with_cap",
            ),
            models.CheckConstraint(
                condition=in_range("overage_spend_cap", 0, MAX_PRICE, nullable=True),
                name="carriers_plan_spend_cap_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carrier.name} – {self.name}" if self.carrier_id else self.name

    def get_absolute_url(self) -> str:
        return reverse("plan-detail", args=[self.slug])

    @property
    def is_on_sale(self) -> bool:
        """A new customer can still buy it (``PlanQuerySet.open_to_new()`` in SQL)."""
        return self.availability == PlanAvailability.AVAILABLE

    @property
    def rolls_over(self) -> bool:
        """Unused data rolls over: the plan's rule has a mode other than "none" (the rule's
        ``clean()`` and the database refuse one on an unlimited plan or a day pass). A plan
        without a rule (only outside the admin and the loader) does not roll over."""
        rule = getattr(self, "rollover", None)
        return rule is not None and rule.mode != RolloverMode.NONE

    @property
    def source_is_stale(self) -> bool:
        age = datetime.date.today() - self.source_checked
        return age > datetime.timedelta(days=STALE_AFTER_DAYS)

    @property
    def source_is_old(self) -> bool:
        """The source document is dated more than 3 years ago."""
        return self.source_date is not None and self.source_date < old_source_cutoff()

    @cached_property
    def assumed_names(self) -> frozenset[str]:
        """The plan's own assumed values: ``"price" in plan.assumed_names`` costs nothing."""
        return frozenset(self.assumed or ())

    def assumed_api_names(self) -> list[str]:
        """What the API lists as ``assumed``: the plan's own names and "promotions[i]" for
        each assumed promotion, i its index in the API's order (from_month, then id).
        Uses the prefetched promotions when there are (``for_simulation()``)."""
        names = list(self.assumed_names) + [
            f"promotions[{i}]" for i, p in enumerate(self.promotions.all()) if p.assumed
        ]
        return sorted(names, key=_assumed_sort_key)

    def rule_conflicts(self, rolls: bool, converts: bool) -> dict[str, str]:
        """The plan fields that forbid a rule which ``rolls`` or ``converts`` unused data:
        an unlimited plan or a day pass has no unused data. The admin shows these at the
        plan's own field (``RolloverRule.clean()`` says it at the rule's)."""
        conflicts = {}
        if rolls or converts:
            if self.allowance_mb is None:
                conflicts["allowance_mb"] = str(
                    _(
                        "An unlimited plan has no unused data: its rule must be “No rollover” "
                        "with no conversion, or give the plan an allowance."
                    )
                )
            elif self.billing == PlanBilling.DAILY:
                conflicts["billing"] = str(
                    _(
                        "A day pass has no unused data: its rule must be “No rollover” with "
                        "no conversion."
                    )
                )
        return conflicts

    def clean(self) -> None:
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        if self.billing == self.Billing.DAILY and self.period_months != 1:
            add("period_months", _("A day pass is bought per day: its period must be 1."))
        if self.overage_policy == self.Overage.PAY_PER_UNIT:
            if not self.overage_unit_mb:
                add("overage_unit_mb", _("Pay per unit needs the size of one unit."))
            if self.overage_unit_price is None:
                add("overage_unit_price", _("Pay per unit needs the price of one unit."))
            if self.overage_spend_cap is not None and not self.overage_after_cap:
                self.overage_after_cap = AfterSpendCap.SERVE  # the spec's default
            if self.overage_spend_cap is None and self.overage_after_cap:
                add(
                    "overage_after_cap",
                    _("Only a plan with a spend cap says what happens after it: clear it."),
                )
        else:
            for name in ("overage_unit_mb", "overage_unit_price"):
                if getattr(self, name) is not None:
                    add(name, _("Only pay-per-unit overage has a unit: clear it."))
            if self.overage_spend_cap is not None:
                add("overage_spend_cap", _("Only pay-per-unit overage has a spend cap: clear it."))
            if self.overage_after_cap:
                add(
                    "overage_after_cap",
                    _("Only pay-per-unit overage with a spend cap has this: clear it."),
                )
        if (
            self.lines_included is not None
            and self.lines_max is not None
            and self.lines_max < self.lines_included
        ):
            add("lines_max", _("The maximum lines cannot be fewer than the lines included."))
        # "An unlimited plan or a day pass cannot roll over" is checked by RolloverRule.clean()
        # (the rule is edited beside the plan and sees the plan's new values) and by triggers.
        if errors:
            raise ValidationError(errors)


def _parent_plan(child) -> "Plan | None":
    """The plan a rule or promotion belongs to, saved or not (the admin edits them together)."""
    try:
        return child.plan
    except Plan.DoesNotExist:
        return None


class RolloverRule(CuratedTextMixin, models.Model):
    Mode = RolloverMode
    Order = RolloverOrder

    plan = models.OneToOneField(
        Plan, on_delete=models.CASCADE, related_name="rollover", verbose_name=_("plan")
    )
    mode = models.CharField(
        _("rollover"),
        max_length=10,
        choices=RolloverMode.choices,
        default=RolloverMode.NONE,
        help_text=_("Unlimited plans and day passes cannot roll over."),
    )
    cap_mb = data_field(
        _("cap per period (GB)"),
        null=True,
        blank=True,
        help_text=_("Capped only: the most that rolls over out of one period's allowance."),
    )
    bank_cap_mb = data_field(
        _("bank cap (GB)"),
        null=True,
        blank=True,
        help_text=_("The most rolled-over data held at once. Empty: no cap."),
    )
    expires_after_periods = models.PositiveSmallIntegerField(
        _("rolled data lasts (periods)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_EXPIRY_PERIODS)],
        help_text=_(
            "1 = usable in the next period only; 12 = a year of monthly periods. "
            "Empty: never expires while the service continues."
        ),
    )
    order = models.CharField(
        _("order of use"),
        max_length=15,
        choices=RolloverOrder.choices,
        default=RolloverOrder.ALLOWANCE_FIRST,
        help_text=_("Which is used first each month: rolled-over data or the new allowance."),
    )
    min_use_mb = data_field(
        _("minimum use to roll (GB)"),
        null=True,
        blank=True,
        help_text=_(
            "Nothing rolls from a period whose use is below this (0.001 = 1 MB: a month with "
            "no use does not roll). Empty: no condition."
        ),
    )
    forfeit_on_lapse = models.BooleanField(
        _("lost on a lapse"),
        default=False,
        help_text=_("Tick if a missed renewal wipes the whole rolled-over bank."),
    )
    convert_unit_mb = data_field(
        _("convert: unit (GB)"),
        null=True,
        blank=True,
        help_text=_("Unused data that does not roll converts per unit of this size. Optional."),
    )
    convert_rate = models.PositiveIntegerField(
        _("convert: rate"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CONVERSION_RATE)],
        help_text=_("How many units of the benefit each whole data unit gives."),
    )
    convert_benefit = models.CharField(
        _("convert: benefit"),
        max_length=50,
        blank=True,
        help_text=_("What the data turns into, e.g. 'minutes'. With the rate."),
    )
    convert_credit = money_field(
        _("convert: credit"),
        null=True,
        blank=True,
        help_text=_(
            "Money off the next period's price for each whole unit not used, in the plan's "
            "currency. With or instead of a rate and benefit."
        ),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("The rule in a plain sentence, as a customer would read it."),
    )
    summary_is_quote = models.BooleanField(
        _("summary quotes the source"),
        default=False,
        help_text=_(
            "Tick only if the summary is the source's own words, copied exactly. Otherwise "
            "pages label it as our summary."
        ),
    )
    source_url = models.URLField(
        _("source"), max_length=500, blank=True, help_text=_("Where the rule is stated.")
    )

    class Meta:
        verbose_name = _("rollover rule")
        verbose_name_plural = _("rollover rules")
        constraints = [
            models.CheckConstraint(
                condition=one_of("mode", RolloverMode), name="carriers_rolloverrule_mode_valid"
            ),
            models.CheckConstraint(
                condition=one_of("order", RolloverOrder), name="carriers_rolloverrule_order_valid"
            ),
            models.CheckConstraint(
                condition=~Q(mode="capped") | Q(cap_mb__isnull=False),
                name="carriers_rolloverrule_capped_needs_cap",
            ),
            models.CheckConstraint(
                condition=Q(mode="capped") | Q(cap_mb__isnull=True),
                name="carriers_rolloverrule_cap_only_when_capped",
            ),
            models.CheckConstraint(
                condition=~Q(mode="none")
                | Q(
                    bank_cap_mb__isnull=True,
                    expires_after_periods__isnull=True,
                    min_use_mb__isnull=True,
                ),
                name="carriers_rolloverrule_settings_need_rollover",
            ),
            models.CheckConstraint(
                condition=in_range("cap_mb", 0, MAX_DATA_MB, nullable=True)
                & in_range("bank_cap_mb", 0, MAX_DATA_MB, nullable=True)
                & in_range("min_use_mb", 0, MAX_DATA_MB, nullable=True),
                name="carriers_rolloverrule_amounts_range",
            ),
            models.CheckConstraint(
                condition=in_range("expires_after_periods", 1, MAX_EXPIRY_PERIODS, nullable=True),
                name="carriers_rolloverrule_expiry_range",
            ),
            # A conversion has a unit and at least one effect: a rate with its benefit,
            # and/or a credit. Nothing of it without a unit.
            models.CheckConstraint(
                condition=Q(
                    convert_unit_mb__isnull=True,
                    convert_rate__isnull=True,
                    convert_benefit="",
                    convert_credit__isnull=True,
                )
                | (
                    # Spelled out: a CHECK whose comparison meets a NULL passes.
                    Q(convert_unit_mb__isnull=False)
                    & in_range("convert_unit_mb", 1, MAX_DATA_MB)
                    & (
                        Q(convert_rate__isnull=True, convert_benefit="")
                        | (
                            in_range("convert_rate", 1, MAX_CONVERSION_RATE)
                            & ~Q(convert_benefit="")
                        )
                    )
                    & (Q(convert_rate__isnull=False) | Q(convert_credit__isnull=False))
                ),
                name="carriers_rolloverrule_convert_complete",
            ),
            models.CheckConstraint(
                condition=in_range("convert_credit", 0, MAX_PRICE, nullable=True),
                name="carriers_rolloverrule_convert_credit_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} ({self.plan})" if self.plan_id else self.mode

    @property
    def has_conversion(self) -> bool:
        return self.convert_unit_mb is not None

    def short_summary(self, currency: str | None = None) -> str:
        """The rule in one line, e.g. "Up to 5 GB a period · lasts 1 period · used first".
        A credit is money in ``currency`` (default: the plan's): "$1.00 off the next period
        per 1 GB unused"; the bare amount only for a rule that has no plan yet."""
        if self.mode == self.Mode.NONE:
            parts = [str(_("No rollover"))]
        else:
            if self.mode == self.Mode.FULL:
                parts = [str(_("All unused data rolls"))]
            else:
                cap = formats.size(self.cap_mb)
                parts = [str(_("Up to %(size)s a period rolls")) % {"size": cap}]
            if self.bank_cap_mb is not None:
                bank = formats.size(self.bank_cap_mb)
                parts.append(str(_("bank up to %(size)s")) % {"size": bank})
            if self.expires_after_periods is None:
                parts.append(str(_("never expires")))
            else:
                n = self.expires_after_periods
                parts.append(ngettext("lasts %(n)s period", "lasts %(n)s periods", n) % {"n": n})
            parts.append(
                str(_("used first"))
                if self.order == self.Order.ROLLOVER_FIRST
                else str(_("used after the allowance"))
            )
            if self.min_use_mb:
                parts.append(str(_("needs %(size)s use")) % {"size": formats.size(self.min_use_mb)})
            if self.forfeit_on_lapse:
                parts.append(str(_("lost on a lapse")))
        if self.has_conversion and self.convert_rate is not None:
            parts.append(
                str(_("unused data → %(rate)s %(benefit)s per %(size)s"))
                % {
                    "rate": self.convert_rate,
                    "benefit": self.convert_benefit,
                    "size": formats.size(self.convert_unit_mb),
                }
            )
        if self.has_conversion and self.convert_credit is not None:
            if currency is None:
                plan = _parent_plan(self)
                currency = plan.currency if plan is not None else None
            credit = (
                formats.money(self.convert_credit, currency)
                if currency
                else formats.amount(self.convert_credit)
            )
            parts.append(
                str(_("%(credit)s off the next period per %(size)s unused"))
                % {
                    "credit": credit,
                    "size": formats.size(self.convert_unit_mb),
                }
            )
        return " · ".join(parts)

    def clean(self) -> None:
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        if self.mode == self.Mode.CAPPED and self.cap_mb is None:
            add("cap_mb", _("A capped rule needs the cap: how much can roll over per period."))
        if self.mode != self.Mode.CAPPED and self.cap_mb is not None:
            add("cap_mb", _("Only a capped rule has a cap per period: clear it or choose capped."))
        if self.mode == self.Mode.NONE:
            for name in ("bank_cap_mb", "expires_after_periods", "min_use_mb"):
                if getattr(self, name) is not None:
                    add(name, _("Only a rule that rolls data over has this: clear it."))
        has_rate = self.convert_rate is not None
        has_benefit = bool(self.convert_benefit)
        has_credit = self.convert_credit is not None
        if has_rate != has_benefit:
            # At the rate: the benefit is a translated text, edited as convert_benefit_en.
            add("convert_rate", _("A rate and its benefit go together: give both or neither."))
        if self.convert_unit_mb is None and (has_rate or has_benefit or has_credit):
            add("convert_unit_mb", _("A conversion needs the size of one unit."))
        if self.convert_unit_mb is not None and not (has_rate or has_credit):
            add(
                "convert_unit_mb",
                _("A conversion needs what a unit earns: a rate and a benefit, and/or a credit."),
            )
        if self.convert_unit_mb == 0:
            add("convert_unit_mb", _("The conversion unit must be larger than 0."))
        if self.convert_rate == 0:
            add("convert_rate", _("The conversion rate must be at least 1."))
        plan = _parent_plan(self)
        if plan is not None and self.mode != self.Mode.NONE:
            if plan.allowance_mb is None:
                add("mode", _("An unlimited plan has nothing to roll over: choose no rollover."))
            elif plan.billing == Plan.Billing.DAILY:
                add("mode", _("A day pass never rolls over: choose no rollover."))
        if plan is not None and self.has_conversion:
            if plan.allowance_mb is None:
                add("convert_unit_mb", _("An unlimited plan has no unused data to convert."))
            elif plan.billing == Plan.Billing.DAILY:
                add("convert_unit_mb", _("A day pass has no unused data to convert."))
        if errors:
            raise ValidationError(errors)


PROMOTION_NAME_TAKEN = _(
    "This plan already has a promotion with this name: give each promotion its own name."
)


class PromotionQuerySet(models.QuerySet):
    def park_names(self) -> int:
        """Give each of these promotions a name of its own for the moment, "(moving <pk>)",
        in one UPDATE (no history). Names are unique per plan and promotions are saved one
        by one, so a save that passes names between them moves the givers out of the way
        first; each is then saved (or deleted) in the same transaction."""
        return self.update(
            name_en=Concat(Value("(moving "), Cast("pk", models.CharField()), Value(")"))
        )


class Promotion(CuratedTextMixin, models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="promotions", verbose_name=_("plan")
    )
    name = models.CharField(_("name"), max_length=150, help_text=_("As the carrier calls it."))
    from_month = models.CharField(
        _("from month"),
        max_length=7,
        validators=[month_validator],
        help_text=_("YYYY-MM. Covers the periods whose first month is in the range."),
    )
    to_month = models.CharField(
        _("to month"),
        max_length=7,
        validators=[month_validator],
        help_text=_("YYYY-MM, inclusive; on or after the first month."),
    )
    bonus_mb = data_field(
        _("bonus data (GB)"),
        default=0,
        help_text=_("Added to each covered period's allowance; it rolls like allowance."),
    )
    extra_expiry_periods = models.PositiveSmallIntegerField(
        _("extra periods of life"),
        default=0,
        validators=[MaxValueValidator(MAX_EXPIRY_PERIODS)],
        help_text=_("Added to how long data rolled in a covered period lasts."),
    )
    price = money_field(
        _("promotional price"),
        null=True,
        blank=True,
        help_text=_("Replaces the base price of a covered period. Empty: price unchanged."),
    )
    assumed = models.BooleanField(
        _("assumed"),
        default=False,
        help_text=_("Tick if no source states this promotion's terms (you chose them)."),
    )

    objects = PromotionQuerySet.as_manager()

    class Meta:
        # The API's order of a plan's promotions (``promotions[i]`` in ``assumed``):
        # ``plan.promotions.all()`` and ``for_simulation()``'s prefetch both give it.
        ordering = ("plan_id", "from_month", "id")  # plan_id: no join to order by plan
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        constraints = [
            models.CheckConstraint(
                condition=Q(from_month__regex=MONTH_PATTERN) & Q(to_month__regex=MONTH_PATTERN),
                name="carriers_promotion_months_format",
            ),
            models.CheckConstraint(
                condition=Q(to_month__gte=F("from_month")),
                name="carriers_promotion_ends_after_start",
            ),
            models.CheckConstraint(
                condition=in_range("bonus_mb", 0, MAX_DATA_MB),
                name="carriers_promotion_bonus_range",
            ),
            models.CheckConstraint(
                condition=in_range("extra_expiry_periods", 0, MAX_EXPIRY_PERIODS),
                name="carriers_promotion_extra_expiry_range",
            ),
            models.CheckConstraint(
                condition=in_range("price", 0, MAX_PRICE, nullable=True),
                name="carriers_promotion_price_range",
            ),
            # The loader and the export find a plan's promotions by their English name.
            # Mirrored in the admin's promotions (carriers.admin.PromotionFormSet), which
            # sees every promotion the page saves together.
            models.UniqueConstraint(
                fields=("plan", "name_en"),
                name="carriers_promotion_name_unique_per_plan",
                violation_error_message=PROMOTION_NAME_TAKEN,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.from_month} – {self.to_month})"

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.from_month and self.to_month and self.to_month < self.from_month:
            errors["to_month"] = [_("A promotion must end on or after the month it starts.")]
        plan = _parent_plan(self)
        if plan is not None and plan.billing == Plan.Billing.DAILY:
            errors.setdefault("__all__", []).append(
                _("Promotions apply to monthly billing only, not to day passes.")
            )
        elif plan is not None and plan.allowance_mb is None and self.bonus_mb:
            errors.setdefault("bonus_mb", []).append(
                _("An unlimited plan has no allowance to add bonus data to.")
            )
        if errors:
            raise ValidationError(errors)


class Category(CuratedTextMixin, models.Model):
    """A named group of plans people ask about as one thing, e.g. "US travel eSIMs": the
    public plans of one kind whose carrier is in one country."""

    slug = models.SlugField(
        _("slug"), max_length=100, help_text=_("Short URL name, e.g. us-travel-esim. Unique.")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("As people say it, e.g. “US travel eSIMs”.")
    )
    kind = models.CharField(
        _("kind of plan"),
        max_length=20,
        choices=PlanKind.choices,
        help_text=_("The category holds the plans of this kind …"),
    )
    country = country_field(_("… whose carrier sells in this country."))
    aliases = aliases_field(
        _("The names people type for this group, one per line (e.g. 美国E卡, US eSIM).")
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("What the group is, for visitors and curators.")
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive categories are hidden from the public.")
    )

    class Meta:
        ordering = ("country", "name")
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=("slug",), name="carriers_category_slug_unique"),
            models.CheckConstraint(
                condition=country_is_iso(), name="carriers_category_country_iso"
            ),
            models.CheckConstraint(
                condition=one_of("kind", PlanKind), name="carriers_category_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code})"

    def holds(self, plan: Plan) -> bool:
        """The plan is of this category's kind and its carrier in its country (for plans
        already in memory; ``PlanQuerySet.in_category`` is the same test in SQL)."""
        return plan.kind == self.kind and plan.carrier.country == self.country


class LoadedValues(models.Model):
    """What ``load_catalog`` last wrote to one catalog record, field by field (values as the
    catalog file writes them). ``load_catalog --update`` compares the database with these:
    a field whose value differs was changed outside the loader (in the admin, by a script)
    and is not overwritten without ``--force``. Not catalog data: not exported, no history."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    values = models.JSONField(default=dict)
    file = models.CharField(max_length=255, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("values last loaded")
        verbose_name_plural = _("values last loaded")
        constraints = [
            models.UniqueConstraint(
                fields=("content_type", "object_id"), name="carriers_loadedvalues_one_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id}"
