"""Red flags on an injured person (issue 9 point 9), shown on the person page and in reviews.

A pure function over plain facts: the selector (``selectors.claims.red_flags``) gathers them, the thresholds are
administered data (:class:`injury_claims.models.RedFlagThresholds`, with an effective date). Each flag says why it
was raised, so a reviewer can judge it.

* the same ID number or mobile in another claim within the look-back window (default 730 days: "within 2 years");
* a treating hospital outside the cooperating network while a hospital of the network is in the same city;
* an estimate that rose by **more than** the set share in one follow-up (超过: exactly the share is not a flag).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Thresholds:
    lookback_days: int
    estimate_jump_share: Decimal  # 0.50: a rise of more than half of the estimate before


@dataclass(frozen=True)
class OtherClaim:
    report_no: str
    added_on: datetime.date


@dataclass(frozen=True)
class Facts:
    today: datetime.date
    same_identity: list[OtherClaim] = field(default_factory=list)  # persons with the same ID or mobile
    estimates: list[tuple[Decimal, Decimal]] = field(default_factory=list)  # (before, after) per follow-up
    hospital: str = ""  # where they are treated
    hospital_in_network: bool = True
    city: str = ""
    network_nearby: list[str] = field(default_factory=list)  # network hospitals in that city


def red_flags(facts: Facts, thresholds: Thresholds) -> list[str]:
    flags: list[str] = []
    since = facts.today - datetime.timedelta(days=thresholds.lookback_days)
    for other in facts.same_identity:
        if other.added_on >= since:
            flags.append(
                _("The same ID number or mobile is in claim %(report)s (%(day)s, within %(days)s days).")
                % {
                    "report": other.report_no,
                    "day": other.added_on.isoformat(),
                    "days": thresholds.lookback_days,
                }
            )
    for before, after in facts.estimates:
        if before and before > 0 and after - before > before * thresholds.estimate_jump_share:
            flags.append(
                _(
                    "The estimate rose from ¥%(before)s to ¥%(after)s in one follow-up (more than %(share)s%%)."
                )
                % {
                    "before": f"{before:,.2f}",
                    "after": f"{after:,.2f}",
                    "share": f"{thresholds.estimate_jump_share * 100:.0f}",
                }
            )
            break
    if facts.hospital and not facts.hospital_in_network and facts.network_nearby:
        flags.append(
            _(
                "Treated at %(hospital)s, outside the cooperating network, while %(count)s network hospital(s) "
                "are in %(city)s: %(names)s."
            )
            % {
                "hospital": facts.hospital,
                "count": len(facts.network_nearby),
                "city": facts.city,
                "names": "、".join(facts.network_nearby[:3]),
            }
        )
    return flags
