"""The satisfaction samples (seed 000): "以二级机构为单位,随机抽样问卷五名住院治疗的平安客户" and "由总公司车险/意健险理赔部对
各二级机构的协作医院进行随机抽样实地调研或电话回访测评".

A draw records its population (the ids it was drawn from, sorted) and its seed: :func:`scoring.sampling.draw`
orders the population from them, so anyone can redo the draw and get the same people. The first ``size`` of that
order are asked; a person who cannot be reached is replaced by the next one in the order, with the reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organization.models import OrgUnit

from .assessment import Assessment, Question

# How the answers were given, as the survey pages say it (the choices' "On site" reads "arrived" elsewhere).
CHANNEL_LABELS = {
    "phone": _("Asked by phone"),
    "on_site": _("Asked on site"),
    "link": _("Answered by the customer through the link"),
}


class SampleDraw(models.Model):
    assessment = models.ForeignKey(
        Assessment, models.PROTECT, related_name="draws", verbose_name=_("assessment year")
    )
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("branch"))
    kind = models.CharField(_("questionnaire"), max_length=10, choices=Question.Kind.choices)
    seed = models.CharField(_("seed"), max_length=64)
    population = models.JSONField(_("population (ids, sorted)"))
    order = models.JSONField(_("drawn order (ids)"))
    size = models.PositiveSmallIntegerField(_("sample size"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    drawn_at = models.DateTimeField(_("drawn at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sample draw")
        verbose_name_plural = _("sample draws")
        ordering = ["assessment", "org__code", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "org", "kind"], name="one_draw_per_branch_year_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment.year} {self.org} {self.get_kind_display()}"


class SurveyResponse(models.Model):
    """One person (an inpatient customer) or hospital of a draw, asked by phone, on site or through a link."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Not answered yet")
        ANSWERED = "answered", _("Answered")
        UNREACHABLE = "unreachable", _("Could not be reached: replaced")

    class Channel(models.TextChoices):
        PHONE = "phone", _("By phone")
        ON_SITE = "on_site", _("On site")
        LINK = "link", _("Through the link")

    draw = models.ForeignKey(SampleDraw, models.CASCADE, related_name="responses", verbose_name=_("draw"))
    position = models.PositiveSmallIntegerField(_("place in the drawn order"))
    subject_id = models.PositiveIntegerField(_("drawn id"))
    injured_person = models.ForeignKey(
        "injury_claims.InjuredPerson",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inpatient customer"),
    )
    hospital = models.ForeignKey(
        "hospitals.Hospital",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hospital"),
    )
    label = models.CharField(
        _("who"), max_length=120
    )  # masked for people: name and hospital, never the ID number
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    answers = models.JSONField(_("answers"), default=list)  # [{question, text, scale, value}]
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    unreachable_reason = models.CharField(_("why not reached"), max_length=300, blank=True)
    link_nonce = models.CharField(max_length=32, blank=True)
    link_sent_at = models.DateTimeField(_("link sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["draw", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "position"], name="one_response_per_drawn_place"),
            models.CheckConstraint(
                condition=~Q(status="unreachable") | ~Q(unreachable_reason=""),
                name="unreachable_needs_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered") | Q(points__isnull=False, scale__isnull=False),
                name="answered_has_points",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def org_id(self) -> int:
        """The branch the questionnaire assesses (its events are the branch's: workflow.services.record_event)."""
        return self.draw.org_id

    @property
    def channel_label(self) -> str:
        """How the answers were given, in the survey's words."""
        return str(CHANNEL_LABELS.get(self.channel, ""))

    @property
    def is_replacement(self) -> bool:
        return self.position > self.draw.size
