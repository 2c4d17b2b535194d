from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organization.selectors import profile_ceilings

from . import calendar, selectors
from .forms import CalendarImportForm, DashboardFilterForm, InboxFilterForm, RescheduleForm
from .notifications import mark_all_read, mark_read
from .services import calendar_import, reminders

PAGE_SIZE = 25


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Home page: my running clocks and due reminders, most urgent first. Refreshes itself with htmx."""
    form = InboxFilterForm(request.GET or None)
    kind = state = ""
    if form.is_bound and form.is_valid():
        kind, state = form.cleaned_data["kind"], form.cleaned_data["state"]
    deadlines = Paginator(
        selectors.inbox_deadlines(request.user, kind=kind, state=state), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(d, selectors.remaining(d, now)) for d in deadlines]
    reminders = selectors.inbox_reminders(request.user, kind=kind, state=state)[:100]
    context = {
        "form": form,
        "deadlines": deadlines,
        "rows": rows,
        "reminders": reminders,
        "today": timezone.localdate(),
        "ceilings": profile_ceilings(request.user),
        "query": request.GET.urlencode(),
    }
    template = "sla/inbox.html#inbox" if request.htmx and not request.htmx.boosted else "sla/inbox.html"
    return render(request, template, context)


def _back_to_inbox(request: HttpRequest) -> HttpResponse:
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Trigger"] = "inbox-changed"
        return response
    return redirect("home")


@require_POST
@login_required
def reminder_done(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = selectors.get_reminder_for_user(request.user, pk)
    try:
        reminders.handle_reminder(reminder, by=request.user)
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Marked as handled: %(title)s") % {"title": reminder.title})
    return _back_to_inbox(request)


@require_http_methods(["GET", "POST"])
@login_required
def reminder_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = selectors.get_reminder_for_user(request.user, pk)
    if request.method == "POST":
        form = RescheduleForm(request.POST)
        if form.is_valid():
            try:
                reminders.reschedule_reminder(
                    reminder,
                    on=form.cleaned_data["due_on"],
                    by=request.user,
                    note=form.cleaned_data["note"] or None,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("You will be reminded again on %(date)s.")
                    % {"date": form.cleaned_data["due_on"].isoformat()},
                )
                return _back_to_inbox(request)
    else:
        form = RescheduleForm(
            initial={"due_on": timezone.localdate() + datetime.timedelta(days=1), "note": reminder.note}
        )
    template = "sla/reschedule.html#form" if request.htmx else "sla/reschedule.html"
    return render(request, template, {"form": form, "reminder": reminder})


@require_GET
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sla/notifications.html", {"page": page})


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.get_notification_for_user(request.user, pk)
    if notification.read_at is None:
        mark_read(notification)
    target = notification.url if request.POST.get("open") else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("sla:notifications")


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = mark_all_read(request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("sla:notifications")


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not selectors.can_view_dashboard(request.user):
        raise PermissionDenied
    form = DashboardFilterForm(request.GET or None, user=request.user)
    months, org, policy = 6, None, ""
    if form.is_bound and form.is_valid():
        months = form.cleaned_data["months"] or 6
        org, policy = form.cleaned_data["org"], form.cleaned_data["policy"]
    today = timezone.localdate()
    first = today.replace(day=1)
    for _step in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time()))
    finished = selectors.finished_deadlines(request.user, since=since, org=org, policy=policy)
    by_month = selectors.on_time_by_month(finished)
    breaches = Paginator(
        selectors.current_breaches(request.user, org=org, policy=policy), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "by_month": by_month,
        "by_org": selectors.on_time_by(finished, "org_id", "org__name"),
        "by_policy": selectors.on_time_by(finished, "policy_id", "policy__name"),
        "breaches": breaches,
        "since": first,
        "chart": _chart(by_month),
        "chart_width": 60 * len(by_month) + 60,
    }
    return render(request, "sla/dashboard.html", context)


def _chart(by_month: list[dict]) -> list[dict]:
    """Bars for the on-time rate by month, drawn as SVG by the template (no script)."""
    bars = []
    for index, row in enumerate(by_month):
        rate = row["rate"] or 0
        height = round(rate * 1.6, 1)
        bars.append({**row, "x": 40 + index * 60, "height": height, "y": round(180 - height, 1)})
    return bars


@require_http_methods(["GET", "POST"])
@login_required
def calendar_admin(request: HttpRequest) -> HttpResponse:
    """HQ administrators: which years are loaded, and the CSV import for a new year."""
    if not selectors.is_hq_admin(request.user):
        raise Http404
    report = None
    if request.method == "POST":
        form = CalendarImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = calendar_import.import_calendar_csv(
                form.cleaned_data["file"].read(), set(form.cleaned_data["replace_years"])
            )
            if report.ok:
                messages.success(
                    request,
                    _(
                        "Loaded %(days)s special days; years replaced: %(years)s; days of other years added or "
                        "updated: %(others)s; %(recomputed)s deadlines recomputed."
                    )
                    % {
                        "days": report.days,
                        "years": ", ".join(str(y) for y in report.replaced) or "—",
                        "others": report.other_days,
                        "recomputed": report.recomputed,
                    },
                )
                return redirect("sla:calendar")
    else:
        form = CalendarImportForm()
    years = selectors.calendar_years()
    context = {"form": form, "report": report, "years": years, "gaps": selectors.calendar_gaps()}
    context["loaded"] = calendar.loaded_years()
    return render(request, "sla/calendar.html", context)
