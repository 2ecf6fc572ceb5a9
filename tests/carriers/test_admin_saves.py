"""A curator's save is all or nothing, and never silently overwrites another curator's."""

import io
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from carriers.admin import duplicate_plan
from carriers.catalog.export import export_catalog
from carriers.models import Plan
from tests.carriers.test_admin import edit_form

pytestmark = pytest.mark.django_db


def curator(username, first_name=""):
    user = User.objects.create_superuser(username, password="x", first_name=first_name)
    client = Client()
    client.force_login(user)
    return client


def opened_version(response):
    """The version the change page carries in its hidden field."""
    assert re.search(r'<input type="hidden" name="version" value="\d+"', response.content.decode())
    return response.context["adminform"].form["version"].value()


def test_an_invalid_promotion_leaves_the_plan_as_it_was(admin_client, make_plan):
    plan = make_plan()
    url = reverse("admin:carriers_plan_change", args=[plan.pk])
    data = edit_form(
        plan,
        price="19.00",
        **{
            "promotions-TOTAL_FORMS": "1",
            "promotions-0-to_month": "2025-12",  # ends before it starts
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "A promotion must end on or after the month it starts." in response.content.decode()
    plan.refresh_from_db()
    assert plan.price == Decimal("30.00")
    assert plan.version == 1
    assert not plan.promotions.exists()
    assert plan.history.count() == 1


def test_an_invalid_rule_leaves_the_plan_as_it_was(admin_client, make_plan):
    plan = make_plan()
    url = reverse("admin:carriers_plan_change", args=[plan.pk])
    response = admin_client.post(
        url, edit_form(plan, version="1", price="19.00", **{"rollover-0-cap_mb": ""})
    )
    assert response.status_code == 200
    assert "A capped rule needs the cap" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).price == Decimal("30.00")


def test_each_save_moves_the_plan_version_up_by_one(admin_client, make_plan):
    plan = make_plan()
    url = reverse("admin:carriers_plan_change", args=[plan.pk])
    for expected in (2, 3):
        version = opened_version(admin_client.get(url))
        assert admin_client.post(url, edit_form(plan, version=str(version))).status_code == 302
        assert Plan.objects.get(pk=plan.pk).version == expected


def test_the_second_of_two_curators_gets_a_conflict_instead_of_overwriting(make_plan):
    plan = make_plan()
    url = reverse("admin:carriers_plan_change", args=[plan.pk])
    alice, bob = curator("alice", first_name="Alice"), curator("bob")
    alice_version = opened_version(alice.get(url))
    bob_version = opened_version(bob.get(url))
    assert (
        alice.post(url, edit_form(plan, version=str(alice_version), price="25.00")).status_code
        == 302
    )

    response = bob.post(
        url, edit_form(plan, version=str(bob_version), price="40.00", notes="Bob's notes")
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(
        r"Someone else saved this plan while you were editing it \(at \d\d:\d\d by Alice\)\. "
        r"Your changes were not saved: reload the page to see theirs, then make your changes "
        r"again\.",
        body,
    )
    plan.refresh_from_db()
    assert plan.price == Decimal("25.00")
    assert plan.notes == ""
    assert plan.version == 2
    # Reloading shows Alice's price and the new version; Bob's second try goes through.
    page = bob.get(url)
    assert page.context["adminform"].form["price"].value() == Decimal("25.00")
    assert (
        bob.post(url, edit_form(plan, version=str(opened_version(page)), price="40.00")).status_code
        == 302
    )
    assert Plan.objects.get(pk=plan.pk).price == Decimal("40.00")


def test_a_form_without_a_version_is_refused_rather_than_trusted(admin_client, make_plan):
    plan = make_plan()
    data = edit_form(plan, version="1", price="11.00")
    del data["version"]
    response = admin_client.post(reverse("admin:carriers_plan_change", args=[plan.pk]), data)
    assert "Someone else saved this plan" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).price == Decimal("30.00")


def test_a_catalog_load_makes_an_open_form_conflict(admin_client, make_plan, tmp_path):
    plan = make_plan()
    url = reverse("admin:carriers_plan_change", args=[plan.pk])
    version = opened_version(admin_client.get(url))
    catalog = export_catalog()
    catalog["plan"][0]["rollover"]["summary"] = "Changed by the file."  # only the rule
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog))
    call_command("load_catalog", "--update", file=str(path), stdout=io.StringIO())
    assert Plan.objects.get(pk=plan.pk).version == version + 1

    response = admin_client.post(url, edit_form(plan, version=str(version), price="12.00"))

    assert "Someone else saved this plan" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).rollover.summary == "Changed by the file."


def test_a_load_that_changes_nothing_keeps_the_version(make_plan, tmp_path):
    plan = make_plan(version=4)
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(export_catalog()))
    call_command("load_catalog", "--update", file=str(path), stdout=io.StringIO())
    assert Plan.objects.get(pk=plan.pk).version == 4


def test_a_duplicated_plan_starts_at_version_one(make_plan):
    plan = make_plan(version=7)
    copy = duplicate_plan(Plan.objects.get(pk=plan.pk))
    assert copy.version == 1
    assert Plan.objects.get(pk=plan.pk).version == 7
