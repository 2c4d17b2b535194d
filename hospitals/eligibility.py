"""Whether a hospital may join the network (seed 000, 协作医院应具备的条件): pure functions over plain values, each
result saying why.

Condition 7, as the seed writes it: "二级甲等（含二级甲等）以上综合性公立医院。规模大且管理规范的私立性医院或创伤性
专科医院，经总公司审核同意后亦可选择为协作医院。"

* A **public general** hospital of 二级甲等 or above (二级甲等 included: "含二级甲等") meets it.
* A **private** hospital (of any kind; whether it is "large and well run" is HQ's judgement) or a **trauma specialty**
  hospital may join only with HQ's explicit special approval ("经总公司审核同意后亦可").
* Anything else does not meet it and cannot be submitted: a public general hospital below 二级甲等 (or unrated),
  a public specialty hospital that is not a trauma hospital.

Condition 1: "具有合法、有效的经营许可证" — a licence whose recorded validity has ended fails it (valid on its last
day).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

# Higher is better; 二级甲等 is 5.
GRADE_RANK = {"3a": 8, "3b": 7, "3c": 6, "2a": 5, "2b": 4, "2c": 3, "1": 2, "unrated": 1}
MINIMUM_GRADE = "2a"


class Verdict(StrEnum):
    MEETS = "meets"
    SPECIAL = "special"  # only with HQ's explicit special approval
    FAILS = "fails"


@dataclass(frozen=True)
class Condition7:
    verdict: Verdict
    reasons: tuple[str, ...]  # why it needs special approval, or why it fails

    @property
    def explanation(self) -> str:
        return "、".join(self.reasons)


def condition_7(*, nature: str, kind: str, grade: str) -> Condition7:
    """Condition 7 for a hospital's nature ("public"/"private"), kind ("general"/"trauma"/"specialty") and grade."""
    special = []
    if nature == "private":
        special.append(_("private"))
    if kind == "trauma":
        special.append(_("trauma specialty hospital"))
    if special:
        return Condition7(Verdict.SPECIAL, tuple(special))
    failing = []
    if kind != "general":
        failing.append(_("a public specialty hospital that is not a trauma hospital"))
    if GRADE_RANK.get(grade, 0) < GRADE_RANK[MINIMUM_GRADE]:
        failing.append(_("below grade 2A (二级甲等)"))
    if failing:
        return Condition7(Verdict.FAILS, tuple(failing))
    return Condition7(Verdict.MEETS, ())


def licence_in_force(valid_until: datetime.date | None, on: datetime.date) -> bool:
    """Condition 1 fails once the recorded validity has ended; a licence without a recorded end is judged by the
    evidence given for condition 1."""
    return valid_until is None or valid_until >= on
