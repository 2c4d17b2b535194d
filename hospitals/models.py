"""Cooperating hospitals 协作医院 (DOMAIN.md §2, seed 000): the registry, the cooperation pipeline with its
agreements, maintenance, and the network activity records annual scoring uses."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from organization.models import OrgUnit, Province

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


# --- registry -----------------------------------------------------------------------------------------------
class BranchScopedQuerySet(models.QuerySet):
    """Records that belong to one branch (secondary org) through their `org`."""

    def visible_to(self, user) -> BranchScopedQuerySet:
        """HQ sees every branch's records; a branch and its sub-branches see the branch's own."""
        org = getattr(user, "org", None)
        if not getattr(user, "is_authenticated", False) or org is None or not user.is_active:
            return self.none()
        if org.level == OrgUnit.Level.HQ:
            return self.all()
        return self.filter(org_id=org.secondary.pk)


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

    # Higher is better; the standard requires 二级甲等 or above.
    GRADE_RANK = {"3a": 8, "3b": 7, "3c": 6, "2a": 5, "2b": 4, "2c": 3, "1": 2, "unrated": 1}

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

    @property
    def needs_special_approval(self) -> bool:
        """Below 二级甲等, private, or a trauma specialty hospital: HQ must approve it explicitly."""
        return (
            self.GRADE_RANK.get(self.grade, 0) < self.GRADE_RANK["2a"]
            or self.nature == self.Nature.PRIVATE
            or self.kind == self.Kind.TRAUMA
        )

    @property
    def special_approval_reasons(self) -> list[str]:
        reasons = []
        if self.GRADE_RANK.get(self.grade, 0) < self.GRADE_RANK["2a"]:
            reasons.append(str(_("below grade 2A")))
        if self.nature == self.Nature.PRIVATE:
            reasons.append(str(_("private")))
        if self.kind == self.Kind.TRAUMA:
            reasons.append(str(_("trauma specialty hospital")))
        return reasons


# --- cooperation pipeline -----------------------------------------------------------------------------------
WORK = "hospitals.work_cooperation"  # branch claims staff of the cooperation's branch
DECIDE = "hospitals.decide_cooperation"  # HQ network approvers


class Cooperation(ConcurrentTransitionMixin, models.Model):
    """One hospital's cooperation with one branch, from information collection to renewal or termination."""

    class State(models.TextChoices):
        COLLECTED = "collected", _("Information collected")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        CONTACTED = "contacted", _("Contacted")
        NEGOTIATING = "negotiating", _("Negotiating")
        SUBMITTED = "submitted", _("Submitted to HQ")
        RETURNED = "returned", _("Returned for changes")
        REJECTED = "rejected", _("Rejected")
        APPROVED = "approved", _("Approved by HQ")
        SIGNED = "signed", _("Agreement signed")
        ACTIVE = "active", _("Active")
        RECTIFICATION = "rectification", _("Rectification requested")
        RENEWAL_DUE = "renewal_due", _("Renewal due")
        TERMINATED = "terminated", _("Terminated")

    START = State.COLLECTED
    FINAL = frozenset({State.REJECTED, State.TERMINATED})
    # The network: hospitals that count for coverage.
    IN_NETWORK = (State.ACTIVE, State.RECTIFICATION, State.RENEWAL_DUE)

    class Method(models.TextChoices):
        DIRECT = "direct", _("Signed directly by the branch (preferred)")
        PC_LIFE = "pc_life", _("Signed jointly by the P&C and life companies")
        MULTI_INSURER = "multi_insurer", _("Several insurers sign one agreement")
        WITH_AUTHORITIES = "with_authorities", _("Insurers, hospitals, regulators and traffic police jointly")

    hospital = models.ForeignKey(
        Hospital, models.PROTECT, related_name="cooperations", verbose_name=_("hospital")
    )
    org = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="cooperations",
        limit_choices_to={"level": OrgUnit.Level.SECONDARY},
        verbose_name=_("branch"),
    )
    state = FSMField(
        _("state"), max_length=20, choices=State.choices, default=State.COLLECTED, protected=True
    )
    method = models.CharField(_("establishment method"), max_length=20, choices=Method.choices, blank=True)
    special_approval_granted = models.BooleanField(_("HQ special approval granted"), default=False)
    branch_liaison = models.CharField(_("our liaison"), max_length=50, blank=True)
    branch_liaison_phone = models.CharField(_("our liaison's phone"), max_length=30, blank=True)
    hospital_liaison = models.CharField(_("hospital liaison"), max_length=50, blank=True)
    hospital_liaison_phone = models.CharField(_("hospital liaison's phone"), max_length=30, blank=True)
    plaque_hung = models.BooleanField(_("plaque hung at the gate"), default=False)
    submitted_at = models.DateTimeField(_("submitted to HQ"), null=True, blank=True)
    decided_at = models.DateTimeField(_("HQ decision"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("HQ's reasons"), blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BranchScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["hospital", "org"], name="cooperation_one_per_branch")]
        indexes = [models.Index(fields=["org", "state"], name="cooperation_org_state")]

    def __str__(self) -> str:
        return f"{self.hospital} · {self.org}"

    def get_absolute_url(self) -> str:
        return reverse("hospitals:detail", args=[self.hospital_id])

    # Each transition names its permission; hospitals.rules answers it. The body only records what the
    # transition itself decides; checks and side effects live in hospitals.services.
    @transition(field=state, source=State.COLLECTED, target=State.SHORTLISTED, permission=WORK)
    def shortlist(self, by=None):
        pass

    @transition(field=state, source=State.SHORTLISTED, target=State.CONTACTED, permission=WORK)
    def contact(self, by=None):
        pass

    @transition(
        field=state, source=[State.CONTACTED, State.RETURNED], target=State.NEGOTIATING, permission=WORK
    )
    def negotiate(self, by=None):
        pass

    @transition(field=state, source=State.NEGOTIATING, target=State.SUBMITTED, permission=WORK)
    def submit(self, by=None):
        from django.utils import timezone

        self.submitted_at = timezone.now()

    @transition(field=state, source=State.SUBMITTED, target=State.RETURNED, permission=DECIDE)
    def return_for_changes(self, by=None, reasons: str = ""):
        self._decide(by, reasons)

    @transition(field=state, source=State.SUBMITTED, target=State.REJECTED, permission=DECIDE)
    def reject(self, by=None, reasons: str = ""):
        self._decide(by, reasons)

    @transition(field=state, source=State.SUBMITTED, target=State.APPROVED, permission=DECIDE)
    def approve(self, by=None, reasons: str = "", special_approval: bool = False):
        self._decide(by, reasons)
        self.special_approval_granted = special_approval

    @transition(field=state, source=State.APPROVED, target=State.SIGNED, permission=WORK)
    def sign(self, by=None):
        pass

    @transition(field=state, source=State.SIGNED, target=State.ACTIVE, permission=WORK)
    def activate(self, by=None):
        pass

    @transition(field=state, source=State.ACTIVE, target=State.RECTIFICATION, permission=WORK)
    def request_rectification(self, by=None):
        pass

    @transition(field=state, source=State.RECTIFICATION, target=State.ACTIVE, permission=WORK)
    def close_rectification(self, by=None):
        pass

    @transition(
        field=state, source=[State.ACTIVE, State.RECTIFICATION], target=State.RENEWAL_DUE, permission=WORK
    )
    def mark_renewal_due(self, by=None):
        pass

    @transition(field=state, source=State.RENEWAL_DUE, target=State.ACTIVE, permission=WORK)
    def renew(self, by=None):
        pass

    @transition(
        field=state,
        source=[State.ACTIVE, State.RECTIFICATION, State.RENEWAL_DUE],
        target=State.TERMINATED,
        permission=WORK,
    )
    def terminate(self, by=None, reason: str = ""):
        self.termination_reason = reason

    def _decide(self, by, reasons: str) -> None:
        from django.utils import timezone

        self.decided_at, self.decided_by, self.decision_note = timezone.now(), by, reasons

    @property
    def in_network(self) -> bool:
        return self.state in self.IN_NETWORK


