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
rolls over, the allowance when "Unlimited data" is ticked, a conversion and a promotion
for a day pass.

Sizes are typed in GB or MB ("1.5", "2 GB", "500 MB": ``usage.read_size``) and clean to whole
MB. The plan menu (every catalog plan, grouped, with its rule) is built once per catalog and
language (``plan_menu``), not per request.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.functional import lazy
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as SchemaError

from carriers import formats
from carriers.fields import gb_to_mb
from carriers.i18n import country_name  # names from django-countries, translated
from carriers.models import (
    AfterSpendCap,
    PlanAvailability,
    PlanKind,
    RolloverMode,
    RolloverOrder,
)
from carriers.models import Plan as CatalogPlan

from . import engine
from .errors import translate_error
from .plan_cache import PLAN_ORDERS, PlanFilters
from .schemas import CustomPlanIn, field_path
from .submission import SUBMIT_FIELDS, submitted
from .usage import (
    PRESET_GB,
    TRAVEL_MONTH_GB,
    SizeProblem,
    UsageError,
    current_month,
    parse_days,
    parse_usage_gb,
    preset_gb,
    read_size,
    size_message,
)

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


def _preset_label(preset: str) -> str:
    """A preset's button, with its amounts: "Typical: 6 GB a month"."""
    values = {
        "gb": formats.size(gb_to_mb(PRESET_GB[preset])),
        "travel": formats.size(gb_to_mb(TRAVEL_MONTH_GB)),
    }
    labels = {
        "light": gettext("Light: %(gb)s a month"),
        "typical": gettext("Typical: %(gb)s a month"),
        "heavy": gettext("Heavy: %(gb)s a month"),
        "traveller": gettext("Traveller: %(gb)s a month, one month %(travel)s"),
    }
    return labels[preset] % values


preset_label = lazy(_preset_label, str)
PRESETS = tuple((name, preset_label(name)) for name in ("light", "typical", "heavy", "traveller"))


# --------------------------------------------------------------------------- rendering
#
# A result page renders a dozen fields, each through Django's widget templates (an input
# and its attributes, each a template) and a wrapper template: most of the form's time. The
# few widgets these forms use are written here instead, with the same markup as Django's
# templates (and Django's own attributes: ids, aria-describedby, aria-invalid), and each
# field's wrapper (label, widget, help, errors) as ``{{ form.field.block }}``.


def _attrs(attrs: dict) -> str:
    """Django's ``attrs.html``: ``name="value"``, a bare ``name`` for True, nothing for False."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    name = conditional_escape(widget["name"])
    return f'<input type="{widget["type"]}" name="{name}"{shown}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    name = conditional_escape(widget["name"])
    return f'<textarea name="{name}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(widget: dict) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f'<optgroup label="{conditional_escape(group)}">')
        for option in options:
            parts.append(
                f'<option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>"
            )
        if group:
            parts.append("</optgroup>")
    parts.append("</select>")
    return "".join(parts)


_WIDGETS = {
    **{
        f"django/forms/widgets/{kind}.html": _input
        for kind in ("text", "number", "date", "search", "email", "url", "tel", "checkbox")
    },
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
}


class Widgets(DjangoTemplates):
    """The form renderer: the widgets above in Python, any other through its template."""

    def render(self, template_name, context, request=None):
        write = _WIDGETS.get(template_name)
        if write is None:
            return super().render(template_name, context, request)
        return write(context["widget"])


RENDERER = Widgets()


class SharedFields(dict):
    """A form class's fields, of which each form gets its own copy only of those it changes
    (``PER_INSTANCE``: a choice list, a label, an initial value). The others are shared:
    rendering and cleaning never change a field, and copying the forty-odd fields of "my
    own plan" for every request was a fifth of the form's time."""

    def __init__(self, fields: dict, per_instance: frozenset[str]):
        super().__init__(fields)
        self.per_instance = per_instance

    def __deepcopy__(self, memo):
        return {
            name: copy.deepcopy(field, memo) if name in self.per_instance else field
            for name, field in self.items()
        }


