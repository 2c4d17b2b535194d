"""The service-level commitments of DOMAIN.md §5 and §4. Data: administrators edit them; later workflows add theirs."""

from django.db import migrations

POLICIES = [
    # code, name, clock kind, duration, may pause, escalation role, description
    ("report_response", "报案响应（30分钟）", "minutes", 30, False, "branch_claims_head",
     "Respond to a claim report within 30 minutes (seed 002)."),
    ("on_site", "到达现场（2小时）", "hours", 2, False, "branch_claims_head",
     "Be on site within 2 hours of the report (seed 002)."),
    ("loss_result", "定损结果（24小时）", "hours", 24, False, "branch_claims_head",
     "Give the loss-assessment result within 24 hours (seed 002)."),
    ("payment", "资料齐全后赔付（3个工作日）", "working_days", 3, True, "branch_claims_head",
     "Pay within 3 working days once the documents are complete; paused while waiting for the customer (seed 002)."),
    ("fast_track_payment_notice", "小额快处赔付通知（1小时）", "minutes", 60, False, "calculator_approver",
     "Fast track: notify payment within one hour for amounts under 10,000 yuan (seed 001)."),
    ("enquiry_routine", "一般咨询答复（2小时）", "hours", 2, False, "branch_claims_head",
     "Answer a routine enquiry within 2 hours (seed 002)."),
    ("enquiry_urgent", "紧急咨询答复（1小时）", "hours", 1, False, "branch_claims_head",
     "Answer an urgent enquiry within 1 hour (seed 002)."),
]


def seed(apps, schema_editor):
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    for code, name, kind, duration, may_pause, role, description in POLICIES:
        SlaPolicy.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "clock_kind": kind,
                "duration": duration,
                "may_pause": may_pause,
                "escalation_role": role,
                "warn_at_percent": 80,
                "description": description,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("sla", "SlaPolicy").objects.filter(code__in=[p[0] for p in POLICIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("sla", "0002_load_calendar")]
    operations = [migrations.RunPython(seed, unseed)]
