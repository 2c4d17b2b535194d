"""Personal information at rest (个人信息保护法, DESIGN.md "Cross-cutting rules").

ID numbers, mobiles and bank accounts are stored encrypted (Fernet: AES-128-CBC with HMAC-SHA256) with keys from
the environment (``settings.PII_KEYS``: the first key encrypts, every key decrypts, so a key is rotated by putting
the new one first and running ``manage.py rotate_pii_keys``, then removing the old one), found by a **keyed hash** (HMAC-SHA256 of the normalised value, so equal values
match without the database ever holding the value) and shown **masked** by default. Revealing a value is a use case
of the app that holds it, which records who looked and why.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def _derive(secret: str, purpose: bytes) -> bytes:
    return hmac.new(secret.encode(), purpose, hashlib.sha256).digest()


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    if not keys or not all(keys):
        raise ImproperlyConfigured("DJANGO_PII_KEYS must name at least one key (README.md, 'Production').")
    return MultiFernet([Fernet(base64.urlsafe_b64encode(_derive(k, b"pii-encryption"))) for k in keys])


def _keys() -> tuple[str, ...]:
    return tuple(settings.PII_KEYS)


def normalise(value: str) -> str:
    """The form a value is compared in: NFKC (full-width digits become ASCII), no spaces, upper case (the ID
    number's check character X)."""
    return "".join(unicodedata.normalize("NFKC", value or "").split()).upper()


def encrypt(value: str) -> str:
    return _cipher(_keys()).encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _cipher(_keys()).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A personal-information value cannot be decrypted with DJANGO_PII_KEYS: a key was removed too early."
        ) from exc


def _hash(secret: str, value: str) -> str:
    return hmac.new(
        _derive(secret, b"pii-blind-index"), normalise(value).encode(), hashlib.sha256
    ).hexdigest()


def blind_index(value: str) -> str:
    """The keyed hash a value is stored with (always with the first key: ``rotate_pii_keys`` re-hashes)."""
    return _hash(_keys()[0], value) if value else ""


def blind_indexes(value: str) -> list[str]:
    """Every keyed hash a stored value may carry: under the first key, and under the older keys for rows that
    ``rotate_pii_keys`` has not reached yet. Lookups filter with ``__in`` so nobody goes missing mid-rotation."""
    return list(dict.fromkeys(_hash(key, value) for key in _keys())) if value else []


def is_current(token: str) -> bool:
    """Whether a stored value is encrypted under the first key (``rotate_pii_keys`` skips those)."""
    try:
        _cipher(_keys()[:1]).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def mask(value: str, *, keep_start: int = 3, keep_end: int = 4) -> str:
    """``110101********1234``: the start and the end stay, the rest is starred; short values are starred whole."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


class EncryptedTextField(models.TextField):
    """A text stored encrypted; Python sees the plain value. It cannot be filtered on: filter on its blind index.

    ``blind_index_field`` names the field holding ``blind_index(value)``, so ``rotate_pii_keys`` re-computes it
    with the value (runtime metadata only: it is not part of the migration state)."""

    def __init__(self, *args, blind_index_field: str | None = None, **kwargs):
        self.blind_index_field = blind_index_field
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
