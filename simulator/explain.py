"""Plain-language explanations of a simulation: what happened each month, and why.

Words only, over the engine's own objects::

    explain_month(sim, index, names=None, benefit=None) -> list[str]  # under month ``index``
    explain_rule(plan, benefit=None) -> str              # the plan's rule in a few words
    explain_gain(sim) -> str | None                      # what rollover was worth
    explain_headline(sim, benefit=None) -> str           # the result in one sentence
    explain_fit(totals) -> str                           # did the plan serve the use

``sim`` is an ``engine.Simulation`` and ``plan`` an ``engine.Plan``. Nothing here computes
an engine rule: every sentence states a month's figures and the engine's account of them
(``MonthResult.facts``: the expired tranches, why less rolled over than was unused, the spend
cap acting, the credit arriving or lost, the day passes bought …), with the plan's terms
as the reason. ``names`` gives a promotion's name and ``benefit`` what unused data converts
into, in the page's language (a catalog plan's engine plan holds the English texts; without
them the engine's are used: a plan written inline holds what its author typed).

Each sentence is one ``gettext``/``ngettext`` message with named placeholders, so a
translation can reorder it freely; amounts come from ``carriers.formats``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from carriers import formats

from . import engine

__all__ = [
    "MAX_SENTENCES",
    "explain_fit",
    "explain_gain",
    "explain_headline",
    "explain_month",
    "explain_rule",
    "join_sentences",
]

MAX_SENTENCES = 4  # the most sentences shown under one month

# Priorities: when a month has more to say than MAX_SENTENCES, the lowest numbers win;
# the sentences kept are still shown in their natural order.
_ESSENTIAL = 0  # lapse, day passes
_WASTE = 1  # expiry, bank wiped, forfeits, what rolled over, a credit lost
_EXCESS = 2  # slowed, charged, capped or blocked data; a credit taken off; a new pack
_DETAIL = 3  # where the data came from, promotion bonus, end of a pack
_EXTRA = 4  # conversion, promotional price, bank kept through a lapse


# A sentence ending in one of these (Chinese, Japanese) needs no space before the next.
_WIDE_ENDS = ("。", "！", "？", "；", "：", "）", "」", "”")


def join_sentences(sentences: list[str]) -> str:
    """Sentences one after another: a space between them, none after a full-width stop
    ("。"), so Chinese reads "…。…。" with no character between (never a zero-width one)."""
    out: list[str] = []
    for sentence in sentences:
        if out and not out[-1].endswith(_WIDE_ENDS):
            out.append(" ")
        out.append(sentence)
    return "".join(out)


_SPACE_AFTER_WIDE_END = re.compile("([" + "".join(_WIDE_ENDS) + r"])\s+(?=\S)")


def close_wide_gaps(text: str) -> str:
    """Text written sentence by sentence (a template's lines, or sentences after tags) with
    the whitespace after each full-width stop removed, as ``join_sentences`` writes it:
    Chinese reads "…。…。" where English keeps "…. …."."""
    return _SPACE_AFTER_WIDE_END.sub(r"\1", text)


class _Values(dict):
    """A sentence's values, each written only when the sentence chosen asks for it (a month
    has one sentence of several possible, and a page has 36 months): ``"%(gb)s" % values``
    calls ``gb()`` once."""

    def __init__(self, **makers):
        super().__init__()
        self.makers = makers

    def __missing__(self, key: str) -> str:
        value = self[key] = self.makers[key]()
        return value


def _count(value: int) -> str:
    return formats.number(value)


# --------------------------------------------------------------------------- the rule


def explain_rule(plan: engine.Plan, benefit: str | None = None) -> str:
    """The plan's rollover rule (and its spend cap) in a few short sentences; ``benefit``:
    what unused data converts into, in the page's language (default: the engine plan's)."""
    rule = plan.rollover
    size = plan.period_months
    sentences: list[str] = []
    if plan.billing == "daily":
        if plan.allowance_mb is None:
            sentences.append(_("A day pass gives unlimited data for one day."))
        else:
            sentences.append(
                _("A day pass gives %(gb)s for one day; unused daily data does not carry over.")
                % {"gb": formats.size(plan.allowance_mb)}
            )
    elif plan.allowance_mb is None:
        sentences.append(_("Unlimited data at full speed: there is nothing to roll over."))
    elif rule.mode == "none" and rule.convert is not None:
        sentences.append(_("Unused data does not roll over."))
    elif rule.mode == "none":
        if size == 1:
            sentences.append(
                _("Unused data does not roll over: it is lost at the end of each month.")
            )
        else:
            sentences.append(
                _("Unused data does not roll over: it is lost at the end of each pack.")
            )
    else:
        sentences.extend(_rolling_rule(rule, size))
    sentences.extend(_conversion_rule(rule, size, plan.currency, benefit))
    sentences.extend(_spend_cap_rule(plan))
    return join_sentences(sentences)


def _rolling_rule(rule: engine.Rollover, size: int) -> list[str]:
    life = rule.expires_after_periods
    values = {"cap": formats.size(rule.cap_mb or 0), "count": _count(life or 0)}
    if rule.mode == "capped" and size == 1:
        if life is None:
            text = _("Unused data rolls over, up to %(cap)s a month, and does not expire.")
        else:
            text = ngettext(
                "Unused data rolls over, up to %(cap)s a month, and lasts %(count)s month.",
                "Unused data rolls over, up to %(cap)s a month, and lasts %(count)s months.",
                life,
            )
    elif rule.mode == "capped":
        if life is None:
            text = _("Unused data rolls over, up to %(cap)s a pack, and does not expire.")
        else:
            text = ngettext(
                "Unused data rolls over, up to %(cap)s a pack, and lasts %(count)s more pack.",
                "Unused data rolls over, up to %(cap)s a pack, and lasts %(count)s more packs.",
                life,
            )
    elif life is None:
        text = _("All unused data rolls over and does not expire.")
    elif size == 1:
        text = ngettext(
            "All unused data rolls over and lasts %(count)s month.",
            "All unused data rolls over and lasts %(count)s months.",
            life,
        )
    else:
        text = ngettext(
            "All unused data rolls over and lasts %(count)s more pack.",
            "All unused data rolls over and lasts %(count)s more packs.",
            life,
        )
    sentences = [text % values]
    if rule.bank_cap_mb is not None:
        sentences.append(
            _("The bank holds at most %(gb)s.") % {"gb": formats.size(rule.bank_cap_mb)}
        )
    if rule.order == "rollover_first":
        sentences.append(_("Rolled data is used before the new allowance."))
    else:
        sentences.append(_("The new allowance is used before rolled data."))
    min_use = rule.min_use_mb
    if min_use:
        amount = {"gb": formats.size(min_use)}
        if min_use == 1 and size == 1:
            sentences.append(_("Nothing rolls from a month without use."))
        elif min_use == 1:
            sentences.append(_("Nothing rolls from a pack without use."))
        elif size == 1:
            sentences.append(_("Nothing rolls from a month with less than %(gb)s use.") % amount)
        else:
            sentences.append(_("Nothing rolls from a pack with less than %(gb)s use.") % amount)
    if rule.forfeit_on_lapse:
        sentences.append(_("A lapse wipes the bank."))
    return sentences


def _conversion_rule(
    rule: engine.Rollover, size: int, currency: str, benefit: str | None
) -> list[str]:
    convert = rule.convert
    if convert is None:
        return []
    sentences = []
    unit = formats.size(convert.unit_mb)
    if convert.rate:
        sentences.append(
            _("Data that is lost converts into %(rate)s %(benefit)s per %(gb)s.")
            % {"rate": _count(convert.rate), "benefit": benefit or convert.benefit, "gb": unit}
        )
    if convert.credit is not None:
        values = {"credit": formats.money(convert.credit, currency), "gb": unit}
        if size == 1:
            text = _("Each whole %(gb)s not used takes %(credit)s off the next month's price.")
        else:
            text = _("Each whole %(gb)s not used takes %(credit)s off the next pack's price.")
        sentences.append(text % values)
    return sentences


def _spend_cap_rule(plan: engine.Plan) -> list[str]:
    overage = plan.overage
    if overage.policy != "pay_per_unit" or overage.spend_cap is None:
        return []
    values = {
        "price": formats.money(overage.unit_price or 0, plan.currency),
        "unit": formats.size(overage.unit_mb),
        "cap": formats.money(overage.spend_cap, plan.currency),
    }
    after = overage.after_cap or "serve"
    if plan.billing == "daily":
        texts = {
            "serve": _(
                "Extra data costs %(price)s per %(unit)s, at most %(cap)s a day; beyond that "
                "it is free."
            ),
            "throttle": _(
                "Extra data costs %(price)s per %(unit)s, at most %(cap)s a day; beyond that "
                "it is slowed down."
            ),
            "block": _(
                "Extra data costs %(price)s per %(unit)s, at most %(cap)s a day; beyond that "
                "it is blocked."
            ),
        }
    else:
        texts = {
            "serve": _(
                "Extra data costs %(price)s per %(unit)s, at most %(cap)s a month; beyond "
                "that it is free."
            ),
            "throttle": _(
                "Extra data costs %(price)s per %(unit)s, at most %(cap)s a month; beyond "
                "that it is slowed down."
            ),
            "block": _(
                "Extra data costs %(price)s per %(unit)s, at most %(cap)s a month; beyond "
                "that it is blocked."
            ),
        }
    return [texts[after] % values]


# --------------------------------------------------------------------------- the result


def explain_fit(totals: engine.Totals) -> str:
    """Whether the plan served the use: "Serves all your use" … "Leaves 3 GB unserved"."""
    if totals.fit == "short":
        return _("Leaves %(gb)s unserved") % {"gb": formats.size(totals.unmet_mb)}
    if totals.fit == "slowed":
        return _("Serves all your use, %(gb)s of it slowed") % {
            "gb": formats.size(totals.throttled_mb)
        }
    return _("Serves all your use")


def explain_gain(sim: engine.Simulation) -> str | None:
    """What the rollover rule was worth to this use (spec §7.1), or None when the plan does
    not roll over: "Rollover served 7 GB more and saved $35.00 against the same plan
    without it." """
    gain = sim.rollover_gain
    if gain is None:
        return None
    return _gain_words(gain, sim.totals.currency, clause=False)


