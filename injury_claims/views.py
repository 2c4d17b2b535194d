"""Mediators (人伤调解员): the register of the branch's mediators and their authorisation letters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .rules import can_issue_mediator_letter, can_view_mediators
from .selectors import get_mediator_for_user, mediators_for
from .services import issue_mediator_authorisation

PAGE_SIZE = 50


@require_GET
@login_required
def mediators(request: HttpRequest) -> HttpResponse:
    if not can_view_mediators(request.user):
        raise Http404
    page = Paginator(mediators_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "today": timezone.localdate(),
        "can_issue": can_issue_mediator_letter(request.user),
    }
    return render(request, "injury_claims/mediators.html", context)


@require_POST
@login_required
def mediator_letter(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_mediator_for_user(request.user, pk)
    if not can_issue_mediator_letter(request.user, member):
        raise PermissionDenied
    try:
        document = issue_mediator_authorisation(member, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("injury_claims:mediators")
    messages.success(request, _("Authorisation letter %(number)s issued.") % {"number": document.number})
    return redirect("documents:detail", document.number)
