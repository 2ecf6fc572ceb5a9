"""THE mapping to the engine's plans: a catalog plan → ``engine.Plan``, and a plan written
in the API's input shape (``CustomPlanIn``, which the web form builds too) → ``engine.Plan``.
Nothing else builds an engine plan.

The catalog's texts reach the engine in English (the API's language): an engine plan kept
in the plan cache serves every request, whatever its language, so pages show names from
the catalog objects, in the page's language, never from the engine plan.
"""

from __future__ import annotations

from carriers.i18n import curated
from carriers.models import Plan as CatalogPlan
from carriers.models import RolloverRule

from . import engine
from .schemas import CustomPlanIn

ENGLISH = "en"


def engine_plan(plan: CatalogPlan) -> engine.Plan:
    """A catalog plan, its rule and its promotions as the engine's frozen ``Plan``.

    Expects ``Plan.objects.for_simulation()`` (carrier and rule joined, promotions
    prefetched). A plan saved without a rule (only possible outside the admin and the
    loader) is treated as "no rollover", which is what a new plan gets.
    """
    try:
        rule = plan.rollover
    except RolloverRule.DoesNotExist:
        rule = RolloverRule(mode=RolloverRule.Mode.NONE)
    convert = (
        engine.Conversion(
            unit_mb=rule.convert_unit_mb,
            rate=rule.convert_rate or 0,
            benefit=curated(rule, "convert_benefit", ENGLISH).text,
            credit=rule.convert_credit,
        )
        if rule.has_conversion
        else None
    )
    carrier = curated(plan.carrier, "name", ENGLISH)
    return engine.Plan(
        name=f"{carrier} – {curated(plan, 'name', ENGLISH)}",
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
                name=curated(p, "name", ENGLISH).text,
            )
            for p in plan.promotions.all()
        ),
    )


def custom_engine_plan(plan: CustomPlanIn) -> engine.Plan:
    """A plan written inline (the API's ``custom_plan``; the form's "my own plan") as the
    engine's ``Plan``. Its fields are the engine's, by name: the engine checks the rules
    between them."""
    rule = plan.rollover
    return engine.Plan(
        name=plan.name,
        currency=plan.currency,
        price=plan.price,
        allowance_mb=plan.allowance_mb,
        billing=plan.billing,
        period_months=plan.period_months,
        lines=engine.Lines(**plan.lines.model_dump()),
        overage=engine.Overage(**plan.overage.model_dump()),
        rollover=engine.Rollover(
            **rule.model_dump(exclude={"convert"}),
            convert=rule.convert and engine.Conversion(**rule.convert.model_dump()),
        ),
        promotions=tuple(engine.Promotion(**p.model_dump()) for p in plan.promotions),
    )
