from .network import MatchStatus, NetworkEntry, NetworkListVersion
from .policies import Diagnosis, InsuredPerson, Policy, RenewalPayment, ServiceUse
from .products import DocumentRequirement, Insurer, ProductService, ServiceProduct, ServiceStep, Vendor

__all__ = [
    "Diagnosis",
    "DocumentRequirement",
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
    "Vendor",
]
