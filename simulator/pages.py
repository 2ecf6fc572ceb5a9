"""Page contexts: engine results and catalog plans made ready for a template.

Every number is formatted once, here (``carriers.formats``), in the active language; the
sentences come from ``explain``, the chart from ``chart``. Catalog texts are read from the
catalog objects in the page's language (``carriers.i18n.curated``: a fallback to English
says so), never from the engine's plan. Templates only place what is built here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from carriers import formats
from carriers.i18n import curated
from carriers.models import ASSUMABLE, PlanAvailability
from carriers.models import Plan as CatalogPlan

from . import engine
from .chart import usage_chart
from .errors import translate_error
from .explain import explain_fit, explain_gain, explain_month, explain_rule
from .schemas import MonthOut
from .services import CompareResult, PlanEntry, SimulationResult

# --------------------------------------------------------------------------- provenance

# Which assumed values a figure depends on: the cost, the data served, the rule.
COST_VALUES = frozenset(
    {"price", "period_months", "lines", "overage", "overage.spend_cap", "rollover.convert"}
)
DATA_VALUES = frozenset(
    {
        "allowance_mb",
        "overage",
        "overage.spend_cap",
        "lines",
        "rollover.mode",
        "rollover.cap_mb",
        "rollover.bank_cap_mb",
        "rollover.expires_after_periods",
        "rollover.order",
        "rollover.min_use_mb",
        "rollover.forfeit_on_lapse",
    }
)


@dataclass(frozen=True)
class Assumed:
    """The values of a catalog plan that no source states (``Plan.assumed``, in the API's
    names), and what a page marks because of them."""

    names: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.names)

    def __contains__(self, name: str) -> bool:
        return name in self.names

    @property
    def labels(self) -> str:
        """The values in words, in the page's language: "price, data allowance"."""
        words = dict(ASSUMABLE)
        parts = []
        for name in self.names:
            if name.startswith("promotions["):
                number = int(name[len("promotions[") : -1]) + 1
                parts.append(_("promotion %(n)s") % {"n": formats.number(number)})
            else:
                parts.append(str(words.get(name, name)))
        # Translators: between the names of assumed values, e.g. "price, data allowance".
        return _(", ").join(parts)

    @property
    def cost(self) -> bool:
        return any(name in COST_VALUES or name.startswith("promotions[") for name in self.names)

    @property
    def data(self) -> bool:
        return any(name in DATA_VALUES or name.startswith("promotions[") for name in self.names)

    @property
    def rule(self) -> bool:
        return any(name.startswith("rollover.") for name in self.names)

    def of(self, *names: str) -> str:
        """The words for those of ``names`` that are assumed ("" when none is): what a
        marker beside one value names."""
        return Assumed(tuple(n for n in self.names if n in names)).labels


# What each fact of a plan page rests on.
PLAN_FACTS = {
    "price": ("price", "period_months"),
    "data": ("allowance_mb",),
    "overage": ("overage", "throttle_kbps"),
    "spend_cap": ("overage.spend_cap",),
    "lines": ("lines",),
    "availability": ("availability",),
    "rule": tuple(name for name, _label in ASSUMABLE if name.startswith("rollover.")),
}


def assumed_of(plan: CatalogPlan | None) -> Assumed:
    return Assumed(tuple(plan.assumed_api_names())) if plan is not None else Assumed()


def promotion_names(plan: CatalogPlan | None, terms: engine.Plan) -> dict[engine.Promotion, str]:
    """Each engine promotion's name in the page's language (the engine holds English)."""
    if plan is None:
        return {}
    ordered = sorted(plan.promotions.all(), key=lambda p: (p.from_month, p.id or 0))
    return {
        mine: curated(p, "name").text for p, mine in zip(ordered, terms.promotions, strict=False)
    }


# --------------------------------------------------------------------------- the form


def custom_plan_fieldset(form) -> str:
    """The "my own plan" fields. Unless the person chose their own plan (or one of its fields
    has an error), they are rendered once per language and reused: its forty-odd fields were
    the most expensive part of a result page, and their values do not matter for a catalog
    plan (the form ignores them). A no-JavaScript visitor who typed custom terms and then
    chose a catalog plan sees the defaults again."""
    if form.is_custom or any(name.startswith("c_") for name in form.errors):
        return render_to_string("simulator/_custom_plan.html", {"custom_form": form})
    return _blank_custom_plan_fieldset(get_language() or "", type(form))


