"""Demo hospital-deposit advances (住院费用垫付, issue 12 point 6): five Jilin policies on the product with the deposit
service (重疾住院绿通(含住院费用垫付)), each with an advance taken through the services and left where real work
leaves it — just applied, liability confirmed, a top-up asked for, the discharge notified, one settled and closed.
Idempotent: run twice, it makes nothing the second time. Not registered as a seeder (the lead decides where)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from organization.models import OrgUnit, User
from organization.roles import Role
from workflow.services import perform_transition

from .models import DepositAdvance, InsuredPerson, Policy, ServiceProduct
from .services.deposit import apply_for_advance

PRODUCT = "ci-admission-deposit"
# A one-pixel PNG: the demo's photo of a receipt (押金单).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PEOPLE = [
    ("赵丽", "220102197803120029", "吉林大学第一医院", "applied"),
    ("钱明", "220102196511230017", "吉林大学第二医院", "liability_confirmed"),
    ("孙艳", "220104198209150042", "吉林省肿瘤医院", "top_up_requested"),
    ("李强", "220105197507070031", "吉林大学中日联谊医院", "discharge_notified"),
    ("周静", "220106196912250028", "吉林省人民医院", "closed"),
]


def _receipt() -> SimpleUploadedFile:
    return SimpleUploadedFile("押金单.png", PNG, content_type="image/png")


def _last_opening(now: datetime.datetime) -> datetime.datetime:
    """10:00 on the latest weekday at or before now: within the product's hours (周一至周五9:30至18:00)."""
    day = now.date()
    while day.weekday() >= 5 or (day == now.date() and now.time() < datetime.time(10, 0)):
        day -= datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=now.tzinfo)


def _step(advance: DepositAdvance, name: str, by, **params) -> None:
    advance.refresh_from_db()
    perform_transition(advance, name, by=by, expected_state=advance.state, **params)


@transaction.atomic
def seed_demo_deposits() -> dict[str, int]:
    org = OrgUnit.objects.filter(code="jilin").first()
    product = ServiceProduct.objects.filter(code=PRODUCT).first()
    agent = (
        User.objects.filter(org=org, groups__name=Role.GREEN_CHANNEL_AGENT, is_active=True)
        .order_by("pk")
        .first()
        if org
        else None
    )
    if org is None or product is None or agent is None:
        return {"demo deposit advances": 0}
    now = timezone.localtime()
    today = now.date()
    applied_at = _last_opening(now)
    made = 0
    for index, (name, id_number, hospital, target) in enumerate(PEOPLE, start=1):
        number = f"GC-DEMO-DEP-{index}"
        if DepositAdvance.objects.filter(policy__number=number).exists():
            continue
        insured = InsuredPerson.objects.filter(name=name, policies__number=number).first()
        if insured is None:
            insured = InsuredPerson.objects.create(name=name, id_number=id_number)
        policy, _created = Policy.objects.get_or_create(
            number=number,
            defaults={
                "insured": insured,
                "product": product,
                "org": org,
                "starts_on": datetime.date(2025, 1, 1),
                "ends_on": datetime.date(2035, 12, 31),
                "cooling_off_days": 15,
                "grace_period_days": 60,
                "waiting_period_days": 90,
                "sum_insured": Decimal("500000"),
            },
        )
        advance = apply_for_advance(policy, applied_at=applied_at, by=agent, hospital_name=hospital)
        made += 1
        if target == "applied":
            continue
        _step(advance, "record_contact", agent)
        _step(advance, "confirm_liability", agent, note="保单约定重疾,确认直付")
        if target == "liability_confirmed":
            continue
        _step(advance, "pay_deposit", agent, amount=Decimal("10000"), paid_on=today, receipt=_receipt())
        if target == "top_up_requested":
            _step(advance, "request_top_up", agent, amount=Decimal("5000"))
            continue
        if target == "discharge_notified":
            _step(advance, "notify_discharge", agent, discharge_on=today + datetime.timedelta(days=3))
            continue
        # closed: a top-up, the notice given the day before (as the seed asks), the settlement on the discharge
        # day with the hospital's refund, then closed reconciled.
        _step(advance, "request_top_up", agent, amount=Decimal("5000"))
        _step(advance, "top_up", agent, amount=Decimal("5000"), paid_on=today, receipt=_receipt())
        _step(advance, "notify_discharge", agent, discharge_on=today + datetime.timedelta(days=1))
        DepositAdvance.objects.filter(pk=advance.pk).update(
            planned_discharge_on=today, discharge_notified_at=timezone.now() - datetime.timedelta(days=1)
        )
        _step(
            advance,
            "settle",
            agent,
            discharged_on=today,
            bill_total=Decimal("13650.80"),
            applied=Decimal("13650.80"),
            refunded=Decimal("1349.20"),
            claim_file_collected=True,
        )
        _step(advance, "close", agent)
    return {"demo deposit advances": made}
