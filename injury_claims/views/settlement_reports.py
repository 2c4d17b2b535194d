"""The settlement reports (issue 10 point 7): paid amounts by compensation item, by hospital (cooperating or not,
with the average inpatient cost and the non-医保 share the branch evaluates its hospitals by) and by branch and
month, with charts; the .xlsx export is made in the worker. The branch's managers and heads see their own part of
the company, HQ all of it; anyone else 404."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from documents.jobs import start_job

from ..forms.settlement_reports import ReportFilterForm
from ..selectors.settlement_reports import may_see_settlement_reports, report_orgs, settlement_report
from ..settlement_jobs import REPORT_JOB


def _form(request: HttpRequest, data) -> ReportFilterForm:
    if not may_see_settlement_reports(request.user):
        raise Http404
    return ReportFilterForm(data or None, orgs=report_orgs(request.user))


def _page(request: HttpRequest, form: ReportFilterForm) -> HttpResponse:
    report = settlement_report(request.user, **form.filters())
    return render(
        request,
        "injury_claims/settlement/reports.html",
        {"form": form, "report": report, "params": form.params()},
    )


@require_GET
@login_required
def reports(request: HttpRequest) -> HttpResponse:
    return _page(request, _form(request, request.GET))


@require_POST
@login_required
def reports_export(request: HttpRequest) -> HttpResponse:
    """The report as .xlsx, in the worker; a bad filter shows the page with its error and starts nothing."""
    form = _form(request, {name: request.POST[name] for name in ("year", "org") if request.POST.get(name)})
    if form.is_bound and not form.is_valid():
        return _page(request, form)
    params = form.params()
    back = reverse("injury_claims:settlement_reports") + (f"?{urlencode(params)}" if params else "")
    job = start_job(REPORT_JOB, by=request.user, params={"filters": params}, back=back)
    return redirect("documents:job", job.pk)


urlpatterns = [
    path("settlements/reports/", reports, name="settlement_reports"),
    path("settlements/reports/export/", reports_export, name="settlement_reports_export"),
]
