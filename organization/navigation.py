"""The main navigation: a registry that each app fills from its ``AppConfig.ready()``.

``organization`` knows no domain page: an app registers its entries with the predicate that decides who sees
them (usually the same django-rules predicate that guards the page), so the menu never offers a page that would
answer 404 or 403, and no role list is repeated here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str
    order: int  # position in the menu, ascending
    visible: Callable[[object], bool] | None = None  # (user) -> shown? None: every signed-in member of staff


_ENTRIES: dict[str, NavEntry] = {}


def register(*entries: NavEntry) -> None:
    for entry in entries:
        _ENTRIES[entry.url_name] = entry


def entries() -> list[NavEntry]:
    return sorted(_ENTRIES.values(), key=lambda entry: (entry.order, entry.url_name))


def navigation_for(user, current_path: str) -> list[dict]:
    items = []
    for entry in entries():
        if entry.visible is not None and not entry.visible(user):
            continue
        items.append({"url": reverse(entry.url_name), "label": entry.label, "active": False})
    # The current page belongs to the entry with the longest matching path ("/" only for the home page).
    matches = [
        item
        for item in items
        if current_path == item["url"] or (item["url"] != "/" and current_path.startswith(item["url"]))
    ]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return items


def _administrator(user) -> bool:
    from .roles import Role

    return user.is_staff and (user.is_superuser or user.has_role(Role.ADMINISTRATOR))


def register_own_entries() -> None:
    register(
        NavEntry("organization:org_list", _("Organisations"), order=80),
        NavEntry("admin:index", _("Administration"), order=99, visible=_administrator),
    )
