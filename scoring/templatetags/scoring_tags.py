"""Template filters of the annual assessment."""

from __future__ import annotations

from django import template

from .. import facts

register = template.Library()


@register.filter
def hospital_rows(hospitals) -> list[dict]:
    """A scorecard's per-hospital annual figures as shown (scoring.facts.hospital_rows)."""
    return facts.hospital_rows(hospitals)
