"""考评 (seed 001 p31: "增加了对人伤环节中任意人员的考评功能"): an evaluator scores someone who worked on a person's case at
some step, against the criteria in use."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import InjuredPerson, StaffEvaluation
from ..rules import can_evaluate_staff
from ..selectors.evaluation import active_criteria, workers_of


@transaction.atomic
def evaluate_staff(
    person: InjuredPerson, staff, step: str, scores: dict, comment: str, by
) -> StaffEvaluation:
    """Score ``staff`` for their work at ``step`` of ``person``'s case. Refused: an evaluator without the right
    over the person's org; scoring yourself; someone who did not work on the case at that step; a criterion
    missing, unknown or scored outside 0 to its points."""
    if not can_evaluate_staff(by, person):
        raise PermissionDenied
    if staff is None or staff.pk == by.pk:
        raise ValidationError({"staff": _("You cannot evaluate your own work.")})
    workers = {w["staff"].pk: dict(w["steps"]) for w in workers_of(person)}
    if staff.pk not in workers:
        raise ValidationError(
            {
                "staff": _("%(name)s did not work on this case: only its people are evaluated.")
                % {"name": staff}
            }
        )
    if step not in workers[staff.pk]:
        raise ValidationError(
            {"step": _("%(name)s did not work on this case at that step.") % {"name": staff}}
        )
    criteria = {c.code: c for c in active_criteria()}
    if not criteria:
        raise ValidationError(_("No criteria are set up: an administrator adds them first."))
    errors: dict[str, str] = {}
    unknown = sorted(set(scores) - set(criteria))
    if unknown:
        errors["scores"] = _("These are not criteria in use: %(codes)s.") % {"codes": ", ".join(unknown)}
    clean: dict[str, int] = {}
    for code, criterion in criteria.items():
        value = scores.get(code)
        if value is None:
            errors[f"score_{code}"] = _("Score “%(name)s”.") % {"name": criterion.name}
        elif isinstance(value, bool) or not isinstance(value, int):
            errors[f"score_{code}"] = _("Score “%(name)s” in whole points.") % {"name": criterion.name}
        elif not 0 <= value <= criterion.max_points:
            errors[f"score_{code}"] = _("“%(name)s” is scored from 0 to %(max)s points.") % {
                "name": criterion.name,
                "max": criterion.max_points,
            }
        else:
            clean[code] = value
    if errors:
        raise ValidationError(errors)
    return StaffEvaluation.objects.create(
        person=person,
        staff=staff,
        step=step,
        scores=clean,
        total=Decimal(sum(clean.values())),
        comment=(comment or "").strip(),
        org=person.org,
        by=by,
    )
