"""The monthly run (spec §5): periods of ``period_months`` calendar months, a bank of
rolled-over data carried between them.

One loop serves both callers. ``compare`` runs it with ``record=False``: it keeps one
tuple of integer flows per month and no record of a month. ``simulate`` runs it with
``record=True`` and also gets, per month, a ``MonthResult`` with the bank's tranches at
its end (``Bank.view``) and the groups of its ``MonthFacts`` (a ``MonthFacts`` on first
read: ``model.FactsOnRead``), taken from the same local variables at the end of the
month; and, for a plan that rolls data over, the outcome of the same run without a bank
(the other side of the rollover value, spec §7.1): the allowance alone serves each
month, in the same periods, with the same grants and charges; at each period end all of
its unused allowance is forfeited, and earns the plan's credit for unused data, taken off
the next period's charge (at most that charge) or lost if the next period lapses.

Why one long loop rather than a method per step: in CPython a function call costs about
as much as the whole month's arithmetic, and this loop runs for every month of every plan
that ``compare`` ranks. So the run's state lives in local variables and the loop reads
top to bottom in the spec's order: each month may start a period (lapse, or grant and
charge), serves its demand, and may end a period (expiry, rollover, forfeit, credit). Only
what is rare or self-contained is a call: the bank (``Bank``), the overage
(``OverageRule.split``) and the promotions (``PromotionSchedule``).
"""

from __future__ import annotations

from bisect import bisect_right

from .bank import Bank, expired_tranches
from .model import (
    LAPSED_TERMS,
    NO_CREDIT_ARRIVING,
    NO_OVERAGE,
    NOT_A_PERIOD_END,
    NOT_A_PERIOD_START,
    NOT_DAILY,
    TERMS_END,
    MonthResult,
    new_month,
)
from .money import AMOUNTS
from .months import month_text
from .prepared import PreparedPlan
from .results import Run
from .validation import Usage

__all__ = ["run_monthly"]