def per_instance(*names: str):
    """Class decorator: the form's fields are shared between its instances but ``names``."""

    def decorate(form_class):
        form_class.base_fields = SharedFields(form_class.base_fields, frozenset(names))
        return form_class

    return decorate


class Block(BoundField):
    """A field with its wrapper, as ``{{ form.usage.block }}``: the label, the widget, the
    help and the errors (with the ids the widget's aria-describedby names). The form's
    ``WRAPPERS`` adds a class or a ``data-when`` (where a field applies) to a field's."""

    @property
    def block(self) -> SafeString:
        wrapper = getattr(self.form, "WRAPPERS", {}).get(self.name, {})
        classes = "field"
        if self.errors:
            classes += " has-error"
        if wrapper.get("class"):
            classes += " " + wrapper["class"]
        when = format_html(' data-when="{}"', wrapper["when"]) if wrapper.get("when") else ""
        widget = self.as_widget()
        if getattr(self.field.widget, "input_type", None) == "checkbox":
            label = format_html('<label class="check">{} {}</label>', widget, self.label)
        else:
            label = format_html(
                '<label for="{}">{}</label>{}', self.id_for_label, self.label, widget
            )
        help_text = (
            format_html('<p class="help" id="{}_helptext">{}</p>', self.auto_id, self.help_text)
            if self.help_text
            else ""
        )
        errors = (
            format_html(
                '<ul class="errors" id="{}_error">{}</ul>',
                self.auto_id,
                format_html_join("", "<li>{}</li>", ((e,) for e in self.errors)),
            )
            if self.errors
            else ""
        )
        return format_html(
            '<div class="{}"{}>{}{}{}</div>', classes, when, label, help_text, errors
        )


class SizeField(forms.CharField):
    """A size typed in GB (up to 3 decimals: 1 MB is 0.001 GB) or in MB ("500 MB"), optional;
    cleans to whole MB, or None when blank."""

    def __init__(self, label, help_text="", **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": 40}))
        super().__init__(label=label, help_text=help_text, **kwargs)

    def to_python(self, value):
        try:
            return read_size(super().to_python(value) or "")
        except SizeProblem as problem:
            raise forms.ValidationError(size_message(problem), code=problem.code) from None


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


@dataclass(frozen=True)
class PlanMenu:
    """The catalog as the forms offer it, in one language: the plan ``<select>``'s options
    (grouped by country and carrier, each plan with its rule summarised and its billing and
    lines for the page's script), the valid choices, and the filters' choices. Built once
    per catalog and language (``plan_menu``)."""

    source: tuple[CatalogPlan, ...]  # the catalog it was made from (kept: its id is the key)
    options: str  # the <option>s and <optgroup>s, none selected
    values: frozenset[str]
    plans: dict[str, CatalogPlan]
    countries: tuple[tuple[str, str], ...]
    currencies: tuple[tuple[str, str], ...]

    def select(self, selected: str) -> str:
        """The options with ``selected`` chosen."""
        if not selected or selected not in self.values:
            return self.options
        key = f'<option value="{escape(selected)}"'
        return self.options.replace(key, key + " selected", 1)


_menus: dict[tuple[int, str], PlanMenu] = {}


def plan_menu(plans) -> PlanMenu:
    """The menu of these plans in the active language, made once per catalog: keyed by the
    catalog's tuple itself (a reloaded catalog is a new tuple, whose plans compare equal to
    the old ones by their ids but may have new names)."""
    plans = plans if isinstance(plans, tuple) else tuple(plans)
    key = (id(plans), get_language() or "")
    menu = _menus.get(key)
    if menu is None or menu.source is not plans:
        if len(_menus) >= 16:
            _menus.clear()
        menu = _menus[key] = _plan_menu(plans, key[1])
    return menu


def _plan_menu(plans: tuple[CatalogPlan, ...], language: str) -> PlanMenu:
    groups: dict[str, list[str]] = {}
    for plan in plans:
        group = f"{country_name(plan.carrier.country)} · {plan.carrier.name}"
        rule = getattr(plan, "rollover", None)
        summary = rule.short_summary() if rule else gettext("No rollover")
        groups.setdefault(group, []).append(
            format_html(
                '<option value="{}" data-billing="{}" data-lines="{}">{} — {}</option>',
                plan.slug,
                plan.billing,
                plan.lines_max,
                plan.name,
                summary,
            )
        )
    options = [
        format_html('<option value="">{}</option>', gettext("Choose a plan…")),
        format_html(
            '<option value="{}">{}</option>', CUSTOM, gettext("My own plan (type in its terms)")
        ),
        *(
            format_html('<optgroup label="{}">{}</optgroup>', group, mark_safe("".join(items)))
            for group, items in groups.items()
        ),
    ]
    countries = sorted({p.carrier.country.code for p in plans})
    return PlanMenu(
        source=plans,
        options="".join(options),
        values=frozenset({CUSTOM, *(p.slug for p in plans)}),
        plans={p.slug: p for p in plans},
        countries=tuple((c, country_name(c)) for c in countries),
        currencies=tuple((c, c) for c in sorted({p.currency for p in plans})),
    )


class PlanSelect(forms.Widget):
    """The catalog as one ``<select>``, written from the cached menu (``PlanMenu``): with the
    whole catalog in it, rendering each option through Django's widget templates was most of
    a result page's time."""

    menu: PlanMenu | None = None

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        options = self.menu.select("" if value is None else str(value)) if self.menu else ""
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(attrs), mark_safe(options)
        )


