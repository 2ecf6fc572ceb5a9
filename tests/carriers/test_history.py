"""Every catalog change is recorded — who, when, what changed — and can be reverted from
the admin."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from carriers.models import Plan, Promotion, RolloverRule
from tests.carriers.forms import browser_post_data
from tests.carriers.test_admin import edit_form

pytestmark = pytest.mark.django_db


def edit_price(client, plan, price):
    data = edit_form(plan, price=price, version=str(Plan.objects.get(pk=plan.pk).version))
    response = client.post(reverse("admin:carriers_plan_change", args=[plan.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    return response


def test_a_curators_change_is_recorded_with_who_and_what_changed(
    admin_client, admin_user, make_plan
):
    plan = make_plan()
    edit_price(admin_client, plan, "25.00")
    latest, before = plan.history.all()[:2]
    assert latest.history_type == "~"
    assert latest.history_user == admin_user
    delta = latest.diff_against(before)
    price = next(change for change in delta.changes if change.field == "price")
    assert (price.old, price.new) == (Decimal("30.00"), Decimal("25.00"))
    # The rule saved beside the plan is recorded too, under the same curator.
    assert RolloverRule.history.filter(id=plan.rollover.pk).first().history_user == admin_user


def test_the_plan_history_page_shows_who_changed_the_price(admin_client, make_plan):
    plan = make_plan()
    edit_price(admin_client, plan, "25.00")
    body = admin_client.get(reverse("admin:carriers_plan_history", args=[plan.pk])).content
    body = body.decode()
    assert "admin" in body
    assert "25.00" in body
    assert "30.00" in body


def test_reverting_through_the_history_page_restores_the_old_price(admin_client, make_plan):
    plan = make_plan()
    original = plan.history.get()
    edit_price(admin_client, plan, "25.00")
    url = reverse("admin:carriers_plan_simple_history", args=[plan.pk, original.history_id])
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = browser_post_data(form)
    assert data["price"] == "30.00"
    assert data["version"] == str(Plan.objects.get(pk=plan.pk).version)  # current, not old
    response = admin_client.post(url, data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.price == Decimal("30.00")
    assert plan.allowance_mb == 10240
    assert plan.history.first().history_type == "~"


def test_a_stale_revert_page_cannot_overwrite_a_newer_save(admin_client, make_plan):
    plan = make_plan()
    original = plan.history.get()
    url = reverse("admin:carriers_plan_simple_history", args=[plan.pk, original.history_id])
    data = browser_post_data(admin_client.get(url).context["adminform"].form)
    edit_price(admin_client, plan, "25.00")  # someone saves while the revert page is open
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Someone else saved this plan" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).price == Decimal("25.00")


def test_carrier_changes_are_recorded_and_have_a_history_page(admin_client, carrier):
    carrier.name = "Renamed Mobile"
    carrier.save()
    response = admin_client.get(reverse("admin:carriers_carrier_history", args=[carrier.pk]))
    assert response.status_code == 200
    assert "Renamed Mobile" in response.content.decode()
    assert carrier.history.count() == 2


def test_deleting_a_promotion_is_recorded(make_plan):
    plan = make_plan(promotions=[{"name": "Bonus", "from_month": "2026-01", "to_month": "2026-02"}])
    promotion = plan.promotions.get()
    pk = promotion.pk
    promotion.delete()
    assert Promotion.history.filter(id=pk).first().history_type == "-"


def test_marking_sources_checked_is_recorded_for_each_plan(admin_client, admin_user, make_plan):
    plan = make_plan(source_checked="2020-01-01")
    admin_client.post(
        reverse("admin:carriers_plan_changelist"),
        {"action": "mark_source_checked", "_selected_action": [plan.pk]},
    )
    latest = plan.history.first()
    assert latest.history_user == admin_user
    assert "source_checked" in latest.diff_against(latest.prev_record).changed_fields
    assert Plan.objects.get(pk=plan.pk).version == 2


def test_records_that_predate_history_get_a_first_record_to_revert_to(make_plan):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "carriers.migrations.0005_record_existing_catalog_in_history"
    )
    plan = make_plan()
    Plan.history.all().delete()  # as on a database migrated before history began
    migration.record_existing(apps, None)
    migration.record_existing(apps, None)  # twice: still one record
    first = plan.history.get()
    assert (first.history_type, first.price, first.history_user) == ("+", Decimal("30.00"), None)
    assert RolloverRule.history.filter(id=plan.rollover.pk).count() == 1


def test_reverting_to_an_unlimited_version_brings_back_its_no_rollover_rule(
    admin_client, make_plan
):
    plan = make_plan(allowance_mb=None)  # the old version: unlimited, no rollover
    original = plan.history.get()
    plan.allowance_mb = 10240
    plan.save()
    rule = plan.rollover
    rule.mode = "full"  # since then: it rolls
    rule.save()
    url = reverse("admin:carriers_plan_simple_history", args=[plan.pk, original.history_id])
    page = admin_client.get(url)
    assert "No rollover" in page.content.decode()  # what comes back with it
    data = browser_post_data(page.context["adminform"].form)
    assert data["allowance_mb"] == ""
    response = admin_client.post(url, data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.allowance_mb is None
    assert plan.rollover.mode == "none"


def test_a_revert_whose_rule_does_not_fit_the_edited_plan_is_explained(admin_client, make_plan):
    plan = make_plan(rule={"mode": "full"})
    original = plan.history.get()
    edit_price(admin_client, plan, "25.00")
    url = reverse("admin:carriers_plan_simple_history", args=[plan.pk, original.history_id])
    data = browser_post_data(admin_client.get(url).context["adminform"].form)
    data["allowance_mb"] = ""  # the curator makes it unlimited on the revert page
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "the rule cannot be kept as it is" in response.content.decode()
    plan.refresh_from_db()
    assert (plan.price, plan.allowance_mb) == (Decimal("25.00"), 10240)


def test_reverting_a_plan_restores_its_rule_and_promotions_as_they_were(
    admin_client, admin_user, make_plan
):
    plan = make_plan(
        rule={"mode": "capped", "cap_mb": 5120, "expires_after_periods": 1},
        promotions=[{"name": "Launch", "from_month": "2026-01", "to_month": "2026-03"}],
    )
    launch = plan.promotions.get()
    original = plan.history.get()
    # A curator changes the rule, drops the promotion and adds another, in one save.
    data = edit_form(
        plan,
        **{
            "rollover-0-mode": "full",
            "rollover-0-cap_mb": "",
            "promotions-TOTAL_FORMS": "2",
            "promotions-INITIAL_FORMS": "1",
            "promotions-0-id": str(launch.pk),
            "promotions-0-plan": str(plan.pk),
            "promotions-0-name_en": "Launch",
            "promotions-0-DELETE": "on",
            "promotions-1-name_en": "Summer",
            "promotions-1-from_month": "2026-06",
            "promotions-1-to_month": "2026-08",
            "promotions-1-bonus_mb": "1",
            "promotions-1-extra_expiry_periods": "0",
        },
    )
    response = admin_client.post(reverse("admin:carriers_plan_change", args=[plan.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    assert plan.promotions.get().name == "Summer"
    assert RolloverRule.objects.get(plan=plan).mode == "full"

    url = reverse("admin:carriers_plan_simple_history", args=[plan.pk, original.history_id])
    page = admin_client.get(url)
    body = page.content.decode()
    assert "Up to 5 GB a period rolls" in body and "Launch (2026-01 – 2026-03)" in body
    response = admin_client.post(url, browser_post_data(page.context["adminform"].form))

    assert response.status_code == 302
    rule = RolloverRule.objects.get(plan=plan)
    assert (rule.mode, rule.cap_mb, rule.expires_after_periods) == ("capped", 5120, 1)
    assert [(p.pk, p.name) for p in plan.promotions.all()] == [(launch.pk, "Launch")]
    latest_rule = RolloverRule.history.filter(plan_id=plan.pk).first()
    assert latest_rule.history_user == admin_user
    assert latest_rule.history_change_reason.startswith("Reverted with its plan to")
    assert Promotion.history.filter(name_en="Summer").first().history_type == "-"


# --- The history lists ----------------------------------------------------------------------

HISTORY_LISTS = ("historicalplan", "historicalrolloverrule", "historicalpromotion")


@pytest.fixture
def editor(db):
    from django.apps import apps
    from django.contrib.auth.models import Group, User

    from tests.carriers.test_admin_access import catalog_editors_migration

    group = Group.objects.filter(name="Catalog editors").first()
    if group is None:
        catalog_editors_migration().create_catalog_editors(apps)
        group = Group.objects.get(name="Catalog editors")
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(group)
    return user


@pytest.mark.parametrize("model", HISTORY_LISTS)
@pytest.mark.parametrize("who", ["superuser", "editor"])
def test_superusers_and_editors_read_each_history_list(
    client, admin_user, editor, make_plan, model, who
):
    plan = make_plan(
        promotions=[{"name": "Launch", "from_month": "2026-01", "to_month": "2026-03"}]
    )
    client.force_login(admin_user if who == "superuser" else editor)
    url = reverse(f"admin:carriers_{model}_changelist")
    response = client.get(url)
    assert response.status_code == 200
    assert "Ten gig" in response.content.decode() or "Launch" in response.content.decode()
    filtered = client.get(url, {"plan": plan.pk})
    assert filtered.status_code == 200
    assert len(filtered.context["cl"].result_list) == 1
    assert client.get(url, {"plan": "nonsense"}).status_code == 200
    # Read-only: nothing can be added, edited or deleted there.
    assert client.get(reverse(f"admin:carriers_{model}_add")).status_code == 403
    record = filtered.context["cl"].result_list[0]
    change = reverse(f"admin:carriers_{model}_change", args=[record.history_id])
    assert client.get(change).status_code == 200
    assert client.post(change, {}).status_code == 403


def test_a_rule_change_is_listed_with_who_and_what_and_can_be_reverted(
    admin_client, admin_user, make_plan
):
    plan = make_plan(rule={"mode": "capped", "cap_mb": 5120})
    rule = plan.rollover
    data = edit_form(
        plan,
        **{
            "rollover-0-cap_mb": "2",  # 5 GB → 2 GB
            "rollover-0-expires_after_periods": "",
        },
    )
    assert (
        admin_client.post(reverse("admin:carriers_plan_change", args=[plan.pk]), data).status_code
        == 302
    )
    assert RolloverRule.objects.get(pk=rule.pk).cap_mb == 2048

    listing = admin_client.get(
        reverse("admin:carriers_historicalrolloverrule_changelist"), {"plan": plan.pk}
    )
    body = listing.content.decode()
    assert "<b>cap per period (GB)</b>: 5 GB → 2 GB" in body
    assert admin_user.get_username() in body
    first = list(listing.context["cl"].result_list)[-1]  # the rule as it was created
    assert first.history_type == "+"
    revert = re.search(r'href="([^"]+\?at=[^"]+)"[^>]*>Revert the plan to here', body)
    revert_urls = re.findall(r'href="([^"]+\?at=[^"]+)"', body)
    assert revert is not None
    url = html.unescape(revert_urls[-1])  # the oldest row's link: back to 5 GB
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "Up to 5 GB a period rolls" in page.content.decode()
    response = admin_client.post(url, browser_post_data(page.context["adminform"].form))
    assert response.status_code == 302
    assert RolloverRule.objects.get(pk=rule.pk).cap_mb == 5120


def test_a_moment_that_is_not_a_date_is_not_found(admin_client, make_plan):
    plan = make_plan()
    url = reverse(
        "admin:carriers_plan_simple_history", args=[plan.pk, plan.history.get().history_id]
    )
    assert admin_client.get(url, {"at": "yesterday"}).status_code == 404


def test_the_revert_page_writes_a_rules_credit_in_the_currency_of_that_version(
    admin_client, make_plan
):
    plan = make_plan(rule={"convert_unit_mb": 1024, "convert_credit": Decimal("1")})
    original = plan.history.get()
    plan.currency = "GBP"
    plan.save()
    url = reverse("admin:carriers_plan_simple_history", args=[plan.pk, original.history_id])
    body = admin_client.get(url).content.decode()
    assert "<b>Rollover rule: </b>No rollover · $1.00 off the next period per 1 GB unused" in body


def test_the_history_list_in_chinese_has_a_translated_date_column_and_full_width_colons(
    admin_client, make_plan
):
    plan = make_plan()
    edit_price(admin_client, plan, "25.00")
    body = admin_client.get(
        reverse("admin:carriers_historicalplan_changelist"),
        {"plan": plan.pk},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    assert "修改时间" in body  # "changed at", the date column's heading
    assert "修改类型" in body and "history type" not in body  # the kind-of-change filter
    assert re.search(r"<b>[^<]+</b>：30\.00 → 25\.00", body)
    assert "</b>: " not in body


def promotions_form(plan, names: dict[int, str]) -> dict:
    """The plan's change form with its promotions renamed (``names``: pk → new name)."""
    promotions = list(plan.promotions.order_by("pk"))
    fields = {
        "rollover-0-mode": "capped",  # plan_form's rule, as make_plan's below
        "promotions-TOTAL_FORMS": str(len(promotions)),
        "promotions-INITIAL_FORMS": str(len(promotions)),
    }
    for i, p in enumerate(promotions):
        fields |= {
            f"promotions-{i}-id": str(p.pk),
            f"promotions-{i}-plan": str(plan.pk),
            f"promotions-{i}-name_en": names.get(p.pk, p.name_en),
            f"promotions-{i}-from_month": p.from_month,
            f"promotions-{i}-to_month": p.to_month,
            f"promotions-{i}-bonus_mb": str(p.bonus_mb / 1024),
            f"promotions-{i}-extra_expiry_periods": str(p.extra_expiry_periods),
        }
    return edit_form(plan, **fields)


