"""The fast-track standard of seed 001 (p14–18) as its first row, and the database's refusal to change a fast-track
agreement's amounts once signed (p19: "不再对赔偿项目和金额进行审核及修改"; "理算与核赔环节不再调整小额快速处理人伤案件的赔偿项目和
金额") — whatever code path tries it."""

import datetime
from decimal import Decimal

from django.db import migrations

FIXED = "('agreed', 'signed', 'checked')"
COLUMNS = ("amount", "medical_amount", "ceiling", "medical_cap")
MESSAGE = "fast-track amounts are fixed once the agreement is signed"


def seed_standard(apps, schema_editor):
    apps.get_model("injury_claims", "FastTrackStandard").objects.get_or_create(
        effective_from=datetime.date(2011, 12, 1),
        defaults={
            "no_cost_1": Decimal("500"),
            "no_cost_2": Decimal("1000"),
            "no_cost_3": Decimal("2000"),
            "incurred_1": Decimal("200"),
            "incurred_2": Decimal("1000"),
            "incurred_3": Decimal("2000"),
            "cut_cm": Decimal("10"),
            "bruise_cm2": Decimal("20"),
            "rest_days": 7,
            "no_review_limit": Decimal("1000"),
            "confirmation_limit": Decimal("2000"),
            "not_liable_medical_cap": Decimal("1000"),
            "source": "车险人伤案件操作流程和理赔实务 (2011年12月) 第14–18页",
        },
    )


def create_guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in COLUMNS)
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION injury_claims_fast_track_amounts_fixed() RETURNS trigger AS $$ BEGIN "
            f"IF OLD.state IN {FIXED} AND ({changed}) THEN "
            f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$ "
            "LANGUAGE plpgsql"
        )
        schema_editor.execute(
            "CREATE TRIGGER fast_track_amounts_fixed BEFORE UPDATE ON injury_claims_fasttrack FOR EACH ROW "
            "EXECUTE FUNCTION injury_claims_fast_track_amounts_fixed()"
        )
    elif vendor == "sqlite":
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in COLUMNS)
        schema_editor.execute(
            "CREATE TRIGGER fast_track_amounts_fixed BEFORE UPDATE ON injury_claims_fasttrack FOR EACH ROW "
            f"WHEN OLD.state IN {FIXED} AND ({changed}) BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )


def drop_guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS fast_track_amounts_fixed ON injury_claims_fasttrack")
        schema_editor.execute("DROP FUNCTION IF EXISTS injury_claims_fast_track_amounts_fixed()")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS fast_track_amounts_fixed")


class Migration(migrations.Migration):
    dependencies = [("injury_claims", "0012_fast_track")]

    operations = [
        migrations.RunPython(seed_standard, migrations.RunPython.noop),
        migrations.RunPython(create_guard, drop_guard),
    ]
