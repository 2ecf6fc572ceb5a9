"""The rollover engine: plain Python, no Django.

Frozen dataclasses in, frozen dataclasses out. Data is whole MB (int), money is
``decimal.Decimal`` with 2 places; there is no float anywhere. The behaviour is the
contract in ``SPEC-rollover.md``; the choices the spec leaves open are written down in
``docs/engine.md``.

Public API::

    simulate(plan, usage_mb, start, days_used=None, lines=1) -> Simulation
    compare(entries, usage_mb, start, days_used=None, lines=1) -> (results, skipped)
    validate_plan(plan) -> None            # raises InvalidInput

Internally months are integers (``year * 12 + month - 1``) so the per-month loop never
parses or formats a string; ``Month`` is the public helper for the same arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, TypeVar, overload

__all__ = [
    "BILLINGS",
    "FIRST_START",
    "LAST_START",
    "MAX_CONVERSION_RATE",
    "MAX_DATA_MB",
    "MAX_EXPIRY_PERIODS",
    "MAX_LINES",
    "MAX_MONTHS",
    "MAX_PERIOD_MONTHS",
    "MAX_PRICE",
    "MB_PER_GB",
    "MODES",
    "MONTH_PATTERN",
    "ORDERS",
    "POLICIES",
    "Conversion",
    "FieldError",
    "InvalidInput",
    "Lines",
    "Month",
    "MonthResult",
    "Overage",
    "Plan",
    "Promotion",
    "Rollover",
    "Simulation",
    "Totals",
    "Tranche",
    "compare",
    "simulate",
    "validate_plan",
]

# --------------------------------------------------------------------------- bounds

MB_PER_GB = 1024
MAX_DATA_MB = 10_485_760  # 10 TB: any data amount (use, allowance, cap, unit ...)
MAX_PRICE = Decimal("999999.99")  # any money amount
MAX_MONTHS = 36  # length of one simulation
MAX_PERIOD_MONTHS = 12  # a pack of at most one year
MAX_LINES = 100  # lines.max and the lines argument
MAX_EXPIRY_PERIODS = 120  # expires_after_periods and a promotion's extra periods
MAX_CONVERSION_RATE = 1_000_000
FIRST_START = "1900-01"  # the earliest and latest start of a simulation
LAST_START = "2999-12"
# A month as the API, the forms and the database write it: ASCII digits only.
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"

BILLINGS = ("monthly", "daily")
POLICIES = ("block", "throttle", "pay_per_unit")
MODES = ("none", "full", "capped")
ORDERS = ("rollover_first", "allowance_first")

_ZERO = Decimal("0.00")
_CENT = Decimal("0.01")

# --------------------------------------------------------------------------- months

_MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{2})")
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_TEXT_CACHE: dict[int, str] = {}


def _month_index(text: object) -> int | None:
    """``"2026-01"`` -> ``2026 * 12 + 0``; None when the text is not a valid month."""
    if type(text) is not str:
        return None
    match = _MONTH_RE.fullmatch(text)
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if year < 1 or not 1 <= month <= 12:
        return None
    return year * 12 + month - 1


def _month_text(index: int) -> str:
    text = _TEXT_CACHE.get(index)
    if text is None:
        year, month0 = divmod(index, 12)
        text = _TEXT_CACHE[index] = f"{year:04d}-{month0 + 1:02d}"
    return text


def _days_in(index: int) -> int:
    year, month0 = divmod(index, 12)
    if month0 == 1 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS[month0]


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """A calendar month, for ``"YYYY-MM"`` arithmetic.

    >>> str(Month.parse("2026-11") + 3)
    '2027-02'
    >>> Month.parse("2028-02").days
    29
    """

    index: int  # year * 12 + (month - 1)

    @classmethod
    def parse(cls, text: str) -> Month:
        index = _month_index(text)
        if index is None:
            raise ValueError(f"{text!r} is not a month in the form YYYY-MM")
        return cls(index)

    @classmethod
    def of(cls, year: int, month: int) -> Month:
        return cls(year * 12 + month - 1)

    @staticmethod
    def is_valid(text: object) -> bool:
        return _month_index(text) is not None

    @staticmethod
    def add(text: str, months: int) -> str:
        """``Month.add("2026-11", 3) == "2027-02"``."""
        return str(Month.parse(text) + months)

    @staticmethod
    def days_in(text: str) -> int:
        return Month.parse(text).days

    @property
    def year(self) -> int:
        return self.index // 12

    @property
    def month(self) -> int:
        return self.index % 12 + 1

    @property
    def days(self) -> int:
        return _days_in(self.index)

    def __add__(self, months: int) -> Month:
        return Month(self.index + months)

    @overload
    def __sub__(self, other: Month) -> int: ...
    @overload
    def __sub__(self, other: int) -> Month: ...
    def __sub__(self, other: Month | int) -> int | Month:
        """``month - month``: the months between them; ``month - n``: n months earlier."""
        if isinstance(other, Month):
            return self.index - other.index
        return Month(self.index - other)

    def __str__(self) -> str:
        return _month_text(self.index)


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class Lines:
    """Shared plans: the pool is shared; each line above ``included`` adds a charge
    (per period, per day for daily passes) and an allowance."""

    included: int = 1
    max: int = 1
    extra_line_price: Decimal = _ZERO
    extra_line_allowance_mb: int = 0


@dataclass(frozen=True, slots=True)
class Overage:
    """What happens to demand above the data available."""

    policy: Literal["block", "throttle", "pay_per_unit"] = "block"
    unit_mb: int | None = None
    unit_price: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Conversion:
    """Forfeited data converts into ``floor(forfeited / unit_mb) * rate`` units of
    ``benefit`` (e.g. minutes)."""

    unit_mb: int
    rate: int
    benefit: str


@dataclass(frozen=True, slots=True)
class Rollover:
    mode: Literal["none", "full", "capped"] = "none"
    cap_mb: int | None = None
    bank_cap_mb: int | None = None
    expires_after_periods: int | None = None
    order: Literal["rollover_first", "allowance_first"] = "rollover_first"
    min_use_mb: int | None = None
    forfeit_on_lapse: bool = False
    convert: Conversion | None = None


@dataclass(frozen=True, slots=True)
class Promotion:
    """Extras for the periods whose first month lies in ``[from_month, to_month]``."""

    from_month: str
    to_month: str
    bonus_mb: int = 0
    extra_expiry_periods: int = 0
    price: Decimal | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class Plan:
    name: str
    currency: str
    price: Decimal
    allowance_mb: int | None
    billing: Literal["monthly", "daily"] = "monthly"
    period_months: int = 1
    lines: Lines = field(default_factory=Lines)
    overage: Overage = field(default_factory=Overage)
    rollover: Rollover = field(default_factory=Rollover)
    promotions: tuple[Promotion, ...] = ()


# --------------------------------------------------------------------------- outputs


@dataclass(frozen=True, slots=True)
class Tranche:
    """Rolled-over data in the bank: ``from_month`` is the last month of the period it
    was left over from; ``usable_until`` the last month it can be used (None: never
    expires)."""

    mb: int
    from_month: str
    usable_until: str | None


@dataclass(frozen=True, slots=True)
class MonthResult:
    month: str
    renewed: bool
    opening_bank_mb: int
    granted_mb: int | None
    demand_mb: int
    from_bank_mb: int
    from_allowance_mb: int
    throttled_mb: int
    overage_mb: int
    unmet_mb: int
    expired_mb: int
    rolled_over_mb: int
    forfeited_mb: int
    converted: int
    closing_bank_mb: int
    plan_cost: Decimal
    overage_cost: Decimal
    cost: Decimal
    bank: tuple[Tranche, ...]


@dataclass(frozen=True, slots=True)
class Totals:
    currency: str
    granted_mb: int | None
    demand_mb: int
    from_bank_mb: int
    from_allowance_mb: int
    throttled_mb: int
    overage_mb: int
    unmet_mb: int
    expired_mb: int
    rolled_over_mb: int
    forfeited_mb: int
    converted: int
    plan_cost: Decimal
    overage_cost: Decimal
    cost: Decimal
    served_mb: int
    wasted_mb: int
    final_bank_mb: int
    cost_per_gb: Decimal | None


@dataclass(frozen=True, slots=True)
class Simulation:
    plan: Plan
    start: str
    lines: int
    months: tuple[MonthResult, ...]
    totals: Totals


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem: ``field`` is a dotted path in the API's shape (``rollover.cap_mb``,
    ``usage_mb[3]``), ``code`` a stable machine code, ``message`` a sentence for a
    person, ``params`` the numbers in the message (to translate it by code)."""

    field: str
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

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


