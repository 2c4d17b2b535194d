"""Working-day calendar, service-level policies, deadlines, reminders and notifications.

Generic: nothing here knows a domain model. Apps attach deadlines and reminders to their own objects through
the generic relation and call sla.services.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organization.pii import EncryptedTextField
from organization.roles import Role


# --- Calendar -----------------------------------------------------------------------------------------------
class CalendarYear(models.Model):
    """A year whose special days are loaded. A year without a row falls back to weekends only (provisional)."""

    class Source(models.TextChoices):
        PACKAGE = "package", _("chinese_calendar package")
        CSV = "csv", _("CSV import")
        ADMIN = "admin", _("Entered by an administrator")

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[MinValueValidator(2000)])
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A statutory holiday (or a rest day of a holiday block) or a make-up working day (调休上班)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday (no work)")
        WORKDAY = "workday", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("special day")
        verbose_name_plural = _("special days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name} ({self.get_kind_display()})"


# --- Policies -----------------------------------------------------------------------------------------------
class SlaPolicy(models.Model):
    class ClockKind(models.TextChoices):
        MINUTES = "minutes", _("Calendar minutes")
        HOURS = "hours", _("Calendar hours")
        WORKING_DAYS = "working_days", _("Working days (due at the end of the last one)")
        WORKING_HOURS = "working_hours", _("Working hours (within service hours on working days)")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    clock_kind = models.CharField(_("clock"), max_length=20, choices=ClockKind.choices)
    duration = models.PositiveIntegerField(_("duration"), validators=[MinValueValidator(1)])
    service_start = models.TimeField(_("service hours from"), null=True, blank=True)
    service_end = models.TimeField(_("service hours until"), null=True, blank=True)
    warn_at_percent = models.PositiveSmallIntegerField(
        _("warning threshold (percent of the time elapsed)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    escalation_role = models.CharField(
        _("escalate breaches to"), max_length=40, choices=Role.choices, default=Role.BRANCH_CLAIMS_HEAD
    )
    may_pause = models.BooleanField(_("clock may pause"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords(verbose_name=_("service-level policy (history)"))

    class Meta:
        verbose_name = _("service-level policy")
        verbose_name_plural = _("service-level policies")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service_start__isnull=True, service_end__isnull=True)
                | Q(
                    service_start__isnull=False,
                    service_end__isnull=False,
                    service_start__lt=models.F("service_end"),
                ),
                name="sla_policy_service_hours",
            ),
            models.CheckConstraint(
                condition=~Q(clock_kind="working_hours") | Q(service_start__isnull=False),
                name="sla_policy_working_hours_need_service_hours",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def service_hours(self) -> tuple[datetime.time, datetime.time] | None:
        if self.service_start and self.service_end:
            return (self.service_start, self.service_end)
        return None

    @property
    def counts_working_time(self) -> bool:
        return self.clock_kind in (self.ClockKind.WORKING_DAYS, self.ClockKind.WORKING_HOURS)


# --- Deadlines ----------------------------------------------------------------------------------------------
class DeadlineQuerySet(models.QuerySet):
    def visible_to(self, user) -> DeadlineQuerySet:
        from organization.models import OrgUnit

        return self.filter(org__in=OrgUnit.objects.visible_to(user))

    def running(self) -> DeadlineQuerySet:
        return self.filter(state__in=Deadline.RUNNING)

    def for_object(self, obj: models.Model) -> DeadlineQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class Deadline(models.Model):
    """One clock against one object. States: open → warned → breached; met or cancelled end it.

    The state moves only through sla.services (open, meet, cancel, pause, resume) and the sweep.
    """

    class State(models.TextChoices):
        OPEN = "open", _("On track")
        WARNED = "warned", _("Warned")
        BREACHED = "breached", _("Breached")
        MET = "met", _("Met")
        CANCELLED = "cancelled", _("Cancelled")

    RUNNING = (State.OPEN, State.WARNED, State.BREACHED)

    policy = models.ForeignKey(SlaPolicy, models.PROTECT, related_name="deadlines", verbose_name=_("policy"))
    # The foreign keys the composite indexes below begin with have no index of their own: every index is
    # written by each move of the sweep (one UPDATE of thousands of rows), so none is kept twice.
    content_type = models.ForeignKey(ContentType, models.PROTECT, db_index=False)  # deadline_subject
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("what"), max_length=200)
    # The subject's page, taken when the clock opens: the sweep copies it into its notifications in SQL.
    url = models.CharField(_("link"), max_length=300, blank=True)
    org = models.ForeignKey(
        "organization.OrgUnit",
        models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
        db_index=False,  # deadline_dashboard
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("assignee"),
        db_index=False,  # deadline_inbox
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    started_at = models.DateTimeField(_("started"))
    # The record's own terms, when it brings them (a green-channel product's step); empty: the policy's.
    clock_kind = models.CharField(
        _("clock (the record's own terms)"), max_length=20, choices=SlaPolicy.ClockKind.choices, blank=True
    )
    duration = models.PositiveIntegerField(_("duration (the record's own terms)"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"))
    warn_at = models.DateTimeField(_("warn at"))
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("Computed across a year with no holiday calendar loaded."),
    )
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    paused_total = models.DurationField(_("paused in total"), default=datetime.timedelta)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_at"]
        indexes = [
            # The sweep's two queries read only these partial indexes.
            models.Index(
                fields=["warn_at"],
                condition=Q(state="open", paused_at__isnull=True),
                name="deadline_warn_due",
            ),
            models.Index(
                fields=["due_at"],
                condition=Q(state__in=["open", "warned"], paused_at__isnull=True),
                name="deadline_breach_due",
            ),
            models.Index(fields=["assignee", "state", "due_at"], name="deadline_inbox"),
            models.Index(fields=["content_type", "object_id"], name="deadline_subject"),
            models.Index(fields=["org", "policy", "due_at"], name="deadline_dashboard"),
            # The HQ administrators' banner: the years the running provisional clocks reach (a handful of rows).
            models.Index(
                fields=["due_at"],
                condition=Q(provisional=True, state__in=["open", "warned", "breached"]),
                name="deadline_provisional",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(warn_at__lte=models.F("due_at")), name="deadline_warn_before_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.policy.code})"

    @property
    def is_running(self) -> bool:
        return self.state in self.RUNNING

    @property
    def on_time(self) -> bool | None:
        if self.state == self.State.MET:
            return self.met_at is not None and self.met_at <= self.due_at
        if self.state == self.State.BREACHED:
            return False
        return None


# --- Notifications ------------------------------------------------------------------------------------------
class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """The in-app notification (the bell). E-mail and SMS copies are its Delivery rows."""

    class Level(models.TextChoices):
        INFO = "info", _("Information")
        WARNING = "warning", _("Warning")
        ALERT = "alert", _("Alert")

    # No index of its own: notification_unread begins with it (the sweep inserts thousands of rows at once,
    # and writes every index of each).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
        db_index=False,
    )
    kind = models.CharField(
        _("kind"), max_length=60, blank=True, help_text=_("The registered kind of notice.")
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.INFO)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    content_type = models.ForeignKey(ContentType, models.CASCADE, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    dedupe_key = models.CharField(
        max_length=120, blank=True, help_text=_("At most one notification per recipient and key.")
    )
    # The call that inserted the row (sla.notifications.send_notifications reads back what it inserted by it).
    batch = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_once_per_key",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            # The fan-out reads the notifications one call inserted by its token. (No index on dedupe_key alone
            # any more: nothing reads by key since the sweep inserts set-based.)
            models.Index(fields=["batch"], name="notification_batch"),
        ]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One message sent through one external channel, with its status and retries.

    Usually the e-mail or SMS copy of a staff member's notification. A message to someone outside the staff (an
    injured person who agreed to SMS progress messages) has no notification: its text is stored here, the number
    encrypted (``sealed_address``) and only its masked form in ``address``."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will retry")
        GAVE_UP = "gave_up", _("Failed, gave up")

    notification = models.ForeignKey(  # indexed by delivery_once_per_channel, which begins with it
        Notification, models.CASCADE, related_name="deliveries", null=True, blank=True, db_index=False
    )
    kind = models.CharField(_("kind"), max_length=60, blank=True)  # of a message without a notification
    text = models.TextField(_("text"), blank=True)  # of a message without a notification
    sealed_address = EncryptedTextField(blank=True, editable=False)
    content_type = models.ForeignKey(  # indexed by delivery_subject
        ContentType, models.CASCADE, null=True, blank=True, db_index=False
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    dedupe_key = models.CharField(max_length=120, blank=True)  # a message without a notification is sent once
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel"),
            models.UniqueConstraint(
                fields=["dedupe_key"], condition=~Q(dedupe_key=""), name="delivery_once_per_key"
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], condition=Q(status__in=["pending", "failed"]), name="delivery_due"
            ),
            models.Index(fields=["claimed_at"], condition=Q(status="sending"), name="delivery_stuck"),
            models.Index(fields=["content_type", "object_id"], name="delivery_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address}: {self.get_status_display()}"


# --- Reminders ----------------------------------------------------------------------------------------------
class Reminder(models.Model):
    """ "Remind this person about this object on this date" (预约跟踪): due reminders are unprocessed inbox items."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HANDLED = "handled", _("Handled")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="reminders", verbose_name=_("for")
    )
    org = models.ForeignKey(
        "organization.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    content_type = models.ForeignKey(ContentType, models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("about"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    due_on = models.DateField(_("on"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SCHEDULED)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["recipient", "state", "due_on"], name="reminder_inbox")]

    def __str__(self) -> str:
        return f"{self.due_on:%Y-%m-%d} {self.title}"

    @property
    def subject_url(self) -> str:
        """The page of what to follow up (the inbox links the reminder to it); empty when it has none."""
        subject = self.subject
        return subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else ""
