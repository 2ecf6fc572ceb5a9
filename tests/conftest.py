import datetime
import os
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import settings

from carriers.models import Carrier, Plan, Promotion, RolloverRule


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request leaves its language active in
    the thread (Django's LocaleMiddleware), and a test after a Chinese one would read zh."""
    yield
    translation.deactivate()


@pytest.fixture
def carrier(db):
    return Carrier.objects.create(name="Example Mobile", slug="example-mobile", country="US")


@pytest.fixture
def make_plan(carrier):
    """Create a plan with its rollover rule (and promotions); overrides by keyword."""

    def make(rule=None, promotions=(), **fields):
        values = {
            "carrier": carrier,
            "name": "Ten gig",
            "slug": "ten-gig",
            "currency": "USD",
            "price": Decimal("30.00"),
            "allowance_mb": 10240,
            "source_url": "https://example.com/terms",
            "source_checked": datetime.date(2026, 11, 22),
        }
        values.update(fields)
        plan = Plan.objects.create(**values)
        RolloverRule.objects.create(plan=plan, **(rule or {}))
        for promo in promotions:
            Promotion.objects.create(plan=plan, **promo)
        return plan

    return make


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and cached data never leak from one test into the next."""
    from django.core.cache import cache

    from simulator import plan_cache

    cache.clear()
    plan_cache.clear()
    yield
    cache.clear()
    plan_cache.clear()


# CI runs the property tests on fixed examples so a green build stays green; locally they
# explore new random examples on every run.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
