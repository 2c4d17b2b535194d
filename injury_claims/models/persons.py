"""Injured persons (伤亡人员): several per claim, each with their own follow-up process (seed 001 p25)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField

from organization.models import OrgUnit, Province
from organization.pii import EncryptedTextField

from ..choices import InvestigationSection, PersonRole, Residence, ReviewKind, Sex
from ..workflows import PersonState, PersonTransitions, ReviewState
from .claims import MONEY, Claim, InjuryCategory


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user) -> PersonQuerySet:
        from organization.scoping import scope_for

        from ..rules import can_view_claims

        if not can_view_claims(user):
            return self.none()
        return scope_for(user).filter(self)


class InjuredPerson(PersonTransitions, ConcurrentTransitionMixin, models.Model):
    State = PersonState

    claim = models.ForeignKey(Claim, models.CASCADE, related_name="persons", verbose_name=_("claim"))
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("handling org"))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="injured_persons",
        verbose_name=_("follow-up handler"),
    )
    state = FSMField(
        _("state"),
        max_length=20,
        choices=PersonState.choices,
        default=PersonState.FIRST_FOLLOW_UP,
        protected=True,
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    # Personal information: encrypted, found by a keyed hash, shown masked (organization.pii).
    id_number = EncryptedTextField(_("ID number"), blank=True, blind_index_field="id_hash")
    id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    id_masked = models.CharField(_("ID number"), max_length=18, blank=True, editable=False)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    mobile = EncryptedTextField(_("mobile"), blank=True, blind_index_field="mobile_hash")
    mobile_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    mobile_masked = models.CharField(_("mobile"), max_length=11, blank=True, editable=False)
    consents_to_messages = models.BooleanField(_("agrees to SMS progress messages"), default=False)
    role = models.CharField(_("role in the accident"), max_length=15, choices=PersonRole.choices)
    domicile_province = models.CharField(
        _("domicile province"), max_length=2, choices=Province.choices, blank=True
    )
    residence = models.CharField(_("urban or rural"), max_length=5, choices=Residence.choices, blank=True)
    occupation = models.CharField(_("occupation"), max_length=60, blank=True)
    industry = models.CharField(_("industry"), max_length=60, blank=True)
    category = models.ForeignKey(
        InjuryCategory, models.PROTECT, related_name="+", verbose_name=_("injury category")
    )
    hospital = models.ForeignKey(
        "hospitals.Hospital",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="injured_persons",
        verbose_name=_("treating hospital"),
    )
    hospital_name = models.CharField(_("treating hospital (not in the registry)"), max_length=100, blank=True)
    inpatient = models.BooleanField(_("admitted as inpatient"), default=False)
    diagnoses = models.TextField(_("diagnoses"), blank=True)
    body_parts = models.CharField(_("injured body parts"), max_length=200, blank=True)
    disability_grade = models.PositiveSmallIntegerField(_("disability grade (1–10)"), null=True, blank=True)
    estimate = models.DecimalField(
        _("current loss estimate"), default=0, validators=[MinValueValidator(0)], **MONEY
    )
    added_later = models.BooleanField(_("added to the claim later (追加人伤)"), default=False)
    next_follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("injured person")
        verbose_name_plural = _("injured persons")
        ordering = ["claim_id", "pk"]
        indexes = [
            models.Index(fields=["org", "state"], name="person_org_state"),
            models.Index(fields=["handler", "state"], name="person_handler_state"),
            models.Index(fields=["category", "state"], name="person_category_state"),
            models.Index(fields=["estimate"], name="person_estimate"),
            models.Index(fields=["next_follow_up_on"], name="person_next_follow_up"),
            # The search's filters counted from an index alone, the org second for a branch's scope; the form's
            # list of handlers as a semi-join (bench/README.md, "injury pages").
            models.Index(fields=["handler", "org"], name="person_handler_org"),
            models.Index(fields=["category", "org"], name="person_category_org"),
            models.Index(fields=["estimate", "org"], name="person_estimate_org"),
            models.Index(
                fields=["disability_grade", "org"],
                condition=Q(disability_grade__isnull=False),
                name="person_disability",
            ),
            models.Index(
                fields=["next_follow_up_on", "org"],
                condition=~Q(state__in=["costs_approved", "closed"]),
                name="person_open_follow_up",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(estimate__gte=0), name="person_estimate_not_negative"),
            models.CheckConstraint(
                condition=Q(disability_grade__isnull=True) | Q(disability_grade__range=(1, 10)),
                name="person_disability_grade_1_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.claim.report_no})"

    def get_absolute_url(self) -> str:
        return reverse("injury_claims:person", args=[self.pk])

    @property
    def hospital_label(self) -> str:
        return str(self.hospital) if self.hospital_id else self.hospital_name

    # --- what the guards ask ----------------------------------------------------------------------------------
    def has_follow_up(self, kind: str) -> bool:
        return self.follow_ups.filter(kind=kind).exists()

    def open_investigation(self):
        return self.investigations.filter(closed_at__isnull=True).first()

    def has_pending_follow_up_review(self) -> bool:
        return self.reviews.filter(kind=ReviewKind.FOLLOW_UP, state=ReviewState.PENDING).exists()

    def open_bills(self):
        """Bills not yet reviewed, or returned by their review (resubmitted with the next one)."""
        return self.bills.filter(Q(review__isnull=True) | Q(review__state=ReviewState.RETURNED))

    def bill_problems(self) -> list[str]:
        from django.utils.translation import gettext

        bills = list(self.open_bills().prefetch_related("lines"))
        if not bills:
            return [gettext("Record the bills first: cost review reviews them.")]
        problems = []
        for bill in bills:
            if not bill.lines.all():
                problems.append(gettext("Bill %(no)s has no lines.") % {"no": bill.number})
        return problems


class EstimateRevision(models.Model):
    """The loss estimate (估损) as it changed, with who, when and why."""

    person = models.ForeignKey(
        InjuredPerson, models.CASCADE, related_name="estimates", verbose_name=_("person")
    )
    previous = models.DecimalField(_("before"), **MONEY)
    amount = models.DecimalField(_("after"), validators=[MinValueValidator(0)], **MONEY)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("estimate change")
        verbose_name_plural = _("estimate changes")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.previous} → {self.amount}"


class PersonalDataAccess(models.Model):
    """Who saw a personal value in clear, when and why (个人信息保护法)."""

    person = models.ForeignKey(
        InjuredPerson, models.CASCADE, related_name="accesses", verbose_name=_("person")
    )
    field = models.CharField(_("value"), max_length=20)
    reason = models.CharField(_("reason"), max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.field} {self.by}"


class Investigation(models.Model):
    """人伤调查: opened at any step for the seed's reasons; its six sections, each with findings (seed 001 p8)."""

    person = models.ForeignKey(
        InjuredPerson, models.CASCADE, related_name="investigations", verbose_name=_("person")
    )
    reasons = models.JSONField(_("reasons"), default=list)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"{self.person} {self.opened_at:%Y-%m-%d}"

    def sections_missing(self) -> list[str]:
        done = {f.section for f in self.findings.all()}
        return [str(label) for value, label in InvestigationSection.choices if value not in done]


class InvestigationFinding(models.Model):
    class Status(models.TextChoices):
        DONE = "done", _("Investigated")
        NOT_APPLICABLE = "n_a", _("Not applicable")

    investigation = models.ForeignKey(Investigation, models.CASCADE, related_name="findings")
    section = models.CharField(_("section"), max_length=15, choices=InvestigationSection.choices)
    status = models.CharField(_("status"), max_length=5, choices=Status.choices, default=Status.DONE)
    findings = models.TextField(_("findings"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("investigation finding")
        verbose_name_plural = _("investigation findings")
        constraints = [
            models.UniqueConstraint(fields=["investigation", "section"], name="finding_one_per_section")
        ]

    def __str__(self) -> str:
        return self.get_section_display()
