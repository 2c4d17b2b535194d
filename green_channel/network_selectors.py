"""Read side of the products and their network lists: the pages' querysets (a constant number of queries each) and
the questions later users ask — which hospitals are in a product's network, and is this one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from hospitals.models import Hospital

from .models import (
    DocumentRequirement,
    NetworkEntry,
    NetworkListVersion,
    ProductService,
    ServiceProduct,
    ServiceStep,
)
from .network_matching import city_key, name_key, short_key


def products_for_list() -> QuerySet[ServiceProduct]:
    """Every product with its insurer, vendor and current network version (two queries)."""
    return ServiceProduct.objects.select_related("insurer", "vendor").prefetch_related(
        Prefetch(
            "network_versions",
            queryset=NetworkListVersion.objects.filter(is_current=True),
            to_attr="current_versions",
        )
    )


def get_product(code: str) -> ServiceProduct:
    product = products_for_list().filter(code=code).first()
    if product is None:
        raise Http404
    product.current_version = product.current_versions[0] if product.current_versions else None
    return product


def product_services(product: ServiceProduct) -> list[ProductService]:
    """The product's services with their steps and documents (three queries)."""
    return list(
        ProductService.objects.filter(product=product).prefetch_related(
            Prefetch("steps", queryset=ServiceStep.objects.order_by("order", "pk")),
            Prefetch("documents", queryset=DocumentRequirement.objects.order_by("order", "pk")),
        )
    )


def versions_of(product: ServiceProduct) -> QuerySet[NetworkListVersion]:
    return (
        NetworkListVersion.objects.filter(product=product).select_related("uploaded_by").order_by("-number")
    )


def get_version(product: ServiceProduct, number: str | None) -> NetworkListVersion | None:
    """The version asked for (?version=N), or the current one; None when the product has no list yet."""
    versions = NetworkListVersion.objects.filter(product=product)
    if number:
        if not str(number).isdigit():
            raise Http404
        version = versions.filter(number=int(number)).first()
        if version is None:
            raise Http404
        return version
    return versions.filter(is_current=True).first()


def entries_for_list(
    version: NetworkListVersion, *, q: str = "", city: str = "", status: str = ""
) -> QuerySet[NetworkEntry]:
    entries = version.entries.select_related("hospital", "decided_by")
    if city:
        entries = entries.filter(Q(city_key=city_key(city)) | Q(city__icontains=city.strip()))
    if q:
        key = name_key(q)
        entries = entries.filter(
            Q(hospital_name__icontains=q.strip())
            | Q(name_key__contains=key or q)
            | Q(hospital__name__icontains=q.strip())
        )
    if status:
        entries = entries.filter(status=status)
    return entries.order_by("row")


def get_entry(pk: int) -> NetworkEntry:
    entry = (
        NetworkEntry.objects.select_related("version__product", "hospital", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def candidate_hospitals(entry: NetworkEntry, search: str = "", limit: int = 20) -> list[Hospital]:
    """The candidates found at import, then the registry searched by name or other name (at most ``limit``)."""
    found = list(Hospital.objects.filter(pk__in=entry.candidates or []).order_by("city", "name"))
    if search.strip():
        term = search.strip()
        shown = {h.pk for h in found}
        more = (
            Hospital.objects.filter(Q(name__icontains=term) | Q(aliases__icontains=term))
            .exclude(pk__in=shown)
            .order_by("city", "name")[:limit]
        )
        found += list(more)
    return found


# --- for later users (bookings, entitlements, scoring) ------------------------------------------------------------
def network_hospitals(product: ServiceProduct) -> QuerySet[NetworkEntry]:
    """The current version's rows of the product's list (empty when none was imported), registry hospital joined."""
    return NetworkEntry.objects.filter(version__product=product, version__is_current=True).select_related(
        "hospital"
    )


@dataclass(frozen=True)
class InNetwork:
    """Whether a hospital is in the product's current list, and the row that says so."""

    found: bool
    entry: NetworkEntry | None = None

    def __bool__(self) -> bool:
        return self.found


def in_network(product: ServiceProduct, hospital: int | str, city: str = "") -> InNetwork:
    """By registry hospital id (a matched row), or by name (normalised as the matching does, within ``city`` when
    given). One query."""
    entries = network_hospitals(product)
    if isinstance(hospital, int):
        entry = entries.filter(hospital_id=hospital).order_by("row").first()
    else:
        keys = {name_key(hospital), short_key(hospital)} - {""}
        entries = entries.filter(Q(name_key__in=keys) | Q(hospital__name=hospital.strip()))
        if city:
            entries = entries.filter(city_key=city_key(city))
        entry = entries.order_by("row").first()
    return InNetwork(entry is not None, entry)
