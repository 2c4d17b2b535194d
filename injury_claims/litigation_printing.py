"""The printed litigation response summary (应诉方案 / 诉讼审核意见 summary, seed 001 p22): a numbered, hash-registered
document with its QR code (documents.services), printed in the worker like the forms of settlement
(injury_claims.printing). Whoever may see the claim may print it and read the printed one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents import registry
from documents.jobs import JobFailed, JobKind, JobResult, register
from documents.services import issue_document

from .models import Litigation
from .rules import can_view_claims
from .selectors.litigation import get_litigation_for_user, summary_context, summary_problem

LITIGATION_SUMMARY = "litigation_summary"
SUMMARY_JOB = "injury_claims.litigation_summary"


def print_litigation_summary(matter: Litigation, *, by):
    problem = summary_problem(matter)
    if problem:
        raise ValidationError(problem)
    with translation.override("zh-hans"):  # printed in Chinese, as it goes to the file and the court team
        context = summary_context(matter)
    return issue_document(
        kind=LITIGATION_SUMMARY,
        template_name="injury_claims/pdf/litigation_summary.html",
        context=context,
        subject=matter,
        org=matter.org,
        by=by,
        title=f"应诉方案及诉讼审核意见 {matter.case_no} {matter.person.name}",
    )


def run_summary(job, progress) -> JobResult:
    try:
        matter = get_litigation_for_user(job.requested_by, int(job.params["litigation"]))
    except (Http404, KeyError, TypeError, ValueError) as exc:
        raise JobFailed(_("You may not print this document.")) from exc
    try:
        document = print_litigation_summary(matter, by=job.requested_by)
    except ValidationError as exc:
        raise JobFailed(" ".join(exc.messages)) from exc
    return JobResult(document=document)


def register_litigation_printing() -> None:
    """Called from InjuryClaimsConfig.ready()."""
    registry.register(
        registry.DocumentKind(
            slug=LITIGATION_SUMMARY,
            label=gettext_lazy("Litigation response summary (应诉方案)"),
            prefix="LS",
            can_read=can_view_claims,
        )
    )
    register(
        JobKind(
            SUMMARY_JOB,
            gettext_lazy("Printing the litigation response summary"),
            run_summary,
            can_view_claims,
        )
    )
