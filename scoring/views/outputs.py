"""What the annual assessment puts out (issue 13 point 6): HQ's ranking of every branch with its distribution
chart and summary figures, its export to .xlsx, and the printed scorecard that HQ signs off. Thin: the figures are
scoring.selectors, the workbook scoring.exports, the PDF scoring.services.printing (run in the worker)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from documents.jobs import start_job

from .. import exports, jobs, selectors
from .. import scorecard as sc
from ..models import Assessment, Scorecard
from ..rules import can_view_scoring


def _ranked(user, year: int) -> tuple[Assessment, list[dict]]:
    """HQ only: for everyone else the ranking does not exist (404)."""
    selectors.require_assessor(user)
    assessment = get_object_or_404(Assessment, year=year)
    return assessment, selectors.ranking(assessment)


@require_GET
@login_required
def ranking(request: HttpRequest, year: int) -> HttpResponse:
    assessment, rows = _ranked(request.user, year)
    context = {
        "assessment": assessment,
        "rows": rows,
        "items": [{"key": key, "title": sc.title(key)} for key in sc.ITEMS],
        "summary": selectors.ranking_summary(rows),
        "bands": selectors.distribution(rows),
    }
    return render(request, "scoring/ranking.html", context)


@require_GET
@login_required
def ranking_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    """Synchronous: one row per branch (a few dozen, a few hundred at most) is milliseconds of work, unlike the
    registry exports that run in the worker."""
    assessment, rows = _ranked(request.user, year)
    response = HttpResponse(exports.ranking_workbook(assessment.year, rows), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="ranking-{assessment.year}.xlsx"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def scorecard_print(request: HttpRequest, pk: int) -> HttpResponse:
    """Whoever reads a final card prints it (HQ to sign it off, the branch for its files), in the worker: the page
    follows the job, which links the document and the way back to the card. A card not final yet is refused with
    a message on the card."""
    scorecard = selectors.get_scorecard_for_user(request.user, pk)
    if not can_view_scoring(request.user, scorecard):
        raise PermissionDenied
    if scorecard.state != Scorecard.State.FINAL:
        messages.error(request, _("Only a final scorecard is printed for signing: finalise it first."))
        return redirect(scorecard)
    job = start_job(
        jobs.PRINT, by=request.user, params={"scorecard": scorecard.pk}, back=scorecard.get_absolute_url()
    )
    return redirect("documents:job", job.pk)
