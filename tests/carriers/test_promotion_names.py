"""A plan's promotions each have their own English name (the loader and the export find them
by it): the database refuses a second one, and the plan page says so at the name field
instead of failing; names given up or freed in the same save can be taken."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from carriers.models import Plan, Promotion
from tests.carriers.test_admin import edit_form, plan_form

pytestmark = pytest.mark.django_db

TAKEN = "This plan already has a promotion with this name: give each promotion its own name."
LAUNCH = {"from_month": "2026-01", "to_month": "2026-03", "bonus_mb": 2048}


def test_the_database_refuses_a_second_promotion_with_the_same_name_on_one_plan(make_plan):
    plan = make_plan(promotions=[{"name": "Launch", **LAUNCH}])
    with pytest.raises(IntegrityError), transaction.atomic():
        Promotion.objects.create(plan=plan, name="Launch", **LAUNCH)
    assert plan.promotions.count() == 1


def test_two_plans_may_each_have_a_promotion_of_the_same_name(make_plan):
    first = make_plan(promotions=[{"name": "Launch", **LAUNCH}])
    second = make_plan(slug="other", promotions=[{"name": "Launch", **LAUNCH}])
    assert [p.name for p in (*first.promotions.all(), *second.promotions.all())] == [
        "Launch",
        "Launch",
    ]


def test_full_clean_names_the_rule_in_plain_words(make_plan):
    plan = make_plan(promotions=[{"name": "Launch", **LAUNCH}])
    with pytest.raises(ValidationError) as refused:
        Promotion(plan=plan, name="Launch", **LAUNCH).full_clean()
    assert refused.value.messages == [TAKEN]


def promotion_fields(index, name, **overrides):
    fields = {
        f"promotions-{index}-name_en": name,
        f"promotions-{index}-name_zh_hans": "",
        f"promotions-{index}-from_month": "2026-06",
        f"promotions-{index}-to_month": "2026-08",
        f"promotions-{index}-bonus_mb": "1",
        f"promotions-{index}-extra_expiry_periods": "0",
        f"promotions-{index}-price": "",
    }
    fields.update({f"promotions-{index}-{k}": v for k, v in overrides.items()})
    return fields


def name_errors(response):
    """Each promotion form's errors at its English name, in order."""
    formsets = response.context["inline_admin_formsets"]
    formset = next(fs.formset for fs in formsets if fs.formset.prefix == "promotions")
    return [list(form.errors.get("name_en", [])) for form in formset.forms]


def test_a_new_plan_with_two_promotions_of_one_name_is_shown_the_error_and_not_saved(
    admin_client, carrier
):
    data = plan_form(
        carrier, **{"promotions-TOTAL_FORMS": "2"}, **promotion_fields(1, "Launch bonus")
    )
    response = admin_client.post(reverse("admin:carriers_plan_add"), data)
    assert response.status_code == 200
    assert name_errors(response) == [[], [TAKEN]]
    assert TAKEN in response.content.decode()
    assert not Plan.objects.filter(slug="curated-10").exists()
    assert not Promotion.objects.exists()


def change_form(plan, promotions, total):
    """The plan page's POST for ``plan``: its rule, and ``promotions`` as the curator sent
    them (the existing ones first, ``total`` forms in all)."""
    plan.refresh_from_db()
    existing = list(plan.promotions.order_by("from_month", "pk"))
    data = edit_form(
        plan,
        **{
            "promotions-TOTAL_FORMS": str(total),
            "promotions-INITIAL_FORMS": str(len(existing)),
        },
    )
    del data["promotions-0-name_en"]
    for index, promotion in enumerate(existing):
        data.update(
            promotion_fields(
                index,
                promotion.name,
                id=str(promotion.pk),
                plan=str(plan.pk),
                from_month=promotion.from_month,
                to_month=promotion.to_month,
                bonus_mb="2",
            )
        )
    data.update(promotions)
    return data


def test_adding_a_promotion_named_like_an_existing_one_is_refused_at_its_name(
    admin_client, make_plan
):
    plan = make_plan(promotions=[{"name": "Launch", **LAUNCH}])
    data = change_form(plan, promotion_fields(1, "Launch"), total=2)
    response = admin_client.post(reverse("admin:carriers_plan_change", args=[plan.pk]), data)
    assert response.status_code == 200
    assert name_errors(response) == [[], [TAKEN]]
    assert list(plan.promotions.values_list("name_en", "bonus_mb")) == [("Launch", 2048)]


def test_two_promotions_can_swap_names_in_one_save(admin_client, make_plan):
    plan = make_plan(
        promotions=[
            {"name": "Launch", **LAUNCH},
            {"name": "Summer", **{**LAUNCH, "from_month": "2026-06", "to_month": "2026-08"}},
        ]
    )
    launch, summer = plan.promotions.order_by("from_month")
    data = change_form(
        plan,
        {"promotions-0-name_en": "Summer", "promotions-1-name_en": "Launch"},
        total=2,
    )
    response = admin_client.post(reverse("admin:carriers_plan_change", args=[plan.pk]), data)
    assert response.status_code == 302, response.context and name_errors(response)
    assert Promotion.objects.get(pk=launch.pk).name == "Summer"
    assert Promotion.objects.get(pk=summer.pk).name == "Launch"
    # The history holds the names the curator gave, never the one used on the way.
    assert not Promotion.history.filter(name_en__startswith="(moving").exists()


def test_a_promotion_deleted_in_a_save_leaves_its_name_to_a_new_one(admin_client, make_plan):
    plan = make_plan(promotions=[{"name": "Launch", **LAUNCH}])
    old = plan.promotions.get()
    data = change_form(
        plan, {"promotions-0-DELETE": "on", **promotion_fields(1, "Launch")}, total=2
    )
    response = admin_client.post(reverse("admin:carriers_plan_change", args=[plan.pk]), data)
    assert response.status_code == 302, response.context and name_errors(response)
    new = plan.promotions.get()
    assert (new.name, new.from_month) == ("Launch", "2026-06")
    assert new.pk != old.pk


@pytest.mark.django_db(transaction=True)
def test_the_migration_renames_a_plans_second_promotion_of_one_name_before_the_rule(make_plan):
    plan = make_plan()
    executor = MigrationExecutor(connection)
    before = [("carriers", "0013_history_names")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldPromotion = old_apps.get_model("carriers", "Promotion")
    for month in ("2026-01", "2026-02", "2026-03"):
        OldPromotion.objects.create(
            plan_id=plan.pk,
            name="Launch",
            name_en="Launch",
            from_month=month,
            to_month=month,
            bonus_mb=0,
        )
    OldPromotion.objects.create(
        plan_id=plan.pk,
        name="Launch (2)",
        name_en="Launch (2)",
        from_month="2026-04",
        to_month="2026-04",
        bonus_mb=0,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    names = list(plan.promotions.order_by("from_month").values_list("name", "name_en"))
    assert names == [
        ("Launch", "Launch"),
        ("Launch (3)", "Launch (3)"),
        ("Launch (4)", "Launch (4)"),
        ("Launch (2)", "Launch (2)"),
    ]
    renamed = Promotion.history.filter(history_change_reason__startswith="Renamed (migration")
    assert sorted(renamed.values_list("name_en", flat=True)) == ["Launch (3)", "Launch (4)"]
