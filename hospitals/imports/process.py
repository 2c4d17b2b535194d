"""The worker's side of an import: validate the whole file, then create every hospital in one transaction or
none. Idempotent: a second run of a finished import does nothing."""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from workflow.services import record_event

from ..models import Cooperation, Hospital, HospitalImport
from ..rules import can_work_network
from .reading import ImportFileError, read_rows, validate_table

logger = logging.getLogger(__name__)


def _create_all(hospitals: list[Hospital], imp: HospitalImport) -> None:
    # With their history rows (who imported them), so the registry's history starts at the import.
    hospitals = bulk_create_with_history(hospitals, Hospital, batch_size=500, default_user=imp.created_by)
    Cooperation.objects.bulk_create(
        [Cooperation(hospital=h, org_id=imp.org_id, created_by=imp.created_by) for h in hospitals],
        batch_size=500,
    )
    for hospital in hospitals:
        record_event(hospital, "imported", by=imp.created_by, note=imp.original_name)


def _finish(pk: int, status: str, **fields) -> None:
    HospitalImport.objects.filter(pk=pk).update(status=status, finished_at=timezone.now(), **fields)


FINAL = (HospitalImport.Status.DONE, HospitalImport.Status.FAILED)
# An import "running" longer than this belonged to a worker that died: beat queues it again and a worker takes it
# over (MAX_ROWS rows are read and validated in well under a minute).
STUCK_AFTER = datetime.timedelta(minutes=15)


def stuck(now: datetime.datetime | None = None) -> Q:
    """Imports a worker may take on: waiting, or running in a worker that died."""
    now = now or timezone.now()
    return Q(status=HospitalImport.Status.PENDING) | Q(
        Q(started_at__lt=now - STUCK_AFTER) | Q(started_at__isnull=True), status=HospitalImport.Status.RUNNING
    )


def process_import(import_id: int, language: str | None = None) -> None:
    """Validate the whole file, then create every hospital in one transaction or none. Idempotent."""
    from django.conf import settings

    imp = HospitalImport.objects.select_related("created_by").filter(pk=import_id).first()
    if imp is None or imp.status in FINAL:
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        _process(imp)


def _process(imp: HospitalImport) -> None:
    rows = HospitalImport.objects.filter(pk=imp.pk)
    if not can_work_network(imp.created_by):  # checked again when it runs: the role may have gone since
        message = _(
            "The person who uploaded this file may no longer change the registry. Nothing was imported."
        )
        _finish(imp.pk, HospitalImport.Status.FAILED, errors=[{"row": 0, "messages": [message]}])
        return
    # Taken on only if waiting or abandoned by a dead worker: a repeated message while a live worker runs it, or
    # after it finished, does nothing (an unconditional update would turn a finished import back to running).
    if not rows.filter(stuck()).update(
        status=HospitalImport.Status.RUNNING, processed_rows=0, started_at=timezone.now()
    ):
        return
    try:
        with imp.file.open("rb") as handle:
            data = handle.read()
        table = read_rows(data, imp.original_name)
        rows.update(total_rows=len(table) - 1)
        outcome = validate_table(table, imp.org, progress=lambda n: rows.update(processed_rows=n))
    except ImportFileError as exc:
        _finish(imp.pk, HospitalImport.Status.FAILED, errors=[{"row": 0, "messages": [exc.message]}])
        return
    except Exception:
        logger.exception("hospital import %s could not be read", imp.pk)
        _finish(
            imp.pk,
            HospitalImport.Status.FAILED,
            errors=[{"row": 0, "messages": [_("The file could not be read. Nothing was imported.")]}],
        )
        return
    rows.update(processed_rows=outcome.total)
    if outcome.errors:
        _finish(imp.pk, HospitalImport.Status.FAILED, errors=outcome.errors)
        return
    try:
        with transaction.atomic():
            locked = HospitalImport.objects.select_for_update().get(pk=imp.pk)
            if locked.status in FINAL:  # another worker finished it meanwhile
                return
            _create_all([hospital for _number, hospital in outcome.hospitals], imp)
            _finish(imp.pk, HospitalImport.Status.DONE, created_count=len(outcome.hospitals))
    except IntegrityError:
        logger.warning("hospital import %s lost a race on name+city", imp.pk)
        message = _(
            "A hospital with the same name and city as one in the file was added while the import ran. "
            "Nothing was imported; upload the file again to see which."
        )
        _finish(imp.pk, HospitalImport.Status.FAILED, errors=[{"row": 0, "messages": [message]}])
