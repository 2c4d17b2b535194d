"""Navigation by role. Each app adds its entries here as it gains pages; an entry is shown only to its roles."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str
    roles: frozenset[str] | None = None  # None: every signed-in member of staff
    staff_only: bool = False


ENTRIES = [
    NavEntry("home", _("Home")),
    NavEntry("organization:org_list", _("Organisations")),
    NavEntry("documents:verify", _("Verify a document")),
    NavEntry("admin:index", _("Administration"), roles=frozenset({Role.ADMINISTRATOR}), staff_only=True),
]


def navigation_for(user, current_path: str) -> list[dict]:
    items = []
    for entry in ENTRIES:
        if entry.staff_only and not user.is_staff:
            continue
        if entry.roles is not None and not (user.is_superuser or user.has_role(*entry.roles)):
            continue
        url = reverse(entry.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"url": url, "label": entry.label, "active": active})
    return items
