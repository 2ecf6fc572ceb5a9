"""The JSON API's input and output shapes (spec §9). Types and bounds live here; the rules
between fields (a capped rule needs a cap, N whole periods …) are the engine's."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StrictBool, StrictInt

from . import engine

MonthStr = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$",
        description="A month, YYYY-MM.",
        examples=["2026-01"],
    ),
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
    policy: Literal["block", "throttle", "pay_per_unit"] = "block"
    unit_mb: MB | None = None
    unit_price: Money | None = None


class ConvertIn(Strict):
    unit_mb: MB
    rate: Annotated[StrictInt, Field(ge=0, le=engine.MAX_CONVERSION_RATE)]
    benefit: Annotated[str, Field(min_length=1, max_length=50)]


class RolloverIn(Strict):
    mode: Literal["none", "full", "capped"] = "none"
    cap_mb: MB | None = None
    bank_cap_mb: MB | None = None
    expires_after_periods: Annotated[StrictInt, Field(le=engine.MAX_EXPIRY_PERIODS)] | None = None
    order: Literal["rollover_first", "allowance_first"] = "rollover_first"
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
    billing: Literal["monthly", "daily"] = "monthly"
    period_months: Annotated[StrictInt, Field(ge=1, le=engine.MAX_PERIOD_MONTHS)] = 1
    price: Money
    allowance_mb: MB | None = Field(description="Data per period; null = unlimited.")
    lines: LinesIn = LinesIn()
    overage: OverageIn = OverageIn()
    rollover: RolloverIn = RolloverIn()
    promotions: Annotated[list[PromotionIn], Field(max_length=50)] = []

    def to_engine(self) -> engine.Plan:
        r = self.rollover
        return engine.Plan(
            name=self.name,
            currency=self.currency,
            price=self.price,
            allowance_mb=self.allowance_mb,
            billing=self.billing,
            period_months=self.period_months,
            lines=engine.Lines(**self.lines.model_dump()),
            overage=engine.Overage(**self.overage.model_dump()),
            rollover=engine.Rollover(
                mode=r.mode,
                cap_mb=r.cap_mb,
                bank_cap_mb=r.bank_cap_mb,
                expires_after_periods=r.expires_after_periods,
                order=r.order,
                min_use_mb=r.min_use_mb,
                forfeit_on_lapse=r.forfeit_on_lapse,
                convert=None if r.convert is None else engine.Conversion(**r.convert.model_dump()),
            ),
            promotions=tuple(engine.Promotion(**p.model_dump()) for p in self.promotions),
        )


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
    billing: Literal["monthly", "daily"] | None = None


# ---------------------------------------------------------------- outputs (for the document)

MoneyStr = Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]{2}$", examples=["30.00"])]


class ErrorOut(Schema):
    field: str
    code: str
    message: str


class ErrorsOut(Schema):
    detail: str
    errors: list[ErrorOut]


class TrancheOut(Schema):
    mb: int
    from_month: str
    usable_until: str | None


class MonthOut(Schema):
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
    plan_cost: MoneyStr
    overage_cost: MoneyStr
    cost: MoneyStr
    bank: list[TrancheOut]


class TotalsOut(Schema):
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
    plan_cost: MoneyStr
    overage_cost: MoneyStr
    cost: MoneyStr
    served_mb: int
    wasted_mb: int
    final_bank_mb: int
    cost_per_gb: MoneyStr | None


class LinesOut(Schema):
    included: int
    max: int
    extra_line_price: MoneyStr
    extra_line_allowance_mb: int


class OverageOut(Schema):
    policy: str
    unit_mb: int | None
    unit_price: MoneyStr | None


class ConvertOut(Schema):
    unit_mb: int
    rate: int
    benefit: str


class RolloverOut(Schema):
    mode: str
    cap_mb: int | None
    bank_cap_mb: int | None
    expires_after_periods: int | None
    order: str
    min_use_mb: int | None
    forfeit_on_lapse: bool
    convert: ConvertOut | None


class PromotionOut(Schema):
    model_config = ConfigDict(populate_by_name=True)

    name: str
    from_month: str = Field(alias="from")
    to_month: str = Field(alias="to")
    bonus_mb: int
    extra_expiry_periods: int
    price: MoneyStr | None


class CarrierOut(Schema):
    slug: str
    name: str
    country: str


class PlanTermsOut(Schema):
    name: str
    currency: str
    billing: str
    period_months: int
    price: MoneyStr
    allowance_mb: int | None
    lines: LinesOut
    overage: OverageOut
    rollover: RolloverOut
    promotions: list[PromotionOut]


class CatalogPlanOut(PlanTermsOut):
    slug: str
    carrier: CarrierOut
    kind: str
    availability: str
    throttle_kbps: int | None
    rollover_summary: str
    notes: str
    source_url: str
    source_checked: str


class SimulatedPlanOut(PlanTermsOut):
    slug: str | None
    carrier: CarrierOut | None = None
    kind: str | None = None
    availability: str | None = None
    throttle_kbps: int | None = None
    rollover_summary: str | None = None
    notes: str | None = None
    source_url: str | None = None
    source_checked: str | None = None


class SimulationOut(Schema):
    plan: SimulatedPlanOut
    start: str
    lines: int
    months: list[MonthOut]
    totals: TotalsOut


class PlanSummaryOut(Schema):
    slug: str
    name: str
    carrier: str
    country: str
    currency: str
    billing: str
    period_months: int
    availability: str


class RankedOut(Schema):
    plan: PlanSummaryOut
    totals: TotalsOut


class SkippedOut(Schema):
    plan: PlanSummaryOut
    reason: str
    errors: list[ErrorOut]


class CompareOut(Schema):
    results: list[RankedOut]
    skipped: list[SkippedOut]
