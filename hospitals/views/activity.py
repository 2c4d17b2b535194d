from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from organization.scoping import is_hq
from workflow.timeline import describe

from ..activities import KINDS, ActivityKind
from ..forms.activity import (
    ActivityFilterForm,
    EmergencyDispatchForm,
    FeedFilterForm,
    HkCaseForm,
    MaintenanceForm,
    MedicalAdvisorForm,
    TrainingForm,
)
from ..rules import can_work_network
from ..selectors import (
    activity_records,
    get_cooperation_for_user,
    hospitals_by_subject,
    maintenance_of,
    network_event_verbs,
    network_events,
    require_network_reader,
)
from ..services.activity import record_activity, record_maintenance
from ..workflows import COOPERATION, HOSPITAL_EVENTS

PAGE_SIZE = 25
FEED_PAGE_SIZE = 50
INDEX = "hospitals/activity/index.html"
FORM = "hospitals/activity/form.html"
FEED = "hospitals/activity/feed.html"
MAINTENANCE = "hospitals/activity/_maintenance.html"
# The form and the add page of each kind of record (hospitals.activities declares the kinds).
FORMS = {
    "trainings": TrainingForm,
    "advisors": MedicalAdvisorForm,
    "dispatches": EmergencyDispatchForm,
    "hk-cases": HkCaseForm,
}


def _section(request: HttpRequest, kind: ActivityKind, branch, year: int, base_query: str) -> dict:
    records = activity_records(request.user, kind, year=year, branch=branch)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get(kind.page_param))
    return {"kind": kind, "page": page, "base_query": base_query}


def maintenance_context(user, cooperation) -> dict:
    """The context `hospitals/activity/_maintenance.html` needs: the cooperation's last 20 records."""
    return {
        "cooperation": cooperation,
        "maintenance": maintenance_of(cooperation),
        "can_work": can_work_network(user, cooperation),
    }


# --- the activity page ----------------------------------------------------------------------------------------
@require_GET
@login_required
def activity(request: HttpRequest) -> HttpResponse:
    """The four kinds of activity records of the user's branch (HQ: every branch, or one), for one year."""
    require_network_reader(request.user)
    form = ActivityFilterForm(request.GET or None, user=request.user)
    branch, year = form.filters()
    base = QueryDict(mutable=True)
    if branch is not None:
        base["branch"] = str(branch.pk)
    base["year"] = str(year)
    base_query = base.urlencode()
    only = KINDS.get(request.GET.get("section", "")) if request.htmx else None
    kinds = [only] if only else list(KINDS.values())
    context = {
        "form": form,
        "year": year,
        "branch": branch,
        "is_hq": is_hq(request.user),
        "can_work": can_work_network(request.user),
        "base_query": base_query,
        "sections": {k.partial: _section(request, k, branch, year, base_query) for k in kinds},
    }
    if only:
        return render(request, f"{INDEX}#{only.partial}", {**context, **context["sections"][only.partial]})
    return render(request, INDEX, context)


# --- adding records -------------------------------------------------------------------------------------------
def _require_worker(user) -> None:
    """Not a network role: 404; a reader (branch manager, HQ) asked to write: 403."""
    require_network_reader(user)
    if not can_work_network(user):
        raise PermissionDenied


def _saved(request: HttpRequest, event: str, fallback: str) -> HttpResponse:
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Trigger"] = event
        return response
    return redirect(fallback)


def _add_record(request: HttpRequest, kind: ActivityKind) -> HttpResponse:
    _require_worker(request.user)
    user = request.user
    form_class = FORMS[kind.key]
    if request.method == "POST":
        form = form_class(request.POST, user=user)
        if form.is_valid():
            record = record_activity(kind, form.instance, by=user)
            messages.success(request, _("Saved: %(record)s") % {"record": kind.summary(record)})
            return _saved(request, kind.event, f"{reverse('hospitals:activity')}#{kind.key}")
    else:
        form = form_class(user=user)
    context = {
        "form": form,
        "title": _("Add to %(kind)s") % {"kind": kind.title},
        "action": reverse("hospitals:activity_add", args=[kind.key]),
        "cancel": f"{reverse('hospitals:activity')}#{kind.key}",
        "testid": f"{kind.key}-form",
    }
    return render(request, f"{FORM}#form" if request.htmx else FORM, context)


@require_http_methods(["GET", "POST"])
@login_required
def activity_add(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in KINDS:
        require_network_reader(request.user)
        raise Http404
    return _add_record(request, KINDS[kind])


# --- maintenance log ------------------------------------------------------------------------------------------
@require_GET
@login_required
def maintenance_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The maintenance partial on its own: the hospital page refreshes it after a record is added."""
    cooperation = get_cooperation_for_user(request.user, pk)
    return render(request, MAINTENANCE, maintenance_context(request.user, cooperation))


@require_http_methods(["GET", "POST"])
@login_required
def maintenance_add(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation = get_cooperation_for_user(request.user, pk, write=True)
    if request.method == "POST":
        form = MaintenanceForm(request.POST)
        if form.is_valid():
            record_maintenance(cooperation, form.instance, by=request.user)
            messages.success(request, _("Maintenance record saved."))
            return _saved(request, f"maintenance-changed-{cooperation.pk}", cooperation.get_absolute_url())
    else:
        form = MaintenanceForm(initial={"on": timezone.localdate()})
    context = {
        "form": form,
        "title": _("Maintenance of %(hospital)s") % {"hospital": cooperation.hospital.name},
        "action": reverse("hospitals:maintenance_add", args=[cooperation.pk]),
        "cancel": cooperation.get_absolute_url(),
        "testid": "maintenance-form",
    }
    return render(request, f"{FORM}#form" if request.htmx else FORM, context)


# --- the change feed ------------------------------------------------------------------------------------------
@require_GET
@login_required
def feed(request: HttpRequest) -> HttpResponse:
    """Every change to the network: HQ reads all branches (or one), a branch its own."""
    require_network_reader(request.user)
    verbs = network_event_verbs(request.user)
    form = FeedFilterForm(request.GET or None, user=request.user, verbs=[(v, _verb_label(v)) for v in verbs])
    branch, verb = form.filters()
    events = network_events(request.user, branch=branch, verb=verb)
    page = Paginator(events, FEED_PAGE_SIZE).get_page(request.GET.get("page"))
    hospitals = hospitals_by_subject(page.object_list)
    rows = [
        {**row, "hospital": hospitals.get((row["event"].content_type_id, row["event"].object_id))}
        for row in describe(page.object_list)
    ]
    query = QueryDict(mutable=True)
    if branch is not None:
        query["branch"] = str(branch.pk)
    if verb:
        query["verb"] = verb
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "is_hq": is_hq(request.user),
        "query": query.urlencode(),
    }
    template = f"{FEED}#feed" if request.htmx and not request.htmx.boosted else FEED
    return render(request, template, context)


def _verb_label(verb: str) -> str:
    """The feed mixes events of hospitals, cooperations and agreements: their labels come from the declarations."""
    label = COOPERATION.event_label(verb) or HOSPITAL_EVENTS.get(verb)
    return str(label) if label is not None else verb.replace("_", " ")


urlpatterns = [
    path("activity/", activity, name="activity"),
    path("activity/<slug:kind>/new/", activity_add, name="activity_add"),
    path("cooperations/<int:pk>/maintenance/", maintenance_list, name="maintenance_list"),
    path("cooperations/<int:pk>/maintenance/new/", maintenance_add, name="maintenance_add"),
    path("feed/", feed, name="feed"),
]
