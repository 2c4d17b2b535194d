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
    hq_only: bool = False  # only staff of the head office (and superusers)


MANAGERS = frozenset(
    {
        Role.BRANCH_MANAGER,
        Role.BRANCH_CLAIMS_HEAD,
        Role.MEDICAL_REVIEW_HEAD,
        Role.HQ_NETWORK_APPROVER,
        Role.ADMINISTRATOR,
    }
)

# The roles that see the cooperating-hospital network (hospitals.rules.READERS, repeated here because the
# organisation app imports no domain app).
NETWORK_READERS = frozenset(
    {
        Role.BRANCH_CLAIMS_HEAD,
        Role.MEDICAL_REVIEW_HEAD,
        Role.CLAIMS_ADJUSTER,
        Role.INJURY_FOLLOW_UP,
        Role.MEDICAL_REVIEWER,
        Role.ADMINISTRATOR,
        Role.BRANCH_MANAGER,
        Role.HQ_NETWORK_APPROVER,
    }
)

ENTRIES = [
    NavEntry("home", _("Inbox")),
    NavEntry("sla:dashboard", _("Service levels"), roles=MANAGERS),
    NavEntry("hospitals:list", _("Hospitals"), roles=NETWORK_READERS),
    NavEntry("hospitals:board", _("Pipeline"), roles=NETWORK_READERS),
    NavEntry(
        "hospitals:approvals", _("HQ approvals"), roles=frozenset({Role.HQ_NETWORK_APPROVER}), hq_only=True
    ),
    NavEntry("hospitals:coverage", _("Coverage"), roles=NETWORK_READERS),
    NavEntry("hospitals:activity", _("Network activity"), roles=NETWORK_READERS),
    NavEntry("hospitals:feed", _("Network changes"), roles=NETWORK_READERS),
    NavEntry("organization:org_list", _("Organisations")),
    NavEntry("sla:calendar", _("Holiday calendar"), roles=frozenset({Role.ADMINISTRATOR}), hq_only=True),
    NavEntry("documents:verify", _("Verify a document")),
    NavEntry("admin:index", _("Administration"), roles=frozenset({Role.ADMINISTRATOR}), staff_only=True),
]


def navigation_for(user, current_path: str) -> list[dict]:
    items = []
    for entry in ENTRIES:
        if entry.staff_only and not user.is_staff:
            continue
        if entry.hq_only and not user.is_superuser and (user.org is None or user.org.level != "hq"):
            continue
        if entry.roles is not None and not (user.is_superuser or user.has_role(*entry.roles)):
            continue
        url = reverse(entry.url_name)
        items.append({"url": url, "label": entry.label, "active": False})
    # The current page belongs to the entry with the longest matching path ("/" only for the home page).
    matches = [
        item
        for item in items
        if current_path == item["url"] or (item["url"] != "/" and current_path.startswith(item["url"]))
    ]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return items
