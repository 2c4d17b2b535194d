"""Demo claims (issue 9): about 200 claims with 1–4 injured persons in every state across the branches, treated at
hospitals of the registry, with bills and lines, reviews waiting, and follow-ups scheduled for today. Everything goes
through the services, so timelines, reviews, clocks and reminders are what real work leaves. Loaded once."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from hospitals.models import Hospital
from organization.models import OrgUnit, User
from sla.models import Reminder
from workflow.services import perform_transition

from .identity import check_digit
from .models import Claim, InjuryCategory, Review
from .services import claims as services
from .services import reviews as review_services

CLAIMS_PER_BRANCH = 12  # 36 claims: the services make ~2 s of work per claim on SQLite (see the closing note)
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
PLACES = {
    "22": ("长春市", ["朝阳区", "南关区", "绿园区"]),
    "44": ("深圳市", ["福田区", "南山区", "宝安区"]),
    "51": ("成都市", ["武侯区", "锦江区", "青羊区"]),
}
PLATE_PREFIX = {"22": "吉A", "44": "粤B", "51": "川A"}
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
# The state each demo person is left in, in proportion.
ENDINGS = (
    ["first_follow_up"] * 3
    + ["visit"] * 3
    + ["investigation"]
    + ["subsequent"] * 3
    + ["cost_review"] * 2
    + ["costs_approved"] * 2
    + ["closed"]
)


def _id_number(rng: random.Random, province: str) -> str:
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 55))
    first17 = f"{province}0102{born:%Y%m%d}{rng.randrange(100, 999)}"
    return first17 + check_digit(first17)


@transaction.atomic
def seed_demo_claims() -> dict[str, int]:
    if Claim.objects.exists():
        return {"demo claims": Claim.objects.count()}
    rng = random.Random(9)
    categories = {c.code: c for c in InjuryCategory.objects.all()}
    now = timezone.now()
    today = timezone.localdate()
    made = 0
    for branch in OrgUnit.objects.filter(level=OrgUnit.Level.SECONDARY).order_by("code"):
        handler = User.objects.filter(username=f"{branch.code}_injury_follow_up").first()
        reviewer = User.objects.filter(username=f"{branch.code}_medical_review_head").first()
        if handler is None or reviewer is None:
            continue
        province = branch.province or "22"
        city, districts = PLACES.get(province, ("长春市", ["朝阳区"]))
        hospitals = list(Hospital.objects.filter(province=province).order_by("pk")[:30]) or [None]
        for n in range(CLAIMS_PER_BRANCH):
            reported = now - datetime.timedelta(days=rng.randrange(0, 120), minutes=rng.randrange(5, 600))
            claim = services.register_claim(
                {
                    "report_no": f"RDAA{today:%Y}{province}{branch.pk:02d}{n:06d}",
                    "channel": rng.choice(["95518", "95518", "phone", "app", "wechat", "counter"]),
                    "reported_at": reported,
                    "accident_at": reported - datetime.timedelta(minutes=rng.randrange(10, 180)),
                    "province": province,
                    "city": city,
                    "district": rng.choice(districts),
                    "address": f"{rng.choice(['人民大街', '解放路', '建设路', '新华路'])}{rng.randrange(1, 999)}号",
                    "plate": f"{PLATE_PREFIX.get(province, '吉A')}{rng.randrange(10000, 99999)}",
                    "compulsory_policy_no": f"PDZA{today:%Y}{province}{rng.randrange(10**9, 10**10)}",
                    "third_party_sum_insured": Decimal(rng.choice([500000, 1000000, 2000000])),
                    "police_reminded": True,
                    "police_handled": True,
                    "liability": rng.choice(["full", "main", "equal", "minor", "none"]),
                    "org": branch,
                    "handler": handler,
                },
                [],
                by=handler,
            )
            if rng.random() < 0.7:
                perform_transition(claim.survey, "respond", by=handler)
                perform_transition(claim.survey, "arrive", by=handler, scene="first")
                perform_transition(claim.survey, "finish", by=handler, note="现场查勘完毕，伤者已送医")
            for _i in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
                category = categories[rng.choice(list(categories))]
                hospital = rng.choice(hospitals)
                person = services.add_person(
                    claim,
                    {
                        "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                        "id_number": _id_number(rng, province),
                        "mobile": f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
                        "role": rng.choice(
                            ["third_outside", "third_outside", "third_vehicle", "passenger", "driver"]
                        ),
                        "category": category,
                        "hospital": hospital,
                        "inpatient": category.suggests == "visit",
                        "diagnoses": rng.choice(
                            ["软组织挫伤", "左胫骨骨折", "脑震荡", "肋骨骨折", "颈部扭伤"]
                        ),
                        "estimate": Decimal(rng.randrange(5, 400) * 100),
                        "domicile_province": province,
                        "residence": rng.choice(["urban", "rural"]),
                    },
                    by=handler,
                    initial=True,
                )
                _advance(person, rng.choice(ENDINGS), handler, reviewer, rng, today)
            made += 1
    return {"demo claims": made}


def _record(person, outcome: str, **extra) -> dict:
    return {
        "expected_state": person.state,
        "contact_mode": "phone" if person.state == "first_follow_up" else "in_person",
        "summary": "已慰问伤者，了解伤情和治疗情况，告知可调解结案。",
        "estimate": person.estimate,
        "mediation_offered": True,
        "next_on": None,
        "outcome": outcome,
        **extra,
    }


def _advance(person, ending: str, handler, reviewer, rng, today) -> None:
    if ending == "first_follow_up":
        return
    first = {"visit": "visit", "investigation": "investigate"}.get(ending, "follow_on")
    extra = {"reasons": ["death_disability"]} if first == "investigate" else {}
    if ending == "closed":
        first = "close"
    person.refresh_from_db()
    follow_up = services.submit_follow_up(
        person, _record(person, first, outcome_note="", **extra), by=handler
    )
    if rng.random() < 0.6:
        review_services.decide_review(follow_up.review, "approve", by=reviewer, expected_state="pending")
    if ending in ("visit", "subsequent") and rng.random() < 0.5:
        # a follow-up scheduled for today: back in the handler's inbox as unprocessed
        person.refresh_from_db()
        services.schedule_next(person, on=today + datetime.timedelta(days=1), by=handler)
        Reminder.objects.filter(object_id=person.pk, due_on=today + datetime.timedelta(days=1)).update(
            due_on=today
        )
    if ending not in ("cost_review", "costs_approved"):
        return
    Review.objects.filter(person=person, kind="follow_up", state="pending").update(state="approved")
    person.refresh_from_db()
    amount = Decimal(rng.randrange(2, 300) * 10)
    review_services.record_bill(
        person,
        {
            "number": f"MZ{person.pk:06d}",
            "kind": "outpatient",
            "issued_on": today - datetime.timedelta(days=3),
            "hospital_name": person.hospital_label or "医院",
        },
        [
            {
                "item": "头颅CT",
                "category": "A",
                "quantity": Decimal("1"),
                "unit_price": Decimal("260"),
                "amount_claimed": Decimal("260"),
            },
            {
                "item": "治疗费",
                "category": "B",
                "quantity": Decimal("1"),
                "unit_price": amount,
                "amount_claimed": amount,
            },
        ],
        SimpleUploadedFile("bill.jpg", JPEG, content_type="image/jpeg"),
        by=handler,
    )
    review = review_services.submit_costs(person, by=handler)
    if ending == "costs_approved" and not review.routed_to_hq:  # above the branch: left waiting at HQ
        review_services.decide_review(review, "approve", by=reviewer, expected_state="pending")