class Condition(models.IntegerChoices):
    """The eight conditions a cooperating hospital must meet (seed 000, 应具备的条件)."""

    LICENCE = 1, _("Valid practising licence")
    PATIENT_FIRST = 2, _("Patient-first management")
    LEADING = 3, _("Leading local technical level and reputation")
    CLINICAL_NORMS = 4, _("Follows clinical norms; accurate first diagnosis; rational drugs and tests")
    PRICES = 5, _("Fees follow local price rules")
    ITEMISED_BILLS = 6, _("Computerised orders and billing; prints electronic itemised bills")
    GRADE = 7, _("Grade 2A or above, general, public (otherwise HQ special approval)")
    PUBLICITY = 8, _("Allows the insurer to publicise the cooperation")


class EligibilityCheck(models.Model):
    cooperation = models.ForeignKey(Cooperation, models.CASCADE, related_name="checks")
    condition = models.PositiveSmallIntegerField(_("condition"), choices=Condition.choices)
    met = models.BooleanField(_("met"), default=False)
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("eligibility check")
        verbose_name_plural = _("eligibility checklist")
        ordering = ["condition"]
        constraints = [models.UniqueConstraint(fields=["cooperation", "condition"], name="eligibility_once")]

    def __str__(self) -> str:
        return f"{self.get_condition_display()}: {'✓' if self.met else '✗'}"


# --- agreements ---------------------------------------------------------------------------------------------
class Function(models.TextChoices):
    """What a cooperating hospital provides (seed 000); each agreement records the functions it covers."""

    EMERGENCY = "emergency", _("Emergency rescue dispatched by the hotline; simplified admission")
    TREATMENT = "treatment", _("Diagnosis and treatment, treatment plans supervised")
    APPRAISAL = "appraisal", _("Medical appraisal at the end of treatment")
    SURVEY = "survey", _("Medical surveys and inpatient management; records access")
    CONSULTATION = "consultation", _("Professional consultation")
    GUARANTEE = "guarantee", _("Medical-fee guarantee and prepayment")
    VALUE_ADDED = "value_added", _("Paid value-added services: training base, medical advisors")
    HK_PROJECT = "hk_project", _("Hong Kong cooperation project")


