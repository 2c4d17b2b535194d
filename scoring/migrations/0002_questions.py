"""The default questionnaires (questions are data: HQ changes them in the admin). Customers are asked about the
cooperating hospital that treated them as inpatients; hospitals about their cooperation with us (seed 000,
"平安客户对协作医院服务的满意度" and "协作医院对保险公司合作的满意度"). Scale questions are answered 1–5 (5: very
satisfied); a question with scale 0 takes a free-text remark that does not count in the score."""

from django.db import migrations

CUSTOMER = [
    ("您对医院急诊接诊和入院办理的及时性是否满意？", 5),
    ("您对医生的诊疗水平和对病情的解释是否满意？", 5),
    ("您对护理人员的服务态度是否满意？", 5),
    ("您对医院收费的合理性（用药、检查是否必要）是否满意？", 5),
    ("您对我司人伤查勘员探视和协助的情况是否满意？", 5),
    ("您对医院或我司还有什么意见或建议？", 0),
]
HOSPITAL = [
    ("贵院对我司查勘人员的专业水平和工作态度是否满意？", 5),
    ("贵院对双方联系人沟通和问题处理的及时性是否满意？", 5),
    ("贵院对我司医疗费用垫付、担保和理赔时效是否满意？", 5),
    ("贵院对双方培训、专家合作等合作内容是否满意？", 5),
    ("贵院对今后合作还有什么意见或建议？", 0),
]


def seed(apps, schema_editor):
    Question = apps.get_model("scoring", "Question")
    for kind, rows in (("customer", CUSTOMER), ("hospital", HOSPITAL)):
        for position, (text, scale) in enumerate(rows, start=1):
            Question.objects.get_or_create(kind=kind, position=position, defaults={"text": text, "scale": scale})


def unseed(apps, schema_editor):
    apps.get_model("scoring", "Question").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_assessment")]
    operations = [migrations.RunPython(seed, unseed)]
