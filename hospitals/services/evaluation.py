"""The annual evaluation 年度评估 (seed 000): "各二级机构协作医院设立及维护责任人每年对协作医院进行评估，并将评估结果报
总公司车险/意健险理赔部，决定协作医院的续约或解约。" The responsible persons submit it; HQ decides on it with the
declared step (hospitals.workflows.EVALUATION)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sla.notifications import notify
from workflow.services import record_event

from ..models import AnnualEvaluation, Cooperation
from ..selectors import hq_approvers

SUBMITTED_NOTICE = "hospitals.evaluation_submitted"
EVALUATED_STATES = (*Cooperation.IN_NETWORK,)
FIELDS = ("year", "treatment_practice", "cooperation_quality", "complaints", "recommendation")


def submit_evaluation(cooperation: Cooperation, data: dict, *, by) -> AnnualEvaluation:
    """Record the evaluation of a cooperating hospital and put it before HQ. One at a time waits for HQ."""
    try:
        with transaction.atomic():
            locked = (
                Cooperation.objects.select_for_update()
                .select_related("hospital", "org")
                .get(pk=cooperation.pk)
            )
            if locked.state not in EVALUATED_STATES:
                raise ValidationError(
                    _("Only a hospital in the network is evaluated (this cooperation is “%(state)s”).")
                    % {"state": locked.get_state_display()}
                )
            if locked.evaluations.filter(state=AnnualEvaluation.State.SUBMITTED).exists():
                raise ValidationError(
                    _("An evaluation of this hospital is already waiting for HQ's decision.")
                )
            year = data.get("year")
            if year is None or not (2000 <= year <= timezone.localdate().year):
                raise ValidationError(_("Evaluate a year that has begun."))
            evaluation = AnnualEvaluation(
                cooperation=locked, org_id=locked.org_id, submitted_by=by, **{f: data[f] for f in FIELDS}
            )
            evaluation.full_clean(exclude=["cooperation", "org", "submitted_by", "state"])
            evaluation.save()
            record_event(evaluation, "submitted", by=by, note=evaluation.get_recommendation_display())
            record_event(
                locked,
                "evaluation_submitted",
                by=by,
                note=f"{evaluation.year} · {evaluation.get_recommendation_display()}",
            )
            _tell_hq(evaluation)
    except IntegrityError as exc:  # the same evaluation submitted twice at the same moment
        raise ValidationError(
            _("An evaluation of this hospital is already waiting for HQ's decision.")
        ) from exc
    return evaluation


def _tell_hq(evaluation: AnnualEvaluation) -> None:
    cooperation = evaluation.cooperation
    notify(
        hq_approvers(),
        kind=SUBMITTED_NOTICE,
        context={
            "hospital": cooperation.hospital.name,
            "org": cooperation.org.name,
            "year": evaluation.year,
            "recommendation": str(evaluation.get_recommendation_display()),
        },
        url=evaluation.get_absolute_url(),
        subject=evaluation,
        dedupe_key=f"evaluation:{evaluation.pk}",
    )
