"""The medical-fee guarantee's registrations (seed 000): the printed letter as a kind of document and its print job,
the notices of its steps, the labels of its events, the expiry sweep. Called from ``InjuryClaimsConfig.ready()``.

Whoever may see the person's claim may print the letter and read the printed one; the job checks it again when the
worker runs it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents import registry
from documents.jobs import JobFailed, JobKind, JobResult, register

from .rules import can_view_claims

GUARANTEE_JOB = "injury_claims.guarantee_letter"
GUARANTEE_EVENTS = {
    "drafted": gettext_lazy("Guarantee drafted"),
    "prepaid": gettext_lazy("Prepayment to the hospital recorded"),
    "recovered": gettext_lazy("Recovery from the hospital recorded"),
}


def run_letter(job, progress) -> JobResult:
    from .selectors.guarantee import get_guarantee_for_user
    from .services.guarantee import print_letter

    try:
        guarantee = get_guarantee_for_user(job.requested_by, int(job.params["guarantee"]))
    except (Http404, KeyError, TypeError, ValueError) as exc:
        raise JobFailed(_("You may not print this document.")) from exc
    try:
        document = print_letter(guarantee, by=job.requested_by)
    except (ValidationError, PermissionDenied) as exc:
        messages = (
            exc.messages if isinstance(exc, ValidationError) else [_("You may not print this document.")]
        )
        raise JobFailed(" ".join(messages)) from exc
    return JobResult(document=document)


def register_guarantee() -> None:
    from organization import navigation
    from sla.registry import NoticeKind, register_notice
    from workflow import registry as workflows

    from .selectors.guarantee import may_see_guarantees
    from .services.guarantee import GUARANTEE_LETTER
    from .workflows.guarantee import GUARANTEE

    workflows.register(GUARANTEE)
    navigation.register(
        navigation.NavEntry(
            "injury_claims:guarantees", gettext_lazy("Medical-fee guarantees"), 37, may_see_guarantees
        )
    )
    workflows.register_event_labels("injury_claims.Guarantee", GUARANTEE_EVENTS)
    registry.register(
        registry.DocumentKind(
            slug=GUARANTEE_LETTER,
            label=gettext_lazy("Medical-fee guarantee letter (医疗费担保函)"),
            prefix="GL",
            can_read=can_view_claims,
        )
    )
    register(
        JobKind(GUARANTEE_JOB, gettext_lazy("Printing the guarantee letter"), run_letter, can_view_claims)
    )
    register_notice(
        NoticeKind(
            "injury_claims.guarantee_to_approve",
            title=gettext_lazy("Guarantee letter to approve: %(person)s (%(report)s), ¥%(amount)s"),
            body=gettext_lazy("Submitted by %(by)s."),
        ),
        NoticeKind(
            "injury_claims.guarantee_decided",
            title=gettext_lazy("Guarantee letter of %(person)s (%(report)s): %(state)s"),
            body="%(note)s",
        ),
    )
