"""The default 考评 criteria (seed 001 p31: "增加了对人伤环节中任意人员的考评功能"), as data HQ can edit."""

from django.db import migrations

DEFAULT_CRITERIA = (
    ("timeliness", "时效：按时联系、按时跟踪", 20),
    ("completeness", "完整：跟踪记录与资料齐全", 20),
    ("accuracy", "准确：估损与核定合理准确", 20),
    ("mediation", "调解：告知调解并积极促成", 15),
    ("compliance", "合规：个人信息与流程合规", 15),
    ("service", "服务：伤者沟通与服务态度", 10),
)


def seed(apps, schema_editor):
    criterion = apps.get_model("injury_claims", "EvaluationCriterion")
    for code, name, points in DEFAULT_CRITERIA:
        criterion.objects.get_or_create(code=code, defaults={"name": name, "max_points": points, "active": True})


class Migration(migrations.Migration):
    dependencies = [("injury_claims", "0004_injury_categories_liability_shares")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
