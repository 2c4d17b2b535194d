from .deposit import DepositAdvance, DepositPayment, DepositSettlement
from .policies import Diagnosis, InsuredPerson, Policy, RenewalPayment, ServiceUse
from .products import DocumentRequirement, Insurer, ProductService, ServiceProduct, ServiceStep, Vendor

__all__ = [
    "DepositAdvance",
    "DepositPayment",
    "DepositSettlement",
    "Diagnosis",
    "DocumentRequirement",
    "InsuredPerson",
    "Insurer",
    "Policy",
    "ProductService",
    "RenewalPayment",
    "ServiceProduct",
    "ServiceStep",
    "ServiceUse",
    "Vendor",
]