class Agreement(models.Model):
    """One version of a cooperation's agreement. Renewal creates the next version."""

    cooperation = models.ForeignKey(Cooperation, models.CASCADE, related_name="agreements")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    functions = models.JSONField(_("functions covered"), default=list)
    term_start = models.DateField(_("term from"))
    term_end = models.DateField(_("term until"))
    insurer_signatory = models.CharField(_("our signatory"), max_length=50)
    hospital_signatory = models.CharField(_("hospital signatory"), max_length=50)
    deviation = models.TextField(
        _("deviation from the standard text"),
        blank=True,
        help_text=_("Leave empty when the standard text is used."),
    )
    legal_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("branch legal review"),
    )
    hq_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("HQ review"),
    )
    document = models.ForeignKey(
        "documents.IssuedDocument",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("printed agreement"),
    )
    signed_scan = models.FileField(_("signed scan"), upload_to="agreements/%Y/", blank=True, max_length=200)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    filed_with_hq_on = models.DateField(_("filed with HQ on"), null=True, blank=True)
    guarantee_enabled = models.BooleanField(_("guarantee and prepayment enabled"), default=False)
    guarantee_hq_approved = models.BooleanField(_("guarantee approved by HQ"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["cooperation", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["cooperation", "version"], name="agreement_version_once"),
            models.CheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")), name="agreement_term_order"
            ),
            models.CheckConstraint(
                condition=Q(guarantee_enabled=False) | Q(guarantee_hq_approved=True),
                name="agreement_guarantee_needs_hq",
            ),
        ]
        indexes = [models.Index(fields=["term_end"], name="agreement_term_end")]

    def __str__(self) -> str:
        return f"{self.cooperation} v{self.version}"

    @property
    def org_id(self) -> int:
        """The branch, so that events recorded against an agreement are scoped like its cooperation."""
        return self.cooperation.org_id

    @property
    def has_deviation(self) -> bool:
        return bool(self.deviation.strip())

    @property
    def reviews_complete(self) -> bool:
        return not self.has_deviation or (
            self.legal_reviewed_by_id is not None and self.hq_reviewed_by_id is not None
        )

    def function_labels(self) -> list[str]:
        return [str(Function(code).label) for code in self.functions if code in Function.values]

    def days_to_expiry(self, today: datetime.date) -> int:
        return (self.term_end - today).days


# --- maintenance ----------------------------------------------------------------------------------------------
class MaintenanceLog(models.Model):
    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        CALL = "call", _("Call")
        EVENT = "event", _("Event")
        HOLIDAY_VISIT = "holiday_visit", _("Holiday visit")

    cooperation = models.ForeignKey(Cooperation, models.CASCADE, related_name="maintenance")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("maintenance record")
        verbose_name_plural = _("maintenance log")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class Rectification(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        RECTIFIED = "rectified", _("Rectified")
        FAILED = "failed", _("Not rectified")

    cooperation = models.ForeignKey(Cooperation, models.CASCADE, related_name="rectifications")
    issues = models.TextField(_("what must be rectified"))
    requested_on = models.DateField(_("requested on"))
    deadline = models.DateField(_("rectify by"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("rectification request")
        verbose_name_plural = _("rectification requests")
        ordering = ["-requested_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("requested_on")), name="rectification_deadline_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requested_on}: {self.issues[:30]}"


# --- network activity records (for annual scoring) ------------------------------------------------------------
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


class HospitalImport(models.Model):
    """A registry import running in the worker: its progress and, when rows are bad, every row's errors."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Nothing imported")

    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("branch"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    file = models.FileField(upload_to="imports/%Y/", max_length=200)
    original_name = models.CharField(max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hospital import")
        verbose_name_plural = _("hospital imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class CoverageStandardQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date) -> CoverageStandard | None:
        return self.filter(effective_from__lte=on).order_by("-effective_from").first()


class CoverageStandard(models.Model):
    """How many cooperating hospitals each place needs (seed 000, 设立数量), as data with an effective date."""

    effective_from = models.DateField(_("effective from"), unique=True)
    home_city_minimum = models.PositiveSmallIntegerField(
        _("minimum in the home or centralised-claims city"), default=4
    )
    premium_threshold = models.DecimalField(
        _("sub-branch premium threshold (yuan)"), max_digits=14, decimal_places=2, default=15_000_000
    )
    minimum_at_or_above = models.PositiveSmallIntegerField(
        _("minimum per sub-branch at or above the threshold"), default=2
    )
    minimum_below = models.PositiveSmallIntegerField(
        _("minimum per sub-branch below the threshold"), default=1
    )
    minimum_per_metro_city = models.PositiveSmallIntegerField(
        _("minimum per city or district with a sub-branch (metropolitan type)"), default=1
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = CoverageStandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("coverage standard")
        verbose_name_plural = _("coverage standards")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from:%Y-%m-%d}"
