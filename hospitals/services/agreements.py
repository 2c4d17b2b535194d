"""Agreements 协作医院合作协议书: the draft, its reviews, printing, signing (scan) and filing with HQ."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services import issue_document
from workflow.services import record_event

from ..models import Agreement, Cooperation
from ..workflows import latest_agreement
from .pipeline import lock_for_edit

AGREEMENT_DOCUMENT = "cooperation_agreement"
MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_SIGNATURES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


@transaction.atomic
def save_agreement(cooperation: Cooperation, data: dict, *, by) -> Agreement:
    """Create the draft agreement, or change it while the cooperation is being prepared (COOPERATION.editable):
    once submitted, what HQ sees is what gets signed. A changed deviation needs new reviews."""
    locked = lock_for_edit(cooperation, "agreement")
    agreement = latest_agreement(locked)
    if agreement is not None and agreement.signed_on is not None:
        raise ValidationError(_("This agreement is signed; changes need a renewal (a new version)."))
    if data.get("guarantee_enabled") and not data.get("guarantee_hq_approved"):
        raise ValidationError(
            _("Medical-fee guarantee and prepayment may be enabled only with HQ's approval.")
        )
    if agreement is None:
        agreement = Agreement(cooperation=locked, version=1)
    deviation_changed = (agreement.deviation or "").strip() != (data.get("deviation") or "").strip()
    for field, value in data.items():
        setattr(agreement, field, value)
    if deviation_changed:
        agreement.legal_reviewed_by = agreement.hq_reviewed_by = None
    agreement.full_clean(exclude=["cooperation", "signed_scan", "document"])
    agreement._history_user = by
    agreement.save()
    record_event(locked, "agreement_saved", by=by, note=f"v{agreement.version}")
    return agreement


@transaction.atomic
def review_agreement(agreement: Agreement, kind: str, *, by) -> Agreement:
    """The branch legal review ("legal") or HQ's review ("hq") of a text that deviates from the standard."""
    if not agreement.has_deviation:
        raise ValidationError(_("The standard text needs no review."))
    if kind == "legal":
        agreement.legal_reviewed_by = by
    elif kind == "hq":
        agreement.hq_reviewed_by = by
    else:
        raise ValidationError(_("Unknown review."))
    agreement._history_user = by
    agreement.save(update_fields=["legal_reviewed_by", "hq_reviewed_by"])
    record_event(agreement.cooperation, f"agreement_{kind}_review", by=by, note=f"v{agreement.version}")
    return agreement


def print_agreement(agreement: Agreement, *, by):
    """The agreement as a numbered, hash-registered PDF in Chinese."""
    cooperation = agreement.cooperation
    document = issue_document(
        kind=AGREEMENT_DOCUMENT,
        template_name="hospitals/pdf/agreement.html",
        context={"agreement": agreement, "cooperation": cooperation, "hospital": cooperation.hospital},
        subject=cooperation,
        org=cooperation.org,
        by=by,
        title=f"协作医院合作协议书 {cooperation.hospital.name} 第{agreement.version}版",
    )
    Agreement.objects.filter(pk=agreement.pk).update(document=document)
    return document


def check_scan(upload: UploadedFile) -> str:
    """PDF, JPEG or PNG, judged by content, at most 10 MB. Returns the file extension."""
    if upload.size > MAX_SCAN_BYTES:
        raise ValidationError(_("The scan is larger than 10 MB."))
    head = upload.read(8)
    upload.seek(0)
    for signature, extension in SCAN_SIGNATURES.items():
        if head.startswith(signature):
            return extension
    raise ValidationError(_("The scan must be a PDF, JPEG or PNG file."))


@transaction.atomic
def record_signing(
    agreement: Agreement, *, signed_on: datetime.date, scan: UploadedFile | None, by
) -> Agreement:
    if signed_on > timezone.localdate():
        raise ValidationError(_("The signing date cannot be in the future."))
    agreement.signed_on = signed_on
    if scan is not None:
        extension = check_scan(scan)
        agreement.signed_scan.save(
            f"agreement-{agreement.pk}-v{agreement.version}.{extension}", scan, save=False
        )
    agreement._history_user = by
    agreement.save(update_fields=["signed_on", "signed_scan"])
    record_event(
        agreement.cooperation, "agreement_signed_recorded", by=by, note=f"v{agreement.version} {signed_on}"
    )
    return agreement


@transaction.atomic
def record_filing(agreement: Agreement, *, filed_on: datetime.date, plaque_hung: bool, by) -> Agreement:
    if filed_on > timezone.localdate():
        raise ValidationError(_("The filing date cannot be in the future."))
    agreement.filed_with_hq_on = filed_on
    agreement._history_user = by
    agreement.save(update_fields=["filed_with_hq_on"])
    Cooperation.objects.filter(pk=agreement.cooperation_id).update(plaque_hung=plaque_hung)
    record_event(agreement.cooperation, "agreement_filed", by=by, note=str(filed_on))
    return agreement
