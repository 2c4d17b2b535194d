"""The injury-claims processes, each declared once (DESIGN.md "Workflows"): the survey (``SURVEY``), each injured
person's follow-up (``PERSON``) and the reviews (``REVIEW_WORKFLOW``)."""

from .person import PERSON, PersonState, PersonTransitions
from .review import REVIEW_WORKFLOW, ReviewState, ReviewTransitions
from .survey import SURVEY, Scene, SurveyState, SurveyTransitions

__all__ = [
    "PERSON",
    "REVIEW_WORKFLOW",
    "SURVEY",
    "PersonState",
    "PersonTransitions",
    "ReviewState",
    "ReviewTransitions",
    "Scene",
    "SurveyState",
    "SurveyTransitions",
]
