"""Kinds of printed document, registered by the apps that print them (in their ``AppConfig.ready()``).

``documents`` knows no domain: a kind is a slug with its label, the prefix of its numbers and the rule deciding
who may read an issued document of that kind. A document is visible exactly when its subject (the record it was
printed for) is visible to the person: the kind's ``can_read(user, subject)`` says so, usually the same predicate
that guards the subject's own page. A new kind needs no migration.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _

SLUG = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
PREFIX = re.compile(r"^[A-Z]{2,4}$")


@dataclass(frozen=True)
class DocumentKind:
    slug: str
    label: str
    prefix: str  # printed before the number: CA-2026-000012
    can_read: Callable[[object, object], bool]  # (user, subject) -> may this person read it?


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    if not SLUG.match(kind.slug):
        raise ImproperlyConfigured(
            f"Document kind {kind.slug!r}: a slug of 2–40 lowercase letters, digits, _"
        )
    if not PREFIX.match(kind.prefix):
        raise ImproperlyConfigured(
            f"Document kind {kind.slug!r}: the prefix {kind.prefix!r} is not 2–4 capitals"
        )
    for other in _KINDS.values():
        if other.slug != kind.slug and other.prefix == kind.prefix:
            raise ImproperlyConfigured(
                f"Document kinds {other.slug!r} and {kind.slug!r} share prefix {kind.prefix}"
            )
    _KINDS[kind.slug] = kind
    return kind


def get(slug: str) -> DocumentKind | None:
    return _KINDS.get(slug)


def kinds() -> list[DocumentKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.slug)


def validate_kind(slug: str) -> None:
    if slug not in _KINDS:
        raise ValidationError(_("“%(kind)s” is not a registered kind of document.") % {"kind": slug})
