"""The engine's inputs and outputs: frozen dataclasses, integer MB, ``Decimal`` money.

Inputs: ``Plan`` with its ``Lines``, ``Overage``, ``Rollover`` (and ``Conversion``) and
``Promotion`` s. Outputs: ``Simulation`` with one ``MonthResult`` per month (its bank
ledger of ``Tranche`` s and its ``MonthFacts``, which name the ``ExpiredTranche`` s), the
``Totals``, and the
``RolloverGain``; ``compare`` answers with ``Ranked`` and ``Skipped`` entries.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import MISSING, dataclass, field, fields
from decimal import Decimal
from types import MemberDescriptorType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from .bounds import FITS
from .money import ZERO

if TYPE_CHECKING:
    from .validation import InvalidInput

__all__ = [
    "Conversion",
    "ExpiredTranche",
    "Lines",
    "MonthFacts",
    "MonthResult",
    "Overage",
    "Plan",
    "Promotion",
    "Ranked",
    "Rollover",
    "RolloverGain",
    "Simulation",
    "Skipped",
    "Totals",
    "Tranche",
]

Fit = Literal["full", "slowed", "short"]

# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class Lines:
    """Shared plans: the pool is shared; each line above ``included`` adds a charge
    (per period, per day for daily passes) and an allowance."""

    included: int = 1
    max: int = 1
    extra_line_price: Decimal = ZERO
    extra_line_allowance_mb: int = 0


@dataclass(frozen=True, slots=True)
class Overage:
    """What happens to demand above the data available.

    ``pay_per_unit`` charges ``ceil(excess / unit_mb) * unit_price`` per calendar month
    (per day for daily passes). Its optional ``spend_cap`` bounds that charge, and
    ``after_cap`` (``serve``, the default when None; ``throttle``; ``block``) says what
    happens to the excess the cap does not pay for.
    """

    policy: Literal["block", "throttle", "pay_per_unit"] = "block"
    unit_mb: int | None = None
    unit_price: Decimal | None = None
    spend_cap: Decimal | None = None
    after_cap: Literal["serve", "throttle", "block"] | None = None


@dataclass(frozen=True, slots=True)
class Conversion:
    """Data forfeited at a period end converts, per whole ``unit_mb``, into ``rate``
    units of ``benefit`` (e.g. minutes) and/or ``credit`` off the next period's price."""

    unit_mb: int
    rate: int = 0
    benefit: str = ""
    credit: Decimal | None = None


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
class ExpiredTranche:
    """A rolled tranche that expired with age: the MB it had left, ``from_month`` and
    ``usable_until`` as in its ``Tranche``, and how long it lasted: ``periods``, the
    periods after the one it was left over from (the rule's ``expires_after_periods``
    plus promotions), ``extra_periods`` of them added by promotions."""

    mb: int
    from_month: str
    usable_until: str
    periods: int
    extra_periods: int


