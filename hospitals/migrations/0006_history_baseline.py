"""A first history row ("created") for every hospital, agreement and coverage standard that existed before its history was kept, so that the
first change after the upgrade shows its old and new values."""

from django.db import migrations

from workflow.history import create_baseline_rows


def baseline(apps, schema_editor):
    create_baseline_rows(apps, "hospitals", ['Hospital', 'Agreement', 'CoverageStandard'])


class Migration(migrations.Migration):
    dependencies = [('hospitals', '0005_master_data_history')]
    operations = [migrations.RunPython(baseline, migrations.RunPython.noop)]
