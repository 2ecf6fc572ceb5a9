"""Plain-language explanations of a simulation: what happened each month, and why.

Public API::

    explain_month(sim, index) -> list[str]   # the sentences under month ``index``
    explain_rule(plan) -> str                 # the whole rollover rule in a few words

``sim`` is the JSON API's dict (``serializers.simulation_dict``) and ``plan`` the plan in
the API's ``custom_plan`` shape. Nothing here recomputes the engine: every sentence states
numbers of the row (and of the previous row's bank ledger), and its reason comes from the
plan's rule. Each sentence is one ``gettext``/``ngettext`` message with named placeholders,
so a translation can reorder it freely; amounts are formatted with the active locale's
number and month formats.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from .engine import Month

__all__ = ["MAX_SENTENCES", "explain_month", "explain_rule", "format_gb", "format_month"]

MAX_SENTENCES = 4  # the most sentences shown under one month

_MB_PER_GB = 1024
_TENTH = Decimal("0.1")

# Priorities: when a month has more to say than MAX_SENTENCES, the lowest numbers win;
# the sentences kept are still shown in their natural order.
_ESSENTIAL = 0  # lapse, day passes
_WASTE = 1  # expiry, bank wiped, forfeits, what rolled over
_EXCESS = 2  # slowed, charged or blocked data; a new pack
_DETAIL = 3  # where the data came from, promotion bonus, end of a pack
_EXTRA = 4  # conversion, promotional price, bank kept through a lapse


# --------------------------------------------------------------------------- formats


def format_gb(mb: int) -> str:
    """MB as GB with at most 1 decimal, trailing zero dropped: "2 GB", "2.5 GB", "0.1 GB";
    amounts under 0.1 GB as MB: "50 MB"."""
    return _format_gb(get_language(), mb)


@lru_cache(maxsize=8192)
def _format_gb(language: str | None, mb: int) -> str:
    # Cached per language: a results page formats hundreds of amounts, most of them alike.
    if 0 < mb * 10 < _MB_PER_GB:
        return _("%(amount)s MB") % {"amount": number_format(mb)}
    tenths = (Decimal(mb) / _MB_PER_GB).quantize(_TENTH, rounding=ROUND_HALF_UP)
    amount = tenths.to_integral_value() if tenths == tenths.to_integral_value() else tenths
    return _("%(amount)s GB") % {"amount": number_format(amount)}


def format_month(text: str) -> str:
    """``"2026-03"`` -> "March 2026" (English), "2026年3月" (Chinese)."""
    return _format_month(get_language(), text)


@lru_cache(maxsize=2048)
def _format_month(language: str | None, text: str) -> str:
    year, month = text.split("-")
    return date_format(date(int(year), int(month), 1), "YEAR_MONTH_FORMAT")


def format_money(amount: str | Decimal, currency: str) -> str:
    """``"30.00", "USD"`` -> "30.00 USD"."""
    return _("%(amount)s %(currency)s") % {
        "amount": number_format(Decimal(amount), 2),
        "currency": currency,
    }


def _number(value: int) -> str:
    return number_format(value)


def _join(sentences: list[str]) -> str:
    # Translators: what separates two sentences (Chinese needs none after "。").
    return pgettext("sentence separator", " ").join(sentences)


# --------------------------------------------------------------------------- the rule


def _rule_of(plan: dict[str, Any]) -> dict[str, Any]:
    return plan.get("rollover") or {}


def _rolling(plan: dict[str, Any]) -> bool:
    return _rule_of(plan).get("mode", "none") != "none"


def explain_rule(plan: dict[str, Any]) -> str:
    """The plan's rollover rule in a few short sentences, for the plan page and form."""
    rule = _rule_of(plan)
    mode = rule.get("mode", "none")
    size = plan.get("period_months") or 1
    allowance = plan.get("allowance_mb")
    sentences: list[str] = []

    if plan.get("billing") == "daily":
        if allowance is None:
            sentences.append(_("A day pass gives unlimited data for one day."))
        else:
            sentences.append(
                _("A day pass gives %(gb)s for one day; unused daily data does not carry over.")
                % {"gb": format_gb(allowance)}
            )
        return _join(sentences)
    if allowance is None:
        return _("Unlimited data at full speed: there is nothing to roll over.")

    if mode == "none":
        if size == 1:
            sentences.append(
                _("Unused data does not roll over: it is lost at the end of each month.")
            )
        else:
            sentences.append(
                _("Unused data does not roll over: it is lost at the end of each pack.")
            )
    else:
        life = rule.get("expires_after_periods")
        cap = rule.get("cap_mb")
        values = {"cap": format_gb(cap or 0), "count": _number(life or 0)}
        if mode == "capped" and size == 1:
            if life is None:
                text = _("Unused data rolls over, up to %(cap)s a month, and does not expire.")
            else:
                text = ngettext(
                    "Unused data rolls over, up to %(cap)s a month, and lasts %(count)s month.",
                    "Unused data rolls over, up to %(cap)s a month, and lasts %(count)s months.",
                    life,
                )
        elif mode == "capped":
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
        sentences.append(text % values)
        if rule.get("bank_cap_mb") is not None:
            sentences.append(
                _("The bank holds at most %(gb)s.") % {"gb": format_gb(rule["bank_cap_mb"])}
            )
        if rule.get("order", "rollover_first") == "rollover_first":
            sentences.append(_("Rolled data is used before the new allowance."))
        else:
            sentences.append(_("The new allowance is used before rolled data."))
        min_use = rule.get("min_use_mb")
        if min_use:
            if min_use == 1 and size == 1:
                sentences.append(_("Nothing rolls from a month without use."))
            elif min_use == 1:
                sentences.append(_("Nothing rolls from a pack without use."))
            elif size == 1:
                sentences.append(
                    _("Nothing rolls from a month with less than %(gb)s use.")
                    % {"gb": format_gb(min_use)}
                )
            else:
                sentences.append(
                    _("Nothing rolls from a pack with less than %(gb)s use.")
                    % {"gb": format_gb(min_use)}
                )
        if rule.get("forfeit_on_lapse"):
            sentences.append(_("A lapse wipes the bank."))
    convert = rule.get("convert")
    if convert:
        sentences.append(
            _("Data that is lost converts into %(rate)s %(benefit)s per %(gb)s.")
            % {
                "rate": _number(convert["rate"]),
                "benefit": convert["benefit"],
                "gb": format_gb(convert["unit_mb"]),
            }
        )
    return _join(sentences)


