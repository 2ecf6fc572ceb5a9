"""One meaning of "on sale": a plan a new customer can still buy, in Python and in SQL."""

import pytest

from carriers.models import Plan, PlanAvailability

pytestmark = pytest.mark.django_db


def test_a_plan_is_on_sale_exactly_when_the_query_for_plans_open_to_new_customers_finds_it(
    make_plan,
):
    for availability in PlanAvailability.values:
        make_plan(slug=availability, availability=availability)
    on_sale = {p.slug for p in Plan.objects.all() if p.is_on_sale}
    assert on_sale == set(Plan.objects.open_to_new().values_list("slug", flat=True))
    assert on_sale == {"available"}  # closed and discontinued plans are not on sale
