"""Read side of the injury-claims app, one module per area."""

from .assessment import hospital_year_figures, inpatient_ids, inpatients_by_id, mobile_of
from .mediators import get_mediator_for_user, mediators_for

__all__ = [
    "get_mediator_for_user",
    "hospital_year_figures",
    "inpatient_ids",
    "inpatients_by_id",
    "mediators_for",
    "mobile_of",
]
