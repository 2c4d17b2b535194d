"""Render a template to PDF and issue it as a numbered, hash-registered document."""

from __future__ import annotations

import hashlib
import hmac
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import jobs, qr, registry
from .models import DocumentSequence, IssuedDocument

logger = logging.getLogger(__name__)


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes. Templates extend documents/pdf_base.html, which sets the CJK font."""
    import weasyprint

    html = render_to_string(template_name, context)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def reserve_number(kind: registry.DocumentKind, year: int) -> str:
    """Take the next number of the kind in its own short transaction: the sequence row is locked only for this.

    ``durable=True``: called inside someone else's transaction the lock would last until that transaction ends,
    serialising every print of the kind behind the slowest one; Django refuses that loudly instead.
    """
    with transaction.atomic(durable=True):
        sequence, _created = DocumentSequence.objects.select_for_update().get_or_create(
            kind=kind.slug, year=year
        )
        sequence.last += 1
        sequence.save(update_fields=["last"])
    return f"{kind.prefix}-{year}-{sequence.last:06d}"


def issue_document(
    *, kind: str, template_name: str, context: dict, subject: models.Model, org, by, title: str
) -> IssuedDocument:
    """Number, render (always in Chinese: it goes to hospitals and injured people), hash, store and register.

    Three steps, and only the first holds a lock: reserve the number (milliseconds), render the PDF (up to a
    second, no transaction), then store the file and register it with its event. Prints of the same kind run side
    by side. A print that fails after reserving its number leaves a gap in the numbering, logged with the number.
    The template gets ``verify_qr``: a QR code of the link to the document's entry on the verification page
    (documents.qr), which documents/pdf_base.html prints at the foot of the document.

    Run by a background job (documents.jobs), the document is recorded on the job in the same transaction that
    registers it; when the job runs again because its worker died before finishing, the document it issued is
    returned instead of a second one: one print job, one document.
    """
    from workflow.services import record_event

    spec = registry.get(kind)
    if spec is None:
        raise ImproperlyConfigured(f"Document kind {kind!r} is not registered (documents.registry.register).")
    issued = jobs.issued_by_running_job(spec.slug, subject)
    if issued is not None:
        return issued
    now = timezone.now()
    number = reserve_number(spec, timezone.localtime(now).year)
    try:
        token = qr.new_token()
        link = qr.verify_link(number, token)
        with translation.override("zh-hans"):
            pdf = render_pdf(
                template_name,
                {
                    **context,
                    "document_number": number,
                    "issued_at": now,
                    "verify_url": qr.verify_url(),
                    "verify_link": link,
                    "verify_qr": qr.qr_data_uri(link),
                },
            )
        document = IssuedDocument(
            number=number,
            kind=spec.slug,
            title=title,
            sha256=sha256_hex(pdf),
            size=len(pdf),
            issued_at=now,
            issued_by=by,
            org=org,
            content_type=ContentType.objects.get_for_model(subject),
            object_id=subject.pk,
            verify_token=token,
        )
        document.file.save(f"{number}.pdf", ContentFile(pdf), save=False)
        try:
            with transaction.atomic():
                document.save()
                record_event(subject, "document_issued", by=by, note=f"{number} {title}")
                jobs.record_issued(document)
        except Exception:
            document.file.delete(save=False)
            raise
    except Exception:
        logger.exception("document number %s was reserved but not issued", number)
        raise
    return document


def verify(number: str, *, sha256: str | None = None, content: bytes | None = None) -> IssuedDocument | None:
    """The registered document when the number and the hash (given, or computed from the bytes) both match."""
    if content is not None:
        sha256 = sha256_hex(content)
    if not number or not sha256:
        return None
    return IssuedDocument.objects.filter(number=number.strip().upper(), sha256=sha256.strip().lower()).first()


def registered(number: str, token: str) -> IssuedDocument | None:
    """The document whose QR code carries this number and token (compared in constant time), else None."""
    if not number or not token:
        return None
    document = IssuedDocument.objects.select_related("org").filter(number=number.strip().upper()).first()
    if document is None or not document.verify_token:
        return None
    return document if hmac.compare_digest(document.verify_token, token.strip()) else None
