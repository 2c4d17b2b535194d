"""The demo claims' data: who, where, what injuries, which outcomes, in what proportions (claims_demo.py plays them
through the services)."""

from __future__ import annotations

import base64
import datetime
import random
import struct
import zlib
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .identity import check_digit
from .models import InjuredPerson

if TYPE_CHECKING:
    from hospitals.models import Hospital

    from .claims_demo import _Branch, _Demo
from .workflows.person import PersonState

S = PersonState

# The state the first person of each claim is left in, claim after claim: every state within a branch's first seven
# claims, then in proportion. The claim's other persons are at a stage that fits its age (COMPANIONS).
LEADS = [
    S.FIRST_FOLLOW_UP,
    S.VISIT,
    S.INVESTIGATION,
    S.SUBSEQUENT,
    S.COST_REVIEW,
    S.COSTS_APPROVED,
    S.CLOSED,
    S.SUBSEQUENT,
    S.VISIT,
    S.COSTS_APPROVED,
    S.FIRST_FOLLOW_UP,
    S.SUBSEQUENT,
    S.COST_REVIEW,
    S.COSTS_APPROVED,
]
COMPANIONS = {
    S.FIRST_FOLLOW_UP: [S.FIRST_FOLLOW_UP],
    S.VISIT: [S.VISIT, S.SUBSEQUENT, S.CLOSED],
    S.INVESTIGATION: [S.VISIT, S.SUBSEQUENT, S.INVESTIGATION],
    S.CLOSED: [S.CLOSED, S.SUBSEQUENT],
    S.SUBSEQUENT: [S.SUBSEQUENT, S.VISIT, S.COST_REVIEW],
    S.COST_REVIEW: [S.SUBSEQUENT, S.COST_REVIEW, S.COSTS_APPROVED],
    S.COSTS_APPROVED: [S.COSTS_APPROVED, S.COSTS_APPROVED, S.SUBSEQUENT, S.CLOSED, S.COST_REVIEW],
}
# How many days ago a claim was reported, by the state of its first person.
AGES = {
    S.FIRST_FOLLOW_UP: (0.007, 1.5),
    S.VISIT: (2.5, 12),
    S.INVESTIGATION: (2.5, 20),
    S.CLOSED: (2.5, 30),
    S.SUBSEQUENT: (8, 75),
    S.COST_REVIEW: (20, 100),
    S.COSTS_APPROVED: (30, 120),
}
PERSONS_PER_CLAIM = [1, 1, 1, 2, 2, 3, 4]
# The injury categories of a person left in a state (the first follow-up's outcome follows the category).
CATEGORIES = {
    S.FIRST_FOLLOW_UP: [
        "outpatient_minor",
        "outpatient",
        "outpatient",
        "inpatient",
        "fracture",
        "head_injury",
    ],
    S.VISIT: ["inpatient", "inpatient_surgery", "fracture", "head_injury", "serious"],
    S.INVESTIGATION: ["death_at_scene", "death_after_treatment", "disability", "serious"],
    S.SUBSEQUENT: ["outpatient_minor", "outpatient", "inpatient", "fracture", "disability"],
    S.COST_REVIEW: ["outpatient", "outpatient", "inpatient", "inpatient_surgery", "fracture"],
    S.COSTS_APPROVED: ["outpatient_minor", "outpatient", "inpatient", "inpatient_surgery", "fracture"],
    S.CLOSED: ["outpatient_minor"],
}
DEATHS = ("death_at_scene", "death_after_treatment")
# category → (diagnoses, injured body parts, first estimate in yuan)
INJURIES = {
    "outpatient_minor": (["软组织挫伤", "皮肤擦伤", "颈部扭伤"], ["四肢", "颈部", "面部"], (800, 3000)),
    "outpatient": (
        ["踝关节扭伤", "头皮裂伤（已缝合）", "腰部软组织损伤"],
        ["踝部", "头部", "腰部"],
        (2000, 8000),
    ),
    "inpatient": (["脑震荡", "胸部挫伤", "多处软组织挫伤"], ["头部", "胸部", "全身多处"], (10000, 40000)),
    "inpatient_surgery": (
        ["脾破裂（已行脾切除术）", "股骨干骨折（内固定术后）"],
        ["腹部", "右下肢"],
        (40000, 120000),
    ),
    "serious": (["重型颅脑损伤", "多发肋骨骨折伴血气胸"], ["头部", "胸部"], (120000, 300000)),
    "fracture": (["左胫骨骨折", "桡骨远端骨折", "肋骨骨折"], ["左下肢", "右上肢", "胸部"], (20000, 80000)),
    "head_injury": (["颅脑损伤", "硬膜下血肿"], ["头部"], (40000, 200000)),
    "disability": (
        ["腰椎压缩性骨折（可能构成伤残）", "胫腓骨粉碎性骨折（可能构成伤残）"],
        ["腰部", "下肢"],
        (100000, 400000),
    ),
    "death_at_scene": (["当场死亡"], [""], (700000, 1300000)),
    "death_after_treatment": (["重型颅脑损伤，抢救无效死亡"], ["头部"], (700000, 1300000)),
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "桂兰",
]
JOBS = [("", ""), ("", ""), ("快递员", "交通运输业"), ("建筑工人", "建筑业"), ("个体经营", "批发和零售业")]
# Where a branch's claims happen: (the handling sub-branch's code, "" for the branch itself; city; districts).
PLACES = {
    "jilin": [
        ("", "长春市", ["朝阳区", "南关区", "绿园区", "二道区"]),
        ("jilin-jilinshi", "吉林市", ["船营区", "丰满区", "昌邑区"]),
        ("jilin-panshi", "磐石市", [""]),
        ("jilin-yanji", "延吉市", [""]),
    ],
    "shenzhen": [
        ("", "深圳市", ["福田区", "罗湖区"]),
        ("shenzhen-nanshan", "深圳市", ["南山区"]),
        ("shenzhen-baoan", "深圳市", ["宝安区"]),
        ("shenzhen-longgang", "深圳市", ["龙岗区"]),
    ],
    "sichuan": [
        ("", "成都市", ["武侯区", "锦江区", "青羊区"]),
        ("sichuan-mianyang", "绵阳市", ["涪城区", "游仙区"]),
        ("sichuan-deyang", "德阳市", ["旌阳区"]),
    ],
}
PLATE_PREFIX = {"22": "吉A", "44": "粤B", "51": "川A"}
STREETS = ["人民大街", "解放路", "建设路", "新华路", "中山路", "滨河路"]
NOT_IN_REGISTRY = ["第三人民医院", "中西医结合医院", "骨伤科医院"]
SUMMARIES = {
    S.FIRST_FOLLOW_UP: "电话联系伤者及家属，已慰问，了解事故经过和伤情，告知理赔流程、所需资料和可调解结案。",
    S.VISIT: "到医院护士站核实伤者身份，见到伤者本人，向主治医生了解治疗方案，提示减少医保外用药。",
    S.INVESTIGATION: "走访交警队和事故现场，收集调查材料，告知家属可调解结案。",
    S.SUBSEQUENT: "跟踪治疗进展和案件处理情况，督促伤者尽快提交索赔资料，引导调解结案。",
}
CHECKLISTS = {
    S.FIRST_FOLLOW_UP: ["comforted", "facts", "guidance"],
    S.VISIT: ["nurse_station", "saw_injured", "doctor", "plan"],
    S.INVESTIGATION: ["evidence"],
    S.SUBSEQUENT: ["treatment", "case"],
}
CLOSE_REASONS = [
    "伤者表示伤情轻微，自愿放弃索赔。",
    "经核实伤者未受伤，无人伤损失。",
    "双方已自行协商处理完毕，伤者放弃索赔。",
]
SECTIONS = ["accident", "injured", "deceased", "treatment", "dependants", "handling"]
FINDINGS = {
    "accident": "调取交警事故认定书及现场照片，事故经过与报案一致。",
    "injured": "核实伤者身份、户籍及职业信息，与报案资料一致。",
    "deceased": "调取死亡证明及尸检报告，死亡原因与事故有直接因果关系。",
    "treatment": "调阅病历及费用清单，治疗与伤情相符。",
    "dependants": "核实被扶养人情况：父母二人、子女一人。",
    "handling": "交警已出具事故认定书，双方尚未达成调解。",
}
# Bill lines: (item, 医保 category, unit price, quantity from–to); an inpatient bill adds its days in hospital.
OUTPATIENT_ITEMS = [
    ("挂号费", "A", "15", (1, 1)),
    ("头颅CT平扫", "A", "260", (1, 1)),
    ("X线摄片", "A", "120", (1, 2)),
    ("清创缝合术", "A", "180", (1, 1)),
    ("布洛芬缓释胶囊", "A", "18.50", (1, 3)),
    ("云南白药气雾剂", "B", "46", (1, 2)),
    ("外固定支具", "self", "380", (1, 1)),
    ("换药", "A", "25", (2, 6)),
]
INPATIENT_ITEMS = [
    ("切开复位内固定术", "A", "3200", (1, 1)),
    ("骨科内固定材料", "B", "8600", (1, 1)),
    ("头孢呋辛钠注射液", "B", "28.60", (6, 20)),
    ("人血白蛋白", "C", "368", (2, 6)),
    ("磁共振检查", "A", "680", (1, 2)),
    ("进口可吸收缝线", "self", "420", (1, 2)),
]
REDUCTION = "自费项目，不属于医保报销范围，按规定核减。"
COSTS_RETURNED = "缺少出院小结和费用明细清单，请补充后重新提交。"
FOLLOW_UP_RETURNED = "估损依据不足，请补充诊断证明后修改估损。"
# The scan of a bill: a tiny PNG of a receipt's lines, made unique per bill by a text chunk with its number.
BILL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAADwAAABUAQAAAAD2IGnoAAAAUUlEQVR42mP8z8DAwMDA8JGJAQYOQCgDFnmI3Ea4FDYGIyMjI6MAA141"
    "mIz///////+BVF34ncH0UABi8j/5D6Pah4p2PCmKokQCT8aMGCkcACa5PjQkoDbmAAAAAElFTkSuQmCC"
)