def test_reverting_to_before_two_promotions_swapped_names_brings_each_name_back(
    admin_client, make_plan
):
    plan = make_plan(
        rule={"mode": "capped", "cap_mb": 5120, "expires_after_periods": 1},
        promotions=[
            {"name": "Launch", "from_month": "2026-01", "to_month": "2026-03", "bonus_mb": 1024},
            {"name": "Summer", "from_month": "2026-06", "to_month": "2026-08", "bonus_mb": 1024},
        ],
    )
    launch, summer = plan.promotions.order_by("pk")
    original = plan.history.get()
    change = reverse("admin:carriers_plan_change", args=[plan.pk])
    swapped = promotions_form(plan, {launch.pk: "Summer", summer.pk: "Launch"})
    response = admin_client.post(change, swapped)
    assert response.status_code == 302, response.context["errors"]
    assert Promotion.objects.get(pk=launch.pk).name_en == "Summer"

    url = reverse("admin:carriers_plan_simple_history", args=[plan.pk, original.history_id])
    page = admin_client.get(url)
    response = admin_client.post(url, browser_post_data(page.context["adminform"].form))

    assert response.status_code == 302
    names = dict(Promotion.objects.filter(plan=plan).values_list("pk", "name_en"))
    assert names == {launch.pk: "Launch", summer.pk: "Summer"}


def test_a_version_whose_promotions_shared_a_name_is_explained_not_restored(
    admin_client, make_plan
):
    # Recorded before names had to differ: the history holds two promotions called "Launch".
    plan = make_plan(
        promotions=[
            {"name": "Launch", "from_month": "2026-01", "to_month": "2026-03"},
            {"name": "Launch (2)", "from_month": "2026-06", "to_month": "2026-08"},
        ]
    )
    Promotion.history.filter(name_en="Launch (2)").update(name_en="Launch")
    original = plan.history.get()
    url = reverse("admin:carriers_plan_simple_history", args=[plan.pk, original.history_id])
    page = admin_client.get(url)
    response = admin_client.post(url, browser_post_data(page.context["adminform"].form))

    assert response.status_code == 200
    assert "already has a promotion with this name" in response.content.decode()
    assert sorted(plan.promotions.values_list("name_en", flat=True)) == ["Launch", "Launch (2)"]
