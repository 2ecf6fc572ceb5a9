"""The catalog: carriers, their plans, each plan's rollover rule and its promotions.

Data is stored in whole MB (``MegabytesField``, edited in GB) and money as ``Decimal``.
Every rule that data can break is a named database constraint, mirrored in ``clean()`` so a
curator reads a plain sentence instead of an IntegrityError. The one rule that spans two
tables (an unlimited plan or a day pass cannot roll over) is enforced by database triggers
(migration 0002) as well as by ``clean()``.

Every model keeps its history (django-simple-history): who changed what, and when, viewable
and revertible in the admin. ``Plan.version`` is the admin's optimistic lock (see
``carriers.admin.PlanAdminForm`` and docs/admin.md).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from .fields import MAX_MB, MegabytesField, mb_to_gb

MAX_PRICE = Decimal("999999.99")
MAX_LINES = 20
MAX_PERIOD_MONTHS = 12
MAX_EXPIRY_PERIODS = 120
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
STALE_AFTER_DAYS = 183  # "source checked more than 6 months ago"

month_validator = RegexValidator(MONTH_PATTERN, _("Write the month as YYYY-MM, e.g. 2026-01."))


def money_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_PRICE)],
        **kwargs,
    )


def data_field(verbose_name, **kwargs):
    return MegabytesField(verbose_name, validators=[MaxValueValidator(MAX_MB)], **kwargs)


def in_range(field, low, high, *, nullable=False):
    """A Q for ``low <= field <= high`` (or NULL when ``nullable``)."""
    q = Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return q | Q(**{f"{field}__isnull": True}) if nullable else q


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


class Carrier(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("As customers know it."))
    slug = models.SlugField(
        _("slug"), max_length=100, help_text=_("Short URL name, e.g. t-mobile-us. Unique.")
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use the two capital letters, e.g. US."))],
        help_text=_("ISO 3166-1 alpha-2 code in capitals: US, PH, CN, GB, AU, CA, IN …"),
    )
    website = models.URLField(_("website"), blank=True, help_text=_("The carrier's home page."))
    notes = models.TextField(_("notes"), blank=True, help_text=_("Anything a curator should know."))
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive carriers are hidden from the public.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ("country", "name")
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")
        constraints = [
            models.UniqueConstraint(fields=("slug",), name="carriers_carrier_slug_unique"),
            models.CheckConstraint(
                condition=Q(country__regex=r"^[A-Z]{2}$"), name="carriers_carrier_country_iso"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class Plan(models.Model):
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

    history = HistoricalRecords()

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
                condition=in_range("allowance_mb", 0, MAX_MB, nullable=True),
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
                | Q(overage_unit_mb__gte=1, overage_unit_price__isnull=False),
                name="carriers_plan_pay_per_unit_needs_unit",
            ),
            models.CheckConstraint(
                condition=Q(overage_policy="pay_per_unit")
                | Q(overage_unit_mb__isnull=True, overage_unit_price__isnull=True),
                name="carriers_plan_unit_only_for_pay_per_unit",
            ),
            models.CheckConstraint(
                condition=in_range("overage_unit_mb", 1, MAX_MB, nullable=True),
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
                condition=in_range("extra_line_allowance_mb", 0, MAX_MB),
                name="carriers_plan_extra_line_allowance_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carrier.name} – {self.name}" if self.carrier_id else self.name

    def get_absolute_url(self) -> str:
        return reverse("plan-detail", args=[self.slug])

    @property
    def is_unlimited(self) -> bool:
        return self.allowance_mb is None

    @property
    def source_is_stale(self) -> bool:
        age = datetime.date.today() - self.source_checked
        return age > datetime.timedelta(days=STALE_AFTER_DAYS)

    @property
    def allowance_gb(self):
        return mb_to_gb(self.allowance_mb)

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
        else:
            for name in ("overage_unit_mb", "overage_unit_price"):
                if getattr(self, name) is not None:
                    add(name, _("Only pay-per-unit overage has a unit: clear it."))
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


class RolloverRule(models.Model):
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
        help_text=_("How many units of the benefit each whole data unit gives."),
    )
    convert_benefit = models.CharField(
        _("convert: benefit"),
        max_length=50,
        blank=True,
        help_text=_("What the data turns into, e.g. 'minutes' or 'GBP off the next bill'."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("The rule in a plain sentence, as a customer would read it."),
    )
    source_url = models.URLField(
        _("source"), max_length=500, blank=True, help_text=_("Where the rule is stated.")
    )

    history = HistoricalRecords()

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
                condition=in_range("cap_mb", 0, MAX_MB, nullable=True)
                & in_range("bank_cap_mb", 0, MAX_MB, nullable=True)
                & in_range("min_use_mb", 0, MAX_MB, nullable=True),
                name="carriers_rolloverrule_amounts_range",
            ),
            models.CheckConstraint(
                condition=in_range("expires_after_periods", 1, MAX_EXPIRY_PERIODS, nullable=True),
                name="carriers_rolloverrule_expiry_range",
            ),
            models.CheckConstraint(
                condition=Q(
                    convert_unit_mb__isnull=True, convert_rate__isnull=True, convert_benefit=""
                )
                | (
                    in_range("convert_unit_mb", 1, MAX_MB)
                    & Q(convert_rate__gte=1)
                    & ~Q(convert_benefit="")
                ),
                name="carriers_rolloverrule_convert_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} ({self.plan})" if self.plan_id else self.mode

    @property
    def has_conversion(self) -> bool:
        return self.convert_unit_mb is not None

    def short_summary(self) -> str:
        """The rule in one line, e.g. "Up to 5 GB a period · lasts 1 period · used first"."""
        if self.mode == self.Mode.NONE:
            parts = [str(_("No rollover"))]
        else:
            if self.mode == self.Mode.FULL:
                parts = [str(_("All unused data rolls"))]
            else:
                parts = [str(_("Up to %(gb)s GB a period rolls")) % {"gb": mb_to_gb(self.cap_mb)}]
            if self.bank_cap_mb is not None:
                parts.append(str(_("bank up to %(gb)s GB")) % {"gb": mb_to_gb(self.bank_cap_mb)})
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
                parts.append(str(_("needs %(gb)s GB use")) % {"gb": mb_to_gb(self.min_use_mb)})
            if self.forfeit_on_lapse:
                parts.append(str(_("lost on a lapse")))
        if self.has_conversion:
            parts.append(
                str(_("unused data → %(rate)s %(benefit)s per %(gb)s GB"))
                % {
                    "rate": self.convert_rate,
                    "benefit": self.convert_benefit,
                    "gb": mb_to_gb(self.convert_unit_mb),
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
        convert = (self.convert_unit_mb, self.convert_rate, self.convert_benefit)
        if any(v not in (None, "") for v in convert) and not all(
            v not in (None, "") for v in convert
        ):
            add(
                "convert_benefit",
                _("A conversion needs all three: the unit, the rate and the benefit."),
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


class Promotion(models.Model):
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

    history = HistoricalRecords()

    class Meta:
        ordering = ("plan", "from_month")
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
                condition=in_range("bonus_mb", 0, MAX_MB),
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
