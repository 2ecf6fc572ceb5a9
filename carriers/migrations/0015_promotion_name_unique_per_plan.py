from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("carriers", "0014_promotion_names_differ_within_a_plan")]

    operations = [
        migrations.AddConstraint(
            model_name="promotion",
            constraint=models.UniqueConstraint(
                fields=("plan", "name_en"),
                name="carriers_promotion_name_unique_per_plan",
                violation_error_message=(
                    "This plan already has a promotion with this name: give each promotion "
                    "its own name."
                ),
            ),
        ),
    ]
