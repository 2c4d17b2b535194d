"""The pipeline's own use cases besides the declared steps: the eligibility checklist and the establishment
method and liaisons recorded with it. The steps themselves are taken with workflow.actions.take_step (pages) or
:func:`act` (code: the demo, scheduled jobs, tests)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workflow.models import Event
from workflow.services import perform_transition, record_event

from ..models import Condition, Cooperation, EligibilityCheck, Hospital
from ..workflows import COOPERATION

COOPERATION_FIELDS = (
    "method",
    "branch_liaison",
    "branch_liaison_phone",
    "hospital_liaison",
    "hospital_liaison_phone",
)


def act(
    cooperation: Cooperation, step: str, *, by, expected_state: str | None = None, note: str = "", **params
) -> Event:
    """Take one declared step of the pipeline on behalf of ``by`` (checks, clocks and notices as declared)."""
    return perform_transition(cooperation, step, by=by, note=note, expected_state=expected_state, **params)


def lock_for_edit(cooperation: Cooperation, part: str) -> Cooperation:
    """Lock the cooperation and check that this part may change in its current state (COOPERATION.editable)."""
    locked = Cooperation.objects.select_for_update().select_related("hospital", "org").get(pk=cooperation.pk)
    if not COOPERATION.may_edit(locked, part):
        raise ValidationError(
            _("This cannot change while the cooperation is “%(state)s”.")
            % {"state": locked.get_state_display()}
        )
    return locked


LIAISON_FIELDS = ("branch_liaison", "branch_liaison_phone", "hospital_liaison", "hospital_liaison_phone")


@transaction.atomic
def save_liaisons(cooperation: Cooperation, details: dict, *, by) -> Cooperation:
    """Change the project liaisons of both sides (allowed as long as the cooperation lives)."""
    locked = lock_for_edit(cooperation, "liaisons")
    changed = {
        name: details[name]
        for name in LIAISON_FIELDS
        if name in details and details[name] != getattr(locked, name)
    }
    if changed:
        Cooperation.objects.filter(pk=locked.pk).update(**changed)
        for name, value in changed.items():
            setattr(locked, name, value)
        record_event(locked, "liaisons_changed", by=by, note="; ".join(f"{v}" for v in changed.values()))
    return locked


@transaction.atomic
def save_eligibility(
    cooperation: Cooperation, checks: dict[int, tuple[bool, str]], *, by, details: dict | None = None
) -> Cooperation:
    """Record the eight conditions (met or not, with the evidence for each) and the method and liaisons."""
    locked = lock_for_edit(cooperation, "eligibility")
    if details:
        for name in COOPERATION_FIELDS:
            if name in details:
                setattr(locked, name, details[name])
        Cooperation.objects.filter(pk=locked.pk).update(
            **{name: getattr(locked, name) for name in COOPERATION_FIELDS}
        )
    for condition, (met, evidence) in checks.items():
        EligibilityCheck.objects.update_or_create(
            cooperation=locked, condition=Condition(condition), defaults={"met": met, "evidence": evidence}
        )
    record_event(locked, "eligibility_recorded", by=by)
    return locked


@transaction.atomic
def propose_again(hospital: Hospital, *, by) -> Cooperation:
    """A hospital whose cooperation was rejected, terminated or expired may be proposed again: a new cooperation
    with its own history (information collected), the old one kept as it was."""
    Hospital.objects.select_for_update().get(pk=hospital.pk)
    if Cooperation.objects.filter(hospital=hospital, org_id=hospital.org_id).open().exists():
        raise ValidationError(_("This hospital already has a cooperation in progress with the branch."))
    cooperation = Cooperation.objects.create(hospital=hospital, org_id=hospital.org_id, created_by=by)
    record_event(hospital, "proposed_again", by=by)
    return cooperation
