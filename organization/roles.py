"""The roles of the claims organisation. Each is a Django group created by a migration (0002_roles)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLAIMS_ADJUSTER = "claims_adjuster", _("Claims adjuster")
    INJURY_FOLLOW_UP = "injury_follow_up", _("Injury follow-up handler")
    MEDICAL_REVIEWER = "medical_reviewer", _("Medical reviewer")
    MEDIATOR = "mediator", _("Mediator")
    LITIGATION_OFFICER = "litigation_officer", _("Litigation officer")
    CALCULATOR_APPROVER = "calculator_approver", _("Calculator / approver")
    BRANCH_CLAIMS_HEAD = "branch_claims_head", _("Branch claims head (first responsible person)")
    MEDICAL_REVIEW_HEAD = "medical_review_head", _("Medical-review room head (second responsible person)")
    BRANCH_MANAGER = "branch_manager", _("Branch manager")
    HQ_NETWORK_APPROVER = "hq_network_approver", _("HQ network approver")
    GREEN_CHANNEL_AGENT = "green_channel_agent", _("Green-channel agent")
    # Staff of a green-channel service vendor (服务商): no org unit, only the bookings handed to their vendor.
    GREEN_CHANNEL_VENDOR = "green_channel_vendor", _("Green-channel vendor staff")
    LEGAL_POST = "legal_post", _("Legal post")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles whose work is claims handling: their home page is the work inbox once it exists.
OPERATIONAL_ROLES = frozenset(
    {
        Role.CLAIMS_ADJUSTER,
        Role.INJURY_FOLLOW_UP,
        Role.MEDICAL_REVIEWER,
        Role.MEDIATOR,
        Role.LITIGATION_OFFICER,
        Role.CALCULATOR_APPROVER,
        Role.GREEN_CHANNEL_AGENT,
    }
)
