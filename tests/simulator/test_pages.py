"""What the result, compare and plan-list pages say and how they are built, through Django's
test client: the headline sentence and the labelled figures, the month table and compare's
ranking as rows that are also phone cards, the ranking per currency, the error summary, the
language alternates. Figures worked out by hand in the comments."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from carriers.models import Carrier
from tests.text import INVISIBLE

from .test_views import get, page, read

pytestmark = pytest.mark.django_db

GB = 1024


@pytest.fixture(autouse=True)
def plans(make_plan, settings):
    settings.RATE_LIMIT_SIMULATIONS = ""
    make_plans(make_plan)


def make_plans(make_plan):
    # $30.00 for 10 GB; unused data rolls, up to 5 GB a month, lasts one month and is
    # used before the new allowance.
    make_plan(
        slug="roll",
        name="Roll five",
        rule={
            "mode": "capped",
            "cap_mb": 5 * GB,
            "expires_after_periods": 1,
            "order": "rollover_first",
        },
    )
    make_plan(slug="plain", name="Plain ten", price=Decimal("20.00"))  # no rollover
    make_plan(slug="old", name="Old stash", availability="closed", rule={"mode": "full"})
    make_plan(
        slug="money-off",
        name="Money off",
        currency="GBP",
        price=Decimal("8.00"),
        allowance_mb=3 * GB,
        carrier=Carrier.objects.create(name="UK Mobile", slug="uk-mobile", country="GB"),
        rule={"mode": "none", "convert_unit_mb": GB, "convert_credit": Decimal("1.00")},
    )
    make_plan(
        slug="day",
        name="Day pass",
        billing="daily",
        kind="day_pass",
        price=Decimal("5.00"),
        allowance_mb=GB,
    )
    make_plan(slug="endless", name="Endless", price=Decimal("50.00"), allowance_mb=None)
    make_plan(slug="quarter", name="Quarter pack", period_months=3, allowance_mb=30 * GB)


def simulate(client, plan, usage, lang="en", **extra):
    return page(
        get(client, "home", {"plan": plan, "start": "2026-01", "usage": usage, **extra}, lang)
    )


def headline(html: str) -> str:
    return read(re.search(r'<p class="headline">(.*?)</p>', html, re.S)[1]).text


def figures(html: str) -> dict[str, str]:
    """The summary's figures: each label and its value (markers and notes included)."""
    block = re.search(r'<dl class="summary">(.*?)</dl>', html, re.S)[1]
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block, re.S)
    return {read(label).text: read(value).text for label, value in pairs}


# --------------------------------------------------------------------------- the headline


ROLLING = "4, 1, 14"
# January uses 4 of 10 GB: 5 GB rolls (the cap), 1 GB is forfeited. February uses 1 GB from
# the bank (used first): its other 4 GB expires at February's end; 5 GB of February's
# allowance rolls, 5 GB is forfeited. March needs 14 GB: 5 GB from the bank, 9 GB of the
# allowance; its last 1 GB rolls. Rolled 11 GB, used 6 GB of it, 4 GB expired, 6 GB forfeited,
# 1 GB left. Without rollover March would leave 4 GB unserved (the plan blocks).


def test_a_rolling_plan_says_what_rolled_what_was_used_what_expired_and_its_worth(client):
    html = simulate(client, "roll", ROLLING)
    assert headline(html) == (
        "11 GB of unused data rolled over; you used 6 GB of it, 4 GB expired, and it served "
        "4 GB more for the same cost as the same plan without rollover."
    )


def test_a_plan_without_rollover_says_so_plainly_and_what_was_lost(client):
    html = simulate(client, "plain", "4, 10")
    assert headline(html) == (
        "This plan does not roll unused data over: the 6 GB you did not use was lost."
    )
    assert "Rolled over" not in figures(html)  # nothing that can only be zero


def test_a_credit_instead_of_rollover_is_the_headline(client):
    # 3 GB for £8.00: 2 GB unused in January takes £2.00 off February.
    html = simulate(client, "money-off", "1, 3")
    assert headline(html) == (
        "This plan does not roll unused data over: instead, the 2 GB you did not use took "
        "£2.00 off later months."
    )


