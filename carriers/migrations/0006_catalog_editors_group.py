"""The "Catalog editors" group: staff who curate the catalog and nothing else.

Add, change, delete and view carriers, plans, rollover rules and promotions, and view their
history. No user, group or lockout permissions. Permissions are normally created after all
migrations have run (post_migrate), so on a fresh database they are created here first:
``create_permissions`` for the carriers app, the usual pattern for a data migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS, migrations

GROUP = "Catalog editors"
CATALOG = ("carrier", "plan", "rolloverrule", "promotion")
CODENAMES = [f"{action}_{model}" for model in CATALOG for action in ("add", "change", "delete", "view")] + [
    f"view_historical{model}" for model in CATALOG
]


def create_catalog_editors(apps, schema_editor=None):
    """Create the group with exactly its permissions (idempotent). ``apps`` may be the
    migration state or the live registry (tests call it after a database flush)."""
    using = schema_editor.connection.alias if schema_editor else DEFAULT_DB_ALIAS
    config = apps.get_app_config("carriers")
    if getattr(config, "models_module", None) is None:  # a migration state's app has none
        config.models_module = True
        try:
            create_permissions(config, apps=apps, verbosity=0, using=using)
        finally:
            config.models_module = None
    else:
        create_permissions(config, apps=apps, verbosity=0, using=using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.using(using).filter(
            content_type__app_label="carriers", codename__in=CODENAMES
        )
    )
    missing = set(CODENAMES) - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"Permissions missing for {GROUP}: {', '.join(sorted(missing))}")
    group, _ = Group.objects.using(using).get_or_create(name=GROUP)
    group.permissions.set(permissions)


def delete_catalog_editors(apps, schema_editor):
    using = schema_editor.connection.alias
    apps.get_model("auth", "Group").objects.using(using).filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("carriers", "0005_record_existing_catalog_in_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_catalog_editors, delete_catalog_editors)]
