"""Admin smoke tests: every model's changelist, search, add and change; each action;
plain-language errors for invalid combinations; a fixed query count for the plan list."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carriers.models import Carrier, Category, Plan, Promotion, RolloverRule

pytestmark = pytest.mark.django_db


def plan_form(carrier, **overrides):
    """The POST body of the plan admin form, with its rule and promotion inlines."""
    data = {
        "carrier": carrier.pk,
        "name_en": "Curated 10 GB",
        "name_zh_hans": "",
        "slug": "curated-10",
        "kind": "postpaid",
        "availability": "available",
        "active": "on",
        "billing": "monthly",
        "period_months": "1",
        "currency": "USD",
        "price": "30.00",
        "allowance_mb": "10",  # GB in the form
        "overage_policy": "throttle",
        "overage_unit_mb": "",
        "overage_unit_price": "",
        "overage_spend_cap": "",
        "overage_after_cap": "",
        "throttle_kbps": "128",
        "lines_included": "1",
        "lines_max": "1",
        "extra_line_price": "0.00",
        "extra_line_allowance_mb": "0",
        "source_url": "https://example.com/terms",
        "source_date": "",
        "source_checked": "2026-11-22",
        "notes_en": "",
        "notes_zh_hans": "",
        "rollover-TOTAL_FORMS": "1",
        "rollover-INITIAL_FORMS": "0",
        "rollover-MIN_NUM_FORMS": "1",
        "rollover-MAX_NUM_FORMS": "1",
        "rollover-0-mode": "capped",
        "rollover-0-cap_mb": "5",
        "rollover-0-bank_cap_mb": "",
        "rollover-0-expires_after_periods": "1",
        "rollover-0-order": "rollover_first",
        "rollover-0-min_use_mb": "",
        "rollover-0-convert_unit_mb": "",
        "rollover-0-convert_rate": "",
        "rollover-0-convert_benefit_en": "",
        "rollover-0-convert_benefit_zh_hans": "",
        "rollover-0-convert_credit": "",
        "rollover-0-summary_en": "Up to 5 GB rolls for a month.",
        "rollover-0-summary_zh_hans": "",
        "rollover-0-source_url": "",
        "promotions-TOTAL_FORMS": "1",
        "promotions-INITIAL_FORMS": "0",
        "promotions-MIN_NUM_FORMS": "0",
        "promotions-MAX_NUM_FORMS": "1000",
        "promotions-0-name_en": "Launch bonus",
        "promotions-0-name_zh_hans": "",
        "promotions-0-from_month": "2026-01",
        "promotions-0-to_month": "2026-03",
        "promotions-0-bonus_mb": "2",
        "promotions-0-extra_expiry_periods": "0",
        "promotions-0-price": "",
    }
    data.update(overrides)
    return data


def edit_form(plan, **overrides):
    """The POST body of ``plan``'s change form: ``plan_form`` with the plan's slug and
    version, its existing rule and no promotions, then ``overrides``."""
    return plan_form(
        plan.carrier,
        **{
            "slug": plan.slug,
            "version": str(plan.version),
            "rollover-INITIAL_FORMS": "1",
            "rollover-0-id": str(plan.rollover.pk),
            "rollover-0-plan": str(plan.pk),
            "promotions-TOTAL_FORMS": "0",
            **overrides,
        },
    )


def test_carrier_changelist_search_add_and_change(admin_client, carrier):
    url = reverse("admin:carriers_carrier_changelist")
    assert admin_client.get(url).status_code == 200
    response = admin_client.get(url, {"q": "Example"})
    assert "Example Mobile" in response.content.decode()
    assert admin_client.get(reverse("admin:carriers_carrier_add")).status_code == 200
    response = admin_client.post(
        reverse("admin:carriers_carrier_add"),
        {
            "name_en": "Smart",
            "name_zh_hans": "",
            "slug": "smart",
            "aliases": "Smart卡\nSmart\nTNT",
            "country": "PH",
            "website": "https://smart.com.ph",
            "notes_en": "",
            "notes_zh_hans": "",
            "active": "on",
            "plans-TOTAL_FORMS": "0",
            "plans-INITIAL_FORMS": "0",
            "plans-MIN_NUM_FORMS": "0",
            "plans-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    smart = Carrier.objects.get(slug="smart")
    assert smart.country == "PH"
    assert smart.aliases == ["Smart卡", "Smart", "TNT"]
    change = reverse("admin:carriers_carrier_change", args=[carrier.pk])
    assert admin_client.get(change).status_code == 200


def test_carrier_page_lists_its_plans(admin_client, make_plan):
    plan = make_plan(name="Listed plan")
    response = admin_client.get(reverse("admin:carriers_carrier_change", args=[plan.carrier.pk]))
    assert "Listed plan" in response.content.decode()


def test_a_curator_adds_a_plan_with_its_rule_and_a_promotion_in_gb(admin_client, carrier):
    response = admin_client.post(reverse("admin:carriers_plan_add"), plan_form(carrier))
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    plan = Plan.objects.get(slug="curated-10")
    assert plan.allowance_mb == 10240
    assert plan.rollover.mode == "capped"
    assert plan.rollover.cap_mb == 5120
    promo = plan.promotions.get()
    assert (promo.from_month, promo.to_month, promo.bonus_mb) == ("2026-01", "2026-03", 2048)


def errors_of(response):
    return " ".join(str(e) for e in response.context["errors"]) + " ".join(
        str(e) for fs in response.context["inline_admin_formsets"] for e in fs.formset.errors
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rollover-0-cap_mb": ""}, "A capped rule needs the cap"),
        ({"allowance_mb": ""}, "An unlimited plan has nothing to roll over"),
        ({"billing": "daily", "kind": "day_pass"}, "A day pass has no unused data"),
        ({"rollover-0-mode": "full"}, "Only a capped rule has a cap"),
        ({"rollover-0-expires_after_periods": "0"}, "greater than or equal to 1"),
        ({"overage_policy": "pay_per_unit"}, "Pay per unit needs the size of one unit"),
        ({"lines_included": "3", "lines_max": "2"}, "cannot be fewer than the lines included"),
        ({"promotions-0-to_month": "2025-12"}, "end on or after the month it starts"),
        ({"promotions-0-from_month": "2026-1x"}, "Write the month as YYYY-MM"),
        ({"price": "-1"}, "greater than or equal to 0"),
        ({"rollover-0-convert_unit_mb": "1"}, "what a unit earns"),
        ({"rollover-0-convert_rate": "1"}, "A rate and its benefit go together"),
        ({"overage_spend_cap": "25.00"}, "Only pay-per-unit overage has a spend cap"),
    ],
)
def test_an_invalid_combination_is_explained_and_nothing_is_saved(
    admin_client, carrier, overrides, message
):
    response = admin_client.post(
        reverse("admin:carriers_plan_add"), plan_form(carrier, **overrides)
    )
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not Plan.objects.exists()
    assert not RolloverRule.objects.exists()
    assert not Promotion.objects.exists()


def test_plan_changelist_search_filters_and_change_page(admin_client, make_plan):
    plan = make_plan(rule={"mode": "full", "expires_after_periods": 1})
    url = reverse("admin:carriers_plan_changelist")
    body = admin_client.get(url).content.decode()
    assert "$30.00 a month" in body  # as the plan list writes it
    assert "10 GB" in body
    assert "All unused data rolls · lasts 1 period · used after the allowance" in body
    assert "Ten gig" in admin_client.get(url, {"q": "Example"}).content.decode()
    assert "Ten gig" not in admin_client.get(url, {"q": "nothing"}).content.decode()
    for params in (
        {"rollover__mode__exact": "full"},
        {"billing__exact": "monthly"},
        {"carrier__country__exact": "US"},
        {"availability__exact": "available"},
        {"source": "fresh"},
    ):
        assert admin_client.get(url, params).status_code == 200
    change = reverse("admin:carriers_plan_change", args=[plan.pk])
    assert admin_client.get(change).status_code == 200
    assert admin_client.get(reverse("admin:carriers_plan_add")).status_code == 200


def test_stale_source_filter_finds_plans_checked_over_six_months_ago(admin_client, make_plan):
    make_plan(slug="old", name="Old terms", source_checked=datetime.date(2020, 1, 1))
    make_plan(slug="new", name="New terms", source_checked=datetime.date.today())
    body = admin_client.get(
        reverse("admin:carriers_plan_changelist"), {"source": "stale"}
    ).content.decode()
    assert "Old terms" in body
    assert "New terms" not in body


def test_a_curator_edits_a_plan_and_its_rule(admin_client, make_plan):
    plan = make_plan()
    data = edit_form(plan, price="25.00")
    response = admin_client.post(reverse("admin:carriers_plan_change", args=[plan.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.price == Decimal("25.00")
    assert plan.rollover.mode == "capped"


def test_mark_source_checked_today_action_says_what_it_did(admin_client, make_plan):
    plan = make_plan(source_checked=datetime.date(2020, 1, 1))
    response = admin_client.post(
        reverse("admin:carriers_plan_changelist"),
        {"action": "mark_source_checked", "_selected_action": [plan.pk]},
        follow=True,
    )
    plan.refresh_from_db()
    assert plan.source_checked == datetime.date.today()
    assert "Marked 1 plan's source as checked today." in [
        str(m) for m in response.context["messages"]
    ]


def test_duplicate_plan_action_copies_rule_and_promotions(admin_client, make_plan):
    plan = make_plan(
        rule={"mode": "capped", "cap_mb": 5120},
        promotions=[{"name": "Bonus", "from_month": "2026-01", "to_month": "2026-02"}],
    )
    for _ in range(2):
        response = admin_client.post(
            reverse("admin:carriers_plan_changelist"),
            {"action": "duplicate_plans", "_selected_action": [plan.pk]},
            follow=True,
        )
    assert [str(m) for m in response.context["messages"]] == [
        "Made 1 copy: ten-gig-copy-2. It is inactive until you review it."
    ]
    copy = Plan.objects.get(slug="ten-gig-copy")
    assert not copy.active
    assert copy.rollover.cap_mb == 5120
    assert copy.promotions.get().name == "Bonus"
    assert Plan.objects.get(pk=plan.pk).promotions.count() == 1


def test_plan_changelist_costs_the_same_queries_for_many_plans(admin_client, make_plan):
    make_plan(slug="one")
    url = reverse("admin:carriers_plan_changelist")
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for i in range(30):
        make_plan(slug=f"plan-{i}", name=f"Plan {i}")
    with CaptureQueriesContext(connection) as many:
        admin_client.get(url)
    assert len(many) == len(few)


def test_promotion_and_rule_admin_pages_do_not_exist_on_their_own(admin_client):
    # Rules and promotions are edited inside their plan: one place, one transaction. (Their
    # history has its own read-only lists: tests/carriers/test_history.py.)
    assert admin_client.get("/admin/carriers/rolloverrule/").status_code == 404
    assert admin_client.get("/admin/carriers/promotion/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_curator_makes_a_rolling_plan_unlimited_and_its_rule_none_in_one_save(admin_client):
    carrier = Carrier.objects.create(name="Example Mobile", slug="example-mobile", country="US")
    admin_client.post(reverse("admin:carriers_plan_add"), plan_form(carrier))
    plan = Plan.objects.get(slug="curated-10")
    data = edit_form(
        plan,
        **{
            "allowance_mb": "",  # unlimited now …
            "rollover-0-mode": "none",  # … so it no longer rolls
            "rollover-0-cap_mb": "",
            "rollover-0-expires_after_periods": "",
        },
    )
    response = admin_client.post(reverse("admin:carriers_plan_change", args=[plan.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.allowance_mb is None
    assert plan.rollover.mode == "none"


def test_category_changelist_search_add_and_change(admin_client, make_plan):
    make_plan(slug="esim", kind="travel_esim")
    url = reverse("admin:carriers_category_changelist")
    response = admin_client.post(
        reverse("admin:carriers_category_add"),
        {
            "name_en": "US travel eSIMs",
            "name_zh_hans": "美国旅行 eSIM",
            "slug": "us-travel-esim",
            "kind": "travel_esim",
            "country": "US",
            "aliases": "美国E卡\nE卡\nUS eSIM",
            "notes_en": "",
            "notes_zh_hans": "",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    category = Category.objects.get(slug="us-travel-esim")
    assert category.aliases == ["美国E卡", "E卡", "US eSIM"]
    body = admin_client.get(url).content.decode()
    assert "US travel eSIMs" in body
    assert '<td class="field-plan_count">1</td>' in body  # its one public plan
    assert "US travel eSIMs" in admin_client.get(url, {"q": "美国E卡"}).content.decode()
    assert "US travel eSIMs" not in admin_client.get(url, {"q": "Smart"}).content.decode()
    change = reverse("admin:carriers_category_change", args=[category.pk])
    assert admin_client.get(change).status_code == 200


def test_a_duplicate_alias_is_explained_and_nothing_is_saved(admin_client):
    response = admin_client.post(
        reverse("admin:carriers_category_add"),
        {
            "name_en": "US eSIMs",
            "slug": "us-esim",
            "kind": "travel_esim",
            "country": "US",
            "aliases": "E卡\ne卡",
        },
    )
    assert response.status_code == 200
    assert "“e卡” is listed twice." in errors_of(response)
    assert not Category.objects.exists()


def test_carriers_are_found_by_the_names_people_type(admin_client, carrier):
    carrier.aliases = ["TM卡", "美国TM卡"]
    carrier.save()
    url = reverse("admin:carriers_carrier_changelist")
    assert "Example Mobile" in admin_client.get(url, {"q": "美国TM卡"}).content.decode()


def test_old_source_filter_finds_available_plans_with_a_source_over_three_years_old(
    admin_client, make_plan
):
    old = datetime.date.today() - datetime.timedelta(days=4 * 365)
    make_plan(slug="old", name="Old source", source_date=old)
    make_plan(slug="closed", name="Old but closed", source_date=old, availability="closed")
    make_plan(slug="new", name="New source", source_date=datetime.date.today())
    body = admin_client.get(
        reverse("admin:carriers_plan_changelist"), {"source_age": "old_available"}
    ).content.decode()
    assert "Old source" in body
    assert "Old but closed" not in body
    assert "New source" not in body


def test_a_curator_enters_a_spend_cap_a_credit_and_assumed_values(admin_client, carrier):
    data = plan_form(
        carrier,
        overage_policy="pay_per_unit",
        overage_unit_mb="1",
        overage_unit_price="10.00",
        overage_spend_cap="25.00",
        overage_after_cap="",
        source_date="2024-05-01",
        assumed=["price", "rollover.cap_mb"],
        **{
            "rollover-0-convert_unit_mb": "1",
            "rollover-0-convert_credit": "0.50",
            "rollover-0-summary_is_quote": "on",
            "rollover-0-summary_zh_hans": "最多 5 GB 结转一个月。",
            "promotions-0-assumed": "on",
        },
    )
    response = admin_client.post(reverse("admin:carriers_plan_add"), data)
    assert response.status_code == 302, errors_of(response)
    plan = Plan.objects.get(slug="curated-10")
    assert (plan.overage_spend_cap, plan.overage_after_cap) == (Decimal("25.00"), "serve")
    assert plan.assumed == ["price", "rollover.cap_mb"]
    assert plan.source_date == datetime.date(2024, 5, 1)
    assert (plan.rollover.convert_unit_mb, plan.rollover.convert_credit) == (1024, Decimal("0.50"))
    assert plan.rollover.summary_is_quote
    assert plan.rollover.summary_zh_hans == "最多 5 GB 结转一个月。"
    assert plan.assumed_api_names() == ["price", "promotions[0]", "rollover.cap_mb"]


def test_a_rolling_rule_on_an_unlimited_plan_is_reported_at_the_allowance(admin_client, carrier):
    response = admin_client.post(
        reverse("admin:carriers_plan_add"), plan_form(carrier, allowance_mb="")
    )
    form = response.context["adminform"].form
    assert "An unlimited plan has no unused data" in " ".join(form.errors["allowance_mb"])
    body = response.content.decode()
    # The message sits at the allowance, well above the rule's section.
    assert body.index("An unlimited plan has no unused data") < body.index('id="rollover-group"')


def test_every_admin_page_links_the_site_icon_and_favicon_ico_finds_it(admin_client, client):
    body = admin_client.get(reverse("admin:index")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in body
    login = client.get(reverse("admin:login")).content.decode()
    assert 'rel="icon"' in login
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"


def test_the_plan_page_shows_chinese_fields_beside_english_ones(admin_client, make_plan):
    plan = make_plan(name_zh_hans="十 GB")
    body = admin_client.get(reverse("admin:carriers_plan_change", args=[plan.pk])).content
    body = body.decode()
    assert 'name="name_en"' in body and 'name="name_zh_hans"' in body
    assert 'value="十 GB"' in body
    assert 'name="notes_zh_hans"' in body
    assert 'name="rollover-0-summary_zh_hans"' in body
