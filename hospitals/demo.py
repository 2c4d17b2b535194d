"""Demo network: about 60 hospitals across the demo branches in every pipeline state, agreements (some ending
within 60 days), rectifications, trainings, advisors, dispatches and HK cases. Sichuan is left short of its
coverage. Loaded once: skipped when any hospital exists."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from organization.models import OrgUnit, User
from sla.services.deadlines import open_deadline

from .models import (
    Agreement,
    Condition,
    Cooperation,
    EligibilityCheck,
    EmergencyDispatch,
    Function,
    HkCase,
    Hospital,
    MaintenanceLog,
    MedicalAdvisor,
    Rectification,
    Training,
)

S = Cooperation.State
# (name, city, district, grade, nature, kind, beds, state)
NETWORK = {
    "jilin": (
        "22",
        "0431",
        [
            ("吉林大学第一医院", "长春市", "朝阳区", "3a", "public", "general", 6500, S.ACTIVE),
            ("吉林大学中日联谊医院", "长春市", "二道区", "3a", "public", "general", 4000, S.ACTIVE),
            ("吉林大学第二医院", "长春市", "南关区", "3a", "public", "general", 3500, S.RENEWAL_DUE),
            ("吉林省人民医院", "长春市", "朝阳区", "3a", "public", "general", 2800, S.ACTIVE),
            ("长春市中心医院", "长春市", "南关区", "3a", "public", "general", 1800, S.RECTIFICATION),
            ("长春中医药大学附属医院", "长春市", "朝阳区", "3a", "public", "specialty", 2000, S.SUBMITTED),
            ("长春骨科医院", "长春市", "宽城区", "2a", "private", "trauma", 600, S.NEGOTIATING),
            ("长春市第二医院", "长春市", "绿园区", "2a", "public", "general", 900, S.COLLECTED),
            ("吉林市中心医院", "吉林市", "船营区", "3a", "public", "general", 2600, S.ACTIVE),
            ("北华大学附属医院", "吉林市", "丰满区", "3a", "public", "general", 2000, S.ACTIVE),
            ("吉林市人民医院", "吉林市", "昌邑区", "3b", "public", "general", 1200, S.APPROVED),
            ("磐石市医院", "磐石市", "", "2a", "public", "general", 500, S.ACTIVE),
            ("磐石市中医院", "磐石市", "", "2b", "public", "specialty", 300, S.SHORTLISTED),
            ("延边大学附属医院", "延吉市", "", "3a", "public", "general", 1900, S.ACTIVE),
            ("延吉市医院", "延吉市", "", "2a", "public", "general", 800, S.SIGNED),
            ("延边州人民医院", "延吉市", "", "2a", "public", "general", 700, S.CONTACTED),
            ("吉林省前卫医院", "长春市", "朝阳区", "2a", "public", "general", 400, S.TERMINATED),
            ("长春市第六医院", "长春市", "朝阳区", "2b", "public", "specialty", 350, S.REJECTED),
            ("吉林市化工医院", "吉林市", "龙潭区", "2a", "public", "general", 600, S.RETURNED),
            ("长春市朝阳区医院", "长春市", "朝阳区", "2a", "public", "general", 300, S.ACTIVE),
        ],
    ),
    "shenzhen": (
        "44",
        "0755",
        [
            ("北京大学深圳医院", "深圳市", "福田区", "3a", "public", "general", 2200, S.ACTIVE),
            ("深圳市人民医院", "深圳市", "罗湖区", "3a", "public", "general", 3000, S.ACTIVE),
            ("深圳市第二人民医院", "深圳市", "福田区", "3a", "public", "general", 2000, S.ACTIVE),
            ("香港大学深圳医院", "深圳市", "福田区", "3a", "public", "general", 2000, S.RENEWAL_DUE),
            ("深圳市南山区人民医院", "深圳市", "南山区", "3a", "public", "general", 1500, S.ACTIVE),
            ("南方科技大学医院", "深圳市", "南山区", "2a", "public", "general", 900, S.NEGOTIATING),
            ("深圳市宝安区人民医院", "深圳市", "宝安区", "3a", "public", "general", 1800, S.ACTIVE),
            ("深圳恒生医院", "深圳市", "宝安区", "3b", "private", "general", 1000, S.SUBMITTED),
            ("深圳市龙岗区人民医院", "深圳市", "龙岗区", "3a", "public", "general", 1700, S.ACTIVE),
            ("深圳市龙岗中心医院", "深圳市", "龙岗区", "3a", "public", "general", 1800, S.RECTIFICATION),
            ("深圳市中医院", "深圳市", "福田区", "3a", "public", "specialty", 1500, S.COLLECTED),
            ("深圳市第三人民医院", "深圳市", "龙岗区", "3a", "public", "specialty", 1200, S.SHORTLISTED),
            ("深圳市罗湖区人民医院", "深圳市", "罗湖区", "3a", "public", "general", 1100, S.CONTACTED),
            ("深圳市宝安区中心医院", "深圳市", "宝安区", "3a", "public", "general", 1000, S.APPROVED),
            ("深圳市南山区蛇口人民医院", "深圳市", "南山区", "2a", "public", "general", 600, S.SIGNED),
            ("深圳平乐骨伤科医院", "深圳市", "福田区", "3a", "public", "trauma", 500, S.RETURNED),
            ("深圳市福田区第二人民医院", "深圳市", "福田区", "2b", "public", "general", 300, S.REJECTED),
            ("深圳市龙华区人民医院", "深圳市", "龙华区", "3a", "public", "general", 1100, S.TERMINATED),
            ("深圳市光明区人民医院", "深圳市", "光明区", "3a", "public", "general", 900, S.ACTIVE),
            ("深圳市坪山区人民医院", "深圳市", "坪山区", "3b", "public", "general", 700, S.ACTIVE),
        ],
    ),
    "sichuan": (
        "51",
        "028",
        [
            ("四川大学华西医院", "成都市", "武侯区", "3a", "public", "general", 4300, S.ACTIVE),
            ("四川省人民医院", "成都市", "青羊区", "3a", "public", "general", 3500, S.ACTIVE),
            ("成都市第一人民医院", "成都市", "高新区", "3a", "public", "general", 2000, S.RECTIFICATION),
            ("成都市第三人民医院", "成都市", "青羊区", "3a", "public", "general", 1600, S.SUBMITTED),
            ("四川省骨科医院", "成都市", "武侯区", "3a", "public", "trauma", 1000, S.SUBMITTED),
            ("成都京东方医院", "成都市", "金牛区", "3b", "private", "general", 1500, S.NEGOTIATING),
            ("成都市第二人民医院", "成都市", "锦江区", "3a", "public", "general", 1500, S.CONTACTED),
            ("成都市第五人民医院", "成都市", "温江区", "3a", "public", "general", 1300, S.SHORTLISTED),
            ("绵阳市中心医院", "绵阳市", "涪城区", "3a", "public", "general", 2800, S.ACTIVE),
            ("四川绵阳四〇四医院", "绵阳市", "涪城区", "3a", "public", "general", 1500, S.APPROVED),
            ("绵阳市第三人民医院", "绵阳市", "涪城区", "3a", "public", "specialty", 1000, S.COLLECTED),
            ("德阳市人民医院", "德阳市", "旌阳区", "3a", "public", "general", 2000, S.RENEWAL_DUE),
            ("德阳市第二人民医院", "德阳市", "旌阳区", "2a", "public", "general", 700, S.SIGNED),
            ("德阳市中西医结合医院", "德阳市", "旌阳区", "2a", "public", "specialty", 400, S.RETURNED),
            ("成都市新都区人民医院", "成都市", "新都区", "2a", "public", "general", 800, S.REJECTED),
            (
                "成都市龙泉驿区第一人民医院",
                "成都市",
                "龙泉驿区",
                "2a",
                "public",
                "general",
                900,
                S.TERMINATED,
            ),
            ("成都市郫都区人民医院", "成都市", "郫都区", "2a", "public", "general", 600, S.COLLECTED),
            ("四川省第二中医医院", "成都市", "青羊区", "3a", "public", "specialty", 500, S.COLLECTED),
            ("成都市第六人民医院", "成都市", "成华区", "3b", "public", "general", 800, S.SHORTLISTED),
            ("成都市中西医结合医院", "成都市", "金牛区", "3a", "public", "specialty", 1400, S.CONTACTED),
        ],
    ),
}
AFTER_NEGOTIATION = {
    S.SUBMITTED,
    S.RETURNED,
    S.REJECTED,
    S.APPROVED,
    S.SIGNED,
    S.ACTIVE,
    S.RECTIFICATION,
    S.RENEWAL_DUE,
    S.TERMINATED,
}
SIGNED = {S.SIGNED, S.ACTIVE, S.RECTIFICATION, S.RENEWAL_DUE, S.TERMINATED}


@transaction.atomic
def seed_demo_network() -> dict[str, int]:
    if Hospital.objects.exists():
        return {"hospitals": Hospital.objects.count()}
    rng = random.Random(4)  # reproducible demo
    today = timezone.localdate()
    hq_approver = User.objects.filter(username="hq_approver").first()
    count = 0
    for code, (province, area, rows) in NETWORK.items():
        branch = OrgUnit.objects.filter(code=code).first()
        head = User.objects.filter(username=f"{code}_branch_claims_head").first()
        if branch is None or head is None:
            continue
        for index, (name, city, district, grade, nature, kind, beds, state) in enumerate(rows):
            hospital = Hospital.objects.create(
                org=branch,
                name=name,
                province=province,
                city=city,
                district=district,
                address=f"{district or city}{rng.randint(1, 399)}号",
                nature=nature,
                grade=grade,
                kind=kind,
                beds=beds,
                specialties=rng.choice(
                    [
                        "创伤骨科、神经外科、急诊科",
                        "普外科、心胸外科",
                        "骨科、康复医学科",
                        "急诊医学科、重症医学科",
                    ]
                ),
                licence_number=f"PDY{rng.randint(10000000, 99999999)}",
                licence_valid_until=today + datetime.timedelta(days=rng.randint(200, 1500)),
                emergency_phone=f"{area}-{rng.randint(80000000, 89999999)}",
                emergency_contact="急诊科",
                itemised_billing=nature == "public" or rng.random() < 0.5,
                road_accident_patients=rng.randint(200, 5000),
            )
            cooperation = Cooperation.objects.create(
                hospital=hospital,
                org=branch,
                state=state,
                created_by=head,
                method=Cooperation.Method.DIRECT
                if state in AFTER_NEGOTIATION or state == S.NEGOTIATING
                else "",
                branch_liaison=head.get_full_name(),
                branch_liaison_phone=head.phone,
                hospital_liaison=rng.choice(["王主任", "刘科长", "陈主任", "赵院长助理"]),
                hospital_liaison_phone=f"{area}-{rng.randint(80000000, 89999999)}",
                special_approval_granted=hospital.needs_special_approval and state in SIGNED | {S.APPROVED},
                plaque_hung=state in SIGNED and rng.random() < 0.7,
                submitted_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 400))
                if state in AFTER_NEGOTIATION
                else None,
                decided_by=hq_approver if state in AFTER_NEGOTIATION - {S.SUBMITTED} else None,
                decision_note="请补充急诊科室情况说明"
                if state == S.RETURNED
                else ("距离理赔服务半径过远" if state == S.REJECTED else ""),
                termination_reason="多次整改仍不符合收费规范" if state == S.TERMINATED else "",
            )
            if state == S.SUBMITTED:
                open_deadline(
                    "hq_network_approval",
                    subject=cooperation,
                    org=branch,
                    started_at=cooperation.submitted_at,
                    title=f"总公司审批：{hospital.name}（{branch.name}）",
                )
            if state in AFTER_NEGOTIATION or state == S.NEGOTIATING:
                EligibilityCheck.objects.bulk_create(
                    EligibilityCheck(cooperation=cooperation, condition=c, met=True, evidence="实地走访核实")
                    for c in Condition
                )
                _agreement(cooperation, state, index, today, rng)
            _activity(branch, hospital, cooperation, state, head, today, rng)
            count += 1
    return {"hospitals": count}


def _agreement(cooperation: Cooperation, state: str, index: int, today: datetime.date, rng) -> None:
    if state == S.RENEWAL_DUE:
        end = today + datetime.timedelta(days=rng.choice([25, 45, 80]))
    elif state == S.ACTIVE and index % 4 == 1:
        end = today + datetime.timedelta(days=rng.choice([20, 40, 55]))  # ending within 60 days
    else:
        end = today + datetime.timedelta(days=rng.randint(200, 1000))
    start = end - datetime.timedelta(days=3 * 365)
    signed = state in SIGNED
    Agreement.objects.create(
        cooperation=cooperation,
        version=1,
        functions=[
            Function.EMERGENCY,
            Function.TREATMENT,
            Function.APPRAISAL,
            Function.SURVEY,
            Function.CONSULTATION,
        ]
        + ([Function.GUARANTEE] if index % 3 == 0 else []),
        term_start=start,
        term_end=end,
        insurer_signatory="分公司总经理",
        hospital_signatory="院长",
        signed_on=start if signed else None,
        filed_with_hq_on=start + datetime.timedelta(days=10) if signed else None,
        guarantee_enabled=index % 3 == 0 and signed,
        guarantee_hq_approved=index % 3 == 0 and signed,
    )


def _activity(branch, hospital, cooperation, state, head, today, rng) -> None:
    if state not in Cooperation.IN_NETWORK:
        return
    MaintenanceLog.objects.create(
        cooperation=cooperation,
        kind=MaintenanceLog.Kind.VISIT,
        on=today - datetime.timedelta(days=rng.randint(5, 60)),
        note="走访医务科，沟通住院病人管理",
        by=head,
    )
    if state == S.RECTIFICATION:
        Rectification.objects.create(
            cooperation=cooperation,
            issues="非医保用药比例偏高，费用清单不规范",
            requested_on=today - datetime.timedelta(days=10),
            deadline=today + datetime.timedelta(days=20),
        )
    if rng.random() < 0.6:
        Training.objects.create(
            org=branch,
            hospital=hospital,
            on=today - datetime.timedelta(days=rng.randint(10, 300)),
            topic="人伤医疗审核实务培训",
            closed_book_exam=rng.random() < 0.7,
            attendees=rng.randint(15, 60),
            pass_rate=Decimal(rng.randint(80, 100)),
        )
    if rng.random() < 0.4:
        MedicalAdvisor.objects.create(
            org=branch,
            hospital=hospital,
            doctor=rng.choice(["张", "李", "王"]) + "主任医师",
            specialty=rng.choice(["骨科", "神经外科", "普外科"]),
            term_start=today - datetime.timedelta(days=100),
            term_end=today + datetime.timedelta(days=265),
            annual_fee=Decimal(rng.choice([6000, 8000, 12000])),
        )
    for _ in range(rng.randint(0, 3)):
        EmergencyDispatch.objects.create(
            org=branch,
            hospital=hospital,
            at=timezone.now() - datetime.timedelta(days=rng.randint(1, 200), hours=rng.randint(0, 23)),
            customer_type=rng.choice(EmergencyDispatch.CustomerType.values),
            response_minutes=rng.randint(5, 40),
            outcome=rng.choice([EmergencyDispatch.Outcome.ADMITTED, EmergencyDispatch.Outcome.TREATED]),
        )
    if branch.code == "shenzhen" and rng.random() < 0.5:
        HkCase.objects.create(
            org=branch,
            hospital=hospital,
            opened_on=today - datetime.timedelta(days=rng.randint(10, 200)),
            reference=f"HK{rng.randint(100000, 999999)}",
            callback_on_time=rng.random() < 0.85,
        )
