"""The engine's refusals in the reader's language.

The engine (no Django) writes English sentences and gives each problem a stable ``code``
and its numbers in ``params``. Pages translate by code; a code without an entry here falls
back to the engine's English sentence (the API always answers in English).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from carriers import formats

from . import engine

MESSAGES = {
    "unknown_plan": _("There is no plan “%(slug)s” in the catalog."),
    "max_below_included": _(
        "The maximum lines (%(max)s) cannot be fewer than the lines included (%(included)s)."
    ),
    "unit_required": _("Pay per unit needs the size and the price of one unit of extra data."),
    "rollover_on_daily": _("A day pass never rolls data over: choose “No rollover”."),
    "rollover_on_unlimited": _(
        "An unlimited plan has no unused data to roll over: choose “No rollover”."
    ),
    "cap_required": _("A capped rule needs the most that can roll over from one period."),
    "convert_on_daily": _("A day pass has no unused data to convert."),
    "convert_on_unlimited": _("An unlimited plan has no unused data to convert."),
    "promotions_on_daily": _("Promotions apply to monthly plans only, not to day passes."),
    "ends_before_start": _("The promotion ends (%(to_month)s) before it starts (%(from_month)s)."),
    "bonus_on_unlimited": _("An unlimited plan has no allowance to add bonus data to."),
    "out_of_range": _("Choose a month from %(minimum)s to %(maximum)s."),
    "too_many_lines": ngettext_lazy(
        "This plan allows at most %(maximum)s line.",
        "This plan allows at most %(maximum)s lines.",
        "maximum",
    ),
    "too_few_lines": _("Enter at least 1 line."),
    "length_mismatch": _(
        "Give days of use for each of the %(months)s months (you gave %(entries)s), or leave "
        "it blank."
    ),
    "days_in_lapsed_month": _("Month %(month)s is blank (not renewed): it has no days of use."),
    "use_without_days": _("Month %(month)s has use but 0 days of use."),
    "days_used_not_daily": _("Days of use only apply to day passes."),
    "not_whole_periods": _(
        "This plan is bought in periods of %(period_months)s months: enter a multiple of "
        "%(period_months)s months (you entered %(months)s)."
    ),
    "partly_lapsed_period": _(
        "%(period_start)s to %(period_end)s is one period of this plan: it is renewed or not "
        "as a whole, so leave all of its months blank or none."
    ),
    "too_many_months": _("At most %(maximum)s months."),
    # Bounds the form's own fields usually catch first; shown beside the field they concern.
    "too_small": _("This is too small: at least %(minimum)s."),
    "too_large": _("This is too large: at most %(maximum)s."),
    "negative": _("This cannot be negative."),
    "required": _("This is needed for this plan."),
    "too_many_decimal_places": _("Use at most 2 decimals."),
    "invalid_currency": _("Use the 3-letter currency code, e.g. USD or CNY."),
    "daily_period": _("A day pass is bought per day: its period must be 1 month."),
    "only_for_pay_per_unit": _(
        "Only pay-per-unit overage has a unit, a unit price and a spend cap."
    ),
    "needs_rollover": _("This only applies when unused data rolls over."),
    "cap_not_applicable": _("Only a capped rule has a cap per period."),
    "no_months": _("Enter your use for at least one month."),
    "no_effect": _(
        "Unused data converts into something: give a rate and its benefit, a credit, or both."
    ),
    "benefit_without_rate": _("Give how many %(benefit)s each unit of data turns into."),
    "not_decimal": _("Enter an amount such as 30.00."),
}


# The bounds a data size is checked against are in MB (``minimum``, ``maximum`` of these
# codes): the page writes them as sizes ("at least 1 MB"), whatever unit its field is
# entered in. Other codes on such a field count something else ("at most 36 months").
_SIZE_CODES = frozenset({"too_small", "too_large"})
_SIZE_PARAMS = ("minimum", "maximum")


def translate_error(error: engine.FieldError) -> str:
    template = MESSAGES.get(error.code)
    if template is None:
        return error.message
    params = error.params
    name = error.field.rsplit(".", 1)[-1].split("[", 1)[0]  # "usage_mb[3]" → "usage_mb"
    if error.code in _SIZE_CODES and name.endswith("_mb"):
        params = {
            k: formats.size(v) if k in _SIZE_PARAMS and isinstance(v, int) else v
            for k, v in params.items()
        }
    try:
        return template % params
    except (KeyError, TypeError, ValueError):
        return error.message