def _gain_words(gain: engine.RolloverGain, currency: str, clause: bool) -> str:
    """What rollover was worth: a sentence ("Rollover served 7 GB more and saved $35.00
    against the same plan without it.") or, with ``clause``, the end of the headline ("…,
    and it served 7 GB more and saved $35.00 against the same plan without rollover").

    Rollover never serves less nor slows more than the same plan without it: each period
    is granted the same data and the bank only adds to it (spec §7.1). And a plan either
    blocks or slows what it cannot serve, never both, so at most one of "served more" and
    "kept at full speed" applies; the property tests check both. Only the cost can go
    either way (a credit for unused data can make rollover cost money).
    """
    saved = gain.cost_saved
    values = {
        "gb": formats.size(gain.served_mb),
        "slowed": formats.size(gain.throttled_mb_avoided),
        "money": formats.money(abs(saved), currency),
    }
    if gain.served_mb:
        if saved > 0:
            text = (
                _(
                    "it served %(gb)s more and saved %(money)s against the same plan without "
                    "rollover"
                )
                if clause
                else _(
                    "Rollover served %(gb)s more and saved %(money)s against the same plan "
                    "without it."
                )
            )
        elif saved < 0:
            text = (
                _(
                    "it served %(gb)s more but cost %(money)s more than the same plan without "
                    "rollover"
                )
                if clause
                else _(
                    "Rollover served %(gb)s more but cost %(money)s more than the same plan "
                    "without it."
                )
            )
        else:
            text = (
                _("it served %(gb)s more for the same cost as the same plan without rollover")
                if clause
                else _("Rollover served %(gb)s more for the same cost as the same plan without it.")
            )
    elif gain.throttled_mb_avoided:
        if saved > 0:
            text = (
                _(
                    "it kept %(slowed)s at full speed and saved %(money)s against the same plan "
                    "without rollover"
                )
                if clause
                else _(
                    "Rollover kept %(slowed)s at full speed and saved %(money)s against the same "
                    "plan without it."
                )
            )
        elif saved < 0:
            text = (
                _(
                    "it kept %(slowed)s at full speed but cost %(money)s more than the same plan "
                    "without rollover"
                )
                if clause
                else _(
                    "Rollover kept %(slowed)s at full speed but cost %(money)s more than the same "
                    "plan without it."
                )
            )
        else:
            text = (
                _(
                    "it kept %(slowed)s at full speed that the same plan without rollover would "
                    "have slowed down, for the same cost"
                )
                if clause
                else _(
                    "Rollover kept %(slowed)s at full speed that the same plan without it would "
                    "have slowed down, for the same cost."
                )
            )
    elif saved > 0:
        text = (
            _("it saved %(money)s against the same plan without rollover")
            if clause
            else _("Rollover saved %(money)s against the same plan without it.")
        )
    elif saved < 0:
        text = (
            _(
                "it cost %(money)s more than the same plan without rollover, which earns more "
                "credit for unused data"
            )
            if clause
            else _(
                "Rollover cost %(money)s more than the same plan without it: it earned less "
                "credit for unused data."
            )
        )
    else:
        text = (
            _("it made no difference to what was served or to the cost")
            if clause
            else _(
                "Rollover made no difference for this use: the same plan without it serves as "
                "much for the same cost."
            )
        )
    return text % values


