"""Plan and usage checks: every problem is a ``FieldError``; ``InvalidInput`` carries them
all at once.

``plan_errors`` checks a plan on its own, ``check_usage`` the usage on its own (once per
``compare``, however many plans), and ``usage_fit_errors`` what needs both (whole
periods, lines within the plan's maximum).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field  # FieldError has a field named "field"
from decimal import Decimal
from typing import Any

from .bounds import (
    AFTER_CAP,
    BILLINGS,
    FIRST_START,
    LAST_START,
    MAX_CONVERSION_RATE,
    MAX_DATA_MB,
    MAX_EXPIRY_PERIODS,
    MAX_LINES,
    MAX_MONTHS,
    MAX_PERIOD_MONTHS,
    MAX_PRICE,
    MODES,
    ORDERS,
    POLICIES,
)
from .model import Conversion, Lines, Overage, Plan, Promotion, Rollover
from .months import days_in, month_index, month_text

__all__ = [
    "FieldError",
    "InvalidInput",
    "Usage",
    "check_usage",
    "plan_errors",
    "read_usage",
    "usage_fit_errors",
    "validate_plan",
]

_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem: ``field`` is a dotted path in the API's shape (``rollover.cap_mb``,
    ``usage_mb[3]``), ``code`` a stable machine code, ``message`` a sentence for a
    person, ``params`` the numbers in the message (to translate it by code)."""

    field: str
    code: str
    message: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidInput(Exception):
    """The one error type of the engine; ``errors`` names every problem found."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        super().__init__(self.errors)

    def __str__(self) -> str:
        if len(self.errors) == 1:
            return str(self.errors[0])
        return "; ".join(str(error) for error in self.errors)

    @property
    def codes(self) -> dict[str, str]:
        """``{field: code}`` of the first problem of each field (handy in tests)."""
        codes: dict[str, str] = {}
        for error in self.errors:
            codes.setdefault(error.field, error.code)
        return codes


class Errors(list):
    """The problems found so far."""

    def add(self, field_: str, code: str, message: str, **params: Any) -> None:
        self.append(FieldError(field_, code, message, params))


# --------------------------------------------------------------------------- field checks


def _is_int(value: object) -> bool:
    return type(value) is int  # not bool, not float


def check_int(
    errors: Errors,
    field_: str,
    label: str,
    value: object,
    *,
    required: bool = True,
    minimum: int = 0,
    maximum: int = MAX_DATA_MB,
    unit: str = " MB",
) -> bool:
    """Record a problem with an integer field; True when the value is a usable int."""
    if type(value) is int and minimum <= value <= maximum:
        return True
    if value is None:
        if required:
            errors.add(field_, "required", f"{label} is required.")
        return False
    if not _is_int(value):
        errors.add(field_, "not_integer", f"{label} must be a whole number.", value=repr(value))
        return False
    if value < minimum:  # type: ignore[operator]
        if minimum == 0:
            errors.add(
                field_,
                "negative",
                f"{label} cannot be negative (it is {value}{unit}).",
                value=value,
            )
        else:
            errors.add(
                field_,
                "too_small",
                f"{label} must be at least {minimum}{unit} (it is {value}{unit}).",
                value=value,
                minimum=minimum,
            )
        return False
    errors.add(
        field_,
        "too_large",
        f"{label} can be at most {maximum:,}{unit} (it is {value:,}{unit}).",
        value=value,
        maximum=maximum,
    )
    return False


def check_money(
    errors: Errors, field_: str, label: str, value: object, *, required: bool = True
) -> bool:
    """Record a problem with an amount: a finite ``Decimal`` (or int), 0..MAX_PRICE, at
    most 2 decimal places. Floats are refused: money is never binary."""
    if value is None:
        if required:
            errors.add(field_, "required", f"{label} is required.")
        return False
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        errors.add(
            field_,
            "not_decimal",
            f"{label} must be an exact decimal amount such as 30.00.",
            value=repr(value),
        )
        return False
    amount = Decimal(value)
    if not amount.is_finite():
        errors.add(field_, "not_decimal", f"{label} must be a finite amount.", value=str(value))
        return False
    if amount < 0:
        errors.add(
            field_, "negative", f"{label} cannot be negative (it is {amount}).", value=str(amount)
        )
        return False
    if amount > MAX_PRICE:
        errors.add(
            field_,
            "too_large",
            f"{label} can be at most {MAX_PRICE} (it is {amount}).",
            value=str(amount),
            maximum=str(MAX_PRICE),
        )
        return False
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        errors.add(
            field_,
            "too_many_decimal_places",
            f"{label} can have at most 2 decimal places (it is {amount}).",
            value=str(amount),
        )
        return False
    return True


def check_choice(
    errors: Errors, field_: str, label: str, value: object, choices: tuple[str, ...]
) -> bool:
    if value not in choices:
        listed = ", ".join(choices)
        errors.add(
            field_,
            "invalid_choice",
            f"{label} must be one of {listed} (it is {value!r}).",
            value=repr(value),
            choices=list(choices),
        )
        return False
    return True


def check_text(errors: Errors, field_: str, label: str, value: object) -> bool:
    if type(value) is not str or not value.strip():
        errors.add(field_, "required", f"{label} is required.")
        return False
    return True


# --------------------------------------------------------------------------- the plan


def plan_errors(plan: object) -> Errors:
    """Every problem of ``plan`` on its own (an empty list when it is valid)."""
    errors = Errors()
    if not isinstance(plan, Plan):
        errors.add("plan", "invalid", "The plan is missing or is not a plan.")
        return errors
    check_text(errors, "name", "The plan's name", plan.name)
    if type(plan.currency) is not str or not _CURRENCY.fullmatch(plan.currency):
        errors.add(
            "currency",
            "invalid_currency",
            "The currency must be a 3-letter ISO 4217 code such as USD or EUR.",
            value=repr(plan.currency),
        )
    billing_ok = check_choice(errors, "billing", "The billing", plan.billing, BILLINGS)
    daily = billing_ok and plan.billing == "daily"
    check_money(errors, "price", "The price", plan.price)
    unlimited = plan.allowance_mb is None
    check_int(errors, "allowance_mb", "The data allowance", plan.allowance_mb, required=False)
    if (
        check_int(
            errors,
            "period_months",
            "The period",
            plan.period_months,
            minimum=1,
            maximum=MAX_PERIOD_MONTHS,
            unit=" months",
        )
        and daily
        and plan.period_months != 1
    ):
        errors.add(
            "period_months",
            "daily_period",
            "A daily pass is bought per day, so its period_months must be 1.",
            value=plan.period_months,
        )

    _lines_errors(errors, plan.lines)
    _overage_errors(errors, plan.overage)
    _rollover_errors(errors, plan.rollover, daily=daily, unlimited=unlimited)
    _promotion_errors(errors, plan.promotions, daily=daily, unlimited=unlimited)
    return errors


def validate_plan(plan: Plan) -> None:
    """Raise InvalidInput naming every problem of the plan; return None if it is valid."""
    errors = plan_errors(plan)
    if errors:
        raise InvalidInput(errors)


def _lines_errors(errors: Errors, lines: object) -> None:
    if not isinstance(lines, Lines):
        errors.add("lines", "invalid", "The plan's lines are missing.")
        return
    included_ok = check_int(
        errors,
        "lines.included",
        "The number of included lines",
        lines.included,
        minimum=1,
        maximum=MAX_LINES,
        unit="",
    )
    max_ok = check_int(
        errors,
        "lines.max",
        "The most lines the plan allows",
        lines.max,
        minimum=1,
        maximum=MAX_LINES,
        unit="",
    )
    if included_ok and max_ok and lines.max < lines.included:
        errors.add(
            "lines.max",
            "max_below_included",
            f"The most lines the plan allows ({lines.max}) cannot be fewer than the lines "
            f"it includes ({lines.included}).",
            max=lines.max,
            included=lines.included,
        )
    check_money(
        errors, "lines.extra_line_price", "The price of an extra line", lines.extra_line_price
    )
    check_int(
        errors,
        "lines.extra_line_allowance_mb",
        "The data of an extra line",
        lines.extra_line_allowance_mb,
    )


def _overage_errors(errors: Errors, overage: object) -> None:
    if not isinstance(overage, Overage):
        errors.add("overage", "invalid", "The overage policy is missing.")
        return
    if not check_choice(errors, "overage.policy", "The overage policy", overage.policy, POLICIES):
        return
    if overage.policy != "pay_per_unit":
        for name in ("unit_mb", "unit_price", "spend_cap", "after_cap"):
            if getattr(overage, name) is not None:
                errors.add(
                    f"overage.{name}",
                    "only_for_pay_per_unit",
                    f"overage.{name} only applies to pay_per_unit overage, not to "
                    f"{overage.policy}; leave it empty.",
                    policy=overage.policy,
                )
        return
    if overage.unit_mb is None:
        errors.add(
            "overage.unit_mb",
            "unit_required",
            "Pay-per-unit overage needs unit_mb: the size of one unit of extra data.",
        )
    else:
        check_int(errors, "overage.unit_mb", "The overage unit", overage.unit_mb, minimum=1)
    if overage.unit_price is None:
        errors.add(
            "overage.unit_price",
            "unit_required",
            "Pay-per-unit overage needs unit_price: the price of one unit of extra data.",
        )
    else:
        check_money(
            errors, "overage.unit_price", "The price of an overage unit", overage.unit_price
        )
    check_money(errors, "overage.spend_cap", "The spend cap", overage.spend_cap, required=False)
    if overage.after_cap is not None:
        check_choice(
            errors,
            "overage.after_cap",
            "What happens after the spend cap",
            overage.after_cap,
            AFTER_CAP,
        )


def _rollover_errors(errors: Errors, rollover: object, *, daily: bool, unlimited: bool) -> None:
    if not isinstance(rollover, Rollover):
        errors.add("rollover", "invalid", "The rollover rule is missing.")
        return
    mode_ok = check_choice(errors, "rollover.mode", "The rollover mode", rollover.mode, MODES)
    check_choice(errors, "rollover.order", "The order of use", rollover.order, ORDERS)
    if type(rollover.forfeit_on_lapse) is not bool:
        errors.add(
            "rollover.forfeit_on_lapse",
            "not_boolean",
            "forfeit_on_lapse must be true or false.",
            value=repr(rollover.forfeit_on_lapse),
        )
    rolling = mode_ok and rollover.mode != "none"
    if rolling and daily:
        errors.add(
            "rollover.mode",
            "rollover_on_daily",
            "A day pass never rolls over: a daily plan's rollover mode must be none.",
            mode=rollover.mode,
        )
    elif rolling and unlimited:
        errors.add(
            "rollover.mode",
            "rollover_on_unlimited",
            "An unlimited plan has no unused data to roll over: its rollover mode must be none.",
            mode=rollover.mode,
        )
    if mode_ok and rollover.mode == "capped":
        if rollover.cap_mb is None:
            errors.add(
                "rollover.cap_mb",
                "cap_required",
                "A capped rollover needs cap_mb: the most MB that can roll over from one period.",
            )
        else:
            check_int(errors, "rollover.cap_mb", "The rollover cap", rollover.cap_mb)
    elif mode_ok and rollover.cap_mb is not None:
        errors.add(
            "rollover.cap_mb",
            "cap_not_applicable",
            f"cap_mb only applies to the capped mode, not to {rollover.mode}; leave it empty.",
            mode=rollover.mode,
        )
    for name, label, maximum, unit in (
        ("bank_cap_mb", "The bank cap", MAX_DATA_MB, " MB"),
        ("expires_after_periods", "The expiry", MAX_EXPIRY_PERIODS, " periods"),
        ("min_use_mb", "The minimum use", MAX_DATA_MB, " MB"),
    ):
        value = getattr(rollover, name)
        if value is None:
            continue
        if mode_ok and rollover.mode == "none":
            errors.add(
                f"rollover.{name}",
                "needs_rollover",
                f"rollover.{name} only applies when data rolls over (mode full or capped); "
                "leave it empty.",
            )
            continue
        check_int(
            errors,
            f"rollover.{name}",
            label,
            value,
            minimum=1 if name == "expires_after_periods" else 0,
            maximum=maximum,
            unit=unit,
        )
    if rollover.convert is not None:
        _conversion_errors(errors, rollover.convert, daily=daily, unlimited=unlimited)


def _conversion_errors(errors: Errors, convert: object, *, daily: bool, unlimited: bool) -> None:
    """A conversion needs a unit and at least one effect: a rate with a benefit (both or
    neither), a credit, or both."""
    if not isinstance(convert, Conversion):
        errors.add("rollover.convert", "invalid", "The conversion is not valid.")
        return
    if daily:
        errors.add(
            "rollover.convert",
            "convert_on_daily",
            "A daily pass forfeits unused data every day; it cannot convert it.",
        )
    elif unlimited:
        errors.add(
            "rollover.convert",
            "convert_on_unlimited",
            "An unlimited plan forfeits no data, so there is nothing to convert.",
        )
    check_int(errors, "rollover.convert.unit_mb", "The conversion unit", convert.unit_mb, minimum=1)
    rate_ok = check_int(
        errors,
        "rollover.convert.rate",
        "The conversion rate",
        convert.rate,
        maximum=MAX_CONVERSION_RATE,
        unit="",
    )
    benefit = convert.benefit
    if benefit is not None and type(benefit) is not str:
        errors.add("rollover.convert.benefit", "not_text", "The converted benefit must be text.")
        return
    has_benefit = bool(benefit and benefit.strip())
    check_money(errors, "rollover.convert.credit", "The credit", convert.credit, required=False)
    if not rate_ok:
        return
    if convert.rate and not has_benefit:
        check_text(errors, "rollover.convert.benefit", "The converted benefit", benefit)
    elif has_benefit and not convert.rate:
        errors.add(
            "rollover.convert.rate",
            "benefit_without_rate",
            f"Converting into {benefit} needs a rate of at least 1 (units of it per unit of data).",
            benefit=benefit,
        )
    elif not convert.rate and convert.credit is None:
        errors.add(
            "rollover.convert.rate",
            "no_effect",
            "A conversion needs an effect: a rate with a benefit, a credit, or both.",
        )


def _promotion_errors(errors: Errors, promotions: object, *, daily: bool, unlimited: bool) -> None:
    if not isinstance(promotions, tuple | list):
        errors.add("promotions", "invalid", "The promotions must be a list.")
        return
    if daily and promotions:
        errors.add(
            "promotions",
            "promotions_on_daily",
            "Promotions apply to monthly billing only; a daily pass cannot have them.",
        )
    for i, promo in enumerate(promotions):
        at = f"promotions[{i}]"
        if not isinstance(promo, Promotion):
            errors.add(at, "invalid", "The promotion is not valid.")
            continue
        start = month_index(promo.from_month)
        end = month_index(promo.to_month)
        for name, key, index in (("from", "from_month", start), ("to", "to_month", end)):
            if index is None:
                errors.add(
                    f"{at}.{name}",
                    "invalid_month",
                    f"The promotion's {name} month must be a month in the form YYYY-MM.",
                    value=repr(getattr(promo, key)),
                )
        if start is not None and end is not None and end < start:
            errors.add(
                f"{at}.to",
                "ends_before_start",
                f"The promotion ends ({promo.to_month}) before it starts ({promo.from_month}).",
                from_month=promo.from_month,
                to_month=promo.to_month,
            )
        if check_int(errors, f"{at}.bonus_mb", "The promotion bonus", promo.bonus_mb) and (
            unlimited and promo.bonus_mb
        ):
            errors.add(
                f"{at}.bonus_mb",
                "bonus_on_unlimited",
                "A data bonus has no effect on an unlimited plan; leave it at 0.",
                value=promo.bonus_mb,
            )
        check_int(
            errors,
            f"{at}.extra_expiry_periods",
            "The promotion's extra expiry",
            promo.extra_expiry_periods,
            maximum=MAX_EXPIRY_PERIODS,
            unit=" periods",
        )
        check_money(errors, f"{at}.price", "The promotional price", promo.price, required=False)
        if type(promo.name) is not str:
            errors.add(f"{at}.name", "not_text", "The promotion's name must be text.")


# --------------------------------------------------------------------------- the usage


class Usage:
    """The usage, checked on its own (independent of any plan), with what every run
    needs computed once: the month texts and lengths."""

    __slots__ = ("days", "days_used", "lines", "start", "start_index", "texts", "uses")

    def __init__(
        self,
        start: str,
        start_index: int,
        uses: tuple[int | None, ...],
        days_used: tuple[int | None, ...] | None,
        lines: int,
    ) -> None:
        self.start = start
        self.start_index = start_index
        self.uses = uses
        self.days_used = days_used
        self.lines = lines
        self.texts, self.days = _calendar(start_index, len(uses))


_CALENDARS: dict[tuple[int, int], tuple[tuple[str, ...], tuple[int, ...]]] = {}


def _calendar(start_index: int, n: int) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The texts and lengths of ``n`` months from ``start_index`` (cached: most requests
    start in the current month)."""
    key = (start_index, n)
    calendar = _CALENDARS.get(key)
    if calendar is None:
        months = range(start_index, start_index + n)
        calendar = (tuple(map(month_text, months)), tuple(map(days_in, months)))
        if len(_CALENDARS) < 4096:
            _CALENDARS[key] = calendar
    return calendar


