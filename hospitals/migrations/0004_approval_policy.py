"""Historical: this migration seeded the hq_network_approval policy. hospitals.apps registers it now
(sla.registry.register_policy) and sla.registry.sync_policies creates it after every migrate."""

from django.db import migrations


def noop(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("hospitals", "0003_seed_coverage_standard"), ("sla", "0003_seed_policies")]
    operations = [migrations.RunPython(noop, noop)]
