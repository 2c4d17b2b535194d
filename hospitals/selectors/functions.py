"""What other apps ask about a hospital's agreed functions (the registry is master data): is the hospital in a
branch's network on a day, does the agreement in force cover a function, and what did HQ decide about it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..models import Agreement, Cooperation, FunctionApproval


@dataclass(frozen=True)
class AgreedFunction:
    in_network: bool  # through a cooperation of this branch, on the day
    agreed: bool  # the agreement in force that day lists the function
    status: str  # HQ's approval: "approved", "requested", "refused", or "" when none is recorded
    agreement: str  # the agreement's name, for the record ("" when none is in force)
    agreement_id: int | None = None


def agreed_function(
    hospital_id: int, branch_id: int | None, function: str, day: datetime.date
) -> AgreedFunction:
    """The hospital's standing with the branch for one function on ``day`` (three queries at most)."""
    if branch_id is None:
        return AgreedFunction(False, False, "", "")
    cooperation = (
        Cooperation.objects.in_network_on(day)
        .filter(hospital_id=hospital_id, org_id=branch_id)
        .order_by("-created_at", "-pk")
        .first()
    )
    if cooperation is None:
        return AgreedFunction(False, False, "", "")
    agreement = (
        Agreement.objects.filter(
            cooperation=cooperation,
            signed_on__isnull=False,
            signed_on__lte=day,
            term_start__lte=day,
            term_end__gte=day,
        )
        .select_related("cooperation__hospital", "cooperation__org")
        .order_by("-version")
        .first()
    )
    if agreement is None:  # in_network_on found one: only a race with a change of terms gets here
        return AgreedFunction(True, False, "", "")
    if function not in (agreement.functions or []):
        return AgreedFunction(True, False, "", str(agreement), agreement.pk)
    status = (
        FunctionApproval.objects.filter(agreement=agreement, function=function)
        .values_list("status", flat=True)
        .first()
    )
    return AgreedFunction(True, True, status or "", str(agreement), agreement.pk)
