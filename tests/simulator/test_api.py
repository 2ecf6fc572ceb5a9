"""The JSON API: spec §9 shapes, the engine's numbers, and a 400/422 naming the field for
every bad input — never a 500."""

import copy
import json
from decimal import Decimal

import pytest

from carriers.catalog.loader import load_catalog

pytestmark = pytest.mark.django_db

WORKED_PLAN = {
    "name": "My plan",
    "currency": "USD",
    "billing": "monthly",
    "period_months": 1,
    "price": "30.00",
    "allowance_mb": 10240,
    "lines": {"included": 1, "max": 1, "extra_line_price": "0.00", "extra_line_allowance_mb": 0},
    "overage": {"policy": "pay_per_unit", "unit_mb": 1024, "unit_price": "10.00"},
    "rollover": {
        "mode": "capped",
        "cap_mb": 5120,
        "bank_cap_mb": None,
        "expires_after_periods": 1,
        "order": "rollover_first",
        "min_use_mb": None,
        "forfeit_on_lapse": False,
        "convert": None,
    },
    "promotions": [],
}


def post(client, url, body):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, data, content_type="application/json")


def simulate_worked(client, **rollover):
    plan = copy.deepcopy(WORKED_PLAN)
    plan["rollover"].update(rollover)
    body = {"custom_plan": plan, "start": "2026-01", "usage_mb": [4096, 1024, 2048]}
    response = post(client, "/api/v1/simulate", body)
    assert response.status_code == 200, response.content
    return response.json()


def test_worked_example_rollover_first_through_the_api(client):
    data = simulate_worked(client)
    columns = ("opening_bank_mb", "from_bank_mb", "from_allowance_mb", "expired_mb")
    columns += ("rolled_over_mb", "forfeited_mb", "closing_bank_mb", "cost")
    rows = [tuple(m[c] for c in columns) for m in data["months"]]
    assert rows == [
        (0, 0, 4096, 0, 5120, 1024, 5120, "30.00"),
        (5120, 1024, 0, 4096, 5120, 5120, 5120, "30.00"),
        (5120, 2048, 0, 3072, 5120, 5120, 5120, "30.00"),
    ]
    assert data["totals"]["granted_mb"] == 30720
    # wasted = Σexpired + Σforfeited = (0 + 4096 + 3072) + (1024 + 5120 + 5120).
    assert data["totals"]["wasted_mb"] == 18432
    assert data["totals"]["cost"] == "90.00"
    assert data["months"][0]["bank"] == [
        {"mb": 5120, "from_month": "2026-01", "usable_until": "2026-02"}
    ]
    assert data["plan"]["slug"] is None


def test_worked_example_allowance_first_expires_the_whole_tranches(client):
    data = simulate_worked(client, order="allowance_first")
    assert [m["expired_mb"] for m in data["months"]] == [0, 5120, 5120]
    assert [m["forfeited_mb"] for m in data["months"]] == [1024, 4096, 3072]
    # (0 + 5120 + 5120) + (1024 + 4096 + 3072); see docs/semantics.md on the spec's totals.
    assert data["totals"]["wasted_mb"] == 18432


def test_custom_plan_optional_fields_take_the_defaults(client):
    body = {
        "custom_plan": {"currency": "EUR", "price": "10", "allowance_mb": 1024},
        "start": "2026-01",
        "usage_mb": [2048],
    }
    data = post(client, "/api/v1/simulate", body).json()
    assert data["plan"]["rollover"]["mode"] == "none"
    assert data["plan"]["overage"]["policy"] == "block"
    assert data["months"][0]["unmet_mb"] == 1024
    assert data["totals"]["cost"] == "10.00"


def test_a_price_of_minus_zero_is_answered_as_zero(client):
    # found by review: Decimal("-0") passes "≥ 0" and used to be written "-0.00"
    body = {
        "custom_plan": {"currency": "USD", "price": "-0", "allowance_mb": 1000},
        "usage_mb": [1],
        "start": "2026-01",
    }
    response = post(client, "/api/v1/simulate", body)
    assert response.status_code == 200
    assert response.json()["plan"]["price"] == "0.00"
    assert response.json()["totals"]["cost"] == "0.00"


