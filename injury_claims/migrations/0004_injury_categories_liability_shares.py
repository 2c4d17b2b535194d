"""Reference data every installation needs: the injury categories (seed 001 p27 asks for a richer list) and the
company's default share per liability finding. Both are data HQ edits in the administration; these are the first
values. The shares are the usual practice of commercial third-party insurance (全责100%, 主责70%, 同责50%, 次责30%,
无责0%); they are not statutory (LAW.md names no figure) and a branch may set its own."""

from decimal import Decimal

from django.db import migrations

CATEGORIES = [
    ("outpatient_minor", "门诊轻微伤", "Outpatient, minor", "follow_on", 10),
    ("outpatient", "门诊治疗", "Outpatient treatment", "follow_on", 20),
    ("inpatient", "住院治疗", "Inpatient", "visit", 30),
    ("inpatient_surgery", "住院手术", "Inpatient with surgery", "visit", 40),
    ("serious", "重伤（危重）", "Serious or critical", "visit", 50),
    ("fracture", "骨折", "Fracture", "visit", 55),
    ("head_injury", "颅脑损伤", "Head injury", "visit", 60),
    ("disability", "可能伤残", "Likely disability", "visit", 70),
    ("death_at_scene", "当场死亡", "Death at the scene", "investigate", 80),
    ("death_after_treatment", "抢救无效死亡", "Death after treatment", "investigate", 90),
]
SHARES = [("full", "1.000"), ("main", "0.700"), ("equal", "0.500"), ("minor", "0.300"), ("none", "0.000")]


def forwards(apps, schema_editor):
    InjuryCategory = apps.get_model("injury_claims", "InjuryCategory")
    LiabilityRatio = apps.get_model("injury_claims", "LiabilityRatio")
    for code, name, name_en, suggests, rank in CATEGORIES:
        InjuryCategory.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "suggests": suggests, "rank": rank}
        )
    for liability, ratio in SHARES:
        if not LiabilityRatio.objects.filter(org__isnull=True, liability=liability).exists():
            LiabilityRatio.objects.create(org=None, liability=liability, ratio=Decimal(ratio))


class Migration(migrations.Migration):
    dependencies = [("injury_claims", "0003_claims_persons_reviews")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