def explain_headline(sim: engine.Simulation, benefit: str | None = None) -> str:
    """The result in one sentence, before any figure: what rolled over, how much of it was
    used, what expired and what rollover was worth (``Simulation.rollover_gain``); for a
    plan that does not roll over, that it does not and what became of the unused data
    (``benefit``: what it converts into, in the page's language)."""
    totals = sim.totals
    plan = sim.plan
    currency = totals.currency
    gain = sim.rollover_gain
    values = {
        "rolled": formats.size(totals.rolled_over_mb),
        "used": formats.size(totals.from_bank_mb),
        "expired": formats.size(totals.expired_mb),
        "lost": formats.size(totals.forfeited_mb),
        "credit": formats.money(totals.credit, currency),
        "count": formats.number(totals.converted),
        "benefit": benefit or (plan.rollover.convert.benefit if plan.rollover.convert else ""),
    }
    if gain is not None:
        values["gain"] = _gain_words(gain, currency, clause=True)
        if not totals.rolled_over_mb:
            text = _("Nothing rolled over in these months, so rollover made no difference.")
        elif totals.expired_mb:
            text = _(
                "%(rolled)s of unused data rolled over; you used %(used)s of it, %(expired)s "
                "expired, and %(gain)s."
            )
        else:
            text = _(
                "%(rolled)s of unused data rolled over; you used %(used)s of it, none expired, "
                "and %(gain)s."
            )
    elif plan.billing == "daily":
        if plan.allowance_mb is None:
            text = _("Each day pass gives unlimited data, so there is nothing to roll over.")
        elif totals.forfeited_mb:
            text = _(
                "Day passes do not roll unused data over: the %(lost)s you did not use on the "
                "days you bought was lost."
            )
        else:
            text = _("Day passes do not roll unused data over; you used all the data you bought.")
    elif plan.allowance_mb is None:
        text = _("This plan has unlimited data, so there is nothing to roll over.")
    elif totals.credit:
        text = _(
            "This plan does not roll unused data over: instead, the %(lost)s you did not use "
            "took %(credit)s off later months."
        )
    elif totals.converted:
        text = _(
            "This plan does not roll unused data over: instead, the %(lost)s you did not use "
            "earned %(count)s %(benefit)s."
        )
    elif totals.forfeited_mb:
        text = _("This plan does not roll unused data over: the %(lost)s you did not use was lost.")
    else:
        text = _("This plan does not roll unused data over; you used all of your data.")
    return text % values


