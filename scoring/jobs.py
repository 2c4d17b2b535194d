"""The annual assessment's background job (documents.jobs): printing a final scorecard. Like every print of the
product it runs in the worker, never inside a request (issue 7); the job checks again, when it runs, that the
requester is HQ's assessor and the card still final (a reopening between the click and the run refuses)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.jobs import JobFailed, JobKind, JobResult, register
from workflow.services import TransitionRefused

from .rules import can_view_scoring
from .selectors import get_scorecard_for_user
from .services.printing import print_scorecard

PRINT = "scoring.scorecard_print"


def run_print(job, progress) -> JobResult:
    user = job.requested_by
    try:
        scorecard = get_scorecard_for_user(user, int(job.params["scorecard"]))
    except (Http404, KeyError, TypeError, ValueError) as exc:
        raise JobFailed(_("You may not print this document.")) from exc
    progress(0, 1)
    try:
        document = print_scorecard(scorecard, by=user)
    except TransitionRefused as exc:
        raise JobFailed(exc.message) from exc
    progress(1, 1)
    return JobResult(document=document)


def register_jobs() -> None:
    register(
        JobKind(PRINT, gettext_lazy("Printing the annual scorecard"), run_print, readable=can_view_scoring)
    )
