"""Data of the injury-claims app: reference databases (reference.py), claims and surveys (claims.py), injured
persons and investigations (persons.py), submitted follow-ups and files (followups.py), bills and reviews
(reviews.py)."""

from .claims import Claim, InjuryCategory, LiabilityRatio, Survey
from .fast_track import FastTrack, FastTrackStandard
from .followups import Attachment, FollowUp
from .guarantee import Guarantee, Prepayment, prepaid_for
from .litigation import Hearing, Judgment, JudgmentItem, Litigation, LitigationItem, LitigationOpinion
from .mediation import Mediation, MediationItem
from .payments import PaymentBatch, PaymentBatchLine
from .persons import EstimateRevision, InjuredPerson, Investigation, InvestigationFinding, PersonalDataAccess
from .reference import *  # noqa: F403
from .reviews import (
    Bill,
    BillLine,
    EvaluationCriterion,
    RedFlagThresholds,
    Review,
    SavedSearch,
    StaffEvaluation,
)
from .settlement import (
    Calculation,
    CompulsoryLimit,
    DocumentReceipt,
    DocumentRequirement,
    Payment,
    Settlement,
)

__all__ = [
    "Attachment",
    "Bill",
    "BillLine",
    "Calculation",
    "Claim",
    "CompulsoryLimit",
    "DocumentReceipt",
    "DocumentRequirement",
    "EstimateRevision",
    "EvaluationCriterion",
    "FastTrack",
    "FastTrackStandard",
    "FollowUp",
    "Guarantee",
    "Hearing",
    "InjuredPerson",
    "InjuryCategory",
    "Investigation",
    "InvestigationFinding",
    "Judgment",
    "JudgmentItem",
    "LiabilityRatio",
    "Litigation",
    "LitigationItem",
    "LitigationOpinion",
    "Mediation",
    "MediationItem",
    "Payment",
    "PaymentBatch",
    "PaymentBatchLine",
    "PersonalDataAccess",
    "Prepayment",
    "RedFlagThresholds",
    "Review",
    "SavedSearch",
    "Settlement",
    "StaffEvaluation",
    "Survey",
    "prepaid_for",
]
