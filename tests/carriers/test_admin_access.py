"""Who can reach the admin: lockout after repeated failed logins, the configurable admin
URL, and the "Catalog editors" group created by migration."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from carriers.models import Plan
from tests.carriers.test_admin import edit_form

pytestmark = pytest.mark.django_db

PASSWORD = "a long curator passphrase"
EDITORS = "Catalog editors"


def catalog_editors_migration():
    return importlib.import_module("carriers.migrations.0006_catalog_editors_group")


@pytest.fixture
def editors_group():
    """The group as migration 0006 made it. A test that flushes the database (the browser
    tests) deletes it, so then the migration's own function makes it again."""
    group = Group.objects.filter(name=EDITORS).first()
    if group is None:
        from django.apps import apps

        catalog_editors_migration().create_catalog_editors(apps)
        group = Group.objects.get(name=EDITORS)
        categories = importlib.import_module(
            "carriers.migrations.0010_catalog_editors_curate_categories"
        )
        group.permissions.add(*categories._permissions(apps, "default"))
    return group


@pytest.fixture
def editor(editors_group):
    user = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(editors_group)
    return user


def log_in(client, username, password, ip="127.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
    )


# --- Lockout ------------------------------------------------------------------------------


def test_five_failed_logins_lock_the_username_out_from_that_address(client, editor):
    for _ in range(4):
        response = log_in(client, "editor", "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    response = log_in(client, "editor", "wrong")
    assert response.status_code == 429
    assert "too many login attempts" in response.content.decode()
    # Even the right password is refused now, and nobody is logged in.
    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_lockout_does_not_lock_the_same_user_out_from_another_address(client, editor):
    for _ in range(5):
        log_in(client, "editor", "wrong")
    assert log_in(client, "editor", PASSWORD).status_code == 429
    response = log_in(client, "editor", PASSWORD, ip="198.51.100.7")
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_successful_login_resets_the_failure_count(client, editor):
    for _ in range(4):
        log_in(client, "editor", "wrong")
    assert log_in(client, "editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert log_in(client, "editor", "wrong").status_code == 200
    assert log_in(client, "editor", PASSWORD).status_code == 302


def test_the_lockout_lasts_an_hour(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 3600
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


@override_settings(NUM_PROXIES=1, TRUSTED_PROXIES=["10.0.0.1"])
def test_behind_one_proxy_the_lockout_keys_on_the_address_the_proxy_saw(rf):
    from carriers.lockout import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "203.0.113.5"
    with override_settings(NUM_PROXIES=0):
        assert client_ip(request) == "10.0.0.1"


# --- The admin's URL ------------------------------------------------------------------------


def reload_urls():
    import config.urls

    importlib.reload(config.urls)
    clear_url_caches()


def test_the_admin_answers_at_admin_url(client):
    try:
        with override_settings(ADMIN_URL="backstage-7f3a/"):
            reload_urls()
            assert reverse("admin:index") == "/backstage-7f3a/"
            response = client.get("/backstage-7f3a/")
            assert response.status_code == 302
            assert response["Location"].startswith("/backstage-7f3a/login/")
            assert client.get("/admin/", follow=True).status_code == 404
    finally:
        reload_urls()
    assert reverse("admin:index") == "/admin/"  # the default


# --- The Catalog editors group --------------------------------------------------------------


def test_catalog_editors_may_curate_the_catalog_and_nothing_else(editors_group):
    codenames = set(editors_group.permissions.values_list("codename", flat=True))
    catalog = ("carrier", "plan", "rolloverrule", "promotion", "category")
    assert codenames == {
        f"{action}_{model}" for model in catalog for action in ("add", "change", "delete", "view")
    } | {f"view_historical{model}" for model in catalog}
    assert set(editors_group.permissions.values_list("content_type__app_label", flat=True)) == {
        "carriers"
    }


def test_the_migration_makes_the_group_again_without_duplicating_it(editors_group):
    from django.apps import apps

    catalog_editors_migration().create_catalog_editors(apps)
    assert Group.objects.filter(name=EDITORS).count() == 1
    assert editors_group.permissions.count() == 20  # as 0006 makes it; 0010 adds categories
    assert Permission.objects.filter(codename="view_historicalplan").count() == 1


def test_an_editor_opens_and_saves_a_plan(client, editor, make_plan):
    plan = make_plan()
    client.force_login(editor)
    change = reverse("admin:carriers_plan_change", args=[plan.pk])
    assert client.get(change).status_code == 200
    data = edit_form(plan, price="27.50")
    assert client.post(change, data).status_code == 302
    assert str(Plan.objects.get(pk=plan.pk).price) == "27.50"


def test_an_editor_cannot_manage_users(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_user_change", args=[editor.pk])).status_code == 403


def test_a_user_who_is_not_staff_is_sent_to_the_login_page(client, editors_group):
    user = User.objects.create_user("visitor", password=PASSWORD)
    user.groups.add(editors_group)  # the group alone does not open the admin
    client.force_login(user)
    response = client.get(reverse("admin:carriers_plan_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("admin:carriers_plan_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "Log in" in client.get(response["Location"]).content.decode()