# --------------------------------------------------------------------------- one month


class _Month:
    """The facts of one row that the sentences need, computed once."""

    def __init__(self, sim: dict[str, Any], index: int) -> None:
        months = sim["months"]
        if not 0 <= index < len(months):
            raise IndexError(f"month {index} is not in this simulation of {len(months)} months")
        self.plan = plan = sim["plan"]
        self.rule = _rule_of(plan)
        self.months = months
        self.index = index
        self.row = months[index]
        self.previous = months[index - 1] if index else None
        self.size = size = plan.get("period_months") or 1
        self.first = index - index % size  # the period's first month (rows start a period)
        self.last = self.first + size - 1
        self.currency = plan.get("currency") or sim.get("totals", {}).get("currency", "")
        self.lines = sim.get("lines") or 1
        self.unlimited = plan.get("allowance_mb") is None
        self.sentences: list[tuple[int, str]] = []
        # what expired with age at the end of this month (not a bank wiped by a lapse)
        self.aged = self.row["expired_mb"]
        if not self.row["renewed"] and self.starts_period and self.rule.get("forfeit_on_lapse"):
            self.aged -= self.row["opening_bank_mb"]

    @property
    def starts_period(self) -> bool:
        return self.index == self.first

    @property
    def ends_period(self) -> bool:
        return self.index == self.last

    @property
    def pack(self) -> bool:
        return self.size > 1

    def say(self, priority: int, text: str) -> None:
        self.sentences.append((priority, text))

    def result(self) -> list[str]:
        if len(self.sentences) <= MAX_SENTENCES:
            return [text for _priority, text in self.sentences]
        ranked = sorted(range(len(self.sentences)), key=lambda i: (self.sentences[i][0], i))
        keep = sorted(ranked[:MAX_SENTENCES])
        return [self.sentences[i][1] for i in keep]


def explain_month(sim: dict[str, Any], index: int) -> list[str]:
    """The sentences shown under month ``index`` (0-based) of the results table."""
    m = _Month(sim, index)
    if m.plan.get("billing") == "daily":
        _day_passes(m)
        _excess(m)
        return m.result()
    if not m.row["renewed"]:
        _lapse(m)
    else:
        if m.starts_period:
            _new_pack(m)
            _promotions(m)
        _sources(m)
        _excess(m)
    _expiry(m)
    if m.ends_period and m.row["renewed"]:
        _end_of_pack(m)
        _rollover(m)
    _conversion(m)
    return m.result()


