"""Render a template to PDF and issue it as a numbered, hash-registered document."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import PREFIXES, DocumentKind, DocumentSequence, IssuedDocument


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes. Templates extend documents/pdf_base.html, which sets the CJK font."""
    import weasyprint

    html = render_to_string(template_name, context)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _next_number(kind: str, year: int) -> str:
    sequence, _created = DocumentSequence.objects.select_for_update().get_or_create(kind=kind, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{PREFIXES[DocumentKind(kind)]}-{year}-{sequence.last:06d}"


def issue_document(
    *, kind: str, template_name: str, context: dict, subject: models.Model, org, by, title: str
) -> IssuedDocument:
    """Number, render (always in Chinese: it goes to hospitals and injured people), hash, store and register."""
    from workflow.services import record_event

    now = timezone.now()
    with transaction.atomic():
        number = _next_number(kind, timezone.localtime(now).year)
        verify_url = settings.SITE_URL.rstrip("/") + reverse("documents:verify")
        with translation.override("zh-hans"):
            pdf = render_pdf(
                template_name,
                {**context, "document_number": number, "issued_at": now, "verify_url": verify_url},
            )
        document = IssuedDocument(
            number=number,
            kind=kind,
            title=title,
            sha256=sha256_hex(pdf),
            size=len(pdf),
            issued_at=now,
            issued_by=by,
            org=org,
            content_type=ContentType.objects.get_for_model(subject),
            object_id=subject.pk,
        )
        document.file.save(f"{number}.pdf", ContentFile(pdf), save=False)
        try:
            document.save()
        except Exception:
            document.file.delete(save=False)
            raise
        record_event(subject, "document_issued", by=by, note=f"{number} {title}")
    return document


def verify(number: str, *, sha256: str | None = None, content: bytes | None = None) -> IssuedDocument | None:
    """The registered document when the number and the hash (given, or computed from the bytes) both match."""
    if content is not None:
        sha256 = sha256_hex(content)
    if not number or not sha256:
        return None
    return IssuedDocument.objects.filter(number=number.strip().upper(), sha256=sha256.strip().lower()).first()