@lru_cache(maxsize=8)
def _blank_custom_plan_fieldset(language: str, form_class: type) -> str:
    blank = form_class(plans=())
    return render_to_string("simulator/_custom_plan.html", {"custom_form": blank})


def form_page(form, **context) -> dict:
    return {"form": form, "custom_plan_fieldset": custom_plan_fieldset(form), **context}


# --------------------------------------------------------------------------- a simulation


def plan_name(plan: CatalogPlan | None, terms: engine.Plan) -> str:
    """A plan's name as plain text in the page's language (a catalog plan's curated name, or
    the name typed for a plan written inline). Templates show a catalog plan's name with
    ``{% curated plan "name" %}``, which marks an English fallback."""
    return curated(plan, "name").text if plan is not None else terms.name


def plan_heading(plan: CatalogPlan | None, terms: engine.Plan) -> SafeString | str:
    """The name for a sentence of a template (``blocktranslate`` writes a value as text):
    a catalog plan's curated name as ``{% curated %}`` renders it, marked when English."""
    if plan is None:
        return terms.name
    return mark_safe(curated(plan, "name").__html__())  # escaped by CuratedText.__html__


def simulation_page(result: SimulationResult) -> dict:
    """The result section of the simulator page."""
    sim = result.simulation
    plan = result.catalog_plan
    totals = sim.totals
    currency = totals.currency
    names = promotion_names(plan, sim.plan)
    convert = sim.plan.rollover.convert
    has_credit = bool(totals.credit) or (convert is not None and convert.credit is not None)
    rows = []
    for i, m in enumerate(sim.months):
        beyond = m.throttled_mb + m.overage_mb + m.unmet_mb
        rows.append(
            {
                "month": formats.month(m.month),
                "renewed": m.renewed,
                "used": formats.size(m.demand_mb),
                "from_allowance": formats.size(m.from_allowance_mb),
                "from_bank": formats.size(m.from_bank_mb),
                "beyond": formats.size(beyond),
                "has_beyond": beyond > 0,
                "expired": formats.size(m.expired_mb),
                "rolled": formats.size(m.rolled_over_mb),
                "forfeited": formats.size(m.forfeited_mb),
                "bank": formats.size(m.closing_bank_mb),
                "credit": formats.money(m.credit, currency),
                "cost": formats.money(m.cost, currency),
                "why": explain_month(sim, i, names),
            }
        )
    return {
        "name": plan_name(plan, sim.plan),
        "heading": plan_heading(plan, sim.plan),
        "plan": plan,
        "rule": explain_rule(sim.plan),
        "first": formats.month(sim.months[0].month),
        "last": formats.month(sim.months[-1].month),
        "count": len(sim.months),
        "summary": {
            "cost": formats.money(totals.cost, currency),
            "cost_per_gb": formats.money(totals.cost_per_gb, currency)
            if totals.cost_per_gb is not None
            else None,
            "fit": explain_fit(totals),
            "used": formats.size(totals.demand_mb),
            "wasted": formats.size(totals.wasted_mb),
            "expired": formats.size(totals.expired_mb),
            "forfeited": formats.size(totals.forfeited_mb),
            "unmet": formats.size(totals.unmet_mb),
            "slowed": formats.size(totals.throttled_mb),
            "extra": formats.size(totals.overage_mb),
            "bank_left": formats.size(totals.final_bank_mb),
            "converted": formats.number(totals.converted) if totals.converted else None,
            "benefit": convert.benefit if convert is not None else "",
            "credit": formats.money(totals.credit, currency) if has_credit else None,
            "gain": explain_gain(sim),
        },
        "has_credit": has_credit,
        "rows": rows,
        "ledger": [
            {
                "amount": formats.size(t.mb),
                "from": formats.month(t.from_month),
                "until": formats.month(t.usable_until) if t.usable_until else None,
            }
            for t in sim.months[-1].bank
        ],
        "chart": usage_chart(sim.months, [formats.short_month(m.month) for m in sim.months]),
        "assumed": assumed_of(plan),
    }


# --------------------------------------------------------------------------- compare


