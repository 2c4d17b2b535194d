"""Green-channel bookings 重疾绿通服务预约 (seed 003): one per service request of an insured person — the request, its
documents, the review, the arrangement (three experts proposed, the customer's choice), the confirmed appointment,
the outcome, the satisfaction call — and the vendor it was handed to. The process is declared in
``green_channel.workflows.booking``; every clock's duration comes from the product's service-level steps.

Vendor staff (``VendorStaff``) belong to a vendor, not to an org unit: they see only the bookings handed to it.
Customer-facing SMS texts are administered templates (``SmsTemplate``), per product where one says it differently.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField
from simple_history.models import HistoricalRecords

from organization.models import OrgUnit

from ..workflows.booking import BookingState, BookingTransitions
from .policies import Policy, ServiceUse
from .products import DocumentRequirement, ProductService, ServiceProduct, Vendor


class VendorStaff(models.Model):
    """A member of a vendor's staff with a login: the role ``green_channel_vendor`` and this link to the vendor."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="vendor_staff", verbose_name=_("user")
    )
    vendor = models.ForeignKey(Vendor, models.PROTECT, related_name="staff", verbose_name=_("vendor"))

    class Meta:
        verbose_name = _("vendor staff member")
        verbose_name_plural = _("vendor staff")

    def __str__(self) -> str:
        return f"{self.vendor} · {self.user}"


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WEB = "web", _("Web")


class BookingQuerySet(models.QuerySet):
    def visible_to(self, user) -> BookingQuerySet:
        """Agents: the bookings of their part of the company. Vendor staff: the bookings handed to their vendor."""
        from ..rules import vendor_of

        vendor_id = vendor_of(user)
        if vendor_id is not None:
            return self.filter(vendor_id=vendor_id)
        from organization.scoping import scope_for

        return scope_for(user).filter(self)


