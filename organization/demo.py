"""Demo data for the organisation: a realistic org tree, one user per role per branch, authority matrices.

Idempotent: orgs and users are matched by code and username; existing users keep their passwords.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from .models import OrgUnit, Province, ReviewKind, User
from .roles import Role
from .services import set_authority_matrix

DEMO_PASSWORD = "claims-demo-2026"  # noqa: S105 -- demo logins, printed in the README

# Apps that build on the org tree add their demo data here (from their AppConfig.ready), in app order.
SEEDERS: list[Callable[[], dict[str, int]]] = []


def register_seeder(seeder: Callable[[], dict[str, int]]) -> None:
    if seeder not in SEEDERS:
        SEEDERS.append(seeder)


HQ = {"code": "hq", "name": "总公司"}
# HQ approves the network; vendor staff belong to a vendor, not to a branch (green_channel.demo makes them).
NOT_BRANCH_ROLES = frozenset({Role.HQ_NETWORK_APPROVER, Role.GREEN_CHANNEL_VENDOR})

BRANCHES = [
    {
        "code": "jilin",
        "name": "吉林分公司",
        "secondary_type": OrgUnit.SecondaryType.PROVINCIAL_CAPITAL,
        "province": Province.JILIN,
        "claims_city": "长春市",
        "tertiary": [
            ("jilin-jilinshi", "吉林市中心支公司", "吉林市", "18500000"),
            ("jilin-panshi", "磐石支公司", "磐石市", "6200000"),
            ("jilin-yanji", "延边中心支公司", "延吉市", "15000000"),
        ],
        "scale": Decimal("1"),
    },
    {
        "code": "shenzhen",
        "name": "深圳分公司",
        "secondary_type": OrgUnit.SecondaryType.METROPOLITAN,
        "province": Province.GUANGDONG,
        "claims_city": "深圳市",
        "tertiary": [
            ("shenzhen-nanshan", "南山支公司", "南山区", "42000000"),
            ("shenzhen-baoan", "宝安支公司", "宝安区", "35000000"),
            ("shenzhen-longgang", "龙岗支公司", "龙岗区", "12000000"),
        ],
        "scale": Decimal("1.5"),
    },
    {
        "code": "sichuan",
        "name": "四川分公司",
        "secondary_type": OrgUnit.SecondaryType.PROVINCIAL_CAPITAL,
        "province": Province.SICHUAN,
        "claims_city": "成都市",
        "tertiary": [
            ("sichuan-mianyang", "绵阳中心支公司", "绵阳市", "21000000"),
            ("sichuan-deyang", "德阳支公司", "德阳市", "9800000"),
        ],
        "scale": Decimal("1"),
    },
]

# Ceilings by level 1–9, before the branch's scale; the top level always reaches 1,000,000.
BASE_CEILINGS = {
    ReviewKind.FOLLOW_UP: [5000, 10000, 20000, 50000, 100000, 200000, 300000, 500000, 1000000],
    ReviewKind.COST: [2000, 5000, 10000, 30000, 50000, 100000, 200000, 500000, 1000000],
    ReviewKind.MEDIATION_PLAN: [10000, 20000, 50000, 80000, 100000, 150000, 300000, 500000, 1000000],
    ReviewKind.SETTLEMENT: [5000, 10000, 30000, 50000, 100000, 200000, 300000, 500000, 1000000],
}

# (follow-up, cost, mediation-plan, settlement approval) review levels per role.
ROLE_LEVELS = {
    Role.INJURY_FOLLOW_UP: (3, None, None, None),
    Role.MEDICAL_REVIEWER: (5, 5, 5, None),
    Role.CALCULATOR_APPROVER: (None, 6, None, 5),
    Role.BRANCH_CLAIMS_HEAD: (8, 8, 8, 8),
    Role.MEDICAL_REVIEW_HEAD: (9, 9, 9, None),
}

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
]


def _name(index: int) -> tuple[str, str]:
    return SURNAMES[index % len(SURNAMES)], GIVEN[(index * 7) % len(GIVEN)]


def demo_usernames() -> list[tuple[str, str, str]]:
    """(username, org name, role label) for every demo login, for the README and make run's banner."""
    rows = [
        ("hq_approver", HQ["name"], str(Role.HQ_NETWORK_APPROVER.label)),
        ("hq_admin", HQ["name"], str(Role.ADMINISTRATOR.label)),
    ]
    for branch in BRANCHES:
        rows.extend(
            (f"{branch['code']}_{role.value}", branch["name"], str(role.label))
            for role in Role
            if role not in NOT_BRANCH_ROLES
        )
    return rows


