"""A second, independent reading of the rollover semantics, written for clarity, not speed.

It shares nothing with the engine but the input dataclasses: it was written from the
semantics (docs/semantics.md) without looking at the engine's code, month by month and
tranche by tranche, with plain dicts and ``Decimal`` arithmetic. ``test_reference.py``
checks that the engine gives the same figures on random plans and usage; when the two
disagree, one of them misreads the semantics.

It assumes valid input (the engine's validation is tested elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from math import ceil, floor

from simulator.engine import Plan

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def month_text(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_index(text: str) -> int:
    year, month = text.split("-")
    return int(year) * 12 + int(month) - 1


def days_in(index: int) -> int:
    year, month = index // 12, index % 12 + 1
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


@dataclass
class Tranche:
    mb: int
    from_index: int  # last month of the period it was left over from
    until_index: int | None  # last month it can be used; None: never expires


def order_of_use(bank: list[Tranche]) -> list[Tranche]:
    """Soonest-expiring first, oldest first on ties, never-expiring last."""
    never = 10**9
    return sorted(
        bank,
        key=lambda t: (never if t.until_index is None else t.until_index, t.from_index),
    )


def overage_charge(plan: Plan, excess: int) -> tuple[int, int, int, Decimal]:
    """One charging unit's excess → (throttled, overage_mb, unmet, cost), spend cap included."""
    over = plan.overage
    if excess == 0:
        return 0, 0, 0, ZERO
    if over.policy == "block":
        return 0, 0, excess, ZERO
    if over.policy == "throttle":
        return excess, 0, 0, ZERO
    unit, price = over.unit_mb, Decimal(over.unit_price)
    if over.spend_cap is None:
        return 0, excess, 0, price * ceil(excess / unit)
    cap = Decimal(over.spend_cap)
    after = over.after_cap or "serve"
    if after == "serve":
        return 0, excess, 0, min(price * ceil(excess / unit), cap)
    paid_mb = excess if price == 0 else min(excess, floor(cap / price) * unit)
    cost = price * ceil(paid_mb / unit)
    rest = excess - paid_mb
    if after == "throttle":
        return rest, paid_mb, 0, cost
    return 0, paid_mb, rest, cost


def cost_per_gb(cost: Decimal, served: int) -> Decimal | None:
    if served == 0:
        return None
    return (cost * 1024 / served).quantize(CENT, rounding=ROUND_HALF_UP)


def simulate(plan: Plan, usage: list[int | None], start: str, days_used=None, lines: int = 1):
    if plan.billing == "daily":
        months = _daily(plan, usage, start, days_used, lines)
        final_bank = 0
    else:
        months, final_bank = _monthly(plan, usage, start, lines)
    totals = _totals(plan, months, final_bank)
    return months, totals


