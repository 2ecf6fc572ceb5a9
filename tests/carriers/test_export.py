"""export_catalog writes the whole catalog in the loader's structure, and load_catalog
reads it back: nothing is lost on the way out and in."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from carriers.catalog.loader import CatalogError, load_catalog
from carriers.models import Carrier, Category, Plan, Promotion, RolloverRule

pytestmark = pytest.mark.django_db


def export(tmp_path, name="catalog.json"):
    path = tmp_path / name
    call_command("export_catalog", "--output", str(path), stderr=io.StringIO())
    return path


def load(path, *args):
    out = io.StringIO()
    call_command("load_catalog", "--file", str(path), *args, stdout=out)
    return out.getvalue()


def snapshot():
    """Every catalog object's field values, foreign keys by slug, without ids or versions."""

    def values(obj):
        row = {}
        for f in obj._meta.concrete_fields:
            if f.primary_key or f.name == "version":
                continue
            if f.is_relation:
                row[f.name] = getattr(obj, f.name).slug
            elif hasattr(f, "translated_field"):
                # No translation is NULL (made in Python) or "" (a form, the loader): the same.
                row[f.name] = getattr(obj, f.attname) or ""
            else:
                row[f.name] = getattr(obj, f.attname)
        return row

    return {
        "carriers": sorted((values(c) for c in Carrier.objects.all()), key=repr),
        "categories": sorted((values(c) for c in Category.objects.all()), key=repr),
        "plans": sorted((values(p) for p in Plan.objects.all()), key=repr),
        "rules": sorted((values(r) for r in RolloverRule.objects.all()), key=repr),
        "promotions": sorted((values(p) for p in Promotion.objects.all()), key=repr),
    }


@pytest.fixture
def catalog(make_plan, carrier):
    """The starter catalog plus a curator's own records of every awkward kind."""
    load_catalog()
    Carrier.objects.filter(slug="tello").update(active=False)
    make_plan(
        slug="curators-own",
        name="Curator's own, inactive",
        active=False,
        availability="discontinued",
        overage_policy="pay_per_unit",
        overage_unit_mb=1,
        overage_unit_price=Decimal("0.01"),
        extra_line_price=Decimal("12.50"),
        notes="Écrit à la main — 中文 too.",
        rule={"mode": "capped", "cap_mb": 5120, "bank_cap_mb": 20480, "min_use_mb": 1},
        promotions=[
            {"name": "Half price", "from_month": "2026-01", "to_month": "2026-06", "price": "15"},
            {"name": "Bonus", "from_month": "2025-12", "to_month": "2025-12", "bonus_mb": 2048},
        ],
    )
    make_plan(
        slug="unlimited-day",
        name="Unlimited day pass",
        allowance_mb=None,
        billing="daily",
        kind="day_pass",
    )


def test_export_wipe_and_import_gives_back_the_same_catalog(catalog, tmp_path):
    first = export(tmp_path, "first.json")
    before = snapshot()

    Promotion.objects.all().delete()
    RolloverRule.objects.all().delete()
    Plan.objects.all().delete()
    Carrier.objects.all().delete()
    Category.objects.all().delete()
    # The history remembers the deletions: only --force brings deleted records back.
    assert "0 change(s) made" in load(first)
    output = load(first, "--update", "--force")

    data = json.loads(first.read_text())
    counts = (len(data["carrier"]), len(data["category"]), len(data["plan"]))
    assert f"{counts[0]} carriers, {counts[1]} categories and {counts[2]} plans" in output
    second = export(tmp_path, "second.json")
    assert second.read_text() == first.read_text()
    assert snapshot() == before


def test_importing_an_export_into_the_same_catalog_changes_nothing(catalog, tmp_path):
    path = export(tmp_path)
    assert "0 change(s) made" in load(path)


