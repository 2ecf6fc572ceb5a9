"""The JSON contract (spec §9), written once.

Inputs: what the API takes (``SimulateIn``, ``CompareIn`` and a plan written inline,
``CustomPlanIn``), which is also what the web form builds from its GB fields. Types and
bounds live here; the rules between fields (a capped rule needs a cap, N whole periods …)
are the engine's.

Outputs: the engine's own result fields. ``MonthOut``, ``TotalsOut``, ``RolloverGainOut``
and the plan's terms are generated from the engine's dataclasses (``engine_schema``), so a
field the engine adds reaches the API, ``simulate --json`` / ``compare --json`` and the
CSV's columns without being written out again. Every output is built from engine objects
(``model_validate(obj, from_attributes=True)``); money is a string with 2 decimals
(``MoneyOut``: ``"30.00"``), data is whole MB.

Catalog texts in the API are English: the API answers in English whatever the request's
language (field names and codes are the contract; docs/site.md).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictBool,
    StrictInt,
    WithJsonSchema,
    create_model,
)

from carriers.i18n import curated
from carriers.models import Plan as CatalogPlan
from carriers.models import PlanAvailability, PlanKind

from . import engine

# ---------------------------------------------------------------------------------- inputs

MonthStr = Annotated[
    str,
    Field(pattern=engine.MONTH_PATTERN, description="A month, YYYY-MM.", examples=["2026-01"]),
]
MB = Annotated[StrictInt, Field(ge=0, le=engine.MAX_DATA_MB, description="Whole megabytes.")]
Money = Annotated[
    Decimal,
    Field(
        ge=0,
        le=engine.MAX_PRICE,
        max_digits=8,
        decimal_places=2,
        description='Money with at most 2 decimals, best written as a string: "30.00".',
    ),
]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class LinesIn(Strict):
    included: Annotated[StrictInt, Field(ge=1, le=engine.MAX_LINES)] = 1
    max: Annotated[StrictInt, Field(ge=1, le=engine.MAX_LINES)] = 1
    extra_line_price: Money = Decimal("0.00")
    extra_line_allowance_mb: MB = 0


class OverageIn(Strict):
    policy: Literal[engine.POLICIES] = "block"  # type: ignore[valid-type]
    unit_mb: MB | None = None
    unit_price: Money | None = None
    spend_cap: Money | None = Field(
        default=None,
        description="pay_per_unit only: the most overage charged in a month (a day for a "
        "day pass). null: no cap.",
    )
    after_cap: Literal[engine.AFTER_CAP] | None = Field(  # type: ignore[valid-type]
        default=None,
        description="With a spend_cap: what happens to the excess beyond it (default serve: "
        "still served, free).",
    )


class ConvertIn(Strict):
    unit_mb: MB
    rate: Annotated[StrictInt, Field(ge=0, le=engine.MAX_CONVERSION_RATE)] = 0
    benefit: Annotated[str, Field(max_length=50)] = ""
    credit: Money | None = Field(
        default=None,
        description="Money off the next period's price per whole unit_mb forfeited. With a "
        "credit, rate and benefit may be left out.",
    )


class RolloverIn(Strict):
    mode: Literal[engine.MODES] = "none"  # type: ignore[valid-type]
    cap_mb: MB | None = None
    bank_cap_mb: MB | None = None
    expires_after_periods: Annotated[StrictInt, Field(le=engine.MAX_EXPIRY_PERIODS)] | None = None
    order: Literal[engine.ORDERS] = "rollover_first"  # type: ignore[valid-type]
    min_use_mb: MB | None = None
    forfeit_on_lapse: StrictBool = False
    convert: ConvertIn | None = None


class PromotionIn(Strict):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: Annotated[str, Field(max_length=150)] = ""
    from_month: MonthStr = Field(alias="from")
    to_month: MonthStr = Field(alias="to")
    bonus_mb: MB = 0
    extra_expiry_periods: Annotated[StrictInt, Field(ge=0, le=engine.MAX_EXPIRY_PERIODS)] = 0
    price: Money | None = None


class CustomPlanIn(Strict):
    name: Annotated[str, Field(min_length=1, max_length=150)] = "My plan"
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217, e.g. USD.")]
    billing: Literal[engine.BILLINGS] = "monthly"  # type: ignore[valid-type]
    period_months: Annotated[StrictInt, Field(ge=1, le=engine.MAX_PERIOD_MONTHS)] = 1
    price: Money
    allowance_mb: MB | None = Field(description="Data per period; null = unlimited.")
    lines: LinesIn = LinesIn()
    overage: OverageIn = OverageIn()
    rollover: RolloverIn = RolloverIn()
    promotions: Annotated[list[PromotionIn], Field(max_length=50)] = []


UsageList = Annotated[
    list[MB | None],
    Field(
        min_length=1,
        max_length=engine.MAX_MONTHS,
        description="One figure per month in MB; null = no service that month (lapsed).",
        examples=[[4096, 1024, None, 2048]],
    ),
]
DaysList = Annotated[
    list[Annotated[StrictInt, Field(ge=0, le=31)] | None] | None,
    Field(max_length=engine.MAX_MONTHS, description="Day passes: days of use per month."),
]
LinesCount = Annotated[StrictInt, Field(ge=1, le=engine.MAX_LINES)]
Kind = Literal[tuple(PlanKind.values)]  # type: ignore[valid-type]
Availability = Literal[tuple(PlanAvailability.values)]  # type: ignore[valid-type]
Fit = Literal[engine.FITS]  # type: ignore[valid-type]


class SimulateIn(Strict):
    plan: Annotated[str, Field(max_length=100, description="A catalog plan's slug.")] | None = None
    custom_plan: CustomPlanIn | None = None
    start: MonthStr | None = None
    usage_mb: UsageList
    days_used: DaysList = None
    lines: LinesCount = 1


class CompareIn(Strict):
    start: MonthStr | None = None
    usage_mb: UsageList
    days_used: DaysList = None
    lines: LinesCount = 1
    country: Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")] | None = None
    currency: Annotated[str, Field(pattern=r"^[A-Za-z]{3}$")] | None = None
    carrier: Annotated[str, Field(max_length=100)] | None = None
    billing: Literal[engine.BILLINGS] | None = None  # type: ignore[valid-type]
    kind: Kind | None = None
    include_unavailable: StrictBool = Field(
        default=False,
        description="false: only plans open to new customers; true: also plans closed to "
        "new customers and discontinued ones.",
    )


def field_path(loc: tuple | list) -> str:
    """A location as the API names fields: ``custom_plan.rollover.cap_mb``, ``usage_mb[3]``
    (the request's own ``body``/``payload`` levels left out)."""
    path = ""
    for part in loc:
        if part in ("body", "payload"):
            continue
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "body"


# --------------------------------------------------------------------------------- outputs


class Out(BaseModel):
    """An output: validated from the engine's objects by attribute. Plain pydantic (not
    ninja's ``Schema``, whose Django-aware attribute reading costs several times more on
    compare's ~1,000 results)."""

    model_config = ConfigDict(from_attributes=True)


def money_text(value: Decimal) -> str:
    return f"{value + 0:.2f}"  # + 0 turns a Decimal -0 (a price typed as "-0") into 0


MoneyOut = Annotated[
    Decimal,
    PlainSerializer(money_text, return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": r"^[0-9]+\.[0-9]{2}$", "examples": ["30.00"]},
        mode="serialization",
    ),
]
SignedMoneyOut = Annotated[
    Decimal,
    PlainSerializer(money_text, return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$", "examples": ["-2.00"]},
        mode="serialization",
    ),
]


def _output_type(hint: Any, nested: dict[type, type], money: Any) -> Any:
    """An engine field's type as an output type: Decimal is money written as a string,
    a tuple of records a list of their schema."""
    if hint is Decimal:
        return money
    if hint in nested:
        return nested[hint]
    origin = typing.get_origin(hint)
    if origin is tuple:
        (item, _ellipsis) = typing.get_args(hint)
        return list[_output_type(item, nested, money)]  # type: ignore[misc]
    if origin in (types.UnionType, typing.Union):
        options = [_output_type(arg, nested, money) for arg in typing.get_args(hint)]
        union = options[0]
        for option in options[1:]:
            union = union | option
        return union
    return hint


def engine_schema(
    record: type,
    *,
    exclude: tuple[str, ...] = (),
    nested: dict[type, type] | None = None,
    money: Any = MoneyOut,
    aliases: dict[str, str] | None = None,
    base: type[BaseModel] = Out,
    name: str | None = None,
) -> type[BaseModel]:
    """The output schema of an engine dataclass: its fields, in its order, with their
    types (money as ``MoneyOut``, nested records as their schemas); ``aliases`` renames a
    field in the JSON (``from_month`` → ``from``)."""
    hints = typing.get_type_hints(record)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        if f.name in exclude:
            continue
        kind = _output_type(hints[f.name], nested or {}, money)
        alias = (aliases or {}).get(f.name)
        fields[f.name] = (kind, Field(serialization_alias=alias) if alias else ...)
    return create_model(name or f"{record.__name__}Out", __base__=base, **fields)


class ErrorOut(Out):
    field: str
    code: str
    message: str


class ErrorsOut(Out):
    detail: str
    errors: list[ErrorOut]


def error_dicts(exc: engine.InvalidInput) -> list[dict[str, Any]]:
    return [{"field": e.field, "code": e.code, "message": e.message} for e in exc.errors]


TrancheOut = engine_schema(engine.Tranche)
MonthOut = engine_schema(
    engine.MonthResult, exclude=("facts",), nested={engine.Tranche: TrancheOut}, name="MonthOut"
)
TotalsOut = engine_schema(engine.Totals)
RolloverGainOut = engine_schema(engine.RolloverGain, money=SignedMoneyOut)

LinesOut = engine_schema(engine.Lines)
OverageOut = engine_schema(engine.Overage)
ConvertOut = engine_schema(engine.Conversion, name="ConvertOut")
RolloverOut = engine_schema(engine.Rollover, nested={engine.Conversion: ConvertOut})
PromotionOut = engine_schema(engine.Promotion, aliases={"from_month": "from", "to_month": "to"})
PlanTermsOut = engine_schema(
    engine.Plan,
    nested={
        engine.Lines: LinesOut,
        engine.Overage: OverageOut,
        engine.Rollover: RolloverOut,
        engine.Promotion: PromotionOut,
    },
    name="PlanTermsOut",
)


def english(obj, field: str) -> str:
    return curated(obj, field, "en").text


class CarrierOut(Out):
    slug: str
    name: str
    country: str


class CustomPlanOut(PlanTermsOut):  # type: ignore[misc, valid-type]
    slug: None = Field(default=None, description="null: a plan written inline.")


class CatalogPlanOut(PlanTermsOut):  # type: ignore[misc, valid-type]
    slug: str
    carrier: CarrierOut
    kind: Kind
    availability: Availability
    throttle_kbps: int | None
    rollover_summary: str
    summary_is_quote: bool = Field(
        description="true: rollover_summary quotes the source; false: it is the curator's."
    )
    notes: str
    source_url: str
    source_date: str | None = Field(description="The source document's own date, if any.")
    source_checked: str = Field(description="When a curator last read the source.")
    assumed: list[str] = Field(
        description="The names of the values no source states (chosen so the plan can be "
        'simulated), in the custom_plan shape: "price", "rollover.cap_mb", "promotions[0]" …'
    )

    @classmethod
    def of(cls, plan: CatalogPlan, terms: engine.Plan) -> CatalogPlanOut:
        """A catalog plan: who sells it, its terms (the engine's plan), its source."""
        rule = getattr(plan, "rollover", None)
        data = {name: getattr(terms, name) for name in PlanTermsOut.model_fields}
        data.update(
            name=english(plan, "name"),
            slug=plan.slug,
            carrier={
                "slug": plan.carrier.slug,
                "name": english(plan.carrier, "name"),
                "country": plan.carrier.country.code,
            },
            kind=plan.kind,
            availability=plan.availability,
            throttle_kbps=plan.throttle_kbps,
            rollover_summary=english(rule, "summary") if rule else "",
            summary_is_quote=bool(rule and rule.summary_is_quote),
            notes=english(plan, "notes"),
            source_url=plan.source_url,
            source_date=plan.source_date.isoformat() if plan.source_date else None,
            source_checked=plan.source_checked.isoformat(),
            assumed=plan.assumed_api_names(),
        )
        return cls.model_validate(data, from_attributes=True)


class SimulationOut(Out):
    plan: CatalogPlanOut | CustomPlanOut
    start: str
    lines: int
    months: list[MonthOut]  # type: ignore[valid-type]
    totals: TotalsOut  # type: ignore[valid-type]
    rollover_gain: RolloverGainOut | None = Field(  # type: ignore[valid-type]
        description="What the rollover rule is worth against the same plan without it "
        "(spec §7.1); null when the plan does not roll over."
    )

    @classmethod
    def of(cls, result) -> SimulationOut:
        """A ``services.SimulationResult`` as the API writes it."""
        sim = result.simulation
        if result.catalog_plan is None:
            plan = CustomPlanOut.model_validate(sim.plan, from_attributes=True)
        else:
            plan = CatalogPlanOut.of(result.catalog_plan, sim.plan)
        return cls.model_validate(
            {
                "plan": plan,
                "start": sim.start,
                "lines": sim.lines,
                "months": sim.months,
                "totals": sim.totals,
                "rollover_gain": sim.rollover_gain,
            },
            from_attributes=True,
        )


class PlanSummaryOut(Out):
    slug: str
    name: str
    carrier: str
    country: str
    currency: str
    billing: str
    period_months: int
    kind: Kind
    availability: Availability
    assumed: list[str]

    @classmethod
    def of(cls, plan: CatalogPlan) -> PlanSummaryOut:
        """The plan's summary, made once per catalog plan object: the plan cache keeps the
        objects until the catalog changes, and the summary depends on nothing else (the
        API's texts are English)."""
        summary = plan.__dict__.get("_api_summary")
        if summary is None:
            summary = plan._api_summary = cls._of(plan)
        return summary

    @classmethod
    def _of(cls, plan: CatalogPlan) -> PlanSummaryOut:
        return cls(
            slug=plan.slug,
            name=english(plan, "name"),
            carrier=english(plan.carrier, "name"),
            country=plan.carrier.country.code,
            currency=plan.currency,
            billing=plan.billing,
            period_months=plan.period_months,
            kind=plan.kind,
            availability=plan.availability,
            assumed=plan.assumed_api_names(),
        )


class RankedOut(Out):
    plan: PlanSummaryOut
    fit: Fit = Field(
        description="full: all served at full speed; slowed: all served, some slowly; "
        "short: some not served."
    )
    availability: Availability
    totals: TotalsOut  # type: ignore[valid-type]


class SkippedOut(Out):
    plan: PlanSummaryOut
    reason: str
    errors: list[ErrorOut]


class CompareOut(Out):
    results: list[RankedOut]
    skipped: list[SkippedOut]

    @classmethod
    def of(cls, result) -> CompareOut:
        """A ``services.CompareResult`` as the API writes it (catalog plans only)."""
        plans = result.plans_by_slug
        summaries = {slug: PlanSummaryOut.of(plan) for slug, plan in plans.items()}
        return cls.model_validate(
            {
                "results": [
                    {
                        "plan": summaries[r.key],
                        "fit": r.fit,
                        "availability": plans[r.key].availability,
                        "totals": r.totals,
                    }
                    for r in result.ranked
                    if r.key in plans
                ],
                "skipped": [
                    {
                        "plan": summaries[s.key],
                        "reason": "; ".join(e.message for e in s.error.errors),
                        "errors": error_dicts(s.error),
                    }
                    for s in result.skipped
                    if s.key in plans
                ],
            },
            from_attributes=True,
        )