_FIRST_START = month_index(FIRST_START)
_LAST_START = month_index(LAST_START)


def _is_month_use(use: object) -> bool:
    return use is None or (type(use) is int and 0 <= use <= MAX_DATA_MB)


def check_usage(usage_mb: object, start: object, days_used: object, lines: object) -> Usage:
    """The usage as a ``Usage``; raises InvalidInput naming every problem of it."""
    errors, usage = read_usage(usage_mb, start, days_used, lines)
    if usage is None:
        raise InvalidInput(errors)
    return usage


def read_usage(
    usage_mb: object, start: object, days_used: object, lines: object
) -> tuple[Errors, Usage | None]:
    """The usage's problems, and the ``Usage`` when there are none."""
    errors = Errors()
    start_index = month_index(start)
    if start_index is None:
        errors.add(
            "start",
            "invalid_month",
            "The start must be a month in the form YYYY-MM, such as 2026-01.",
            value=repr(start),
        )
    elif not _FIRST_START <= start_index <= _LAST_START:  # type: ignore[operator]
        errors.add(
            "start",
            "out_of_range",
            f"The start must lie between {FIRST_START} and {LAST_START}.",
            value=start,
            minimum=FIRST_START,
            maximum=LAST_START,
        )
    usage: tuple[Any, ...] = ()
    if isinstance(usage_mb, str | bytes) or not isinstance(usage_mb, Sequence):
        errors.add("usage_mb", "invalid", "The usage must be a list with one figure per month.")
    else:
        usage = tuple(usage_mb)
        if not usage:
            errors.add("usage_mb", "no_months", "Enter the usage of at least one month.")
        elif len(usage) > MAX_MONTHS:
            errors.add(
                "usage_mb",
                "too_many_months",
                f"A simulation covers at most {MAX_MONTHS} months (there are {len(usage)}).",
                months=len(usage),
                maximum=MAX_MONTHS,
            )
        if not all(map(_is_month_use, usage)):
            for i, use in enumerate(usage):
                check_int(
                    errors, f"usage_mb[{i}]", f"The use of month {i + 1}", use, required=False
                )
    if not _is_int(lines):
        errors.add("lines", "not_integer", "The number of lines must be a whole number.")
    elif lines < 1:  # type: ignore[operator]
        errors.add("lines", "too_few_lines", "The number of lines must be at least 1.", value=lines)
    elif lines > MAX_LINES:  # type: ignore[operator]
        errors.add(
            "lines",
            "too_many_lines",
            f"The simulator models at most {MAX_LINES} lines (you asked for {lines}).",
            value=lines,
            maximum=MAX_LINES,
        )
    days_tuple = None if days_used is None else _days_used(errors, days_used, usage, start_index)
    if errors:
        return errors, None
    return errors, Usage(start, start_index, usage, days_tuple, lines)  # type: ignore[arg-type]


