"""A first history row ("created") for every service-level policy that existed before its history was kept, so that the
first change after the upgrade shows its old and new values."""

from django.db import migrations

from workflow.history import create_baseline_rows


def baseline(apps, schema_editor):
    create_baseline_rows(apps, "sla", ['SlaPolicy'])


class Migration(migrations.Migration):
    dependencies = [('sla', '0006_policy_history')]
    operations = [migrations.RunPython(baseline, migrations.RunPython.noop)]
