"""Cooperating hospitals 协作医院 (DOMAIN.md §2, seed 000), one module per sub-domain."""

from .activity import EmergencyDispatch, HkCase, MedicalAdvisor, Training
from .agreements import NEEDS_HQ_APPROVAL, Agreement, Function, FunctionApproval
from .coverage import CoverageStandard
from .evaluation import AnnualEvaluation
from .imports import HospitalImport
from .maintenance import MaintenanceLog, Rectification
from .pipeline import Condition, Cooperation, EligibilityCheck
from .registry import (
    EMERGENCY_PHONE,
    PUBLIC_EMERGENCY_NUMBERS,
    BranchScopedQuerySet,
    Hospital,
    validate_emergency_phone,
)

__all__ = [
    "EMERGENCY_PHONE",
    "NEEDS_HQ_APPROVAL",
    "PUBLIC_EMERGENCY_NUMBERS",
    "Agreement",
    "AnnualEvaluation",
    "BranchScopedQuerySet",
    "Condition",
    "Cooperation",
    "CoverageStandard",
    "EligibilityCheck",
    "EmergencyDispatch",
    "Function",
    "FunctionApproval",
    "HkCase",
    "Hospital",
    "HospitalImport",
    "MaintenanceLog",
    "MedicalAdvisor",
    "Rectification",
    "Training",
    "validate_emergency_phone",
]
