"""Give every carrier, plan, rule and promotion that exists before history begins a first
historical record ("+", created), so the first admin edit of an old record can be reverted:
without it the history would only start with the edited values."""

from django.db import migrations
from django.utils import timezone

MODELS = ("Carrier", "Plan", "RolloverRule", "Promotion")
REASON = "History started (migration 0005): the record as it was."


def record_existing(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("carriers", name)
        historical = apps.get_model("carriers", f"Historical{name}")
        fields = [f.attname for f in model._meta.concrete_fields]
        already = set(historical.objects.values_list("id", flat=True).distinct())
        historical.objects.bulk_create(
            [
                historical(
                    **{attname: getattr(obj, attname) for attname in fields},
                    history_date=now,
                    history_type="+",
                    history_change_reason=REASON,
                )
                for obj in model.objects.iterator()
                if obj.pk not in already
            ],
            batch_size=500,
        )


def forget_initial_records(apps, schema_editor):
    for name in MODELS:
        apps.get_model("carriers", f"Historical{name}").objects.filter(
            history_change_reason=REASON
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("carriers", "0004_history_and_plan_version")]

    operations = [migrations.RunPython(record_existing, forget_initial_records)]
