"""Coverage rules of the cooperating-hospital network (DOMAIN.md §2 "Quantity requirement 设立数量", seed 000).

Every secondary org must keep enough cooperating hospitals in each place it serves. The numbers come from the
:class:`~hospitals.models.CoverageStandard` in force on the day asked about (data, never constants here):

* **provincial-capital type** 省会型: the home city (``OrgUnit.claims_city``) needs ``home_city_minimum``; each
  active tertiary org needs ``minimum_at_or_above`` when its ``annual_motor_premium`` is **at or above**
  ``premium_threshold`` (exactly the threshold counts as at-or-above), else ``minimum_below``, counted in the
  tertiary org's ``city``.
* **metropolitan type** 都市型: the centralised-claims city (``claims_city``) needs ``home_city_minimum``; each
  distinct city or district that has an active tertiary org needs ``minimum_per_metro_city``.

What counts: the secondary org's own cooperations in the network on the day asked
(``Cooperation.objects.in_network_on``): a signed agreement in force that day (seed 000: a cooperating hospital is
one that signed the agreement, 签署平安协作医院合作协议书) and the cooperation running then (active, rectification
requested, renewal due; or terminated or expired only later). An agreement past its end without a renewal no longer
counts, even before the daily job marks the cooperation expired. Each hospital counts once. Another branch's
cooperation with a hospital in the same city never counts.

Where a hospital is: a hospital is *in* a place when ``hospital.city == place`` or ``hospital.district == place``
(after trimming spaces). Metropolitan sub-branches are districts (南山区) while hospitals record city 深圳市 and
district 南山区, so a hospital in 南山区 counts both for 南山区 and for the centralised city 深圳市.

Overlapping places: each requirement is counted **separately against the same hospitals**. When a tertiary org
sits in the home city (e.g. a 长春市 sub-branch of a branch whose home city is 长春市), the home-city requirement
and the sub-branch requirement are two places, and one hospital in 长春市 counts towards both. The standard names
both minimums without saying they must be distinct hospitals, and a sub-branch in the home city is served by the
home-city hospitals in practice. Two tertiary orgs in the same city (provincial-capital type) are likewise two
places with their own requirement; for the metropolitan type the rule is per city, so they share one place.

Totals of an org: ``required`` and ``shortfall`` are the sums over its places (``met`` when the shortfall is 0);
``active`` is the number of distinct in-network hospitals of the org (its network size), which may be larger or
smaller than ``required - shortfall`` (``credited``) because one hospital can serve several places and surplus
hospitals in one place do not make up a shortfall in another.

Cost: :func:`coverage_for_org` runs 3 queries (standard, tertiary orgs, one aggregate of cooperations grouped by
org, city and district) and :func:`national_coverage` 3 (standard, the org tree, the same aggregate for every
org), whatever the amount of data. The pure functions (:func:`required_for_premium`, :func:`build_coverage`) take
plain data so scoring and demo checks can reuse them without touching the database.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from organization.models import OrgUnit

from .models import Cooperation, CoverageStandard

# Kinds of place.
HOME = "home"  # the home city (provincial-capital type) or the centralised-claims city (metropolitan type)
SUB_BRANCH = "sub_branch"  # a tertiary org's city (provincial-capital type), sized by its premium
METRO_CITY = "metro_city"  # a city or district with at least one tertiary org (metropolitan type)

# (city, district) → number of in-network cooperations of one secondary org with hospitals there.
Counts = Mapping[tuple[str, str], int]


class NoCoverageStandard(LookupError):
    """No CoverageStandard is in force on the day asked about: nothing can be required."""


@dataclass(frozen=True)
class Place:
    label: str
    kind: str
    required: int
    active: int
    shortfall: int
    sub_branches: tuple[str, ...] = ()  # names of the tertiary orgs that make this place required
    premium: Decimal | None = None  # the tertiary org's premium (SUB_BRANCH places only)

    @property
    def met(self) -> bool:
        return self.shortfall == 0


@dataclass(frozen=True)
class OrgCoverage:
    org: OrgUnit
    places: list[Place]
    required: int
    active: int  # distinct in-network hospitals of the org
    shortfall: int
    standard: CoverageStandard

    @property
    def met(self) -> bool:
        return self.shortfall == 0

    @property
    def credited(self) -> int:
        """Hospitals credited towards the requirement: required − shortfall."""
        return self.required - self.shortfall

    @property
    def places_short(self) -> list[Place]:
        return [place for place in self.places if place.shortfall]


@dataclass(frozen=True)
class NationalCoverage:
    orgs: list[OrgCoverage]  # shortfalls first
    standard: CoverageStandard
    required: int = 0
    active: int = 0
    shortfall: int = 0
    orgs_short: int = 0
    on: datetime.date | None = None
    by_pk: dict[int, OrgCoverage] = field(default_factory=dict, repr=False)

    @property
    def met(self) -> bool:
        return self.shortfall == 0


# --- pure rules ---------------------------------------------------------------------------------------------
def required_for_premium(premium: Decimal | None, standard: CoverageStandard) -> int:
    """Hospitals a tertiary org of a provincial-capital branch needs: exactly the threshold is at-or-above."""
    if premium is not None and Decimal(premium) >= standard.premium_threshold:
        return standard.minimum_at_or_above
    return standard.minimum_below


def active_in(counts: Counts, place: str) -> int:
    """In-network cooperations with hospitals whose city or district is the place (each hospital once)."""
    place = place.strip()
    return sum(n for (city, district), n in counts.items() if place and place in (city, district))


def required_places(
    org: OrgUnit, tertiaries: Iterable[OrgUnit], standard: CoverageStandard
) -> list[tuple[str, str, int, tuple[str, ...], Decimal | None]]:
    """(label, kind, required, sub-branch names, premium) of every place the org must cover, home first."""
    places: list[tuple[str, str, int, tuple[str, ...], Decimal | None]] = [
        (org.claims_city.strip(), HOME, standard.home_city_minimum, (), None)
    ]
    ordered = sorted(tertiaries, key=lambda t: (t.code, t.pk or 0))
    if org.secondary_type == OrgUnit.SecondaryType.METROPOLITAN:
        by_city: dict[str, list[str]] = {}
        for tertiary in ordered:
            by_city.setdefault(tertiary.city.strip(), []).append(tertiary.name)
        places.extend(
            (city, METRO_CITY, standard.minimum_per_metro_city, tuple(names), None)
            for city, names in by_city.items()
        )
    else:
        places.extend(
            (
                tertiary.city.strip(),
                SUB_BRANCH,
                required_for_premium(tertiary.annual_motor_premium, standard),
                (tertiary.name,),
                tertiary.annual_motor_premium,
            )
            for tertiary in ordered
        )
    return places


def build_coverage(
    org: OrgUnit, tertiaries: Iterable[OrgUnit], counts: Counts, standard: CoverageStandard
) -> OrgCoverage:
    """The coverage of one secondary org from plain data: its tertiary orgs and its in-network counts."""
    places = []
    for label, kind, required, names, premium in required_places(org, tertiaries, standard):
        active = active_in(counts, label)
        places.append(
            Place(
                label=label,
                kind=kind,
                required=required,
                active=active,
                shortfall=max(0, required - active),
                sub_branches=names,
                premium=premium,
            )
        )
    return OrgCoverage(
        org=org,
        places=places,
        required=sum(p.required for p in places),
        active=sum(counts.values()),
        shortfall=sum(p.shortfall for p in places),
        standard=standard,
    )


# --- live data ----------------------------------------------------------------------------------------------
def standard_in_force(on: datetime.date | None = None) -> CoverageStandard:
    standard = CoverageStandard.objects.in_force(on or timezone.localdate())
    if standard is None:
        raise NoCoverageStandard(on)
    return standard


def network_counts(
    org_ids: Iterable[int] | None = None, *, on: datetime.date | None = None
) -> dict[int, dict[tuple[str, str], int]]:
    """One aggregate query: hospitals in the network on the day, grouped by org, hospital city and district."""
    rows = Cooperation.objects.in_network_on(on or timezone.localdate())
    if org_ids is not None:
        rows = rows.filter(org_id__in=list(org_ids))
    grouped = (
        rows.values_list("org_id", "hospital__city", "hospital__district")
        .annotate(n=Count("hospital", distinct=True))
        .order_by()
    )
    counts: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    for org_id, city, district, n in grouped:
        key = ((city or "").strip(), (district or "").strip())
        counts[org_id][key] = counts[org_id].get(key, 0) + n
    return counts


def _tertiaries(parent_ids: Iterable[int]) -> dict[int, list[OrgUnit]]:
    by_parent: dict[int, list[OrgUnit]] = defaultdict(list)
    for tertiary in OrgUnit.objects.filter(
        level=OrgUnit.Level.TERTIARY, is_active=True, parent_id__in=list(parent_ids)
    ).order_by("code"):
        by_parent[tertiary.parent_id].append(tertiary)
    return by_parent


def coverage_for_org(
    org: OrgUnit, *, on: datetime.date | None = None, standard: CoverageStandard | None = None
) -> OrgCoverage:
    """One secondary org's coverage from live data (3 queries, 2 when the standard is given)."""
    if org.level != OrgUnit.Level.SECONDARY:
        raise ValueError(f"{org} is not a secondary org")
    standard = standard or standard_in_force(on)
    tertiaries = _tertiaries([org.pk]).get(org.pk, [])
    counts = network_counts([org.pk], on=on).get(org.pk, {})
    return build_coverage(org, tertiaries, counts, standard)


