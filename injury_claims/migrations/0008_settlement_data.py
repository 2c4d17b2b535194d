"""The 交强险 limits (LAW.md §1.1) and the documents checklist per injury category, as data HQ edits."""

import datetime
from decimal import Decimal

from django.db import migrations

LIMITS = (
    # effective from, death/disability, medical, property, no-fault ×3, source
    (
        datetime.date(2008, 2, 1),
        "110000",
        "10000",
        "2000",
        "11000",
        "1000",
        "100",
        "交强险责任限额 2008 (LAW.md §1.1: before the 2020 reform; start date as commonly cited, UNCONFIRMED)",
    ),
    (
        datetime.date(2020, 9, 19),
        "180000",
        "18000",
        "2000",
        "18000",
        "1800",
        "100",
        "银保监会等《关于调整交强险责任限额和费率浮动系数的公告》(2020) — LAW.md §1.1",
    ),
)

COMMON = [
    ("id", "身份证明（身份证或户口簿）", 10),
    ("accident_finding", "事故认定书或事故证明", 20),
    ("invoices", "医疗费发票", 30),
    ("bill_list", "费用清单", 40),
    ("medical_record", "病历", 50),
    ("bank_account", "收款账户信息", 90),
]
BY_CATEGORY = {
    "inpatient": [
        ("discharge", "出院记录（小结）", 60),
        ("diagnosis", "诊断证明", 61),
        ("lost_work", "误工证明及收入证明", 62),
    ],
    "inpatient_surgery": [
        ("discharge", "出院记录（小结）", 60),
        ("diagnosis", "诊断证明", 61),
        ("lost_work", "误工证明及收入证明", 62),
        ("nursing", "护理证明", 63),
    ],
    "serious": [
        ("discharge", "出院记录（小结）", 60),
        ("diagnosis", "诊断证明", 61),
        ("lost_work", "误工证明及收入证明", 62),
        ("nursing", "护理证明", 63),
    ],
    "fracture": [
        ("discharge", "出院记录（小结）", 60),
        ("diagnosis", "诊断证明", 61),
        ("lost_work", "误工证明及收入证明", 62),
    ],
    "head_injury": [
        ("discharge", "出院记录（小结）", 60),
        ("diagnosis", "诊断证明", 61),
        ("lost_work", "误工证明及收入证明", 62),
    ],
    "disability": [
        ("discharge", "出院记录（小结）", 60),
        ("diagnosis", "诊断证明", 61),
        ("lost_work", "误工证明及收入证明", 62),
        ("disability_report", "伤残鉴定意见书", 70),
        ("dependants", "被扶养人身份及关系证明", 71),
    ],
    "death_at_scene": [
        ("death_certificate", "死亡证明", 70),
        ("cremation", "火化证明或户籍注销证明", 71),
        ("kinship", "亲属关系证明", 72),
        ("dependants", "被扶养人身份及关系证明", 73),
    ],
    "death_after_treatment": [
        ("death_certificate", "死亡证明", 70),
        ("cremation", "火化证明或户籍注销证明", 71),
        ("kinship", "亲属关系证明", 72),
        ("dependants", "被扶养人身份及关系证明", 73),
    ],
}


def seed(apps, schema_editor):
    limit = apps.get_model("injury_claims", "CompulsoryLimit")
    requirement = apps.get_model("injury_claims", "DocumentRequirement")
    category = apps.get_model("injury_claims", "InjuryCategory")
    for day, dd, med, prop, nf_dd, nf_med, nf_prop, source in LIMITS:
        limit.objects.get_or_create(
            effective_from=day,
            defaults={
                "death_disability": Decimal(dd),
                "medical": Decimal(med),
                "property": Decimal(prop),
                "no_fault_death_disability": Decimal(nf_dd),
                "no_fault_medical": Decimal(nf_med),
                "no_fault_property": Decimal(nf_prop),
                "source": source,
            },
        )
    for code, name, order in COMMON:
        requirement.objects.get_or_create(category=None, code=code, defaults={"name": name, "order": order})
    for category_code, rows in BY_CATEGORY.items():
        row = category.objects.filter(code=category_code).first()
        if row is None:
            continue
        for code, name, order in rows:
            requirement.objects.get_or_create(
                category=row, code=code, defaults={"name": name, "order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("injury_claims", "0007_settlement")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
