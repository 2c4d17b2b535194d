"""The hospital registry 医院库: every hospital a branch knows of, cooperating or not (seed 000, 信息收集)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organization.models import OrgUnit, Province
from organization.scoping import scope_for

from ..eligibility import Condition7, condition_7, licence_in_force

# A landline with its area code (extension allowed), a mobile, or a 400 service number. Never 120 and friends.
EMERGENCY_PHONE = RegexValidator(
    r"^(0\d{2,3}-?\d{7,8}(-\d{1,6})?|1[3-9]\d{9}|400-?\d{3}-?\d{4})$",
    _("Enter a direct line with its area code (e.g. 0431-88782222) or a mobile number."),
)
PUBLIC_EMERGENCY_NUMBERS = {"120", "110", "119", "122", "999"}


def validate_emergency_phone(value: str) -> None:
    if value.replace("-", "").strip() in PUBLIC_EMERGENCY_NUMBERS:
        raise ValidationError(
            _("The hospital's own emergency direct line is required, not the public emergency number %(n)s.")
            % {"n": value}
        )
    EMERGENCY_PHONE(value)


class BranchScopedQuerySet(models.QuerySet):
    """Records that belong to one branch (secondary org) through their ``org``."""

    def visible_to(self, user) -> BranchScopedQuerySet:
        """The branch's shared records in the person's scope (organization.scoping ``shares``): HQ every branch's,
        branch and sub-branch staff their branch's. Whether they may see the network at all is a role question
        (hospitals.rules)."""
        return scope_for(user).filter(self, "org", shared=True)


class Hospital(models.Model):
    class Nature(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private")

    class Grade(models.TextChoices):
        G3A = "3a", _("Grade 3A (三级甲等)")
        G3B = "3b", _("Grade 3B (三级乙等)")
        G3C = "3c", _("Grade 3C (三级丙等)")
        G2A = "2a", _("Grade 2A (二级甲等)")
        G2B = "2b", _("Grade 2B (二级乙等)")
        G2C = "2c", _("Grade 2C (二级丙等)")
        G1 = "1", _("Grade 1 (一级)")
        UNRATED = "unrated", _("Unrated (未定级)")

    class Kind(models.TextChoices):
        GENERAL = "general", _("General hospital")
        TRAUMA = "trauma", _("Trauma specialty hospital")
        SPECIALTY = "specialty", _("Other specialty hospital")

    org = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="hospitals",
        limit_choices_to={"level": OrgUnit.Level.SECONDARY},
        verbose_name=_("maintained by"),
    )
    name = models.CharField(_("full name"), max_length=100)
    aliases = models.TextField(_("other names"), blank=True, help_text=_("One per line."))
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    city = models.CharField(_("city"), max_length=50)
    district = models.CharField(_("district or county"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200)
    nature = models.CharField(_("nature"), max_length=10, choices=Nature.choices)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.GENERAL)
    beds = models.PositiveIntegerField(
        _("beds"), null=True, blank=True, validators=[MaxValueValidator(20000)]
    )
    specialties = models.TextField(_("key specialties"), blank=True)
    licence_number = models.CharField(_("practising licence number"), max_length=60, blank=True)
    licence_valid_until = models.DateField(_("licence valid until"), null=True, blank=True)
    emergency_phone = models.CharField(
        _("emergency direct line"), max_length=30, blank=True, validators=[validate_emergency_phone]
    )
    emergency_contact = models.CharField(
        _("emergency contact person or department"), max_length=60, blank=True
    )
    itemised_billing = models.BooleanField(_("computerised itemised billing"), default=False)
    road_accident_patients = models.PositiveIntegerField(
        _("road-accident patients a year"), null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BranchScopedQuerySet.as_manager()

    history = HistoricalRecords(
        excluded_fields=["created_at", "updated_at"], verbose_name=_("hospital (history)")
    )

    class Meta:
        verbose_name = _("hospital")
        verbose_name_plural = _("hospitals")
        ordering = ["city", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "city"], name="hospital_unique_name_city")]
        indexes = [
            models.Index(fields=["org", "city"], name="hospital_org_city"),
            models.Index(fields=["grade"], name="hospital_grade"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("hospitals:detail", args=[self.pk])

    def condition_7(self) -> Condition7:
        """Condition 7 of seed 000 for this hospital (hospitals.eligibility): meets, needs HQ's special approval,
        or fails — with the reasons."""
        return condition_7(nature=self.nature, kind=self.kind, grade=self.grade)

    def licence_in_force(self, on) -> bool:
        return licence_in_force(self.licence_valid_until, on)
