"""What the events ``record_event`` puts on claims, surveys, persons and reviews mean on their timelines (the
workflow transitions are labelled by their Steps in injury_claims.workflows)."""

from django.utils.translation import gettext_lazy as _

CLAIM_EVENTS = {
    "reported": _("Claim registered"),
    "amended": _("Report amended"),
    "closed": _("Claim closed (结案)"),
    "reopened": _("Claim reopened"),
}
SURVEY_EVENTS = {"dispatched": _("Survey dispatched")}
PERSON_EVENTS = {
    "added": _("Injured person added"),
    "added_later": _("Injured person added later (追加人伤)"),
    "person_updated": _("Person's details changed"),
    "follow_up": _("Follow-up submitted"),
    "bill_recorded": _("Bill recorded"),
    "investigation_finding": _("Investigation finding recorded"),
}
REVIEW_EVENTS = {"submitted": _("Submitted for review")}
SETTLEMENT_EVENTS = {
    "opened": _("Settlement opened"),
    "facts_saved": _("Assessed facts saved"),
    "documents_complete": _("Documents complete: the payment clock runs"),
    "calculated": _("Calculated"),
    "amounts_fixed": _("Amounts fixed by an agreement or a judgment"),
    "payment_recorded": _("Payment recorded"),
}
FAST_TRACK_EVENTS = {
    "opened": _("Fast track opened with a proposed band"),
    "signed_agreement_filed": _("Signed agreement filed"),
}

MEDIATION_EVENTS = {
    "opened": _("Mediation opened"),
    "plan_saved": _("Mediation plan saved"),
    "signed_agreement_filed": _("Signed agreement filed"),
    "document_issued": _("Document issued"),
}


def register_event_labels() -> None:
    from workflow import registry

    registry.register_event_labels("injury_claims.Claim", CLAIM_EVENTS)
    registry.register_event_labels("injury_claims.Survey", SURVEY_EVENTS)
    registry.register_event_labels("injury_claims.InjuredPerson", PERSON_EVENTS)
    registry.register_event_labels("injury_claims.Review", REVIEW_EVENTS)
    registry.register_event_labels("injury_claims.Settlement", SETTLEMENT_EVENTS)
    registry.register_event_labels("injury_claims.FastTrack", FAST_TRACK_EVENTS)
    registry.register_event_labels("injury_claims.Mediation", MEDIATION_EVENTS)
