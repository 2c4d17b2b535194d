"""The cooperation pipeline: the hospital page with its timeline, the steps, the eligibility checklist, the
agreement, the HQ approval queue and the pipeline board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.models import IssuedDocument
from workflow.models import Event
from workflow.services import TransitionRefused

from .. import services
from ..forms.pipeline import ActionForm, AgreementForm, EligibilityForm, FilingForm, SigningForm
from ..models import Agreement, Cooperation, EligibilityCheck, Hospital
from ..rules import can_decide_cooperation, can_work_network
from ..selectors import get_cooperation_for_user, get_hospital_for_user, require_network_reader

# Which form fields each step shows (the rest of ActionForm stays hidden).
ACTION_FIELDS = {
    "approve": ("note", "special_approval"),
    "return_for_changes": ("note",),
    "reject": ("note",),
    "request_rectification": ("note", "deadline"),
    "renew": ("note", "term_end"),
    "terminate": ("note",),
}
ACTION_LABELS = {
    "shortlist": gettext_lazy("Shortlist"),
    "contact": gettext_lazy("Record first contact"),
    "negotiate": gettext_lazy("Start negotiating"),
    "submit": gettext_lazy("Submit to HQ"),
    "return_for_changes": gettext_lazy("Return for changes"),
    "reject": gettext_lazy("Reject"),
    "approve": gettext_lazy("Approve"),
    "sign": gettext_lazy("Record the signing"),
    "activate": gettext_lazy("Activate"),
    "request_rectification": gettext_lazy("Request rectification"),
    "close_rectification": gettext_lazy("Rectification done"),
    "mark_renewal_due": gettext_lazy("Renewal due"),
    "renew": gettext_lazy("Renew"),
    "terminate": gettext_lazy("Terminate"),
}
HQ_ACTIONS = {"approve", "return_for_changes", "reject"}


def _cooperation_of(hospital: Hospital) -> Cooperation | None:
    return hospital.cooperations.filter(org_id=hospital.org_id).first()


def _actions_for(user, cooperation: Cooperation) -> list[dict]:
    names = [t.name for t in cooperation.get_available_user_state_transitions(user)]
    return [
        {"name": name, "label": ACTION_LABELS.get(name, name), "fields": ACTION_FIELDS.get(name, ("note",))}
        for name in names
        if name != "mark_renewal_due"
    ]


@require_GET
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    hospital = get_hospital_for_user(request.user, pk)
    cooperation = _cooperation_of(hospital)
    context = {
        "hospital": hospital,
        "cooperation": cooperation,
        "can_work": can_work_network(request.user, hospital),
    }
    if cooperation is not None:
        subjects = [
            (ContentType.objects.get_for_model(Hospital), hospital.pk),
            (ContentType.objects.get_for_model(Cooperation), cooperation.pk),
        ]
        events = Event.objects.none()
        for content_type, object_id in subjects:
            events = events | Event.objects.filter(content_type=content_type, object_id=object_id)
        context.update(
            actions=_actions_for(request.user, cooperation),
            form=ActionForm(initial={"expected_state": cooperation.state}),
            missing=services.missing_for_submission(cooperation)
            if cooperation.state == Cooperation.State.NEGOTIATING
            else [],
            checks=list(cooperation.checks.all()),
            agreements=list(
                cooperation.agreements.select_related("document", "legal_reviewed_by", "hq_reviewed_by")
            ),
            rectifications=list(cooperation.rectifications.all()[:10]),
            maintenance=list(cooperation.maintenance.select_related("by")[:20]),
            events=events.select_related("actor").order_by("-created_at", "-pk")[:50],
            documents=IssuedDocument.objects.filter(
                content_type=ContentType.objects.get_for_model(Cooperation), object_id=cooperation.pk
            ).order_by("-issued_at"),
            signing_form=SigningForm(),
            filing_form=FilingForm(),
        )
    return render(request, "hospitals/pipeline/detail.html", context)


@require_POST
@login_required
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Take one step. Branch steps need a branch worker of that branch; HQ steps an HQ approver."""
    require_network_reader(request.user)
    if action in HQ_ACTIONS:
        if not can_decide_cooperation(request.user):
            raise Http404
        cooperation = get_object_or_404(Cooperation.objects.select_related("hospital", "org"), pk=pk)
    else:
        cooperation = get_cooperation_for_user(request.user, pk, write=True)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    else:
        data = form.cleaned_data
        try:
            services.act(
                cooperation,
                action,
                by=request.user,
                expected_state=data["expected_state"],
                note=data["note"],
                special_approval=data["special_approval"],
                deadline=data["deadline"],
                term_end=data["term_end"],
            )
        except (ValidationError, TransitionRefused) as exc:
            messages.error(
                request, " ".join(exc.messages) if isinstance(exc, ValidationError) else exc.message
            )
        else:
            cooperation.refresh_from_db()
            messages.success(
                request,
                _("%(hospital)s is now “%(state)s”.")
                % {"hospital": cooperation.hospital, "state": cooperation.get_state_display()},
            )
    if action in HQ_ACTIONS:
        return redirect("hospitals:approvals")
    return redirect("hospitals:detail", cooperation.hospital_id)