def run_monthly(plan: PreparedPlan, usage: Usage, record: bool) -> Run:
    """Run a monthly-billed plan over the usage; see the module docstring."""
    # ---- the plan's terms for this number of lines
    size = plan.period_months
    allowance = plan.allowance_mb
    unlimited = allowance is None
    extra_lines = max(0, usage.lines - plan.lines_included)
    line_charge = plan.extra_line_price * extra_lines
    base_grant = 0 if unlimited else allowance + plan.extra_line_allowance_mb * extra_lines  # type: ignore[operator]
    base_price = plan.price
    split = plan.overage.split
    after_cap = plan.overage.after_cap
    schedule = plan.promotions
    promo_starts = schedule.starts if schedule is not None else None
    promo_terms = schedule.terms if schedule is not None else None
    rolling = plan.rolling
    cap = plan.cap_mb
    bank_cap = plan.bank_cap_mb
    life = plan.life
    bank_first = plan.bank_first
    min_use = plan.min_use_mb
    forfeit_on_lapse = plan.forfeit_on_lapse
    convert_unit = plan.convert_unit_mb
    convert_rate = plan.convert_rate
    credit_per_unit = plan.credit
    amounts = AMOUNTS  # cents -> Decimal: a dict lookup, no call, for the 4 amounts a month
    # the start-of-period facts of a renewed period without promotions or credit
    ordinary = (0, 0, (), 0, 0, amounts[base_price], False, *NO_CREDIT_ARRIVING) if record else ()

    uses = usage.uses
    texts = usage.texts
    start = usage.start_index
    last_month = len(uses) - 1
    bank = Bank()
    untils = bank.untils  # read directly for the cheap "anything to expire?" test
    rows: list[tuple[int, ...]] = []
    months: list[MonthResult] = []
    pending = 0  # credit earned at the last period end, to take off the next period
    pending_from = 0  # the month (index) it was earned at
    pending_mb = 0  # the forfeited MB that earned it
    # the same run without a bank ("alone": the allowance alone serves the demand, and all
    # its unused data is forfeited, and may earn a credit), kept for simulate's rollover
    # value: recorded runs of rolling plans only
    valuing_rollover = record and rolling
    alone_left = alone_pending = 0  # its allowance left, its credit waiting for a period
    alone_unmet = alone_throttled = alone_over = alone_over_cost = alone_credit = 0
    # the period's state, set at its start
    terms = None
    lapsed = False
    grant = period_cost = credit = left = wiped = period_use = 0

    for i, use in enumerate(uses):
        starts = i % size == 0
        ends = starts if size == 1 else i % size == size - 1

        if starts:
            # ---- the period starts: it lapsed, or it is granted and charged
            if promo_starts is not None:
                pos = bisect_right(promo_starts, start + i) - 1
                terms = promo_terms[pos] if pos >= 0 else None  # type: ignore[index]
            lapsed = use is None
            wiped = kept = credit = credit_lost = period_use = 0
            if lapsed:
                left = grant = period_cost = 0
                if bank.total:
                    if forfeit_on_lapse:
                        wiped = bank.wipe()
                    else:
                        kept = bank.total
                credit_lost = pending  # no period to take it off
                alone_left = alone_pending = 0  # the run without a bank lapses too
            else:
                grant = base_grant
                price = base_price
                if terms is not None:
                    grant += terms.bonus_mb
                    if terms.price is not None:
                        price = terms.price
                left = grant
                period_cost = price + line_charge
                if pending:
                    credit = pending if pending < period_cost else period_cost
                    credit_lost = pending - credit
                if valuing_rollover:  # the same grant and charge without a bank
                    alone_left = grant
                    if alone_pending:
                        alone_credit += (
                            alone_pending if alone_pending < period_cost else period_cost
                        )
                        alone_pending = 0
            if record:
                if not lapsed and not pending:  # the common case, prepared once
                    start_facts = ordinary if terms is None else terms.start_facts
                else:
                    arriving = (
                        NO_CREDIT_ARRIVING
                        if not pending
                        else (
                            month_text(pending_from),
                            pending_mb,
                            amounts[credit_lost],
                            None if not credit_lost else "lapsed" if lapsed else "over_plan_cost",
                        )
                    )
                    if lapsed:
                        start_facts = (wiped, kept, *LAPSED_TERMS, *arriving)
                    else:
                        terms_facts = ordinary if terms is None else terms.start_facts
                        start_facts = (*terms_facts[:TERMS_END], *arriving)
            pending = 0

        # ---- the month's demand: from the sources in order, then the excess
        if record:
            opening = bank.total + (wiped if starts else 0)
        from_bank = from_allow = throttled = over = unmet = over_cost = units = beyond = 0
        if use is None:
            use = 0
        elif use:
            period_use += use
            need = use
            if unlimited:
                from_allow = need
                need = 0
            else:
                if not bank_first:
                    from_allow = need if need < left else left
                    left -= from_allow
                    need -= from_allow
                if need and bank.total:
                    from_bank = bank.draw(need)
                    need -= from_bank
                if bank_first and need:
                    from_allow = need if need < left else left
                    left -= from_allow
                    need -= from_allow
            if need:
                over, throttled, unmet, over_cost, units, beyond = split(need)
            if valuing_rollover:  # the same month without a bank: the allowance alone
                if use <= alone_left:
                    alone_left -= use
                else:
                    o, t, u, cost, _, _ = split(use - alone_left)
                    alone_over += o
                    alone_throttled += t
                    alone_unmet += u
                    alone_over_cost += cost
                    alone_left = 0
        expired = wiped if starts else 0
        rolled = forfeited = converted = 0

        if ends:
            # ---- the period ends, in the spec's order
            month = start + i
            # 1. rolled tranches whose life ends with this period expire
            aged = None
            if untils and untils[0] <= month:
                aged_mb, aged, aged_extras = bank.expire(month)
                expired += aged_mb
            # 2. how much of the unused allowance may roll over, and the limit that bound
            #    it (the last one that cut)
            eligible = earned = credit_units = 0
            limited_by = None
            room = None if bank_cap is None else bank_cap - bank.total
            if left:
                if not rolling:
                    limited_by = "mode_none"
                elif period_use < min_use:
                    limited_by = "min_use"
                else:
                    eligible = left
                    if cap is not None and eligible > cap:
                        eligible = cap
                        limited_by = "cap"
                    if room is not None and room < eligible:
                        eligible = room
                        limited_by = "bank_cap"
            # 3. it becomes a tranche; the rest is forfeited, converts and earns credit
            extra = 0  # the periods a promotion adds to the new tranche's life
            if eligible:
                until = None
                if life is not None:
                    if terms is not None:
                        extra = terms.extra_expiry_periods
                    until = month + (life + extra) * size
                bank.deposit(eligible, texts[i], until, extra)
                rolled = eligible
            forfeited = left - eligible
            if convert_unit and forfeited:
                credit_units = forfeited // convert_unit
                converted = credit_units * convert_rate
                earned = credit_units * credit_per_unit
                if earned and i < last_month:
                    pending = earned  # taken off the next period if it is renewed
                    pending_from = month
                    pending_mb = credit_units * convert_unit
            if valuing_rollover and credit_per_unit and alone_left and i < last_month:
                # all of it forfeited (a credit per unit implies a conversion unit)
                alone_pending = alone_left // convert_unit * credit_per_unit
            if record:
                end_facts = (
                    () if aged is None else expired_tranches(aged, aged_extras, life),  # type: ignore[arg-type]
                    None if unlimited else grant,
                    period_use,
                    left,
                    limited_by,
                    room,
                    extra,
                    amounts[earned],
                    credit_units * convert_unit if earned else 0,
                    bool(earned) and i == last_month,
                )

        # ---- the month's flows, and its record
        if starts:
            granted, plan_cost, month_credit = grant, period_cost, credit
        else:
            granted = plan_cost = month_credit = 0
        rows.append(
            (
                granted,
                use,
                from_bank,
                from_allow,
                throttled,
                over,
                unmet,
                expired,
                rolled,
                forfeited,
                converted,
                plan_cost,
                over_cost,
                month_credit,
            )
        )
        if not record:
            continue
        facts = (  # new_facts' arguments: MonthResult.facts builds them on first read
            i // size,
            starts,
            ends,
            NOT_DAILY,
            (units, beyond > 0, beyond, after_cap if beyond else None)
            if units or beyond
            else NO_OVERAGE,
            start_facts if starts else NOT_A_PERIOD_START,
            end_facts if ends else NOT_A_PERIOD_END,
        )
        months.append(
            new_month(
                texts[i],
                not lapsed,
                opening,
                None if unlimited else granted,
                use,
                from_bank,
                from_allow,
                throttled,
                over,
                unmet,
                expired,
                rolled,
                forfeited,
                converted,
                bank.total,
                amounts[plan_cost],
                amounts[over_cost],
                amounts[month_credit],
                amounts[plan_cost + over_cost - month_credit],
                bank.view(),
                facts,
            )
        )

    alone = (alone_unmet, alone_throttled, alone_over, alone_over_cost, alone_credit)
    return Run(rows, bank.total, months if record else None, alone if valuing_rollover else None)
