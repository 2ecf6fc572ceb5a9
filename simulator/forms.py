"""The public simulator form (a GET form: its URL is the shareable result).

The form reads what a person types — sizes in GB, a pasted list of months, a preset — into
the engine's inputs. It checks types and bounds; the rules between fields are the engine's,
and the engine's refusals come back beside the field they concern, in the user's language.
Settings that do not apply to the chosen options (a cap when the rule is not capped, a unit
when overage is not pay-per-unit) are ignored here, where the API would refuse them: a form
keeps values in hidden fields, a person should not be punished for that.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from carriers.fields import gb_to_mb
from carriers.i18n import country_name  # names from django-countries, translated
from carriers.models import Plan as CatalogPlan
from carriers.models import RolloverMode, RolloverOrder

from . import engine, services
from .messages import translate_error
from .usage import MAX_GB, UsageError, parse_days, parse_usage_gb

CUSTOM = "custom"
MONTH_RE = r"^[0-9]{4}-(0[1-9]|1[0-2])$"

# Presets in GB a month: a traveller has one heavy month in the middle.
PRESETS = {
    "light": (_("Light"), Decimal("1.5")),
    "typical": (_("Typical"), Decimal("6")),
    "heavy": (_("Heavy"), Decimal("25")),
    "traveller": (_("Traveller: one heavy month"), Decimal("2")),
}
TRAVEL_MONTH_GB = Decimal("20")


def preset_usage(preset: str, months: int) -> list[int]:
    monthly = gb_to_mb(PRESETS[preset][1])
    usage = [monthly] * months
    if preset == "traveller":
        usage[months // 2] = gb_to_mb(TRAVEL_MONTH_GB)
    return usage


def gb_field(label, help_text="", **kwargs):
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=MAX_GB,
        decimal_places=3,
        max_digits=12,
        **kwargs,
    )


def money_field(label, **kwargs):
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=engine.MAX_PRICE,
        decimal_places=2,
        max_digits=8,
        **kwargs,
    )


def int_field(label, low, high, **kwargs):
    return forms.IntegerField(label=label, required=False, min_value=low, max_value=high, **kwargs)


def catalog_choices(plans) -> list:
    """Plans grouped by country and carrier, each with its rule summarised beside it."""
    groups: dict[str, list] = {}
    for plan in plans:
        group = f"{country_name(plan.carrier.country)} · {plan.carrier.name}"
        rule = getattr(plan, "rollover", None)
        summary = rule.short_summary() if rule else gettext("No rollover")
        groups.setdefault(group, []).append((plan.slug, f"{plan.name} — {summary}"))
    return [
        ("", _("Choose a plan…")),
        (CUSTOM, _("My own plan (type in its terms)")),
        *list(groups.items()),
    ]


# A request holding any of these has submitted the form (the empty form has none of them).
SUBMIT_FIELDS = ("start", "months", "usage", "same", "preset")


def submitted(request) -> bool:
    return any(name in request.GET for name in SUBMIT_FIELDS)


class PlanSelect(forms.Select):
    """The catalog as one ``<select>``: options grouped by country and carrier, each saying
    whether its plan is a day pass or takes several lines (so the page's script shows the
    lines and days fields only where they apply).

    Written out directly rather than through a template per option: with the whole catalog
    in it, Django's per-option widget templates were most of the result page's time.
    """

    def __init__(self, *args, meta=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meta = meta or {}

    def _option(self, value, label, selected: str) -> str:
        billing, lines_max = self.meta.get(value, (None, None))
        data = (
            format_html(' data-billing="{}" data-lines="{}"', billing, lines_max) if billing else ""
        )
        chosen = mark_safe(" selected") if str(value) == selected else ""
        return format_html('<option value="{}"{}{}>{}</option>', value, chosen, data, label)

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        attrs = self.build_attrs(self.attrs, attrs)
        parts = []
        for group, choice in self.choices:
            if isinstance(choice, list | tuple):
                options = mark_safe(
                    "".join(self._option(v, label, selected) for v, label in choice)
                )
                parts.append(format_html('<optgroup label="{}">{}</optgroup>', group, options))
            else:
                parts.append(self._option(group, choice, selected))
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(attrs), mark_safe("".join(parts))
        )


class UsageForm(forms.Form):
    """What every page that simulates needs: when, how much, how many lines, which days."""

    start = forms.RegexField(
        label=_("First month"),
        regex=MONTH_RE,
        error_messages={"invalid": _("Choose a month, written YYYY-MM (e.g. 2026-01).")},
        widget=forms.DateInput(attrs={"type": "month"}),
    )
    months = forms.IntegerField(
        label=_("Number of months"),
        required=False,
        min_value=1,
        max_value=engine.MAX_MONTHS,
        initial=12,
        help_text=_("1 to 36. A list you type sets this to its length."),
    )
    usage = forms.CharField(
        label=_("Use per month (GB)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "4, 12.5, , 8"}),
        help_text=_(
            "One figure per month: separated by commas, one per line, or pasted from a "
            "spreadsheet. Leave a month blank if the plan was not renewed that month."
        ),
    )
    same = gb_field(_("Same every month (GB)"))
    preset = forms.ChoiceField(
        required=False, choices=[("", "")] + [(k, v[0]) for k, v in PRESETS.items()]
    )
    lines = forms.IntegerField(
        label=_("Lines"),
        required=False,
        min_value=1,
        max_value=engine.MAX_LINES,
        initial=1,
        help_text=_("Shared and family plans: enter the household's total use above."),
    )
    days = forms.CharField(
        label=_("Days used per month"),
        required=False,
        max_length=200,
        help_text=_("Day passes: days with use in each month, e.g. “10, 0, 31”. Blank: every day."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].initial = services.current_month()

    def clean(self):
        data = super().clean()
        months = data.get("months") or 12
        try:
            if data.get("preset"):
                usage = preset_usage(data["preset"], months)
            elif not (data.get("usage") or "").strip() and data.get("same") is not None:
                usage = [gb_to_mb(data["same"])] * months
            else:
                usage = parse_usage_gb(data.get("usage") or "", engine.MAX_MONTHS)
        except UsageError as exc:
            self.add_error("usage", str(exc))
            return data
        try:
            days = parse_days(data.get("days") or "", engine.MAX_MONTHS) or None
        except UsageError as exc:
            self.add_error("days", str(exc))
            return data
        data["usage_mb"] = usage
        data["days_used"] = days
        data["months"] = len(usage)
        data["lines"] = data.get("lines") or 1
        return data

    def engine_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "usage_mb": d["usage_mb"],
            "start": d["start"],
            "days_used": d["days_used"],
            "lines": d["lines"],
        }

    # Engine field paths → this form's fields.
    FIELD_MAP = {
        "usage_mb": "usage",
        "start": "start",
        "days_used": "days",
        "lines": "lines",
        "plan": "plan",
    }

    def add_engine_errors(self, exc: engine.InvalidInput) -> None:
        for error in exc.errors:
            path = error.field.removeprefix("custom_plan.")
            name = self.FIELD_MAP.get(path) or self.FIELD_MAP.get(path.split("[")[0])
            if name is None or name not in self.fields:
                name = None
            self.add_error(name, translate_error(error))


class SimulateForm(UsageForm):
    plan = forms.ChoiceField(label=_("Plan"), widget=PlanSelect(attrs={"data-plan-select": ""}))

    c_name = forms.CharField(label=_("Plan name"), required=False, max_length=150)
    c_currency = forms.RegexField(
        label=_("Currency"),
        regex=r"^[A-Za-z]{3}$",
        required=False,
        initial="USD",
        error_messages={"invalid": _("Use the 3-letter currency code, e.g. USD or CNY.")},
    )
    c_price = money_field(_("Price per period"))
    c_billing = forms.ChoiceField(
        label=_("Billing"), required=False, choices=CatalogPlan.Billing.choices
    )
    c_period = int_field(
        _("Period (months)"),
        1,
        engine.MAX_PERIOD_MONTHS,
        initial=1,
        help_text=_("1 for a monthly or 30-day plan, 3 for a 90-day pack."),
    )
    c_allowance = gb_field(
        _("Data per period (GB)"), _("Per day for a day pass. Leave blank for unlimited.")
    )
    c_overage = forms.ChoiceField(
        label=_("When the data runs out"),
        required=False,
        choices=CatalogPlan.Overage.choices,
    )
    c_unit_gb = gb_field(_("Extra data unit (GB)"), _("Pay per unit: e.g. 1 for 1 GB."))
    c_unit_price = money_field(_("Price per extra unit"))
    c_lines_included = int_field(_("Lines included"), 1, engine.MAX_LINES, initial=1)
    c_lines_max = int_field(_("Maximum lines"), 1, engine.MAX_LINES, initial=1)
    c_extra_line_price = money_field(_("Price per extra line"))
    c_extra_line_gb = gb_field(_("Data per extra line (GB)"))
    c_mode = forms.ChoiceField(label=_("Unused data"), required=False, choices=RolloverMode.choices)
    c_cap_gb = gb_field(_("Most that rolls over per period (GB)"))
    c_bank_cap_gb = gb_field(_("Most rolled-over data kept at once (GB)"), _("Blank: no limit."))
    c_expires = int_field(
        _("Rolled data lasts (periods)"),
        1,
        engine.MAX_EXPIRY_PERIODS,
        help_text=_("1 = the next period only. Blank: never expires."),
    )
    c_order = forms.ChoiceField(
        label=_("Used first"),
        required=False,
        choices=RolloverOrder.choices,
        initial=RolloverOrder.ROLLOVER_FIRST,
    )
    c_min_use_gb = gb_field(
        _("Minimum use for data to roll (GB)"), _("0.001 = a month with no use does not roll.")
    )
    c_forfeit = forms.BooleanField(
        label=_("A missed renewal wipes the rolled-over data"), required=False
    )
    c_convert_unit_gb = gb_field(_("Unused data converts per (GB)"))
    c_convert_rate = int_field(_("…into this many units"), 1, engine.MAX_CONVERSION_RATE)
    c_convert_benefit = forms.CharField(
        label=_("…of (e.g. minutes)"), required=False, max_length=50
    )
    c_promo_from = forms.RegexField(
        label=_("Promotion from (YYYY-MM)"), regex=MONTH_RE, required=False
    )
    c_promo_to = forms.RegexField(label=_("Promotion to (YYYY-MM)"), regex=MONTH_RE, required=False)
    c_promo_bonus_gb = gb_field(_("Promotion bonus data (GB)"))
    c_promo_extra = int_field(_("Promotion: extra periods of life"), 0, engine.MAX_EXPIRY_PERIODS)
    c_promo_price = money_field(_("Promotional price"))

    FIELD_MAP = {
        **UsageForm.FIELD_MAP,
        "name": "c_name",
        "currency": "c_currency",
        "price": "c_price",
        "billing": "c_billing",
        "period_months": "c_period",
        "allowance_mb": "c_allowance",
        "overage.policy": "c_overage",
        "overage.unit_mb": "c_unit_gb",
        "overage.unit_price": "c_unit_price",
        "lines.included": "c_lines_included",
        "lines.max": "c_lines_max",
        "lines.extra_line_price": "c_extra_line_price",
        "lines.extra_line_allowance_mb": "c_extra_line_gb",
        "rollover.mode": "c_mode",
        "rollover.cap_mb": "c_cap_gb",
        "rollover.bank_cap_mb": "c_bank_cap_gb",
        "rollover.expires_after_periods": "c_expires",
        "rollover.order": "c_order",
        "rollover.min_use_mb": "c_min_use_gb",
        "rollover.forfeit_on_lapse": "c_forfeit",
        "rollover.convert.unit_mb": "c_convert_unit_gb",
        "rollover.convert.rate": "c_convert_rate",
        "rollover.convert.benefit": "c_convert_benefit",
        "rollover.convert": "c_convert_unit_gb",
        "promotions[0].from": "c_promo_from",
        "promotions[0].to": "c_promo_to",
        "promotions[0].bonus_mb": "c_promo_bonus_gb",
        "promotions[0].extra_expiry_periods": "c_promo_extra",
        "promotions[0].price": "c_promo_price",
    }

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.catalog = {p.slug: p for p in plans}
        self.fields["plan"].choices = catalog_choices(plans)
        self.fields["plan"].widget.meta = {p.slug: (p.billing, p.lines_max) for p in plans}

    @property
    def is_custom(self) -> bool:
        return self.is_bound and self.data.get("plan") == CUSTOM

    def clean(self):
        data = super().clean()
        if data.get("plan") == CUSTOM:
            self._require("c_price", "c_currency")
            unit, rate = data.get("c_convert_unit_gb"), data.get("c_convert_rate")
            if bool(unit) != bool(rate):
                self.add_error(
                    "c_convert_unit_gb" if not unit else "c_convert_rate",
                    gettext("To convert unused data, give both the unit (GB) and the rate."),
                )
        return data

    def _require(self, *names):
        for name in names:
            if self.cleaned_data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, gettext("Enter this for your own plan."))

    def custom_plan(self) -> engine.Plan:
        d = self.cleaned_data
        mb = lambda name: None if d.get(name) is None else gb_to_mb(d[name])  # noqa: E731
        mode = d.get("c_mode") or "none"
        rolls = mode != "none"
        policy = d.get("c_overage") or "block"
        convert = None
        if d.get("c_convert_unit_gb") and d.get("c_convert_rate"):
            convert = engine.Conversion(
                unit_mb=mb("c_convert_unit_gb"),
                rate=d["c_convert_rate"],
                benefit=d.get("c_convert_benefit") or gettext("units"),
            )
        promotions = ()
        if d.get("c_promo_from") or d.get("c_promo_to"):
            promotions = (
                engine.Promotion(
                    from_month=d.get("c_promo_from") or d.get("c_promo_to"),
                    to_month=d.get("c_promo_to") or d.get("c_promo_from"),
                    bonus_mb=mb("c_promo_bonus_gb") or 0,
                    extra_expiry_periods=d.get("c_promo_extra") or 0,
                    price=d.get("c_promo_price"),
                    name="",  # the explanations then say "A promotion added …"
                ),
            )
        return engine.Plan(
            name=d.get("c_name") or gettext("My plan"),
            currency=d["c_currency"].upper(),
            price=d["c_price"],
            allowance_mb=mb("c_allowance"),
            billing=d.get("c_billing") or "monthly",
            period_months=d.get("c_period") or 1,
            lines=engine.Lines(
                included=d.get("c_lines_included") or 1,
                max=d.get("c_lines_max") or 1,
                extra_line_price=d.get("c_extra_line_price") or Decimal("0.00"),
                extra_line_allowance_mb=mb("c_extra_line_gb") or 0,
            ),
            overage=engine.Overage(
                policy=policy,
                unit_mb=mb("c_unit_gb") if policy == "pay_per_unit" else None,
                unit_price=d.get("c_unit_price") if policy == "pay_per_unit" else None,
            ),
            rollover=engine.Rollover(
                mode=mode,
                cap_mb=mb("c_cap_gb") if mode == "capped" else None,
                bank_cap_mb=mb("c_bank_cap_gb") if rolls else None,
                expires_after_periods=d.get("c_expires") if rolls else None,
                order=d.get("c_order") or "rollover_first",
                min_use_mb=mb("c_min_use_gb") if rolls else None,
                forfeit_on_lapse=bool(d.get("c_forfeit")) and rolls,
                convert=convert,
            ),
            promotions=promotions,
        )

    def simulate(self) -> dict | None:
        """Run the chosen plan through the engine; refusals become field errors."""
        if not self.is_valid():
            return None
        kwargs = self.engine_kwargs()
        try:
            if self.cleaned_data["plan"] == CUSTOM:
                return services.simulate(custom_plan=self.custom_plan(), **kwargs)
            return services.simulate(plan=self.cleaned_data["plan"], **kwargs)
        except engine.InvalidInput as exc:
            self.add_engine_errors(exc)
            return None


class CompareForm(SimulateForm):
    """The same usage against the whole catalog; the chosen plan, if any, is the baseline."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    currency = forms.ChoiceField(label=_("Currency"), required=False)
    billing = forms.ChoiceField(
        label=_("Billing"),
        required=False,
        choices=[("", _("Any")), *list(CatalogPlan.Billing.choices)],
    )

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, plans=plans, **kwargs)
        self.fields["plan"].required = False
        self.fields["plan"].label = _("Compare with (optional)")
        countries = sorted({p.carrier.country.code for p in plans})
        currencies = sorted({p.currency for p in plans})
        self.fields["country"].choices = [("", _("Any"))] + [
            (c, country_name(c)) for c in countries
        ]
        self.fields["currency"].choices = [("", _("Any"))] + [(c, c) for c in currencies]

    def compare(self) -> dict | None:
        if not self.is_valid():
            return None
        d = self.cleaned_data
        try:
            return services.compare(
                **self.engine_kwargs(),
                country=d.get("country") or None,
                currency=d.get("currency") or None,
                billing=d.get("billing") or None,
            )
        except engine.InvalidInput as exc:
            self.add_engine_errors(exc)
            return None

    def baseline(self) -> dict | None:
        """The chosen plan's simulation, to show each plan's difference from it."""
        if not self.is_valid() or not self.cleaned_data.get("plan"):
            return None
        return self.simulate()
