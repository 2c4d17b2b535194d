"""The hospital network's background jobs (documents.jobs): the registry export and the agreement print.

Both run with the requester's permissions, checked again when the worker runs them: a person who lost access
between the click and the run gets a refusal, not the file.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.jobs import JobFailed, JobKind, JobResult, register

from . import exports
from .forms.registry import HospitalFilterForm
from .rules import can_view_network
from .selectors import get_agreement_for_user, hospital_cities, hospitals_for_list
from .services.agreements import print_agreement

EXPORT = "hospitals.export"
PRINT = "hospitals.agreement_print"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROGRESS_EVERY = 500


def run_export(job, progress) -> JobResult:
    user = job.requested_by
    if not can_view_network(user):
        raise JobFailed(_("You may no longer see the hospital network."))
    form = HospitalFilterForm(job.params.get("filters") or None, cities=hospital_cities(user))
    hospitals = hospitals_for_list(user, **form.filters())
    total = hospitals.count()
    progress(0, total)

    def rows():
        for done, hospital in enumerate(hospitals.iterator(chunk_size=2000), start=1):
            if done % PROGRESS_EVERY == 0:
                progress(done, total)
            yield hospital

    data = exports.export_workbook(rows())
    progress(total, total)
    return JobResult(filename=f"hospitals-{timezone.localdate():%Y%m%d}.xlsx", data=data, mime_type=XLSX)


def run_print(job, progress) -> JobResult:
    user = job.requested_by
    try:
        agreement = get_agreement_for_user(user, int(job.params["agreement"]), write=True)
    except (Http404, PermissionDenied, KeyError, TypeError, ValueError) as exc:
        raise JobFailed(_("You may not print this agreement.")) from exc
    progress(0, 1)
    document = print_agreement(agreement, by=user)
    progress(1, 1)
    return JobResult(document=document)


def register_jobs() -> None:
    register(
        JobKind(EXPORT, gettext_lazy("Export of the hospital list"), run_export, readable=can_view_network)
    )
    register(JobKind(PRINT, gettext_lazy("Printing the agreement"), run_print, readable=can_view_network))