def sort_shortfalls_first(rows: Iterable[OrgCoverage]) -> list[OrgCoverage]:
    return sorted(rows, key=lambda c: (c.met, -c.shortfall, c.org.code))


def national_coverage(
    *, on: datetime.date | None = None, standard: CoverageStandard | None = None
) -> NationalCoverage:
    """Every active secondary org's coverage at once (3 queries), shortfalls first, with national totals."""
    standard = standard or standard_in_force(on)
    secondaries, tertiaries = [], defaultdict(list)
    for unit in OrgUnit.objects.filter(
        level__in=[OrgUnit.Level.SECONDARY, OrgUnit.Level.TERTIARY], is_active=True
    ).order_by("code"):
        if unit.level == OrgUnit.Level.SECONDARY:
            secondaries.append(unit)
        else:
            tertiaries[unit.parent_id].append(unit)
    counts = network_counts(on=on)
    rows = sort_shortfalls_first(
        build_coverage(org, tertiaries.get(org.pk, []), counts.get(org.pk, {}), standard)
        for org in secondaries
    )
    return NationalCoverage(
        orgs=rows,
        standard=standard,
        required=sum(r.required for r in rows),
        active=sum(r.active for r in rows),
        shortfall=sum(r.shortfall for r in rows),
        orgs_short=sum(1 for r in rows if not r.met),
        on=on or timezone.localdate(),
        by_pk={r.org.pk: r for r in rows},
    )
