"""The one catalog rule that spans two tables, enforced by the database.

"An unlimited plan or a day pass cannot roll over": a RolloverRule whose mode is not
``none`` may only belong to a plan with a data allowance and monthly billing. A CHECK
constraint cannot look at another table, so triggers on both tables refuse a bad row,
named ``carriers_rolloverrule_limited_monthly_only``.

SQLite drops a table's triggers when Django rebuilds that table in a later migration:
a migration that alters ``carriers_plan`` or ``carriers_rolloverrule`` must run
``create_triggers`` again (tests/carriers/test_constraints.py fails if it is forgotten).
"""

from django.db import migrations

NAME = "carriers_rolloverrule_limited_monthly_only"

SQLITE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS {NAME}_rule_{event.lower()}
    BEFORE {event} ON carriers_rolloverrule
    WHEN NEW.mode <> 'none' AND EXISTS (
        SELECT 1 FROM carriers_plan p
        WHERE p.id = NEW.plan_id AND (p.allowance_mb IS NULL OR p.billing = 'daily'))
    BEGIN SELECT RAISE(ABORT, '{NAME}: an unlimited plan or a day pass cannot roll over'); END
    """
    for event in ("INSERT", "UPDATE")
] + [
    f"""
    CREATE TRIGGER IF NOT EXISTS {NAME}_plan_update
    BEFORE UPDATE ON carriers_plan
    WHEN (NEW.allowance_mb IS NULL OR NEW.billing = 'daily') AND EXISTS (
        SELECT 1 FROM carriers_rolloverrule r WHERE r.plan_id = NEW.id AND r.mode <> 'none')
    BEGIN SELECT RAISE(ABORT, '{NAME}: an unlimited plan or a day pass cannot roll over'); END
    """
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {NAME}_rule_insert",
    f"DROP TRIGGER IF EXISTS {NAME}_rule_update",
    f"DROP TRIGGER IF EXISTS {NAME}_plan_update",
]

POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION {NAME}() RETURNS trigger AS $$
    BEGIN
        IF TG_TABLE_NAME = 'carriers_rolloverrule' THEN
            IF NEW.mode <> 'none' AND EXISTS (
                SELECT 1 FROM carriers_plan p
                WHERE p.id = NEW.plan_id AND (p.allowance_mb IS NULL OR p.billing = 'daily'))
            THEN
                RAISE EXCEPTION '{NAME}: an unlimited plan or a day pass cannot roll over'
                    USING ERRCODE = 'check_violation';
            END IF;
        ELSIF (NEW.allowance_mb IS NULL OR NEW.billing = 'daily') AND EXISTS (
                SELECT 1 FROM carriers_rolloverrule r
                WHERE r.plan_id = NEW.id AND r.mode <> 'none')
        THEN
            RAISE EXCEPTION '{NAME}: an unlimited plan or a day pass cannot roll over'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    f"DROP TRIGGER IF EXISTS {NAME}_rule ON carriers_rolloverrule",
    f"""CREATE TRIGGER {NAME}_rule BEFORE INSERT OR UPDATE ON carriers_rolloverrule
        FOR EACH ROW EXECUTE FUNCTION {NAME}()""",
    f"DROP TRIGGER IF EXISTS {NAME}_plan ON carriers_plan",
    f"""CREATE TRIGGER {NAME}_plan BEFORE UPDATE ON carriers_plan
        FOR EACH ROW EXECUTE FUNCTION {NAME}()""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {NAME}_rule ON carriers_rolloverrule",
    f"DROP TRIGGER IF EXISTS {NAME}_plan ON carriers_plan",
    f"DROP FUNCTION IF EXISTS {NAME}()",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise RuntimeError(f"Rollover Lab supports SQLite and PostgreSQL, not {vendor}.")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, SQLITE_DROP if vendor == "sqlite" else POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("carriers", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
