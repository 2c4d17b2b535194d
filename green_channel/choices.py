"""The vocabulary of green-channel service products (seed 003). An empty value always means "not stated": the
manual says nothing, and the product shows "not stated" rather than a guess. The values that the pure
``green_channel.entitlements`` reads are the same strings as its enums (tests/green_channel/test_entitlements.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

NOT_STATED = _("not stated")


class ServiceKind(models.TextChoices):
    PHONE_DOCTOR = "phone_doctor", _("Phone doctor (电话医生)")
    EXPERT_OUTPATIENT = "expert_outpatient", _("Expert outpatient appointment (专家门诊)")
    ADMISSION = "admission", _("Admission arrangement (住院安排)")
    SURGERY = "surgery", _("Surgery arrangement (手术安排)")
    SECOND_OPINION = "second_opinion", _("Written second opinion (二次诊断)")
    EXAM_EXPEDITING = "exam_expediting", _("Exam expediting (检查加急)")
    ESCORT = "escort", _("Escort (陪诊)")
    RECOVERY_CALLS = "recovery_calls", _("Recovery-care calls (康复管理)")
    TRAVEL_REIMBURSEMENT = "travel_reimbursement", _("Travel reimbursement (路费报销)")
    DEPOSIT_ADVANCE = "deposit_advance", _("Hospital-deposit advance (住院费用垫付)")
    OTHER = "other", _("Other (as the manual names it)")


class Activation(models.TextChoices):
    POLICY_START = "policy_start", _("When the policy takes effect")
    AFTER_COOLING_OFF = "after_cooling_off", _("After the cooling-off period (犹豫期)")


class Term(models.TextChoices):
    ONE_YEAR = "one_year", _("One year from activation, extended by renewal payments")
    POLICY_TERM = "policy_term", _("The policy's term")


class WaitingFrom(models.TextChoices):
    POLICY_START = "policy_start", _("The policy's first day")
    ACTIVATION = "activation", _("The service's activation")


class Waiting(models.TextChoices):
    NONE = "none", _("No waiting period")
    DAYS = "days", _("A number of days")
    SAME_AS_POLICY = "same_as_policy", _("The policy's waiting period (同保险合同)")


class UsesPer(models.TextChoices):
    SERVICE_YEAR = "service_year", _("Per service year")
    POLICY_TERM = "policy_term", _("While the policy is in force")
    UNLIMITED = "unlimited", _("Unlimited")


class IllnessList(models.TextChoices):
    POLICY = "policy", _("The critical illnesses defined by the policy")
    INSURER = "insurer", _("The insurer's critical-illness standard")
    REGULATOR = "regulator", _("The regulator's critical-illness standard (保监会规定)")
    CANCER = "cancer", _("Malignant tumours (恶性肿瘤)")
    PRODUCT_LIST = "product_list", _("The product's own list of illnesses")


class ClockStart(models.TextChoices):
    FIRST_CALL = "first_call", _("The customer's first call")
    COMPLETE_DOCUMENTS = "complete_documents", _("Complete documents")


class StepCode(models.TextChoices):
    REVIEW_RESULT = "review_result", _("Review result or missing-documents notice")
    FEASIBILITY = "feasibility", _("Answer whether the service can be provided")
    BOOKING_STATUS = "booking_status", _("Booking status told to the customer")
    BOOKING_RESULT = "booking_result", _("Booking result")
    OUTPATIENT_ARRANGED = "outpatient_arranged", _("Outpatient visit arranged")
    ADMISSION_ARRANGED = "admission_arranged", _("Admission arranged")
    OPINION_DELIVERED = "opinion_delivered", _("Written second opinion delivered")
    VISIT = "visit", _("Customer visits the hospital")
    WHOLE_ARRANGEMENT = "whole_arrangement", _("Whole arrangement completed")
    CONTACT = "contact", _("Customer contacted and claim documents collected")
    LIABILITY = "liability", _("Liability confirmed")
    DEPOSIT_TOP_UP = "deposit_top_up", _("Deposit topped up at the hospital")
    DISCHARGE_NOTICE = "discharge_notice", _("Customer gives notice of discharge")
    DISCHARGE_SETTLEMENT = "discharge_settlement", _("Discharge settlement and claim file collected")


class CountedFrom(models.TextChoices):
    CLOCK_START = "clock_start", _("The service's clock start")
    PREVIOUS_STEP = "previous_step", _("The previous step")
    EXPERT_CHOSEN = "expert_chosen", _("The customer chose the expert")
    ADMISSION_SLIP = "admission_slip", _("The customer provided the admission slip")
    COMPLETE_RECORDS = "complete_records", _("Complete medical records received")
    DOCUMENTS_RECEIVED = "documents_received", _("Documents received")
    TOP_UP_REQUEST = "top_up_request", _("The customer asked for a top-up")
    DISCHARGE = "discharge", _("The discharge day")
    BEFORE_DISCHARGE = "before_discharge", _("Before the discharge day")


class DurationUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    HOURS = "hours", _("hours")
    CALENDAR_DAYS = "calendar_days", _("calendar days")


class Cancellation(models.TextChoices):
    UNTIL_BEFORE_VISIT = "until_before_visit", _("Cancellable until a notice period before the visit")
    NOT_AFTER_CONFIRMATION = "not_after_confirmation", _("Not cancellable once the customer confirmed")
    NOT_AFTER_START_MESSAGE = "not_after_start_message", _("Not cancellable once the start SMS was sent")
    NOT_AFTER_APPROVAL = "not_after_approval", _("Not cancellable once the review approved it")
    NOT_AFTER_BOOKING = "not_after_booking", _("Not cancellable once booked")
