"""The annual evaluation 年度评估 of a cooperating hospital (seed 000, 协作医院的续约或解约):
"各二级机构协作医院设立及维护责任人每年对协作医院进行评估，并将评估结果报总公司车险/意健险理赔部，决定协作医院的续约或
解约。" The branch's responsible persons record it and submit it to HQ; HQ decides. Its one transition (HQ's
decision) is declared in hospitals.workflows (EVALUATION)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from organization.models import OrgUnit

from ..workflows import EvaluationState, EvaluationTransitions, Recommendation
from .pipeline import Cooperation
from .registry import BranchScopedQuerySet


class AnnualEvaluation(EvaluationTransitions, ConcurrentTransitionMixin, models.Model):
    State = EvaluationState
    Recommendation = Recommendation

    cooperation = models.ForeignKey(Cooperation, models.PROTECT, related_name="evaluations")
    # The cooperation's branch, kept here so that the evaluation is scoped like every other record of the network.
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("branch"))
    year = models.PositiveSmallIntegerField(_("year evaluated"))
    treatment_practice = models.TextField(_("treatment practice"), max_length=2000)
    cooperation_quality = models.TextField(_("cooperation with us"), max_length=2000)
    complaints = models.TextField(_("complaints"), max_length=2000)
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation.choices)
    state = FSMField(
        _("state"),
        max_length=10,
        choices=EvaluationState.choices,
        default=EvaluationState.SUBMITTED,
        protected=True,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decision = models.CharField(_("HQ's decision"), max_length=10, choices=Recommendation.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("HQ's reasons"), blank=True)

    objects = BranchScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual evaluation")
        verbose_name_plural = _("annual evaluations")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # One evaluation at a time waits for HQ.
            models.UniqueConstraint(
                fields=["cooperation"], condition=Q(state="submitted"), name="evaluation_one_pending"
            ),
            models.CheckConstraint(
                condition=Q(state="submitted") | ~Q(decision=""), name="evaluation_decided_has_decision"
            ),
        ]
        indexes = [models.Index(fields=["state", "submitted_at"], name="evaluation_state")]

    def __str__(self) -> str:
        return _("Evaluation %(year)s of %(hospital)s") % {
            "year": self.year,
            "hospital": self.cooperation.hospital,
        }

    def get_absolute_url(self) -> str:
        return reverse("hospitals:detail", args=[self.cooperation.hospital_id])