def _days_used(
    errors: Errors, days_used: object, usage: tuple[Any, ...], start_index: int | None
) -> tuple[Any, ...] | None:
    if isinstance(days_used, str | bytes) or not isinstance(days_used, Sequence):
        errors.add("days_used", "invalid", "days_used must be a list with one entry per month.")
        return None
    days_tuple = tuple(days_used)
    if len(days_tuple) != len(usage):
        errors.add(
            "days_used",
            "length_mismatch",
            f"days_used needs one entry per month: {len(usage)}, not {len(days_tuple)}.",
            months=len(usage),
            entries=len(days_tuple),
        )
        return days_tuple
    for i, (n_days, use) in enumerate(zip(days_tuple, usage, strict=True)):
        if n_days is None:
            continue
        at = f"days_used[{i}]"
        maximum = days_in(start_index + i) if start_index is not None else 31
        if not check_int(
            errors, at, f"The days used in month {i + 1}", n_days, maximum=maximum, unit=" days"
        ):
            continue
        if use is None and n_days > 0:
            errors.add(
                at,
                "days_in_lapsed_month",
                f"Month {i + 1} has no usage (no service), so it cannot have days of use.",
                month=i + 1,
            )
        elif _is_int(use) and use > 0 and n_days == 0:
            errors.add(
                at,
                "use_without_days",
                f"Month {i + 1} uses {use} MB on 0 days; give at least one day.",
                month=i + 1,
                use=use,
            )
    return days_tuple


