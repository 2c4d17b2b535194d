"""The cooperation pipeline 协作医院设立流程: one hospital's cooperation with one branch, with its eligibility
checklist. The transitions and their declaration are in hospitals.workflows."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from organization.models import OrgUnit

from ..workflows import CooperationState, CooperationTransitions
from .registry import BranchScopedQuerySet, Hospital


class CooperationQuerySet(BranchScopedQuerySet):
    def open(self) -> CooperationQuerySet:
        """Cooperations still going somewhere: not rejected, terminated or expired."""
        return self.exclude(state__in=Cooperation.FINAL)

    def in_network_on(self, day: datetime.date) -> CooperationQuerySet:
        """The cooperations that put their hospital in the network on ``day``: a signed agreement in force that day
        (signed on or before it, its term covering it), and the cooperation active then — in an in-network state
        now, or terminated or expired only after that day. Coverage and activity records both ask this."""
        agreement = apps.get_model("hospitals", "Agreement")
        in_force = agreement.objects.filter(
            cooperation=OuterRef("pk"),
            signed_on__isnull=False,
            signed_on__lte=day,
            term_start__lte=day,
            term_end__gte=day,
        )
        return self.filter(Exists(in_force)).filter(
            Q(state__in=Cooperation.IN_NETWORK) | Q(state__in=Cooperation.ENDED, ended_on__gt=day)
        )


class Cooperation(CooperationTransitions, ConcurrentTransitionMixin, models.Model):
    """One hospital's cooperation with one branch, from information collection to renewal or termination.

    Its transitions, guards, clocks and notices are declared in hospitals.workflows (COOPERATION).
    """

    State = CooperationState
    START = State.COLLECTED
    FINAL = frozenset({State.REJECTED, State.TERMINATED, State.EXPIRED})
    # The network: hospitals that count for coverage (with a signed agreement in force: ``in_network_on``).
    IN_NETWORK = (State.ACTIVE, State.RECTIFICATION, State.RENEWAL_DUE)
    # Once in the network, now out of it (``ended_on`` says since when).
    ENDED = (State.TERMINATED, State.EXPIRED)

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
    ended_on = models.DateField(
        _("out of the network since"),
        null=True,
        blank=True,
        help_text=_("The first day the hospital was no longer in the network (termination or expiry)."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CooperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        ordering = ["-created_at"]
        # A hospital may come back after a rejection, termination or expiry: a new cooperation with its own
        # history, the old one kept. Only one at a time is open.
        constraints = [
            models.UniqueConstraint(
                fields=["hospital", "org"],
                condition=~Q(state__in=["rejected", "terminated", "expired"]),
                name="cooperation_one_open_per_branch",
            )
        ]
        indexes = [models.Index(fields=["org", "state"], name="cooperation_org_state")]

    def __str__(self) -> str:
        return f"{self.hospital} · {self.org}"

    def get_absolute_url(self) -> str:
        return reverse("hospitals:detail", args=[self.hospital_id])

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
    GRADE = 7, _("Public general hospital of grade 2A or above (private or trauma: HQ special approval)")
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
