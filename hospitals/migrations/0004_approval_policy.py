"""HQ decides on a submitted cooperating hospital within 5 working days (an administrator may change it)."""

from django.db import migrations


def seed(apps, schema_editor):
    apps.get_model("sla", "SlaPolicy").objects.update_or_create(
        code="hq_network_approval",
        defaults={
            "name": "总公司审批协作医院（5个工作日）",
            "clock_kind": "working_days",
            "duration": 5,
            "warn_at_percent": 60,
            "escalation_role": "hq_network_approver",
            "may_pause": False,
            "description": "HQ approves, returns or rejects a submitted cooperating hospital (issue 4).",
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("sla", "SlaPolicy").objects.filter(code="hq_network_approval").delete()


class Migration(migrations.Migration):
    dependencies = [("hospitals", "0003_seed_coverage_standard"), ("sla", "0003_seed_policies")]
    operations = [migrations.RunPython(seed, unseed)]
