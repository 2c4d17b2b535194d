"""The printed forms of settlement as kinds of document (documents.registry) and their print jobs (documents.jobs).

Whoever may see the claim (``can_view_claims`` with the org scope) may print a form and read the printed one; the
job checks it again when the worker runs it. The forms themselves: injury_claims.services.printing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents import registry
from documents.jobs import JobFailed, JobKind, JobResult, register

from .models import Claim, Payment
from .rules import can_view_claims
from .selectors.fast_track import get_fast_track_for_user
from .selectors.settlement import get_settlement_for_user
from .services.printing import (
    CALCULATION_SHEET,
    CLOSING_REPORT,
    PAYMENT_NOTICE,
    print_calculation_sheet,
    print_closing_report,
    print_payment_notice,
)

SHEET_JOB = "injury_claims.calculation_sheet"
NOTICE_JOB = "injury_claims.payment_notice"
CLOSING_JOB = "injury_claims.closing_report"
FAST_TRACK_JOB = "injury_claims.fast_track_agreement"


def _refused() -> JobFailed:
    return JobFailed(_("You may not print this document."))


def _issue(print_form, record, user) -> JobResult:
    try:
        document = print_form(record, by=user)
    except ValidationError as exc:
        raise JobFailed(" ".join(exc.messages)) from exc
    return JobResult(document=document)


def run_sheet(job, progress) -> JobResult:
    try:
        settlement = get_settlement_for_user(job.requested_by, int(job.params["settlement"]))
    except (Http404, KeyError, TypeError, ValueError) as exc:
        raise _refused() from exc
    return _issue(print_calculation_sheet, settlement, job.requested_by)


def run_notice(job, progress) -> JobResult:
    try:
        settlement = get_settlement_for_user(job.requested_by, int(job.params["settlement"]))
        payment = get_object_or_404(Payment, pk=int(job.params["payment"]), settlement=settlement)
    except (Http404, KeyError, TypeError, ValueError) as exc:
        raise _refused() from exc
    return _issue(print_payment_notice, payment, job.requested_by)


def run_closing(job, progress) -> JobResult:
    try:
        claim = get_object_or_404(Claim.objects.visible_to(job.requested_by), pk=int(job.params["claim"]))
    except (Http404, KeyError, TypeError, ValueError) as exc:
        raise _refused() from exc
    return _issue(print_closing_report, claim, job.requested_by)


def run_fast_track(job, progress) -> JobResult:
    from .services.fast_track import print_agreement

    try:
        track = get_fast_track_for_user(job.requested_by, int(job.params["track"]))
    except (Http404, KeyError, TypeError, ValueError) as exc:
        raise _refused() from exc
    return _issue(print_agreement, track, job.requested_by)


def register_printing() -> None:
    """Called from InjuryClaimsConfig.ready()."""
    for slug, label, prefix in (
        (CALCULATION_SHEET, gettext_lazy("Calculation sheet (理算书)"), "CS"),
        (PAYMENT_NOTICE, gettext_lazy("Payment notice (赔款支付通知书)"), "PN"),
        (CLOSING_REPORT, gettext_lazy("Claim closing report (结案报告)"), "CR"),
        ("fast_track_agreement", gettext_lazy("Fast-track agreement (小额人伤快速处理协议)"), "KS"),
    ):
        registry.register(
            registry.DocumentKind(slug=slug, label=label, prefix=prefix, can_read=can_view_claims)
        )
    register(JobKind(SHEET_JOB, gettext_lazy("Printing the calculation sheet"), run_sheet, can_view_claims))
    register(JobKind(NOTICE_JOB, gettext_lazy("Printing the payment notice"), run_notice, can_view_claims))
    register(JobKind(CLOSING_JOB, gettext_lazy("Printing the closing report"), run_closing, can_view_claims))
    register(
        JobKind(
            FAST_TRACK_JOB, gettext_lazy("Printing the fast-track agreement"), run_fast_track, can_view_claims
        )
    )
