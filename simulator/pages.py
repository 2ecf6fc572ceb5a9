"""Page contexts: engine results and catalog plans made ready for a template.

Every number is formatted once, here (``carriers.formats``), in the active language; the
sentences come from ``explain``, the chart from ``chart``. Catalog texts are read from the
catalog objects in the page's language (``carriers.i18n.curated``: a fallback to English
says so), never from the engine's plan. Templates only place what is built here.

The two long tables — a result's months and compare's ranking — are written here as HTML,
one row of markup each that serves both the table and, on a phone, the stacked cards
(each cell carries its column's name in ``data-label``; ``site.css`` lays them out). Their
headers and labels are translated once per language, the cells of a catalog plan once per
cached plan: a template with a tag per cell was most of a result page's time.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape

from django.forms.forms import NON_FIELD_ERRORS
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from carriers import formats
from carriers.i18n import CuratedText, country_name, curated
from carriers.models import ASSUMABLE
from carriers.models import Plan as CatalogPlan

from . import engine
from .chart import usage_chart
from .errors import translate_error
from .explain import explain_fit, explain_headline, explain_month, explain_rule, join_sentences
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

    def _where(self, values: frozenset[str], promotions: bool) -> Assumed:
        return Assumed(
            tuple(
                n for n in self.names if n in values or (promotions and n.startswith("promotions["))
            )
        )

    @property
    def cost(self) -> Assumed:
        """The assumed values the cost rests on (promotions change the price)."""
        return self._where(COST_VALUES, promotions=True)

    @property
    def data(self) -> Assumed:
        """The assumed values the data served rests on (promotions add data)."""
        return self._where(DATA_VALUES, promotions=True)

    @property
    def rule(self) -> Assumed:
        """The assumed values of the rollover rule."""
        return Assumed(tuple(n for n in self.names if n.startswith("rollover.")))

    def of(self, *names: str) -> str:
        """The words for those of ``names`` that are assumed ("" when none is): what a
        marker beside one value names."""
        return self._where(frozenset(names), promotions=False).labels


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


def conversion_benefit(plan: CatalogPlan | None) -> CuratedText | None:
    """What a catalog plan's unused data converts into ("minutes"), in the page's language
    (the engine holds English); None for a plan written inline (the engine's text is what
    its author typed) and for a rule without a benefit."""
    rule = getattr(plan, "rollover", None) if plan is not None else None
    if rule is None:
        return None
    benefit = curated(rule, "convert_benefit")
    return benefit or None


# Where the explanations write a catalog plan's benefit: ``with_benefit`` puts the curated
# text there as HTML. A NUL is in no sentence and no catalog text (forms refuse it).
BENEFIT_SLOT = "\x00"


def benefit_slot(benefit: CuratedText | None) -> str | None:
    """What the explanations get as the benefit: the slot for a catalog plan's, None (the
    engine plan's own text) for a plan written inline."""
    return BENEFIT_SLOT if benefit is not None else None


def with_benefit(text: str, benefit: CuratedText | None) -> SafeString:
    """A sentence written with ``benefit_slot(benefit)``, as HTML: escaped, the benefit in
    its slot (marked ``lang="en"`` when it is the English fallback of a Chinese page)."""
    html = escape(text)
    if benefit is not None:
        html = html.replace(BENEFIT_SLOT, benefit.__html__())
    return mark_safe(html)  # escaped above; the benefit by CuratedText.__html__


def rule_html(terms: engine.Plan, benefit: CuratedText | None) -> SafeString:
    """The plan's rule in the explanations' words (``explain_rule``), as HTML, with a
    catalog plan's benefit (``conversion_benefit``) in the page's language: the one wording
    of a rule on the result, plan and answer pages."""
    return with_benefit(explain_rule(terms, benefit_slot(benefit)), benefit)


