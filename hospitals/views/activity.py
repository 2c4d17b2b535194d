"""Network activity records (trainings, medical advisors, emergency dispatches, HK-project cases), the maintenance
log of a cooperation, and the feed of network changes HQ reads (DOMAIN.md §2–§3, issue 4 points 5 and 8)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from organization.models import OrgUnit
from workflow.models import Event
from workflow.services import record_event

from ..forms.activity import (
    ActivityFilterForm,
    EmergencyDispatchForm,
    FeedFilterForm,
    HkCaseForm,
    MaintenanceForm,
    MedicalAdvisorForm,
    TrainingForm,
)
from ..models import (
    Agreement,
    Cooperation,
    EmergencyDispatch,
    HkCase,
    Hospital,
    MaintenanceLog,
    MedicalAdvisor,
    Training,
)
from ..rules import can_work_network
from ..selectors import get_cooperation_for_user, require_network_reader

PAGE_SIZE = 25
FEED_PAGE_SIZE = 50
MAINTENANCE_SHOWN = 20
INDEX = "hospitals/activity/index.html"
FORM = "hospitals/activity/form.html"
FEED = "hospitals/activity/feed.html"
MAINTENANCE = "hospitals/activity/_maintenance.html"


# --- reads ----------------------------------------------------------------------------------------------------
def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _trainings(year: int) -> models.QuerySet:
    return Training.objects.filter(on__year=year).order_by("-on", "-pk")


def _advisors(year: int) -> models.QuerySet:
    """Advisors serving at any time in the year, the most recently appointed first."""
    first, last = _year_bounds(year)
    return MedicalAdvisor.objects.filter(term_start__lte=last, term_end__gte=first).order_by(
        "-term_start", "-pk"
    )


def _dispatches(year: int) -> models.QuerySet:
    return EmergencyDispatch.objects.filter(at__year=year).order_by("-at", "-pk")


def _hk_cases(year: int) -> models.QuerySet:
    return HkCase.objects.filter(opened_on__year=year).order_by("-opened_on", "-pk")


@dataclass(frozen=True)
class Kind:
    """One kind of activity record: its section on the page, its list, its form and its audit verb."""

    key: str  # section id, data-testid and the prefix of its page parameter
    partial: str
    title: str
    records: Callable[[int], models.QuerySet]
    form: type
    verb: str
    add_url: str
    summary: Callable[[models.Model], str]

    @property
    def page_param(self) -> str:
        return f"{self.partial}_page"

    @property
    def event(self) -> str:
        return f"{self.key}-changed"


def _training_summary(t: Training) -> str:
    exam = _("closed-book exam, pass rate %(rate)s%%") % {"rate": t.pass_rate} if t.closed_book_exam else ""
    parts = [f"{t.on:%Y-%m-%d} {t.topic}", _("%(n)s attendees") % {"n": t.attendees}, exam]
    return "; ".join(p for p in parts if p)


def _advisor_summary(a: MedicalAdvisor) -> str:
    return f"{a.doctor} ({a.specialty}) {a.term_start:%Y-%m-%d} – {a.term_end:%Y-%m-%d}, ¥{a.annual_fee:,.2f}"


def _dispatch_summary(d: EmergencyDispatch) -> str:
    at = timezone.localtime(d.at)
    return "; ".join(
        [
            f"{at:%Y-%m-%d %H:%M} {d.get_customer_type_display()}",
            _("response %(n)s min") % {"n": d.response_minutes},
            str(d.get_outcome_display()),
        ]
    )


def _hk_summary(c: HkCase) -> str:
    parts = [f"{c.reference} {c.opened_on:%Y-%m-%d}", _("on time") if c.on_time else _("not on time")]
    if c.complaint:
        parts.append(_("verified complaint") if c.complaint_verified else _("complaint"))
    return "; ".join(str(p) for p in parts)


KINDS = {
    kind.key: kind
    for kind in (
        Kind(
            "trainings",
            "trainings",
            gettext_lazy("Trainings"),
            _trainings,
            TrainingForm,
            "training_recorded",
            "hospitals:training_add",
            _training_summary,
        ),
        Kind(
            "advisors",
            "advisors",
            gettext_lazy("Medical advisors"),
            _advisors,
            MedicalAdvisorForm,
            "advisor_recorded",
            "hospitals:advisor_add",
            _advisor_summary,
        ),
        Kind(
            "dispatches",
            "dispatches",
            gettext_lazy("Emergency dispatches"),
            _dispatches,
            EmergencyDispatchForm,
            "dispatch_recorded",
            "hospitals:dispatch_add",
            _dispatch_summary,
        ),
        Kind(
            "hk-cases",
            "hk_cases",
            gettext_lazy("HK-project cases"),
            _hk_cases,
            HkCaseForm,
            "hk_case_recorded",
            "hospitals:hk_case_add",
            _hk_summary,
        ),
    )
}


def _is_hq(user) -> bool:
    return user.org is not None and user.org.level == OrgUnit.Level.HQ


def _scoped(qs: models.QuerySet, user, branch: OrgUnit | None) -> models.QuerySet:
    """A branch sees its own records; HQ every branch's, or one branch's when it filters."""
    if _is_hq(user):
        qs = qs.filter(org=branch) if branch is not None else qs
        return qs.select_related("hospital", "org")
    return qs.filter(org_id=user.org.secondary.pk).select_related("hospital")


def _section(request: HttpRequest, kind: Kind, branch, year: int, base_query: str) -> dict:
    records = _scoped(kind.records(year), request.user, branch)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get(kind.page_param))
    return {"kind": kind, "page": page, "base_query": base_query}


def maintenance_context(user, cooperation: Cooperation) -> dict:
    """The context `hospitals/activity/_maintenance.html` needs: the cooperation's last 20 records."""
    return {
        "cooperation": cooperation,
        "maintenance": list(
            MaintenanceLog.objects.filter(cooperation=cooperation).select_related("by")[:MAINTENANCE_SHOWN]
        ),
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
        "is_hq": _is_hq(request.user),
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


def _add_record(request: HttpRequest, kind: Kind) -> HttpResponse:
    _require_worker(request.user)
    user = request.user
    if request.method == "POST":
        form = kind.form(request.POST, user=user)
        if form.is_valid():
            with transaction.atomic():
                record = form.save(commit=False)
                record.org = user.org.secondary
                record.save()
                record_event(record.hospital, kind.verb, by=user, note=kind.summary(record))
            messages.success(request, _("Saved: %(record)s") % {"record": kind.summary(record)})
            return _saved(request, kind.event, f"{reverse('hospitals:activity')}#{kind.key}")
    else:
        form = kind.form(user=user)
    context = {
        "form": form,
        "title": _("Add to %(kind)s") % {"kind": kind.title},
        "action": reverse(kind.add_url),
        "cancel": f"{reverse('hospitals:activity')}#{kind.key}",
        "testid": f"{kind.key}-form",
    }
    return render(request, f"{FORM}#form" if request.htmx else FORM, context)


@require_http_methods(["GET", "POST"])
@login_required
def training_add(request: HttpRequest) -> HttpResponse:
    return _add_record(request, KINDS["trainings"])


@require_http_methods(["GET", "POST"])
@login_required
def advisor_add(request: HttpRequest) -> HttpResponse:
    return _add_record(request, KINDS["advisors"])


@require_http_methods(["GET", "POST"])
@login_required
def dispatch_add(request: HttpRequest) -> HttpResponse:
    return _add_record(request, KINDS["dispatches"])


@require_http_methods(["GET", "POST"])
@login_required
def hk_case_add(request: HttpRequest) -> HttpResponse:
    return _add_record(request, KINDS["hk-cases"])


# --- maintenance log ------------------------------------------------------------------------------------------
def _cooperation_page(cooperation: Cooperation) -> str:
    try:
        return cooperation.get_absolute_url()
    except NoReverseMatch:  # the hospital page is not wired yet: fall back to the activity page
        return reverse("hospitals:activity")


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
            with transaction.atomic():
                entry = form.save(commit=False)
                entry.cooperation, entry.by = cooperation, request.user
                entry.save()
                note = f"{entry.on:%Y-%m-%d} {entry.get_kind_display()}: {entry.note[:200]}"
                record_event(cooperation, "maintenance_recorded", by=request.user, note=note)
            messages.success(request, _("Maintenance record saved."))
            return _saved(request, f"maintenance-changed-{cooperation.pk}", _cooperation_page(cooperation))
    else:
        form = MaintenanceForm(initial={"on": timezone.localdate()})
    context = {
        "form": form,
        "title": _("Maintenance of %(hospital)s") % {"hospital": cooperation.hospital.name},
        "action": reverse("hospitals:maintenance_add", args=[cooperation.pk]),
        "cancel": _cooperation_page(cooperation),
        "testid": "maintenance-form",
    }
    return render(request, f"{FORM}#form" if request.htmx else FORM, context)


# --- the change feed ------------------------------------------------------------------------------------------
VERB_LABELS = {
    "training_recorded": gettext_lazy("Training recorded"),
    "advisor_recorded": gettext_lazy("Medical advisor recorded"),
    "dispatch_recorded": gettext_lazy("Emergency dispatch recorded"),
    "hk_case_recorded": gettext_lazy("HK-project case recorded"),
    "maintenance_recorded": gettext_lazy("Maintenance recorded"),
    "shortlist": gettext_lazy("Shortlisted"),
    "contact": gettext_lazy("Contacted"),
    "negotiate": gettext_lazy("Negotiation started"),
    "submit": gettext_lazy("Submitted to HQ"),
    "return_for_changes": gettext_lazy("Returned for changes"),
    "reject": gettext_lazy("Rejected"),
    "approve": gettext_lazy("Approved by HQ"),
    "sign": gettext_lazy("Agreement signed"),
    "activate": gettext_lazy("Activated"),
    "request_rectification": gettext_lazy("Rectification requested"),
    "close_rectification": gettext_lazy("Rectification closed"),
    "mark_renewal_due": gettext_lazy("Renewal due"),
    "renew": gettext_lazy("Renewed"),
    "terminate": gettext_lazy("Terminated"),
}
STATE_LABELS = dict(Cooperation.State.choices)


def verb_label(verb: str) -> str:
    return str(VERB_LABELS.get(verb, verb.replace("_", " ")))


def _network_content_types() -> dict[int, type[models.Model]]:
    types = ContentType.objects.get_for_models(Hospital, Cooperation, Agreement)
    return {ct.pk: model for model, ct in types.items()}


SUBJECT_HOSPITAL = {Hospital: ("id", "name"), Cooperation: ("hospital_id", "hospital__name")}
SUBJECT_HOSPITAL[Agreement] = ("cooperation__hospital_id", "cooperation__hospital__name")


def _hospitals_by_subject(events, types: dict[int, type[models.Model]]) -> dict[tuple[int, int], dict]:
    """(content type id, object id) → {"pk", "name"} of the hospital, one query per kind of subject on the page."""
    ids: dict[int, set[int]] = {}
    for event in events:
        ids.setdefault(event.content_type_id, set()).add(event.object_id)
    found: dict[tuple[int, int], dict] = {}
    for ct_id, object_ids in ids.items():
        model = types[ct_id]
        rows = model._default_manager.filter(pk__in=object_ids).values_list("pk", *SUBJECT_HOSPITAL[model])
        for pk, hospital_pk, name in rows:
            found[ct_id, pk] = {"pk": hospital_pk, "name": name}
    return found


@require_GET
@login_required
def feed(request: HttpRequest) -> HttpResponse:
    """Every change to the network: HQ reads all branches (or one), a branch its own."""
    require_network_reader(request.user)
    types = _network_content_types()
    events = Event.objects.visible_to(request.user).filter(content_type_id__in=list(types))
    verbs = sorted(set(events.order_by().values_list("verb", flat=True).distinct()))
    form = FeedFilterForm(request.GET or None, user=request.user, verbs=[(v, verb_label(v)) for v in verbs])
    branch, verb = form.filters()
    if branch is not None:
        events = events.filter(models.Q(org=branch) | models.Q(org__parent=branch))
    if verb:
        events = events.filter(verb=verb)
    events = events.select_related("org", "actor").order_by("-created_at", "-pk")
    page = Paginator(events, FEED_PAGE_SIZE).get_page(request.GET.get("page"))
    hospitals = _hospitals_by_subject(page.object_list, types)
    rows = [
        {
            "event": event,
            "hospital": hospitals.get((event.content_type_id, event.object_id)),
            "verb": verb_label(event.verb),
            "from_state": STATE_LABELS.get(event.from_state, event.from_state),
            "to_state": STATE_LABELS.get(event.to_state, event.to_state),
        }
        for event in page.object_list
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
        "is_hq": _is_hq(request.user),
        "query": query.urlencode(),
    }
    template = f"{FEED}#feed" if request.htmx and not request.htmx.boosted else FEED
    return render(request, template, context)


urlpatterns = [
    path("activity/", activity, name="activity"),
    path("activity/trainings/new/", training_add, name="training_add"),
    path("activity/advisors/new/", advisor_add, name="advisor_add"),
    path("activity/dispatches/new/", dispatch_add, name="dispatch_add"),
    path("activity/hk-cases/new/", hk_case_add, name="hk_case_add"),
    path("cooperations/<int:pk>/maintenance/", maintenance_list, name="maintenance_list"),
    path("cooperations/<int:pk>/maintenance/new/", maintenance_add, name="maintenance_add"),
    path("feed/", feed, name="feed"),
]
