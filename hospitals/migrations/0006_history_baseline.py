"""A first history row ("created") for every hospital, agreement and coverage standard that existed before its history was kept, so that the
first change after the upgrade shows its old and new values."""

from django.db import migrations
from django.utils import timezone

MODELS = ['Hospital', 'Agreement', 'CoverageStandard']


def baseline(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("hospitals", name)
        historical = apps.get_model("hospitals", "Historical" + name)
        fields = [f for f in historical._meta.fields if f.attname in {g.attname for g in model._meta.fields}]
        have = set(historical.objects.values_list("id", flat=True).distinct())
        rows = [
            historical(
                **{f.attname: getattr(obj, f.attname) for f in fields},
                history_date=now,
                history_type="+",
                history_change_reason="baseline",
            )
            for obj in model.objects.exclude(pk__in=have).iterator()
        ]
        historical.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [('hospitals', '0005_master_data_history')]
    operations = [migrations.RunPython(baseline, migrations.RunPython.noop)]
