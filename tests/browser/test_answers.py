"""'Does my card roll over?' in a real browser: from the home page, a question typed in the
search box is answered on the next page, in English and in Chinese, with the keyboard alone,
on a phone too (see conftest.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE

QUESTIONS = [
    (
        "TM卡流量能累积吗",
        "/carriers/t-mobile-us/",
        "No: none of the 4 T-Mobile US plans on sale today rolls unused data over.",
    ),
    (
        "Smart卡流量累积",
        "/carriers/smart-ph/",
        "Only one: Magic Data 99",
    ),
    (
        "美国E卡流量能结转到下个月吗",
        "/categories/us-travel-esim/",
        "none of the 4",
    ),
]

ANSWER_PAGES = [
    "/carriers/",
    "/carriers/t-mobile-us/",
    "/carriers/smart-ph/",
    "/carriers/tello/",
    "/categories/us-travel-esim/",
    "/search/?q=TM卡和Smart卡",
    "/search/?q=Zorbafone",
]


def ask(page: Page, lang: str, question: str) -> None:
    """Open the home page, type the question in the search box and press Enter."""
    page.goto(f"/{lang}/")
    page.locator("#search-q").fill(question)
    page.locator("#search-q").press("Enter")


def verdict(page: Page):
    return page.locator(".verdict-headline")


@pytest.mark.parametrize(("question", "path", "answer"), QUESTIONS)
def test_a_question_typed_on_the_home_page_is_answered_on_the_next_page(
    page: Page, question, path, answer
):
    ask(page, "en", question)
    expect(page).to_have_url(re.compile(re.escape(f"/en{path}") + "$"))
    expect(verdict(page)).to_contain_text(answer)
    expect(page.get_by_role("heading", level=1)).to_contain_text("roll unused data over?")


@pytest.mark.parametrize(("question", "path", "_answer"), QUESTIONS)
def test_in_chinese_the_question_is_answered_on_a_chinese_page(new_page, question, path, _answer):
    page = new_page(locale="zh-CN")
    ask(page, "zh-hans", question)
    expect(page).to_have_url(re.compile(re.escape(f"/zh-hans{path}") + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(verdict(page)).to_be_visible()
    expect(verdict(page)).not_to_be_empty()


def test_the_chinese_answer_shows_chinese_notes_and_marks_english_names(new_page):
    page = new_page(locale="zh-CN")
    ask(page, "zh-hans", "TM卡")
    expect(page.locator(".notes")).to_contain_text("T-Mobile 的旧版流量结转叫 Data Stash")
    expect(page.locator("h1 [lang=en]")).to_have_text("T-Mobile US")


def test_the_answer_can_be_reached_with_the_keyboard_alone(page: Page):
    page.goto("/en/")
    for _ in range(20):  # Tab from the top of the page until the search box has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-q":
            break
    else:
        pytest.fail("Tab never reached the search box")
    page.keyboard.type("T~M卡")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/carriers/t-mobile-us/$"))
    expect(verdict(page)).to_contain_text("No: none of the 4 T-Mobile US plans")


def test_from_the_answer_simulate_this_plan_opens_the_form_with_the_plan_chosen(page: Page):
    page.goto("/en/carriers/smart-ph/")
    card = page.locator(".plan-card").filter(has_text="Magic Data 99")
    card.get_by_role("link", name="Simulate this plan").click()
    expect(page).to_have_url(re.compile(r"/en/\?plan=smart-magic-data-99$"))
    expect(page.get_by_label("Plan", exact=True)).to_have_value("smart-magic-data-99")


def test_an_unknown_name_offers_my_own_plan_and_the_carrier_list(page: Page):
    ask(page, "en", "Zorbafone")
    expect(page.get_by_role("heading", name="We don't know “Zorbafone”.")).to_be_visible()
    page.get_by_role("link", name="Type in your plan's terms and simulate it").click()
    expect(page.get_by_label("Plan", exact=True)).to_have_value("custom")


def test_the_carrier_list_is_in_the_main_menu(page: Page):
    page.goto("/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Carriers").click()
    expect(page).to_have_url(re.compile(r"/en/carriers/$"))
    expect(page.get_by_role("link", name="T-Mobile US")).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_on_a_phone_the_answer_pages_do_not_scroll_sideways(new_page, lang):
    page = new_page(viewport=PHONE, locale="zh-CN" if lang == "zh-hans" else "en-US")
    for path in ["/", *ANSWER_PAGES]:
        page.goto(f"/{lang}{path}")
        width = page.evaluate("document.documentElement.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path


def test_on_a_phone_the_plans_are_stacked_cards(phone_page: Page):
    phone_page.goto("/en/carriers/t-mobile-us/")
    cards = phone_page.locator(".plan-cards").first.locator(".plan-card")
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"]  # one below the other
    assert first["width"] > 300  # the whole width of the phone's page