def _monthly(plan: Plan, usage, start, lines):
    size = plan.period_months
    first_index = month_index(start)
    unlimited = plan.allowance_mb is None
    extra_lines = max(0, lines - plan.lines.included)
    rule = plan.rollover
    rows: list[dict] = []
    bank: list[Tranche] = []
    credit_due = ZERO  # earned at the end of the previous period, for the next one

    for k in range(len(usage) // size):
        months = list(range(k * size, (k + 1) * size))
        period_first = first_index + months[0]
        period_last = first_index + months[-1]
        lapsed = all(usage[i] is None for i in months)

        # promotions covering this period (its first month in [from, to])
        active = [
            p
            for p in plan.promotions
            if month_index(p.from_month) <= period_first <= month_index(p.to_month)
        ]
        bonus = sum(p.bonus_mb for p in active)
        extra_life = sum(p.extra_expiry_periods for p in active)
        promo_prices = [Decimal(p.price) for p in active if p.price is not None]
        price = min(promo_prices) if promo_prices else Decimal(plan.price)

        wiped = 0
        if lapsed:
            left = 0
            granted = 0
            plan_cost = ZERO
            credit = ZERO  # a credit earned before a lapsed period is lost
            if rule.forfeit_on_lapse:
                wiped = sum(t.mb for t in bank)
                bank = []
        else:
            granted = (
                0
                if unlimited
                else (plan.allowance_mb + plan.lines.extra_line_allowance_mb * extra_lines + bonus)
            )
            left = granted
            plan_cost = price + Decimal(plan.lines.extra_line_price) * extra_lines
            credit = min(credit_due, plan_cost)
        credit_due = ZERO

        period_use = 0
        for i in months:
            month = first_index + i
            # a bank wiped by a lapse still opened the month (it is reported as expired)
            opening = sum(t.mb for t in bank) + (wiped if i == months[0] else 0)
            use = usage[i] or 0
            period_use += use
            from_bank = from_allowance = 0
            need = use
            if unlimited:
                from_allowance, need = need, 0
            else:

                def take_allowance():
                    nonlocal left, need, from_allowance
                    got = min(left, need)
                    left -= got
                    need -= got
                    from_allowance += got

                def take_bank():
                    nonlocal bank, need, from_bank
                    for t in order_of_use(bank):
                        got = min(t.mb, need)
                        t.mb -= got
                        need -= got
                        from_bank += got
                    bank = [t for t in bank if t.mb > 0]

                if rule.order == "rollover_first":
                    take_bank()
                    take_allowance()
                else:
                    take_allowance()
                    take_bank()
            throttled, over_mb, unmet, over_cost = overage_charge(plan, need)

            expired = wiped if i == months[0] else 0
            rolled = forfeited = converted = 0
            if i == months[-1]:
                # 1. rolled data whose life ends with this period expires
                dead = [t for t in bank if t.until_index is not None and t.until_index <= month]
                expired += sum(t.mb for t in dead)
                bank = [t for t in bank if t not in dead]
                # 2. what is left of the allowance rolls over, up to the caps
                unused = left
                if rule.mode == "none":
                    eligible = 0
                elif rule.mode == "full":
                    eligible = unused
                else:
                    eligible = min(unused, rule.cap_mb)
                if rule.min_use_mb is not None and period_use < rule.min_use_mb:
                    eligible = 0
                if rule.bank_cap_mb is not None:
                    room = max(0, rule.bank_cap_mb - sum(t.mb for t in bank))
                    eligible = min(eligible, room)
                # 3. a new tranche; the rest is forfeited (and converts)
                if eligible:
                    life = rule.expires_after_periods
                    until = None if life is None else period_last + (life + extra_life) * size
                    bank.append(Tranche(eligible, period_last, until))
                rolled = eligible
                forfeited = unused - eligible
                convert = rule.convert
                if convert is not None:
                    units = forfeited // convert.unit_mb
                    converted = units * convert.rate
                    if convert.credit is not None:
                        credit_due = Decimal(convert.credit) * units
            month_plan_cost = plan_cost if i == months[0] else ZERO
            month_credit = credit if i == months[0] else ZERO
            rows.append(
                {
                    "month": month_text(month),
                    "renewed": not lapsed,
                    "opening_bank_mb": opening,
                    "granted_mb": None if unlimited else (granted if i == months[0] else 0),
                    "demand_mb": use,
                    "from_bank_mb": from_bank,
                    "from_allowance_mb": from_allowance,
                    "throttled_mb": throttled,
                    "overage_mb": over_mb,
                    "unmet_mb": unmet,
                    "expired_mb": expired,
                    "rolled_over_mb": rolled,
                    "forfeited_mb": forfeited,
                    "converted": converted,
                    "closing_bank_mb": sum(t.mb for t in bank),
                    "plan_cost": month_plan_cost,
                    "overage_cost": over_cost,
                    "credit": month_credit,
                    "cost": month_plan_cost + over_cost - month_credit,
                    "bank": [
                        {
                            "mb": t.mb,
                            "from_month": month_text(t.from_index),
                            "usable_until": None
                            if t.until_index is None
                            else month_text(t.until_index),
                        }
                        for t in order_of_use(bank)
                    ],
                }
            )
    return rows, sum(t.mb for t in bank)


def _daily(plan: Plan, usage, start, days_used, lines):
    first_index = month_index(start)
    unlimited = plan.allowance_mb is None
    extra_lines = max(0, lines - plan.lines.included)
    day_price = Decimal(plan.price) + Decimal(plan.lines.extra_line_price) * extra_lines
    day_grant = (
        None
        if unlimited
        else (plan.allowance_mb + plan.lines.extra_line_allowance_mb * extra_lines)
    )
    rows = []
    for i, use in enumerate(usage):
        month = first_index + i
        given = days_used[i] if days_used is not None else None
        # blank: every day of the month when there is use, none when there is not
        days = (days_in(month) if use else 0) if given is None else given
        totals = {"throttled": 0, "over": 0, "unmet": 0, "from_allowance": 0, "forfeited": 0}
        over_cost = ZERO
        if use is not None and days:
            q, r = divmod(use, days)
            per_day = [q + 1] * r + [q] * (days - r)
            for day_use in per_day:
                if unlimited:
                    totals["from_allowance"] += day_use
                    continue
                got = min(day_use, day_grant)
                totals["from_allowance"] += got
                totals["forfeited"] += day_grant - got
                throttled, over_mb, unmet, cost = overage_charge(plan, day_use - got)
                totals["throttled"] += throttled
                totals["over"] += over_mb
                totals["unmet"] += unmet
                over_cost += cost
            plan_cost = day_price * days
            granted = None if unlimited else day_grant * days
        else:
            plan_cost = ZERO
            granted = None if unlimited else 0
        rows.append(
            {
                "month": month_text(month),
                "renewed": use is not None,
                "opening_bank_mb": 0,
                "granted_mb": granted,
                "demand_mb": use or 0,
                "from_bank_mb": 0,
                "from_allowance_mb": totals["from_allowance"],
                "throttled_mb": totals["throttled"],
                "overage_mb": totals["over"],
                "unmet_mb": totals["unmet"],
                "expired_mb": 0,
                "rolled_over_mb": 0,
                "forfeited_mb": totals["forfeited"],
                "converted": 0,
                "closing_bank_mb": 0,
                "plan_cost": plan_cost,
                "overage_cost": over_cost,
                "credit": ZERO,
                "cost": plan_cost + over_cost,
                "bank": [],
            }
        )
    return rows


SUMMED = (
    "granted_mb", "demand_mb", "from_bank_mb", "from_allowance_mb", "throttled_mb",
    "overage_mb", "unmet_mb", "expired_mb", "rolled_over_mb", "forfeited_mb", "converted",
    "plan_cost", "overage_cost", "credit", "cost",
)  # fmt: skip


def _totals(plan: Plan, rows: list[dict], final_bank: int) -> dict:
    totals = {"currency": plan.currency}
    for name in SUMMED:
        if name == "granted_mb" and plan.allowance_mb is None:
            totals[name] = None
            continue
        start = ZERO if name in ("plan_cost", "overage_cost", "credit", "cost") else 0
        totals[name] = sum((row[name] for row in rows), start)
    totals["served_mb"] = totals["demand_mb"] - totals["unmet_mb"]
    totals["wasted_mb"] = totals["expired_mb"] + totals["forfeited_mb"]
    totals["final_bank_mb"] = final_bank
    totals["cost_per_gb"] = cost_per_gb(totals["cost"], totals["served_mb"])
    return totals


def without_rollover(plan: Plan) -> Plan:
    """The same plan with its rollover switched off (conversion and promotions kept)."""
    from dataclasses import replace

    return replace(plan, rollover=replace(
        plan.rollover, mode="none", cap_mb=None, bank_cap_mb=None, expires_after_periods=None,
        min_use_mb=None, forfeit_on_lapse=False,
    ))  # fmt: skip


def rollover_gain(plan: Plan, usage, start, days_used=None, lines: int = 1) -> dict | None:
    if plan.rollover.mode == "none":
        return None
    _, with_it = simulate(plan, usage, start, days_used, lines)
    _, without = simulate(without_rollover(plan), usage, start, days_used, lines)
    return {
        "served_mb": with_it["served_mb"] - without["served_mb"],
        "unmet_mb_avoided": without["unmet_mb"] - with_it["unmet_mb"],
        "throttled_mb_avoided": without["throttled_mb"] - with_it["throttled_mb"],
        "overage_cost_saved": without["overage_cost"] - with_it["overage_cost"],
        "cost_saved": without["cost"] - with_it["cost"],
    }


def fit(totals: dict) -> str:
    if totals["unmet_mb"] > 0:
        return "short"
    return "slowed" if totals["throttled_mb"] > 0 else "full"
