"""Network activity records that annual scoring reads (seed 000, 考核): trainings with exams, medical advisors,
emergency dispatches on 95512, Hong Kong project cases."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organization.models import OrgUnit

from .registry import Hospital


class Training(models.Model):
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("branch"))
    hospital = models.ForeignKey(
        Hospital, models.PROTECT, related_name="trainings", verbose_name=_("hospital")
    )
    on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    closed_book_exam = models.BooleanField(_("closed-book exam"), default=False)
    attendees = models.PositiveIntegerField(_("attendees"), validators=[MinValueValidator(1)])
    pass_rate = models.DecimalField(
        _("pass rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-on"]

    def __str__(self) -> str:
        return f"{self.on} {self.topic}"


class MedicalAdvisor(models.Model):
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("branch"))
    hospital = models.ForeignKey(
        Hospital, models.PROTECT, related_name="advisors", verbose_name=_("hospital")
    )
    doctor = models.CharField(_("doctor"), max_length=50)
    specialty = models.CharField(_("specialty"), max_length=50)
    term_start = models.DateField(_("term from"))
    term_end = models.DateField(_("term until"))
    annual_fee = models.DecimalField(
        _("annual fee (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("medical advisor")
        verbose_name_plural = _("medical advisors")
        ordering = ["hospital", "doctor"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")), name="advisor_term_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.doctor} ({self.hospital})"


class EmergencyDispatch(models.Model):
    class CustomerType(models.TextChoices):
        INSURED = "insured", _("Our customer")
        THIRD_PARTY = "third_party", _("Injured third party")
        HK = "hk", _("Hong Kong customer")

    class Outcome(models.TextChoices):
        ADMITTED = "admitted", _("Admitted")
        TREATED = "treated", _("Treated and released")
        TRANSFERRED = "transferred", _("Transferred")
        DECLINED = "declined", _("Hospital could not respond")

    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("branch"))
    hospital = models.ForeignKey(
        Hospital, models.PROTECT, related_name="dispatches", verbose_name=_("hospital")
    )
    at = models.DateTimeField(_("dispatched at"))
    customer_type = models.CharField(_("customer"), max_length=20, choices=CustomerType.choices)
    response_minutes = models.PositiveIntegerField(
        _("hospital response (minutes)"), validators=[MaxValueValidator(1440)]
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)

    class Meta:
        verbose_name = _("emergency dispatch")
        verbose_name_plural = _("emergency dispatches")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.hospital}"


class HkCase(models.Model):
    """A case of the Hong Kong cooperation project: on time for survey, report and call-back, and complaints."""

    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("branch"))
    hospital = models.ForeignKey(
        Hospital, models.PROTECT, related_name="hk_cases", verbose_name=_("hospital")
    )
    opened_on = models.DateField(_("opened on"))
    reference = models.CharField(_("case reference"), max_length=40)
    survey_on_time = models.BooleanField(_("survey on time"), default=True)
    report_on_time = models.BooleanField(_("report on time"), default=True)
    callback_on_time = models.BooleanField(_("call-back on time"), default=True)
    complaint = models.BooleanField(_("customer complained"), default=False)
    complaint_verified = models.BooleanField(_("complaint verified"), default=False)

    class Meta:
        verbose_name = _("HK-project case")
        verbose_name_plural = _("HK-project cases")
        ordering = ["-opened_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(complaint=True) | Q(complaint_verified=False), name="hk_verified_needs_complaint"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def on_time(self) -> bool:
        return self.survey_on_time and self.report_on_time and self.callback_on_time
