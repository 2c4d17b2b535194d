"""The injury-claims processes, each declared once (DESIGN.md "Workflows"): the survey (``SURVEY``), each injured
person's follow-up (``PERSON``) and the reviews (``REVIEW_WORKFLOW``)."""

from .fast_track import FAST_TRACK, FastTrackState, FastTrackTransitions
from .mediation import MEDIATION, MediationState, MediationTransitions
from .person import PERSON, PersonState, PersonTransitions
from .review import REVIEW_WORKFLOW, ReviewState, ReviewTransitions
from .settlement import SETTLEMENT, SettlementState, SettlementTransitions
from .survey import SURVEY, Scene, SurveyState, SurveyTransitions

__all__ = [
    "FAST_TRACK",
    "MEDIATION",
    "PERSON",
    "REVIEW_WORKFLOW",
    "SETTLEMENT",
    "SURVEY",
    "FastTrackState",
    "FastTrackTransitions",
    "MediationState",
    "MediationTransitions",
    "PersonState",
    "PersonTransitions",
    "ReviewState",
    "ReviewTransitions",
    "Scene",
    "SettlementState",
    "SettlementTransitions",
    "SurveyState",
    "SurveyTransitions",
]