@dataclass(frozen=True, slots=True)
class MonthFacts:
    """Why a month's figures are what they are: the engine's own account, so that words
    about a month never re-derive its rules. Not part of the JSON contract.

    Periods
        ``period_index``: the 0-based period the month belongs to (for daily passes, the
        month's own index). ``starts_period`` / ``ends_period``: the month is its
        period's first / last month (both, for a monthly plan and for daily passes).

    Daily passes (None for monthly billing)
        ``days_bought``: the passes bought this month (0 when none); ``day_price``: the
        price of one day with the extra lines; ``day_grant_mb``: one day's data with the
        extra lines (None for unlimited passes).

    Overage
        ``overage_units``: the units of ``unit_mb`` the overage came to this month (daily:
        summed over the days); ``overage_units * unit_price == overage_cost`` unless a
        spend cap acted. ``spend_capped``: the cap acted this month (on some day, for
        daily passes); then ``beyond_cap_mb`` is the excess beyond the whole units the
        cap pays for (``floor(spend_cap / unit_price)`` units; summed over the days) and
        ``beyond_cap_to`` where it went: ``"serve"`` (served free, inside
        ``overage_mb``; the charge is the cap), ``"throttle"`` (in ``throttled_mb``) or
        ``"block"`` (in ``unmet_mb``); with ``throttle`` and ``block`` the charge is
        ``overage_units * unit_price`` (the units the cap pays for).

    At a period's start (its first month; the defaults in the other months)
        ``wiped_mb``: the bank lost because the plan lapsed with ``forfeit_on_lapse``
        (it is part of ``expired_mb``); ``kept_through_lapse_mb``: the bank that survived
        a lapse instead (it keeps ageing). For a renewed period: ``promotions``, the
        promotions that applied; ``bonus_mb`` and ``extra_expiry_periods``, what they
        added (summed); ``period_price``, the price charged for the period before
        extra-line charges (None in other months and for a lapsed period) and
        ``promotional_price``, whether a promotion's price replaced the base price (the
        lowest promotional price wins). A credit earned at the previous period end
        arrives here: ``credit_from_month`` is the month it was earned at and
        ``credit_from_mb`` the forfeited MB that earned it (whole units); the part taken
        off is the month's ``credit``; ``credit_lost`` is the part lost, and
        ``credit_lost_reason`` why: ``"over_plan_cost"`` (more than this period's plan
        cost) or ``"lapsed"`` (this period was not renewed).

    At a period's end (its last month; None, 0 or empty in the other months)
        ``expired_tranches``: the rolled tranches that expired with age at the end of
        this month (``ExpiredTranche`` s: how long each lasted, and how much of that a
        promotion gave), in the order they were used, each with the MB it had left
        (``sum(mb) + wiped_mb == expired_mb``). ``period_granted_mb``: the data granted at
        the period's start (allowance, extra lines and promotion bonus; None for
        unlimited data); ``period_use_mb``: the period's demand; ``unused_mb``: its
        allowance left (``rolled_over_mb + forfeited_mb``); ``rollover_limited_by``: why
        less rolled over than was unused, the limit that bound (the last one that cut:
        when ``cap_mb`` cut and the bank cap then cut further, ``"bank_cap"``) — None
        (everything rolled, or nothing was unused), ``"mode_none"``, ``"min_use"``,
        ``"cap"``, ``"bank_cap"``; ``bank_room_mb``: the room left under ``bank_cap_mb``
        after the period's expiries, before the new tranche (None without a bank cap);
        ``rolled_extra_periods``: the periods promotions added to the life of the data
        rolled over here (0 when nothing rolled or rolled data never expires).
        ``credit_earned``: the credit for the data forfeited here
        (before knowing whether it can be used), ``credit_earned_mb`` the forfeited MB
        that earned it (whole units), ``credit_earned_lost`` True when it was earned at
        the end of the last period (there is no next period to take it off).
    """

    period_index: int
    starts_period: bool
    ends_period: bool
    # daily passes
    days_bought: int | None = None
    day_price: Decimal | None = None
    day_grant_mb: int | None = None
    # overage
    overage_units: int = 0
    spend_capped: bool = False
    beyond_cap_mb: int = 0
    beyond_cap_to: Literal["serve", "throttle", "block"] | None = None
    # at a period's start
    wiped_mb: int = 0
    kept_through_lapse_mb: int = 0
    promotions: tuple[Promotion, ...] = ()
    bonus_mb: int = 0
    extra_expiry_periods: int = 0
    period_price: Decimal | None = None
    promotional_price: bool = False
    credit_from_month: str | None = None
    credit_from_mb: int = 0
    credit_lost: Decimal = ZERO
    credit_lost_reason: Literal["over_plan_cost", "lapsed"] | None = None
    # at a period's end
    expired_tranches: tuple[ExpiredTranche, ...] = ()
    period_granted_mb: int | None = None
    period_use_mb: int | None = None
    unused_mb: int | None = None
    rollover_limited_by: Literal["mode_none", "min_use", "cap", "bank_cap"] | None = None
    bank_room_mb: int | None = None
    rolled_extra_periods: int = 0
    credit_earned: Decimal = ZERO
    credit_earned_mb: int = 0
    credit_earned_lost: bool = False


# The facts fields in groups, in field order: a run fills each group from one tuple (see
# ``new_facts``), and a group's "nothing happened" value is its fields' defaults.
FACT_GROUPS = {
    "daily": ("days_bought", "day_price", "day_grant_mb"),
    "overage": ("overage_units", "spend_capped", "beyond_cap_mb", "beyond_cap_to"),
    "start": (
        "wiped_mb",
        "kept_through_lapse_mb",
        "promotions",
        "bonus_mb",
        "extra_expiry_periods",
        "period_price",
        "promotional_price",
        "credit_from_month",
        "credit_from_mb",
        "credit_lost",
        "credit_lost_reason",
    ),
    "end": (
        "expired_tranches",
        "period_granted_mb",
        "period_use_mb",
        "unused_mb",
        "rollover_limited_by",
        "bank_room_mb",
        "rolled_extra_periods",
        "credit_earned",
        "credit_earned_mb",
        "credit_earned_lost",
    ),
}


