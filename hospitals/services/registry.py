"""The hospital registry: add a hospital (with its cooperation with the branch), edit it, start an import."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from workflow.queue import enqueue
from workflow.services import record_event

from ..models import Cooperation, Hospital, HospitalImport


def register_hospital(hospital: Hospital, *, by, verb: str = "created", note: str = "") -> Hospital:
    """Save a new hospital with its cooperation (initial state) with its branch, and put it on the record.

    Callers hold the transaction (the create page and the import both do).
    """
    hospital._history_user = by
    hospital.save()
    Cooperation.objects.create(hospital=hospital, org_id=hospital.org_id, created_by=by)
    record_event(hospital, verb, by=by, note=note)
    return hospital


@transaction.atomic
def create_hospital(hospital: Hospital, *, by) -> Hospital:
    """The create page: a validated, unsaved hospital of the person's branch."""
    return register_hospital(hospital, by=by)


@transaction.atomic
def update_hospital(hospital: Hospital, changed: list[str], *, by, loaded: str | None = None) -> Hospital:
    """Save an edited registry entry; its history keeps the old and new values, the timeline what changed.

    ``loaded`` is the entry's ``updated_at`` when the form was loaded (the form carries it): when someone saved
    the entry since, nothing is saved and the person is told, instead of their form putting back the values the
    other person had just changed."""
    if not changed:
        return hospital
    current = Hospital.objects.select_for_update().filter(pk=hospital.pk).values_list("updated_at", flat=True)
    if loaded is not None and _moment(loaded) != current.get():
        raise ValidationError(
            _(
                "Someone else saved this hospital while you were editing it. Reload the page to see their "
                "changes, then make yours again."
            )
        )
    hospital._history_user = by
    hospital.save()
    labels = [str(Hospital._meta.get_field(name).verbose_name) for name in changed]
    record_event(hospital, "edited", by=by, note=", ".join(labels))
    return hospital


def _moment(text: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


@transaction.atomic
def start_import(upload, *, rows: int, by) -> HospitalImport:
    """Store the uploaded file as an import of the person's branch and queue it for the worker."""
    from ..tasks import run_import

    language = translation.get_language()
    imp = HospitalImport.objects.create(
        org=by.org.secondary,
        created_by=by,
        file=upload,
        original_name=upload.name[:200],
        total_rows=rows,
    )
    transaction.on_commit(lambda: enqueue(run_import, imp.pk, language=language))
    return imp