def test_a_chinese_page_names_what_unused_data_converts_into_in_chinese(client, make_plan):
    # 3 GB a month; each whole GB not used converts into 10 minutes: January leaves 2 GB.
    rule = {"mode": "none", "convert_unit_mb": GB, "convert_rate": 10}
    make_plan(
        slug="talk",
        name="Talk time",
        allowance_mb=3 * GB,
        rule={**rule, "convert_benefit_en": "minutes", "convert_benefit_zh_hans": "分钟"},
    )
    html = simulate(client, "talk", "1", lang="zh-hans")
    result = html[html.index('<section class="result"') :]
    assert "20 分钟" in headline(html)
    assert "20 分钟" in figures(html).values()
    assert "分钟" in read(re.search(r'<p class="rule">(.*?)</p>', result, re.S)[1]).text
    assert "20 分钟" in read(re.search(r'<tr class="why">(.*?)</tr>', result, re.S)[1]).text
    assert "minutes" not in result
    plan_page = page(get(client, "plan-detail", lang="zh-hans", slug="talk"))
    assert "分钟" in plan_page and "minutes" not in plan_page
    # Without a Chinese text, the English one is shown, marked as English.
    make_plan(
        slug="talk-en",
        name="Talk in English",
        allowance_mb=3 * GB,
        rule={**rule, "convert_benefit_en": "minutes"},
    )
    html = simulate(client, "talk-en", "1", lang="zh-hans")
    result = html[html.index('<section class="result"') :]
    assert "20 minutes" in headline(html)
    marked = '<span lang="en">minutes</span>'
    assert result.count(marked) == result.count("minutes") >= 4  # rule, headline, figure, month


def test_only_the_benefit_is_marked_english_not_the_same_letters_elsewhere(client, make_plan):
    # A benefit whose text also stands in other words: only where the benefit is written is
    # it marked, not in "2 GB" or a promotion's name.
    make_plan(
        slug="gb-back",
        name="GB back",
        allowance_mb=3 * GB,
        rule={"mode": "none", "convert_unit_mb": GB, "convert_rate": 1, "convert_benefit_en": "GB"},
    )
    html = simulate(client, "gb-back", "1", lang="zh-hans")
    result = html[html.index('<section class="result"') :]
    marked = result.count('<span lang="en">GB</span>')
    assert marked >= 4  # rule, headline, figure, month
    rule = re.search(r'<p class="rule">(.*?)</p>', result, re.S)[1]
    # "converts into 1 GB per 1 GB": one is the benefit, the other the unit (not marked).
    assert rule.count('<span lang="en">GB</span>') == 1
    assert rule.count("GB") == 2


def test_day_passes_unlimited_plans_and_nothing_rolled_say_what_they_are(client):
    day = simulate(client, "day", "1", days="2")  # 2 passes of 1 GB: 1 GB of 2 GB unused
    assert headline(day) == (
        "Day passes do not roll unused data over: the 1 GB you did not use on the days you "
        "bought was lost."
    )
    endless = simulate(client, "endless", "40")
    assert headline(endless) == "This plan has unlimited data, so there is nothing to roll over."
    used_up = simulate(client, "roll", "10, 12")
    assert headline(used_up) == (
        "Nothing rolled over in these months, so rollover made no difference."
    )


def test_the_headline_comes_first_and_the_result_is_the_forms_landing_place(client):
    html = simulate(client, "roll", "4, 1")
    assert '<form method="get" action="/en/#result"' in html
    section = html.index('<section class="result" aria-labelledby="result">')
    assert (
        html.index('<h2 id="result" tabindex="-1">', section)
        < html.index('<p class="headline">', section)
        < html.index('<dl class="summary">', section)
    )


# --------------------------------------------------------------------------- the figures


