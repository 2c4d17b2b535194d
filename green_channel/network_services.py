"""Use cases of the network lists: import a new version (all or nothing, matched to the registry, people's earlier
decisions carried over) and decide an undecided row. Both under a lock: two imports of one product are numbered one
after the other; two people deciding one row — one wins, the other is told."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hospitals.models import Hospital

from .models import MatchStatus, NetworkEntry, NetworkListVersion, ServiceProduct
from .network_import import NetworkRow
from .network_matching import Decision, RegistryHospital, build_index, carried_over, city_key, match, name_key


class NetworkImportRefused(ValidationError):
    """The file's rows had errors: nothing was imported. ``errors``: [{"row": n, "messages": [...]}]."""

    def __init__(self, errors: list[dict]):
        super().__init__(_("Nothing was imported: %(n)s rows have errors.") % {"n": len(errors)})
        self.errors = errors


def registry_index():
    """The whole registry (every branch's hospitals: the network is the company's), as plain data."""
    return build_index(
        RegistryHospital(id=pk, name=name, city=city, aliases=tuple(aliases.splitlines()))
        for pk, name, city, aliases in Hospital.objects.values_list("id", "name", "city", "aliases")
    )


def _earlier_decisions(version: NetworkListVersion | None) -> dict[tuple[str, str], Decision]:
    if version is None:
        return {}
    decisions = {}
    for entry in version.entries.filter(status__in=[MatchStatus.MANUAL, MatchStatus.ABSENT]).only(
        "city_key", "name_key", "hospital_id", "decided_by_id", "decided_at"
    ):
        decisions[(entry.city_key, entry.name_key)] = Decision(
            entry.hospital_id, entry.decided_by_id, entry.decided_at
        )
    return decisions


def _entry(version: NetworkListVersion, row: NetworkRow, index, decisions) -> NetworkEntry:
    entry = NetworkEntry(
        version=version,
        row=row.row,
        city=row.city,
        hospital_name=row.hospital,
        departments=row.departments,
        city_key=city_key(row.city),
        name_key=name_key(row.hospital),
    )
    decision = carried_over(decisions, row.city, row.hospital)
    if decision is not None:
        entry.status = MatchStatus.MANUAL if decision.hospital_id else MatchStatus.ABSENT
        entry.hospital_id = decision.hospital_id
        entry.decided_by_id, entry.decided_at = decision.decided_by_id, decision.decided_at
        return entry
    found = match(row.city, row.hospital, index)
    entry.candidates = list(found.candidates)
    entry.status = MatchStatus.AUTO if found.matched else MatchStatus.UNDECIDED
    entry.hospital_id = found.hospital_id
    return entry


@transaction.atomic
def import_network_list(
    product: ServiceProduct, rows: list[NetworkRow], *, file_name: str, by, note: str = "", errors=()
) -> NetworkListVersion:
    """A new current version of the product's list from the rows read (green_channel.network_import); the former
    current version stays, superseded. Rows with errors: NetworkImportRefused, nothing written."""
    if errors:
        raise NetworkImportRefused(list(errors))
    if not rows:
        raise ValidationError(_("The file has a header row but no hospitals."))
    ServiceProduct.objects.select_for_update().get(
        pk=product.pk
    )  # imports of one product one after the other
    previous = NetworkListVersion.objects.filter(product=product, is_current=True).first()
    last = NetworkListVersion.objects.filter(product=product).order_by("-number").first()
    if previous is not None:
        NetworkListVersion.objects.filter(pk=previous.pk).update(is_current=False)
    version = NetworkListVersion.objects.create(
        product=product,
        number=(last.number + 1) if last else 1,
        file_name=file_name[:255],
        uploaded_by=by,
        note=note,
    )
    index, decisions = registry_index(), _earlier_decisions(previous)
    entries = [_entry(version, row, index, decisions) for row in rows]
    NetworkEntry.objects.bulk_create(entries, batch_size=1000)
    version.entry_count = len(entries)
    version.city_count = len({e.city_key for e in entries})
    version.matched_count = sum(e.status in (MatchStatus.AUTO, MatchStatus.MANUAL) for e in entries)
    version.absent_count = sum(e.status == MatchStatus.ABSENT for e in entries)
    version.undecided_count = sum(e.status == MatchStatus.UNDECIDED for e in entries)
    version.save(
        update_fields=["entry_count", "city_count", "matched_count", "absent_count", "undecided_count"]
    )
    return version


_COUNTER = {
    MatchStatus.AUTO: "matched_count",
    MatchStatus.MANUAL: "matched_count",
    MatchStatus.ABSENT: "absent_count",
    MatchStatus.UNDECIDED: "undecided_count",
}


@transaction.atomic
def decide_entry(entry_id: int, *, hospital: Hospital | None, by, expected_revision: int) -> NetworkEntry:
    """A person decides a row of the current version: this registry hospital, or (None) "not in the registry".
    Refused when someone decided it since the page was shown (``expected_revision``) or the version was
    superseded."""
    entry = NetworkEntry.objects.select_for_update().select_related("version").get(pk=entry_id)
    if not entry.version.is_current:
        raise ValidationError(
            _("This list was superseded by a newer version: decide the row in the current version.")
        )
    if entry.revision != expected_revision:
        who = entry.decided_by.get_full_name() or entry.decided_by.username if entry.decided_by else ""
        raise ValidationError(
            _("%(who)s decided this row meanwhile (%(status)s). Reload the page to see it.")
            % {"who": who or _("Someone else"), "status": entry.get_status_display()}
        )
    before = entry.status
    entry.status = MatchStatus.MANUAL if hospital is not None else MatchStatus.ABSENT
    entry.hospital = hospital
    entry.decided_by, entry.decided_at = by, timezone.now()
    entry.revision += 1
    entry.save(update_fields=["status", "hospital", "decided_by", "decided_at", "revision"])
    if _COUNTER[before] != _COUNTER[entry.status]:
        NetworkListVersion.objects.filter(pk=entry.version_id).update(
            **{
                _COUNTER[before]: F(_COUNTER[before]) - 1,
                _COUNTER[entry.status]: F(_COUNTER[entry.status]) + 1,
            }
        )
    return entry