# --- small helpers of the replay ------------------------------------------------------------------------------
class _Clock:
    """``timezone.now()`` during the replay: the moment of the step being replayed, a microsecond further at each
    call so that what one step records stays in order (and never before what the previous step recorded)."""

    def __init__(self) -> None:
        self.last = timezone.now() - datetime.timedelta(days=3650)

    def at(self, moment: datetime.datetime) -> None:
        self.last = max(self.last, moment)

    def now(self) -> datetime.datetime:
        self.last += datetime.timedelta(microseconds=1)
        return self.last


def _spread(rng: random.Random, start: datetime.datetime, end: datetime.datetime, count: int) -> list:
    """``count`` moments in order between start and end, one in each slice of the interval."""
    step = (end - start) / max(count, 1)
    return [start + step * (i + rng.uniform(0.15, 0.85)) for i in range(count)]


def _hours(value: float) -> datetime.timedelta:
    return datetime.timedelta(hours=value)


def _office(moment: datetime.datetime, limit: datetime.datetime, rng: random.Random) -> datetime.datetime:
    """Staff work in office hours (08:30–18:00): the moment, or one in the next office hours when that is still
    before ``limit`` (reports and surveys come at any hour)."""
    local = timezone.localtime(moment)
    opens = local.replace(hour=8, minute=30, second=0, microsecond=0)
    if opens <= local and local.hour < 18:
        return moment
    if local.hour >= 18:
        opens += datetime.timedelta(days=1)
    shifted = opens + datetime.timedelta(minutes=rng.uniform(0, 555))  # by 17:45
    return shifted if shifted < limit else moment


