"""A plan checked once and compiled for the runs: ``prepare(plan) -> PreparedPlan``.

``simulate`` and ``compare`` accept a ``Plan`` (checked on every call) or a
``PreparedPlan`` (checked once, when prepared). A catalog that serves many requests keeps
its plans prepared, so ``compare`` neither re-validates nor re-compiles them.

Compiling means: money in integer cents, the rollover rule as plain ints and flags, the
overage policy as an ``OverageRule`` that splits an excess in one call, and the
promotions as a ``PromotionSchedule`` that answers "which terms apply to a period
starting in month m" with one binary search.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Plan, Promotion, fast_constructor
from .money import ZERO, cents_of, money
from .months import month_index
from .validation import InvalidInput, plan_errors

__all__ = ["OverageRule", "PreparedPlan", "PromotionSchedule", "PromotionTerms", "prepare"]


class OverageRule:
    """The overage policy, compiled: ``split(excess)`` says what happens to demand above
    the data available in one charging unit (a calendar month, or one day of a pass)."""

    __slots__ = ("after_cap", "cap_units", "policy", "spend_cap", "unit_mb", "unit_price")

    def __init__(
        self,
        policy: str,
        unit_mb: int = 1,
        unit_price: int = 0,
        spend_cap: int | None = None,
        after_cap: str = "serve",
    ) -> None:
        self.policy = policy
        self.unit_mb = unit_mb
        self.unit_price = unit_price  # cents
        self.spend_cap = spend_cap  # cents; None: no cap
        self.after_cap = after_cap
        # the whole units the cap pays for (only read once a cap acted, so unit_price > 0)
        self.cap_units = spend_cap // unit_price if spend_cap is not None and unit_price else 0

    def split(self, excess: int) -> tuple[int, int, int, int, int, int]:
        """``excess`` MB (> 0) as ``(overage_mb, throttled_mb, unmet_mb, cost_cents,
        units, beyond_cap_mb)``.

        ``units`` is what the overage came to in whole units; ``beyond_cap_mb`` > 0 exactly
        when a spend cap acted: the excess beyond the whole units the cap pays for. With
        ``serve`` that excess is still served (and the charge is the cap); with
        ``throttle`` / ``block`` it is throttled / unmet and the charge is the units the
        cap pays for.
        """
        policy = self.policy
        if policy == "block":
            return 0, 0, excess, 0, 0, 0
        if policy == "throttle":
            return 0, excess, 0, 0, 0, 0
        units = -(-excess // self.unit_mb)
        cost = units * self.unit_price
        cap = self.spend_cap
        if cap is None or cost <= cap:
            return excess, 0, 0, cost, units, 0
        paid_units = self.cap_units
        paid_mb = paid_units * self.unit_mb
        beyond = excess - paid_mb
        after = self.after_cap
        if after == "serve":
            return excess, 0, 0, cap, units, beyond
        if after == "throttle":
            return paid_mb, beyond, 0, paid_units * self.unit_price, paid_units, beyond
        return paid_mb, 0, beyond, paid_units * self.unit_price, paid_units, beyond


class PromotionTerms:
    """What the promotions give a period that starts in a month they cover: the bonus
    and extra expiry periods (summed), the lowest promotional price (cents; None when
    none sets one) and the promotions themselves. ``start_facts`` are the ``MonthFacts``
    fields known at the start of such a period (``wiped_mb`` .. ``credit_lost_reason``)
    when it is renewed and no credit arrives: the common case, prepared once."""

    __slots__ = ("bonus_mb", "extra_expiry_periods", "price", "promotions", "start_facts")

    def __init__(self, active: tuple[Promotion, ...], base_price: int) -> None:
        bonus = extra = 0
        lowest = None
        for promotion in active:
            bonus += promotion.bonus_mb
            extra += promotion.extra_expiry_periods
            if promotion.price is not None and (lowest is None or promotion.price < lowest):
                lowest = promotion.price
        self.bonus_mb = bonus
        self.extra_expiry_periods = extra
        self.price = None if lowest is None else cents_of(lowest)
        self.promotions = active
        period_price = base_price if self.price is None else self.price
        self.start_facts = (
            0,  # wiped_mb
            0,  # kept_through_lapse_mb
            active,
            self.bonus_mb,
            self.extra_expiry_periods,
            money(period_price),
            self.price is not None,
            None,  # credit_from_month
            0,  # credit_from_mb
            ZERO,  # credit_lost
            None,  # credit_lost_reason
        )


class PromotionSchedule:
    """The promotions as segments of months with the same terms.

    Every ``from`` month and every month after a ``to`` starts a segment; the terms of
    a month are those of the last segment that starts at or before it (a binary search
    over ``starts`` in the run's loop), so a run pays one ``bisect`` per period however
    many promotions overlap.
    """

    __slots__ = ("starts", "terms")

    def __init__(self, promotions: tuple[Promotion, ...], base_price: int) -> None:
        # loops rather than comprehensions: a comprehension is a function call in 3.11, and
        # compare compiles every plan given as a Plan
        spans = []
        bounds: set[int] = set()
        for promotion in promotions:
            # valid months (the plan is checked)
            first: int = month_index(promotion.from_month)  # type: ignore[assignment]
            last: int = month_index(promotion.to_month)  # type: ignore[assignment]
            spans.append((first, last, promotion))
            bounds.add(first)
            bounds.add(last + 1)
        starts = sorted(bounds)
        terms: list[PromotionTerms | None] = []
        for month in starts:
            active = []
            for first, last, promotion in spans:
                if first <= month <= last:
                    active.append(promotion)
            terms.append(PromotionTerms(tuple(active), base_price) if active else None)
        self.starts = starts
        self.terms = terms


@dataclass(frozen=True, slots=True, eq=False)
class PreparedPlan:
    """A valid plan, compiled. Build it with ``prepare(plan)``; ``plan`` is the plan it
    was prepared from. Money is in cents; a rule that does not apply is 0 or None."""

    plan: Plan
    daily: bool
    period_months: int
    allowance_mb: int | None  # None: unlimited
    price: int  # per period (per day for daily passes)
    lines_included: int
    lines_max: int
    extra_line_price: int
    extra_line_allowance_mb: int
    overage: OverageRule
    rolling: bool  # mode full or capped
    cap_mb: int | None  # capped mode only
    bank_cap_mb: int | None
    life: int | None  # expires_after_periods
    bank_first: bool  # order rollover_first
    min_use_mb: int
    forfeit_on_lapse: bool
    convert_unit_mb: int  # 0: no conversion
    convert_rate: int
    credit: int  # per unit of forfeited data, 0: none
    promotions: PromotionSchedule | None


_new_prepared = fast_constructor(PreparedPlan)


def prepare(plan: Plan | PreparedPlan) -> PreparedPlan:
    """Check ``plan`` and compile it; raises InvalidInput naming every problem. A
    ``PreparedPlan`` is returned as it is."""
    if isinstance(plan, PreparedPlan):
        return plan
    errors = plan_errors(plan)
    if errors:
        raise InvalidInput(errors)
    return compile_plan(plan)


def compile_plan(plan: Plan) -> PreparedPlan:
    """A plan already known to be valid, compiled."""
    overage = plan.overage
    if overage.policy == "pay_per_unit":
        rule = OverageRule(
            "pay_per_unit",
            overage.unit_mb,  # type: ignore[arg-type]
            cents_of(overage.unit_price),  # type: ignore[arg-type]
            None if overage.spend_cap is None else cents_of(overage.spend_cap),
            overage.after_cap or "serve",
        )
    else:
        rule = OverageRule(overage.policy)
    rollover = plan.rollover
    rolling = rollover.mode != "none"
    convert = rollover.convert
    lines = plan.lines
    return _new_prepared(
        plan,
        plan.billing == "daily",  # daily
        plan.period_months,
        plan.allowance_mb,
        cents_of(plan.price),
        lines.included,
        lines.max,
        cents_of(lines.extra_line_price),
        lines.extra_line_allowance_mb,
        rule,
        rolling,
        rollover.cap_mb if rollover.mode == "capped" else None,
        rollover.bank_cap_mb if rolling else None,
        rollover.expires_after_periods if rolling else None,  # life
        rollover.order == "rollover_first",  # bank_first
        (rollover.min_use_mb or 0) if rolling else 0,
        rolling and rollover.forfeit_on_lapse,
        convert.unit_mb if convert else 0,
        convert.rate if convert else 0,
        cents_of(convert.credit) if convert and convert.credit is not None else 0,
        PromotionSchedule(plan.promotions, cents_of(plan.price)) if plan.promotions else None,
    )
