"""Catalog editors curate categories too: add, change, delete and view Category, and view
its history (the group as 0006 made it, plus these five permissions)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Catalog editors"
CODENAMES = [f"{action}_category" for action in ("add", "change", "delete", "view")] + [
    "view_historicalcategory"
]


def _permissions(apps, using):
    config = apps.get_app_config("carriers")
    if getattr(config, "models_module", None) is None:  # a migration state's app has none
        config.models_module = True
        try:
            create_permissions(config, apps=apps, verbosity=0, using=using)
        finally:
            config.models_module = None
    else:  # the live registry (tests call this after a database flush)
        create_permissions(config, apps=apps, verbosity=0, using=using)
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.using(using).filter(
        content_type__app_label="carriers", codename__in=CODENAMES
    )


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    group = apps.get_model("auth", "Group").objects.using(using).filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(*_permissions(apps, using))


def revoke(apps, schema_editor):
    using = schema_editor.connection.alias
    group = apps.get_model("auth", "Group").objects.using(using).filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps, using))


class Migration(migrations.Migration):
    dependencies = [("carriers", "0009_catalog_texts_countries_provenance_caps")]

    operations = [migrations.RunPython(grant, revoke)]
