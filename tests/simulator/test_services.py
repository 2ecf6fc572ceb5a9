"""The use cases hand back the engine's objects with the catalog plans they came from, and
name every refusal the API's way."""

from dataclasses import replace
from decimal import Decimal

import pytest

from simulator import engine, plan_cache, services
from simulator.plan_cache import PlanFilters
from simulator.schemas import CustomPlanIn

pytestmark = pytest.mark.django_db

GB = 1024


def custom(**changes) -> CustomPlanIn:
    plan = {"currency": "USD", "price": "30.00", "allowance_mb": 10 * GB, **changes}
    return CustomPlanIn.model_validate(plan)


def test_a_catalog_plan_simulates_with_its_catalog_plan_beside_the_engines_result(make_plan):
    plan = make_plan(rule={"mode": "full"})
    result = services.simulate(plan="ten-gig", usage_mb=[4 * GB, 12 * GB], start="2026-01")
    assert result.catalog_plan == plan
    assert isinstance(result.simulation, engine.Simulation)
    # 10 GB, 4 GB used: 6 GB rolls over and serves February's 2 GB beyond its allowance.
    assert result.simulation.months[0].rolled_over_mb == 6 * GB
    assert result.simulation.totals.unmet_mb == 0
    assert result.simulation.rollover_gain.served_mb == 2 * GB


def test_a_plan_written_inline_has_no_catalog_plan(db):
    result = services.simulate(custom_plan=custom(), usage_mb=[GB], start="2026-01")
    assert result.catalog_plan is None
    assert result.simulation.plan.name == "My plan"


def test_a_plan_written_inline_is_refused_by_its_field_in_the_request(db):
    with pytest.raises(engine.InvalidInput) as caught:
        services.simulate(
            custom_plan=custom(rollover={"mode": "capped"}), usage_mb=[GB, -1], start="2026-01"
        )
    assert caught.value.codes == {
        "custom_plan.rollover.cap_mb": "cap_required",
        "usage_mb[1]": "negative",
    }


def test_a_catalog_plan_the_use_does_not_fit_names_the_use_and_the_plan(make_plan):
    make_plan(period_months=3)
    with pytest.raises(engine.InvalidInput) as caught:
        services.simulate(plan="ten-gig", usage_mb=[GB, GB], start="2026-01", lines=2)
    assert caught.value.codes == {"usage_mb": "not_whole_periods", "lines": "too_many_lines"}


def test_an_unknown_slug_and_a_plan_and_custom_plan_together_are_refused(make_plan):
    make_plan()
    with pytest.raises(engine.InvalidInput) as unknown:
        services.simulate(plan="nope", usage_mb=[GB])
    assert unknown.value.codes == {"plan": "unknown_plan"}
    with pytest.raises(engine.InvalidInput) as both:
        services.simulate(plan="ten-gig", custom_plan=custom(), usage_mb=[GB])
    assert both.value.codes == {"plan": "plan_or_custom_plan"}


def test_a_catalog_plan_the_engine_refuses_is_named_as_the_plan(make_plan, monkeypatch):
    make_plan()
    real = plan_cache.engine_plan
    monkeypatch.setattr(plan_cache, "engine_plan", lambda p: replace(real(p), period_months=0))
    with pytest.raises(engine.InvalidInput) as caught:
        services.simulate(plan="ten-gig", usage_mb=[GB])
    assert caught.value.codes == {"plan": "too_small"}


@pytest.fixture
def three_plans(make_plan):
    """A cheap plan that leaves use unserved, a dearer one that serves it, a closed one."""
    make_plan(slug="small", allowance_mb=2 * GB, price=Decimal("10.00"))
    make_plan(slug="big", allowance_mb=20 * GB, price=Decimal("25.00"))
    make_plan(slug="closed", price=Decimal("5.00"), allowance_mb=50 * GB, availability="closed")


def test_compare_ranks_the_plans_open_to_new_customers_fit_first(three_plans):
    result = services.compare(usage_mb=[5 * GB], start="2026-01")
    assert [(r.key, r.fit) for r in result.ranked] == [("big", "full"), ("small", "short")]
    assert set(result.plans_by_slug) == {"big", "small"}
    assert result.yours is None


def test_compare_adds_closed_plans_only_when_asked(three_plans):
    result = services.compare(
        usage_mb=[5 * GB], start="2026-01", filters=PlanFilters(include_unavailable=True)
    )
    assert [r.key for r in result.ranked] == ["closed", "big", "small"]


def test_your_own_catalog_plan_is_ranked_whatever_the_filters(three_plans):
    result = services.compare(usage_mb=[5 * GB], start="2026-01", yours="closed")
    assert [r.key for r in result.ranked] == ["closed", "big", "small"]
    assert result.yours == "closed"
    # A filter no catalog plan matches still keeps the person's own.
    result = services.compare(
        usage_mb=[5 * GB], start="2026-01", filters=PlanFilters(country="PH"), yours="big"
    )
    assert [r.key for r in result.ranked] == ["big"]


def test_your_own_plan_written_inline_is_ranked_among_the_catalogs(three_plans):
    result = services.compare(
        usage_mb=[5 * GB], start="2026-01", yours=custom(price="20.00", allowance_mb=6 * GB)
    )
    assert [r.key for r in result.ranked] == ["", "big", "small"]
    assert result.yours == services.YOURS
    assert result.yours_plan.price == Decimal("20.00")
    assert result.yours_error is None


def test_your_own_plan_that_cannot_take_the_use_says_why_in_the_requests_terms(three_plans):
    result = services.compare(
        usage_mb=[5 * GB], start="2026-01", yours=custom(rollover={"mode": "capped"})
    )
    assert result.yours is None
    assert result.yours_error.codes == {"custom_plan.rollover.cap_mb": "cap_required"}
    assert [r.key for r in result.ranked] == ["big", "small"]
    assert result.skipped == []


def test_compare_lists_plans_that_cannot_take_the_use_with_the_reason(make_plan):
    make_plan(slug="pack", period_months=3)
    make_plan(slug="month")
    result = services.compare(usage_mb=[GB, GB], start="2026-01")
    assert [r.key for r in result.ranked] == ["month"]
    [skipped] = result.skipped
    assert (skipped.key, skipped.error.codes) == ("pack", {"usage_mb": "not_whole_periods"})


def test_compare_refuses_invalid_use_itself(make_plan):
    make_plan()
    with pytest.raises(engine.InvalidInput) as caught:
        services.compare(usage_mb=[-1])
    assert caught.value.codes == {"usage_mb[0]": "negative"}


def test_the_plan_list_holds_every_public_plan_with_its_engine_terms(three_plans):
    entries = services.list_plans()
    assert {e.plan.slug for e in entries} == {"small", "big", "closed"}
    assert all(e.terms.currency == "USD" for e in entries)
    assert services.get_plan("big").terms.allowance_mb == 20 * GB
    assert services.get_plan("nope") is None
