"""Read side of the document registry: a document is visible exactly when the record it was printed for is."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from . import registry
from .models import IssuedDocument


def can_read_document(user, document: IssuedDocument) -> bool:
    kind = registry.get(document.kind)
    if kind is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    subject = document.subject
    return subject is not None and bool(kind.can_read(user, subject))


def get_document_for_user(user, number: str) -> IssuedDocument:
    """Missing, of an unknown kind, or printed for a record the person cannot see: 404 all the same."""
    document = get_object_or_404(IssuedDocument.objects.select_related("org", "issued_by"), number=number)
    if not can_read_document(user, document):
        raise Http404
    return document


def documents_of(subject) -> list[IssuedDocument]:
    """The documents printed for a record, newest first (the caller has checked the record is visible)."""
    from django.contrib.contenttypes.models import ContentType

    return list(
        IssuedDocument.objects.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
        ).order_by("-issued_at", "-pk")
    )


def get_job_for_user(user, pk: int):
    """A background job is its requester's only, and only while they may still read its result: else 404."""
    from .jobs import get, visible_jobs

    job = get_object_or_404(visible_jobs(user).select_related("document"), pk=pk)
    kind = get(job.kind)
    if kind.readable is not None and not kind.readable(user):
        raise Http404
    return job
