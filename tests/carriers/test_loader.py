"""The starter catalog: idempotent, valid, and covering every kind of rule the spec has."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from carriers.catalog.loader import CatalogError, load_catalog
from carriers.models import Carrier, Plan, Promotion, RolloverRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    return load_catalog()


def test_first_load_creates_the_catalog_and_second_changes_nothing(loaded):
    assert loaded.changed
    counts = (Carrier.objects.count(), Plan.objects.count(), RolloverRule.objects.count())
    again = load_catalog()
    assert again.changes == []
    assert (Carrier.objects.count(), Plan.objects.count(), RolloverRule.objects.count()) == counts


def test_dry_run_shows_what_would_change_and_writes_nothing(db):
    out = StringIO()
    call_command("load_catalog", "--dry-run", stdout=out)
    assert "would create plan t-mobile-data-stash-2016" in out.getvalue()
    assert not Plan.objects.exists()


def test_reload_restores_an_edited_starter_plan_and_reports_it(loaded):
    Plan.objects.filter(slug="t-mobile-prepaid-15-2gb-2020").update(price="99.00")
    out = StringIO()
    call_command("load_catalog", "--dry-run", stdout=out)
    assert "update plan t-mobile-prepaid-15-2gb-2020: price: Decimal('99.00')" in out.getvalue()
    load_catalog()
    assert str(Plan.objects.get(slug="t-mobile-prepaid-15-2gb-2020").price) == "15.00"


def test_reload_leaves_a_curators_own_plan_alone(loaded, make_plan):
    make_plan(carrier=Carrier.objects.get(slug="t-mobile-us"), slug="curated")
    load_catalog()
    assert Plan.objects.filter(slug="curated").exists()


def test_every_loaded_record_passes_full_clean(loaded):
    for model in (Carrier, Plan, RolloverRule, Promotion):
        for obj in model.objects.all():
            obj.full_clean()


def test_every_plan_has_a_source_a_check_date_and_a_rule(loaded):
    for plan in Plan.objects.select_related("rollover"):
        assert plan.source_url.startswith("http"), plan.slug
        assert plan.source_checked <= datetime.date.today(), plan.slug
        assert plan.rollover.summary, plan.slug


def test_catalog_size_and_seed_cards(loaded):
    assert Carrier.objects.count() >= 12
    assert Carrier.objects.values("country").distinct().count() >= 6
    assert Plan.objects.count() >= 20
    assert Plan.objects.filter(carrier__country="PH", carrier__name__icontains="Smart").exists()
    stash = Plan.objects.filter(carrier__slug="t-mobile-us", slug__contains="stash")
    assert stash.count() >= 2
    assert Plan.objects.filter(carrier__slug="t-mobile-us", kind="prepaid").exists()
    assert Plan.objects.filter(kind="travel_esim", carrier__country="US").exists()


def test_catalog_covers_every_kind_of_rule(loaded):
    plans = Plan.objects.all()
    rules = RolloverRule.objects.all()
    coverage = {
        "no rollover": rules.filter(mode="none"),
        "full": rules.filter(mode="full"),
        "capped": rules.filter(mode="capped"),
        "bank cap": rules.filter(bank_cap_mb__isnull=False),
        "lasts 1": rules.filter(expires_after_periods=1),
        "lasts 2": rules.filter(expires_after_periods=2),
        "lasts 12": rules.filter(expires_after_periods=12),
        "lasts 36": rules.filter(expires_after_periods=36),
        "lasts for ever": rules.exclude(mode="none").filter(expires_after_periods__isnull=True),
        "rollover first": rules.exclude(mode="none").filter(order="rollover_first"),
        "allowance first": rules.exclude(mode="none").filter(order="allowance_first"),
        "minimum use": rules.filter(min_use_mb__isnull=False),
        "forfeit on lapse": rules.exclude(mode="none").filter(forfeit_on_lapse=True),
        "bank survives a lapse": rules.exclude(mode="none").filter(forfeit_on_lapse=False),
        "conversion": rules.filter(convert_unit_mb__isnull=False),
        "day pass": plans.filter(billing="daily"),
        "3-month pack": plans.filter(period_months=3),
        "shared plan": plans.filter(lines_max__gt=1),
        "unlimited slowed": plans.filter(allowance_mb__isnull=False, overage_policy="throttle"),
        "pay per unit": plans.filter(overage_policy="pay_per_unit"),
        "blocked": plans.filter(overage_policy="block"),
        "promotion": Promotion.objects.all(),
    }
    missing = [name for name, qs in coverage.items() if not qs.exists()]
    assert missing == []


def test_old_programmes_are_kept_and_marked(loaded):
    assert Plan.objects.exclude(availability="available").exists()


def test_a_bad_file_is_refused_whole(tmp_path, db):
    path = tmp_path / "bad.toml"
    path.write_text(
        """
[[carrier]]
slug = "ok"
name = "OK"
country = "US"

[[plan]]
slug = "capped-without-cap"
carrier = "ok"
name = "Bad"
currency = "USD"
price = "1.00"
allowance_mb = 1024
source_url = "https://example.com"
source_checked = 2026-11-22
[plan.rollover]
mode = "capped"
"""
    )
    with pytest.raises(CatalogError, match="capped-without-cap rule: cap_mb: A capped rule needs"):
        load_catalog(path)
    assert not Carrier.objects.exists()


def test_the_command_exits_2_with_the_reason(tmp_path, db):
    path = tmp_path / "typo.toml"
    path.write_text('[[carrier]]\nslug = "x"\nname = "X"\ncountry = "US"\ncolour = "red"\n')
    with pytest.raises(CommandError, match="unknown field") as excinfo:
        call_command("load_catalog", "--file", str(path))
    assert excinfo.value.returncode == 2
