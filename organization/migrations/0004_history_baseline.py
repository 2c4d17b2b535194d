"""A first history row ("created") for every org units, staff members and authority ceilings that existed before its history was kept, so that the
first change after the upgrade shows its old and new values."""

from django.db import migrations

from workflow.history import create_baseline_rows


def baseline(apps, schema_editor):
    create_baseline_rows(apps, "organization", ["OrgUnit", "User", "AuthorityCeiling"], m2m={"User": ["groups"]})


class Migration(migrations.Migration):
    dependencies = [('organization', '0003_master_data_history')]
    operations = [migrations.RunPython(baseline, migrations.RunPython.noop)]