class PlanField(forms.Field):
    """A catalog slug, or "custom" for the person's own plan."""

    widget = PlanSelect
    default_error_messages = {
        "invalid_choice": forms.ChoiceField.default_error_messages["invalid_choice"]
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.values: frozenset[str] = frozenset()

    def to_python(self, value):
        return "" if value in self.empty_values else str(value)

    def validate(self, value):
        super().validate(value)
        if value and value not in self.values:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )

    def use(self, menu: PlanMenu) -> None:
        self.values = menu.values
        self.widget.menu = menu


@per_instance("start")
class UsageForm(forms.Form):
    """What every page that simulates needs: when, how much, how many lines, which days."""

    default_renderer = RENDERER
    bound_field_class = Block
    WRAPPERS = {
        "usage": {"class": "usage-field"},
        "lines": {"class": "only-shared"},
        "days": {"class": "only-daily"},
    }

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
    same = SizeField(_("Same every month (GB)"))
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
        shown = None  # what the use box shows when a helper filled the list
        try:
            if data.get("preset"):
                figures = preset_gb(data["preset"], months)
                usage = [gb_to_mb(gb) for gb in figures]
                shown = ", ".join(str(gb) for gb in figures)
            elif not (data.get("usage") or "").strip() and data.get("same") is not None:
                usage = [data["same"]] * months
                shown = ", ".join([self.data.get("same", "").strip()] * months)
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
        # The page shows what was simulated: the list a preset or "same every month" made,
        # and the number of months the list holds.
        shown_data = self.editable_data()
        if shown is not None:
            shown_data["usage"] = shown
        shown_data["months"] = str(len(usage))
        return data

    def editable_data(self) -> dict:
        """The submitted data as a plain dict the form may change for the page it shows
        again (a QueryDict is immutable and holds lists), from now on the form's data."""
        self.data = self.data.dict() if hasattr(self.data, "dict") else dict(self.data)
        return self.data

    @property
    def presets(self) -> list[dict]:
        """The preset buttons: each with its label and its use in GB a month (a traveller's
        one heavy month in the middle as ``peak``), for the page's script to fill the list."""
        return [
            {
                "value": name,
                "label": label,
                "gb": PRESET_GB[name],
                "peak": TRAVEL_MONTH_GB if name == "traveller" else None,
            }
            for name, label in PRESETS
        ]

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


