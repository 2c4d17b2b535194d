"""Demo fast tracks (issue 11): in each branch, persons still followed up take the fast track through the services,
as real work leaves them — a band proposed that waits for the medical reviewer's phone confirmation, an agreement
signed and waiting for its scan, one checked and scored (its settlement then takes the agreed amounts). Runs after
the settlements; loaded once."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from organization.models import OrgUnit, User
from organization.roles import Role
from workflow.services import TransitionRefused, perform_transition

from . import fast_track as rule
from .models import FastTrack, InjuredPerson
from .services import fast_track as services
from .workflows.person import FOLLOWING

ON_SPOT = rule.Facts(
    police_handled=True,
    liability_clear=True,
    causation=True,
    both_present=True,
    both_agree=True,
    injury_minor=True,
    visible_sign=True,
    bruise_cm2=Decimal("12"),
)
AFTER_VISIT = replace(
    ON_SPOT,
    visible_sign=False,
    bruise_cm2=None,
    outpatient_visits=1,
    medical_cost=Decimal("1460"),
    positive_finding=True,
    advice=rule.ADVICE_FURTHER_TREATMENT,
    rest_days=3,
)
# A one-pixel PNG: the demo's "photo" of a signed agreement.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _staff(org, role):
    return User.objects.filter(org=org, groups__name=role, is_active=True).order_by("pk").first()


@transaction.atomic
def seed_demo_fast_tracks() -> dict[str, int]:
    if FastTrack.objects.exists():
        return {"demo fast tracks": 0}
    made = 0
    for branch in OrgUnit.objects.filter(level=OrgUnit.Level.SECONDARY).order_by("code"):
        reviewer = _staff(branch, Role.MEDICAL_REVIEWER)
        persons = (
            InjuredPerson.objects.filter(org__in=[branch, *branch.children.all()], state__in=FOLLOWING)
            .exclude(handler=None)
            .select_related("handler")
            .order_by("pk")[:3]
        )
        for ending, person in zip(("confirm", "scan", "checked"), persons, strict=False):
            handler = person.handler
            try:
                if ending == "confirm":
                    services.open_fast_track(person, AFTER_VISIT, by=handler)
                    made += 1
                    continue
                track = services.open_fast_track(person, ON_SPOT, by=handler)
                perform_transition(
                    track, "agree", by=handler, amount=Decimal("800"), medical_amount=Decimal("0")
                )
                if ending == "checked" and reviewer is not None:
                    services.file_signed_agreement(
                        track, SimpleUploadedFile("协议.png", PNG, content_type="image/png"), by=handler
                    )
                    perform_transition(track, "record_result", by=handler)
                    services.score(track, by=reviewer, score=92, note="资料齐全，协议规范")
                made += 1
            except (ValidationError, TransitionRefused, PermissionError):
                continue
    return {"demo fast tracks": made}
