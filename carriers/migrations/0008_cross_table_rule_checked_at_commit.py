"""Check "an unlimited plan or a day pass cannot roll over" when the transaction commits.

Migration 0002 checked it on every row written, so a valid edit that changes a plan and its
rule together — the plan becomes unlimited and its rule "no rollover", saved plan first as
the admin and the loader do — was refused halfway. Now:

* PostgreSQL (production): constraint triggers, DEFERRABLE INITIALLY DEFERRED, on both
  tables. They look at the tables as they are at commit, so the order of the writes inside
  one transaction does not matter, and a bad final state is still refused.
* SQLite (the embedded default): a trigger cannot be deferred. The rule's triggers stay
  (a rolling rule cannot be written for an unlimited plan or a day pass); the plan-side
  trigger goes, so the other direction is checked by ``RolloverRule.clean()`` (the admin
  validates the rule beside its plan; the loader validates every rule it writes) rather
  than by the database.
"""

from django.db import migrations

NAME = "carriers_rolloverrule_limited_monthly_only"

POSTGRES = [
    f"DROP TRIGGER IF EXISTS {NAME}_rule ON carriers_rolloverrule",
    f"DROP TRIGGER IF EXISTS {NAME}_plan ON carriers_plan",
    f"""
    CREATE OR REPLACE FUNCTION {NAME}() RETURNS trigger AS $$
    DECLARE
        checked_plan bigint;
    BEGIN
        IF TG_TABLE_NAME = 'carriers_rolloverrule' THEN
            checked_plan := NEW.plan_id;
        ELSE
            checked_plan := NEW.id;
        END IF;
        IF EXISTS (
            SELECT 1 FROM carriers_plan p JOIN carriers_rolloverrule r ON r.plan_id = p.id
            WHERE p.id = checked_plan AND r.mode <> 'none'
              AND (p.allowance_mb IS NULL OR p.billing = 'daily'))
        THEN
            RAISE EXCEPTION '{NAME}: an unlimited plan or a day pass cannot roll over'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    f"""CREATE CONSTRAINT TRIGGER {NAME}_rule AFTER INSERT OR UPDATE ON carriers_rolloverrule
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {NAME}()""",
    f"""CREATE CONSTRAINT TRIGGER {NAME}_plan AFTER UPDATE ON carriers_plan
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {NAME}()""",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES:
            schema_editor.execute(sql)
    else:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME}_plan_update")


def backwards(apps, schema_editor):
    from importlib import import_module

    triggers = import_module("carriers.migrations.0002_rollover_needs_limited_monthly_plan")
    triggers.drop_triggers(apps, schema_editor)
    triggers.create_triggers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("carriers", "0007_rule_order_label")]

    operations = [migrations.RunPython(forwards, backwards)]