def ranking_page(result: CompareResult) -> dict:
    """Compare's table: fit first (a plan that leaves use unserved never ranks above one
    that serves it), then cost, within each currency; the person's own plan marked, and
    each plan's difference from it in the same currency."""
    plans = result.plans_by_slug
    mine = next((r for r in result.ranked if r.key == result.yours), None)
    rows = []
    for rank, r in enumerate(result.ranked, start=1):
        totals = r.totals
        currency = totals.currency
        plan = plans.get(r.key)
        diff = None
        if mine is not None and mine.totals.currency == currency:
            delta = totals.cost - mine.totals.cost
            sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
            diff = f"{sign}{formats.money(abs(delta), currency)}"
        rows.append(
            {
                "rank": rank,
                "plan": plan,
                "name": plan_name(plan, result.yours_plan) if plan or result.yours_plan else "",
                "availability": _availability_note(plan),
                "fit": r.fit,
                "fit_text": explain_fit(totals),
                "cost": formats.money(totals.cost, currency),
                "cost_per_gb": formats.money(totals.cost_per_gb, currency)
                if totals.cost_per_gb is not None
                else "—",
                "wasted": formats.size(totals.wasted_mb),
                "diff": diff,
                "is_yours": r.key == result.yours,
                "assumed": assumed_of(plan),
            }
        )
    skipped = [
        {
            "plan": plans[s.key],
            "reason": "; ".join(translate_error(e) for e in s.error.errors),
        }
        for s in result.skipped
    ]
    return {"rows": rows, "skipped": skipped, "any_assumed": any(r["assumed"] for r in rows)}


def _availability_note(plan: CatalogPlan | None) -> str | None:
    """ "closed to new customers" / "discontinued", or None for a plan on sale."""
    if plan is None or plan.availability == PlanAvailability.AVAILABLE:
        return None
    return str(plan.get_availability_display())


# --------------------------------------------------------------------------- plans


def plan_list_page(entries: list[PlanEntry], form) -> dict:
    return {
        "form": form,
        "plans": [
            {
                "plan": e.plan,
                "price": formats.money(e.plan.price, e.plan.currency),
                "data": formats.size(e.plan.allowance_mb),
                "rule": e.plan.rollover.short_summary() if hasattr(e.plan, "rollover") else "",
                "availability": e.plan.get_availability_display(),
            }
            for e in entries
        ],
    }


def plan_page(entry: PlanEntry) -> dict:
    """A plan's terms in words, each value marked when no source states it."""
    plan, terms = entry.plan, entry.terms
    currency = plan.currency
    price = formats.money(plan.price, currency)
    if plan.billing == CatalogPlan.Billing.DAILY:
        price_text = _("%(price)s per day of use") % {"price": price}
    elif plan.period_months == 1:
        price_text = _("%(price)s a month") % {"price": price}
    else:
        price_text = _("%(price)s for a pack of %(months)s months") % {
            "price": price,
            "months": formats.number(plan.period_months),
        }
    slowed_to = f" ({formats.number(plan.throttle_kbps)} kbps)" if plan.throttle_kbps else ""
    after_cap_slows = plan.overage_after_cap == "throttle"
    overage = str(plan.get_overage_policy_display())
    if not after_cap_slows:
        overage += slowed_to  # the speed once slowed, where the data is slowed
    if plan.overage_policy == CatalogPlan.Overage.PAY_PER_UNIT:
        overage += ": " + _("%(price)s per %(unit)s") % {
            "price": formats.money(plan.overage_unit_price, currency),
            "unit": formats.size(plan.overage_unit_mb),
        }
    spend_cap = None
    if plan.overage_spend_cap is not None:
        per = _("a day") if plan.billing == CatalogPlan.Billing.DAILY else _("a month")
        spend_cap = _("at most %(cap)s %(per)s, then: %(after)s") % {
            "cap": formats.money(plan.overage_spend_cap, currency),
            "per": per,
            "after": str(plan.get_overage_after_cap_display()).lower()
            if plan.overage_after_cap
            else _("still served, free"),
        } + (slowed_to if after_cap_slows else "")
    rule = getattr(plan, "rollover", None)
    promotions = sorted(plan.promotions.all(), key=lambda p: (p.from_month, p.id or 0))
    assumed = assumed_of(plan)
    return {
        "plan": plan,
        "name": plan_name(plan, terms),
        "rule": explain_rule(terms),
        "price": price_text,
        "data": _("unlimited at full speed")
        if plan.allowance_mb is None
        else formats.size(plan.allowance_mb),
        "overage": overage,
        "spend_cap": spend_cap,
        "lines": _("%(included)s included, up to %(max)s; %(price)s per extra line")
        % {
            "included": formats.number(plan.lines_included),
            "max": formats.number(plan.lines_max),
            "price": formats.money(plan.extra_line_price, currency),
        }
        if plan.lines_max > 1
        else None,
        "source_date": formats.day(plan.source_date) if plan.source_date else None,
        "source_checked": formats.day(plan.source_checked),
        "curated_rule": rule if rule is not None and rule.summary else None,
        "promotions": [
            {
                "promotion": p,
                "months": f"{formats.month(p.from_month)} – {formats.month(p.to_month)}",
                "bonus": formats.size(p.bonus_mb) if p.bonus_mb else None,
                "extra": p.extra_expiry_periods,
                "price": formats.money(p.price, currency) if p.price is not None else None,
                "assumed": p.assumed,
            }
            for p in promotions
        ],
        "assumed": assumed,
        "marks": {fact: assumed.of(*names) for fact, names in PLAN_FACTS.items()},
    }