# --------------------------------------------------------------------------- one month


class _Month:
    """One month of a simulation and what the sentences need of it."""

    def __init__(
        self,
        sim: engine.Simulation,
        index: int,
        names: Mapping[engine.Promotion, str] | None,
        benefit: str | None = None,
    ) -> None:
        months = sim.months
        if not 0 <= index < len(months):
            raise IndexError(f"month {index} is not in this simulation of {len(months)} months")
        self.plan = sim.plan
        self.rule = sim.plan.rollover
        self.row = months[index]
        self.facts = self.row.facts
        self.size = sim.plan.period_months
        self.currency = sim.totals.currency
        self.names = names or {}
        convert = self.rule.convert
        self.benefit = benefit or (convert.benefit if convert is not None else "")
        self.sentences: list[tuple[int, str]] = []

    @property
    def pack(self) -> bool:
        return self.size > 1

    def money(self, value: Decimal) -> str:
        return formats.money(value, self.currency)

    def say(self, priority: int, text: str) -> None:
        self.sentences.append((priority, text))

    def result(self) -> list[str]:
        if len(self.sentences) <= MAX_SENTENCES:
            return [text for _priority, text in self.sentences]
        ranked = sorted(range(len(self.sentences)), key=lambda i: (self.sentences[i][0], i))
        keep = sorted(ranked[:MAX_SENTENCES])
        return [self.sentences[i][1] for i in keep]


