"""Demo data of the green channel (issue 12 point 8): the seeded products stay as migrated; a few hundred insured
persons with policies on them in every branch; bookings in every state, made through the services as real work
leaves them; the vendor 好人生 with two staff logins (``gc_vendor``, ``gc_vendor2``) and bookings handed to it. The
31-city cancer product (expert outpatient, cancellable until two working days before the visit) is served by it in
the demo. Loaded once (the bookings are not made again when they exist)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from organization.demo import _demo_password_hash
from organization.models import OrgUnit, User
from organization.roles import Role
from sla import calendar
from workflow.services import perform_transition

from .models import Booking, Diagnosis, InsuredPerson, Policy, ServiceProduct, Vendor, VendorStaff
from .services import bookings as services

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
PRODUCTS = [
    "cancer-31-cities",
    "pingan-29-cities",
    "taikang-online",
    "xintai",
    "changsheng-fuyoujia",
    "ruitai",
]
PERSONS = 300
VENDOR = "好人生"


def _id_number(n: int) -> str:
    """A well-formed 18-digit demo ID number (the check digit computed as GB 11643 says)."""
    body = f"2201021980{(n % 12) + 1:02d}{(n % 28) + 1:02d}{n % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _vendor_users(vendor: Vendor) -> list[User]:
    group, _ = Group.objects.get_or_create(name=Role.GREEN_CHANNEL_VENDOR)
    users = []
    for username, last, first in (("gc_vendor", "何", "晓"), ("gc_vendor2", "罗", "敏")):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"last_name": last, "first_name": first, "email": f"{username}@example.com"},
        )
        if created:
            user.password = _demo_password_hash()
            user.save(update_fields=["password"])
        user.groups.set([group])
        VendorStaff.objects.update_or_create(user=user, defaults={"vendor": vendor})
        users.append(user)
    return users


def _policies(orgs: list[OrgUnit]) -> list[Policy]:
    rng = random.Random(12)
    products = {p.code: p for p in ServiceProduct.objects.filter(code__in=PRODUCTS)}
    made = []
    for n in range(PERSONS):
        number = f"GCDEMO{n:05d}"
        existing = Policy.objects.filter(number=number).first()
        if existing is not None:
            made.append(existing)
            continue
        name = (
            SURNAMES[n % len(SURNAMES)]
            + GIVEN[(n * 7) % len(GIVEN)]
            + (GIVEN[n % len(GIVEN)] if n % 3 else "")
        )
        insured = InsuredPerson.objects.create(name=name, id_number=_id_number(n), mobile=f"139{n:08d}"[:11])
        starts = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randint(0, 200))
        policy = Policy.objects.create(
            insured=insured,
            product=products[PRODUCTS[n % len(PRODUCTS)]],
            org=orgs[(n // len(PRODUCTS)) % len(orgs)],
            number=number,
            starts_on=starts,
            ends_on=starts.replace(year=starts.year + 20) - datetime.timedelta(days=1),
            cooling_off_days=15,
            grace_period_days=60,
            waiting_period_days=90,
            sum_insured=Decimal(rng.choice(["300000", "500000", "800000"])),
        )
        if n % 4 != 3:  # a quarter have no diagnosis recorded yet
            Diagnosis.objects.create(
                policy=policy,
                diagnosed_on=starts + datetime.timedelta(days=120),
                illness=rng.choice(["肺恶性肿瘤", "急性心肌梗死", "脑中风后遗症", "乳腺恶性肿瘤"]),
                in_illness_list=True,
                hospital_name=rng.choice(["吉林大学第一医院", "北京大学深圳医院", "四川大学华西医院"]),
                hospital_grade=3,
                hospital_public=True,
            )
        made.append(policy)
    return made


# How far each demo booking goes: the state it is left in.
PLAN = [
    "requested",
    "documents",
    "review",
    "accepted",
    "arranging",
    "scheduling",
    "confirmed",
    "served",
    "closed",
    "declined",
    "no_show",
    "cancelled",
    "cancelled_late",
]


def _take(booking: Booking, target: str, agent: User, arranger: User) -> None:
    def step(name, by=agent, **kw):
        perform_transition(Booking.objects.get(pk=booking.pk), name, by=by, **kw)

    if target == "requested":
        return
    if target == "documents":
        step("ask_documents")
        return
    if booking.service.documents.exists():
        _documents(booking, agent)
    else:
        step("documents_received")
    if target == "review":
        return
    if target == "declined":
        step("decline", note="所患疾病未达到产品约定的重大疾病标准")
        return
    step("accept", note="符合服务条件")
    if target == "accepted":
        return
    if target == "cancelled":
        services.cancel(Booking.objects.get(pk=booking.pk), note="客户已在当地医院就诊", by=agent)
        return
    step("start_arranging", by=arranger)
    if target == "arranging":
        return
    if booking.service.kind == "expert_outpatient":
        services.propose_experts(
            Booking.objects.get(pk=booking.pk),
            [
                {
                    "expert": "张建国",
                    "title": "主任医师",
                    "hospital": "吉林大学第一医院",
                    "department": "肿瘤科",
                },
                {
                    "expert": "刘海燕",
                    "title": "主任医师",
                    "hospital": "吉林省肿瘤医院",
                    "department": "胸外科",
                },
                {
                    "expert": "陈立新",
                    "title": "副主任医师",
                    "hospital": "吉林大学第二医院",
                    "department": "呼吸内科",
                },
            ],
            by=arranger,
        )
        services.record_choice(
            Booking.objects.get(pk=booking.pk), booking.proposals.get(order=2).pk, by=arranger
        )
    if target == "scheduling":
        return
    day = calendar.add_working_days(timezone.localdate(), 1 if target == "cancelled_late" else 5)
    visit = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    row = Booking.objects.get(pk=booking.pk)
    services.confirm(
        row,
        appointment_at=visit,
        hospital=row.appointment_hospital or "吉林大学第一医院",
        department=row.appointment_department or "肿瘤科",
        expert=row.appointment_expert,
        by=arranger,
    )
    if target == "confirmed":
        return
    if target == "cancelled_late":
        services.cancel(Booking.objects.get(pk=booking.pk), note="客户临时出差", counts=True, by=agent)
        return
    if target == "no_show":
        services.record_no_show(Booking.objects.get(pk=booking.pk), counts=True, note="客户未到", by=arranger)
        return
    services.serve(Booking.objects.get(pk=booking.pk), on=timezone.localdate(), by=arranger)
    if target == "closed":
        services.record_satisfaction(Booking.objects.get(pk=booking.pk), score=5, note="很满意", by=arranger)


def _documents(booking: Booking, agent: User) -> None:
    perform_transition(Booking.objects.get(pk=booking.pk), "ask_documents", by=agent)
    for doc in booking.service.documents.all():
        services.receive_document(booking, doc.pk, by=agent)
    perform_transition(Booking.objects.get(pk=booking.pk), "documents_received", by=agent)


@transaction.atomic
def seed_demo_green_channel() -> dict[str, int]:
    orgs = list(OrgUnit.objects.filter(level=OrgUnit.Level.SECONDARY).order_by("code"))
    if not orgs:
        return {}
    vendor, _ = Vendor.objects.get_or_create(name=VENDOR)
    # The demo's administrator decision: 好人生 also serves the 31-city cancer product (its manual names no vendor).
    ServiceProduct.objects.filter(code="cancer-31-cities", vendor__isnull=True).update(vendor=vendor)
    vendor_staff = _vendor_users(vendor)
    policies = _policies(orgs)
    if Booking.objects.exists():
        return {"green-channel policies": len(policies), "bookings": Booking.objects.count()}
    made = 0
    for org in orgs:
        agent = User.objects.filter(org=org, groups__name=Role.GREEN_CHANNEL_AGENT).first()
        if agent is None:
            continue
        mine = [p for p in policies if p.org_id == org.pk and hasattr(p, "diagnosis")]
        outpatient = [p for p in mine if p.product.code == "cancer-31-cities"]
        for index, target in enumerate(PLAN):
            policy = outpatient[index] if index < len(outpatient) else None
            if policy is None:
                break
            service = policy.product.services.get(kind="expert_outpatient")
            booking = services.new_booking(
                policy,
                service,
                by=agent,
                channel="phone" if index % 2 else "web",
                need="肿瘤术后专家门诊复查",
            )
            handed = index % 3 != 0 and target not in {"requested", "documents", "review", "declined"}
            if handed:
                services.hand_over(booking, by=agent)
            _take(booking, target, agent, vendor_staff[index % 2] if handed else agent)
            made += 1
    return {"green-channel policies": len(policies), "bookings": made}
