"""Seed 002 promises payment within three working days once the documents are complete ("三个工作日到账承诺") and
states no pause: the payment clock may not pause (issue 8, point 10). Clocks paused before this change run again
from now; the time they stood still is not added back."""

from django.db import migrations


def forwards(apps, schema_editor):
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    Deadline = apps.get_model("sla", "Deadline")
    SlaPolicy.objects.filter(code="payment").update(may_pause=False)
    Deadline.objects.filter(policy__code="payment", paused_at__isnull=False).update(paused_at=None)


class Migration(migrations.Migration):
    dependencies = [("sla", "0007_history_baseline")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