def explain_month(
    sim: engine.Simulation,
    index: int,
    names: Mapping[engine.Promotion, str] | None = None,
    benefit: str | None = None,
) -> list[str]:
    """The sentences shown under month ``index`` (0-based) of the results table."""
    m = _Month(sim, index, names, benefit)
    if m.plan.billing == "daily":
        _day_passes(m)
        _excess(m)
        return m.result()
    if not m.row.renewed:
        _lapse(m)
    else:
        if m.facts.starts_period:
            _new_pack(m)
            _promotions(m)
            _credit_taken(m)
        _sources(m)
        _excess(m)
    _expiry(m)
    if m.facts.ends_period and m.row.renewed:
        _end_of_pack(m)
        _rollover(m)
        _credit_earned_too_late(m)
    _conversion(m)
    return m.result()


def _lapse(m: _Month) -> None:
    m.say(_ESSENTIAL, _("Not renewed this month: no allowance, no charge."))
    facts = m.facts
    if facts.wiped_mb:
        m.say(
            _WASTE,
            _("Your %(gb)s bank was lost because the plan lapsed.")
            % {"gb": formats.size(facts.wiped_mb)},
        )
    elif facts.kept_through_lapse_mb:
        values = {"gb": formats.size(facts.kept_through_lapse_mb)}
        if m.rule.expires_after_periods is None:
            m.say(_EXTRA, _("Your %(gb)s bank is kept while the plan is not renewed.") % values)
        else:
            m.say(
                _EXTRA,
                _("Your %(gb)s bank is kept while the plan is not renewed, but it keeps ageing.")
                % values,
            )
    if facts.credit_lost and facts.credit_lost_reason == "lapsed":
        m.say(
            _WASTE,
            _(
                "The %(credit)s credit for data not used in %(month)s was lost: a credit only "
                "comes off a renewed plan."
            )
            % {
                "credit": m.money(facts.credit_lost),
                "month": formats.month(facts.credit_from_month),
            },
        )


def _new_pack(m: _Month) -> None:
    if not m.pack:
        return
    granted = m.row.granted_mb
    values = {"count": _count(m.size), "gb": formats.size(granted)}
    if granted is None:
        text = ngettext(
            "A new %(count)s-month pack started: unlimited data for %(count)s month.",
            "A new %(count)s-month pack started: unlimited data for %(count)s months.",
            m.size,
        )
    else:
        text = ngettext(
            "A new %(count)s-month pack started: %(gb)s for %(count)s month.",
            "A new %(count)s-month pack started: %(gb)s for %(count)s months.",
            m.size,
        )
    m.say(_EXCESS, text % values)


def _promotions(m: _Month) -> None:
    facts = m.facts
    if facts.bonus_mb and m.row.granted_mb is not None:
        givers = [p for p in facts.promotions if p.bonus_mb]
        size = formats.size(facts.bonus_mb)
        name = m.names.get(givers[0], givers[0].name) if len(givers) == 1 else ""
        if len(givers) > 1:
            text = ngettext(
                "%(count)s promotion added %(gb)s this month.",
                "%(count)s promotions added %(gb)s this month.",
                len(givers),
            ) % {"count": _count(len(givers)), "gb": size}
        elif name:
            text = _("Promotion '%(name)s' added %(gb)s this month.") % {
                "name": name,
                "gb": size,
            }
        else:
            text = _("A promotion added %(gb)s this month.") % {"gb": size}
        m.say(_DETAIL, text)
    if facts.promotional_price and facts.period_price is not None:
        m.say(
            _EXTRA,
            _("The promotional price of %(price)s applied.")
            % {"price": m.money(facts.period_price)},
        )


def _credit_taken(m: _Month) -> None:
    """The credit earned at the previous period end, taken off this period's plan cost."""
    facts = m.facts
    credit = m.row.credit
    if credit:
        values = {"credit": m.money(credit), "gb": formats.size(facts.credit_from_mb)}
        if m.pack:
            text = _("%(credit)s off this pack for %(gb)s not used in the last pack.")
        else:
            text = _("%(credit)s off this month for %(gb)s not used last month.")
        m.say(_EXCESS, text % values)
    if facts.credit_lost and facts.credit_lost_reason == "over_plan_cost":
        m.say(
            _WASTE,
            _(
                "%(lost)s more credit was earned but lost: a credit never comes to more than "
                "the plan's cost."
            )
            % {"lost": m.money(facts.credit_lost)},
        )


