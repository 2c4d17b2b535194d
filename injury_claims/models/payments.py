"""Payment batches for the bank (issue 10 point 5): the pending payments a calculator/approver sent to the bank in
one file, each line with the sequence number (序号) the file and the bank's return file carry.

A batch keeps which payments went to the bank when, so that a payment already sent is not sent again by mistake
(double payment), and so that the bank's return file is matched line by line (序号, account, amount). The file
itself is made again on demand (it holds the clear account numbers and is not kept beyond the download job); every
file made is an event on each settlement of the batch.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.models import OrgUnit

from .claims import MONEY
from .settlement import Payment


class PaymentBatch(models.Model):
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("org"))
    count = models.PositiveIntegerField(_("payments"))
    total = models.DecimalField(_("total"), **MONEY)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("made at"), auto_now_add=True)
    returned_at = models.DateTimeField(_("bank's return recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["org", "at"], name="payment_batch_org_at")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("injury_claims:payment_batch", args=[self.pk])

    @property
    def number(self) -> str:
        """PB20260315-00042: the day it was made and its id (what the bank's file and the events name)."""
        return f"PB{timezone.localtime(self.at):%Y%m%d}-{self.pk:05d}" if self.pk and self.at else ""


class PaymentBatchLine(models.Model):
    batch = models.ForeignKey(PaymentBatch, models.CASCADE, related_name="lines", verbose_name=_("batch"))
    seq = models.PositiveIntegerField(_("sequence number (序号)"))
    payment = models.ForeignKey(
        Payment, models.PROTECT, related_name="batch_lines", verbose_name=_("payment")
    )
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        verbose_name = _("payment batch line")
        verbose_name_plural = _("payment batch lines")
        ordering = ["batch_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "seq"], name="batch_line_seq_once"),
            models.UniqueConstraint(fields=["batch", "payment"], name="batch_line_payment_once"),
            models.CheckConstraint(condition=Q(seq__gte=1), name="batch_line_seq_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.batch} #{self.seq}"
