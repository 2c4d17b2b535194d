"""Each product's network list 网络医院名单 (seed 003: "具体医院范围请查阅附件一《重疾就医绿通医院名单》", "服务区域重大
疾病网络医院名单.xls"): the vendor's spreadsheet imported as a numbered version, its rows matched to the hospital
registry where possible. A newer import supersedes the older one; older versions stay readable. The manual's own
figures (e.g. "31个城市157家医疗机构") stay on the product as stated (ServiceProduct.network_*)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .products import ServiceProduct


class NetworkListVersion(models.Model):
    product = models.ForeignKey(
        ServiceProduct, models.PROTECT, related_name="network_versions", verbose_name=_("service product")
    )
    number = models.PositiveIntegerField(_("version"))
    is_current = models.BooleanField(_("current"), default=True)
    file_name = models.CharField(_("file"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Counts kept with the rows (the decisions move them, under the entry's lock).
    entry_count = models.PositiveIntegerField(_("hospitals"), default=0)
    city_count = models.PositiveIntegerField(_("cities"), default=0)
    matched_count = models.PositiveIntegerField(_("matched to the registry"), default=0)
    absent_count = models.PositiveIntegerField(_("not in the registry"), default=0)
    undecided_count = models.PositiveIntegerField(_("to decide"), default=0)

    class Meta:
        verbose_name = _("network list version")
        verbose_name_plural = _("network list versions")
        ordering = ["product_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["product", "number"], name="gc_network_version_unique_number"),
            models.UniqueConstraint(
                fields=["product"], condition=models.Q(is_current=True), name="gc_network_one_current_version"
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="gc_network_version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.product} · v{self.number}"


class MatchStatus(models.TextChoices):
    AUTO = "auto", _("Matched automatically")
    MANUAL = "manual", _("Matched by a person")
    ABSENT = "absent", _("Not in the registry (decided)")
    UNDECIDED = "undecided", _("Undecided")


MATCHED = (MatchStatus.AUTO, MatchStatus.MANUAL)


class NetworkEntry(models.Model):
    """One row of a network list: the city, the hospital and its departments as the vendor wrote them, and the
    registry hospital it is (matched automatically or by a person), or the decision that it is not in the
    registry."""

    version = models.ForeignKey(
        NetworkListVersion, models.CASCADE, related_name="entries", verbose_name=_("network list version")
    )
    row = models.PositiveIntegerField(_("row"))
    city = models.CharField(_("city"), max_length=50)
    hospital_name = models.CharField(_("hospital as written"), max_length=200)
    departments = models.TextField(_("departments"), blank=True)
    # Normalised for matching and searching (green_channel.network_matching).
    city_key = models.CharField(max_length=50, editable=False)
    name_key = models.CharField(max_length=200, editable=False)
    hospital = models.ForeignKey(
        "hospitals.Hospital",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="green_channel_entries",
        verbose_name=_("registry hospital"),
    )
    status = models.CharField(_("match"), max_length=20, choices=MatchStatus.choices)
    candidates = models.JSONField(_("candidates"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("network hospital")
        verbose_name_plural = _("network hospitals")
        ordering = ["version_id", "row"]
        constraints = [
            models.UniqueConstraint(fields=["version", "row"], name="gc_network_entry_unique_row"),
            models.CheckConstraint(
                condition=(models.Q(status__in=["auto", "manual"]) & models.Q(hospital__isnull=False))
                | (models.Q(status__in=["absent", "undecided"]) & models.Q(hospital__isnull=True)),
                name="gc_network_entry_hospital_when_matched",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["manual", "absent"], decided_by__isnull=False)
                | models.Q(status__in=["auto", "undecided"], decided_by__isnull=True),
                name="gc_network_entry_decided_by_a_person",
            ),
        ]
        indexes = [
            models.Index(fields=["version", "city_key", "name_key"], name="gc_network_entry_key"),
            models.Index(fields=["version", "hospital"], name="gc_network_entry_hospital"),
            models.Index(fields=["version", "status"], name="gc_network_entry_status"),
        ]

    def __str__(self) -> str:
        return f"{self.city} · {self.hospital_name}"

    @property
    def is_matched(self) -> bool:
        return self.status in MATCHED
