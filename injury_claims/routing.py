"""Where a review goes, as a pure function over the branch's authority matrix (plain data, no database).

Seed 001 p32: "打通1-9级人伤流程各级权限的原有金额分配限制，各省分公司在0-100万元内自行安排1-9级跟踪/费用/调解审核权限".
A level covers an amount when its ceiling is **at or above** it (a ceiling of 5,000 covers exactly 5,000: the
ceiling is the most the level may approve). Levels may be unused and ceilings need not rise with the level. When no
level of the branch covers the amount, the review goes to HQ.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Route:
    to_hq: bool
    levels: tuple[int, ...]  # the levels whose ceiling covers the amount, lowest ceiling first
    explanation: str


def route_review(amount: Decimal, ceilings: Mapping[int, Decimal]) -> Route:
    covering = sorted((c, level) for level, c in ceilings.items() if c >= amount)
    if not covering:
        highest = max(ceilings.values(), default=None)
        if highest is None:
            why = _("The branch has no authority levels for this review: it goes to HQ.")
        else:
            why = _(
                "¥%(amount)s is above every ceiling of the branch (highest ¥%(highest)s): it goes to HQ."
            ) % {
                "amount": f"{amount:,.2f}",
                "highest": f"{highest:,.2f}",
            }
        return Route(True, (), why)
    levels = tuple(level for _c, level in covering)
    return Route(
        False,
        levels,
        _("¥%(amount)s is within the ceiling of level(s) %(levels)s.")
        % {"amount": f"{amount:,.2f}", "levels": ", ".join(str(x) for x in levels)},
    )
