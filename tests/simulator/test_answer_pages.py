"""The answer pages and the search, through Django's test client: what a person reads."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from carriers.catalog.loader import load_catalog
from carriers.models import Carrier

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog(db):
    load_catalog()


def url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(name, args=args or None)


def text(response) -> str:
    """The page's main content as a person reads it: tags dropped, spaces collapsed."""
    assert response.status_code == 200
    body = response.content.decode()
    main = body[body.index("<main") : body.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def test_tmobile_answers_no_and_names_data_stash_as_before(client):
    page = text(client.get(url("carrier-answer", "t-mobile-us")))
    assert "Does T-Mobile US roll unused data over?" in page
    assert "No: none of the 4 T-Mobile US plans on sale today rolls unused data over." in page
    assert "These 3 plans, no longer on sale, rolled unused data over:" in page
    assert (
        "Simple Choice 3 GB with Data Stash (launch rules, from January 2015) Discontinued "
        "terms as of 2015 All unused data rolls over and lasts 12 months." in page
    )
    assert "The bank holds at most 20 GB." in page
    # The carrier's notes, which hold the caveat, are shown.
    assert "the Stash is grandfathered only" in page


def test_tmobile_lists_plans_on_sale_first_with_price_period_and_a_simulate_link(client):
    response = client.get(url("carrier-answer", "t-mobile-us"))
    page = text(response)
    on_sale = page.index("Plans on sale today")
    off_sale = page.index("No longer on sale")
    assert on_sale < page.index("Connect by T-Mobile $15 / 5 GB") < off_sale
    assert off_sale < page.index("Connect by T-Mobile $15 / 2 GB (2020)")
    assert "$15.00 a month · 5 GB" in page
    assert "$5.00 per day · 500 MB a day" in page
    assert 'href="/en/?plan=connect-by-t-mobile-15-5gb"' in response.content.decode()
    assert page.count("Simulate this plan") == 8  # every plan, on sale or not


def test_a_price_for_a_pack_of_months_says_so(client):
    page = text(client.get(url("carrier-answer", "verizon-us")))
    assert "$15.00 per 3 months" in page


def test_smart_answers_only_magic_data_and_that_it_never_expires(client):
    page = text(client.get(url("carrier-answer", "smart-ph")))
    assert (
        "Only one: Magic Data 99 (no-expiry data) rolls unused data over; the other 2 Smart "
        "Communications plans on sale today do not." in page
    )
    assert "Magic Data 99 (no-expiry data) All unused data rolls over and does not expire." in page


def test_a_carrier_whose_plans_roll_over_answers_yes_with_the_conditions(client):
    assert "Yes: the one Fizz plan on sale today rolls unused data over." in text(
        client.get(url("carrier-answer", "fizz"))
    )
    tello = text(client.get(url("carrier-answer", "tello")))
    assert "Yes: each of the 2 Tello plans on sale today rolls unused data over." in tello
    assert "Unused data rolls over, up to 50 GB a month, and does not expire." in tello
    assert "Nothing rolls from a month without use." in tello
    assert "A lapse wipes the bank." in tello


def test_what_no_source_states_is_labelled_as_assumed(client):
    smart = text(client.get(url("carrier-answer", "smart-ph")))
    assert (
        "For one plan on sale today no source says whether unused data rolls over; the answer "
        "assumes what its notes explain: Smart Signature Plan" in smart
    )
    tello = text(client.get(url("carrier-answer", "tello")))
    assert "No source states: bank cap, minimum use to roll, order of use." in tello
    fizz = text(client.get(url("carrier-answer", "fizz")))
    assert "No source states: lost on a lapse." in fizz
    # A plan card says when any of its terms is assumed (Fizz's price and data are).
    assert "Some of these terms are assumed: no source states them." in fizz
    dito = text(client.get(url("carrier-answer", "china-telecom")))
    assert "no source says whether" not in dito


def test_money_off_for_unused_data_is_said_where_nothing_rolls_over(client):
    page = text(client.get(url("carrier-answer", "smarty")))
    assert "No: the one SMARTY plan on sale today does not roll unused data over." in page
    assert "Each whole 1 GB not used takes £1.00 off the next month's price." in page


def test_the_us_travel_esim_category_answers_no_with_each_sellers_notes(client):
    page = text(client.get(url("category-answer", "us-travel-esim")))
    assert "Do US travel eSIMs roll unused data over?" in page
    assert (
        "No: none of the 4 US travel eSIMs on sale today rolls unused data over; leftover data "
        "is lost when the pass ends." in page
    )
    for seller in ("Airalo", "Holafly", "Keepgo", "Nomad"):
        assert f"{seller} Travel eSIM seller." in page
    assert "Holafly does not allow rollover" in page


def test_the_carrier_list_groups_carriers_by_country_each_with_its_verdict(client):
    page = text(client.get(url("carrier-list")))
    assert page.index("United States of America") < page.index("Philippines")
    assert (
        "T-Mobile US No: none of the 4 T-Mobile US plans on sale today rolls unused data over. "
        "Before: 3 plans no longer on sale rolled unused data over." in page
    )
    assert "US travel eSIMs No: none of the 4 US travel eSIMs on sale today" in page
    assert page.count("Yes:") >= 8


def test_an_inactive_carrier_is_not_listed_and_its_page_is_not_found(client):
    Carrier.objects.filter(slug="fizz").update(active=False)
    Carrier.objects.get(slug="fizz").save()  # recorded in the history: caches reload
    assert "Fizz" not in text(client.get(url("carrier-list")))
    assert client.get(url("carrier-answer", "fizz")).status_code == 404


@pytest.mark.parametrize(
    "path", ["/en/carriers/no-such-carrier/", "/zh-hans/carriers/nope/", "/en/categories/nope/"]
)
def test_an_unknown_slug_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_each_plan_page_links_to_its_carriers_answer_and_its_categorys(client):
    page = client.get(url("plan-detail", "airalo-us-esim-3gb-30d")).content.decode()
    assert 'href="/en/carriers/airalo/"' in page
    assert 'href="/en/categories/us-travel-esim/"' in page
    assert "Do US travel eSIMs roll unused data over?" in page
    page = client.get(url("plan-detail", "fizz-rollover")).content.decode()
    assert 'href="/en/carriers/fizz/"' in page
    assert "/categories/" not in page


def test_the_carrier_page_links_to_its_category(client):
    page = client.get(url("carrier-answer", "airalo")).content.decode()
    assert 'href="/en/categories/us-travel-esim/"' in page


# --- in Chinese -----------------------------------------------------------------------------


def test_the_chinese_page_shows_chinese_notes_and_plan_names(client):
    response = client.get(url("carrier-answer", "smart-ph", lang="zh-hans"))
    body = response.content.decode()
    page = text(response)
    assert '<html lang="zh-hans">' in body
    assert "Magic Data 99（不过期流量）" in page
    assert "没有找到 Smart Signature 或任何 Smart 套餐的流量结转" in page
    assert 'href="/zh-hans/?plan=smart-magic-data-99"' in body


def test_an_english_fallback_on_a_chinese_page_is_marked_lang_en(client):
    body = client.get(url("carrier-answer", "t-mobile-us", lang="zh-hans")).content.decode()
    # T-Mobile US has no Chinese name: the English one is marked, in the heading too.
    assert '<span lang="en">T-Mobile US</span>' in body
    assert "T-Mobile 的旧版流量结转叫 Data Stash" in body  # its notes are in Chinese
    # Fizz has no Chinese name but Chinese notes; Keepgo's notes exist in Chinese too.
    fizz = client.get(url("carrier-answer", "fizz", lang="zh-hans")).content.decode()
    assert '<span lang="en">Fizz</span>' in fizz
    assert "未用流量自动结转" in fizz


def test_a_chinese_name_is_not_marked_as_english(client):
    body = client.get(url("carrier-answer", "china-mobile", lang="zh-hans")).content.decode()
    assert "中国移动" in body
    assert '<span lang="en">China Mobile</span>' not in body


def test_the_chinese_category_page_uses_its_chinese_name_and_notes(client):
    page = text(client.get(url("category-answer", "us-travel-esim", lang="zh-hans")))
    assert "美国旅行 eSIM（美国E卡）" in page
    assert "供赴美旅客使用的纯流量 eSIM" in page


def test_the_english_page_marks_nothing_as_a_fallback(client):
    body = client.get(url("carrier-answer", "t-mobile-us")).content.decode()
    assert 'lang="en">T-Mobile US' not in body


# --- search ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        ("TM卡", "/carriers/t-mobile-us/"),
        ("T-M卡", "/carriers/t-mobile-us/"),
        ("T~M卡", "/carriers/t-mobile-us/"),
        ("tmobile", "/carriers/t-mobile-us/"),
        ("T-Mobile", "/carriers/t-mobile-us/"),
        ("Smart卡", "/carriers/smart-ph/"),
        ("美国E卡", "/categories/us-travel-esim/"),
        ("esim", "/categories/us-travel-esim/"),
        ("TM卡流量能累积吗", "/carriers/t-mobile-us/"),
        ("美国E卡流量能结转到下个月吗", "/categories/us-travel-esim/"),
        ("Smart卡流量累积", "/carriers/smart-ph/"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_name_or_question_redirects_straight_to_the_answer_in_the_same_language(
    client, query, answer, lang
):
    response = client.get(url("search", lang=lang), {"q": query})
    assert response.status_code == 302
    assert response["Location"] == f"/{lang}{answer}"


def test_the_home_page_has_the_search_box(client):
    body = client.get(url("home")).content.decode()
    box = body.index('action="/en/search/"')
    assert box < body.index('class="sim-form"')
    assert 'name="q"' in body


def test_several_matches_are_listed_to_choose_from_with_their_verdicts(client):
    page = text(client.get(url("search"), {"q": "TM卡和Smart卡哪个能累积"}))
    assert "Several match “TM卡和Smart卡哪个能累积”: choose one" in page
    assert "Smart Communications Only one: Magic Data 99" in page
    assert "T-Mobile US No: none of the 4 T-Mobile US plans on sale today" in page


def test_an_unknown_name_says_so_and_offers_the_custom_plan_and_the_carrier_list(client):
    response = client.get(url("search"), {"q": "Zorbafone卡"})
    page = text(response)
    body = response.content.decode()
    assert "We don't know “Zorbafone卡”." in page
    assert 'href="/en/?plan=custom"' in body
    assert "Type in your plan's terms and simulate it" in page
    assert 'href="/en/carriers/"' in body


def test_the_custom_plan_link_opens_the_form_with_my_own_plan_chosen(client):
    body = client.get("/en/", {"plan": "custom"}).content.decode()
    assert re.search(r'<option value="custom"[^>]*selected', body)


@pytest.mark.parametrize("query", ["", "   ", "~~~ - _", "・·"])
def test_an_empty_query_asks_for_a_name(client, query):
    page = text(client.get(url("search"), {"q": query}))
    assert "Type the name of a carrier or of your card" in page


def test_a_very_long_query_is_a_form_error_not_a_500(client):
    response = client.get(url("search"), {"q": "TM卡" * 200})
    page = text(response)
    assert "That is too long to look up: type at most 100 characters" in page
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["%00", "TM%00%E5%8D%A1", "%ED%A0%80", "%FF%FE", "%", "%3Cscript%3Ealert(1)%3C/script%3E"],
)
def test_odd_input_never_gives_a_500(client, query):
    response = client.get(url("search") + "?q=" + query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_search_page_without_a_query_shows_the_box(client):
    page = text(client.get(url("search")))
    assert "Does my card roll over? Type its name or your question" in page


def test_a_repeated_q_uses_the_last_one(client):
    response = client.get(url("search") + "?q=xyz&q=TM卡")
    assert response["Location"] == "/en/carriers/t-mobile-us/"


def test_the_answer_pages_and_search_cost_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    client.get(url("carrier-list"))  # fills the caches
    with django_assert_max_num_queries(3):
        client.get(url("carrier-list"))
    with django_assert_max_num_queries(3):
        client.get(url("search"), {"q": "TM卡流量能累积吗"})
    with django_assert_max_num_queries(3):
        client.get(url("category-answer", "us-travel-esim"))
