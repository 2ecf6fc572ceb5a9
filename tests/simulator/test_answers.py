"""Verdicts computed from the catalog (simulator/answers.py): no request, only plans."""

import datetime
import html

import pytest

from carriers.catalog.loader import load_catalog
from carriers.models import Carrier, Category, Plan
from simulator import answers
from simulator.answers import Answer, plan_rule, verdict

pytestmark = pytest.mark.django_db

AVAILABLE = Plan.Availability.AVAILABLE
CLOSED = Plan.Availability.CLOSED
DISCONTINUED = Plan.Availability.DISCONTINUED
NO_ROLLOVER = {"mode": "none"}


@pytest.fixture
def plans(make_plan):
    """``plans(slug=…, rule=…, **fields)``: a plan of the test carrier, with a unique slug."""

    def make(slug, **fields):
        return make_plan(slug=slug, name=slug.replace("-", " ").title(), **fields)

    return make


def test_a_carrier_whose_plans_on_sale_do_not_roll_over_is_a_no_even_with_old_rolling_plans(
    plans,
):
    # T-Mobile's shape: prepaid plans on sale that do not roll, Data Stash plans that did.
    on_sale = [plans(f"connect-{gb}", rule=NO_ROLLOVER, allowance_mb=gb * 1024) for gb in (5, 8)]
    day_pass = plans("day-pass", billing="daily", allowance_mb=500, rule=NO_ROLLOVER)
    stash_2015 = plans(
        "stash-2015",
        availability=DISCONTINUED,
        source_date=datetime.date(2015, 11, 13),
        rule={"mode": "full", "expires_after_periods": 12},
    )
    stash_2016 = plans(
        "stash-2016",
        availability=CLOSED,
        rule={"mode": "full", "expires_after_periods": 12, "bank_cap_mb": 20480},
    )
    old_no_rollover = plans("old-2gb", availability=DISCONTINUED, rule=NO_ROLLOVER)

    v = verdict([*on_sale, day_pass, stash_2015, stash_2016, old_no_rollover])

    assert v.answer == Answer.NO
    assert (v.total, v.on_sale, v.rolling, v.others) == (6, 3, (), 3)
    assert [r.plan for r in v.before] == [stash_2015, stash_2016]
    first, second = v.before
    assert (first.plan.availability, first.terms_year) == (DISCONTINUED, 2015)
    assert "All unused data rolls over and lasts 12 months." in first.how
    assert (second.plan.availability, second.terms_year) == (CLOSED, None)
    assert "The bank holds at most 20 GB." in second.how


def test_a_carrier_with_one_rolling_plan_among_several_on_sale_is_a_some(plans):
    # Smart's shape: only Magic Data keeps unused data, and it never expires.
    signature = plans("signature", rule=NO_ROLLOVER)
    giga = plans("giga-video", rule=NO_ROLLOVER)
    magic = plans("magic-data", allowance_mb=2048, rule={"mode": "full"})
    closed = plans("postpaid-per-mb", availability=CLOSED, rule=NO_ROLLOVER)

    v = verdict([signature, giga, magic, closed])

    assert v.answer == Answer.SOME
    assert [r.plan for r in v.rolling] == [magic]
    assert v.rolling[0].how.startswith("All unused data rolls over and does not expire.")
    assert (v.on_sale, v.others, v.before) == (3, 2, ())


def test_travel_esims_none_of_which_rolls_over_are_a_no(plans):
    esims = [
        plans("airalo-3gb", kind="travel_esim", rule=NO_ROLLOVER),
        plans("holafly-unlimited", kind="travel_esim", allowance_mb=None, rule=NO_ROLLOVER),
        plans("nomad-3gb", kind="travel_esim", rule=NO_ROLLOVER),
        plans("keepgo-day", kind="day_pass", billing="daily", rule=NO_ROLLOVER),
    ]
    v = verdict(esims)
    assert v.answer == Answer.NO
    assert (v.on_sale, v.rolling, v.before, v.converting) == (4, (), (), ())


def test_a_carrier_whose_every_plan_on_sale_rolls_over_is_a_yes_with_how(plans):
    # Fizz's shape: rolls automatically, lasts 2 cycles; a capped plan with conditions beside.
    fizz = plans(
        "fizz", rule={"mode": "full", "expires_after_periods": 2, "order": "rollover_first"}
    )
    tello = plans(
        "tello-unlimited",
        allowance_mb=61440,
        rule={
            "mode": "capped",
            "cap_mb": 51200,
            "bank_cap_mb": 40960,
            "min_use_mb": 1,
            "forfeit_on_lapse": True,
        },
    )
    v = verdict([fizz, tello])
    assert v.answer == Answer.YES
    assert [r.plan for r in v.rolling] == [fizz, tello]
    fizz_rule, tello_rule = v.rolling
    assert fizz_rule.how == (
        "All unused data rolls over and lasts 2 months. "
        "Rolled data is used before the new allowance."
    )
    assert tello_rule.how == (
        "Unused data rolls over, up to 50 GB a month, and does not expire. "
        "The bank holds at most 40 GB. The new allowance is used before rolled data. "
        "Nothing rolls from a month without use. A lapse wipes the bank."
    )


def test_how_long_rolled_data_lasts_counts_months_of_a_longer_pack(plans):
    pack = plans("pack", period_months=3, rule={"mode": "full", "expires_after_periods": 1})
    assert plan_rule(pack).how.startswith("All unused data rolls over and lasts 1 more pack.")


