"""``{% printed_forms settlement as documents %}``: the forms printed for a settlement and for its claim (the
closing report), newest first, for the settlement page (the caller's page has checked the claim is visible)."""

from __future__ import annotations

from django import template

from documents.selectors import documents_of

from ..services.printing import CLOSING_REPORT

register = template.Library()


@register.simple_tag
def printed_forms(settlement) -> list:
    closing = [d for d in documents_of(settlement.person.claim) if d.kind == CLOSING_REPORT]
    return sorted([*documents_of(settlement), *closing], key=lambda d: (d.issued_at, d.pk), reverse=True)
