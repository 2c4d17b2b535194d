from .bookings import Booking, BookingDocument, Channel, ExpertProposal, SmsTemplate, VendorStaff
from .deposit import DepositAdvance, DepositPayment, DepositSettlement
from .network import MatchStatus, NetworkEntry, NetworkListVersion
from .policies import Diagnosis, InsuredPerson, Policy, RenewalPayment, ServiceUse
from .products import DocumentRequirement, Insurer, ProductService, ServiceProduct, ServiceStep, Vendor

__all__ = [
    "Booking",
    "BookingDocument",
    "Channel",
    "DepositAdvance",
    "DepositPayment",
    "DepositSettlement",
    "Diagnosis",
    "DocumentRequirement",
    "ExpertProposal",
    "InsuredPerson",
    "Insurer",
    "MatchStatus",
    "NetworkEntry",
    "NetworkListVersion",
    "Policy",
    "ProductService",
    "RenewalPayment",
    "ServiceProduct",
    "ServiceStep",
    "ServiceUse",
    "SmsTemplate",
    "Vendor",
    "VendorStaff",
]