def test_every_figure_has_its_label_and_none_is_an_unlabelled_pair(client):
    html = simulate(client, "roll", ROLLING)
    assert figures(html) == {
        "Total cost": "$90.00",
        "Your use": "Serves all your use",
        "Data you needed": "19 GB",
        "Cost per GB used": "$4.74",
        "Rolled over": "11 GB",
        "Used from rollover": "6 GB",
        "Expired": "4 GB",
        "Forfeited (did not roll over)": "6 GB",
        "Rolled-over data left at the end": "1 GB",
    }
    assert " / " not in read(re.search(r'<dl class="summary">(.*?)</dl>', html, re.S)[1]).text


def test_slowed_unserved_and_extra_data_are_figures_only_when_there_are_some(client):
    short = figures(simulate(client, "plain", "12"))  # blocked beyond 10 GB
    assert short["Not served"] == "2 GB"
    assert short["Your use"] == "Leaves 2 GB unserved"
    assert "Slowed down" not in short and "Charged as extra data" not in short


def test_an_assumed_value_keeps_its_marker_beside_the_figure(client, make_plan):
    make_plan(slug="guess", name="Guess", assumed=["price"])
    values = figures(simulate(client, "guess", "1"))
    assert values["Total cost"] == "$30.00 assumed"
    assert values["Your use"] == "Serves all your use"  # the price is not about data


def test_each_assumed_marker_names_only_the_values_its_figure_rests_on(client, make_plan):
    make_plan(slug="guess", name="Guess", assumed=["price", "rollover.order"])
    html = simulate(client, "guess", "1")
    summary = re.search(r'<dl class="summary">(.*?)</dl>', html, re.S)[1]
    titles = re.findall(r'<a class="assumed" href="#assumed-note" title="([^"]+)"', summary)
    assert titles == [
        "Assumed: no source states this value (price)",  # the cost
        "Assumed: no source states this value (order of use)",  # the data served
    ]
    rule = re.search(r'<p class="rule">(.*?)</p>', html, re.S)[1]
    assert "(order of use)" in rule and "price" not in rule
    ranking = page(get(client, "compare", {"plan": "guess", "start": "2026-01", "usage": "1"}))
    row = re.search(r'<tr class="fit-full baseline">(.*?)</tr>', ranking, re.S)[1]
    titles = re.findall(r'<a class="assumed" href="#assumed-note" title="([^"]+)"', row)
    assert [t.split("(")[1] for t in titles] == ["order of use)", "price)"]  # fit, then cost


# --------------------------------------------------------------------------- the month table


def test_each_month_is_one_row_whose_cells_carry_their_labels_for_a_phone(client):
    html = simulate(client, "roll", "4, , 1")
    table = re.search(r'<table class="months stack">(.*?)</table>', html, re.S)[1]
    rows = re.findall(r'<tr class="(month[^"]*)">(.*?)</tr>', table, re.S)
    assert [kind for kind, _cells in rows] == ["month", "month lapsed", "month"]
    cells = re.findall(r'<td data-label="([^"]+)"( class="\w+")?>([^<]*)</td>', rows[0][1])
    assert [(label, value) for label, _c, value in cells] == [
        ("Used", "4 GB"),
        ("From allowance", "4 GB"),
        ("From rollover", "0 GB"),
        ("Slowed, extra or unmet", "0 GB"),
        ("Expired", "0 GB"),
        ("Rolled over", "5 GB"),
        ("Forfeited", "1 GB"),
        ("Rolled-over data kept", "5 GB"),
        ("Cost", "$30.00"),
    ]
    # A phone's card hides the zero figures but use and cost: they are marked.
    assert [label for label, zero, _v in cells if zero] == [
        "From rollover",
        "Slowed, extra or unmet",
        "Expired",
    ]
    # The sentences follow their month, in a row of their own.
    assert re.search(r'</tr><tr class="why"><td colspan="10"><p>5 GB of unused', table)
    assert "not renewed</span>" in rows[1][1]


def test_the_month_table_is_escaped(client, make_plan):
    make_plan(slug="odd", name="<b>odd</b>")
    html = simulate(client, "odd", "1")
    assert "<b>odd</b>" not in html and "&lt;b&gt;odd&lt;/b&gt;" in html