def _sources(m: _Month) -> None:
    """Where this month's use came from, when rolled-over data was (or could be) used."""
    row = m.row
    if m.plan.allowance_mb is None:
        return  # there is nothing to say
    first = m.rule.order == "rollover_first"
    values = {
        "bank": formats.size(row.from_bank_mb),
        "allowance": formats.size(row.from_allowance_mb),
    }
    if row.from_bank_mb and row.from_allowance_mb:
        if first and m.pack:
            text = _(
                "You used %(bank)s from rolled-over data first, then %(allowance)s of the "
                "pack's allowance."
            )
        elif first:
            text = _(
                "You used %(bank)s from rolled-over data first, then %(allowance)s of this "
                "month's allowance."
            )
        elif m.pack:
            text = _(
                "You used %(allowance)s of the pack's allowance first, then %(bank)s from "
                "rolled-over data."
            )
        else:
            text = _(
                "You used %(allowance)s of this month's allowance first, then %(bank)s from "
                "rolled-over data."
            )
    elif row.from_bank_mb:
        if first:
            text = _(
                "You used %(bank)s, all from rolled-over data: this plan uses it before the "
                "allowance."
            )
        elif m.pack:
            text = _("You used %(bank)s from rolled-over data: the pack's allowance was used up.")
        else:
            text = _("You used %(bank)s from rolled-over data: this month's allowance was used up.")
    elif row.from_allowance_mb and not first and m.facts.expired_tranches:
        # rolled-over data aged while the allowance was used
        if m.pack:
            text = _(
                "You used %(allowance)s of the pack's allowance; rolled-over data is only used "
                "once the allowance runs out."
            )
        else:
            text = _(
                "You used %(allowance)s of this month's allowance; rolled-over data is only "
                "used once the allowance runs out."
            )
    else:
        return
    m.say(_DETAIL, text % values)


_AFTER_CAP = {
    "throttle": lambda: _(
        "Charges stopped at %(cap)s, the spend cap: the other %(gb)s was slowed down."
    ),
    "block": lambda: _("Charges stopped at %(cap)s, the spend cap: the other %(gb)s was blocked."),
}
_AFTER_DAILY_CAP = {
    "throttle": lambda: _(
        "Charges stopped at the spend cap of %(cap)s a day: the other %(gb)s was slowed down."
    ),
    "block": lambda: _(
        "Charges stopped at the spend cap of %(cap)s a day: the other %(gb)s was blocked."
    ),
}


def _excess(m: _Month) -> None:
    row, facts, overage = m.row, m.facts, m.plan.overage
    beyond = facts.beyond_cap_mb if facts.spend_capped else 0
    to = facts.beyond_cap_to
    slowed = row.throttled_mb - (beyond if to == "throttle" else 0)
    unmet = row.unmet_mb - (beyond if to == "block" else 0)
    if slowed:
        m.say(
            _EXCESS,
            _("%(gb)s beyond your data was slowed down (free).") % {"gb": formats.size(slowed)},
        )

    def cap() -> str:
        return m.money(overage.spend_cap or 0)

    if row.overage_mb and beyond and to == "serve":
        # The cap is the charge; what lies beyond the whole units it pays for is free.
        values = {
            "gb": formats.size(row.overage_mb),
            "cap": cap(),
            "free": formats.size(beyond),
        }
        if m.plan.billing == "daily":
            text = _(
                "%(gb)s beyond your data was charged as extra data up to the spend cap of "
                "%(cap)s a day: %(free)s of it was free."
            )
        else:
            text = _(
                "%(gb)s beyond your data was charged as extra data up to the spend cap of "
                "%(cap)s: %(free)s of it was free."
            )
        m.say(_EXCESS, text % values)
    elif row.overage_mb:
        units = facts.overage_units
        m.say(
            _EXCESS,
            ngettext(
                "%(gb)s beyond your data was charged as extra data: %(count)s unit of "
                "%(unit)s, %(cost)s.",
                "%(gb)s beyond your data was charged as extra data: %(count)s units of "
                "%(unit)s, %(cost)s.",
                units,
            )
            % {
                "gb": formats.size(row.overage_mb),
                "count": _count(units),
                "unit": formats.size(overage.unit_mb),
                "cost": m.money(row.overage_cost),
            },
        )
    if beyond and to in ("throttle", "block"):
        texts = _AFTER_DAILY_CAP if m.plan.billing == "daily" else _AFTER_CAP
        m.say(_EXCESS, texts[to]() % {"cap": cap(), "gb": formats.size(beyond)})
    if unmet:
        m.say(
            _EXCESS,
            _(
                "%(gb)s beyond your data could not be served: this plan blocks data when it "
                "runs out."
            )
            % {"gb": formats.size(unmet)},
        )


