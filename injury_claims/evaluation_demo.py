"""Default 考评 criteria (seed 001 p31: "增加了对人伤环节中任意人员的考评功能"), for the demo and for a new installation.

Migration 0005 seeds the same list on a new installation; the demo loader calls this seeder too, so a database whose
criteria were deleted gets them back. Idempotent: existing criteria are left as they are."""

from __future__ import annotations

from django.db import transaction

DEFAULT_CRITERIA = (
    # code, name, points
    ("timeliness", "时效：按时联系、按时跟踪", 20),
    ("completeness", "完整：跟踪记录与资料齐全", 20),
    ("accuracy", "准确：估损与核定合理准确", 20),
    ("mediation", "调解：告知调解并积极促成", 15),
    ("compliance", "合规：个人信息与流程合规", 15),
    ("service", "服务：伤者沟通与服务态度", 10),
)


@transaction.atomic
def seed_evaluation_criteria() -> dict[str, int]:
    from .models import EvaluationCriterion

    created = 0
    for code, name, points in DEFAULT_CRITERIA:
        _criterion, new = EvaluationCriterion.objects.get_or_create(
            code=code, defaults={"name": name, "max_points": points, "active": True}
        )
        created += int(new)
    return {"evaluation criteria": created}
