"""The one audit trail: every state change and every domain event on any object is one Event row."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EventQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> EventQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def of(self, *subjects: models.QuerySet) -> EventQuerySet:
        """Events of the records in these querysets (one model each), which the caller has scoped to what the
        person may see: an event is visible exactly when its record is."""
        condition = Q()
        for queryset in subjects:
            content_type = ContentType.objects.get_for_model(queryset.model)
            condition |= Q(content_type=content_type, object_id__in=queryset.values("pk"))
        return self.filter(condition) if subjects else self.none()


class Event(models.Model):
    content_type = models.ForeignKey(ContentType, models.PROTECT, verbose_name=_("object type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    subject = GenericForeignKey("content_type", "object_id")
    org = models.ForeignKey(
        "organization.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    verb = models.CharField(_("what happened"), max_length=60)
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="event_object_time")]

    def __str__(self) -> str:
        return f"{self.verb} {self.from_state}→{self.to_state}"


class WorkerHeartbeat(models.Model):
    """Written by the beat-scheduled heartbeat task in the worker: proves beat and worker are alive."""

    name = models.CharField(max_length=40, unique=True)
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"
