"""How a plan treats unused data, in the sentences of a carrier's answer page (the rule's
words of every page, ``explain.explain_rule``): a pack's conditions are stated per pack."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def rule_sentences(client, slug: str) -> dict[str, str]:
    """Each plan's rule on the carrier's page, by plan name, whitespace collapsed."""
    with translation.override("en"):
        url = reverse("carrier-answer", kwargs={"slug": slug})
    html = client.get(url).content.decode()
    found = re.findall(
        r'<p class="rule-plan"><a [^>]*>([^<]+)</a>.*?<p class="rule-how">(.*?)</p>', html, re.S
    )
    return {name: " ".join(how.split()) for name, how in found}


def test_the_minimum_use_is_stated_per_month_for_a_monthly_plan_and_per_pack_for_a_pack(
    client, make_plan
):
    rolls = {"mode": "full", "expires_after_periods": 1}
    make_plan(slug="monthly-any", name="Monthly any use", rule={**rolls, "min_use_mb": 1})
    make_plan(slug="monthly-2gb", name="Monthly 2 GB", rule={**rolls, "min_use_mb": 2048})
    make_plan(slug="pack-any", name="Pack any use", period_months=3,
              rule={**rolls, "min_use_mb": 1})  # fmt: skip
    make_plan(slug="pack-2gb", name="Pack 2 GB", period_months=3,
              rule={**rolls, "min_use_mb": 2048})  # fmt: skip

    rules = rule_sentences(client, "example-mobile")

    assert "Nothing rolls from a month without use." in rules["Monthly any use"]
    assert "Nothing rolls from a month with less than 2 GB use." in rules["Monthly 2 GB"]
    # the minimum counts over the whole pack, not in each of its months
    assert "Nothing rolls from a pack without use." in rules["Pack any use"]
    assert "month" not in rules["Pack any use"]
    assert "Nothing rolls from a pack with less than 2 GB use." in rules["Pack 2 GB"]
    assert "month" not in rules["Pack 2 GB"]