def test_a_plan_on_sale_that_turns_unused_data_into_money_off_is_no_with_a_conversion(plans):
    # SMARTY's shape: no rollover, £1 off the next plan per unused GB.
    smarty = plans(
        "smarty",
        currency="GBP",
        rule={"mode": "none", "convert_unit_mb": 1024, "convert_credit": "1.00"},
    )
    v = verdict([smarty])
    assert v.answer == Answer.NO
    assert [r.plan for r in v.converting] == [smarty]
    assert html.unescape(v.converting[0].how) == (  # HTML: the benefit may be marked
        "Unused data does not roll over. "
        "Each whole 1 GB not used takes £1.00 off the next month's price."
    )


def test_the_rules_values_no_source_states_are_carried_with_the_verdict(plans):
    assumed_none = plans("assumed-none", rule=NO_ROLLOVER, assumed=["price", "rollover.mode"])
    capped = plans(
        "capped",
        rule={"mode": "capped", "cap_mb": 1024, "bank_cap_mb": 2048},
        assumed=["rollover.bank_cap_mb", "allowance_mb"],
    )
    v = verdict([assumed_none, capped])
    assert [r.plan for r in v.mode_assumed] == [assumed_none]
    assert v.rolling[0].assumed.names == ("rollover.bank_cap_mb",)  # the rule's values only
    assert v.rolling[0].assumed.labels == "bank cap"


def test_a_carrier_whose_plans_are_all_closed_has_none_on_sale(plans):
    old = plans("old", availability=CLOSED, rule={"mode": "full", "expires_after_periods": 1})
    v = verdict([old])
    assert v.answer == Answer.NOT_ON_SALE
    assert [r.plan for r in v.before] == [old]


def test_a_carrier_without_plans_has_no_verdict_to_give():
    assert verdict([]).answer == Answer.NO_PLANS


def test_a_plan_saved_without_a_rule_counts_as_not_rolling_over(carrier):
    plan = Plan.objects.create(
        carrier=carrier,
        name="Bare",
        slug="bare",
        currency="USD",
        price="10.00",
        allowance_mb=1024,
        source_url="https://example.com",
        source_checked=datetime.date(2026, 11, 22),
    )
    assert verdict([plan]).answer == Answer.NO


# --- the directory ----------------------------------------------------------------------------


def test_the_directory_holds_active_carriers_and_categories_with_their_public_plans(plans):
    active = plans("on", rule=NO_ROLLOVER, kind="travel_esim")
    plans("hidden", rule={"mode": "full"}, active=False)
    Carrier.objects.create(name="Gone", slug="gone", country="US", active=False)
    Category.objects.create(slug="us-esim", name="US eSIMs", kind="travel_esim", country="US")
    Category.objects.create(slug="cn-esim", name="CN eSIMs", kind="travel_esim", country="CN")

    directory = answers.current()

    assert list(directory.carriers) == ["example-mobile"]
    assert directory.carrier_plans["example-mobile"] == (active,)
    assert directory.category_plans == {"us-esim": (active,), "cn-esim": ()}
    assert [c.slug for c in directory.carrier_categories["example-mobile"]] == ["us-esim"]
    assert [c.slug for c in directory.categories_of(active)] == ["us-esim"]


def test_a_new_category_is_seen_on_the_next_request(plans):
    plans("on", rule=NO_ROLLOVER, kind="travel_esim")
    assert answers.current().categories == {}
    Category.objects.create(slug="us-esim", name="US eSIMs", kind="travel_esim", country="US")
    assert list(answers.current().categories) == ["us-esim"]


def test_the_directory_is_reused_while_nothing_changes(plans, django_assert_num_queries):
    plans("on", rule=NO_ROLLOVER)
    first = answers.current()
    with django_assert_num_queries(1):  # the catalog's change stamp, nothing per carrier or name
        assert answers.current() is first


def test_a_category_change_rebuilds_the_directory(plans):
    plans("on", rule=NO_ROLLOVER)
    first = answers.current()
    Category.objects.create(
        slug="us-esim", name="US eSIMs", kind="travel_esim", country="US", aliases=["E卡"]
    )
    rebuilt = answers.current()
    assert rebuilt is not first
    assert "us-esim" in rebuilt.categories


def test_carriers_are_grouped_by_country_usual_countries_first(carrier):
    for slug, country in (("gb", "GB"), ("us", "US"), ("nz", "NZ"), ("ph", "PH")):
        Carrier.objects.create(name=slug.upper(), slug=slug, country=country)
    countries = [name for name, _carriers in answers.current().countries()]
    assert countries == ["United States of America", "Philippines", "United Kingdom", "New Zealand"]


# --- on the real catalog ----------------------------------------------------------------------


def test_the_starter_catalog_verdicts():
    load_catalog()
    directory = answers.current()

    tmobile = directory.carrier_verdict("t-mobile-us")
    assert tmobile.answer == Answer.NO
    assert tmobile.on_sale == 4
    assert {r.plan.slug for r in tmobile.before} == {
        "t-mobile-data-stash-2014",
        "t-mobile-data-stash-2016",
        "t-mobile-simple-choice-prepaid-data-stash-2015",
    }
    assert {r.terms_year for r in tmobile.before} == {2015, None}  # only one source is dated

    smart = directory.carrier_verdict("smart-ph")
    assert smart.answer == Answer.SOME
    assert [r.plan.slug for r in smart.rolling] == ["smart-magic-data-99"]
    assert "does not expire" in smart.rolling[0].how

    esims = directory.category_verdict("us-travel-esim")
    assert esims.answer == Answer.NO
    assert esims.rolling == ()

    assert directory.carrier_verdict("fizz").answer == Answer.YES
    assert directory.carrier_verdict("att-us").answer == Answer.YES
    assert [r.plan.slug for r in directory.carrier_verdict("smarty").converting] == [
        "smarty-3gb-money-off"
    ]
