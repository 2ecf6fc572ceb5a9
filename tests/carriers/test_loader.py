"""load_catalog: creates what the database lacks and changes nothing that exists; with
--update, updates only the values it wrote itself; refuses a bad file whole, with exit 2.

Each test writes its own small catalog file; the starter catalog's content is tested in
test_starter_catalog.py."""

import datetime
import json
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from carriers.catalog.loader import CatalogError, load_catalog
from carriers.models import Carrier, Category, LoadedValues, Plan, Promotion, RolloverRule
from tests.carriers.forms import browser_post_data

pytestmark = pytest.mark.django_db

CARRIER = """
[[carrier]]
slug = "tm"
name = "T-Mobile"
name_zh_hans = "T-Mobile 美国"
country = "US"
website = "https://www.t-mobile.com"
notes = "The carrier."
notes_zh_hans = "运营商。"
aliases = ["TM卡", "T-M卡", "美国TM卡"]
"""

CATEGORY = """
[[category]]
slug = "us-travel-esim"
name = "US travel eSIMs"
name_zh_hans = "美国旅行 eSIM"
kind = "travel_esim"
country = "US"
aliases = ["美国E卡", "E卡"]
notes = "Data-only eSIMs for the United States."
"""


def plan(price='"30.00"', extra="", rule='mode = "capped"\ncap_mb = 5120', promotions=""):
    return f"""
[[plan]]
carrier = "tm"
slug = "tm-10"
name = "Ten gig"
name_zh_hans = "十 GB"
kind = "prepaid"
currency = "USD"
price = {price}
allowance_mb = 10240
overage_policy = "pay_per_unit"
overage_unit_mb = 1024
overage_unit_price = "10.00"
overage_spend_cap = "50.00"
overage_after_cap = "throttle"
source_url = "https://example.com/terms"
source_date = 2024-05-01
source_checked = 2026-11-22
notes = "Read from the terms."
notes_zh_hans = "摘自条款。"
assumed = ["rollover.bank_cap_mb", "price"]
{extra}
[plan.rollover]
{rule}
convert_unit_mb = 1024
convert_credit = "1.00"
summary = "Up to 5 GB rolls over."
summary_zh_hans = "最多 5 GB 结转。"
summary_is_quote = true
{promotions}
"""


PROMOTION = """
[[plan.promotions]]
name = "Launch"
name_zh_hans = "首发"
from_month = "2026-01"
to_month = "2026-03"
bonus_mb = 2048
assumed = true
"""

SUMMER = """
[[plan.promotions]]
name = "Summer"
from_month = "2026-06"
to_month = "2026-08"
bonus_mb = 1024
"""


def load(path, *args) -> str:
    out = StringIO()
    call_command("load_catalog", "--file", str(path), *args, stdout=out)
    return out.getvalue()


def refused(path, *args) -> str:
    with pytest.raises(CommandError) as excinfo:
        load(path, *args)
    assert excinfo.value.returncode == 2
    return str(excinfo.value)


@pytest.fixture
def loaded(catalog_file):
    path = catalog_file(CARRIER + CATEGORY + plan(promotions=PROMOTION))
    load(path)
    return path


def curator_edits_price(client, price="25.00", **overrides):
    """A curator changes the plan's price on its admin page, as a browser would post it."""
    plan = Plan.objects.get(slug="tm-10")
    url = reverse("admin:carriers_plan_change", args=[plan.pk])
    page = client.get(url)
    data = browser_post_data(page.context["adminform"].form)
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update(browser_post_data(management))
        for form in formset.formset.forms:
            data.update(browser_post_data(form))
    data.update({"price": price, **overrides})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]


# --- Every field of the format -------------------------------------------------------------