def _expiry(m: _Month) -> None:
    tranches = m.facts.expired_tranches  # a bank wiped by a lapse is told by _lapse
    if not tranches:
        return
    aged = sum(t.mb for t in tranches)
    if len(tranches) > 1:
        m.say(
            _WASTE,
            _(
                "%(gb)s of rolled-over data expired: the data rolled over from %(first)s to "
                "%(last)s reached the end of its life on this plan."
            )
            % {
                "gb": formats.size(aged),
                "first": formats.month(min(t.from_month for t in tranches)),
                "last": formats.month(max(t.from_month for t in tranches)),
            },
        )
        return
    (tranche,) = tranches
    periods, extra = tranche.periods, tranche.extra_periods
    values = {
        "gb": formats.size(aged),
        "month": formats.month(tranche.from_month),
        "count": _count(periods),
        "base": _count(periods - extra),  # the plan's expires_after_periods
        "extra": _count(extra),
    }
    if not extra and not m.pack:
        text = ngettext(
            "%(gb)s rolled over from %(month)s expired: rolled data lasts %(count)s month on "
            "this plan.",
            "%(gb)s rolled over from %(month)s expired: rolled data lasts %(count)s months on "
            "this plan.",
            periods,
        )
    elif not extra:
        text = ngettext(
            "%(gb)s rolled over from %(month)s expired: rolled data lasts for %(count)s more "
            "pack on this plan.",
            "%(gb)s rolled over from %(month)s expired: rolled data lasts for %(count)s more "
            "packs on this plan.",
            periods,
        )
    elif not m.pack:
        text = ngettext(
            "%(gb)s rolled over from %(month)s expired: it lasted %(count)s month, the plan's "
            "%(base)s plus %(extra)s from a promotion.",
            "%(gb)s rolled over from %(month)s expired: it lasted %(count)s months, the "
            "plan's %(base)s plus %(extra)s from a promotion.",
            periods,
        )
    else:
        text = ngettext(
            "%(gb)s rolled over from %(month)s expired: it lasted for %(count)s more pack, "
            "the plan's %(base)s plus %(extra)s from a promotion.",
            "%(gb)s rolled over from %(month)s expired: it lasted for %(count)s more packs, "
            "the plan's %(base)s plus %(extra)s from a promotion.",
            periods,
        )
    m.say(_WASTE, text % values)


def _end_of_pack(m: _Month) -> None:
    facts = m.facts
    granted, unused = facts.period_granted_mb, facts.unused_mb
    if not m.pack or granted is None or unused is None:
        return
    used = granted - unused
    if not unused:
        text = _("End of the pack: you used all of its %(granted)s.")
    else:
        text = _("End of the pack: you used %(used)s of its %(granted)s.")
    m.say(_DETAIL, text % {"used": formats.size(used), "granted": formats.size(granted)})


