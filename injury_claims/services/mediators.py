"""Use cases of the injury-claims app."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from documents.services import issue_document

MEDIATOR_LETTER = "mediator_authorisation"


def issue_mediator_authorisation(member, *, by):
    """Print the mediator's authorisation letter (调解员授权书) as a numbered, verifiable document."""
    if not member.is_mediator():
        raise ValidationError(
            _("%(name)s is not an authorised mediator (no valid authorisation).") % {"name": member}
        )
    secondary = member.org.secondary if member.org else None
    if secondary is None:
        raise ValidationError(_("%(name)s does not belong to a branch.") % {"name": member})
    return issue_document(
        kind=MEDIATOR_LETTER,
        template_name="injury_claims/pdf/mediator_letter.html",
        context={"member": member, "branch": secondary},
        subject=member,
        org=member.org,
        by=by,
        title=f"调解员授权书 {member}",
    )
