"""The public simulator forms (GET forms: the URL is the shareable result).

Forms declare their fields and clean them; they run nothing. A cleaned form holds the same
input the API takes: ``usage_mb`` / ``start`` / ``days_used`` / ``lines`` and either a
catalog slug or a ``CustomPlanIn`` built from the "my own plan" fields (sizes typed in GB).
So the engine's refusals name fields the API's way (``custom_plan.rollover.cap_mb``) and
``FIELD_PATHS`` maps them back to the form's fields, one table.

Settings that do not apply are ignored, where the API would refuse them (a form keeps
values in fields it hides; a person should not be punished for that): the whole "my own
plan" section unless "My own plan" is chosen, a cap unless the rule is capped, the unit,
spend cap and after-cap unless overage is pay-per-unit, expiry and the like unless data
rolls over.
"""

from __future__ import annotations

import re

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as SchemaError

from carriers.fields import gb_to_mb
from carriers.i18n import country_name  # names from django-countries, translated
from carriers.models import AfterSpendCap, PlanKind, RolloverMode, RolloverOrder
from carriers.models import Plan as CatalogPlan

from . import engine
from .errors import translate_error
from .plan_cache import PlanFilters
from .schemas import CustomPlanIn, field_path
from .submission import SUBMIT_FIELDS, submitted
from .usage import MAX_GB, UsageError, current_month, parse_days, parse_usage_gb, preset_usage

__all__ = [
    "CUSTOM",
    "SUBMIT_FIELDS",
    "CompareForm",
    "PlanListForm",
    "SimulateForm",
    "UsageForm",
    "submitted",
]

CUSTOM = "custom"
PRESETS = (
    ("light", _("Light")),
    ("typical", _("Typical")),
    ("heavy", _("Heavy")),
    ("traveller", _("Traveller: one heavy month")),
)


