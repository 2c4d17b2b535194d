from .assessment import Assessment, Question
from .scorecards import Adjustment, Dispute, Scorecard, ScorecardVersion
from .surveys import SampleDraw, SurveyResponse

__all__ = [
    "Adjustment",
    "Assessment",
    "Dispute",
    "Question",
    "SampleDraw",
    "Scorecard",
    "ScorecardVersion",
    "SurveyResponse",
]