@per_instance("start", "plan")
class SimulateForm(UsageForm):
    plan = PlanField(label=_("Plan"), widget=PlanSelect(attrs={"data-plan-select": ""}))

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
    c_allowance = SizeField(_("Data per period (GB)"), _("Per day for a day pass."))
    c_unlimited = forms.BooleanField(label=_("Unlimited data"), required=False)
    c_overage = forms.ChoiceField(
        label=_("When the data runs out"),
        required=False,
        choices=CatalogPlan.Overage.choices,
    )
    c_unit_gb = SizeField(_("Extra data unit (GB)"), _("Pay per unit: e.g. 1 for 1 GB."))
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
    c_extra_line_gb = SizeField(_("Data per extra line (GB)"))
    c_mode = forms.ChoiceField(label=_("Unused data"), required=False, choices=RolloverMode.choices)
    c_cap_gb = SizeField(_("Most that rolls over per period (GB)"))
    c_bank_cap_gb = SizeField(_("Most rolled-over data kept at once (GB)"), _("Blank: no limit."))
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
    c_min_use_gb = SizeField(
        _("Minimum use for data to roll (GB)"), _("0.001 = a month with no use does not roll.")
    )
    c_forfeit = forms.BooleanField(
        label=_("A missed renewal wipes the rolled-over data"), required=False
    )
    c_convert_unit_gb = SizeField(_("Unused data converts per (GB)"))
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
    c_promo_bonus_gb = SizeField(_("Promotion bonus data (GB)"))
    c_promo_extra = CountField(_("Promotion: extra periods of life"), 0, engine.MAX_EXPIRY_PERIODS)
    c_promo_price = MoneyField(_("Promotional price"))

    WRAPPERS = {
        **UsageForm.WRAPPERS,
        "c_allowance": {"when": "c_unlimited="},
        "c_cap_gb": {"when": "c_mode=capped"},
    }

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
        self.menu = plan_menu(plans)
        self.fields["plan"].use(self.menu)

    @property
    def is_custom(self) -> bool:
        return self.is_bound and self.data.get("plan") == CUSTOM

    def _clean_fields(self):
        """Django 5.2's, line for line (``clean_<name>`` hooks included), but the custom
        plan's fields are not even read unless the person chose their own plan (they would
        be ignored anyway)."""
        custom = self.is_custom
        for name, bf in self._bound_items():
            if name.startswith("c_") and not custom:
                continue
            try:
                self.cleaned_data[name] = bf.field._clean_bound_field(bf)
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except forms.ValidationError as e:
                self.add_error(name, e)

    def clean(self):
        data = super().clean()
        if data.get("plan") != CUSTOM:
            # The custom plan's fields do not apply: _clean_fields did not even read them.
            data["custom_plan"] = None
            return data
        self._require("c_price", "c_currency")
        unlimited = data.get("c_unlimited")
        if data.get("c_allowance") is None and not unlimited and "c_allowance" not in self.errors:
            self.add_error(
                "c_allowance",
                gettext("Enter the data per period, or tick “Unlimited data”."),
            )
        unit = data.get("c_convert_unit_gb")
        earns = data.get("c_convert_rate") or data.get("c_convert_credit") is not None
        monthly = (data.get("c_billing") or "monthly") == "monthly"
        if monthly and bool(unit) != bool(earns):
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

        # sizes (c_*_gb, c_allowance) are already cleaned to whole MB
        mode = d.get("c_mode") or "none"
        rolls = mode != "none"
        policy = d.get("c_overage") or "block"
        pays = policy == "pay_per_unit"
        spend_cap = d.get("c_spend_cap") if pays else None
        monthly = (d.get("c_billing") or "monthly") == "monthly"  # a day pass has neither
        convert = None
        if monthly and d.get("c_convert_unit_gb"):
            rate = d.get("c_convert_rate") or 0
            convert = {
                "unit_mb": d.get("c_convert_unit_gb"),
                "rate": rate,
                "benefit": (d.get("c_convert_benefit") or gettext("units")) if rate else "",
                "credit": d.get("c_convert_credit"),
            }
        promotions = []
        if monthly and (d.get("c_promo_from") or d.get("c_promo_to")):
            promotions.append(
                {
                    "from_month": d.get("c_promo_from") or d.get("c_promo_to"),
                    "to_month": d.get("c_promo_to") or d.get("c_promo_from"),
                    "bonus_mb": d.get("c_promo_bonus_gb") or 0,
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
            "allowance_mb": None if d.get("c_unlimited") else d.get("c_allowance"),
            "lines": {
                "included": d.get("c_lines_included") or 1,
                "max": d.get("c_lines_max") or 1,
                "extra_line_price": d.get("c_extra_line_price") or 0,
                "extra_line_allowance_mb": d.get("c_extra_line_gb") or 0,
            },
            "overage": {
                "policy": policy,
                "unit_mb": d.get("c_unit_gb") if pays else None,
                "unit_price": d.get("c_unit_price") if pays else None,
                "spend_cap": spend_cap,
                "after_cap": (d.get("c_after_cap") or None) if spend_cap is not None else None,
            },
            "rollover": {
                "mode": mode,
                "cap_mb": d.get("c_cap_gb") if mode == "capped" else None,
                "bank_cap_mb": d.get("c_bank_cap_gb") if rolls else None,
                "expires_after_periods": d.get("c_expires") if rolls else None,
                "order": d.get("c_order") or "rollover_first",
                "min_use_mb": d.get("c_min_use_gb") if rolls else None,
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


@per_instance("start", "plan", "country", "currency")
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
        self.fields["country"].choices = [("", _("Any")), *self.menu.countries]
        self.fields["currency"].choices = [("", _("Any")), *self.menu.currencies]
        self.country_from_plan = self._country_from_plan()

    def _country_from_plan(self) -> str | None:
        """Coming from a catalog plan (its result's "compare" link, a plan page), the
        country starts as the plan's: the form says so, and "Any" undoes it. A country the
        person chose, "Any" included, is kept."""
        source = self.data if self.is_bound else self.initial
        if "country" in source:
            return None
        plan = self.menu.plans.get(source.get("plan") or "")
        if plan is None:
            return None
        code = plan.carrier.country.code
        if self.is_bound:
            self.editable_data()["country"] = code
        else:
            self.initial["country"] = code
        self.fields["country"].help_text = gettext(
            "Set to your plan's country, %(country)s. Choose “Any” to rank every country."
        ) % {"country": country_name(code)}
        return code

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


@per_instance("country")
class PlanListForm(forms.Form):
    """The plan list's search, filters and order (a GET form, no JavaScript needed; an
    unknown value is ignored, not refused: the list is then shown whole)."""

    default_renderer = RENDERER
    bound_field_class = Block

    q = forms.CharField(
        label=_("Search by plan or carrier"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"}),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    rolls = forms.ChoiceField(
        label=_("Unused data"),
        required=False,
        choices=[
            ("", _("Any")),
            ("yes", pgettext_lazy("unused data", "Rolls over")),
            ("no", pgettext_lazy("unused data", "Does not roll over")),
        ],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *PlanKind.choices]
    )
    billing = forms.ChoiceField(
        label=_("Billing"), required=False, choices=[("", _("Any")), *CatalogPlan.Billing.choices]
    )
    availability = forms.ChoiceField(
        label=_("Availability"),
        required=False,
        choices=[("", _("Any")), *PlanAvailability.choices],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Country and carrier")),
            ("price", _("Price (within each currency)")),
            ("name", _("Name")),
        ],
    )

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any")), *plan_menu(plans).countries]

    def filters(self) -> PlanFilters:
        self.is_valid()  # the fields with a valid value; the others count as not set
        d = getattr(self, "cleaned_data", {})
        rolls = {"yes": True, "no": False}.get(d.get("rolls") or "")
        return PlanFilters(
            text=(d.get("q") or "").strip() or None,
            country=d.get("country") or None,
            billing=d.get("billing") or None,
            kind=d.get("kind") or None,
            rolls=rolls,
            availability=d.get("availability") or None,
            include_unavailable=True,
            order=d.get("sort") if d.get("sort") in PLAN_ORDERS else "",
        )

    @property
    def filtered(self) -> bool:
        """Whether any search or filter is set (the list then says how many match)."""
        return self.is_bound and any(
            self.data.get(name)
            for name in ("q", "country", "rolls", "kind", "billing", "availability")
        )