def test_the_loader_reads_every_field_of_the_catalog_format(loaded):
    carrier = Carrier.objects.get(slug="tm")
    assert (carrier.name_en, carrier.name_zh_hans) == ("T-Mobile", "T-Mobile 美国")
    assert carrier.notes_zh_hans == "运营商。"
    assert carrier.aliases == ["TM卡", "T-M卡", "美国TM卡"]
    assert carrier.country.code == "US"
    category = Category.objects.get(slug="us-travel-esim")
    assert (category.kind, category.country.code, category.aliases) == (
        "travel_esim",
        "US",
        ["美国E卡", "E卡"],
    )
    plan = Plan.objects.get(slug="tm-10")
    assert plan.name_zh_hans == "十 GB"
    assert plan.overage_spend_cap == Decimal("50.00")
    assert plan.overage_after_cap == "throttle"
    assert plan.source_date == datetime.date(2024, 5, 1)
    assert plan.assumed == ["rollover.bank_cap_mb", "price"]
    rule = plan.rollover
    assert (rule.convert_unit_mb, rule.convert_credit, rule.convert_rate) == (
        1024,
        Decimal("1.00"),
        None,
    )
    assert (rule.summary_zh_hans, rule.summary_is_quote) == ("最多 5 GB 结转。", True)
    promotion = plan.promotions.get()
    assert (promotion.name_zh_hans, promotion.assumed) == ("首发", True)
    assert plan.assumed_api_names() == ["price", "promotions[0]", "rollover.bank_cap_mb"]


def test_a_second_load_changes_nothing(loaded):
    counts = [m.objects.count() for m in (Carrier, Category, Plan, RolloverRule, Promotion)]
    output = load(loaded)
    assert "0 change(s) made" in output
    assert "differ" not in output
    assert [m.objects.count() for m in (Carrier, Category, Plan, RolloverRule, Promotion)] == (
        counts
    )
    assert "0 change(s) made" in load(loaded, "--update")


def test_a_dry_run_shows_what_would_be_created_and_writes_nothing(catalog_file):
    path = catalog_file(CARRIER + plan())
    output = load(path, "--dry-run")
    assert "would create plan tm-10" in output
    assert not Plan.objects.exists()
    assert not LoadedValues.objects.exists()


# --- Without --update: nothing that exists changes ----------------------------------------


def test_without_update_a_curators_edit_is_never_changed(loaded, admin_client, catalog_file):
    curator_edits_price(admin_client, "25.00")
    changed = catalog_file(CARRIER + plan(price='"40.00"', promotions=PROMOTION + SUMMER))
    output = load(changed)
    plan_ = Plan.objects.get(slug="tm-10")
    assert plan_.price == Decimal("25.00")
    assert not plan_.promotions.filter(name_en="Summer").exists()
    assert "2 existing record(s) differ from the file" in output
    assert "0 change(s) made" in output


