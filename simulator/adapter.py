"""The one place where catalog models become engine inputs."""

from __future__ import annotations

from django.db.models import QuerySet

from carriers.models import Plan as CatalogPlan
from carriers.models import RolloverRule

from . import engine


def catalog_plans(active_only: bool = True) -> QuerySet[CatalogPlan]:
    """Plans with everything the engine needs: two SQL queries however many plans."""
    plans = CatalogPlan.objects.for_simulation()
    return plans.public() if active_only else plans


def engine_plan(plan: CatalogPlan) -> engine.Plan:
    """A catalog plan, its rule and its promotions as the engine's frozen ``Plan``.

    A plan saved without a rule (only possible outside the admin and the loader) is treated
    as "no rollover", which is what a new plan gets.
    """
    try:
        rule = plan.rollover
    except RolloverRule.DoesNotExist:
        rule = RolloverRule(mode=RolloverRule.Mode.NONE)
    convert = (
        engine.Conversion(
            unit_mb=rule.convert_unit_mb,
            rate=rule.convert_rate or 0,
            benefit=rule.convert_benefit or "",
            credit=rule.convert_credit,
        )
        if rule.has_conversion
        else None
    )
    return engine.Plan(
        name=str(plan),
        currency=plan.currency,
        price=plan.price,
        allowance_mb=plan.allowance_mb,
        billing=plan.billing,
        period_months=plan.period_months,
        lines=engine.Lines(
            included=plan.lines_included,
            max=plan.lines_max,
            extra_line_price=plan.extra_line_price,
            extra_line_allowance_mb=plan.extra_line_allowance_mb,
        ),
        overage=engine.Overage(
            policy=plan.overage_policy,
            unit_mb=plan.overage_unit_mb,
            unit_price=plan.overage_unit_price,
            spend_cap=plan.overage_spend_cap,
            after_cap=plan.overage_after_cap or None,  # no cap: stored as ""
        ),
        rollover=engine.Rollover(
            mode=rule.mode,
            cap_mb=rule.cap_mb,
            bank_cap_mb=rule.bank_cap_mb,
            expires_after_periods=rule.expires_after_periods,
            order=rule.order,
            min_use_mb=rule.min_use_mb,
            forfeit_on_lapse=rule.forfeit_on_lapse,
            convert=convert,
        ),
        promotions=tuple(
            engine.Promotion(
                from_month=p.from_month,
                to_month=p.to_month,
                bonus_mb=p.bonus_mb,
                extra_expiry_periods=p.extra_expiry_periods,
                price=p.price,
                name=p.name,
            )
            for p in plan.promotions.all()
        ),
    )