# --------------------------------------------------------------------------- compare


def ranking_groups(html: str) -> list[tuple[str, list[list[str]]]]:
    """Each currency's heading and its rows (rank, plan, fit, cost, per GB, wasted, diff)."""
    groups = []
    for heading, table in re.findall(
        r'<h3 id="ranking-\w+" class="currency-group">(.*?)</h3>.*?<table class="ranking stack"'
        r"[^>]*>(.*?)</table>",
        html,
        re.S,
    ):
        rows = [row for row in read(f"<table>{table}</table>").tables[""] if row[0] != "#"]
        groups.append((read(heading).text, rows))
    return groups


def test_ranks_restart_in_each_currency_with_the_currency_as_a_heading(client):
    params = {"start": "2026-01", "usage": "2, 2", "include_unavailable": "on"}
    groups = ranking_groups(page(get(client, "compare", params)))
    assert [heading for heading, _rows in groups] == [
        "Prices in GBP: 1 plan",
        "Prices in USD: 5 plans",  # the quarter pack cannot take 2 months
    ]
    for _heading, rows in groups:
        assert [row[0] for row in rows] == [f"#{n}" for n in range(1, len(rows) + 1)]


def test_your_plans_currency_comes_first_and_its_plans_say_the_difference(client):
    params = {"plan": "plain", "country": "", "start": "2026-01", "usage": "2, 2"}
    groups = ranking_groups(page(get(client, "compare", params)))
    assert groups[0][0].startswith("Prices in USD")
    usd = {row[1]: row for row in groups[0][1]}
    assert usd["Plain ten Example Mobile · United States of America your plan"][6] == "±$0.00"
    assert usd["Roll five Example Mobile · United States of America"][6] == "+$20.00"
    assert all(row[6] == "—" for row in groups[1][1])  # another currency: no difference


def test_fit_comes_first_then_cost_in_words(client):
    params = {
        "plan": "",
        "currency": "USD",
        "billing": "monthly",
        "start": "2026-01",
        "usage": "12",
    }
    ((_heading, rows),) = ranking_groups(page(get(client, "compare", params)))
    fits = [row[2] for row in rows]
    # The 30 GB quarter pack cannot take one month; the others leave 2 GB unserved but
    # the unlimited plan.
    assert fits[0] == "Serves all your use"
    assert set(fits[1:]) == {"Leaves 2 GB unserved"}


def test_closed_plans_only_with_the_switch_and_your_own_always_marked(client):
    params = {"start": "2026-01", "usage": "2, 2"}
    html = page(get(client, "compare", params))
    assert "Old stash" not in read(html).text.split("Ranking", 1)[1]
    assert "Plans open to new customers." in html
    assert 'href="?start=2026-01&amp;usage=2%2C+2&amp;include_unavailable=on#result"' in html
    mine = page(get(client, "compare", {**params, "plan": "old"}))
    rows = [row for _h, rows in ranking_groups(mine) for row in rows]
    [old] = [row for row in rows if row[1].startswith("Old stash")]
    assert old[1].endswith("your plan Closed to new customers")


def test_a_custom_baseline_is_a_row_of_its_currency_marked_as_yours(client):
    params = {
        "plan": "custom",
        "c_name": "Mine",
        "c_currency": "GBP",
        "c_price": "5",
        "c_allowance": "4",
        "start": "2026-01",
        "usage": "2, 2",
    }
    groups = dict(ranking_groups(page(get(client, "compare", params))))
    gbp = groups["Prices in GBP: 2 plans"]
    assert [row[1] for row in gbp if "your plan" in row[1]] == ["Mine your plan"]
    assert next(iter(groups)) == "Prices in GBP: 2 plans"  # your currency first