def _rollover(m: _Month) -> None:
    """The period end: what rolled over, what was forfeited, and why (the engine's reason)."""
    row, facts = m.row, m.facts
    rolled, lost = row.rolled_over_mb, row.forfeited_mb
    if not facts.unused_mb:
        return
    values = _Values(
        gb=lambda: formats.size(rolled),
        lost=lambda: formats.size(lost),
        cap=lambda: formats.size(m.rule.cap_mb or 0),
        bank_cap=lambda: formats.size(m.rule.bank_cap_mb or 0),
        credit=lambda: m.money(facts.credit_earned),
    )
    reason = facts.rollover_limited_by  # the limit that bound
    if reason is None:
        m.say(_WASTE, _rolled_in_full(m, rolled))
    elif reason == "mode_none":
        if facts.credit_earned and not facts.credit_earned_lost and m.pack:
            text = _(
                "This plan does not roll data over: the %(lost)s you did not use earned "
                "%(credit)s off the next pack."
            )
        elif facts.credit_earned and not facts.credit_earned_lost:
            text = _(
                "This plan does not roll data over: the %(lost)s you did not use earned "
                "%(credit)s off the next month."
            )
        else:
            text = _("This plan does not roll data over: the %(lost)s you did not use was lost.")
        m.say(_WASTE, text % values)
    elif reason == "min_use":
        values["gb"] = formats.size(m.rule.min_use_mb or 0)
        if not facts.period_use_mb and m.pack:
            text = _("Nothing rolled over: this plan does not roll data from a pack without use.")
        elif not facts.period_use_mb:
            text = _("Nothing rolled over: this plan does not roll data from a month without use.")
        else:
            text = _("Nothing rolled over: you used less than the %(gb)s this plan requires.")
        m.say(_WASTE, text % values)
    elif reason == "bank_cap":
        if rolled:
            text = _(
                "%(gb)s of unused allowance rolled over, filling the bank to its %(bank_cap)s "
                "cap; %(lost)s was forfeited."
            )
        else:
            text = _(
                "The bank is full (%(bank_cap)s cap): nothing rolled over and %(lost)s was "
                "forfeited."
            )
        m.say(_WASTE, text % values)
    elif m.pack:
        m.say(
            _WASTE,
            _(
                "%(gb)s of unused allowance rolled over (the most this plan carries from one "
                "pack is %(cap)s); %(lost)s was forfeited."
            )
            % values,
        )
    else:
        m.say(
            _WASTE,
            _(
                "%(gb)s of unused allowance rolled over (the most this plan carries from one "
                "month is %(cap)s); %(lost)s was forfeited."
            )
            % values,
        )


def _rolled_in_full(m: _Month, rolled: int) -> str:
    """The sentence for a rollover with nothing forfeited, saying how long it lasts."""
    month = m.row.month
    tranche = next((t for t in m.row.bank if t.from_month == month), None)
    if tranche is None or tranche.usable_until is None:
        return _("%(gb)s of unused allowance rolled over; it does not expire.") % {
            "gb": formats.size(rolled)
        }
    until = tranche.usable_until
    extra = m.facts.rolled_extra_periods * m.size  # in months
    values = {
        "until": formats.month(until),
        "count": _count(extra),
        "gb": formats.size(rolled),
    }
    if extra > 0:
        return (
            ngettext(
                "%(gb)s of unused allowance rolled over; it can be used until %(until)s, "
                "%(count)s month longer thanks to a promotion.",
                "%(gb)s of unused allowance rolled over; it can be used until %(until)s, "
                "%(count)s months longer thanks to a promotion.",
                extra,
            )
            % values
        )
    return _("%(gb)s of unused allowance rolled over; it can be used until %(until)s.") % values


def _credit_earned_too_late(m: _Month) -> None:
    facts = m.facts
    if facts.credit_earned and facts.credit_earned_lost:
        if m.pack:
            text = _(
                "The %(credit)s credit earned this month would come off the next pack, after "
                "the last month simulated."
            )
        else:
            text = _(
                "The %(credit)s credit earned this month would come off the next month, after "
                "the last month simulated."
            )
        m.say(_EXTRA, text % {"credit": m.money(facts.credit_earned)})


def _conversion(m: _Month) -> None:
    convert = m.rule.convert
    if not m.row.converted or convert is None:
        return
    m.say(
        _EXTRA,
        _("Unused data converted into %(count)s %(benefit)s.")
        % {"count": _count(m.row.converted), "benefit": m.benefit},
    )


def _day_passes(m: _Month) -> None:
    row, facts = m.row, m.facts
    if not row.renewed:
        m.say(_ESSENTIAL, _("No service this month: no day passes bought."))
        return
    days = facts.days_bought or 0
    if not days:
        m.say(_ESSENTIAL, _("No day passes bought this month."))
        return
    values = {
        "count": _count(days),
        "gb": formats.size(facts.day_grant_mb),
        "lost": formats.size(row.forfeited_mb),
    }
    if facts.day_grant_mb is None:
        text = ngettext(
            "%(count)s day pass bought, unlimited data each day.",
            "%(count)s day passes bought, unlimited data each day.",
            days,
        )
    elif row.forfeited_mb:
        text = ngettext(
            "%(count)s day pass bought, %(gb)s a day; the %(lost)s you did not use on that "
            "day does not carry over.",
            "%(count)s day passes bought, %(gb)s a day; the %(lost)s you did not use on those "
            "days does not carry over.",
            days,
        )
    else:
        text = ngettext(
            "%(count)s day pass bought, %(gb)s a day.",
            "%(count)s day passes bought, %(gb)s a day.",
            days,
        )
    m.say(_ESSENTIAL, text % values)