# --------------------------------------------------------------------------- the CSV

CSV_LABELS = {
    "month": gettext_lazy("Month"),
    "renewed": gettext_lazy("Renewed"),
    "opening_bank_mb": gettext_lazy("Rolled-over data at the start (GB)"),
    "granted_mb": gettext_lazy("Data granted (GB)"),
    "demand_mb": gettext_lazy("Used (GB)"),
    "from_bank_mb": gettext_lazy("From rollover (GB)"),
    "from_allowance_mb": gettext_lazy("From allowance (GB)"),
    "throttled_mb": gettext_lazy("Slowed (GB)"),
    "overage_mb": gettext_lazy("Charged as extra (GB)"),
    "unmet_mb": gettext_lazy("Not served (GB)"),
    "expired_mb": gettext_lazy("Expired (GB)"),
    "rolled_over_mb": gettext_lazy("Rolled over (GB)"),
    "forfeited_mb": gettext_lazy("Forfeited (GB)"),
    "converted": gettext_lazy("Converted (units)"),
    "closing_bank_mb": gettext_lazy("Rolled-over data kept (GB)"),
    "plan_cost": gettext_lazy("Plan cost (%(currency)s)"),
    "overage_cost": gettext_lazy("Extra data cost (%(currency)s)"),
    "credit": gettext_lazy("Credit (%(currency)s)"),
    "cost": gettext_lazy("Cost (%(currency)s)"),
}
CSV_COLUMNS = tuple(name for name in MonthOut.model_fields if name != "bank")
# The columns that rest on a value no source states (marked "*").
CSV_ASSUMED = {
    "plan_cost": COST_VALUES,
    "cost": COST_VALUES,
    "overage_cost": frozenset({"overage", "overage.spend_cap"}),
    "credit": frozenset({"rollover.convert"}),
    "converted": frozenset({"rollover.convert"}),
    "granted_mb": frozenset({"allowance_mb", "lines"}),
    "rolled_over_mb": DATA_VALUES,
    "closing_bank_mb": DATA_VALUES,
}


def _cell(name: str, value) -> object:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return f"{value + 0:.2f}"
    if name.endswith("_mb"):
        return "" if value is None else formats.gb(value)
    return value


def csv_table(result: SimulationResult) -> tuple[str, list[list]]:
    """The month table for a spreadsheet: a file name, then rows — a header block (the
    plan, its rule, the months, what is assumed), the column headers (the month schema's
    fields, translated, data in GB and money in the plan's currency) and one row a month."""
    sim = result.simulation
    plan = result.catalog_plan
    months = sim.months
    currency = sim.totals.currency
    assumed = assumed_of(plan)
    slug = plan.slug if plan is not None else (slugify(sim.plan.name) or "my-plan")
    filename = f"rollover-lab_{slug}_{months[0].month}_{months[-1].month}.csv"
    rows: list[list] = [
        [_("Plan"), str(plan_name(plan, sim.plan))],
        [_("Rule"), explain_rule(sim.plan)],
        [_("Months"), f"{formats.month(months[0].month)} – {formats.month(months[-1].month)}"],
    ]
    if assumed:
        rows.append(
            [_("Assumed (*)"), _("no source states: %(values)s") % {"values": assumed.labels}]
        )
    headers = []
    for name in CSV_COLUMNS:
        label = str(CSV_LABELS[name]) % {"currency": currency}
        if set(assumed.names) & CSV_ASSUMED.get(name, frozenset()):
            label += " *"
        headers.append(label)
    rows += [[], headers]
    for month in months:
        rows.append([_cell(name, getattr(month, name)) for name in CSV_COLUMNS])
    return filename, rows
