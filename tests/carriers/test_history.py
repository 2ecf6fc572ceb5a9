"""Every catalog change is recorded — who, when, what changed — and can be reverted from
the admin."""

from decimal import Decimal

import pytest
from django.urls import reverse

from carriers.models import Plan, Promotion, RolloverRule
from tests.carriers.forms import browser_post_data
from tests.carriers.test_admin import plan_form

pytestmark = pytest.mark.django_db


def edit_price(client, plan, price):
    data = plan_form(
        plan.carrier,
        slug=plan.slug,
        price=price,
        version=str(Plan.objects.get(pk=plan.pk).version),
        **{
            "rollover-INITIAL_FORMS": "1",
            "rollover-0-id": str(plan.rollover.pk),
            "rollover-0-plan": str(plan.pk),
            "promotions-TOTAL_FORMS": "0",
        },
    )
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


def test_reverting_to_an_unlimited_version_while_the_rule_rolls_is_explained(
    admin_client, make_plan
):
    plan = make_plan(allowance_mb=None)  # the old version: unlimited, no rollover
    original = plan.history.get()
    Plan.objects.filter(pk=plan.pk).update(allowance_mb=10240)
    RolloverRule.objects.filter(plan=plan).update(mode="full")  # since then: it rolls
    url = reverse("admin:carriers_plan_simple_history", args=[plan.pk, original.history_id])
    data = browser_post_data(admin_client.get(url).context["adminform"].form)
    assert data["allowance_mb"] == ""
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Set the rule to “No rollover”" in response.content.decode()
    plan.refresh_from_db()
    assert plan.allowance_mb == 10240