def _defaults(names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(MonthFacts.__dataclass_fields__[name].default for name in names)


NOT_DAILY = _defaults(FACT_GROUPS["daily"])
NO_OVERAGE = _defaults(FACT_GROUPS["overage"])
NOT_A_PERIOD_START = _defaults(FACT_GROUPS["start"])
NOT_A_PERIOD_END = _defaults(FACT_GROUPS["end"])
# a period start's facts: the bank (2), the period's terms, then the credit arriving
TERMS_END = FACT_GROUPS["start"].index("credit_from_month")
LAPSED_TERMS = NOT_A_PERIOD_START[2:TERMS_END]  # promotions .. promotional_price, lapsed
NO_CREDIT_ARRIVING = NOT_A_PERIOD_START[TERMS_END:]  # credit_from_month .. its reason


@dataclass(frozen=True, slots=True)
class MonthResult:
    """One month of a simulation: its figures, the bank after it (``bank``, the ledger of
    ``Tranche`` s) and its ``facts``.

    ``facts`` is a ``MonthFacts`` for every reader, but a run builds it on first read (see
    ``FactsOnRead``): only the sentences under a month read it, and a run's JSON, CSV and
    chart never do. Equality, hashing, ``dataclasses.replace`` and pickling read it like
    any other field, so a month compares equal to one built with ``MonthResult(...)``.
    """

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
    credit: Decimal
    cost: Decimal
    bank: tuple[Tranche, ...]
    facts: MonthFacts = field(repr=False)


def fit_of(unmet_mb: int, throttled_mb: int) -> Fit:
    """``full`` (all served at full speed), ``slowed`` (all served, some slowly) or
    ``short`` (some not served)."""
    if unmet_mb:
        return "short"
    return "slowed" if throttled_mb else "full"


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
    credit: Decimal
    cost: Decimal
    served_mb: int
    wasted_mb: int
    final_bank_mb: int
    cost_per_gb: Decimal | None

    @property
    def fit(self) -> Fit:
        """How well the plan served the usage: ``full``, ``slowed`` or ``short``."""
        return fit_of(self.unmet_mb, self.throttled_mb)


@dataclass(frozen=True, slots=True)
class RolloverGain:
    """What the rollover rule is worth: this run minus the same plan and usage with the
    rollover switched off (mode none; conversion, credit and promotions kept). Positive
    is better for the user; a value may be negative (a credit for unused data can make
    rollover cost money)."""

    served_mb: int
    unmet_mb_avoided: int
    throttled_mb_avoided: int
    overage_cost_saved: Decimal
    cost_saved: Decimal


@dataclass(frozen=True, slots=True)
class Simulation:
    plan: Plan
    start: str
    lines: int
    months: tuple[MonthResult, ...]
    totals: Totals
    rollover_gain: RolloverGain | None = None  # None when the plan's mode is none


K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Ranked:
    """A plan that can take the usage, in ``compare``'s ranking: its key (the catalog
    slug), its totals and its fit (the same as ``totals.fit``)."""

    key: Any
    totals: Totals
    fit: Fit


@dataclass(frozen=True, slots=True)
class Skipped:
    """A plan that cannot take the usage (or is itself invalid), with the reason."""

    key: Any
    error: InvalidInput


FIT_RANK = {fit: rank for rank, fit in enumerate(FITS)}


# --------------------------------------------------------------------------- fast records


def fast_constructor(
    cls: type, groups: dict[str, tuple[str, ...]] | None = None
) -> Callable[..., Any]:
    """A constructor for the frozen, slotted dataclass ``cls``, several times faster than
    the generated ``__init__``; it takes the same arguments (positional or by name, with
    the same plain defaults; fields with a ``default_factory`` must be given), except that
    each of ``groups`` (consecutive fields, in field order) is given as one tuple under
    the group's name.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``
    (one call per field, to get around its own read-only ``__setattr__``). A run builds
    thousands of records, so this makes each as a blank: an instance of a subclass of
    ``cls`` that adds no slot and sets attributes as any object does (and has no
    ``__init__``: calling it runs no Python code, and costs less than
    ``object.__new__(blank)``). It sets the fields as ordinary attributes, then gives the
    record its real class: the blank's layout is its base's, so Python only checks that
    ``cls`` is that base (with an unrelated class of the same slots it compares the two
    lists of slot names, ~40 ns more a record). The result is a genuine ``cls``
    instance, equal to one built with ``cls(...)`` and frozen from then on. Only the
    engine uses it, with values it has already checked.

    It is a plain function rather than a class with an ``__init__``: calling a class with
    an ``__init__`` goes through ``type.__call__`` and a fresh interpreter frame, a
    function call does not
    (~70 ns less a record). A group saves the caller from splicing tuples into a long
    argument list (``*start, *end``): unpacking a tuple into fields is cheaper.
    """
    names: tuple[str, ...] = cls.__slots__  # type: ignore[attr-defined]
    group_of = {name: group for group, members in (groups or {}).items() for name in members}
    defaults: dict[str, Any] = {}
    params = []
    body = []
    for f in fields(cls):
        group = group_of.get(f.name)
        if group is None:
            if f.default is not MISSING:
                defaults[f"_default_{f.name}"] = f.default
                params.append(f"{f.name}=_default_{f.name}")
            else:
                params.append(f.name)
            body.append(f"    _record.{f.name} = {f.name}\n")
        elif group not in params:
            params.append(group)
            targets = ", ".join(f"_record.{name}" for name in groups[group])  # type: ignore[index]
            body.append(f"    {targets}, = {group}\n")
    name = f"new_{cls.__name__}"
    source = (
        f"def {name}({', '.join(params)}):\n"
        "    _record = _Blank()\n" + "".join(body) + "    _record.__class__ = _frozen\n"
        "    return _record\n"
    )
    plain = {  # what the blank does as a plain object: set, and construct without work
        "__slots__": (),
        "__setattr__": object.__setattr__,
        "__delattr__": object.__delattr__,
        "__init__": object.__init__,
    }
    # a descriptor that replaces a slot's own (FactsOnRead) keeps that one as ``.slot``:
    # the blank sets the slot through it
    for slot in names:
        descriptor = vars(cls)[slot]
        if not isinstance(descriptor, MemberDescriptorType):
            plain[slot] = descriptor.slot
    blank = type(f"_{cls.__name__}Blank", (cls,), plain)
    namespace: dict[str, Any] = {
        "_Blank": blank,
        "_frozen": cls,
        **defaults,
    }
    exec(source, namespace)  # the same technique dataclasses uses to write __init__
    return namespace[name]


class FactsOnRead:
    """``MonthResult.facts``: a ``MonthFacts`` built from its groups on first read, then
    kept.

    Why: a run knows each month's facts as seven values (the period index, starts, ends
    and the four groups of ``FACT_GROUPS``, already tuples), but a ``MonthFacts`` of 31
    fields costs about half a microsecond to build, 36 times a simulation, and the API,
    the CLI's ``--json``, the CSV and the chart never read it. So a run stores the seven
    values in the ``facts`` slot as one tuple (the arguments of ``new_facts``), and this
    descriptor, which replaces the slot's own on the class, turns them into the
    ``MonthFacts`` the first time anyone reads ``facts`` (an equality test, a hash or a
    pickle included), stores it in the slot and returns it; later reads get that same
    object. A ``MonthResult`` built by its class (``facts=MonthFacts(...)``) holds its
    ``MonthFacts`` from the start.

    The values are immutable, so the facts are the same whenever they are built. Two
    threads reading the same month for the first time may both build it; both build
    equal facts and either is kept.
    """

    __slots__ = ("slot",)

    def __init__(self, slot: Any) -> None:
        self.slot = slot  # the member descriptor the dataclass made for the slot

    def __get__(self, record: Any, owner: type | None = None) -> Any:
        if record is None:
            return self
        facts = self.slot.__get__(record, owner)
        if facts.__class__ is tuple:  # still the run's groups
            facts = new_facts(*facts)
            self.slot.__set__(record, facts)
        return facts

    def __set__(self, record: Any, value: Any) -> None:
        self.slot.__set__(record, value)  # for object.__setattr__ (the class's __init__)


MonthResult.facts = FactsOnRead(MonthResult.__dict__["facts"])  # type: ignore[assignment,misc]

new_tranche = fast_constructor(Tranche)
new_expired_tranche = fast_constructor(ExpiredTranche)
# new_month(..., facts): facts is a MonthFacts, or the arguments of new_facts as one tuple
new_month = fast_constructor(MonthResult)
# new_facts(period_index, starts_period, ends_period, daily, overage, start, end)
new_facts = fast_constructor(MonthFacts, FACT_GROUPS)
new_totals = fast_constructor(Totals)
new_gain = fast_constructor(RolloverGain)
new_simulation = fast_constructor(Simulation)
