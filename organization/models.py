from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .roles import Role

MAINLAND_MOBILE = RegexValidator(
    r"^1[3-9]\d{9}$", _("Enter a mainland mobile number: 11 digits starting with 13–19, e.g. 13812345678.")
)
# Anywhere in 0–1,000,000 yuan (DOMAIN.md §1).
CEILING_MAX = Decimal("1000000.00")
PREMIUM_THRESHOLD_NOTE = _("Annual motor premium actually received, in yuan.")


class Province(models.TextChoices):
    BEIJING = "11", _("Beijing")
    TIANJIN = "12", _("Tianjin")
    HEBEI = "13", _("Hebei")
    SHANXI = "14", _("Shanxi")
    INNER_MONGOLIA = "15", _("Inner Mongolia")
    LIAONING = "21", _("Liaoning")
    JILIN = "22", _("Jilin")
    HEILONGJIANG = "23", _("Heilongjiang")
    SHANGHAI = "31", _("Shanghai")
    JIANGSU = "32", _("Jiangsu")
    ZHEJIANG = "33", _("Zhejiang")
    ANHUI = "34", _("Anhui")
    FUJIAN = "35", _("Fujian")
    JIANGXI = "36", _("Jiangxi")
    SHANDONG = "37", _("Shandong")
    HENAN = "41", _("Henan")
    HUBEI = "42", _("Hubei")
    HUNAN = "43", _("Hunan")
    GUANGDONG = "44", _("Guangdong")
    GUANGXI = "45", _("Guangxi")
    HAINAN = "46", _("Hainan")
    CHONGQING = "50", _("Chongqing")
    SICHUAN = "51", _("Sichuan")
    GUIZHOU = "52", _("Guizhou")
    YUNNAN = "53", _("Yunnan")
    TIBET = "54", _("Tibet")
    SHAANXI = "61", _("Shaanxi")
    GANSU = "62", _("Gansu")
    QINGHAI = "63", _("Qinghai")
    NINGXIA = "64", _("Ningxia")
    XINJIANG = "65", _("Xinjiang")


class OrgQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrgQuerySet:
        """The org units in the person's scope (organization.scoping)."""
        from .scoping import scope_for

        return scope_for(user).filter(self, "pk")


