"""Background jobs of payment and settlement reporting (documents.jobs; issue 10 points 5 and 7): the bank's payment
batch file and the settlement report's export. Both run with the requester's permissions, checked again when the
worker runs them: who lost the role or the scope meanwhile gets a refusal, not the file. Registered by the app's
``ready`` with the labels of the events they put on the settlements."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.jobs import JobFailed, JobKind, JobResult, register

from .forms.settlement_reports import ReportFilterForm
from .selectors.payment_batch import get_batch_for_user, may_make_payment_files
from .selectors.settlement_reports import may_see_settlement_reports, report_orgs, settlement_report
from .services import payment_batch as batches
from .settlement_files import XLSX_MIME, report_workbook

BATCH_FILE_JOB = "injury_claims.payment_batch_file"
REPORT_JOB = "injury_claims.settlement_report"

PAYMENT_EVENTS = {
    "payment_batched": gettext_lazy("Payment put in a batch for the bank"),
    "payment_batch_file": gettext_lazy("Bank file made with this payment (account number in clear)"),
    "payment_bank_return": gettext_lazy("Payment confirmed by the bank's return file"),
}


def run_batch_file(job, progress) -> JobResult:
    user = job.requested_by
    try:
        batch = get_batch_for_user(user, int(job.params["batch"]))
    except (Http404, PermissionDenied, KeyError, TypeError, ValueError) as exc:
        raise JobFailed(_("You may not make this payment file.")) from exc
    progress(0, batch.count)
    try:
        filename, data, mime_type = batches.batch_file(batch, fmt=job.params.get("format", ""), by=user)
    except ValidationError as exc:
        raise JobFailed(" ".join(exc.messages)) from exc
    progress(batch.count, batch.count)
    return JobResult(filename=filename, data=data, mime_type=mime_type)


def run_report(job, progress) -> JobResult:
    user = job.requested_by
    if not may_see_settlement_reports(user):
        raise JobFailed(_("You may no longer see the settlement reports."))
    form = ReportFilterForm(job.params.get("filters") or None, orgs=report_orgs(user))
    if form.is_bound and not form.is_valid():
        raise JobFailed(" ".join(str(e) for errors in form.errors.values() for e in errors))
    progress(0, 1)
    with translation.override("zh-hans"):  # the workbook is in Chinese, as the branch files it
        report = settlement_report(user, **form.filters())
        data = report_workbook(report)
    progress(1, 1)
    return JobResult(filename=f"settlement-report-{report['year']}.xlsx", data=data, mime_type=XLSX_MIME)


def register_settlement_jobs() -> None:
    from workflow import registry

    register(
        JobKind(
            BATCH_FILE_JOB,
            gettext_lazy("Payment file for the bank"),
            run_batch_file,
            readable=may_make_payment_files,
        )
    )
    register(
        JobKind(
            REPORT_JOB,
            gettext_lazy("Export of the settlement report"),
            run_report,
            readable=may_see_settlement_reports,
        )
    )
    registry.register_event_labels("injury_claims.Settlement", PAYMENT_EVENTS)
