"""The hospital network's processes, each declared once (DESIGN.md "Workflows"): the cooperation pipeline
(``COOPERATION``) and the annual evaluation (``EVALUATION``); the guards that explain what stands in a step's way
are in :mod:`.guards`."""

from .cooperation import (
    APPROVAL_POLICY,
    COOPERATION,
    HOSPITAL_EVENTS,
    CooperationState,
    CooperationTransitions,
)
from .evaluation import EVALUATION, EvaluationState, EvaluationTransitions, Recommendation
from .guards import (
    agreement_in_force,
    current_decision,
    hq_decided,
    latest_agreement,
    missing_for_submission,
    renewal_draft,
    signed_agreement,
    signing_problems,
)

__all__ = [
    "APPROVAL_POLICY",
    "COOPERATION",
    "EVALUATION",
    "HOSPITAL_EVENTS",
    "CooperationState",
    "CooperationTransitions",
    "EvaluationState",
    "EvaluationTransitions",
    "Recommendation",
    "agreement_in_force",
    "current_decision",
    "hq_decided",
    "latest_agreement",
    "missing_for_submission",
    "renewal_draft",
    "signed_agreement",
    "signing_problems",
]
