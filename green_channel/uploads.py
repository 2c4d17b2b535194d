"""Uploaded scans and photos checked by their content, not their name (DESIGN.md "Uploads"): PDF, JPEG or PNG, at
most 10 MB. (The documents app has no shared upload check yet; this is the same check as the other apps'.)"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SIGNATURES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def check_scan(upload) -> str:
    """The file's extension judged by its first bytes; a ValidationError saying what is wrong otherwise."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, extension in SIGNATURES.items():
        if head.startswith(signature):
            return extension
    raise ValidationError(_("The file must be a PDF, JPEG or PNG (a photo or a scan)."))