def test_the_export_holds_every_record_in_the_loaders_structure(catalog, capsys):
    call_command("export_catalog")
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"carrier", "category", "plan"}
    assert len(data["carrier"]) == Carrier.objects.count()
    assert len(data["plan"]) == Plan.objects.count()
    own = next(p for p in data["plan"] if p["slug"] == "curators-own")
    assert own["carrier"] == "example-mobile"
    assert own["active"] is False
    assert own["price"] == "30.00"
    assert own["overage_unit_price"] == "0.01"
    assert own["source_checked"] == "2026-11-22"
    assert own["throttle_kbps"] is None
    assert "version" not in own and "id" not in own
    assert own["rollover"]["cap_mb"] == 5120
    assert "plan" not in own["rollover"]
    assert [p["name"] for p in own["promotions"]] == ["Bonus", "Half price"]
    assert own["promotions"][1]["price"] == "15.00"
    assert next(c for c in data["carrier"] if c["slug"] == "tello")["active"] is False


def test_the_loader_reads_an_iso_date_string_from_json(carrier, tmp_path):
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps(
            {
                "carrier": [{"slug": "example-mobile", "name": "Example Mobile", "country": "US"}],
                "plan": [
                    {
                        "slug": "from-json",
                        "carrier": "example-mobile",
                        "name": "From JSON",
                        "currency": "USD",
                        "price": "9.99",
                        "allowance_mb": 1024,
                        "source_url": "https://example.com",
                        "source_checked": "2026-02-03",
                        "rollover": {"mode": "none"},
                    }
                ],
            }
        )
    )
    load(path)
    plan = Plan.objects.get(slug="from-json")
    assert plan.source_checked == datetime.date(2026, 2, 3)
    assert plan.price == Decimal("9.99")


def test_a_json_dry_run_writes_nothing(catalog, tmp_path):
    path = export(tmp_path)
    data = json.loads(path.read_text())
    data["plan"][0]["price"] = "1.00"
    path.write_text(json.dumps(data))
    assert "1 existing record(s) differ from the file" in load(path, "--dry-run")
    output = load(path, "--update", "--dry-run")
    assert f"would update plan {data['plan'][0]['slug']}: price" in output
    assert Plan.objects.get(slug=data["plan"][0]["slug"]).price != Decimal("1.00")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "Cannot read"),
        ("[1, 2]", "must hold an object with 'carrier', 'category' and 'plan' lists"),
        ('{"carrier": {"slug": "x"}}', "'carrier' must be a list of tables"),
        (
            '{"plan": [{"slug": "p", "carrier": "nowhere", "name": "P", "currency": "USD", '
            '"price": "1.00", "source_url": "https://example.com", "source_checked": '
            '"2026-01-01", "rollover": {}}]}',
            "carrier 'nowhere' is not in the file",
        ),
    ],
)
def test_a_bad_json_file_exits_2_with_the_reason(db, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message) as excinfo:
        load(path)
    assert excinfo.value.returncode == 2


def test_a_date_that_is_not_iso_is_refused_whole(catalog, tmp_path):
    path = export(tmp_path)
    data = json.loads(path.read_text())
    data["plan"][-1]["source_checked"] = "22/11/2026"
    data["plan"][0]["price"] = "1.00"
    path.write_text(json.dumps(data))
    with pytest.raises(CatalogError, match=r"source_checked: write the date as .* 2026-11-22"):
        load_catalog(path)
    assert Plan.objects.get(slug=data["plan"][0]["slug"]).price != Decimal("1.00")


def test_a_file_naming_one_promotion_twice_is_refused(catalog, tmp_path):
    path = export(tmp_path)
    data = json.loads(path.read_text())
    own = next(p for p in data["plan"] if p["slug"] == "curators-own")
    own["promotions"][1]["name"] = own["promotions"][0]["name"]
    path.write_text(json.dumps(data))
    with pytest.raises(CatalogError, match="named more than once: 'Bonus'"):
        load_catalog(path)
