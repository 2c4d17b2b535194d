"""Read side of the clocks: the inbox, the bell, the dashboard, the calendar banner."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from organization.models import OrgUnit
from organization.roles import Role
from organization.scoping import is_hq

from . import calendar
from .clocks import Clock
from .models import CalendarYear, Deadline, Delivery, Notification, Reminder

INBOX_STATES = {
    "on_track": Q(state=Deadline.State.OPEN),
    "warned": Q(state=Deadline.State.WARNED),
    "breached": Q(state=Deadline.State.BREACHED),
    "provisional": Q(provisional=True),
}
REMINDER_KIND = "reminder"


def inbox_deadlines(user, *, kind: str = "", state: str = "") -> QuerySet[Deadline]:
    """The user's running clocks, most urgent first: breached, then warned, then on track, each by due time."""
    rows = Deadline.objects.filter(assignee=user, state__in=Deadline.RUNNING)
    if kind:
        rows = rows.filter(policy__code=kind) if kind != REMINDER_KIND else rows.none()
    if state in INBOX_STATES:
        rows = rows.filter(INBOX_STATES[state])
    urgency = Case(
        When(state=Deadline.State.BREACHED, then=Value(0)),
        When(state=Deadline.State.WARNED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return rows.select_related("policy", "org").annotate(urgency=urgency).order_by("urgency", "due_at", "pk")


def inbox_reminders(user, *, kind: str = "", state: str = "") -> QuerySet[Reminder]:
    """Reminders due today or earlier and not yet handled: the unprocessed scheduled follow-ups."""
    today = timezone.localdate()
    rows = Reminder.objects.filter(recipient=user, state=Reminder.State.SCHEDULED, due_on__lte=today)
    if kind and kind != REMINDER_KIND:
        return rows.none()
    if state == "breached":
        rows = rows.filter(due_on__lt=today)
    elif state == "on_track":
        rows = rows.filter(due_on=today)
    elif state in INBOX_STATES:
        return rows.none()
    # The subject (an injured person, a hospital…) is fetched in one query per kind, for the link back to it.
    return rows.select_related("org").prefetch_related("subject").order_by("due_on", "pk")


@dataclass
class Remaining:
    delta: datetime.timedelta
    working: bool

    @property
    def overdue(self) -> bool:
        return self.delta < datetime.timedelta()

    @property
    def parts(self) -> tuple[int, int, int]:
        seconds = abs(int(self.delta.total_seconds()))
        return seconds // 86400, seconds % 86400 // 3600, seconds % 3600 // 60


def remaining(deadline: Deadline, now: datetime.datetime | None = None) -> Remaining:
    """Time left (negative: overdue) measured as the policy measures it; a paused clock stands still."""
    now = now or timezone.now()
    clock = Clock.of(deadline)
    if deadline.paused_at is not None:
        now = deadline.paused_at
    return Remaining(clock.remaining(now, deadline.due_at), clock.working)


def messages_about(obj, limit: int = 20) -> list[Delivery]:
    """The SMS sent about a record to people outside the staff (newest first; numbers masked in ``address``)."""
    from django.contrib.contenttypes.models import ContentType

    return list(
        Delivery.objects.filter(
            notification__isnull=True,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
        )
        .defer("sealed_address")
        .order_by("-created_at")[:limit]
    )


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


# --- dashboard ----------------------------------------------------------------------------------------------
DASHBOARD_ROLES = frozenset(
    {
        Role.BRANCH_MANAGER,
        Role.BRANCH_CLAIMS_HEAD,
        Role.MEDICAL_REVIEW_HEAD,
        Role.HQ_NETWORK_APPROVER,
        Role.ADMINISTRATOR,
    }
)


def can_view_dashboard(user) -> bool:
    return (
        user.is_authenticated
        and user.org_id is not None
        and (user.is_superuser or user.has_role(*DASHBOARD_ROLES))
    )


def _rate(on_time: int, total: int) -> float | None:
    return round(100 * on_time / total, 1) if total else None


def finished_deadlines(
    user, *, since: datetime.datetime, org: OrgUnit | None = None, policy: str = ""
) -> QuerySet:
    """Deadlines that count for the on-time rate: met (on time or late) or breached, due since `since`."""
    rows = Deadline.objects.visible_to(user).filter(
        state__in=[Deadline.State.MET, Deadline.State.BREACHED], due_at__gte=since
    )
    if org is not None:
        rows = rows.filter(org_id__in=org.subtree_ids())
    if policy:
        rows = rows.filter(policy__code=policy)
    return rows


ON_TIME = Count("pk", filter=Q(state=Deadline.State.MET, met_at__lte=F("due_at")))


def on_time_by_month(rows: QuerySet) -> list[dict]:
    tz = ZoneInfo(settings.TIME_ZONE)
    data = (
        rows.annotate(month=TruncMonth("due_at", tzinfo=tz))
        .values("month")
        .annotate(total=Count("pk"), on_time=ON_TIME)
        .order_by("month")
    )
    return [{**row, "rate": _rate(row["on_time"], row["total"])} for row in data]


def on_time_by(rows: QuerySet, field: str, label: str) -> list[dict]:
    data = rows.values(field, label).annotate(total=Count("pk"), on_time=ON_TIME).order_by(label)
    return [
        {
            "label": row[label],
            "total": row["total"],
            "on_time": row["on_time"],
            "rate": _rate(row["on_time"], row["total"]),
        }
        for row in data
    ]


def current_breaches(user, *, org: OrgUnit | None = None, policy: str = "") -> QuerySet[Deadline]:
    rows = Deadline.objects.visible_to(user).filter(state=Deadline.State.BREACHED)
    if org is not None:
        rows = rows.filter(org_id__in=org.subtree_ids())
    if policy:
        rows = rows.filter(policy__code=policy)
    return rows.select_related("policy", "org", "assignee").order_by("due_at", "pk")


# --- calendar banner ----------------------------------------------------------------------------------------
def is_hq_admin(user) -> bool:
    """Administrators of the head office: the holiday calendar, failed deliveries."""
    return user.is_authenticated and (
        user.is_superuser or (is_hq(user) and user.has_role(Role.ADMINISTRATOR))
    )


def calendar_gaps(today: datetime.date | None = None) -> list[int]:
    """Years without a holiday calendar that matter now: this year, next year, and any year a running
    provisional deadline reaches."""
    today = today or timezone.localdate()
    years = {today.year, today.year + 1}
    tz = ZoneInfo(settings.TIME_ZONE)
    provisional = Deadline.objects.running().filter(provisional=True)
    years.update(moment.year for moment in provisional.datetimes("due_at", "year", tzinfo=tz))
    return calendar.missing_years(years)


# --- fetch helpers ----------------------------------------------------------------------------------------------
def get_reminder_for_user(user, pk: int) -> Reminder:
    """Only the person reminded acts on a reminder; anyone else gets 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Reminder.objects.select_related("org"), pk=pk, recipient=user)


def get_notification_for_user(user, pk: int) -> Notification:
    """A notification is its recipient's only: anyone else gets 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Notification, pk=pk, recipient=user)


def calendar_years() -> QuerySet[CalendarYear]:
    return CalendarYear.objects.order_by("-year")
