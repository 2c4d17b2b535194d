"""Use cases on the org tree, staff and authority matrices."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AUTHORITY_LEVELS, CEILING_MAX, AuthorityCeiling, OrgUnit, ReviewKind


def validate_ceilings(ceilings: Mapping[int, Decimal]) -> None:
    """Seed 001: "各省分公司在0-100万元内自行安排1-9级跟踪/费用/调解审核权限" — each province arranges levels 1–9 itself,
    every ceiling anywhere within 0–1,000,000 yuan (both ends included). A level may stay unused and the ceilings
    need not rise with the level: the province decides."""
    errors = []
    extra = sorted(set(ceilings) - set(AUTHORITY_LEVELS))
    if extra:
        errors.append(
            _("Authority levels run from 1 to 9; %(levels)s is not a level.")
            % {"levels": ", ".join(str(level) for level in extra)}
        )
    for level in AUTHORITY_LEVELS:
        value = ceilings.get(level)
        if value is not None and (value < 0 or value > CEILING_MAX):
            errors.append(
                _("Level %(level)s: the ceiling must be between ¥0 and ¥1,000,000.") % {"level": level}
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def set_authority_matrix(org: OrgUnit, kind: str, ceilings: Mapping[int, Decimal]) -> list[AuthorityCeiling]:
    """Replace one review kind's ceilings for a secondary org, all or nothing: the levels given get their
    ceiling, the levels left out are unused (nobody at that level reviews that kind)."""
    if org.level != OrgUnit.Level.SECONDARY:
        raise ValidationError(_("Authority matrices belong to secondary orgs."))
    kind = ReviewKind(kind)
    validate_ceilings(ceilings)
    AuthorityCeiling.objects.filter(org=org, kind=kind).exclude(level__in=list(ceilings)).delete()
    rows = []
    for level in sorted(ceilings):
        row, _created = AuthorityCeiling.objects.update_or_create(
            org=org, kind=kind, level=level, defaults={"ceiling": ceilings[level]}
        )
        rows.append(row)
    return rows
