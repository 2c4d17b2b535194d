"""Use cases on the org tree, staff and authority matrices."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AUTHORITY_LEVELS, CEILING_MAX, AuthorityCeiling, OrgUnit, ReviewKind


def validate_ceilings(ceilings: Mapping[int, Decimal]) -> None:
    """Nine levels, each within 0–1,000,000 yuan, never lower than the level below."""
    errors = []
    missing = [level for level in AUTHORITY_LEVELS if level not in ceilings]
    if missing:
        errors.append(
            _("Every level from 1 to 9 needs a ceiling; missing: %(levels)s.")
            % {"levels": ", ".join(str(level) for level in missing)}
        )
    extra = sorted(set(ceilings) - set(AUTHORITY_LEVELS))
    if extra:
        errors.append(
            _("Authority levels run from 1 to 9; %(levels)s is not a level.")
            % {"levels": ", ".join(str(level) for level in extra)}
        )
    previous: tuple[int, Decimal] | None = None
    for level in AUTHORITY_LEVELS:
        if level not in ceilings:
            continue
        value = ceilings[level]
        if value < 0 or value > CEILING_MAX:
            errors.append(
                _("Level %(level)s: the ceiling must be between ¥0 and ¥1,000,000.") % {"level": level}
            )
        if previous is not None and value < previous[1]:
            errors.append(
                _(
                    "Level %(level)s (¥%(value)s) is lower than level %(prev)s (¥%(prev_value)s): "
                    "ceilings may not decrease as the level rises."
                )
                % {"level": level, "value": value, "prev": previous[0], "prev_value": previous[1]}
            )
        previous = (level, value)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def set_authority_matrix(org: OrgUnit, kind: str, ceilings: Mapping[int, Decimal]) -> list[AuthorityCeiling]:
    """Replace one review kind's nine ceilings for a secondary org, all or nothing."""
    if org.level != OrgUnit.Level.SECONDARY:
        raise ValidationError(_("Authority matrices belong to secondary orgs."))
    kind = ReviewKind(kind)
    validate_ceilings(ceilings)
    rows = []
    for level in AUTHORITY_LEVELS:
        row, _created = AuthorityCeiling.objects.update_or_create(
            org=org, kind=kind, level=level, defaults={"ceiling": ceilings[level]}
        )
        rows.append(row)
    return rows
