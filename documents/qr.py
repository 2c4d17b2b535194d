"""The QR code printed on every issued document: a link to the public verification page for its number.

The fingerprint (SHA-256) of a PDF cannot be printed inside that same PDF, so the code carries the number and the
document's random ``verify_token`` instead: scanning it opens the document's entry in the register (number, title,
issuer, date and fingerprint), which the holder compares with the paper; the numbers alone reveal nothing. The code
is an SVG drawn by ``segno`` (pure Python) and embedded as a data URI, which WeasyPrint prints as vector graphics.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse


def new_token() -> str:
    """128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


def verify_url() -> str:
    """The public verification page, absolute (printed in words on every document)."""
    return settings.SITE_URL.rstrip("/") + reverse("documents:verify")


def verify_link(number: str, token: str) -> str:
    """The verification page opened on one document's entry: what the QR code holds."""
    return f"{verify_url()}?{urlencode({'number': number, 't': token})}"


def qr_data_uri(text: str) -> str:
    """An SVG QR code of ``text`` as a data URI for an ``<img>`` (error correction M: survives a crease)."""
    import segno

    return segno.make(text, error="m", micro=False).svg_data_uri(scale=1, border=2)