def _lapse(m: _Month) -> None:
    m.say(_ESSENTIAL, _("Not renewed this month: no allowance, no charge."))
    row = m.row
    if not m.starts_period or not row["opening_bank_mb"]:
        return
    gb = {"gb": format_gb(row["opening_bank_mb"])}
    if m.rule.get("forfeit_on_lapse") and row["expired_mb"]:
        m.say(_WASTE, _("Your %(gb)s bank was lost because the plan lapsed.") % gb)
    elif m.rule.get("expires_after_periods") is None:
        m.say(_EXTRA, _("Your %(gb)s bank is kept while the plan is not renewed.") % gb)
    else:
        m.say(
            _EXTRA,
            _("Your %(gb)s bank is kept while the plan is not renewed, but it keeps ageing.") % gb,
        )


def _new_pack(m: _Month) -> None:
    if not m.pack:
        return
    granted = m.row["granted_mb"]
    values = {"count": _number(m.size), "gb": format_gb(granted or 0)}
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


def _active_promotions(m: _Month, period_first: str) -> list[dict[str, Any]]:
    return [
        p
        for p in m.plan.get("promotions") or ()
        if p.get("from", "") <= period_first <= p.get("to", "")
    ]


def _promotions(m: _Month) -> None:
    active = _active_promotions(m, m.row["month"])
    if not active:
        return
    granted = m.row["granted_mb"]
    givers = [p for p in active if p.get("bonus_mb")]
    bonus = sum(p["bonus_mb"] for p in givers)
    if bonus and granted is not None:
        gb = format_gb(bonus)
        if len(givers) > 1:
            text = ngettext(
                "%(count)s promotion added %(gb)s this month.",
                "%(count)s promotions added %(gb)s this month.",
                len(givers),
            ) % {"count": _number(len(givers)), "gb": gb}
        elif givers[0].get("name"):
            text = _("Promotion '%(name)s' added %(gb)s this month.") % {
                "name": givers[0]["name"],
                "gb": gb,
            }
        else:
            text = _("A promotion added %(gb)s this month.") % {"gb": gb}
        m.say(_DETAIL, text)
    prices = [Decimal(p["price"]) for p in active if p.get("price") is not None]
    if prices:
        m.say(
            _EXTRA,
            _("The promotional price of %(price)s applied.")
            % {"price": format_money(min(prices), m.currency)},
        )


def _sources(m: _Month) -> None:
    """Where this month's use came from, when rolled-over data was (or could be) used."""
    row = m.row
    if m.unlimited:
        return  # there is nothing to say
    from_bank = row["from_bank_mb"]
    from_allowance = row["from_allowance_mb"]
    first = m.rule.get("order", "rollover_first") == "rollover_first"
    values = {"bank": format_gb(from_bank), "allowance": format_gb(from_allowance)}
    if from_bank and from_allowance:
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
    elif from_bank:
        if first:
            text = _(
                "You used %(bank)s, all from rolled-over data: this plan uses it before the "
                "allowance."
            )
        elif m.pack:
            text = _("You used %(bank)s from rolled-over data: the pack's allowance was used up.")
        else:
            text = _("You used %(bank)s from rolled-over data: this month's allowance was used up.")
    elif from_allowance and not first and m.aged > 0:  # the bank aged while unused
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


def _excess(m: _Month) -> None:
    row = m.row
    if row["throttled_mb"]:
        m.say(
            _EXCESS,
            _("%(gb)s beyond your data was slowed down (free).")
            % {"gb": format_gb(row["throttled_mb"])},
        )
    if row["overage_mb"]:
        overage = m.plan.get("overage") or {}
        unit_mb = overage.get("unit_mb") or 1
        unit_price = Decimal(overage.get("unit_price") or 0)
        cost = Decimal(row["overage_cost"])
        # from the cost when possible: daily passes charge each day's excess apart
        units = int(cost / unit_price) if unit_price else -(-row["overage_mb"] // unit_mb)
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
                "gb": format_gb(row["overage_mb"]),
                "count": _number(units),
                "unit": format_gb(unit_mb),
                "cost": format_money(cost, m.currency),
            },
        )
    if row["unmet_mb"]:
        m.say(
            _EXCESS,
            _(
                "%(gb)s beyond your data could not be served: this plan blocks data when it "
                "runs out."
            )
            % {"gb": format_gb(row["unmet_mb"])},
        )