def usage_fit_errors(plan: Plan, usage: Usage, *, daily: bool, ignore_days: bool) -> Errors:
    """Problems of this usage on this (valid) plan."""
    errors = Errors()
    if usage.lines > plan.lines.max:
        errors.add(
            "lines",
            "too_many_lines",
            f"This plan allows at most {plan.lines.max} lines (you asked for {usage.lines}).",
            value=usage.lines,
            maximum=plan.lines.max,
        )
    if daily:
        return errors
    if usage.days_used is not None and not ignore_days:
        errors.add(
            "days_used",
            "days_used_not_daily",
            "days_used only applies to daily passes; this plan is billed monthly.",
        )
    size = plan.period_months
    n = len(usage.uses)
    if n % size:
        errors.add(
            "usage_mb",
            "not_whole_periods",
            f"This plan is sold in periods of {size} months, so the usage must cover a whole "
            f"number of periods ({size}, {2 * size}, {3 * size} … months), not {n}.",
            months=n,
            period_months=size,
        )
        return errors
    if size == 1 or None not in usage.uses:
        return errors
    for first in range(0, n, size):
        period = usage.uses[first : first + size]
        blanks = [i for i, use in enumerate(period, first) if use is None]
        if blanks and len(blanks) < size:
            errors.add(
                f"usage_mb[{blanks[0]}]",
                "partly_lapsed_period",
                f"Months {usage.texts[first]} to {usage.texts[first + size - 1]} form one "
                f"{size}-month period: it is used or lapsed as a whole, so month {blanks[0] + 1} "
                "cannot be blank.",
                month=blanks[0] + 1,
                period_start=usage.texts[first],
                period_end=usage.texts[first + size - 1],
            )
    return errors
