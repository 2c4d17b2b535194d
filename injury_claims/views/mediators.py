"""Mediators (人伤调解员): the register of the branch's mediators and their authorisation letters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from documents.jobs import start_job

from ..forms.mediation import OutcomesFilterForm
from ..jobs import MEDIATOR_LETTER_JOB
from ..rules import can_issue_mediator_letter, can_view_mediators
from ..selectors import get_mediator_for_user, mediators_for
from ..selectors.mediation import mediation_outcomes

PAGE_SIZE = 50


@require_GET
@login_required
def mediators(request: HttpRequest) -> HttpResponse:
    if not can_view_mediators(request.user):
        raise Http404
    page = Paginator(mediators_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    period = OutcomesFilterForm(request.GET or None)
    bounds = period.cleaned_data if period.is_valid() else {}
    context = {
        "page": page,
        "period": period,
        # p8 "省公司定期对调解工作进行考核与管理": each mediator's outcomes in the period (their evaluation's evidence)
        "outcomes": mediation_outcomes(request.user, since=bounds.get("since"), until=bounds.get("until")),
        "today": timezone.localdate(),
        "can_issue": can_issue_mediator_letter(request.user),
    }
    return render(request, "injury_claims/mediators.html", context)


@require_POST
@login_required
def mediator_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """Print the letter in the worker; the page follows the job. A lapsed authorisation is refused at once."""
    member = get_mediator_for_user(request.user, pk)
    if not can_issue_mediator_letter(request.user, member):
        raise PermissionDenied
    if not member.is_mediator():
        messages.error(
            request, _("%(name)s is not an authorised mediator (no valid authorisation).") % {"name": member}
        )
        return redirect("injury_claims:mediators")
    back = reverse("injury_claims:mediators")
    job = start_job(MEDIATOR_LETTER_JOB, by=request.user, params={"member": member.pk}, back=back)
    return redirect("documents:job", job.pk)
