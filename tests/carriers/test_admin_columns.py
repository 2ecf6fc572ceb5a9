"""The carriers and categories lists show each record's aliases, from one column definition."""

import pytest
from django.urls import reverse

from carriers.models import Carrier, Category

pytestmark = pytest.mark.django_db


def test_the_carrier_and_category_lists_show_the_aliases_people_type(admin_client):
    Carrier.objects.create(
        name="T-Mobile", slug="t-mobile-us", country="US", aliases=["TM卡", "T-Mobile"]
    )
    Category.objects.create(
        name="US travel eSIMs", slug="us", kind="travel_esim", country="US", aliases=["美国E卡"]
    )
    carriers = admin_client.get(reverse("admin:carriers_carrier_changelist")).content.decode()
    categories = admin_client.get(reverse("admin:carriers_category_changelist")).content.decode()
    assert "TM卡, T-Mobile" in carriers
    assert "美国E卡" in categories