class _Errors(list):
    def add(self, field_: str, code: str, message: str, **params: Any) -> None:
        self.append(FieldError(field_, code, message, params))


def _is_int(value: object) -> bool:
    return type(value) is int  # not bool, not float


def _check_int(
    errors: _Errors,
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
    if value is None:
        if required:
            errors.add(field_, "required", f"{label} is required.")
        return False
    if not _is_int(value):
        errors.add(field_, "not_integer", f"{label} must be a whole number.", value=repr(value))
        return False
    if value < minimum:
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
    if value > maximum:
        errors.add(
            field_,
            "too_large",
            f"{label} can be at most {maximum:,}{unit} (it is {value:,}{unit}).",
            value=value,
            maximum=maximum,
        )
        return False
    return True


def _check_money(
    errors: _Errors, field_: str, label: str, value: object, *, required: bool = True
) -> bool:
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


def _check_choice(
    errors: _Errors, field_: str, label: str, value: object, choices: tuple[str, ...]
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


def _check_text(errors: _Errors, field_: str, label: str, value: object) -> bool:
    if type(value) is not str or not value.strip():
        errors.add(field_, "required", f"{label} is required.")
        return False
    return True


# --------------------------------------------------------------------------- validation


def _plan_errors(plan: object) -> _Errors:
    errors = _Errors()
    if not isinstance(plan, Plan):
        errors.add("plan", "invalid", "The plan is missing or is not a plan.")
        return errors
    _check_text(errors, "name", "The plan's name", plan.name)
    if type(plan.currency) is not str or not re.fullmatch(r"[A-Z]{3}", plan.currency):
        errors.add(
            "currency",
            "invalid_currency",
            "The currency must be a 3-letter ISO 4217 code such as USD or EUR.",
            value=repr(plan.currency),
        )
    billing_ok = _check_choice(errors, "billing", "The billing", plan.billing, BILLINGS)
    daily = billing_ok and plan.billing == "daily"
    _check_money(errors, "price", "The price", plan.price)
    unlimited = plan.allowance_mb is None
    _check_int(errors, "allowance_mb", "The data allowance", plan.allowance_mb, required=False)
    if (
        _check_int(
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


def _lines_errors(errors: _Errors, lines: object) -> None:
    if not isinstance(lines, Lines):
        errors.add("lines", "invalid", "The plan's lines are missing.")
        return
    included_ok = _check_int(
        errors,
        "lines.included",
        "The number of included lines",
        lines.included,
        minimum=1,
        maximum=MAX_LINES,
        unit="",
    )
    max_ok = _check_int(
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
    _check_money(
        errors, "lines.extra_line_price", "The price of an extra line", lines.extra_line_price
    )
    _check_int(
        errors,
        "lines.extra_line_allowance_mb",
        "The data of an extra line",
        lines.extra_line_allowance_mb,
    )


def _overage_errors(errors: _Errors, overage: object) -> None:
    if not isinstance(overage, Overage):
        errors.add("overage", "invalid", "The overage policy is missing.")
        return
    if not _check_choice(errors, "overage.policy", "The overage policy", overage.policy, POLICIES):
        return
    if overage.policy == "pay_per_unit":
        if overage.unit_mb is None:
            errors.add(
                "overage.unit_mb",
                "unit_required",
                "Pay-per-unit overage needs unit_mb: the size of one unit of extra data.",
            )
        else:
            _check_int(errors, "overage.unit_mb", "The overage unit", overage.unit_mb, minimum=1)
        if overage.unit_price is None:
            errors.add(
                "overage.unit_price",
                "unit_required",
                "Pay-per-unit overage needs unit_price: the price of one unit of extra data.",
            )
        else:
            _check_money(
                errors, "overage.unit_price", "The price of an overage unit", overage.unit_price
            )
    else:
        for name in ("unit_mb", "unit_price"):
            if getattr(overage, name) is not None:
                errors.add(
                    f"overage.{name}",
                    "only_for_pay_per_unit",
                    f"overage.{name} only applies to pay_per_unit overage, not to "
                    f"{overage.policy}; leave it empty.",
                    policy=overage.policy,
                )


def _rollover_errors(errors: _Errors, rollover: object, *, daily: bool, unlimited: bool) -> None:
    if not isinstance(rollover, Rollover):
        errors.add("rollover", "invalid", "The rollover rule is missing.")
        return
    mode_ok = _check_choice(errors, "rollover.mode", "The rollover mode", rollover.mode, MODES)
    _check_choice(errors, "rollover.order", "The order of use", rollover.order, ORDERS)
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
            _check_int(errors, "rollover.cap_mb", "The rollover cap", rollover.cap_mb)
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
        _check_int(
            errors,
            f"rollover.{name}",
            label,
            value,
            minimum=1 if name == "expires_after_periods" else 0,
            maximum=maximum,
            unit=unit,
        )
    convert = rollover.convert
    if convert is None:
        return
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
    _check_int(
        errors, "rollover.convert.unit_mb", "The conversion unit", convert.unit_mb, minimum=1
    )
    _check_int(
        errors,
        "rollover.convert.rate",
        "The conversion rate",
        convert.rate,
        minimum=1,
        maximum=MAX_CONVERSION_RATE,
        unit="",
    )
    _check_text(errors, "rollover.convert.benefit", "The converted benefit", convert.benefit)


def _promotion_errors(errors: _Errors, promotions: object, *, daily: bool, unlimited: bool) -> None:
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
        start = _month_index(promo.from_month)
        end = _month_index(promo.to_month)
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
        if _check_int(errors, f"{at}.bonus_mb", "The promotion bonus", promo.bonus_mb) and (
            unlimited and promo.bonus_mb
        ):
            errors.add(
                f"{at}.bonus_mb",
                "bonus_on_unlimited",
                "A data bonus has no effect on an unlimited plan; leave it at 0.",
                value=promo.bonus_mb,
            )
        _check_int(
            errors,
            f"{at}.extra_expiry_periods",
            "The promotion's extra expiry",
            promo.extra_expiry_periods,
            maximum=MAX_EXPIRY_PERIODS,
            unit=" periods",
        )
        _check_money(errors, f"{at}.price", "The promotional price", promo.price, required=False)
        if type(promo.name) is not str:
            errors.add(f"{at}.name", "not_text", "The promotion's name must be text.")


def validate_plan(plan: Plan) -> None:
    """Raise InvalidInput naming every problem of the plan; return None if it is valid."""
    errors = _plan_errors(plan)
    if errors:
        raise InvalidInput(errors)


# --------------------------------------------------------------------------- usage


@dataclass(frozen=True, slots=True)
class _Usage:
    """The usage, checked on its own (independent of any plan)."""

    start: str
    start_index: int
    usage: tuple[int | None, ...]
    days_used: tuple[int | None, ...] | None
    lines: int
    texts: tuple[str, ...]  # "YYYY-MM" of each month
    days: tuple[int, ...]  # days in each month


_FIRST_START = _month_index(FIRST_START)
_LAST_START = _month_index(LAST_START)


def _usage_errors(
    usage_mb: object, start: object, days_used: object, lines: object
) -> tuple[_Errors, _Usage | None]:
    errors = _Errors()
    start_index = _month_index(start)
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
        for i, use in enumerate(usage):
            _check_int(errors, f"usage_mb[{i}]", f"The use of month {i + 1}", use, required=False)
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
    days_tuple: tuple[Any, ...] | None = None
    texts: tuple[str, ...] = ()
    days: tuple[int, ...] = ()
    if start_index is not None:
        texts = tuple(_month_text(start_index + i) for i in range(len(usage)))
        days = tuple(_days_in(start_index + i) for i in range(len(usage)))
    if days_used is not None:
        if isinstance(days_used, str | bytes) or not isinstance(days_used, Sequence):
            errors.add("days_used", "invalid", "days_used must be a list with one entry per month.")
        else:
            days_tuple = tuple(days_used)
            if len(days_tuple) != len(usage):
                errors.add(
                    "days_used",
                    "length_mismatch",
                    f"days_used needs one entry per month: {len(usage)}, not {len(days_tuple)}.",
                    months=len(usage),
                    entries=len(days_tuple),
                )
            else:
                for i, (n_days, use) in enumerate(zip(days_tuple, usage, strict=True)):
                    if n_days is None:
                        continue
                    at = f"days_used[{i}]"
                    maximum = days[i] if days else 31
                    if not _check_int(
                        errors,
                        at,
                        f"The days used in month {i + 1}",
                        n_days,
                        maximum=maximum,
                        unit=" days",
                    ):
                        continue
                    if use is None and n_days > 0:
                        errors.add(
                            at,
                            "days_in_lapsed_month",
                            f"Month {i + 1} has no usage (no service), so it cannot have days "
                            "of use.",
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
    if errors:
        return errors, None
    return errors, _Usage(
        start=start,  # type: ignore[arg-type]
        start_index=start_index,  # type: ignore[arg-type]
        usage=usage,
        days_used=days_tuple,
        lines=lines,  # type: ignore[arg-type]
        texts=texts,
        days=days,
    )


def _fit_errors(plan: Plan, usage: _Usage, *, ignore_days: bool) -> _Errors:
    """Problems of this usage on this (valid) plan."""
    errors = _Errors()
    if usage.lines > plan.lines.max:
        errors.add(
            "lines",
            "too_many_lines",
            f"This plan allows at most {plan.lines.max} lines (you asked for {usage.lines}).",
            value=usage.lines,
            maximum=plan.lines.max,
        )
    if plan.billing == "daily":
        return errors
    if usage.days_used is not None and not ignore_days:
        errors.add(
            "days_used",
            "days_used_not_daily",
            "days_used only applies to daily passes; this plan is billed monthly.",
        )
    size = plan.period_months
    n = len(usage.usage)
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
    if size == 1 or None not in usage.usage:
        return errors
    for first in range(0, n, size):
        period = usage.usage[first : first + size]
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


# --------------------------------------------------------------------------- running


def _money(value: Decimal | int) -> Decimal:
    """A validated (non-negative, at most 2 places) amount with exactly 2 places."""
    return Decimal(value).quantize(_CENT).copy_abs()  # copy_abs: never "-0.00"


def _totals(
    plan: Plan,
    unlimited: bool,
    sums: list[int],
    plan_cost: Decimal,
    overage_cost: Decimal,
    final_bank: int,
) -> Totals:
    (
        granted,
        demand,
        from_bank,
        from_allowance,
        throttled,
        overage,
        unmet,
        expired,
        rolled,
        forfeited,
        converted,
    ) = sums
    cost = plan_cost + overage_cost
    served = demand - unmet
    if served:
        cents = int(cost.scaleb(2))
        per_gb = Decimal((2 * cents * 1024 + served) // (2 * served)).scaleb(-2)
    else:
        per_gb = None
    return Totals(
        currency=plan.currency,
        granted_mb=None if unlimited else granted,
        demand_mb=demand,
        from_bank_mb=from_bank,
        from_allowance_mb=from_allowance,
        throttled_mb=throttled,
        overage_mb=overage,
        unmet_mb=unmet,
        expired_mb=expired,
        rolled_over_mb=rolled,
        forfeited_mb=forfeited,
        converted=converted,
        plan_cost=plan_cost,
        overage_cost=overage_cost,
        cost=cost,
        served_mb=served,
        wasted_mb=expired + forfeited,
        final_bank_mb=final_bank,
        cost_per_gb=per_gb,
    )


_NO_BANK: tuple[Tranche, ...] = ()


def _run_monthly(plan: Plan, usage: _Usage) -> Simulation:
    """Spec §5. The bank is a list of ``[mb, sort_until, from_index, until_index, view]``
    kept in order of use: soonest-expiring first, oldest first on ties, never last;
    ``view`` caches the tranche's ``Tranche`` until its mb changes."""
    size = plan.period_months
    allowance = plan.allowance_mb
    unlimited = allowance is None
    plan_lines = plan.lines
    extra_lines = max(0, usage.lines - plan_lines.included)
    line_charge = _money(plan_lines.extra_line_price) * extra_lines
    base_price = _money(plan.price)
    base_grant = 0 if unlimited else allowance + plan_lines.extra_line_allowance_mb * extra_lines

    overage = plan.overage
    policy = overage.policy
    block = policy == "block"
    pay = policy == "pay_per_unit"
    unit_mb = overage.unit_mb or 1
    unit_price = _money(overage.unit_price) if pay else _ZERO

    rule = plan.rollover
    mode = rule.mode
    cap = rule.cap_mb if mode == "capped" else None
    bank_cap = rule.bank_cap_mb
    life = rule.expires_after_periods
    bank_first = rule.order == "rollover_first"
    min_use = rule.min_use_mb or 0
    forfeit_on_lapse = rule.forfeit_on_lapse
    convert = rule.convert
    convert_unit = convert.unit_mb if convert else 0
    convert_rate = convert.rate if convert else 0
    rolling = mode != "none"

    promos = [
        (
            _month_index(p.from_month),
            _month_index(p.to_month),
            p.bonus_mb,
            p.extra_expiry_periods,
            None if p.price is None else _money(p.price),
        )
        for p in plan.promotions
    ]

    uses = usage.usage
    texts = usage.texts
    start_index = usage.start_index
    n = len(uses)
    never = 1 << 62

    bank: list[list[Any]] = []
    bank_total = 0
    bank_view: tuple[Tranche, ...] = _NO_BANK
    months: list[MonthResult] = []
    append = months.append
    t_granted = t_demand = t_bank = t_allow = t_throttled = t_overage = t_unmet = 0
    t_expired = t_rolled = t_forfeited = t_converted = 0
    t_plan_cost = _ZERO
    t_overage_cost = _ZERO
    granted_out: int | None

    for first in range(0, n, size):
        first_index = start_index + first
        lapsed = uses[first] is None
        bonus = extra_life = 0
        price = base_price
        if promos:
            promo_price = None
            for p_from, p_to, p_bonus, p_extra, p_price in promos:
                if p_from <= first_index <= p_to:
                    bonus += p_bonus
                    extra_life += p_extra
                    if p_price is not None and (promo_price is None or p_price < promo_price):
                        promo_price = p_price
            if promo_price is not None:
                price = promo_price
        wiped = 0
        if lapsed:
            left = 0
            period_grant = 0
            period_cost = _ZERO
            if forfeit_on_lapse and bank_total:
                wiped = bank_total
                bank.clear()
                bank_total = 0
                bank_view = _NO_BANK
        else:
            left = base_grant + bonus
            period_grant = left
            period_cost = price + line_charge
        period_use = 0
        last = first + size - 1
        for i in range(first, last + 1):
            opening = bank_total + wiped if i == first else bank_total
            use = uses[i]
            from_bank = from_allow = throttled = over = unmet = 0
            over_cost = _ZERO
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
                    if need and bank_total:
                        remaining = need
                        k = 0
                        for tranche in bank:
                            mb = tranche[0]
                            if mb <= remaining:
                                remaining -= mb
                                k += 1
                                if not remaining:
                                    break
                            else:
                                tranche[0] = mb - remaining
                                tranche[4] = None  # its Tranche view is stale
                                remaining = 0
                                break
                        if k:
                            del bank[:k]
                        from_bank = need - remaining
                        bank_total -= from_bank
                        need = remaining
                        bank_view = None  # type: ignore[assignment]
                    if bank_first and need:
                        from_allow = need if need < left else left
                        left -= from_allow
                        need -= from_allow
                if need:
                    if block:
                        unmet = need
                    elif pay:
                        over = need
                        over_cost = unit_price * (-(-need // unit_mb))
                    else:
                        throttled = need
            expired = wiped if i == first else 0
            rolled = forfeited = converted = 0
            if i == last:
                # 1. tranches whose life ends with this period expire
                month_index = start_index + i
                aged = 0
                while bank and bank[0][1] <= month_index:
                    aged += bank.pop(0)[0]
                if aged:
                    expired += aged
                    bank_total -= aged
                    bank_view = None  # type: ignore[assignment]
                # 2.-3. the period's unused allowance rolls over or is forfeited
                if left:
                    eligible = 0
                    if rolling and period_use >= min_use:
                        eligible = left if cap is None or left < cap else cap
                        if bank_cap is not None:
                            room = bank_cap - bank_total
                            if room < eligible:
                                eligible = room if room > 0 else 0
                    if eligible:
                        if life is None:
                            until = None
                            key = never
                        else:
                            until = key = month_index + (life + extra_life) * size
                        pos = len(bank)
                        while pos and bank[pos - 1][1] > key:
                            pos -= 1
                        bank.insert(pos, [eligible, key, month_index, until, None])
                        bank_total += eligible
                        rolled = eligible
                        bank_view = None  # type: ignore[assignment]
                    forfeited = left - eligible
                    if convert_unit:
                        converted = forfeited // convert_unit * convert_rate
            if bank_view is None:
                for t in bank:
                    if t[4] is None:
                        t[4] = Tranche(
                            t[0], _month_text(t[2]), None if t[3] is None else _month_text(t[3])
                        )
                bank_view = tuple(t[4] for t in bank)
            if unlimited:
                granted_out = None
            else:
                granted_out = period_grant if i == first else 0
                t_granted += granted_out
            month_plan_cost = period_cost if i == first else _ZERO
            append(
                MonthResult(
                    month=texts[i],
                    renewed=not lapsed,
                    opening_bank_mb=opening,
                    granted_mb=granted_out,
                    demand_mb=use,
                    from_bank_mb=from_bank,
                    from_allowance_mb=from_allow,
                    throttled_mb=throttled,
                    overage_mb=over,
                    unmet_mb=unmet,
                    expired_mb=expired,
                    rolled_over_mb=rolled,
                    forfeited_mb=forfeited,
                    converted=converted,
                    closing_bank_mb=bank_total,
                    plan_cost=month_plan_cost,
                    overage_cost=over_cost,
                    cost=month_plan_cost + over_cost,
                    bank=bank_view,
                )
            )
            t_demand += use
            t_bank += from_bank
            t_allow += from_allow
            t_throttled += throttled
            t_overage += over
            t_unmet += unmet
            t_expired += expired
            t_rolled += rolled
            t_forfeited += forfeited
            t_converted += converted
            t_overage_cost += over_cost
        t_plan_cost += period_cost

    sums = [
        t_granted,
        t_demand,
        t_bank,
        t_allow,
        t_throttled,
        t_overage,
        t_unmet,
        t_expired,
        t_rolled,
        t_forfeited,
        t_converted,
    ]
    totals = _totals(plan, unlimited, sums, t_plan_cost, t_overage_cost, bank_total)
    return Simulation(plan, usage.start, usage.lines, tuple(months), totals)


def _run_daily(plan: Plan, usage: _Usage) -> Simulation:
    """Spec §6: each day used buys a pass; a month's use is spread evenly over its days."""
    allowance = plan.allowance_mb
    unlimited = allowance is None
    plan_lines = plan.lines
    extra_lines = max(0, usage.lines - plan_lines.included)
    day_price = _money(plan.price) + _money(plan_lines.extra_line_price) * extra_lines
    day_grant = 0 if unlimited else allowance + plan_lines.extra_line_allowance_mb * extra_lines
    policy = plan.overage.policy
    pay = policy == "pay_per_unit"
    unit_mb = plan.overage.unit_mb or 1
    unit_price = _money(plan.overage.unit_price) if pay else _ZERO
    days_used = usage.days_used

    months: list[MonthResult] = []
    sums = [0] * 11
    t_plan_cost = _ZERO
    t_overage_cost = _ZERO
    for i, use in enumerate(usage.usage):
        n_days = days_used[i] if days_used is not None else None
        if n_days is None:
            n_days = usage.days[i] if use else 0
        granted = from_allow = forfeited = excess = 0
        over_cost = _ZERO
        plan_cost = _ZERO
        if use is not None and n_days:
            plan_cost = day_price * n_days
            granted = day_grant * n_days
            q, r = divmod(use, n_days)
            if unlimited:
                from_allow = use
            else:
                # r days use q + 1 MB, the other n_days - r days use q MB
                for count, per_day in ((r, q + 1), (n_days - r, q)):
                    if not count:
                        continue
                    if per_day <= day_grant:
                        from_allow += per_day * count
                        forfeited += (day_grant - per_day) * count
                    else:
                        from_allow += day_grant * count
                        day_excess = per_day - day_grant
                        excess += day_excess * count
                        if pay:
                            over_cost += unit_price * (-(-day_excess // unit_mb) * count)
        demand = use or 0
        unmet = excess if policy == "block" else 0
        throttled = excess if policy == "throttle" else 0
        over = excess if pay else 0
        month = MonthResult(
            month=usage.texts[i],
            renewed=use is not None,
            opening_bank_mb=0,
            granted_mb=None if unlimited else granted,
            demand_mb=demand,
            from_bank_mb=0,
            from_allowance_mb=from_allow,
            throttled_mb=throttled,
            overage_mb=over,
            unmet_mb=unmet,
            expired_mb=0,
            rolled_over_mb=0,
            forfeited_mb=forfeited,
            converted=0,
            closing_bank_mb=0,
            plan_cost=plan_cost,
            overage_cost=over_cost,
            cost=plan_cost + over_cost,
            bank=_NO_BANK,
        )
        months.append(month)
        for k, value in enumerate(
            (granted, demand, 0, from_allow, throttled, over, unmet, 0, 0, forfeited, 0)
        ):
            sums[k] += value
        t_plan_cost += plan_cost
        t_overage_cost += over_cost
    totals = _totals(plan, unlimited, sums, t_plan_cost, t_overage_cost, 0)
    return Simulation(plan, usage.start, usage.lines, tuple(months), totals)


def _run(plan: Plan, usage: _Usage) -> Simulation:
    if plan.billing == "daily":
        return _run_daily(plan, usage)
    return _run_monthly(plan, usage)


def simulate(
    plan: Plan,
    usage_mb: Sequence[int | None],
    start: str,
    days_used: Sequence[int | None] | None = None,
    lines: int = 1,
) -> Simulation:
    """Simulate ``plan`` over one usage figure per month from ``start`` ("YYYY-MM").

    ``usage_mb[i]`` is the household's use in MB in month i, or None when the plan was
    not renewed that month. ``days_used`` (daily passes only) gives the days of use of
    each month (None: the default of §6). Raises InvalidInput naming every problem.
    """
    errors = _plan_errors(plan)
    usage_errors, usage = _usage_errors(usage_mb, start, days_used, lines)
    errors.extend(usage_errors)
    if not errors and usage is not None:
        errors.extend(_fit_errors(plan, usage, ignore_days=False))
    if errors or usage is None:
        raise InvalidInput(errors)
    return _run(plan, usage)


K = TypeVar("K", bound=Hashable)


def compare(
    entries: Iterable[tuple[K, Plan]],
    usage_mb: Sequence[int | None],
    start: str,
    days_used: Sequence[int | None] | None = None,
    lines: int = 1,
) -> tuple[list[tuple[K, Simulation]], list[tuple[K, InvalidInput]]]:
    """Simulate every plan on the same usage.

    Returns ``(results, skipped)``: ``results`` ranked by currency, then total cost, then
    wasted data, then key (the plan's slug); ``skipped`` lists, in input order, the plans
    that cannot take this usage (or are themselves invalid) with the reason. Monthly plans
    ignore ``days_used``. Raises InvalidInput when the usage itself is invalid.
    """
    errors, usage = _usage_errors(usage_mb, start, days_used, lines)
    if errors or usage is None:
        raise InvalidInput(errors)
    results: list[tuple[K, Simulation]] = []
    skipped: list[tuple[K, InvalidInput]] = []
    for key, plan in entries:
        plan_errors = _plan_errors(plan)
        if not plan_errors:
            plan_errors = _fit_errors(plan, usage, ignore_days=True)
        if plan_errors:
            skipped.append((key, InvalidInput(plan_errors)))
            continue
        results.append((key, _run(plan, usage)))
    results.sort(
        key=lambda item: (
            item[1].totals.currency,
            item[1].totals.cost,
            item[1].totals.wasted_mb,
            item[0],
        )
    )
    return results, skipped