class Booking(BookingTransitions, ConcurrentTransitionMixin, models.Model):
    number = models.CharField(_("booking number"), max_length=20, unique=True, editable=False)
    policy = models.ForeignKey(Policy, models.PROTECT, related_name="bookings", verbose_name=_("policy"))
    service = models.ForeignKey(
        ProductService, models.PROTECT, related_name="bookings", verbose_name=_("service")
    )
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("serving org"))
    state = FSMField(
        _("state"),
        max_length=20,
        choices=BookingState.choices,
        default=BookingState.REQUESTED,
        protected=True,
    )
    channel = models.CharField(_("requested by"), max_length=10, choices=Channel.choices)
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    need = models.TextField(_("what the customer asks for"), max_length=2000)
    city = models.CharField(_("city"), max_length=40, blank=True)
    preferred_hospital = models.CharField(_("preferred hospital"), max_length=100, blank=True)
    department = models.CharField(_("department"), max_length=60, blank=True)
    contact_mobile = models.CharField(_("customer's mobile for SMS"), max_length=11, blank=True)
    vendor = models.ForeignKey(
        Vendor,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("handed to vendor"),
    )
    handed_at = models.DateTimeField(_("handed to the vendor at"), null=True, blank=True)
    # Times the clocks count from (seed 003: "首次来电" / "资料齐全" / "客户确认就诊专家后" …)
    documents_complete_at = models.DateTimeField(_("documents complete at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    expert_chosen_at = models.DateTimeField(_("expert chosen at"), null=True, blank=True)
    decision = models.TextField(_("review decision"), blank=True)
    # The appointment
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    appointment_hospital = models.CharField(_("hospital"), max_length=100, blank=True)
    appointment_department = models.CharField(_("department"), max_length=60, blank=True)
    appointment_expert = models.CharField(_("expert"), max_length=60, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    served_on = models.DateField(_("service delivered on"), null=True, blank=True)
    # The end
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    counted_as_used = models.BooleanField(_("counted as a use"), default=False)
    outcome_reason = models.TextField(_("why it counts or not"), blank=True)
    use = models.OneToOneField(
        ServiceUse,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="booking",
        verbose_name=_("use counted"),
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BookingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["state"], verbose_name=_("green-channel booking (history)"))

    class Meta:
        verbose_name = _("green-channel booking")
        verbose_name_plural = _("green-channel bookings")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["org", "state", "requested_at"], name="gc_booking_board"),
            models.Index(fields=["vendor", "state"], name="gc_booking_vendor"),
            models.Index(fields=["policy", "service", "state"], name="gc_booking_policy"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__range=(1, 5)),
                name="gc_booking_satisfaction_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("green_channel:booking", args=[self.pk])

    @property
    def product(self) -> ServiceProduct:
        return self.service.product

    @property
    def chosen_expert(self):
        return next((p for p in self.proposals.all() if p.chosen), None)

    # --- what the workflow's guards and clocks read ---------------------------------------------------------
    def service_steps(self) -> list:
        cached = self.__dict__.get("_steps")
        if cached is None:
            cached = self.__dict__["_steps"] = list(self.service.steps.order_by("order", "pk"))
        return cached

    def service_step(self, code: str):
        return next((step for step in self.service_steps() if step.code == code), None)

    def documents_missing(self) -> list[str]:
        received = set(self.documents.values_list("requirement_id", flat=True))
        return [doc.name for doc in self.service.documents.all() if doc.pk not in received]

    def entitlement_problems(self) -> list[str]:
        """Why the customer may not use the service today (its entitlement explained), or nothing."""
        from ..selectors import entitlements_for_policy
        from ..terms import Status

        found = entitlements_for_policy(self.policy_id).service(str(self.service_id))
        if found.status in (Status.AVAILABLE, Status.UNDETERMINED):
            return []
        return [str(reason) for reason in found.reasons if reason.code] or [str(found.status)]


class BookingDocument(models.Model):
    """One document of the service's checklist, as received for this booking."""

    booking = models.ForeignKey(Booking, models.CASCADE, related_name="documents", verbose_name=_("booking"))
    requirement = models.ForeignKey(
        DocumentRequirement, models.PROTECT, related_name="+", verbose_name=_("document")
    )
    received_at = models.DateTimeField(_("received at"))
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("document received")
        verbose_name_plural = _("documents received")
        constraints = [
            models.UniqueConstraint(fields=["booking", "requirement"], name="gc_booking_document_once")
        ]

    def __str__(self) -> str:
        return str(self.requirement)


class ExpertProposal(models.Model):
    """One of the (usually three) experts proposed to the customer: "推荐三位专家供客户选择"."""

    booking = models.ForeignKey(Booking, models.CASCADE, related_name="proposals", verbose_name=_("booking"))
    order = models.PositiveSmallIntegerField(_("order"))
    expert = models.CharField(_("expert"), max_length=60)
    title = models.CharField(_("title"), max_length=60, blank=True)
    hospital = models.CharField(_("hospital"), max_length=100)
    department = models.CharField(_("department"), max_length=60)
    available = models.CharField(_("available"), max_length=100, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"))
    chosen = models.BooleanField(_("chosen by the customer"), default=False)

    class Meta:
        verbose_name = _("expert proposed")
        verbose_name_plural = _("experts proposed")
        ordering = ["booking_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "order"], name="gc_proposal_order"),
            models.UniqueConstraint(
                fields=["booking"], condition=Q(chosen=True), name="gc_proposal_one_chosen"
            ),
        ]

    def __str__(self) -> str:
        return " · ".join(part for part in (self.expert, self.title, self.hospital, self.department) if part)


class SmsTemplate(models.Model):
    """A customer-facing SMS text, administered: the default (no product) and a product's own wording. Placeholders
    in %(name)s form: customer, number, service, product, hotline, reason, missing, hospital, department, expert,
    appointment, experts."""

    class Code(models.TextChoices):
        RECEIVED = "received", _("Request received")
        DOCUMENTS = "documents", _("Documents to send")
        MISSING = "missing", _("Missing documents")
        ACCEPTED = "accepted", _("Accepted: the service starts")
        DECLINED = "declined", _("Not eligible")
        EXPERTS = "experts", _("Experts proposed")
        CONFIRMED = "confirmed", _("Appointment confirmed")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.CharField(_("message"), max_length=20, choices=Code.choices)
    product = models.ForeignKey(
        ServiceProduct,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="sms_templates",
        verbose_name=_("service product (empty: every product)"),
    )
    text = models.TextField(_("text"), max_length=500)

    history = HistoricalRecords(verbose_name=_("SMS template (history)"))

    class Meta:
        verbose_name = _("customer SMS template")
        verbose_name_plural = _("customer SMS templates")
        ordering = ["code", "product_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(product__isnull=True), name="gc_sms_one_default"
            ),
            models.UniqueConstraint(fields=["code", "product"], name="gc_sms_one_per_product"),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} · {self.product or _('every product')}"