def test_coming_from_a_plan_the_country_is_that_plans_and_the_page_says_so(client):
    # The result page's "compare" link carries the use and the plan, not the country.
    html = page(get(client, "compare", {"plan": "money-off", "start": "2026-01", "usage": "1"}))
    assert '<option value="GB" selected>United Kingdom</option>' in html
    text = read(html).text
    assert "Set to your plan's country, United Kingdom." in text
    assert "Only plans sold in United Kingdom, your plan's country." in text
    assert [h for h, _rows in ranking_groups(html)] == ["Prices in GBP: 1 plan"]
    # Choosing "Any" (an empty country) is kept.
    params = {"plan": "money-off", "country": "", "start": "2026-01", "usage": "1"}
    anywhere = page(get(client, "compare", params))
    assert len(ranking_groups(anywhere)) == 2
    assert "your plan's country" not in anywhere


# --------------------------------------------------------------------------- errors


def test_a_failed_submit_lists_every_problem_first_each_linking_to_its_field(client):
    params = {"plan": "roll", "start": "2026-13", "usage": "4, x"}
    html = page(get(client, "home", params))
    summary = re.search(
        r'<div class="error-summary" id="error-summary" tabindex="-1"(.*?)</div>', html, re.S
    )[1]
    links = re.findall(r'<a href="(#[\w-]+)">(.*?)</a>', summary)
    assert links == [
        ("#id_start", "First month: Choose a month, written YYYY-MM (e.g. 2026-01)."),
        ("#id_usage", "Use per month (GB): Month 2: “x” is not a number of GB."),
    ]
    # Right after the page's heading, before anything else.
    assert html.index("</h1>") < html.index('class="error-summary"') < html.index('class="lead"')
    assert 'id="id_usage"' in html and 'id="id_start"' in html  # the links' targets


def test_a_preset_problem_links_to_the_presets(client):
    html = page(get(client, "home", {"plan": "roll", "start": "2026-01", "preset": "x"}))
    assert '<a href="#presets">Preset: There is no preset “x”' in html
    assert 'id="presets"' in html


def test_compare_has_the_error_summary_too(client):
    html = page(get(client, "compare", {"start": "2026-01", "usage": "-1"}))
    assert 'href="#id_usage">Use per month (GB): Month 1: use cannot be negative.' in html


# --------------------------------------------------------------------------- every page


PUBLIC = [
    ("home", {"plan": "roll", "start": "2026-01", "usage": "4, 1"}, {}),
    ("compare", {"plan": "roll", "start": "2026-01", "usage": "4, 1"}, {}),
    ("plan-list", {"q": "roll"}, {}),
    ("plan-detail", {}, {"slug": "roll"}),
    ("carrier-list", {}, {}),
    ("carrier-answer", {}, {"slug": "example-mobile"}),
    ("search", {"q": "nothing known"}, {}),
]


@pytest.mark.parametrize(("name", "params", "kwargs"), PUBLIC)
def test_every_public_page_names_its_other_languages_with_the_same_query(
    client, name, params, kwargs
):
    html = page(get(client, name, params, **kwargs))
    found = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))
    assert set(found) == {"en", "zh-hans", "x-default"}
    english = found["en"]
    assert english.startswith("http://testserver/en/")
    assert found["zh-hans"] == english.replace("/en/", "/zh-hans/", 1)
    assert found["x-default"] == english.replace("/en/", "/", 1)  # redirects by language
    if params:
        assert "?" in english and all(key in english for key in params)


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize(("name", "params", "kwargs"), PUBLIC)
def test_no_page_holds_an_invisible_character(client, lang, name, params, kwargs):
    html = page(get(client, name, params, lang=lang, **kwargs))
    assert not INVISIBLE.findall(html)


def test_chinese_sentences_follow_each_other_with_nothing_between(client):
    html = simulate(client, "roll", "4, , 1", lang="zh-hans")
    why = re.findall(r'<tr class="why"><td colspan="\d+">(.*?)</td></tr>', html)
    assert why
    chart_desc = re.search(r"<desc [^>]*>(.*?)</desc>", html)[1]
    assert "。 " not in chart_desc and "。\u200b" not in chart_desc
    assert chart_desc.count("。") >= 2


# --------------------------------------------------------------------------- the plan list


def plan_rows(html: str) -> list[list[str]]:
    return [row for row in read(html).tables["plans"][1:] if len(row) > 1]