def test_a_record_deleted_in_the_admin_is_not_recreated(loaded, admin_client):
    plan_ = Plan.objects.get(slug="tm-10")
    url = reverse("admin:carriers_plan_delete", args=[plan_.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Plan.objects.filter(slug="tm-10").exists()

    output = load(loaded)
    assert "not recreated: plan tm-10: deleted on" in output
    assert "by admin" in output
    assert not Plan.objects.filter(slug="tm-10").exists()
    assert "not recreated: plan tm-10" in load(loaded, "--update")

    output = load(loaded, "--update", "--force")
    assert "create plan tm-10" in output
    assert Plan.objects.get(slug="tm-10").rollover.cap_mb == 5120


def test_a_promotion_deleted_in_the_admin_is_not_added_back_by_update(loaded):
    promotion = Promotion.objects.get(name_en="Launch")
    promotion.delete()
    output = load(loaded, "--update")
    assert "not recreated: promotion tm-10 promotion 'Launch'" in output
    assert not Promotion.objects.exists()


# --- --update: only the loader's own values ----------------------------------------------


def test_update_applies_the_files_changes_to_values_the_loader_wrote(loaded, catalog_file):
    version = Plan.objects.get(slug="tm-10").version
    changed = catalog_file(
        CARRIER + plan(price='"35.00"', promotions=PROMOTION + SUMMER), "changed.toml"
    )
    output = load(changed, "--update")
    assert "update plan tm-10: price: '30.00' → '35.00'" in output
    assert "create promotion tm-10 promotion 'Summer'" in output
    plan_ = Plan.objects.get(slug="tm-10")
    assert plan_.price == Decimal("35.00")
    assert plan_.version == version + 1
    assert plan_.history.first().history_change_reason == "load_catalog --update: changed.toml"


def test_update_lists_each_conflict_field_by_field_and_skips_it(loaded, admin_client, catalog_file):
    curator_edits_price(admin_client, "25.00", notes_en="Checked by phone.")
    changed = catalog_file(
        CARRIER + plan(price='"40.00"', rule='mode = "capped"\ncap_mb = 2048') + PROMOTION
    )
    output = load(changed, "--update")
    assert (
        "conflict plan tm-10: price: database '25.00', file '40.00' (changed outside the "
        "loader; kept — --force overwrites)"
    ) in output
    assert (
        "conflict plan tm-10: notes_en: database 'Checked by phone.', file 'Read from the terms.'"
        in output
    )
    assert "update rule tm-10 rule: cap_mb: 5120 → 2048" in output
    assert "2 conflict(s) skipped" in output
    plan_ = Plan.objects.get(slug="tm-10")
    assert (plan_.price, plan_.notes_en) == (Decimal("25.00"), "Checked by phone.")
    assert plan_.rollover.cap_mb == 2048
    # The curator's values survive later runs too.
    assert "conflict plan tm-10: price" in load(changed, "--update")
    assert Plan.objects.get(slug="tm-10").price == Decimal("25.00")


def test_force_overwrites_a_conflict_and_the_history_says_so(loaded, admin_client, catalog_file):
    curator_edits_price(admin_client, "25.00")
    changed = catalog_file(CARRIER + plan(price='"40.00"') + PROMOTION, "forced.toml")
    output = load(changed, "--update", "--force")
    assert "force update plan tm-10: price: '25.00' → '40.00'" in output
    plan_ = Plan.objects.get(slug="tm-10")
    assert plan_.price == Decimal("40.00")
    latest = plan_.history.first()
    assert latest.history_change_reason == "load_catalog --update --force: forced.toml"
    assert latest.history_user is None
    # Now the loader wrote 40.00: a later file value updates it without --force.
    again = catalog_file(CARRIER + plan(price='"45.00"') + PROMOTION, "again.toml")
    assert "update plan tm-10: price: '40.00' → '45.00'" in load(again, "--update")


def test_force_needs_update(loaded):
    assert "--force goes with --update" in refused(loaded, "--force")


def test_records_loaded_before_baselines_existed_are_the_loaders_unless_a_curator_saved_them(
    loaded, catalog_file
):
    LoadedValues.objects.all().delete()  # as on a database loaded by the earlier loader
    changed = catalog_file(CARRIER + plan(price='"35.00"') + PROMOTION)
    assert "update plan tm-10: price" in load(changed, "--update")
    assert Plan.objects.get(slug="tm-10").price == Decimal("35.00")


# --- A strict loader: a bad file is refused whole, with exit 2 ------------------------------


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ('name = "Ten gig"', 'name = ["a", "b"]', "plan tm-10: name: write text in quotes"),
        ('kind = "prepaid"', "kind = true", "plan tm-10: kind: write text in quotes"),
        ("allowance_mb = 10240", "allowance_mb = true", "allowance_mb: write a whole number"),
        ("allowance_mb = 10240", "allowance_mb = 10240.0", "allowance_mb: write a whole number"),
        ("allowance_mb = 10240", "allowance_mb = 99999999999", "allowance_mb: 99999999999 is out"),
        ('price = "30.00"', 'price = "60.005"', "plan tm-10: price: '60.005' has more than two"),
        ('price = "30.00"', "price = 60.5", "price: write an amount of money as a string"),
        ('price = "30.00"', 'price = "1e3"', "price: '1e3' is not an amount of money"),
        ('name = "Ten gig"', 'name = "Ten\\u0000gig"', "plan tm-10: name: the text contains a"),
        ('name = "Ten gig"', 'name = "Ten\\ngig"', "name: the text contains a control"),
        ('notes = "Read from the terms."', 'notes = "a\\u0007b"', "notes: the text contains"),
        ("source_checked = 2026-11-22", 'source_checked = "22/11/2026"', "source_checked: write"),
        ("source_checked = 2026-11-22", "source_checked = 2026-11-22T10:00:00", "without a time"),
        (
            'assumed = ["rollover.bank_cap_mb", "price"]',
            'assumed = "price"',
            "assumed: write a list",
        ),
        (
            'assumed = ["rollover.bank_cap_mb", "price"]',
            'assumed = ["cost"]',
            "Unknown name(s): cost",
        ),
        ('aliases = ["TM卡", "T-M卡", "美国TM卡"]', 'aliases = ["TM卡", "tm卡"]', "listed twice"),
        ('aliases = ["TM卡", "T-M卡", "美国TM卡"]', f'aliases = ["{"x" * 51}"]', "longer than 50"),
        ('country = "US"', 'country = "usa"', "carrier tm: country: write the two capital"),
        (
            "summary_is_quote = true",
            "summary_is_quote = 1",
            "summary_is_quote: write true or false",
        ),
        ('overage_after_cap = "throttle"', 'overage_after_cap = "pray"', "overage_after_cap"),
        ("colour", "colour", "unknown field(s) colour"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused_naming_record_and_field(
    catalog_file, replace, by, message
):
    text = CARRIER + plan()
    text = text.replace(replace, by) if replace != "colour" else text + '\ncolour = "red"\n'
    assert message in refused(catalog_file(text))
    assert not Carrier.objects.exists()
    assert not Plan.objects.exists()


def test_a_deeply_nested_json_file_is_refused_with_a_message(catalog_file):
    path = catalog_file('{"plan": ' + "[" * 100_000 + "]" * 100_000 + "}", "deep.json")
    assert "nested too deeply" in refused(path)


def test_a_deeply_nested_toml_file_is_refused_with_a_message(catalog_file):
    path = catalog_file("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert "nested too deeply" in refused(path)


@pytest.mark.slow
def test_the_command_exits_2_on_a_deep_file_without_a_traceback(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"plan": ' + "[" * 100_000 + "]" * 100_000 + "}")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "load_catalog", "--file", str(path)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "nested too deeply" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_rolling_plan_made_unlimited_is_refused_on_every_database(loaded, catalog_file):
    # The file keeps the rolling rule but drops the allowance: validated together, refused.
    text = (CARRIER + plan() + PROMOTION).replace("allowance_mb = 10240", "allowance_mb = 10")
    load(catalog_file(text), "--update")
    unlimited = (CARRIER + plan()).replace("allowance_mb = 10240\n", "")
    message = refused(catalog_file(unlimited, "unlimited.toml"), "--update")
    assert "plan tm-10 rule: mode: An unlimited plan has nothing to roll over" in message
    assert Plan.objects.get(slug="tm-10").allowance_mb == 10


def test_a_new_rolling_plan_with_a_null_allowance_is_refused(catalog_file):
    json_plan = {
        "carrier": [{"slug": "tm", "name": "T-Mobile", "country": "US"}],
        "plan": [
            {
                "carrier": "tm",
                "slug": "rolls-unlimited",
                "name": "Rolls",
                "currency": "USD",
                "price": "10.00",
                "allowance_mb": None,
                "source_url": "https://example.com",
                "source_checked": "2026-11-22",
                "rollover": {"mode": "full"},
            }
        ],
    }
    path = catalog_file(json.dumps(json_plan), "rolls.json")
    assert "An unlimited plan has nothing to roll over" in refused(path)
    assert not Plan.objects.exists()
    assert not Carrier.objects.exists()


def test_a_bad_plan_after_good_ones_changes_nothing(loaded, catalog_file):
    good = plan(price='"35.00"').replace("tm-10", "tm-20")
    bad = (
        plan()
        .replace("tm-10", "tm-30")
        .replace('mode = "capped"\ncap_mb = 5120', 'mode = "capped"')
    )
    path = catalog_file(CARRIER + plan(price='"31.00"') + good + bad)
    assert "plan tm-30 rule: cap_mb: A capped rule needs the cap" in refused(path, "--update")
    assert not Plan.objects.filter(slug="tm-20").exists()
    assert Plan.objects.get(slug="tm-10").price == Decimal("30.00")


def test_a_file_that_is_not_toml_changes_nothing(loaded, catalog_file):
    assert "Cannot read" in refused(catalog_file("[[plan]\nslug = ", "broken.toml"), "--update")
    assert Plan.objects.get(slug="tm-10").price == Decimal("30.00")


def test_an_unknown_section_is_refused(catalog_file):
    assert "unknown section(s) 'plans'" in refused(catalog_file('[[plans]]\nslug = "x"\n'))


def test_a_file_naming_a_plan_twice_is_refused(catalog_file):
    assert "plan named more than once: 'tm-10'" in refused(catalog_file(CARRIER + plan() + plan()))


def test_load_catalog_raises_catalog_error_for_python_callers(catalog_file):
    with pytest.raises(CatalogError, match="carrier 'tm' is not in the file"):
        load_catalog(catalog_file(plan()))


# --- The starter catalog, and `make setup` on a file database ------------------------------


def test_the_starter_catalog_loads_and_a_second_load_changes_nothing(db):
    first = load_catalog()
    assert first.changed
    assert load_catalog().changes == []
    assert load_catalog(update=True).changes == []


@pytest.mark.slow
def test_an_admin_edit_survives_make_setup_and_update_on_a_file_database(tmp_path):
    db_file = tmp_path / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_file}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def run(*args):
        result = subprocess.run(
            args, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    run("make", "setup")
    # A curator edits a starter plan's price and notes through the admin's change view.
    edit = """
from django.contrib.auth.models import User
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()  # the client keeps each page's context
from carriers.models import Plan
from tests.carriers.forms import browser_post_data
user = User.objects.create_superuser("curator", password="x")
client = Client()
client.force_login(user)
plan = Plan.objects.order_by("slug").first()
url = f"/admin/carriers/plan/{plan.pk}/change/"
page = client.get(url)
data = browser_post_data(page.context["adminform"].form)
for formset in page.context["inline_admin_formsets"]:
    data.update(browser_post_data(formset.formset.management_form))
    for form in formset.formset.forms:
        data.update(browser_post_data(form))
data["price"] = "123.45"
data["notes_en"] = "Edited by a curator."
response = client.post(url, data)
assert response.status_code == 302, response.context["errors"]
print(plan.slug)
"""
    slug = run(sys.executable, "manage.py", "shell", "-c", edit).strip().splitlines()[-1]
    run("make", "setup")
    update = run(sys.executable, "manage.py", "load_catalog", "--update")
    assert f"conflict plan {slug}: price: database '123.45'" in update
    with sqlite3.connect(db_file) as connection:
        price, notes = connection.execute(
            "SELECT price, notes_en FROM carriers_plan WHERE slug = ?", [slug]
        ).fetchone()
    assert (str(Decimal(str(price)).quantize(Decimal("0.01"))), notes) == (
        "123.45",
        "Edited by a curator.",
    )
    assert Path(db_file).exists()