def _expired_tranches(m: _Month) -> list[dict[str, Any]] | None:
    """The tranches that expired at the end of this month, from the previous month's
    ledger less what this month used (soonest-expiring first, as the engine uses them).
    None when the ledger does not account for the whole ``expired_mb``."""
    if m.previous is None:
        return None
    month = m.row["month"]
    to_use = m.row["from_bank_mb"]
    expired: list[dict[str, Any]] = []
    for tranche in m.previous["bank"]:
        left = tranche["mb"]
        used = min(left, to_use)
        to_use -= used
        left -= used
        until = tranche["usable_until"]
        if left and until is not None and until <= month:
            expired.append({**tranche, "mb": left})
    return expired


def _expiry(m: _Month) -> None:
    aged = m.aged  # a bank wiped by a lapse is told by _lapse
    if aged <= 0:
        return
    tranches = _expired_tranches(m)
    if not tranches or sum(t["mb"] for t in tranches) != aged:
        m.say(_WASTE, _("%(gb)s of rolled-over data expired.") % {"gb": format_gb(aged)})
        return
    if len(tranches) > 1:
        m.say(
            _WASTE,
            _(
                "%(gb)s of rolled-over data expired: the data rolled over from %(first)s to "
                "%(last)s reached the end of its life on this plan."
            )
            % {
                "gb": format_gb(aged),
                "first": format_month(min(t["from_month"] for t in tranches)),
                "last": format_month(max(t["from_month"] for t in tranches)),
            },
        )
        return
    tranche = tranches[0]
    base = m.rule.get("expires_after_periods") or 0
    lived = Month.parse(tranche["usable_until"]) - Month.parse(tranche["from_month"])
    periods = lived // m.size
    extra = periods - base
    values = {
        "gb": format_gb(aged),
        "month": format_month(tranche["from_month"]),
        "count": _number(periods),
        "base": _number(base),
        "extra": _number(extra),
    }
    if extra <= 0 and not m.pack:
        text = ngettext(
            "%(gb)s rolled over from %(month)s expired: rolled data lasts %(count)s month on "
            "this plan.",
            "%(gb)s rolled over from %(month)s expired: rolled data lasts %(count)s months on "
            "this plan.",
            periods,
        )
    elif extra <= 0:
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
            "%(gb)s rolled over from %(month)s expired: it lasted %(count)s months, the plan's "
            "%(base)s plus %(extra)s from a promotion.",
            periods,
        )
    else:
        text = ngettext(
            "%(gb)s rolled over from %(month)s expired: it lasted for %(count)s more pack, the "
            "plan's %(base)s plus %(extra)s from a promotion.",
            "%(gb)s rolled over from %(month)s expired: it lasted for %(count)s more packs, the "
            "plan's %(base)s plus %(extra)s from a promotion.",
            periods,
        )
    m.say(_WASTE, text % values)


def _period_rows(m: _Month) -> list[dict[str, Any]]:
    return m.months[m.first : m.last + 1]


def _end_of_pack(m: _Month) -> None:
    if not m.pack:
        return
    granted = m.months[m.first]["granted_mb"]
    if granted is None:
        return
    used = sum(r["from_allowance_mb"] for r in _period_rows(m))
    if used >= granted:
        text = _("End of the pack: you used all of its %(granted)s.")
    else:
        text = _("End of the pack: you used %(used)s of its %(granted)s.")
    m.say(_DETAIL, text % {"used": format_gb(used), "granted": format_gb(granted)})