def test_start_defaults_to_this_month(client):
    from simulator.services import current_month

    body = {"custom_plan": {"currency": "EUR", "price": "10", "allowance_mb": 1}, "usage_mb": [0]}
    assert post(client, "/api/v1/simulate", body).json()["months"][0]["month"] == current_month()


@pytest.fixture
def catalog(db):
    load_catalog()


def test_simulate_a_catalog_plan_by_slug(client, catalog):
    body = {
        "plan": "att-mobile-share-advantage-10gb",
        "start": "2026-01",
        "usage_mb": [6144, 12288],
    }
    data = post(client, "/api/v1/simulate", body).json()
    assert data["plan"]["slug"] == "att-mobile-share-advantage-10gb"
    assert data["plan"]["carrier"]["name"] == "AT&T"
    assert data["plan"]["source_checked"] == "2026-11-22"
    # AT&T: 10 GB a month, unused rolls one cycle, used after the allowance (the facts'
    # example: 10 GB plan, 6 GB used → 4 GB rolls; next month 12 GB used takes 2 GB of it).
    first, second = data["months"]
    assert first["rolled_over_mb"] == 4096
    assert (second["from_allowance_mb"], second["from_bank_mb"]) == (10240, 2048)
    assert second["expired_mb"] == 2048


def test_plans_list_and_detail_carry_source_and_rule(client, catalog):
    listed = client.get("/api/v1/plans").json()
    assert len(listed) >= 20
    detail = client.get("/api/v1/plans/t-mobile-data-stash-2014").json()
    assert detail["rollover"]["expires_after_periods"] == 12
    assert detail["promotions"][0]["from"] == "2015-01"
    assert detail["source_url"].startswith("https://")
    assert set(WORKED_PLAN) <= set(detail)


def test_unknown_plan_detail_is_a_404_with_a_reason(client):
    response = client.get("/api/v1/plans/no-such-plan")
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "plan"


def test_compare_ranks_by_currency_then_fit_then_cost_and_lists_skipped(client, catalog):
    body = {"start": "2026-01", "usage_mb": [2048, 4096, 1024, 3072], "include_unavailable": True}
    data = post(client, "/api/v1/compare", body).json()
    keys = [
        (
            r["totals"]["currency"],
            # the fit first: full (0), slowed (1: data throttled), short (2: data unmet)
            ["full", "slowed", "short"].index(r["fit"]),
            float(r["totals"]["cost"]),
            r["totals"]["wasted_mb"],
            r["plan"]["slug"],
        )
        for r in data["results"]
    ]
    assert keys == sorted(keys)
    skipped = {s["plan"]["slug"]: s for s in data["skipped"]}
    assert "verizon-allset-bridge-data-2014" in skipped  # a 3-month pack for 4 months
    assert "3" in skipped["verizon-allset-bridge-data-2014"]["reason"]


def test_compare_filters_by_country_currency_and_billing(client, catalog):
    body = {"start": "2026-01", "usage_mb": [1024], "country": "PH"}
    data = post(client, "/api/v1/compare", body).json()
    assert {r["plan"]["country"] for r in data["results"]} == {"PH"}
    body = {"start": "2026-01", "usage_mb": [1024], "billing": "daily"}
    data = post(client, "/api/v1/compare", body).json()
    assert {r["plan"]["billing"] for r in data["results"]} == {"daily"}


def test_compare_skips_plans_with_fewer_lines_than_asked(client, catalog):
    data = post(
        client, "/api/v1/compare", {"start": "2026-01", "usage_mb": [1024], "lines": 3}
    ).json()
    ranked = {r["plan"]["slug"] for r in data["results"]}
    assert ranked <= {"att-mobile-share-advantage-10gb", "globe-gosurf-share-rollover"}
    assert any(s["errors"][0]["field"] == "lines" for s in data["skipped"])


