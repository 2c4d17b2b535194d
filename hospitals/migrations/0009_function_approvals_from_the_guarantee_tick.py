"""The old guarantee tick becomes a recorded HQ approval; terminated cooperations get the day they left the
network. Separate from 0008 so that PostgreSQL alters the tables after the rows are written, not in the same
breath."""

from django.db import migrations
from django.utils import timezone


def carry_over(apps, schema_editor):
    """An agreement whose guarantee HQ had approved (the old tick) keeps that approval as a FunctionApproval (who
    approved it was never recorded: the note says so). A terminated cooperation is out of the network since the
    day it was terminated (its event), or since today when no event says."""
    Agreement = apps.get_model("hospitals", "Agreement")
    FunctionApproval = apps.get_model("hospitals", "FunctionApproval")
    Cooperation = apps.get_model("hospitals", "Cooperation")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Event = apps.get_model("workflow", "Event")
    now = timezone.now()
    for agreement in Agreement.objects.filter(guarantee_hq_approved=True):
        if "guarantee" in (agreement.functions or []):
            FunctionApproval.objects.get_or_create(
                agreement=agreement,
                function="guarantee",
                defaults={
                    "status": "approved",
                    "decided_at": now,
                    "note": "Approved before approvals were recorded by approver (migrated).",
                },
            )
    content_type = ContentType.objects.filter(app_label="hospitals", model="cooperation").first()
    for cooperation in Cooperation.objects.filter(state="terminated", ended_on__isnull=True):
        event = None
        if content_type is not None:
            event = (
                Event.objects.filter(content_type=content_type, object_id=cooperation.pk, verb="terminate")
                .order_by("-created_at")
                .first()
            )
        when = event.created_at if event is not None else now
        cooperation.ended_on = timezone.localtime(when).date()
        cooperation.save(update_fields=["ended_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("hospitals", "0008_network_rules_seed_000"),
        ("workflow", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="agreement",
            name="guarantee_enabled",
        ),
        migrations.RemoveField(
            model_name="agreement",
            name="guarantee_hq_approved",
        ),
        migrations.RemoveField(
            model_name="historicalagreement",
            name="guarantee_enabled",
        ),
        migrations.RemoveField(
            model_name="historicalagreement",
            name="guarantee_hq_approved",
        ),
    ]