def _rollover(m: _Month) -> None:
    """Step 2-3 of the period end: what rolled over, what was forfeited, and why."""
    row = m.row
    rolled = row["rolled_over_mb"]
    forfeited = row["forfeited_mb"]
    unused = rolled + forfeited
    if not unused:
        return
    rule = m.rule
    mode = rule.get("mode", "none")
    if mode == "none":
        m.say(
            _WASTE,
            _("This plan does not roll data over: the %(gb)s you did not use was lost.")
            % {"gb": format_gb(forfeited)},
        )
        return
    min_use = rule.get("min_use_mb") or 0
    period_use = sum(r["demand_mb"] for r in _period_rows(m))
    if not rolled and period_use < min_use:
        if period_use == 0 and m.pack:
            text = _("Nothing rolled over: this plan does not roll data from a pack without use.")
        elif period_use == 0:
            text = _("Nothing rolled over: this plan does not roll data from a month without use.")
        else:
            text = _("Nothing rolled over: you used less than the %(gb)s this plan requires.")
        m.say(_WASTE, text % {"gb": format_gb(min_use)})
        return
    cap = rule.get("cap_mb") if mode == "capped" else None
    after_cap = unused if cap is None else min(unused, cap)
    bank_cap = rule.get("bank_cap_mb")
    values = {
        "gb": format_gb(rolled),
        "lost": format_gb(forfeited),
        "cap": format_gb(cap or 0),
        "bank_cap": format_gb(bank_cap or 0),
        "could": format_gb(after_cap - rolled),
    }
    if rolled == unused:
        m.say(_WASTE, _rolled_in_full(m, rolled))
    elif rolled < after_cap and bank_cap is not None:  # the bank cap stopped it
        if rolled:
            text = _(
                "%(gb)s of unused allowance rolled over, filling the bank to its %(bank_cap)s "
                "cap; %(lost)s was forfeited."
            )
        elif after_cap == unused:
            text = _(
                "The bank is full (%(bank_cap)s cap): %(could)s that could have rolled was "
                "forfeited."
            )
        else:
            text = _(
                "The bank is full (%(bank_cap)s cap): nothing rolled over and %(lost)s was "
                "forfeited."
            )
        m.say(_WASTE, text % values)
    else:  # the per-period cap stopped it
        if m.pack:
            text = _(
                "%(gb)s of unused allowance rolled over (the most this plan carries from one "
                "pack is %(cap)s); %(lost)s was forfeited."
            )
        else:
            text = _(
                "%(gb)s of unused allowance rolled over (the most this plan carries from one "
                "month is %(cap)s); %(lost)s was forfeited."
            )
        m.say(_WASTE, text % values)


def _rolled_in_full(m: _Month, rolled: int) -> str:
    """The sentence for a rollover with nothing forfeited, saying how long it lasts."""
    month = m.row["month"]
    tranche = next((t for t in m.row["bank"] if t["from_month"] == month), None)
    if tranche is None or tranche["usable_until"] is None:
        return _("%(gb)s of unused allowance rolled over; it does not expire.") % {
            "gb": format_gb(rolled)
        }
    until = tranche["usable_until"]
    base = m.rule.get("expires_after_periods") or 0
    extra = Month.parse(until) - (Month.parse(month) + base * m.size)
    values = {"until": format_month(until), "count": _number(extra), "gb": format_gb(rolled)}
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


def _conversion(m: _Month) -> None:
    converted = m.row.get("converted")
    convert = m.rule.get("convert")
    if not converted or not convert:
        return
    m.say(
        _EXTRA,
        _("Unused data converted into %(count)s %(benefit)s.")
        % {"count": _number(converted), "benefit": convert["benefit"]},
    )


def _day_passes(m: _Month) -> None:
    row = m.row
    plan = m.plan
    if not row["renewed"]:
        m.say(_ESSENTIAL, _("No service this month: no day passes bought."))
        return
    lines = plan.get("lines") or {}
    extra_lines = max(0, m.lines - (lines.get("included") or 1))
    allowance = plan.get("allowance_mb")
    day_price = (
        Decimal(plan.get("price") or 0) + Decimal(lines.get("extra_line_price") or 0) * extra_lines
    )
    if allowance is None:
        day_grant = None
        days = int(Decimal(row["plan_cost"]) / day_price) if day_price else 0
    else:
        day_grant = allowance + (lines.get("extra_line_allowance_mb") or 0) * extra_lines
        if day_grant:
            days = row["granted_mb"] // day_grant
        else:
            days = int(Decimal(row["plan_cost"]) / day_price) if day_price else 0
    if not days:
        m.say(_ESSENTIAL, _("No day passes bought this month."))
        return
    values = {
        "count": _number(days),
        "gb": format_gb(day_grant or 0),
        "lost": format_gb(row["forfeited_mb"]),
    }
    if day_grant is None:
        text = ngettext(
            "%(count)s day pass bought, unlimited data each day.",
            "%(count)s day passes bought, unlimited data each day.",
            days,
        )
    elif row["forfeited_mb"]:
        text = ngettext(
            "%(count)s day pass bought, %(gb)s a day; the %(lost)s you did not use on that day "
            "does not carry over.",
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