_HASHES: dict[str, str] = {}


def _demo_password_hash() -> str:
    """The demo password hashed once (per hasher in force) for every demo login."""
    hasher = settings.PASSWORD_HASHERS[0]
    if hasher not in _HASHES:
        _HASHES[hasher] = make_password(DEMO_PASSWORD)
    return _HASHES[hasher]


def _user(
    username: str, org: OrgUnit, role: Role, index: int, *, staff: bool = False, superuser: bool = False
) -> User:
    last, first = _name(index)
    user, created = User.objects.get_or_create(username=username, defaults={"org": org})
    user.org = org
    user.last_name, user.first_name = last, first
    user.email = f"{username}@example.com"
    user.phone = f"139{index:08d}"[:11]
    user.is_staff = staff or superuser
    user.is_superuser = superuser
    levels = ROLE_LEVELS.get(role, (None, None, None, None))
    (
        user.follow_up_review_level,
        user.cost_review_level,
        user.mediation_review_level,
        user.settlement_approval_level,
    ) = levels
    if created:
        # One hash for all the demo logins (the password is public): PBKDF2's million rounds per user were most
        # of seed_demo's time (39 users × 0.26 s).
        user.password = _demo_password_hash()
    user.save()
    user.groups.set([Group.objects.get_or_create(name=role.value)[0]])
    return user


@transaction.atomic
def seed_demo_organisation() -> dict[str, int]:
    hq, _created = OrgUnit.objects.update_or_create(
        code=HQ["code"], defaults={"name": HQ["name"], "level": OrgUnit.Level.HQ, "parent": None}
    )
    index = 1
    _user("hq_approver", hq, Role.HQ_NETWORK_APPROVER, index)
    _user("hq_admin", hq, Role.ADMINISTRATOR, index + 1, superuser=True)
    index += 2
    for branch in BRANCHES:
        secondary, _created = OrgUnit.objects.update_or_create(
            code=branch["code"],
            defaults={
                "name": branch["name"],
                "level": OrgUnit.Level.SECONDARY,
                "parent": hq,
                "secondary_type": branch["secondary_type"],
                "province": branch["province"],
                "claims_city": branch["claims_city"],
            },
        )
        for code, name, city, premium in branch["tertiary"]:
            OrgUnit.objects.update_or_create(
                code=code,
                defaults={
                    "name": name,
                    "level": OrgUnit.Level.TERTIARY,
                    "parent": secondary,
                    "city": city,
                    "annual_motor_premium": Decimal(premium),
                },
            )
        for kind, ceilings in BASE_CEILINGS.items():
            scaled = {
                level: min(Decimal(value) * branch["scale"], Decimal("1000000")).quantize(Decimal("0.01"))
                for level, value in enumerate(ceilings, start=1)
            }
            set_authority_matrix(secondary, kind, scaled)
        for role in Role:
            if role in NOT_BRANCH_ROLES:
                continue
            user = _user(
                f"{branch['code']}_{role.value}", secondary, role, index, staff=role == Role.ADMINISTRATOR
            )
            index += 1
            if role == Role.MEDIATOR:
                user.mediator_trained_on = datetime.date(2026, 3, 10)
                user.mediator_authorised_by = branch["province"]
                user.mediator_valid_until = datetime.date(2027, 12, 31)
                user.save(
                    update_fields=["mediator_trained_on", "mediator_authorised_by", "mediator_valid_until"]
                )
    # One mediator whose authorisation has lapsed: shown as "expired", never offered as a mediator.
    jilin = OrgUnit.objects.get(code="jilin")
    lapsed = _user("jilin_mediator_lapsed", jilin, Role.MEDIATOR, index)
    lapsed.mediator_trained_on = datetime.date(2024, 4, 1)
    lapsed.mediator_authorised_by = Province.JILIN
    lapsed.mediator_valid_until = datetime.date(2026, 3, 31)
    lapsed.save(update_fields=["mediator_trained_on", "mediator_authorised_by", "mediator_valid_until"])
    return {"orgs": OrgUnit.objects.count(), "users": User.objects.count()}
