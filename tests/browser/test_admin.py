"""The catalog admin in a real browser, as a curator at 1280 px sees it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page


@pytest.fixture
def curator_page(page: Page) -> Page:
    get_user_model().objects.create_superuser("curator", "c@example.org", "curator-pass-123")
    page.goto("/admin/login/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "curator-pass-123")
    page.click("input[type=submit]")
    return page


def test_the_plan_list_keeps_each_plan_on_a_few_lines_beside_the_side_bars(curator_page: Page):
    # Left to the browser, the rule's column got a few characters' width and each row grew
    # to 250-300 px; its name and rule now keep a readable width (the list scrolls inside).
    curator_page.goto("/admin/carriers/plan/")
    heights = curator_page.eval_on_selector_all(
        "#result_list tbody tr", "rows => rows.map(r => r.getBoundingClientRect().height)"
    )
    assert len(heights) == 41
    assert max(heights) < 130, heights
    page_width = curator_page.evaluate("document.documentElement.scrollWidth")
    assert page_width == 1280  # the page itself never scrolls sideways
