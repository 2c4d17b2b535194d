"""The vendor scorecard (服务商考核, issue 12 point 7): on time per step, satisfaction, cancellations and no-shows
per vendor × product × month, with charts. Agents and administrators see their part of the company (HQ's every
vendor), vendor staff their own vendor; anyone else 404. Thin: the figures are ``green_channel.scorecard``, the
reads ``green_channel.selectors.vendor_scorecard``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from .. import selectors
from ..forms.bookings import ScorecardFilterForm
from ..rules import can_see_scorecard, vendor_of


@require_GET
@login_required
def vendor_scorecard(request: HttpRequest) -> HttpResponse:
    if not can_see_scorecard(request.user):
        raise Http404
    own = vendor_of(request.user)
    data = request.GET.copy()
    if not data.get("from_month") and not data.get("to_month"):
        first, last = ScorecardFilterForm.default_months()
        data["from_month"], data["to_month"] = f"{first:%Y-%m}", f"{last:%Y-%m}"
    form = ScorecardFilterForm(data, own_vendor=own)
    report = None
    if form.is_valid():
        report = selectors.vendor_scorecard(
            request.user,
            first=form.cleaned_data["from_month"],
            last=form.cleaned_data["to_month"],
            product=form.cleaned_data.get("product"),
            vendor=form.cleaned_data.get("vendor"),
        )
    return render(
        request,
        "green_channel/scorecard.html",
        {"form": form, "report": report, "own_vendor": own},
    )


urlpatterns = [
    path("vendors/scorecard/", vendor_scorecard, name="vendor_scorecard"),
]
