"""The printed forms of mediation as kinds of document (documents.registry) and their print jobs (documents.jobs):
the mediation plan (调解方案) and the one-off settlement agreement (一次性赔偿协议).

Whoever may see the person's claim may print them and read the printed ones; the job checks it again when the
worker runs it. The forms themselves: injury_claims.services.mediation (print_plan, print_agreement).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents import registry
from documents.jobs import JobFailed, JobKind, JobResult, register

from .rules import can_view_claims
from .selectors.mediation import MEDIATION_AGREEMENT, MEDIATION_PLAN, get_mediation_for_user

PLAN_JOB = "injury_claims.mediation_plan"
AGREEMENT_JOB = "injury_claims.mediation_agreement"


def _run(print_form):
    def run(job, progress) -> JobResult:
        try:
            mediation = get_mediation_for_user(job.requested_by, int(job.params["mediation"]))
        except (Http404, KeyError, TypeError, ValueError) as exc:
            raise JobFailed(_("You may not print this document.")) from exc
        try:
            document = print_form(mediation, by=job.requested_by)
        except ValidationError as exc:
            raise JobFailed(" ".join(exc.messages)) from exc
        return JobResult(document=document)

    return run


def register_mediation_printing() -> None:
    """Called from InjuryClaimsConfig.ready()."""
    from .services.mediation import print_agreement, print_plan

    registry.register(
        registry.DocumentKind(
            slug=MEDIATION_PLAN,
            label=gettext_lazy("Mediation plan (调解方案)"),
            prefix="TJFA",
            can_read=can_view_claims,
        )
    )
    registry.register(
        registry.DocumentKind(
            slug=MEDIATION_AGREEMENT,
            label=gettext_lazy("One-off settlement agreement (一次性赔偿协议)"),
            prefix="TJXY",
            can_read=can_view_claims,
        )
    )
    register(
        JobKind(PLAN_JOB, gettext_lazy("Printing the mediation plan"), _run(print_plan), can_view_claims)
    )
    register(
        JobKind(
            AGREEMENT_JOB,
            gettext_lazy("Printing the one-off settlement agreement"),
            _run(print_agreement),
            can_view_claims,
        )
    )