@require_http_methods(["GET", "POST"])
@login_required
def eligibility(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation = get_cooperation_for_user(request.user, pk, write=True)
    form = EligibilityForm(request.POST or None, cooperation=cooperation)
    if request.method == "POST" and form.is_valid():
        for field in (
            "method",
            "branch_liaison",
            "branch_liaison_phone",
            "hospital_liaison",
            "hospital_liaison_phone",
        ):
            setattr(cooperation, field, form.cleaned_data[field])
        Cooperation.objects.filter(pk=cooperation.pk).update(
            **{
                f: form.cleaned_data[f]
                for f in (
                    "method",
                    "branch_liaison",
                    "branch_liaison_phone",
                    "hospital_liaison",
                    "hospital_liaison_phone",
                )
            }
        )
        services.save_eligibility(cooperation, form.checks(), by=request.user)
        messages.success(request, _("Eligibility checklist saved."))
        return _to_detail(request, cooperation)
    template = "hospitals/pipeline/eligibility.html" + ("#form" if request.htmx else "")
    return render(request, template, {"form": form, "cooperation": cooperation})


@require_http_methods(["GET", "POST"])
@login_required
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft agreement of a cooperation (created on first save; editable until it is signed)."""
    cooperation = get_cooperation_for_user(request.user, pk, write=True)
    current = services.latest_agreement(cooperation)
    if current is not None and current.signed_on is not None:
        messages.warning(request, _("This agreement is signed; changes need a renewal (a new version)."))
        return redirect("hospitals:detail", cooperation.hospital_id)
    form = AgreementForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_agreement(cooperation, form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Agreement saved."))
            return _to_detail(request, cooperation)
    template = "hospitals/pipeline/agreement_form.html" + ("#form" if request.htmx else "")
    return render(request, template, {"form": form, "cooperation": cooperation})


def _to_detail(request: HttpRequest, cooperation: Cooperation) -> HttpResponse:
    """After a valid form: a redirect, or for htmx an HX-Redirect (the form fragment is not the next page)."""
    url = reverse("hospitals:detail", args=[cooperation.hospital_id])
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


def _agreement_for(user, pk: int, *, write: bool) -> Agreement:
    agreement = get_object_or_404(Agreement.objects.select_related("cooperation"), pk=pk)
    get_cooperation_for_user(user, agreement.cooperation_id, write=write)
    return agreement


@require_POST
@login_required
def agreement_print(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement_for(request.user, pk, write=True)
    document = services.print_agreement(agreement, by=request.user)
    messages.success(request, _("Agreement %(number)s issued.") % {"number": document.number})
    return redirect("documents:detail", document.number)


@require_POST
@login_required
def agreement_review(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The branch legal review (branch workers) or the HQ review (HQ approvers) of a deviating agreement."""
    require_network_reader(request.user)
    agreement = get_object_or_404(Agreement.objects.select_related("cooperation"), pk=pk)
    if kind == "hq":
        if not can_decide_cooperation(request.user):
            raise Http404
    elif kind == "legal":
        get_cooperation_for_user(request.user, agreement.cooperation_id, write=True)
    else:
        raise Http404
    try:
        services.review_agreement(agreement, kind, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Review recorded."))
    return redirect("hospitals:detail", agreement.cooperation.hospital_id)


@require_POST
@login_required
def agreement_signing(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement_for(request.user, pk, write=True)
    form = SigningForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.record_signing(
                agreement,
                signed_on=form.cleaned_data["signed_on"],
                scan=form.cleaned_data["scan"],
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Signing recorded."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("hospitals:detail", agreement.cooperation.hospital_id)


@require_POST
@login_required
def agreement_filing(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement_for(request.user, pk, write=True)
    form = FilingForm(request.POST)
    if form.is_valid():
        services.record_filing(
            agreement,
            filed_on=form.cleaned_data["filed_on"],
            plaque_hung=form.cleaned_data["plaque_hung"],
            by=request.user,
        )
        messages.success(request, _("Filing with HQ recorded."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("hospitals:detail", agreement.cooperation.hospital_id)


@require_GET
@login_required
def agreement_scan(request: HttpRequest, pk: int) -> FileResponse:
    """The signed scan, only to those who may see the cooperation."""
    agreement = _agreement_for(request.user, pk, write=False)
    if not agreement.signed_scan:
        raise Http404
    name = agreement.signed_scan.name.rsplit("/", 1)[-1]
    content_type = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}.get(
        name.rsplit(".", 1)[-1]
    )
    response = FileResponse(agreement.signed_scan.open("rb"), content_type=content_type, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """HQ's queue: every branch's submissions with their evidence, decided in one screen."""
    if not can_decide_cooperation(request.user):
        raise Http404
    queue = (
        Cooperation.objects.filter(state=Cooperation.State.SUBMITTED)
        .select_related("hospital", "org", "created_by")
        .prefetch_related(
            Prefetch("checks", queryset=EligibilityCheck.objects.order_by("condition")),
            Prefetch(
                "agreements", queryset=Agreement.objects.order_by("-version").select_related("document")
            ),
        )
        .order_by("submitted_at", "pk")
    )
    return render(request, "hospitals/pipeline/approvals.html", {"queue": queue, "form": ActionForm()})


@require_GET
@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The pipeline by state: how many cooperations in each, and the oldest ones in each column."""
    require_network_reader(request.user)
    visible = Cooperation.objects.visible_to(request.user)
    counts = dict(visible.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    newest = Window(RowNumber(), partition_by=F("state"), order_by=F("created_at").desc())
    cards: dict[str, list[Cooperation]] = {}
    for cooperation in visible.select_related("hospital", "org").annotate(rank=newest).filter(rank__lte=20):
        cards.setdefault(cooperation.state, []).append(cooperation)
    columns = [
        {"state": state, "label": label, "count": counts.get(state, 0), "cards": cards.get(state, [])}
        for state, label in Cooperation.State.choices
    ]
    return render(request, "hospitals/pipeline/board.html", {"columns": columns})


urlpatterns = [
    path("<int:pk>/", detail, name="detail"),
    path("board/", board, name="board"),
    path("approvals/", approvals, name="approvals"),
    path("cooperations/<int:pk>/act/<slug:action>/", act, name="act"),
    path("cooperations/<int:pk>/eligibility/", eligibility, name="eligibility"),
    path("cooperations/<int:pk>/agreement/", agreement, name="agreement"),
    path("agreements/<int:pk>/print/", agreement_print, name="agreement_print"),
    path("agreements/<int:pk>/review/<slug:kind>/", agreement_review, name="agreement_review"),
    path("agreements/<int:pk>/signing/", agreement_signing, name="agreement_signing"),
    path("agreements/<int:pk>/filing/", agreement_filing, name="agreement_filing"),
    path("agreements/<int:pk>/scan/", agreement_scan, name="agreement_scan"),
]
