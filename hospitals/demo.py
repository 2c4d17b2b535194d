"""Demo network: about 60 hospitals across the demo branches in every pipeline state (expired ones included),
agreements (some ending within 60 days, some signed but not filed with HQ), functions approved by HQ or waiting
for it, annual evaluations (some waiting for HQ), a hospital proposed again after its termination,
rectifications, trainings, advisors, dispatches and HK cases. Sichuan is left short of its coverage. Loaded once:
skipped when any hospital exists."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from organization.models import OrgUnit, User
from sla.services.deadlines import open_deadline

from .models import (
    Agreement,
    AnnualEvaluation,
    Condition,
    Cooperation,
    EligibilityCheck,
    EmergencyDispatch,
    Function,
    FunctionApproval,
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
            ("长春中医药大学附属医院", "长春市", "朝阳区", "3a", "public", "specialty", 2000, S.CONTACTED),
            ("长春骨科医院", "长春市", "宽城区", "2a", "private", "trauma", 600, S.NEGOTIATING),
            ("长春市第二医院", "长春市", "绿园区", "2a", "public", "general", 900, S.SUBMITTED),
            ("吉林市中心医院", "吉林市", "船营区", "3a", "public", "general", 2600, S.ACTIVE),
            ("北华大学附属医院", "吉林市", "丰满区", "3a", "public", "general", 2000, S.ACTIVE),
            ("吉林市人民医院", "吉林市", "昌邑区", "3b", "public", "general", 1200, S.APPROVED),
            ("磐石市医院", "磐石市", "", "2a", "public", "general", 500, S.ACTIVE),
            ("磐石市中医院", "磐石市", "", "2b", "public", "specialty", 300, S.SHORTLISTED),
            ("延边大学附属医院", "延吉市", "", "3a", "public", "general", 1900, S.ACTIVE),
            ("延吉市医院", "延吉市", "", "2a", "public", "general", 800, S.SIGNED),
            ("延边州人民医院", "延吉市", "", "2a", "public", "general", 700, S.EXPIRED),
            ("吉林省前卫医院", "长春市", "朝阳区", "2a", "public", "general", 400, S.TERMINATED),
            ("长春市第六医院", "长春市", "朝阳区", "2a", "private", "general", 350, S.REJECTED),
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
            ("深圳市福田区第二人民医院", "深圳市", "福田区", "2a", "public", "general", 300, S.REJECTED),
            ("深圳市龙华区人民医院", "深圳市", "龙华区", "3a", "public", "general", 1100, S.TERMINATED),
            ("深圳市光明区人民医院", "深圳市", "光明区", "3a", "public", "general", 900, S.ACTIVE),
            ("深圳市坪山区人民医院", "深圳市", "坪山区", "3b", "public", "general", 700, S.EXPIRED),
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
            ("德阳市中西医结合医院", "德阳市", "旌阳区", "2a", "public", "general", 400, S.RETURNED),
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
            ("成都市郫都区人民医院", "成都市", "郫都区", "2a", "public", "general", 600, S.EXPIRED),
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
    S.EXPIRED,
}
SIGNED = {S.SIGNED, S.ACTIVE, S.RECTIFICATION, S.RENEWAL_DUE, S.TERMINATED, S.EXPIRED}
DEMO_SCAN = b"%PDF-1.4\n% demo scan of a signed agreement\n%%EOF\n"
# Hospitals that come back: the terminated cooperation kept, a new one being prepared.
COME_BACK = {"吉林省前卫医院"}


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
            term = _term(state, index, today, rng)
            cooperation = _cooperation(hospital, branch, head, hq_approver, state, term, today, area, rng)
            if state in AFTER_NEGOTIATION or state == S.NEGOTIATING:
                EligibilityCheck.objects.bulk_create(
                    EligibilityCheck(cooperation=cooperation, condition=c, met=True, evidence="实地走访核实")
                    for c in Condition
                )
                _agreement(cooperation, state, index, term, hq_approver, rng)
            _evaluations(cooperation, state, index, head, hq_approver, today)
            _activity(branch, hospital, cooperation, state, head, today, rng, term)
            if name in COME_BACK:
                Cooperation.objects.create(hospital=hospital, org=branch, created_by=head)
            count += 1
    return {"hospitals": count}


def _term(state: str, index: int, today: datetime.date, rng) -> tuple[datetime.date, datetime.date]:
    """(start, end) of the first agreement: ending soon when renewal is due, over when expired."""
    if state == S.RENEWAL_DUE:
        end = today + datetime.timedelta(days=rng.choice([25, 45, 80]))
    elif state == S.ACTIVE and index % 4 == 1:
        end = today + datetime.timedelta(days=rng.choice([20, 40, 55]))  # ending within 60 days
    elif state == S.EXPIRED:
        end = today - datetime.timedelta(days=rng.randint(5, 60))
    elif state in (S.APPROVED, S.SUBMITTED, S.RETURNED, S.REJECTED, S.NEGOTIATING):
        start = today + datetime.timedelta(days=rng.randint(15, 45))
        return start, start + datetime.timedelta(days=3 * 365 - 1)
    else:
        end = today + datetime.timedelta(days=rng.randint(200, 700))
    return end - datetime.timedelta(days=3 * 365 - 1), end


def _cooperation(hospital, branch, head, hq_approver, state, term, today, area, rng) -> Cooperation:
    start, end = term
    now = timezone.now()
    if state in SIGNED:
        submitted = timezone.make_aware(datetime.datetime.combine(start, datetime.time(10)))
        submitted -= datetime.timedelta(days=30)
    elif state == S.SUBMITTED:
        submitted = now - datetime.timedelta(days=rng.randint(1, 6))
    else:
        submitted = now - datetime.timedelta(days=rng.randint(20, 40))
    decided = submitted + datetime.timedelta(days=4) if state in AFTER_NEGOTIATION - {S.SUBMITTED} else None
    ended_on = None
    if state == S.EXPIRED:
        ended_on = end + datetime.timedelta(days=1)
    elif state == S.TERMINATED:
        ended_on = today - datetime.timedelta(days=rng.randint(10, 90))
    cooperation = Cooperation.objects.create(
        hospital=hospital,
        org=branch,
        state=state,
        created_by=head,
        method=Cooperation.Method.DIRECT if state in AFTER_NEGOTIATION or state == S.NEGOTIATING else "",
        branch_liaison=head.get_full_name(),
        branch_liaison_phone=head.phone,
        hospital_liaison=rng.choice(["王主任", "刘科长", "陈主任", "赵院长助理"]),
        hospital_liaison_phone=f"{area}-{rng.randint(80000000, 89999999)}",
        special_approval_granted=hospital.condition_7().verdict == "special"
        and state in SIGNED | {S.APPROVED},
        plaque_hung=state in SIGNED and rng.random() < 0.7,
        submitted_at=submitted if state in AFTER_NEGOTIATION else None,
        decided_at=decided,
        decided_by=hq_approver if decided else None,
        decision_note="请补充急诊科室情况说明"
        if state == S.RETURNED
        else ("距离理赔服务半径过远" if state == S.REJECTED else ""),
        termination_reason="多次整改仍不符合收费规范" if state == S.TERMINATED else "",
        ended_on=ended_on,
    )
    if state == S.SUBMITTED:
        open_deadline(
            "hq_network_approval",
            subject=cooperation,
            org=branch,
            started_at=submitted,
            title=f"总公司审批：{hospital.name}（{branch.name}）",
        )
    return cooperation


def _agreement(cooperation: Cooperation, state: str, index: int, term, hq_approver, rng) -> None:
    start, end = term
    signed = state in SIGNED
    functions = [
        Function.EMERGENCY,
        Function.TREATMENT,
        Function.APPRAISAL,
        Function.SURVEY,
        Function.CONSULTATION,
    ]
    if index % 3 == 0:
        functions.append(Function.GUARANTEE)
    if index % 5 == 0:
        functions.append(Function.EXPERT_TEAM)
    signed_on = start - datetime.timedelta(days=5) if signed else None
    agreement = Agreement.objects.create(
        cooperation=cooperation,
        version=1,
        functions=functions,
        term_start=start,
        term_end=end,
        insurer_signatory="分公司总经理",
        hospital_signatory="院长",
        deviation="急救费用按月结算" if state == S.NEGOTIATING and index % 2 == 0 else "",
        signed_on=signed_on,
        # Every fifth signed version is not filed with HQ yet: the desk and the weekly reminder show it.
        filed_with_hq_on=signed_on + datetime.timedelta(days=10) if signed and index % 5 != 2 else None,
    )
    if signed and state != S.SIGNED:  # SIGNED waits for its scan
        agreement.signed_scan.save(f"agreement-{agreement.pk}-v1.pdf", ContentFile(DEMO_SCAN), save=True)
    for code in agreement.functions_needing_approval():
        decided = signed or state == S.APPROVED
        FunctionApproval.objects.create(
            agreement=agreement,
            function=code,
            requested_by=cooperation.created_by,
            status=FunctionApproval.Status.APPROVED if decided else FunctionApproval.Status.REQUESTED,
            decided_by=hq_approver if decided else None,
            decided_at=cooperation.decided_at if decided else None,
        )


def _evaluations(cooperation: Cooperation, state: str, index: int, head, hq_approver, today) -> None:
    """Renewal due: one branch waits for HQ's decision, another has it and drafts the next version. Some active
    hospitals were evaluated last year."""
    if state == S.RENEWAL_DUE:
        pending = cooperation.org.code != "shenzhen"
        AnnualEvaluation.objects.create(
            cooperation=cooperation,
            org=cooperation.org,
            year=today.year,
            treatment_practice="诊疗规范，首诊确诊率高，用药检查合理",
            cooperation_quality="急救调度响应及时，病历查阅配合良好",
            complaints="无",
            recommendation=AnnualEvaluation.Recommendation.RENEW,
            submitted_by=head,
            state=AnnualEvaluation.State.SUBMITTED if pending else AnnualEvaluation.State.DECIDED,
            decision="" if pending else AnnualEvaluation.Recommendation.RENEW,
            decided_by=None if pending else hq_approver,
            decided_at=None if pending else timezone.now() - datetime.timedelta(days=3),
        )
        if not pending:
            current = cooperation.agreements.get(version=1)
            Agreement.objects.create(
                cooperation=cooperation,
                version=2,
                functions=current.functions,
                term_start=current.term_end + datetime.timedelta(days=1),
                term_end=current.term_end + datetime.timedelta(days=3 * 365),
                insurer_signatory=current.insurer_signatory,
                hospital_signatory=current.hospital_signatory,
            )
        return
    if state == S.ACTIVE and index % 4 == 0:
        AnnualEvaluation.objects.create(
            cooperation=cooperation,
            org=cooperation.org,
            year=today.year - 1,
            treatment_practice="诊疗操作规范",
            cooperation_quality="合作顺畅",
            complaints="无",
            recommendation=AnnualEvaluation.Recommendation.RENEW,
            submitted_by=head,
            state=AnnualEvaluation.State.DECIDED,
            decision=AnnualEvaluation.Recommendation.RENEW,
            decided_by=hq_approver,
            decided_at=timezone.now() - datetime.timedelta(days=300),
        )


def _activity(branch, hospital, cooperation, state, head, today, rng, term) -> None:
    """Records only while the hospital was in the network (its term began at least a year ago)."""
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
