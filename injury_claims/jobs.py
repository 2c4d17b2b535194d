"""The injury-claims app's background jobs (documents.jobs): the mediator's authorisation letter."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.jobs import JobFailed, JobKind, JobResult, register

from .rules import can_issue_mediator_letter
from .selectors import get_mediator_for_user
from .services import issue_mediator_authorisation

MEDIATOR_LETTER_JOB = "injury_claims.mediator_letter"


def run_letter(job, progress) -> JobResult:
    user = job.requested_by
    try:
        member = get_mediator_for_user(user, int(job.params["member"]))
    except (Http404, KeyError, TypeError, ValueError) as exc:
        raise JobFailed(_("You may not print this letter.")) from exc
    if not can_issue_mediator_letter(user, member):
        raise JobFailed(_("You may not print this letter."))
    try:
        document = issue_mediator_authorisation(member, by=user)
    except ValidationError as exc:
        raise JobFailed(" ".join(exc.messages)) from exc
    return JobResult(document=document)


def register_jobs() -> None:
    register(
        JobKind(
            MEDIATOR_LETTER_JOB,
            gettext_lazy("Printing the mediator's authorisation letter"),
            run_letter,
            readable=can_issue_mediator_letter,
        )
    )
