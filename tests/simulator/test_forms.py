"""The simulator's forms as a person fills them in: sizes in GB or MB, "Unlimited data" asked
for, presets that show their amounts and fill the use box, the months following the list,
Enter running the simulation, the fields that apply, and compare's country taken from your
plan. Through Django's test client, looking at the HTML that comes back."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from carriers.models import Plan
from simulator import forms, services

from .test_views import field_errors, get, month_rows, page, read, summary

pytestmark = pytest.mark.django_db

GB = 1024
MINE = {
    "plan": "custom",
    "c_currency": "USD",
    "c_price": "10",
    "c_allowance": "1",
    "start": "2026-01",
}


@pytest.fixture(autouse=True)
def plans(make_plan, settings):
    settings.RATE_LIMIT_SIMULATIONS = ""
    make_plan(slug="ten", name="Ten", rule={"mode": "full", "expires_after_periods": 1})
    make_plan(slug="day", name="Day", billing="daily", kind="day_pass", allowance_mb=GB)


def simulate(client, params, lang="en"):
    return page(get(client, "home", params, lang))


def textarea(html: str, name: str = "usage") -> str:
    return re.search(rf'<textarea name="{name}"[^>]*>\n(.*?)</textarea>', html, re.S)[1]


def value_of(html: str, name: str) -> str | None:
    found = re.search(rf'<input type="\w+" name="{name}"(?: value="([^"]*)")?', html)
    return found[1] if found else None


# --------------------------------------------------------------------------- sizes


def test_my_own_plans_sizes_may_be_typed_in_mb(client):
    # 500 MB a month, blocked beyond: 600 MB asked, 100 MB not served.
    html = simulate(client, {**MINE, "c_allowance": "500 MB", "usage": "600MB"})
    assert "100 MB beyond your data could not be served" in html
    assert "Not served 100 MB" in summary(html)


def test_same_every_month_may_be_typed_in_mb_and_fills_the_box_with_it(client):
    html = simulate(client, {"plan": "ten", "start": "2026-01", "months": "3", "same": "500MB"})
    assert [row[1] for row in month_rows(html)] == ["500 MB"] * 3
    assert textarea(html) == "500MB, 500MB, 500MB"


def test_a_size_that_cannot_be_read_is_explained_beside_its_field(client):
    html = simulate(client, {**MINE, "c_cap_gb": "2.5 MB", "c_mode": "capped", "usage": "1"})
    assert field_errors(html, "c_cap_gb") == (
        "Type whole MB (e.g. 500 MB), or GB with up to 3 decimals."
    )


# --------------------------------------------------------------------------- unlimited


def test_a_blank_allowance_asks_whether_the_plan_is_unlimited(client):
    html = simulate(client, {**MINE, "c_allowance": "", "usage": "3"})
    assert field_errors(html, "c_allowance") == (
        "Enter the data per period, or tick “Unlimited data”."
    )
    assert '<input type="checkbox" name="c_unlimited"' in html
    assert 'class="result"' not in html


def test_unlimited_data_ticked_simulates_an_unlimited_plan_whatever_the_allowance_says(
    client,
):
    for allowance in ("", "1"):
        params = {**MINE, "c_allowance": allowance, "c_unlimited": "on", "usage": "30"}
        html = simulate(client, params)
        assert "Serves all your use" in summary(html)
        assert "This plan has unlimited data, so there is nothing to roll over." in html


# --------------------------------------------------------------------------- presets


def test_presets_show_their_amounts(client):
    html = page(get(client, "home"))
    buttons = re.findall(r'<button type="submit" class="secondary" name="preset"[^>]*>(.*?)<', html)
    assert buttons == [
        "Light: 1.5 GB a month",
        "Typical: 6 GB a month",
        "Heavy: 25 GB a month",
        "Traveller: 2 GB a month, one month 20 GB",
    ]
    assert 'data-preset="6"' in html and 'data-preset="2" data-peak="20"' in html


def test_a_preset_without_javascript_fills_the_box_and_the_months_it_simulated(client):
    params = {"plan": "ten", "start": "2026-01", "months": "5", "usage": "", "preset": "traveller"}
    html = simulate(client, params)
    assert textarea(html) == "2, 2, 20, 2, 2"
    assert value_of(html, "months") == "5"
    assert [row[1] for row in month_rows(html)] == ["2 GB", "2 GB", "20 GB", "2 GB", "2 GB"]


def test_the_months_shown_are_those_of_the_list_typed(client):
    html = simulate(client, {"plan": "ten", "start": "2026-01", "months": "12", "usage": "1, 2"})
    assert value_of(html, "months") == "2"
    assert len(month_rows(html)) == 2


# --------------------------------------------------------------------------- Enter


@pytest.mark.parametrize("name", ["home", "compare"])
def test_the_forms_first_submit_button_runs_it_and_the_helpers_come_after(client, name):
    """Enter in a field presses the form's first submit button (the HTML rule of implicit
    submission): it must be the main one, never "use this every month" or a preset."""
    html = page(get(client, name))
    form = re.search(
        r'<form method="get" action="[^"]*#result" class="sim-form".*?</form>', html, re.S
    )[0]
    buttons = re.findall(r'<button type="submit"([^>]*)>', form)
    assert buttons[0] == ' class="primary"'
    assert all("name=" in attrs for attrs in buttons[1:])  # helpers say which they are


# --------------------------------------------------------------------------- what applies


def test_each_conditional_group_says_when_it_applies_for_readers_without_javascript(client):
    html = page(get(client, "home"))
    assert '<div class="grid" data-when="c_overage=pay_per_unit">' in html
    assert "Only if extra data is paid per unit:" in html
    assert 'data-when="c_unlimited="' in html  # the allowance: only when not unlimited


def test_a_day_pass_of_my_own_ignores_a_conversion_and_a_promotion(client):
    params = {
        **MINE,
        "c_billing": "daily",
        "c_convert_unit_gb": "1",  # no rate nor credit: would be refused for a monthly plan
        "c_promo_from": "2026-01",
        "c_promo_bonus_gb": "5",
        "usage": "1",
        "days": "1",
    }
    html = simulate(client, params)
    assert "Total cost $10.00" in summary(html)
    assert "Please correct the fields marked below." not in html


def test_a_catalog_plan_does_not_read_my_own_plans_fields(client):
    form = forms.SimulateForm(
        {"plan": "ten", "start": "2026-01", "usage": "1", "c_price": "abc", "c_cap_gb": "x"},
        plans=services.catalog_plans(),
    )
    assert form.is_valid(), form.errors
    assert not any(name.startswith("c_") for name in form.cleaned_data)


def test_a_clean_field_hook_still_runs_as_in_django(client):
    class Strict(forms.SimulateForm):
        def clean_start(self):
            raise ValidationError("No starts today.")

    form = Strict({"plan": "ten", "start": "2026-01", "usage": "1"}, plans=services.catalog_plans())
    assert not form.is_valid()
    assert form.errors["start"] == ["No starts today."]


def test_forms_share_fields_but_never_what_one_of_them_changes(client):
    plans = services.catalog_plans()
    compare = forms.CompareForm(plans=plans)
    simulate = forms.SimulateForm(plans=plans)
    assert str(compare["plan"].label) == "Your plan (optional)"
    assert str(simulate["plan"].label) == "Plan"
    assert compare.fields["plan"] is not simulate.fields["plan"]
    assert compare.fields["c_price"] is simulate.fields["c_price"]  # shared, never changed


# --------------------------------------------------------------------------- compare


def test_compares_country_starts_as_your_plans_and_an_explicit_choice_is_kept():
    plans = services.catalog_plans()
    coming = forms.CompareForm({"plan": "ten", "start": "2026-01", "usage": "1"}, plans=plans)
    assert coming.is_valid()
    assert coming.compare_input()["filters"].country == "US"
    assert coming.country_from_plan == "US"
    chosen = forms.CompareForm(
        {"plan": "ten", "country": "", "start": "2026-01", "usage": "1"}, plans=plans
    )
    assert chosen.is_valid()
    assert chosen.compare_input()["filters"].country is None
    assert chosen.country_from_plan is None
    link = forms.CompareForm(initial={"plan": "ten"}, plans=plans)  # from a plan page
    assert link["country"].value() == "US"


def test_the_plan_menu_is_built_once_per_catalog_and_language():
    plans = services.catalog_plans()
    with translation.override("en"):
        english = forms.plan_menu(plans)
        assert forms.plan_menu(plans) is english
    with translation.override("zh-hans"):
        assert forms.plan_menu(plans) is not english
    assert english.select("ten").count(" selected") == 1
    assert english.select("nope") == english.options


def test_sizes_clean_to_whole_mb():
    field = forms.SizeField("Size")
    assert field.clean("1.5") == 1536
    assert field.clean("500 MB") == 500
    assert field.clean("") is None
    assert field.clean(" 2GB ") == 2048
    assert isinstance(field.clean("0.001"), int)


def test_preset_amounts_are_the_usage_modules():
    from simulator.usage import PRESET_GB

    assert PRESET_GB["typical"] == Decimal("6")
    presets = forms.UsageForm().presets
    assert [p["value"] for p in presets] == ["light", "typical", "heavy", "traveller"]
    assert read(str(presets[1]["label"])).text == "Typical: 6 GB a month"


def test_a_renamed_plan_is_offered_under_its_new_name_at_once(client):
    """The menu is kept per catalog: a curator's change reloads the catalog, whose plans
    compare equal to the old ones (same ids) but carry the new names."""
    assert ">Ten — " in page(get(client, "home"))
    with translation.override("en"):
        plan = Plan.objects.get(slug="ten")
        plan.name = "Ten renamed"
        plan.save()
    html = page(get(client, "home"))
    assert ">Ten renamed — " in html and ">Ten — " not in html
    compare = page(get(client, "compare", {"start": "2026-01", "usage": "1"}))
    assert "Ten renamed" in read(compare).text.split("Ranking", 1)[1]


@pytest.mark.parametrize(
    ("lang", "too_small", "one_line"),
    [
        ("en", "This is too small: at least 1 MB.", "This plan allows at most 1 line."),
        ("zh-hans", "数值太小：至少为 1 MB。", "此套餐最多允许 1 个号码。"),
    ],
)
def test_a_limit_beside_a_size_field_names_its_unit_and_a_count_its_plural(
    client, lang, too_small, one_line
):
    # The unit is typed in GB, but its bound is 1 MB: "at least 1" would read as 1 GB.
    mine = {**MINE, "c_overage": "pay_per_unit", "c_unit_price": "1", "usage": "1"}
    html = page(get(client, "home", {**mine, "c_unit_gb": "0"}, lang=lang))
    assert field_errors(html, "c_unit_gb") == too_small
    html = page(
        get(client, "home", {**mine, "c_unit_gb": "1", "c_lines_max": "1", "lines": "2"}, lang=lang)
    )
    assert field_errors(html, "lines") == one_line


def test_a_count_reported_on_a_size_field_stays_a_count():
    # The engine reports the number of months on usage_mb: 36 months, not "36 MB".
    from simulator import engine
    from simulator.engine.validation import check_usage
    from simulator.errors import translate_error

    with pytest.raises(engine.InvalidInput) as refused:
        check_usage([1] * 37, "2026-01", None, 1)
    [error] = refused.value.errors
    assert (error.field, error.code) == ("usage_mb", "too_many_months")
    with translation.override("en"):
        assert translate_error(error) == "At most 36 months."
    with translation.override("zh-hans"):
        assert "MB" not in translate_error(error)
