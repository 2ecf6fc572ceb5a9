"""Give each promotion of a plan its own English name before the next migration makes that a
rule (``carriers_promotion_name_unique_per_plan``): the loader and the export find a plan's
promotions by name. A second promotion of a plan with a name already taken becomes
"<name> (2)" (then 3, …), with a historical record saying why, so the curator sees it in the
promotion history and can choose a better name. A catalog without such twins is untouched."""

from django.db import migrations
from django.utils import timezone

REASON = "Renamed (migration 0014): another promotion of the plan had this name."
MAX_NAME = 150


def free_name(name: str, taken: set[str]) -> str:
    n = 2
    while True:
        suffix = f" ({n})"
        candidate = name[: MAX_NAME - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        n += 1


def rename_twins(apps, schema_editor):
    Promotion = apps.get_model("carriers", "Promotion")
    HistoricalPromotion = apps.get_model("carriers", "HistoricalPromotion")
    fields = [f.attname for f in Promotion._meta.concrete_fields]
    names: dict[int, set[str]] = {}
    for plan_id, name in Promotion.objects.values_list("plan_id", "name_en"):
        names.setdefault(plan_id, set()).add(name)
    seen: dict[int, set[str]] = {}
    now = timezone.now()
    for promotion in Promotion.objects.order_by("plan_id", "from_month", "id"):
        kept = seen.setdefault(promotion.plan_id, set())
        if promotion.name_en not in kept:
            kept.add(promotion.name_en)
            continue
        taken = names[promotion.plan_id]
        new = free_name(promotion.name_en, taken)
        taken.add(new)
        kept.add(new)
        if promotion.name == promotion.name_en:  # the column behind the translations
            promotion.name = new
        promotion.name_en = new
        promotion.save(update_fields=["name", "name_en"])
        HistoricalPromotion.objects.create(
            **{attname: getattr(promotion, attname) for attname in fields},
            history_date=now,
            history_type="~",
            history_change_reason=REASON,
        )


class Migration(migrations.Migration):
    dependencies = [("carriers", "0013_history_names")]

    operations = [migrations.RunPython(rename_twins, migrations.RunPython.noop)]