def test_plan_list_finds_a_name_however_its_spaces_and_hyphens_are_typed(client):
    # The carrier is "Example Mobile" (slug example-mobile): as the search box reads names.
    every = plan_rows(page(get(client, "plan-list", {"include_unavailable": "on"})))
    every = [row for row in every if "Example Mobile" in row[0]]
    assert len(every) >= 3
    for typed in ("Example Mobile", "example-mobile", "EXAMPLEMOBILE", "Ｅｘａｍｐｌｅ mobile"):
        found = plan_rows(page(get(client, "plan-list", {"q": typed, "include_unavailable": "on"})))
        assert sorted(found) == sorted(every), typed
    assert plan_rows(page(get(client, "plan-list", {"q": "example-mobilex"}))) == []
    for symbols in ("+", "--", "$ !"):  # no letter or digit: no name matches
        assert plan_rows(page(get(client, "plan-list", {"q": symbols}))) == [], symbols


def test_plan_list_prices_say_their_period(client):
    rows = {row[0].split(" Example")[0]: row for row in plan_rows(page(get(client, "plan-list")))}
    assert rows["Plain ten"][1] == "$20.00 a month"
    assert rows["Day pass"][1] == "$5.00 per day"
    assert rows["Day pass"][2] == "1 GB a day"
    assert rows["Quarter pack"][1] == "$30.00 per 3 months"
    assert rows["Endless"][2] == "unlimited data"


@pytest.mark.parametrize(
    ("slug", "price", "data"),
    [
        ("day", "$5.00 per day", "1 GB a day"),
        ("quarter", "$30.00 per 3 months", "30 GB"),
        ("endless", None, "unlimited at full speed"),
    ],
)
def test_a_plan_page_says_the_period_of_its_price_and_data_as_the_plan_list_does(
    client, slug, price, data
):
    terms = dict(
        re.findall(
            r"<dt>([^<]+)</dt><dd>([^<]+)",
            page(get(client, "plan-detail", slug=slug)),
        )
    )
    if price is not None:
        assert terms["Price"].strip() == price
    assert terms["Data"].strip() == data


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"q": "uk mobile"}, ["Money off"]),  # by carrier, any case
        ({"q": "ＲＯＬＬ"}, ["Roll five"]),  # full-width letters
        ({"rolls": "yes"}, ["Roll five", "Old stash"]),
        ({"rolls": "no", "kind": "day_pass"}, ["Day pass"]),
        ({"availability": "closed"}, ["Old stash"]),
        ({"country": "GB"}, ["Money off"]),
        ({"q": "nothing like it"}, []),
    ],
)
def test_plan_list_searches_and_filters(client, params, names):
    html = page(get(client, "plan-list", params))
    assert sorted(row[0].split(" Example")[0].split(" UK")[0] for row in plan_rows(html)) == sorted(
        names
    )
    count = len(names)
    assert f"{count} plan" in read(html).text


def test_plan_list_sorts_by_price_within_each_currency_or_by_name(client):
    by_price = [row[0] for row in plan_rows(page(get(client, "plan-list", {"sort": "price"})))]
    assert by_price[0].startswith("Money off")  # GBP before USD
    assert [name.split(" Example")[0] for name in by_price[1:4]] == [
        "Day pass",
        "Plain ten",
        "Old stash",
    ]  # 5.00, 20.00, then the 30.00 ones by name
    by_name = [row[0] for row in plan_rows(page(get(client, "plan-list", {"sort": "name"})))]
    assert by_name == sorted(by_name, key=str.casefold)


def test_an_unknown_filter_value_is_ignored_not_refused(client):
    html = page(get(client, "plan-list", {"rolls": "maybe", "sort": "random", "kind": "x"}))
    assert len(plan_rows(html)) == 7


def test_on_a_phone_the_plan_list_rows_are_cards_with_labels(client):
    html = page(get(client, "plan-list", lang="zh-hans"))
    assert '<table class="plans stack">' in html
    assert html.count('<td data-label="') == 4 * 7
