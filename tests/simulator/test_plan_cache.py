"""The public catalog kept in memory: loaded in a fixed number of queries, prepared once,
reloaded when a curator changes it, and filtered by one definition."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import translation

from simulator import engine, plan_cache
from simulator.plan_cache import PlanFilters

pytestmark = pytest.mark.django_db


def test_every_public_plan_is_kept_prepared_and_loading_costs_three_queries(
    make_plan, django_assert_num_queries
):
    for i in range(15):
        make_plan(
            slug=f"p{i}", promotions=[{"name": "x", "from_month": "2026-01", "to_month": "2026-01"}]
        )
    with django_assert_num_queries(3):  # the stamp; plans with carrier and rule; promotions
        cache = plan_cache.current()
    assert len(cache.plans) == 15
    assert all(isinstance(cache.prepared[p.slug], engine.PreparedPlan) for p in cache.plans)
    with django_assert_num_queries(1):  # nothing changed: only the stamp
        assert plan_cache.current() is cache


def test_inactive_plans_and_carriers_are_left_out(make_plan, carrier):
    make_plan(slug="on")
    make_plan(slug="off", active=False)
    assert [p.slug for p in plan_cache.current().plans] == ["on"]
    carrier.active = False
    carrier.save()
    assert plan_cache.current().plans == ()


def test_a_curators_change_reloads_the_cache(make_plan):
    plan = make_plan()
    before = plan_cache.current()
    plan.price = Decimal("31.00")
    plan.save()
    after = plan_cache.current()
    assert after is not before
    assert after.terms["ten-gig"].price == Decimal("31.00")


def test_a_plan_the_engine_refuses_is_kept_with_its_reason(make_plan, monkeypatch):
    make_plan(slug="fine")
    make_plan(slug="broken")
    # The database's constraints keep such plans out; data saved around them (a script, a
    # restored backup) could still hold one: here the adapter is made to produce it.
    real = plan_cache.engine_plan

    def adapter(plan):
        as_engine = real(plan)
        return replace(as_engine, period_months=0) if plan.slug == "broken" else as_engine

    monkeypatch.setattr(plan_cache, "engine_plan", adapter)
    cache = plan_cache.current()
    assert set(cache.prepared) == {"fine"}
    assert cache.invalid["broken"].codes == {"period_months": "too_small"}


def test_the_cached_plans_do_not_keep_the_language_of_the_request_that_loaded_them(make_plan):
    make_plan(name_zh_hans="十 GB")
    with translation.override("zh-hans"):
        cache = plan_cache.current()
    with translation.override("en"):
        assert cache.plans[0].name == "Ten gig"
    with translation.override("zh-hans"):
        assert cache.plans[0].name == "十 GB"
    assert cache.terms["ten-gig"].name == "Example Mobile – Ten gig"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (PlanFilters(), {"open-us"}),
        (PlanFilters(include_unavailable=True), {"open-us", "closed-us", "gone-ph"}),
        (PlanFilters(country="ph", include_unavailable=True), {"gone-ph"}),
        (PlanFilters(currency="php", include_unavailable=True), {"gone-ph"}),
        (PlanFilters(kind="prepaid", include_unavailable=True), {"closed-us"}),
        (PlanFilters(billing="daily", include_unavailable=True), set()),
        (PlanFilters(carrier="example-mobile", include_unavailable=True), {"open-us", "closed-us"}),
    ],
)
def test_filters_are_written_once_and_closed_plans_count_only_when_asked(
    make_plan, filters, expected
):
    from carriers.models import Carrier

    ph = Carrier.objects.create(name="Example PH", slug="example-ph", country="PH")
    make_plan(slug="open-us")
    make_plan(slug="closed-us", availability="closed", kind="prepaid")
    make_plan(slug="gone-ph", carrier=ph, currency="PHP", availability="discontinued")
    assert {p.slug for p in plan_cache.current().select(filters)} == expected
