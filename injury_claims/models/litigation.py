"""A litigation matter on an injured person (人伤涉诉, seed 001 p22–23).

* :class:`Litigation` — one per injured person: the court and case number, the plaintiff, the litigation officer,
  the response plan (应诉方案), the appeal decision and the document that took effect. Its process is declared in
  ``injury_claims.workflows.litigation``.
* :class:`LitigationItem` — the plaintiff's claims by compensation item, with the amount the insurer reserves.
* :class:`LitigationOpinion` — medical review's opinions (诉讼审核) on coverage, liability, disability grade,
  items, standards and amounts, given at a stage of the matter.
* :class:`Hearing` — a court date with its reminder to the officer.
* :class:`Judgment` / :class:`JudgmentItem` — a court's judgment or mediation document of an instance: its
  number, dates, scan and award by item. The effective one fixes the person's amounts (``selectors.agreed``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from organization.models import OrgUnit

from .. import compensation as c
from .. import litigation as rule
from ..workflows.litigation import LitigationState, LitigationTransitions
from .claims import MONEY
from .followups import Attachment
from .persons import InjuredPerson

POSITIVE = [MinValueValidator(Decimal("0"))]
INSTANCES = [(1, _("first instance")), (2, _("second instance"))]
# A court awards items; the fast track's "agreed as one sum" is not one of them.
ITEM_CHOICES = [(code.value, label) for code, label in c.ITEM_LABELS.items() if code != c.ItemCode.AGREED_SUM]


class Litigation(LitigationTransitions, ConcurrentTransitionMixin, models.Model):
    class AppealDecision(models.TextChoices):
        APPEAL = "appeal", _("We appealed")
        OPPONENT = "opponent", _("The plaintiff appealed")
        ACCEPT = "accept", _("Judgment accepted")

    person = models.OneToOneField(
        InjuredPerson, models.CASCADE, related_name="litigation", verbose_name=_("person")
    )
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("org"))
    state = FSMField(
        _("state"),
        max_length=16,
        choices=LitigationState.choices,
        default=LitigationState.OPENED,
        protected=True,
    )
    court = models.CharField(_("court"), max_length=100)
    case_no = models.CharField(_("case number"), max_length=60)
    plaintiff = models.CharField(_("plaintiff"), max_length=200)
    filed_on = models.DateField(_("filed on"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("litigation officer")
    )
    reserve = models.DecimalField(_("reserve"), default=Decimal("0"), validators=POSITIVE, **MONEY)
    response_plan = models.TextField(_("response plan (应诉方案)"), blank=True)
    plan_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    plan_at = models.DateTimeField(null=True, blank=True)
    appeal_decision = models.CharField(
        _("appeal decision"), max_length=10, choices=AppealDecision.choices, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    effective_judgment = models.ForeignKey(
        "Judgment",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("effective court document"),
    )
    # Each saved edit of the claims or the plan counts up: a form carries the revision it was made on, so two
    # people editing at once do not overwrite each other (the second is told to reload).
    revision = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("litigation matter")
        verbose_name_plural = _("litigation matters")
        indexes = [models.Index(fields=["org", "state"], name="litigation_org_state")]
        constraints = [
            models.UniqueConstraint(fields=["court", "case_no"], name="litigation_case_no_per_court"),
            models.CheckConstraint(condition=Q(reserve__gte=0), name="litigation_reserve_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.case_no} {self.plaintiff}"

    def get_absolute_url(self) -> str:
        return reverse("injury_claims:litigation", args=[self.pk])

    @property
    def appeal_source(self) -> str:
        return rule.APPEAL_SOURCE

    def first_judgment(self) -> Judgment | None:
        return next(
            (j for j in self.judgments.all() if j.instance == 1 and j.kind == Judgment.Kind.JUDGMENT), None
        )

    def appeal_deadline(self) -> datetime.date | None:
        """The last day to appeal the first judgment (民事诉讼法 Arts. 171, 85), from its service."""
        judgment = self.first_judgment()
        if judgment is None:
            return None
        from sla.calendar import is_workday

        return rule.appeal_deadline(judgment.served_on, is_workday)


class LitigationItem(models.Model):
    """The plaintiff's claim for one compensation item and the insurer's reserve for it."""

    litigation = models.ForeignKey(Litigation, models.CASCADE, related_name="items")
    code = models.CharField(_("item"), max_length=30, choices=ITEM_CHOICES)
    claimed = models.DecimalField(_("claimed"), validators=POSITIVE, **MONEY)
    reserved = models.DecimalField(_("reserved"), default=Decimal("0"), validators=POSITIVE, **MONEY)

    class Meta:
        verbose_name = _("claim by item")
        verbose_name_plural = _("claims by item")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["litigation", "code"], name="litigation_item_once"),
            models.CheckConstraint(
                condition=Q(claimed__gte=0, reserved__gte=0), name="litigation_item_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} ¥{self.claimed}"


class LitigationOpinion(models.Model):
    """诉讼审核: a medical reviewer's opinion on one aspect of the suit (p22), at a stage of the matter."""

    class Aspect(models.TextChoices):
        COVERAGE = "coverage", _("Insurance coverage (保险责任)")
        LIABILITY = "liability", _("Accident liability (事故责任)")
        DISABILITY = "disability", _("Disability grade (伤残等级)")
        ITEMS = "items", _("Compensation items (赔偿项目)")
        STANDARDS = "standards", _("Standards (赔偿标准)")
        AMOUNTS = "amounts", _("Amounts (赔偿金额)")

    litigation = models.ForeignKey(Litigation, models.CASCADE, related_name="opinions")
    stage = models.CharField(_("stage"), max_length=16, choices=LitigationState.choices)
    aspect = models.CharField(_("aspect"), max_length=12, choices=Aspect.choices)
    opinion = models.TextField(_("opinion"))
    amount = models.DecimalField(
        _("amount found reasonable"), null=True, blank=True, validators=POSITIVE, **MONEY
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("litigation review opinion")
        verbose_name_plural = _("litigation review opinions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_aspect_display()}: {self.opinion[:40]}"


class Hearing(models.Model):
    class Kind(models.TextChoices):
        EVIDENCE = "evidence", _("Evidence exchange (证据交换)")
        HEARING = "hearing", _("Court hearing (开庭)")
        MEDIATION = "mediation", _("Court mediation (调解)")
        PRONOUNCEMENT = "pronouncement", _("Pronouncement (宣判)")

    litigation = models.ForeignKey(Litigation, models.CASCADE, related_name="hearings")
    instance = models.PositiveSmallIntegerField(_("instance"), choices=INSTANCES)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    at = models.DateTimeField(_("date and time"))
    room = models.CharField(_("court room"), max_length=100)
    remind_on = models.DateField(_("remind the officer on"))
    reminder = models.ForeignKey(
        "sla.Reminder", models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    outcome = models.TextField(_("outcome"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


class Judgment(models.Model):
    """A court document of an instance that decides the claims: a judgment (判决书) or a mediation (调解书)."""

    class Kind(models.TextChoices):
        JUDGMENT = "judgment", _("Judgment (判决书)")
        MEDIATION = "mediation", _("Court mediation (调解书)")

    litigation = models.ForeignKey(Litigation, models.CASCADE, related_name="judgments")
    instance = models.PositiveSmallIntegerField(_("instance"), choices=INSTANCES)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    case_no = models.CharField(_("case number"), max_length=60)
    decided_on = models.DateField(_("dated"))
    served_on = models.DateField(_("served on"))
    scan = models.ForeignKey(Attachment, models.PROTECT, related_name="+", verbose_name=_("scan"))
    summary = models.TextField(_("what the court decided"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("court document")
        verbose_name_plural = _("court documents")
        ordering = ["instance", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["litigation", "instance"], name="judgment_once_per_instance"),
            models.CheckConstraint(
                condition=Q(served_on__gte=models.F("decided_on")), name="judgment_served_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_no} {self.get_kind_display()}"

    def total(self) -> Decimal:
        return sum((item.amount for item in self.items.all()), Decimal("0"))


class JudgmentItem(models.Model):
    judgment = models.ForeignKey(Judgment, models.CASCADE, related_name="items")
    code = models.CharField(_("item"), max_length=30, choices=ITEM_CHOICES)
    amount = models.DecimalField(_("awarded"), validators=POSITIVE, **MONEY)

    class Meta:
        verbose_name = _("award by item")
        verbose_name_plural = _("awards by item")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["judgment", "code"], name="judgment_item_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="judgment_item_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} ¥{self.amount}"