def test_compare_costs_a_fixed_number_of_queries(client, catalog, django_assert_max_num_queries):
    from carriers.admin import duplicate_plan
    from carriers.models import Plan

    body = {"start": "2026-01", "usage_mb": [1024, 2048, 3072], "include_unavailable": True}
    # The request's transaction adds a savepoint and its release inside the test's own
    # transaction; the catalog's change stamp is 1 query, loading it 2 more (plans with
    # carrier and rule, then promotions) — only when it changed.
    with django_assert_max_num_queries(5):
        small = post(client, "/api/v1/compare", body).json()
    with django_assert_max_num_queries(3):
        post(client, "/api/v1/compare", body)
    for plan in Plan.objects.select_related("rollover").prefetch_related("promotions")[:10]:
        copy_ = duplicate_plan(plan)
        copy_.active = True
        copy_.save()
    with django_assert_max_num_queries(5):
        large = post(client, "/api/v1/compare", body).json()
    with django_assert_max_num_queries(3):
        post(client, "/api/v1/compare", body)
    assert len(large["results"]) + len(large["skipped"]) == (
        len(small["results"]) + len(small["skipped"]) + 10
    )


def test_a_curators_change_reaches_compare_at_once(client, catalog):
    from carriers.models import Plan

    body = {"start": "2026-01", "usage_mb": [1024], "country": "CA"}
    before = post(client, "/api/v1/compare", body).json()["results"][0]["totals"]["cost"]
    plan = Plan.objects.get(slug="fizz-rollover")
    plan.price = plan.price + 1
    plan.save()
    after = post(client, "/api/v1/compare", body).json()["results"][0]["totals"]["cost"]
    assert Decimal(after) == Decimal(before) + 1


def test_openapi_document_and_docs_are_served(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/simulate" in doc["paths"]
    assert "/api/v1/compare" in doc["paths"]
    assert client.get("/api/v1/docs").status_code == 200


VALID = {
    "custom_plan": {"currency": "USD", "price": "30.00", "allowance_mb": 10240},
    "start": "2026-01",
    "usage_mb": [1024],
}


def with_(**changes):
    body = copy.deepcopy(VALID)
    for path, value in changes.items():
        target = body
        *parents, last = path.split("__")
        for p in parents:
            target = target[p]
        if value is ...:
            del target[last]
        else:
            target[last] = value
    return body


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ("not json", 400, "body"),
        ('{"usage_mb": [NaN]}', 400, "body"),
        ('{"usage_mb": [Infinity]}', 400, "body"),
        (b"\xff\xfe", 400, "body"),
        ('{"usage_mb": [' + "9" * 5000 + "]}", 400, "body"),
        ("[]", 422, "body"),
        (with_(usage_mb=...), 422, "usage_mb"),
        (with_(usage_mb=[]), 422, "usage_mb"),
        (with_(usage_mb=[1] * 37), 422, "usage_mb"),
        (with_(usage_mb=[-1]), 422, "usage_mb[0]"),
        (with_(usage_mb=[10 * 1024 * 1024 + 1]), 422, "usage_mb[0]"),
        (with_(usage_mb=["1024"]), 422, "usage_mb[0]"),
        (with_(usage_mb=[1.5]), 422, "usage_mb[0]"),
        (with_(usage_mb=[10**30]), 422, "usage_mb[0]"),
        (with_(start="2026-13"), 422, "start"),
        (with_(start="January"), 422, "start"),
        (with_(lines=0), 422, "lines"),
        (with_(lines=2), 422, "lines"),
        (with_(extra=True), 422, "extra"),
        (with_(custom_plan__colour="red"), 422, "custom_plan.colour"),
        (with_(custom_plan__price="-1"), 422, "custom_plan.price"),
        (with_(custom_plan__price="1000000.00"), 422, "custom_plan.price"),
        (with_(custom_plan__price="1.001"), 422, "custom_plan.price"),
        (with_(custom_plan__price="NaN"), 422, "custom_plan.price"),
        (with_(custom_plan__currency="usd"), 422, "custom_plan.currency"),
        (with_(custom_plan__allowance_mb=...), 422, "custom_plan.allowance_mb"),
        (with_(custom_plan__rollover={"mode": "capped"}), 422, "custom_plan.rollover.cap_mb"),
        (
            with_(custom_plan__rollover={"mode": "full", "expires_after_periods": 0}),
            422,
            "custom_plan.rollover.expires_after_periods",
        ),
        (
            with_(custom_plan__allowance_mb=None, custom_plan__rollover={"mode": "full"}),
            422,
            "custom_plan.rollover.mode",
        ),
        (with_(custom_plan__period_months=3, usage_mb=[1, 2, 3, 4]), 422, "usage_mb"),
        (with_(custom_plan__period_months=3, usage_mb=[1, None, 3]), 422, "usage_mb[1]"),
        (
            with_(custom_plan__overage={"policy": "pay_per_unit"}),
            422,
            "custom_plan.overage.unit_mb",
        ),
        (
            with_(custom_plan__promotions=[{"from": "2026-03", "to": "2026-01"}]),
            422,
            "custom_plan.promotions[0].to",
        ),
        (with_(days_used=[40]), 422, "days_used[0]"),
        (with_(plan="att-mobile-share-advantage-10gb"), 422, "plan"),
        (with_(custom_plan=...), 422, "plan"),
    ],
)
def test_bad_input_names_the_field_and_never_500s(client, body, status, field):
    response = post(client, "/api/v1/simulate", body)
    assert response.status_code == status, response.content
    errors = response.json()["errors"]
    assert field in [e["field"] for e in errors], errors
    assert all(e["message"] for e in errors)


