"""Choices shared by the models, forms and workflows of the injury-claims app (no model imports)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportChannel(models.TextChoices):
    DISPATCH_95518 = "95518", _("95518 dispatch")
    PHONE = "phone", _("Phone")
    APP = "app", _("App")
    WECHAT = "wechat", _("WeChat")
    COUNTER = "counter", _("Counter")


class Liability(models.TextChoices):
    """事故责任认定: the share each finding carries is data (LiabilityRatio), never a constant here."""

    FULL = "full", _("Full liability (全责)")
    MAIN = "main", _("Main liability (主责)")
    EQUAL = "equal", _("Equal liability (同责)")
    MINOR = "minor", _("Minor liability (次责)")
    NONE = "none", _("No liability (无责)")


class PersonRole(models.TextChoices):
    THIRD_PARTY_OUTSIDE = "third_outside", _("Third party outside a vehicle")
    THIRD_PARTY_VEHICLE = "third_vehicle", _("Third party in another vehicle")
    PASSENGER = "passenger", _("Passenger of the insured vehicle")
    DRIVER = "driver", _("Driver of the insured vehicle")


class Residence(models.TextChoices):
    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class InvestigationReason(models.TextChoices):
    """Seed 001 p8: "对社会影响大、涉及死亡伤残、涉嫌除外责任或其它有调查必要的案件进行人伤调查"."""

    SOCIAL_IMPACT = "social_impact", _("Large social impact")
    DEATH_OR_DISABILITY = "death_disability", _("Death or disability")
    SUSPECTED_EXCLUSION = "exclusion", _("Suspected exclusion")
    OTHER = "other", _("Other need to investigate")


class InvestigationSection(models.TextChoices):
    """Seed 001 p8: the six contents of an investigation, in the seed's order."""

    ACCIDENT = "accident", _("Accident")
    INJURED = "injured", _("Injured person")
    DECEASED = "deceased", _("Deceased")
    TREATMENT = "treatment", _("Injury and treatment")
    DEPENDANTS = "dependants", _("Dependants")
    HANDLING = "handling", _("Accident handling")


class ReviewKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Follow-up review")
    COST = "cost", _("Cost review")
    MEDIATION_PLAN = "mediation_plan", _("Mediation-plan review")
    SETTLEMENT = "settlement", _("Settlement approval (核赔)")


class PayeeKind(models.TextChoices):
    INJURED = "injured", _("The injured person (or their heirs)")
    INSURED = "insured", _("The insured, who advanced the money")
    HOSPITAL = "hospital", _("The hospital")


class InsuranceCategory(models.TextChoices):
    """医保 category of a bill line (the drug list suggests it)."""

    A = "A", _("Category A (甲类)")
    B = "B", _("Category B (乙类)")
    C = "C", _("Category C (丙类)")
    SELF_PAID = "self", _("Self-paid (自费)")
    UNKNOWN = "", _("Not classified")


class BillKind(models.TextChoices):
    OUTPATIENT = "outpatient", _("Outpatient")
    INPATIENT = "inpatient", _("Inpatient")
    PHARMACY = "pharmacy", _("Pharmacy")
    OTHER = "other", _("Other")


class ContactMode(models.TextChoices):
    PHONE = "phone", _("By phone")
    IN_PERSON = "in_person", _("In person")


class AgreedKind(models.TextChoices):
    """What fixed a person's items for the settlement (injury_claims.agreed)."""

    FAST_TRACK = "fast_track", _("Fast-track agreement")
    MEDIATION = "mediation", _("One-off settlement agreement (mediation)")
    JUDGMENT = "judgment", _("Court judgment or court mediation")
