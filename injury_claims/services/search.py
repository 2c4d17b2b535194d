"""Saved searches of injured persons: a name and the filters' querystring, one owner each."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import SavedSearch


def save_search(owner, name: str, query: str) -> SavedSearch:
    """The owner's search under this name; a name they already use is refused with its own message."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the search a name to find it again.")})
    taken = _("You already have a saved search called “%(name)s”: choose another name.") % {"name": name}
    if SavedSearch.objects.filter(owner=owner, name=name).exists():
        raise ValidationError({"name": taken})
    try:
        with transaction.atomic():
            return SavedSearch.objects.create(owner=owner, name=name, query=query)
    except IntegrityError as exc:  # the same name saved at the same moment
        raise ValidationError({"name": taken}) from exc


def delete_saved_search(saved: SavedSearch, *, by) -> None:
    if saved.owner_id != by.pk:
        raise ValidationError(_("Only its owner deletes a saved search."))
    saved.delete()
