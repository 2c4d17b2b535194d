from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from . import jobs
from .forms import VerifyForm
from .selectors import get_document_for_user, get_job_for_user
from .services import registered as registered_document
from .services import verify as verify_document


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Public: anyone holding a document checks it is genuine and unaltered. Reveals only what is printed on it.

    ``?number=…&t=…`` is the link in the document's QR code: it shows the document's entry in the register (what
    is printed on it, and its fingerprint) to whoever holds the paper, and offers to check the PDF."""
    result = None
    checked = False
    entry, scanned = None, False
    if request.method == "GET" and "t" in request.GET:
        # The QR code printed on the document: its entry in the register; the form is ready for the PDF.
        scanned = True
        entry = registered_document(request.GET.get("number", ""), request.GET.get("t", ""))
        form = VerifyForm(initial={"number": request.GET.get("number", "")[:30]})
    elif request.method == "POST" or "number" in request.GET:
        form = VerifyForm(request.POST or request.GET, request.FILES or None)
        if form.is_valid():
            checked = True
            upload = form.cleaned_data.get("file")
            result = verify_document(
                form.cleaned_data["number"],
                sha256=form.cleaned_data.get("sha256") or None,
                content=upload.read() if upload else None,
            )
    else:
        form = VerifyForm()
    template = "documents/verify.html#result" if request.htmx else "documents/verify.html"
    context = {"form": form, "result": result, "checked": checked, "scanned": scanned, "entry": entry}
    return render(request, template, context)


@require_GET
@login_required
def detail(request: HttpRequest, number: str) -> HttpResponse:
    """What the issuer hands over with the paper: number and fingerprint, and where to verify them."""
    document = get_document_for_user(request.user, number)
    verify_url = request.build_absolute_uri(reverse("documents:verify"))
    return render(request, "documents/detail.html", {"document": document, "verify_url": verify_url})


@require_GET
@login_required
def download(request: HttpRequest, number: str) -> FileResponse:
    document = get_document_for_user(request.user, number)
    response = FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        filename=f"{document.number}.pdf",
        as_attachment=request.GET.get("inline") != "1",
    )
    response["Content-Length"] = str(document.size)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- background jobs --------------------------------------------------------------------------------------------
@require_GET
@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """A background job's progress; the fragment polls itself (htmx) until the result is ready or no worker
    answers, and then links the file or the printed document."""
    found = get_job_for_user(request.user, pk)
    context = {
        "job": found,
        "kind": jobs.get(found.kind),
        "no_worker": jobs.no_worker(found),
        "percent": round(100 * found.progress / found.total) if found.total else None,
    }
    template = "documents/job.html#status" if request.htmx else "documents/job.html"
    return render(request, template, context)


@require_GET
@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    found = get_job_for_user(request.user, pk)
    if found.status != found.Status.DONE or not found.file:
        raise Http404
    response = FileResponse(
        found.file.open("rb"),
        content_type=found.mime_type or None,
        filename=found.filename,
        as_attachment=True,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