def promotion_names(plan: CatalogPlan | None, terms: engine.Plan) -> dict[engine.Promotion, str]:
    """Each engine promotion's name in the page's language (the engine holds English)."""
    if plan is None:
        return {}
    return {
        mine: curated(p, "name").text
        for p, mine in zip(plan.promotions.all(), terms.promotions, strict=False)
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


def error_summary(form) -> list[dict]:
    """The form's problems for the summary at the top of the page, in the form's order, each
    linking to its field (``href``; None for a problem of the whole form)."""
    errors = form.errors
    items = [{"href": None, "label": "", "message": m} for m in errors.get(NON_FIELD_ERRORS, [])]
    for name, field in form.fields.items():
        if name not in errors:
            continue
        href = "#presets" if name == "preset" else f"#{form[name].auto_id}"
        for message in errors[name]:
            items.append({"href": href, "label": str(field.label), "message": message})
    return items


def usage_helpers(form) -> str:
    """The helpers that fill the use list ("same every month", the presets). As the
    person usually leaves "same every month" blank, that common case is rendered once per
    language and reused."""
    if form["same"].value() or "same" in form.errors or "preset" in form.errors:
        return render_to_string("simulator/_usage_helpers.html", {"form": form})
    return _blank_usage_helpers(get_language() or "", type(form))


@lru_cache(maxsize=8)
def _blank_usage_helpers(language: str, form_class: type) -> str:
    return render_to_string("simulator/_usage_helpers.html", {"form": form_class(plans=())})


@lru_cache(maxsize=4)
def search_box(language: str) -> str:
    """The empty search box (the home page's), rendered once per language."""
    return render_to_string("simulator/_search_box.html", {})


def form_page(form, **context) -> dict:
    return {
        "form": form,
        "custom_plan_fieldset": custom_plan_fieldset(form),
        "usage_helpers": usage_helpers(form),
        "search_box": search_box(get_language() or ""),
        "errors": error_summary(form) if form.is_bound and form.errors else [],
        **context,
    }


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
    """The result section of the simulator page: the headline sentence, the labelled
    figures, the chart, the month table (``months_html``) and the bank left at the end."""
    sim = result.simulation
    plan = result.catalog_plan
    totals = sim.totals
    convert = sim.plan.rollover.convert
    has_credit = bool(totals.credit) or (convert is not None and convert.credit is not None)
    assumed = assumed_of(plan)
    benefit = conversion_benefit(plan)
    words = benefit_slot(benefit)
    return {
        "name": plan_name(plan, sim.plan),
        "heading": plan_heading(plan, sim.plan),
        "plan": plan,
        "rule": rule_html(sim.plan, benefit),
        "months": formats.month_span(sim.months[0].month, sim.months[-1].month),
        "headline": with_benefit(explain_headline(sim, words), benefit),
        "figures": figures_html(_figures(sim, has_credit, assumed, benefit)),
        "months_html": month_table(sim, promotion_names(plan, sim.plan), has_credit, benefit),
        "ledger": [
            {
                "amount": formats.size(t.mb),
                "from": formats.month(t.from_month),
                "until": formats.month(t.usable_until) if t.usable_until else None,
            }
            for t in sim.months[-1].bank
        ],
        "chart": usage_chart(sim.months, [formats.short_month(m.month) for m in sim.months]),
        "assumed": assumed,
    }


def _figures(
    sim: engine.Simulation, has_credit: bool, assumed: Assumed, benefit: CuratedText | None
) -> list[dict]:
    """The summary's figures, each with its label (and a note, or the "assumed" marker
    where the figure rests on a value no source states). Figures that can only be zero for
    this plan, or are zero where zero says nothing (slowed, not served), are left out."""
    totals = sim.totals
    currency = totals.currency
    rolls = sim.rollover_gain is not None
    cost_note = None
    if totals.credit:
        cost_note = _("after %(credit)s of credit for unused data") % {
            "credit": formats.money(totals.credit, currency)
        }
    figures = [
        {
            "key": "cost",
            "label": _("Total cost"),
            "value": formats.money(totals.cost, currency),
            "note": cost_note,
            "assumed": assumed.cost.labels,
        },
        {
            "key": "fit",
            "label": _("Your use"),
            "value": explain_fit(totals),
            "assumed": assumed.data.labels,
        },
        {"key": "used", "label": _("Data you needed"), "value": formats.size(totals.demand_mb)},
        {
            "key": "cost_per_gb",
            "label": _("Cost per GB used"),
            "value": formats.money(totals.cost_per_gb, currency)
            if totals.cost_per_gb is not None
            else "—",
        },
    ]
    if rolls:
        figures += [
            {"key": "rolled", "label": _("Rolled over"), "value": totals.rolled_over_mb},
            {"key": "from_bank", "label": _("Used from rollover"), "value": totals.from_bank_mb},
            {"key": "expired", "label": _("Expired"), "value": totals.expired_mb},
        ]
    if rolls or totals.forfeited_mb:
        label = _("Forfeited (did not roll over)") if rolls else _("Unused data lost")
        figures.append({"key": "forfeited", "label": label, "value": totals.forfeited_mb})
    if rolls:
        figures.append(
            {
                "key": "bank_left",
                "label": _("Rolled-over data left at the end"),
                "value": totals.final_bank_mb,
            }
        )
    for key, label, mb in (
        ("slowed", _("Slowed down"), totals.throttled_mb),
        ("extra", _("Charged as extra data"), totals.overage_mb),
        ("unmet", _("Not served"), totals.unmet_mb),
    ):
        if mb:
            figures.append({"key": key, "label": label, "value": mb})
    if has_credit:
        figures.append(
            {
                "key": "credit",
                "label": _("Credit for unused data"),
                "value": formats.money(totals.credit, currency),
            }
        )
    convert = sim.plan.rollover.convert
    if totals.converted and convert is not None:
        what = benefit_slot(benefit) or convert.benefit
        figures.append(
            {
                "key": "converted",
                "label": _("Unused data converted"),
                "value": with_benefit(f"{formats.number(totals.converted)} {what}", benefit),
            }
        )
    for figure in figures:
        if isinstance(figure["value"], int):
            figure["value"] = formats.size(figure["value"])
    return figures


def figures_html(figures: list[dict]) -> SafeString:
    """The summary's figures as the ``<div>``s of its ``<dl>``: each label, its value (with
    the "assumed" marker naming what it rests on) and its note."""
    marker = _marker_format(get_language() or "")
    out = []
    for f in figures:
        value = conditional_escape(f["value"])
        if f.get("assumed"):
            value += " " + marker.format(escape(f["assumed"]))
        if f.get("note"):
            value += f"<small>{escape(f['note'])}</small>"
        out.append(
            f'<div class="figure-{f["key"]}"><dt>{escape(str(f["label"]))}</dt>'
            f"<dd>{value}</dd></div>"
        )
    return mark_safe("".join(out))  # every text is escaped above


# The month table's columns after the month: (key, label). Credit only where the plan has one.
MONTH_COLUMNS = (
    ("used", gettext_lazy("Used")),
    ("from_allowance", gettext_lazy("From allowance")),
    ("from_bank", gettext_lazy("From rollover")),
    ("beyond", gettext_lazy("Slowed, extra or unmet")),
    ("expired", gettext_lazy("Expired")),
    ("rolled", gettext_lazy("Rolled over")),
    ("forfeited", gettext_lazy("Forfeited")),
    ("bank", gettext_lazy("Rolled-over data kept")),
    ("credit", gettext_lazy("Credit")),
    ("cost", gettext_lazy("Cost")),
)


def _label(text) -> str:
    """A translated label for a row's format string: escaped, its braces doubled."""
    return escape(str(text)).replace("{", "{{").replace("}", "}}")


@lru_cache(maxsize=8)
def _month_markup(language: str, has_credit: bool) -> tuple[str, str, str, str]:
    """The month table's ``<thead>``, its row's format, the "not renewed" tag and the
    sentences' row format, in ``language`` (the active one)."""
    columns = [(k, label) for k, label in MONTH_COLUMNS if has_credit or k != "credit"]
    head = "".join(f'<th scope="col">{escape(str(label))}</th>' for _k, label in columns)
    month = escape(_("Month"))
    thead = f'<thead><tr><th scope="col">{month}</th>{head}</tr></thead>'
    cells = "".join(
        f'<td data-label="{_label(label)}"{{c_{k}}}>{{{k}}}</td>' for k, label in columns
    )
    row = '<tr class="{kind}"><th scope="row">{month}{tag}</th>' + cells + "</tr>"
    lapsed = escape(_("not renewed"))
    tag = f'<span class="tag">{lapsed}</span>'
    why = f'<tr class="why"><td colspan="{len(columns) + 1}">{{}}</td></tr>'
    return thead, row, tag, why


def month_table(
    sim: engine.Simulation,
    names: dict[engine.Promotion, str],
    has_credit: bool,
    benefit: CuratedText | None = None,
) -> SafeString:
    """The month table's ``<thead>`` and ``<tbody>``: a row a month with every figure, then
    a row with the month's sentences (``explain_month``; ``names`` and ``benefit``: the
    catalog's texts in the page's language)."""
    thead, row, tag, why = _month_markup(get_language() or "", has_credit)
    currency = sim.totals.currency
    words = benefit_slot(benefit)
    sizes: dict[int, str] = {}

    def size(mb: int) -> str:
        text = sizes.get(mb)
        if text is None:
            text = sizes[mb] = escape(formats.size(mb))
        return text

    costs: dict[Decimal, str] = {}

    def money(value: Decimal) -> str:
        text = costs.get(value)
        if text is None:
            text = costs[value] = escape(formats.money(value, currency))
        return text

    zero, warn = ' class="zero"', ' class="warn"'
    out = [thead, "<tbody>"]
    for i, m in enumerate(sim.months):
        beyond = m.throttled_mb + m.overage_mb + m.unmet_mb
        out.append(
            row.format(
                kind="month" if m.renewed else "month lapsed",
                month=escape(formats.month(m.month)),
                tag="" if m.renewed else tag,
                used=size(m.demand_mb),
                c_used="",
                from_allowance=size(m.from_allowance_mb),
                c_from_allowance="" if m.from_allowance_mb else zero,
                from_bank=size(m.from_bank_mb),
                c_from_bank="" if m.from_bank_mb else zero,
                beyond=size(beyond),
                c_beyond=warn if beyond else zero,
                expired=size(m.expired_mb),
                c_expired="" if m.expired_mb else zero,
                rolled=size(m.rolled_over_mb),
                c_rolled="" if m.rolled_over_mb else zero,
                forfeited=size(m.forfeited_mb),
                c_forfeited="" if m.forfeited_mb else zero,
                bank=size(m.closing_bank_mb),
                c_bank="" if m.closing_bank_mb else zero,
                credit=money(m.credit),
                c_credit="" if m.credit else zero,
                cost=money(m.cost),
                c_cost="",
            )
        )
        sentences = explain_month(sim, i, names, words)
        if sentences:
            out.append(why.format("".join(f"<p>{with_benefit(t, benefit)}</p>" for t in sentences)))
    out.append("</tbody>")
    return mark_safe("".join(out))  # every value is escaped above


# --------------------------------------------------------------------------- compare

RANKING_COLUMNS = (
    ("fit", gettext_lazy("Your use")),
    ("cost", gettext_lazy("Total cost")),
    ("per_gb", gettext_lazy("Per GB")),
    ("wasted", gettext_lazy("Wasted")),
    ("diff", gettext_lazy("Difference from your plan")),
)


@lru_cache(maxsize=8)
def _ranking_markup(language: str) -> tuple[str, str, str, str]:
    """Compare's ``<thead>``, its row's format, "your plan" and the assumed marker's format,
    in ``language`` (the active one)."""
    head = "".join(f'<th scope="col">{escape(str(label))}</th>' for _k, label in RANKING_COLUMNS)
    plan = escape(_("Plan"))
    thead = (
        f'<thead><tr><th scope="col" class="rank">#</th>'
        f'<th scope="col">{plan}</th>{head}</tr></thead>'
    )
    cells = "".join(
        f'<td class="{k}" data-label="{_label(label)}">{{{k}}}</td>' for k, label in RANKING_COLUMNS
    )
    row = (
        '<tr class="fit-{fit_class}{baseline}"><td class="rank">'
        + _label(_("#%(rank)s") % {"rank": "\x00"}).replace("\x00", "{rank}")
        + '</td><th scope="row">{plan}</th>'
        + cells
        + "</tr>"
    )
    your_plan = escape(_("your plan"))
    yours = f'<span class="tag yours">{your_plan}</span>'
    return thead, row, yours, _marker_format(language)


def assumed_marker(names: str) -> SafeString:
    """The "assumed" marker naming ``names`` (the values it rests on, in words): a link to
    the page's note on assumed values. The ``{% assumed %}`` tag writes it in templates."""
    return mark_safe(_marker_format(get_language() or "").format(escape(names)))


@lru_cache(maxsize=8)
def _marker_format(language: str) -> str:
    """The "assumed" marker in ``language`` with ``{}`` for the values it names."""
    title = _label(_("Assumed: no source states this value (%(values)s)") % {"values": "\x00"})
    title = title.replace("\x00", "{}")
    word = _label(_("assumed"))
    return f'<a class="assumed" href="#assumed-note" title="{title}">{word}</a>'


class _PlanCells:
    """What compare shows of one catalog plan whatever the use, in one language: its name
    and carrier (with its availability), and its assumed values. Made once per cached plan
    object and language (a reloaded catalog brings new plan objects, hence new cells)."""

    _made: dict[tuple[int, str], tuple[CatalogPlan, _PlanCells]] = {}

    def __init__(self, plan: CatalogPlan):
        url = reverse("plan-detail", args=[plan.slug])
        name = curated(plan, "name").__html__()
        carrier = curated(plan.carrier, "name").__html__()
        note = _availability_note(plan)
        country = escape(country_name(plan.carrier.country))
        self.plan = f'<a href="{escape(url)}">{name}</a><small>{carrier} · {country}</small>'
        self.availability = f'<span class="tag availability">{escape(note)}</span>' if note else ""
        self.assumed = assumed_of(plan)

    @classmethod
    def of(cls, plan: CatalogPlan) -> _PlanCells:
        key = (id(plan), get_language() or "")
        made = cls._made.get(key)
        if made is None or made[0] is not plan:
            if len(cls._made) > 4096:
                cls._made.clear()
            made = cls._made[key] = (plan, cls(plan))
        return made[1]


def ranking_page(result: CompareResult) -> dict:
    """Compare's ranking, one group per currency (plans in different currencies are never
    ranked against each other; ranks restart at #1 in each): fit first (a plan that leaves
    use unserved never ranks above one that serves it), then cost, as the engine ranks them.
    The person's own plan is marked, its currency's group comes first, and each plan of that
    currency says how much more or less it costs."""
    plans = result.plans_by_slug
    thead, row, yours_tag, marker = _ranking_markup(get_language() or "")
    mine = next((r for r in result.ranked if r.key == result.yours), None)
    groups: dict[str, list[str]] = {}
    any_assumed = False
    for rank, r in result.numbered():
        totals = r.totals
        currency = totals.currency
        plan = plans.get(r.key)
        is_yours = r.key == result.yours
        if plan is not None:
            cells = _PlanCells.of(plan)
            name, availability, assumed = cells.plan, cells.availability, cells.assumed
        else:  # the person's own plan, written inline
            name = escape(result.yours_plan.name if result.yours_plan else "")
            availability, assumed = "", Assumed()
        any_assumed = any_assumed or bool(assumed)
        diff = "—"
        if mine is not None and mine.totals.currency == currency:
            delta = totals.cost - mine.totals.cost
            sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
            diff = f"{sign}{formats.money(abs(delta), currency)}"
        fit = escape(explain_fit(totals))
        cost = escape(formats.money(totals.cost, currency))
        if assumed.data:
            fit += " " + marker.format(escape(assumed.data.labels))
        if assumed.cost:
            cost += " " + marker.format(escape(assumed.cost.labels))
        groups.setdefault(currency, []).append(
            row.format(
                fit_class=r.fit,
                baseline=" baseline" if is_yours else "",
                rank=rank,
                plan=name + (yours_tag if is_yours else "") + availability,
                fit=fit,
                cost=cost,
                per_gb=escape(formats.money(totals.cost_per_gb, currency))
                if totals.cost_per_gb is not None
                else "—",
                wasted=escape(formats.size(totals.wasted_mb)),
                diff=escape(diff),
            )
        )
    order = list(groups)
    if mine is not None:  # the person's own currency first
        order.sort(key=lambda c: c != mine.totals.currency)
    skipped = [
        {
            "plan": plans[s.key],
            "reason": join_sentences([translate_error(e) for e in s.error.errors]),
        }
        for s in result.skipped
    ]
    return {
        "groups": [
            {
                "currency": currency,
                "count": len(groups[currency]),
                "html": mark_safe(thead + "<tbody>" + "".join(groups[currency]) + "</tbody>"),
            }
            for currency in order
        ],
        "skipped": skipped,
        "any_assumed": any_assumed,
    }


def compare_page(form, result: CompareResult | None, query) -> dict:
    """Compare's page: the form, and the ranking with what it covers — plans open to new
    customers or all of them, the country taken from the person's plan — each with a link
    that changes it (the same query otherwise, so no JavaScript is needed)."""
    ranking = ranking_page(result) if result is not None else None
    if ranking is not None:
        everything = query.copy()
        everything.pop("include_unavailable", None)
        if not form.cleaned_data.get("include_unavailable"):
            everything["include_unavailable"] = "on"
        ranking["availability_url"] = f"?{everything.urlencode()}#result"
        ranking["closed_included"] = bool(form.cleaned_data.get("include_unavailable"))
        if form.country_from_plan:
            anywhere = query.copy()
            anywhere["country"] = ""
            ranking["country_from_plan"] = country_name(form.country_from_plan)
            ranking["every_country_url"] = f"?{anywhere.urlencode()}#result"
    return form_page(form, ranking=ranking)


def _availability_note(plan: CatalogPlan | None) -> str | None:
    """ "closed to new customers" / "discontinued", or None for a plan on sale."""
    if plan is None or plan.is_on_sale:
        return None
    return str(plan.get_availability_display())


# --------------------------------------------------------------------------- plans


def slowed_to(text: str, kbps: int) -> str:
    """``text`` with the speed data is slowed to: "Slowed down, free (128 kbps)"."""
    return _("%(text)s (%(kbps)s kbps)") % {"text": text, "kbps": formats.number(kbps)}


def price_per_period(plan: CatalogPlan) -> str:
    """A catalog plan's price with its period ("$30.00 a month")."""
    return formats.price_per_period(plan.price, plan.currency, plan.billing, plan.period_months)


def data_per_period(plan: CatalogPlan) -> str:
    """A catalog plan's data ("10 GB", "1 GB a day", "unlimited data")."""
    return formats.data_per_period(plan.allowance_mb, plan.billing)


def plan_list_page(entries: list[PlanEntry], form) -> dict:
    return {
        "form": form,
        "filtered": form.filtered,
        "plans": [
            {
                "plan": e.plan,
                "price": price_per_period(e.plan),
                "data": data_per_period(e.plan),
                "rule": e.plan.rollover.short_summary() if hasattr(e.plan, "rollover") else "",
                "availability": e.plan.get_availability_display(),
                "on_sale": e.plan.is_on_sale,
            }
            for e in entries
        ],
    }


def plan_page(entry: PlanEntry) -> dict:
    """A plan's terms in words, each value marked when no source states it."""
    plan, terms = entry.plan, entry.terms
    currency = plan.currency
    after_cap_slows = plan.overage_after_cap == "throttle"
    overage = str(plan.get_overage_policy_display())
    if plan.throttle_kbps and not after_cap_slows:  # the speed once slowed, where it is slowed
        overage = slowed_to(overage, plan.throttle_kbps)
    if plan.overage_policy == CatalogPlan.Overage.PAY_PER_UNIT:
        overage = _("%(policy)s: %(price)s per %(unit)s") % {
            "policy": overage,
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
        }
        if after_cap_slows and plan.throttle_kbps:
            spend_cap = slowed_to(spend_cap, plan.throttle_kbps)
    rule = getattr(plan, "rollover", None)
    promotions = plan.promotions.all()
    assumed = assumed_of(plan)
    benefit = conversion_benefit(plan)
    return {
        "plan": plan,
        "name": plan_name(plan, terms),
        "rule": rule_html(terms, benefit),
        "price": price_per_period(plan),
        "data": _("unlimited at full speed")  # the plan page says what "unlimited" means
        if plan.allowance_mb is None
        else data_per_period(plan),
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
                "months": formats.month_span(p.from_month, p.to_month),
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


_CENT = Decimal("0.01")
# A text cell starting with one of these is read as a formula by spreadsheets (OWASP, "CSV
# injection"); the result's URL is shareable, and a custom plan's name and benefit are typed.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: object) -> object:
    """A text cell as a spreadsheet shows it, never as a formula: ``'`` before a text that
    starts like one ("=HYPERLINK(…)" → "'=HYPERLINK(…)"). Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(name: str, value) -> object:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return (value + 0).quantize(_CENT)  # a number: "3000.00"
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
    benefit = conversion_benefit(plan)
    slug = plan.slug if plan is not None else (slugify(sim.plan.name) or "my-plan")
    filename = f"rollover-lab_{slug}_{months[0].month}_{months[-1].month}.csv"
    rows: list[list] = [
        [_("Plan"), str(plan_name(plan, sim.plan))],
        [_("Rule"), explain_rule(sim.plan, benefit and benefit.text)],
        [_("Months"), formats.month_span(months[0].month, months[-1].month)],
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
    return filename, [[_text(cell) for cell in row] for row in rows]
