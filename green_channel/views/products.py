"""The green channel's products and their network lists (issue 12 point 2): the product list and page (every term,
"not stated" where the manual is silent), the current network list with search, the version history, the import,
and the decision on a row that matched no single registry hospital. Thin: reads in green_channel.network_selectors,
writes in green_channel.network_services, who may in green_channel.rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import network_selectors as selectors
from .. import network_services as services
from ..models import MatchStatus
from ..network_forms import ABSENT, DecisionForm, NetworkImportForm, SearchForm
from ..product_display import product_terms, service_terms
from ..rules import can_manage_networks, can_view_products

PAGE_SIZE = 50


def _require_reader(user) -> None:
    """Not a reader of products: 404 (the pages are not theirs to know of)."""
    if not can_view_products(user):
        raise Http404


def _require_manager(user) -> None:
    """A reader who may not administer the lists: 403 (the page is visible, the action is not theirs)."""
    _require_reader(user)
    if not can_manage_networks(user):
        raise PermissionDenied


@require_GET
@login_required
def product_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request.user)
    products = list(selectors.products_for_list())
    for product in products:
        product.current_version = product.current_versions[0] if product.current_versions else None
    return render(request, "green_channel/products/list.html", {"products": products})


@require_GET
@login_required
def product_detail(request: HttpRequest, code: str) -> HttpResponse:
    _require_reader(request.user)
    product = selectors.get_product(code)
    services_shown = [{"service": s, "terms": service_terms(s)} for s in selectors.product_services(product)]
    context = {
        "product": product,
        "terms": product_terms(product),
        "services": services_shown,
        "can_manage": can_manage_networks(request.user),
    }
    return render(request, "green_channel/products/detail.html", context)


@require_GET
@login_required
def network(request: HttpRequest, code: str) -> HttpResponse:
    """The current version's list (or ?version=N, an older one), searched by hospital and city, 50 a page."""
    _require_reader(request.user)
    product = selectors.get_product(code)
    version = selectors.get_version(product, request.GET.get("version"))
    form = SearchForm(request.GET or None)
    page = None
    if version is not None:
        entries = selectors.entries_for_list(version, **form.filters())
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "product": product,
        "version": version,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_manage": can_manage_networks(request.user),
        "Match": MatchStatus,
    }
    return render(request, "green_channel/products/network.html", context)


@require_GET
@login_required
def network_versions(request: HttpRequest, code: str) -> HttpResponse:
    _require_reader(request.user)
    product = selectors.get_product(code)
    context = {
        "product": product,
        "versions": selectors.versions_of(product),
        "can_manage": can_manage_networks(request.user),
    }
    return render(request, "green_channel/products/versions.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def network_import(request: HttpRequest, code: str) -> HttpResponse:
    """All or nothing: a file with any bad row imports nothing and lists every bad row (answered 200, so htmx and
    the browser show it)."""
    _require_manager(request.user)
    product = selectors.get_product(code)
    form = NetworkImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        outcome = form.outcome
        version = services.import_network_list(
            product,
            outcome.rows,
            file_name=form.cleaned_data["file"].name,
            by=request.user,
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _(
                "Version %(number)s imported: %(rows)s hospitals in %(cities)s cities, %(matched)s matched to the "
                "registry, %(undecided)s to decide."
            )
            % {
                "number": version.number,
                "rows": version.entry_count,
                "cities": version.city_count,
                "matched": version.matched_count,
                "undecided": version.undecided_count,
            },
        )
        if outcome.ignored_columns:
            messages.info(
                request,
                _("Columns not read: %(columns)s.") % {"columns": "、".join(outcome.ignored_columns)},
            )
        url = reverse("green_channel:network", args=[product.code])
        return redirect(f"{url}?status={MatchStatus.UNDECIDED}" if version.undecided_count else url)
    context = {
        "product": product,
        "form": form,
        "row_errors": form.outcome.errors if form.outcome else [],
    }
    return render(request, "green_channel/products/import.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def network_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the registry hospital a row is (from the candidates or a search), or mark it not in the registry."""
    _require_manager(request.user)
    entry = selectors.get_entry(pk)
    form = DecisionForm(request.POST or None, initial={"revision": entry.revision})
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_entry(
                entry.pk,
                hospital=form.cleaned_data["choice"],
                by=request.user,
                expected_revision=form.cleaned_data["revision"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Decision saved: %(name)s.") % {"name": entry.hospital_name})
            url = reverse("green_channel:network", args=[entry.version.product.code])
            return redirect(f"{url}?status={MatchStatus.UNDECIDED}")
    search = request.GET.get("search", "")[:100]
    context = {
        "entry": entry,
        "product": entry.version.product,
        "form": form,
        "search": search,
        "hospitals": selectors.candidate_hospitals(entry, search),
        "ABSENT": ABSENT,
    }
    return render(request, "green_channel/products/decide.html", context)


urlpatterns = [
    path("products/", product_list, name="products"),
    path("products/<slug:code>/", product_detail, name="product"),
    path("products/<slug:code>/network/", network, name="network"),
    path("products/<slug:code>/network/versions/", network_versions, name="network_versions"),
    path("products/<slug:code>/network/import/", network_import, name="network_import"),
    path("network-entries/<int:pk>/decide/", network_decide, name="network_decide"),
]
