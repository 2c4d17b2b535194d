"""Coverage of the network (DOMAIN.md §2, 设立数量): HQ's national view and one secondary org's places."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from organization.models import OrgUnit
from organization.scoping import is_hq

from .. import coverage as rules_of_coverage
from ..forms.coverage import CoverageDayForm
from ..selectors import coverage_standard_history, get_secondary_for_user, require_network_reader


def _day(request: HttpRequest) -> tuple[CoverageDayForm, object]:
    """The day asked about (``?on=``): hospitals count when their signed agreement is in force that day."""
    form = CoverageDayForm(request.GET or None)
    return form, form.day()


def _detail(request: HttpRequest, org: OrgUnit) -> HttpResponse:
    form, day = _day(request)
    try:
        result = rules_of_coverage.coverage_for_org(org, on=day)
    except rules_of_coverage.NoCoverageStandard:
        result = None
    context = {
        "org": org,
        "coverage": result,
        "today": day,
        "day_form": form,
        "is_hq": is_hq(request.user),
        "standard_history": coverage_standard_history(),
    }
    return render(request, "hospitals/coverage/detail.html", context)


@require_GET
@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """HQ: one row per secondary org, shortfalls first. Branch and sub-branch staff: their branch's places."""
    require_network_reader(request.user)
    if not is_hq(request.user):
        own = request.user.org.secondary
        if own is None:
            raise Http404
        return _detail(request, own)
    form, day = _day(request)
    try:
        national = rules_of_coverage.national_coverage(on=day)
    except rules_of_coverage.NoCoverageStandard:
        national = None
    context = {
        "national": national,
        "today": day,
        "day_form": form,
        "standard_history": coverage_standard_history(),
    }
    return render(request, "hospitals/coverage/national.html", context)


@require_GET
@login_required
def coverage_org(request: HttpRequest, org_pk: int) -> HttpResponse:
    return _detail(request, get_secondary_for_user(request.user, org_pk))


urlpatterns = [
    path("coverage/", coverage, name="coverage"),
    path("coverage/<int:org_pk>/", coverage_org, name="coverage_org"),
]