class GBField(forms.DecimalField):
    """A size in GB, up to 3 decimals (1 MB is 0.001 GB), optional."""

    def __init__(self, label, help_text="", **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(
            label=label,
            help_text=help_text,
            min_value=0,
            max_value=MAX_GB,
            decimal_places=3,
            max_digits=12,
            **kwargs,
        )


class MoneyField(forms.DecimalField):
    """An amount of money, up to 2 decimals, optional."""

    def __init__(self, label, help_text="", **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(
            label=label,
            help_text=help_text,
            min_value=0,
            max_value=engine.MAX_PRICE,
            decimal_places=2,
            max_digits=8,
            **kwargs,
        )


class CountField(forms.IntegerField):
    """A whole number within bounds, optional."""

    def __init__(self, label, low, high, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(label=label, min_value=low, max_value=high, **kwargs)


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
        regex=engine.MONTH_PATTERN,
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
    same = GBField(_("Same every month (GB)"))
    preset = forms.ChoiceField(
        label=_("Preset"),
        required=False,
        choices=[("", ""), *PRESETS],
        error_messages={
            "invalid_choice": _("There is no preset “%(value)s”: choose one of these presets.")
        },
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

    # The engine's and the API's field paths → this form's fields.
    FIELD_PATHS = {
        "usage_mb": "usage",
        "start": "start",
        "days_used": "days",
        "lines": "lines",
        "plan": "plan",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].initial = current_month()

    def clean(self):
        data = super().clean()
        if "preset" in self.errors:
            return data
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

    def usage_input(self) -> dict:
        """The cleaned use, as the API takes it."""
        d = self.cleaned_data
        return {
            "usage_mb": d["usage_mb"],
            "start": d["start"],
            "days_used": d["days_used"],
            "lines": d["lines"],
        }

    def field_for(self, path: str) -> str | None:
        """The form field that shows the problem at ``path`` (an API field path)."""
        candidates = [path, re.sub(r"\[\d+\]$", "", path)]
        while "." in path:
            path = path.rsplit(".", 1)[0]
            candidates.append(path)
        for candidate in candidates:
            name = self.FIELD_PATHS.get(candidate)
            if name in self.fields:
                return name
        return None

    def add_engine_errors(self, exc: engine.InvalidInput) -> None:
        """The engine's refusals beside the fields they concern, in the reader's language."""
        for error in exc.errors:
            self.add_error(self.field_for(error.field), translate_error(error))


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
    c_price = MoneyField(_("Price per period"))
    c_billing = forms.ChoiceField(
        label=_("Billing"), required=False, choices=CatalogPlan.Billing.choices
    )
    c_period = CountField(
        _("Period (months)"),
        1,
        engine.MAX_PERIOD_MONTHS,
        initial=1,
        help_text=_("1 for a monthly or 30-day plan, 3 for a 90-day pack."),
    )
    c_allowance = GBField(
        _("Data per period (GB)"), _("Per day for a day pass. Leave blank for unlimited.")
    )
    c_overage = forms.ChoiceField(
        label=_("When the data runs out"),
        required=False,
        choices=CatalogPlan.Overage.choices,
    )
    c_unit_gb = GBField(_("Extra data unit (GB)"), _("Pay per unit: e.g. 1 for 1 GB."))
    c_unit_price = MoneyField(_("Price per extra unit"))
    c_spend_cap = MoneyField(
        _("Spend cap"),
        _("The most extra data costs in a month (a day for a day pass). Blank: no cap."),
    )
    c_after_cap = forms.ChoiceField(
        label=_("After the spend cap"),
        required=False,
        choices=AfterSpendCap.choices,
        initial=AfterSpendCap.SERVE,
    )
    c_lines_included = CountField(_("Lines included"), 1, engine.MAX_LINES, initial=1)
    c_lines_max = CountField(_("Maximum lines"), 1, engine.MAX_LINES, initial=1)
    c_extra_line_price = MoneyField(_("Price per extra line"))
    c_extra_line_gb = GBField(_("Data per extra line (GB)"))
    c_mode = forms.ChoiceField(label=_("Unused data"), required=False, choices=RolloverMode.choices)
    c_cap_gb = GBField(_("Most that rolls over per period (GB)"))
    c_bank_cap_gb = GBField(_("Most rolled-over data kept at once (GB)"), _("Blank: no limit."))
    c_expires = CountField(
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
    c_min_use_gb = GBField(
        _("Minimum use for data to roll (GB)"), _("0.001 = a month with no use does not roll.")
    )
    c_forfeit = forms.BooleanField(
        label=_("A missed renewal wipes the rolled-over data"), required=False
    )
    c_convert_unit_gb = GBField(_("Unused data converts per (GB)"))
    c_convert_rate = CountField(_("…into this many units"), 1, engine.MAX_CONVERSION_RATE)
    c_convert_benefit = forms.CharField(
        label=_("…of (e.g. minutes)"), required=False, max_length=50
    )
    c_convert_credit = MoneyField(
        _("…and/or this much off the next period"),
        _("Money off the next period's price for each whole unit not used."),
    )
    c_promo_from = forms.RegexField(
        label=_("Promotion from (YYYY-MM)"), regex=engine.MONTH_PATTERN, required=False
    )
    c_promo_to = forms.RegexField(
        label=_("Promotion to (YYYY-MM)"), regex=engine.MONTH_PATTERN, required=False
    )
    c_promo_bonus_gb = GBField(_("Promotion bonus data (GB)"))
    c_promo_extra = CountField(_("Promotion: extra periods of life"), 0, engine.MAX_EXPIRY_PERIODS)
    c_promo_price = MoneyField(_("Promotional price"))

    FIELD_PATHS = {
        **UsageForm.FIELD_PATHS,
        "custom_plan": "plan",
        "custom_plan.name": "c_name",
        "custom_plan.currency": "c_currency",
        "custom_plan.price": "c_price",
        "custom_plan.billing": "c_billing",
        "custom_plan.period_months": "c_period",
        "custom_plan.allowance_mb": "c_allowance",
        "custom_plan.overage": "c_overage",
        "custom_plan.overage.policy": "c_overage",
        "custom_plan.overage.unit_mb": "c_unit_gb",
        "custom_plan.overage.unit_price": "c_unit_price",
        "custom_plan.overage.spend_cap": "c_spend_cap",
        "custom_plan.overage.after_cap": "c_after_cap",
        "custom_plan.lines": "c_lines_included",
        "custom_plan.lines.included": "c_lines_included",
        "custom_plan.lines.max": "c_lines_max",
        "custom_plan.lines.extra_line_price": "c_extra_line_price",
        "custom_plan.lines.extra_line_allowance_mb": "c_extra_line_gb",
        "custom_plan.rollover": "c_mode",
        "custom_plan.rollover.mode": "c_mode",
        "custom_plan.rollover.cap_mb": "c_cap_gb",
        "custom_plan.rollover.bank_cap_mb": "c_bank_cap_gb",
        "custom_plan.rollover.expires_after_periods": "c_expires",
        "custom_plan.rollover.order": "c_order",
        "custom_plan.rollover.min_use_mb": "c_min_use_gb",
        "custom_plan.rollover.forfeit_on_lapse": "c_forfeit",
        "custom_plan.rollover.convert": "c_convert_unit_gb",
        "custom_plan.rollover.convert.unit_mb": "c_convert_unit_gb",
        "custom_plan.rollover.convert.rate": "c_convert_rate",
        "custom_plan.rollover.convert.benefit": "c_convert_benefit",
        "custom_plan.rollover.convert.credit": "c_convert_credit",
        "custom_plan.promotions": "c_promo_from",
        "custom_plan.promotions[0]": "c_promo_from",
        "custom_plan.promotions[0].from": "c_promo_from",
        "custom_plan.promotions[0].to": "c_promo_to",
        "custom_plan.promotions[0].bonus_mb": "c_promo_bonus_gb",
        "custom_plan.promotions[0].extra_expiry_periods": "c_promo_extra",
        "custom_plan.promotions[0].price": "c_promo_price",
    }

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = catalog_choices(plans)
        self.fields["plan"].widget.meta = {p.slug: (p.billing, p.lines_max) for p in plans}

    @property
    def is_custom(self) -> bool:
        return self.is_bound and self.data.get("plan") == CUSTOM

    def clean(self):
        data = super().clean()
        if data.get("plan") != CUSTOM:
            # The custom plan's fields do not apply: whatever they hold, ignore it.
            for name in [n for n in self.errors if n.startswith("c_")]:
                del self.errors[name]
            data["custom_plan"] = None
            return data
        self._require("c_price", "c_currency")
        unit = data.get("c_convert_unit_gb")
        earns = data.get("c_convert_rate") or data.get("c_convert_credit") is not None
        if bool(unit) != bool(earns):
            self.add_error(
                "c_convert_unit_gb" if not unit else "c_convert_rate",
                gettext("To convert unused data, give its unit (GB) and a rate, a credit or both."),
            )
        if not any(name.startswith("c_") for name in self.errors):
            try:
                data["custom_plan"] = CustomPlanIn.model_validate(self._custom_plan(data))
            except SchemaError as exc:
                for error in exc.errors():
                    path = field_path(("custom_plan", *error["loc"]))
                    self.add_error(self.field_for(path), gettext("This value is not valid."))
        return data

    def _require(self, *names):
        for name in names:
            if self.cleaned_data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, gettext("Enter this for your own plan."))

    @staticmethod
    def _custom_plan(d) -> dict:
        """The "my own plan" fields in the API's ``custom_plan`` shape (sizes in MB), with
        the settings that do not apply left out."""

        def mb(name: str) -> int | None:
            return None if d.get(name) is None else gb_to_mb(d[name])

        mode = d.get("c_mode") or "none"
        rolls = mode != "none"
        policy = d.get("c_overage") or "block"
        pays = policy == "pay_per_unit"
        spend_cap = d.get("c_spend_cap") if pays else None
        convert = None
        if d.get("c_convert_unit_gb"):
            rate = d.get("c_convert_rate") or 0
            convert = {
                "unit_mb": mb("c_convert_unit_gb"),
                "rate": rate,
                "benefit": (d.get("c_convert_benefit") or gettext("units")) if rate else "",
                "credit": d.get("c_convert_credit"),
            }
        promotions = []
        if d.get("c_promo_from") or d.get("c_promo_to"):
            promotions.append(
                {
                    "from_month": d.get("c_promo_from") or d.get("c_promo_to"),
                    "to_month": d.get("c_promo_to") or d.get("c_promo_from"),
                    "bonus_mb": mb("c_promo_bonus_gb") or 0,
                    "extra_expiry_periods": d.get("c_promo_extra") or 0,
                    "price": d.get("c_promo_price"),
                }
            )
        return {
            "name": d.get("c_name") or gettext("My plan"),
            "currency": d["c_currency"].upper(),
            "billing": d.get("c_billing") or "monthly",
            "period_months": d.get("c_period") or 1,
            "price": d["c_price"],
            "allowance_mb": mb("c_allowance"),
            "lines": {
                "included": d.get("c_lines_included") or 1,
                "max": d.get("c_lines_max") or 1,
                "extra_line_price": d.get("c_extra_line_price") or 0,
                "extra_line_allowance_mb": mb("c_extra_line_gb") or 0,
            },
            "overage": {
                "policy": policy,
                "unit_mb": mb("c_unit_gb") if pays else None,
                "unit_price": d.get("c_unit_price") if pays else None,
                "spend_cap": spend_cap,
                "after_cap": (d.get("c_after_cap") or None) if spend_cap is not None else None,
            },
            "rollover": {
                "mode": mode,
                "cap_mb": mb("c_cap_gb") if mode == "capped" else None,
                "bank_cap_mb": mb("c_bank_cap_gb") if rolls else None,
                "expires_after_periods": d.get("c_expires") if rolls else None,
                "order": d.get("c_order") or "rollover_first",
                "min_use_mb": mb("c_min_use_gb") if rolls else None,
                "forfeit_on_lapse": bool(d.get("c_forfeit")) and rolls,
                "convert": convert,
            },
            "promotions": promotions,
        }

    def simulation_input(self) -> dict:
        """The cleaned form as ``services.simulate`` (and the API) takes it."""
        d = self.cleaned_data
        plan = {"custom_plan": d["custom_plan"]} if d["plan"] == CUSTOM else {"plan": d["plan"]}
        return {**self.usage_input(), **plan}


class CompareForm(SimulateForm):
    """The same use against the catalog; the chosen plan, if any, is the person's own."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    currency = forms.ChoiceField(label=_("Currency"), required=False)
    billing = forms.ChoiceField(
        label=_("Billing"),
        required=False,
        choices=[("", _("Any")), *CatalogPlan.Billing.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *PlanKind.choices]
    )
    include_unavailable = forms.BooleanField(
        label=_("Include plans closed to new customers"),
        required=False,
        help_text=_("Old programmes that people still on them want to compare."),
    )

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, plans=plans, **kwargs)
        self.fields["plan"].required = False
        self.fields["plan"].label = _("Your plan (optional)")
        countries = sorted({p.carrier.country.code for p in plans})
        currencies = sorted({p.currency for p in plans})
        self.fields["country"].choices = [("", _("Any"))] + [
            (c, country_name(c)) for c in countries
        ]
        self.fields["currency"].choices = [("", _("Any"))] + [(c, c) for c in currencies]

    def compare_input(self) -> dict:
        """The cleaned form as ``services.compare`` takes it."""
        d = self.cleaned_data
        filters = PlanFilters(
            country=d.get("country") or None,
            currency=d.get("currency") or None,
            billing=d.get("billing") or None,
            kind=d.get("kind") or None,
            include_unavailable=bool(d.get("include_unavailable")),
        )
        yours = d["custom_plan"] if d.get("plan") == CUSTOM else (d.get("plan") or None)
        return {**self.usage_input(), "filters": filters, "yours": yours}


class PlanListForm(forms.Form):
    """The plan list's filters (a GET form; an unknown value is ignored, not refused: the
    list is shown whole)."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    billing = forms.ChoiceField(
        label=_("Billing"), required=False, choices=[("", _("Any")), *CatalogPlan.Billing.choices]
    )

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        countries = sorted({p.carrier.country.code for p in plans})
        self.fields["country"].choices = [("", _("Any"))] + [
            (c, country_name(c)) for c in countries
        ]

    def filters(self) -> PlanFilters:
        d = self.cleaned_data if self.is_valid() else {}
        return PlanFilters(
            country=d.get("country") or None,
            billing=d.get("billing") or None,
            include_unavailable=True,
        )
