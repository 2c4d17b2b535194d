"""Historical: this migration seeded the claims-service policies of seed 002. They are registered by the apps
that own them now (injury_claims.apps: sla.registry.register_policy) and created by sla.registry.sync_policies
after every migrate, so a fresh database gets them from there; on existing databases the rows stay as edited."""

from django.db import migrations


def noop(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("sla", "0002_load_calendar")]
    operations = [migrations.RunPython(noop, noop)]