class OrgUnit(models.Model):
    class Level(models.TextChoices):
        HQ = "hq", _("Head office")
        SECONDARY = "secondary", _("Secondary org (branch)")
        TERTIARY = "tertiary", _("Tertiary org (sub-branch)")

    class SecondaryType(models.TextChoices):
        PROVINCIAL_CAPITAL = "provincial_capital", _("Provincial-capital type (claims handled in each city)")
        METROPOLITAN = "metropolitan", _("Metropolitan type (claims centralised in one city)")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent org")
    )
    secondary_type = models.CharField(
        _("secondary org type"), max_length=20, choices=SecondaryType.choices, blank=True
    )
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
    claims_city = models.CharField(
        _("home or centralised-claims city"),
        max_length=50,
        blank=True,
        help_text=_(
            "Provincial-capital type: the home city. Metropolitan type: the city where claims are centralised."
        ),
    )
    city = models.CharField(_("city or district"), max_length=50, blank=True)
    annual_motor_premium = models.DecimalField(
        _("annual motor premium (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=PREMIUM_THRESHOLD_NOTE,
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrgQuerySet.as_manager()

    history = HistoricalRecords(verbose_name=_("organisation (history)"))

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["level"], condition=Q(level="hq"), name="org_single_hq"),
            models.CheckConstraint(
                condition=Q(level="hq", parent__isnull=True) | (~Q(level="hq") & Q(parent__isnull=False)),
                name="org_parent_matches_level",
            ),
            models.CheckConstraint(
                condition=~Q(level="secondary")
                | (~Q(secondary_type="") & ~Q(province="") & ~Q(claims_city="")),
                name="org_secondary_complete",
            ),
            models.CheckConstraint(
                condition=~Q(level="tertiary") | (~Q(city="") & Q(annual_motor_premium__isnull=False)),
                name="org_tertiary_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, list] = {}
        expected_parent = {self.Level.SECONDARY: self.Level.HQ, self.Level.TERTIARY: self.Level.SECONDARY}
        if self.level == self.Level.HQ:
            if self.parent_id:
                errors.setdefault("parent", []).append(_("The head office has no parent org."))
            if OrgUnit.objects.filter(level=self.Level.HQ).exclude(pk=self.pk).exists():
                errors.setdefault("level", []).append(
                    _("There is already a head office; there can be only one.")
                )
        elif self.level in expected_parent:
            if self.parent is None:
                errors.setdefault("parent", []).append(_("Choose the parent org."))
            elif self.parent.level != expected_parent[self.level]:
                errors.setdefault("parent", []).append(
                    _("A %(level)s must sit directly under a %(parent)s.")
                    % {
                        "level": self.get_level_display(),
                        "parent": self.Level(expected_parent[self.level]).label,
                    }
                )
        if self.pk and self.level != self.Level.TERTIARY and self.children.exists():
            current = OrgUnit.objects.filter(pk=self.pk).values_list("level", flat=True).first()
            if current and current != self.level:
                errors.setdefault("level", []).append(_("An org with sub-orgs cannot change its level."))
        if self.level == self.Level.SECONDARY:
            for field in ("secondary_type", "province", "claims_city"):
                if not getattr(self, field):
                    errors.setdefault(field, []).append(_("Required for a secondary org."))
        if self.level == self.Level.TERTIARY:
            if not self.city:
                errors.setdefault("city", []).append(_("Required for a tertiary org."))
            if self.annual_motor_premium is None:
                errors.setdefault("annual_motor_premium", []).append(_("Required for a tertiary org."))
        if errors:
            raise ValidationError(errors)

    @property
    def secondary(self) -> OrgUnit | None:
        """The secondary org this org belongs to (itself for a secondary org, none for HQ)."""
        if self.level == self.Level.SECONDARY:
            return self
        if self.level == self.Level.TERTIARY:
            return self.parent
        return None

    def subtree_ids(self) -> list[int]:
        if self.level == self.Level.HQ:
            return list(OrgUnit.objects.values_list("pk", flat=True))
        if self.level == self.Level.SECONDARY:
            return [self.pk, *self.children.values_list("pk", flat=True)]
        return [self.pk]


class ReviewKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Follow-up review")
    COST = "cost", _("Cost review")
    MEDIATION_PLAN = "mediation_plan", _("Mediation-plan review")
    SETTLEMENT = "settlement", _("Settlement approval (核赔)")


AUTHORITY_LEVELS = range(1, 10)
LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(9)]
LEVEL_FIELD_FOR_KIND = {
    ReviewKind.FOLLOW_UP: "follow_up_review_level",
    ReviewKind.COST: "cost_review_level",
    ReviewKind.MEDIATION_PLAN: "mediation_review_level",
    ReviewKind.SETTLEMENT: "settlement_approval_level",
}


class User(AbstractUser):
    """A member of staff. Roles are groups (organization.roles.Role); the org decides what they can see."""

    org = models.ForeignKey(
        OrgUnit, models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("organisation")
    )
    phone = models.CharField(_("mobile phone"), max_length=11, blank=True, validators=[MAINLAND_MOBILE])
    follow_up_review_level = models.PositiveSmallIntegerField(
        _("follow-up review authority level"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    cost_review_level = models.PositiveSmallIntegerField(
        _("cost review authority level"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    mediation_review_level = models.PositiveSmallIntegerField(
        _("mediation-plan review authority level"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    settlement_approval_level = models.PositiveSmallIntegerField(
        _("settlement approval (核赔) authority level"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    mediator_trained_on = models.DateField(_("mediator training date"), null=True, blank=True)
    mediator_authorised_by = models.CharField(
        _("mediator authorised by (province)"), max_length=2, choices=Province.choices, blank=True
    )
    mediator_valid_until = models.DateField(_("mediator authorisation valid until"), null=True, blank=True)

    history = HistoricalRecords(
        excluded_fields=["password", "last_login"],
        m2m_fields=["groups"],
        verbose_name=_("staff member (history)"),
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_review_level__isnull=True) | Q(follow_up_review_level__range=(1, 9)),
                name="user_follow_up_level_1_9",
            ),
            models.CheckConstraint(
                condition=Q(cost_review_level__isnull=True) | Q(cost_review_level__range=(1, 9)),
                name="user_cost_level_1_9",
            ),
            models.CheckConstraint(
                condition=Q(mediation_review_level__isnull=True) | Q(mediation_review_level__range=(1, 9)),
                name="user_mediation_level_1_9",
            ),
            models.CheckConstraint(
                condition=Q(settlement_approval_level__isnull=True)
                | Q(settlement_approval_level__range=(1, 9)),
                name="user_settlement_level_1_9",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Chinese names read family name first, with no space: 王芳."""
        if any(ord(ch) > 0x2E7F for ch in self.last_name + self.first_name):
            return f"{self.last_name}{self.first_name}".strip()
        return super().get_full_name()

    @staticmethod
    def name_expression(prefix: str = ""):
        """``str(user)`` as an SQL expression over the user at ``prefix`` (``"assignee__"``), for statements that
        write names set-based (the SLA sweep): the full name, family name first without a space when it holds a
        CJK character, else the username."""
        cjk = f"[{chr(0x2E80)}-{chr(0x10FFFF)}]"
        first, last = F(f"{prefix}first_name"), F(f"{prefix}last_name")
        full = Case(
            When(
                Q(**{f"{prefix}last_name__regex": cjk}) | Q(**{f"{prefix}first_name__regex": cjk}),
                then=Trim(Concat(last, first)),
            ),
            default=Trim(Concat(first, Value(" "), last)),
            output_field=models.CharField(),
        )
        return Coalesce(NullIf(full, Value("")), F(f"{prefix}username"), output_field=models.CharField())

    def clean(self) -> None:
        super().clean()
        fields = (self.mediator_trained_on, self.mediator_authorised_by, self.mediator_valid_until)
        if any(fields) and not all(fields):
            raise ValidationError(
                _(
                    "A mediator authorisation needs its training date, authorising province and expiry date together."
                )
            )
        if (
            self.mediator_trained_on
            and self.mediator_valid_until
            and self.mediator_valid_until < self.mediator_trained_on
        ):
            raise ValidationError(
                {"mediator_valid_until": _("The authorisation cannot end before the training.")}
            )

    @cached_property
    def role_codes(self) -> frozenset[str]:
        # .all() uses prefetch_related("groups") when the list view prefetched it.
        return frozenset(group.name for group in self.groups.all())

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))

    @property
    def roles(self) -> list[Role]:
        return [Role(code) for code in sorted(self.role_codes) if code in Role.values]

    def authority_level(self, kind: str) -> int | None:
        return getattr(self, LEVEL_FIELD_FOR_KIND[ReviewKind(kind)])

    def is_mediator(self, on: datetime.date | None = None) -> bool:
        """Trained and authorised by a province, and the authorisation has not expired."""
        on = on or timezone.localdate()
        return bool(
            self.mediator_trained_on
            and self.mediator_authorised_by
            and self.mediator_valid_until
            and self.mediator_valid_until >= on
            and Role.MEDIATOR in self.role_codes
        )


def role_group(role: Role) -> Group:
    return Group.objects.get(name=role.value)


class AuthorityCeiling(models.Model):
    """One row of a secondary org's authority matrix: up to which amount a level may review a kind of review."""

    org = models.ForeignKey(
        OrgUnit,
        models.CASCADE,
        related_name="authority_ceilings",
        limit_choices_to={"level": OrgUnit.Level.SECONDARY},
        verbose_name=_("secondary org"),
    )
    kind = models.CharField(_("review kind"), max_length=20, choices=ReviewKind.choices)
    level = models.PositiveSmallIntegerField(_("authority level"), validators=LEVEL_VALIDATORS)
    ceiling = models.DecimalField(
        _("ceiling (yuan)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(CEILING_MAX)],
    )

    history = HistoricalRecords(verbose_name=_("authority ceiling (history)"))

    class Meta:
        verbose_name = _("authority ceiling")
        verbose_name_plural = _("authority matrix")
        ordering = ["org", "kind", "level"]
        constraints = [
            models.UniqueConstraint(fields=["org", "kind", "level"], name="authority_unique_level"),
            models.CheckConstraint(condition=Q(level__range=(1, 9)), name="authority_level_1_9"),
            models.CheckConstraint(
                condition=Q(ceiling__gte=0, ceiling__lte=CEILING_MAX), name="authority_ceiling_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.get_kind_display()} L{self.level}: {self.ceiling}"