# --- the branch --------------------------------------------------------------------------------------------------


def _id_number(rng: random.Random, province: str) -> str:
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 55))
    first17 = f"{province}0102{born:%Y%m%d}{rng.randrange(100, 999)}"
    return first17 + check_digit(first17)


def _scan(number: str) -> SimpleUploadedFile:
    text = b"Comment\x00" + number.encode()
    chunk = struct.pack(">I", len(text)) + b"tEXt" + text + struct.pack(">I", zlib.crc32(b"tEXt" + text))
    data = BILL_PNG[:33] + chunk + BILL_PNG[33:]  # after the header chunk
    return SimpleUploadedFile(f"{number}.png", data, content_type="image/png")


def _record(person: InjuredPerson, outcome: str, next_on: datetime.date | None, rng: random.Random) -> dict:
    state = person.state
    estimate = Decimal(int(person.estimate * Decimal(str(round(rng.uniform(0.85, 1.3), 2)))) // 100 * 100)
    reason = rng.choice(CLOSE_REASONS) if outcome == "close" else ""
    return {
        "expected_state": state,
        "contact_mode": "in_person" if state in (S.VISIT, S.INVESTIGATION) or rng.random() < 0.3 else "phone",
        "summary": SUMMARIES[state] + reason,
        "details": {"checklist": CHECKLISTS[state]},
        "estimate": Decimal(0) if outcome == "close" else estimate,
        "mediation_offered": True,
        "next_on": next_on,
        "outcome": outcome,
        "outcome_note": reason,
        "reasons": ["death_disability"]
        if person.category.code in DEATHS or person.category.code == "disability"
        else [rng.choice(["social_impact", "exclusion"])],
    }


def _outcomes(ending: str, person: InjuredPerson, rng: random.Random) -> list[str]:
    """The outcome of each follow-up the handler records (each at the step the person is then at)."""
    if ending == S.CLOSED:
        return ["close"]
    if ending == S.INVESTIGATION:
        return ["investigate"]
    more = [""] * rng.choice([0, 1, 1, 2])  # stays at the step, with another follow-up
    if ending == S.VISIT:
        return ["visit", *more]
    return ["visit", "follow_on", *more] if person.category.suggests == "visit" else ["follow_on", *more]


def _person_values(
    demo: _Demo, branch: _Branch, ending: str, city: str, rng: random.Random, first: bool
) -> dict:
    code = rng.choice(CATEGORIES[ending])
    category = demo.categories.get(code) or next(iter(demo.categories.values()))
    diagnoses, parts, (low, high) = INJURIES.get(code, (["软组织挫伤"], [""], (1000, 5000)))
    hospital, hospital_name = (None, "") if code == "death_at_scene" else _hospital(branch, city, rng)
    domicile = branch.province if rng.random() < 0.85 else rng.choice(["22", "44", "51", "43", "41"])
    occupation, industry = rng.choice(JOBS)
    return {
        "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
        "id_number": _id_number(rng, domicile),
        "mobile": f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
        "role": rng.choice(["third_outside", "third_vehicle"])
        if first
        else rng.choice(["third_outside", "third_vehicle", "passenger", "passenger", "driver"]),
        "domicile_province": domicile,
        "residence": rng.choice(["urban", "urban", "rural"]),
        "occupation": occupation,
        "industry": industry,
        "category": category,
        "hospital": hospital,
        "hospital_name": hospital_name,
        "inpatient": category.suggests == "visit" or code == "death_after_treatment",
        "diagnoses": rng.choice(diagnoses),
        "body_parts": rng.choice(parts),
        "estimate": Decimal(rng.randrange(low, high, 100)),
    }


def _hospital(branch: _Branch, city: str, rng: random.Random) -> tuple[Hospital | None, str]:
    """Most are treated at a hospital of the network, some at another hospital of the registry, a few elsewhere."""
    near = [h for h in branch.hospitals if h.city == city] or branch.hospitals
    cooperating = [h for h in near if h.pk in branch.in_network] or [
        h for h in branch.hospitals if h.pk in branch.in_network
    ]
    others = [h for h in near if h.pk not in branch.in_network]
    roll = rng.random()
    if cooperating and roll < 0.65:
        return rng.choice(cooperating), ""
    if others and roll < 0.9:
        return rng.choice(others), ""
    return None, city + rng.choice(NOT_IN_REGISTRY)