def test_days_for_a_day_pass_beyond_the_month_are_refused(client):
    body = with_(custom_plan__billing="daily", usage_mb=[1024], start="2026-02", days_used=[29])
    response = post(client, "/api/v1/simulate", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "days_used[0]"


def test_compare_refuses_bad_usage_with_the_field(client):
    response = post(client, "/api/v1/compare", {"usage_mb": [-5]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "usage_mb[0]"


# --------------------------------------------------------------------------- caps, credits, value


def test_spend_cap_after_cap_and_credit_are_accepted_in_a_custom_plan(client):
    plan = copy.deepcopy(WORKED_PLAN)
    plan["allowance_mb"] = 1024
    plan["overage"].update(spend_cap="25.00", after_cap="block")
    plan["rollover"] = {"mode": "none", "convert": {"unit_mb": 1024, "credit": "0.50"}}
    body = {"custom_plan": plan, "start": "2026-01", "usage_mb": [0, 5120]}
    data = post(client, "/api/v1/simulate", body).json()
    # January: 1 GB unused earns 0.50 off February. February: 4 GB beyond the allowance;
    # 25.00 buys 2 whole units of 10.00, so 2 GB is charged (20.00) and 2 GB blocked.
    january, february = data["months"]
    assert (january["credit"], january["cost"]) == ("0.00", "30.00")
    assert february["credit"] == "0.50"
    assert (february["overage_mb"], february["unmet_mb"]) == (2048, 2048)
    assert (february["overage_cost"], february["cost"]) == ("20.00", "49.50")
    assert data["totals"]["credit"] == "0.50"
    assert data["plan"]["overage"]["spend_cap"] == "25.00"
    assert data["plan"]["rollover"]["convert"] == {
        "unit_mb": 1024,
        "rate": 0,
        "benefit": "",
        "credit": "0.50",
    }
    assert data["rollover_gain"] is None  # mode none: nothing to value


def test_rollover_gain_says_what_the_rule_was_worth_with_money_as_strings(client):
    data = simulate_worked(client)
    # The worked example's use never goes beyond the allowance: rollover changes nothing.
    assert data["rollover_gain"] == {
        "served_mb": 0,
        "unmet_mb_avoided": 0,
        "throttled_mb_avoided": 0,
        "overage_cost_saved": "0.00",
        "cost_saved": "0.00",
    }
    plan = copy.deepcopy(WORKED_PLAN)
    body = {"custom_plan": plan, "start": "2026-01", "usage_mb": [4096, 13312]}
    gain = post(client, "/api/v1/simulate", body).json()["rollover_gain"]
    # January rolls 5 GB (the cap); February needs 13 GB: 3 GB from the bank. Without
    # rollover those 3 GB are 3 units of 10.00.
    assert gain["overage_cost_saved"] == gain["cost_saved"] == "30.00"


@pytest.mark.parametrize(
    ("overage", "rollover", "field", "code"),
    [
        ({"policy": "block", "spend_cap": "5.00"}, None, "overage.spend_cap", None),
        ({"policy": "throttle", "after_cap": "serve"}, None, "overage.after_cap", None),
        (
            {"policy": "pay_per_unit", "unit_mb": 1, "unit_price": "1.00", "after_cap": "x"},
            None,
            "overage.after_cap",
            "literal_error",
        ),
        (
            {"policy": "pay_per_unit", "unit_mb": 1, "unit_price": "1.00", "spend_cap": "1.001"},
            None,
            "overage.spend_cap",
            "decimal_max_places",
        ),
        (None, {"convert": {"unit_mb": 1024, "credit": "-1.00"}}, "rollover.convert.credit", None),
        (None, {"convert": {"unit_mb": 1024, "credit": "NaN"}}, "rollover.convert.credit", None),
        (
            None,
            {"convert": {"unit_mb": 1024, "credit": "0.001"}},
            "rollover.convert.credit",
            "decimal_max_places",
        ),
        (None, {"convert": {"unit_mb": 1024}}, "rollover.convert.rate", "no_effect"),
    ],
)
def test_bad_caps_and_credits_are_refused_naming_the_field(client, overage, rollover, field, code):
    body = copy.deepcopy(VALID)
    if overage is not None:
        body["custom_plan"]["overage"] = overage
    if rollover is not None:
        body["custom_plan"]["rollover"] = rollover
    response = post(client, "/api/v1/simulate", body)
    assert response.status_code == 422, response.content
    errors = {e["field"]: e for e in response.json()["errors"]}
    assert f"custom_plan.{field}" in errors, errors
    if code:
        assert errors[f"custom_plan.{field}"]["code"] == code
    assert errors[f"custom_plan.{field}"]["message"]


def test_smart_postpaid_gives_its_sourced_bill(client, catalog):
    # Smart Postpaid: ₱500.00 a month with 1 GB (1,024 MB); beyond it ₱2.00 per MB,
    # charges capped at ₱2,500.00 a month, then slowed. 2,500.00 / 2.00 = 1,250 whole MB.
    # January 6 GB: 5,120 MB beyond → 1,250 MB charged (2,500.00), 3,870 MB slowed.
    # February 14 GB: 13,312 beyond → 1,250 charged (2,500.00), 12,062 slowed.
    # March 3 GB: 2,048 beyond → 4,096.00 uncapped, so 1,250 charged (2,500.00), 798 slowed.
    # Each month 500.00 + 2,500.00 = 3,000.00; 9,000.00 in all.
    body = {
        "plan": "smart-postpaid-php2-per-mb",
        "start": "2026-01",
        "usage_mb": [6144, 14336, 3072],
    }
    data = post(client, "/api/v1/simulate", body).json()
    assert [m["overage_mb"] for m in data["months"]] == [1250, 1250, 1250]
    assert [m["throttled_mb"] for m in data["months"]] == [3870, 12062, 798]
    assert [m["cost"] for m in data["months"]] == ["3000.00", "3000.00", "3000.00"]
    assert data["totals"]["cost"] == "9000.00"
    assert data["plan"]["overage"]["spend_cap"] == "2500.00"
    assert data["plan"]["overage"]["after_cap"] == "throttle"
    assert data["plan"]["availability"] == "closed"  # closed plans still simulate


def test_smarty_gives_its_sourced_bill_with_the_credit(client, catalog):
    # SMARTY: £8.00 for 3 GB, blocked beyond it, 1.00 off next month per whole GB unused.
    # January 1 GB used: 2 GB unused → 2.00 off February (6.00). February 2 GB used: 1 GB
    # unused → 1.00 off March (7.00). March 3.5 GB: 512 MB blocked, nothing unused.
    # 8.00 + 6.00 + 7.00 = 21.00, with 3.00 of credit.
    body = {"plan": "smarty-3gb-money-off", "start": "2026-01", "usage_mb": [1024, 2048, 3584]}
    data = post(client, "/api/v1/simulate", body).json()
    assert [m["credit"] for m in data["months"]] == ["0.00", "2.00", "1.00"]
    assert [m["cost"] for m in data["months"]] == ["8.00", "6.00", "7.00"]
    assert (data["totals"]["credit"], data["totals"]["cost"]) == ("3.00", "21.00")
    assert data["totals"]["unmet_mb"] == 512
    assert data["plan"]["rollover"]["convert"]["credit"] == "1.00"


def test_compare_answers_fit_and_availability_and_skips_closed_plans_by_default(client, catalog):
    body = {"start": "2026-01", "usage_mb": [2048, 4096]}
    default = post(client, "/api/v1/compare", body).json()
    assert {r["availability"] for r in default["results"]} == {"available"}
    assert all(r["fit"] in ("full", "slowed", "short") for r in default["results"])
    every = post(client, "/api/v1/compare", {**body, "include_unavailable": True}).json()
    assert {"closed", "discontinued"} <= {r["availability"] for r in every["results"]}
    assert len(every["results"]) > len(default["results"])


def test_compare_filters_by_kind(client, catalog):
    body = {"start": "2026-01", "usage_mb": [2048], "kind": "travel_esim"}
    data = post(client, "/api/v1/compare", body).json()
    assert data["results"]
    assert {r["plan"]["kind"] for r in data["results"]} == {"travel_esim"}


def test_the_t_mobile_example_ranks_a_plan_that_serves_all_45_gb_first(client, catalog):
    # 3, 12, 2, –, 15, 4, 1, 8 GB: 45 GB over seven renewed months, in the US.
    usage = [3072, 12288, 2048, None, 15360, 4096, 1024, 8192]
    body = {"start": "2026-01", "usage_mb": usage, "country": "US"}
    data = post(client, "/api/v1/compare", body).json()
    top = next(r for r in data["results"] if r["totals"]["currency"] == "USD")
    assert top["fit"] == "full"
    assert top["totals"]["served_mb"] == 45 * 1024
    fits = [r["fit"] for r in data["results"] if r["totals"]["currency"] == "USD"]
    assert fits == sorted(fits, key=["full", "slowed", "short"].index)


def test_plans_carry_provenance_availability_and_caps(client, catalog):
    smart = client.get("/api/v1/plans/smart-postpaid-php2-per-mb").json()
    assert smart["assumed"] == ["allowance_mb", "availability", "price", "rollover.mode"]
    assert smart["availability"] == "closed"
    assert smart["source_checked"] == "2026-11-22"
    assert smart["source_date"] is None  # the source shows no date of its own
    assert smart["overage"]["spend_cap"] == "2500.00"
    assert smart["summary_is_quote"] is False
    listed = {p["slug"]: p for p in client.get("/api/v1/plans").json()}
    assert listed["smarty-3gb-money-off"]["rollover"]["convert"]["credit"] == "1.00"
    assert any(p["source_date"] for p in listed.values())


def test_the_api_answers_in_english_whatever_the_requests_language(client, catalog):
    response = client.get("/api/v1/plans/smarty-3gb-money-off", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.json()["name"] == "SMARTY 3 GB with money off for unused data"


def test_the_openapi_document_describes_the_new_fields_and_filters(client):
    doc = client.get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert {"spend_cap", "after_cap"} <= set(schemas["OverageIn"]["properties"])
    assert "credit" in schemas["ConvertIn"]["properties"]
    assert {"kind", "include_unavailable"} <= set(schemas["CompareIn"]["properties"])
    assert {"fit", "availability"} <= set(schemas["RankedOut"]["properties"])
    assert "rollover_gain" in schemas["SimulationOut"]["properties"]
    assert "credit" in schemas["MonthOut"]["properties"]
    assert {"assumed", "source_date", "source_checked"} <= set(
        schemas["CatalogPlanOut"]["properties"]
    )
