"""Use cases of a claim and its injured persons (seed 001 pp3–9, 25–27, 32; seed 002)."""

from __future__ import annotations

import datetime
import hashlib
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.pii import blind_index, mask
from sla.services.reminders import schedule_reminder
from workflow.services import perform_transition, record_event

from ..choices import Liability
from ..identity import parse_id_number
from ..models import (
    Attachment,
    Claim,
    EstimateRevision,
    FollowUp,
    InjuredPerson,
    Investigation,
    InvestigationFinding,
    LiabilityRatio,
    PersonalDataAccess,
    Survey,
)
from ..notices import TO_INJURED_ASSIGNED, TO_INJURED_NEXT_CONTACT, message_injured
from ..workflows.person import DONE, FOLLOWING, PersonState

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SIGNATURES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


# --- claims -----------------------------------------------------------------------------------------------------
def liability_share(org, liability: str) -> Decimal | None:
    """The share the finding carries: the branch's own table, else the company default (data, never a constant)."""
    if not liability:
        return None
    branch = org.secondary if org is not None else None
    rows = {r.org_id: r.ratio for r in LiabilityRatio.objects.filter(liability=liability)}
    if branch is not None and branch.pk in rows:
        return rows[branch.pk]
    return rows.get(None)


@transaction.atomic
def register_claim(data: dict, persons: list[dict], *, by) -> Claim:
    """The report (报案): the claim, its survey task with the seed-002 clocks, and a first follow-up for each
    injured person reported (seed 001 p3: "95518接到人伤报案后，提醒其向交警报案，在理赔系统中发起查勘及首次人伤跟踪任务")."""
    if not data.get("police_reminded"):
        raise ValidationError(
            {
                "police_reminded": _(
                    "Remind the reporter to report the accident to the traffic police, and tick it."
                )
            }
        )
    if data.get("liability") and data.get("liability_ratio") is None:
        data["liability_ratio"] = liability_share(data["org"], data["liability"])
    claim = Claim.objects.create(**data, created_by=by)
    survey = Survey.objects.create(claim=claim)
    record_event(claim, "reported", by=by)
    record_event(survey, "dispatched", by=by, to_state=survey.state)
    for person in persons:
        add_person(claim, person, by=by, initial=True)
    return claim


@transaction.atomic
def amend_claim(claim: Claim, changes: dict, *, by) -> Claim:
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if (
        "liability" in changes
        and changes["liability"] != locked.liability
        and "liability_ratio" not in changes
    ):
        changes["liability_ratio"] = liability_share(locked.org, changes["liability"])
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.full_clean()
    locked.save()
    record_event(locked, "amended", by=by, note=", ".join(sorted(changes)))
    return locked


def _person_fields(values: dict) -> dict:
    values = dict(values)
    raw_id = values.pop("id_number", "") or ""
    raw_mobile = values.pop("mobile", "") or ""
    if raw_id:
        parsed = parse_id_number(raw_id)
        values.update(
            id_number=parsed.number,
            id_hash=blind_index(parsed.number),
            id_masked=mask(parsed.number, keep_start=6, keep_end=4),
            birth_date=parsed.birth_date,
            sex=parsed.sex,
        )
    if raw_mobile:
        values.update(mobile=raw_mobile, mobile_hash=blind_index(raw_mobile), mobile_masked=mask(raw_mobile))
    return values


@transaction.atomic
def add_person(claim: Claim, values: dict, *, by, initial: bool = False) -> InjuredPerson:
    """An injured person with their own follow-up. After the report, seed 001 p26: "调度增加'追加人伤'的功能 …
    一次仅允许追加一个伤亡人员" — once any person of the claim has passed cost review, a person is added only
    when every other person's follow-up is finished, so persons are added one at a time."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    persons = list(locked.persons.all())
    added_later = False
    if not initial and persons and any(p.state == PersonState.COSTS_APPROVED for p in persons):
        still_open = [p.name for p in persons if p.state not in DONE]
        if still_open:
            raise ValidationError(
                _(
                    "Add one injured person at a time: %(names)s must pass cost review before another is "
                    "added (seed 001: 一次仅允许追加一个伤亡人员)."
                )
                % {"names": "、".join(still_open)}
            )
        added_later = True
    fields = _person_fields(values)
    handler = fields.pop("handler", None) or locked.handler
    person = InjuredPerson(claim=locked, org=locked.org, handler=handler, added_later=added_later, **fields)
    person.full_clean(exclude=["id_number", "mobile", "state"])
    person.save()
    if not initial and not persons:
        # An injury reported after the report amends it (p3: "后期报案有人伤的，及时修改报案信息并发起首次人伤跟踪任务").
        Claim.objects.filter(pk=locked.pk).update(injury_reported_late=True)
    if locked.closed_at is not None:  # a new person reopens a closed claim; its history stays
        Claim.objects.filter(pk=locked.pk).update(closed_at=None)
        record_event(locked, "reopened", by=by, note=values.get("name", ""))
    record_event(person, "added_later" if added_later else "added", by=by, to_state=person.state)
    from sla.notifications import Outgoing, send_notifications

    message_injured(
        person, TO_INJURED_ASSIGNED, key="assigned", handler=handler.get_full_name() or handler.username
    )

    if handler.pk != getattr(by, "pk", None):
        send_notifications(
            [
                Outgoing(
                    recipient=handler,
                    kind="injury_claims.person_assigned",
                    context={"person": person.name, "report": locked.report_no},
                    url=person.get_absolute_url(),
                    dedupe_key=f"person-assigned:{person.pk}:{handler.pk}",
                )
            ]
        )
    return person


@transaction.atomic
def update_person(person: InjuredPerson, values: dict, *, by) -> InjuredPerson:
    locked = InjuredPerson.objects.select_for_update().get(pk=person.pk)
    if locked.state in DONE:
        raise ValidationError(_("This person's follow-up is finished: reopen it to change the record."))
    for field, value in _person_fields(values).items():
        setattr(locked, field, value)
    locked.full_clean(exclude=["id_number", "mobile", "state"])
    locked.save()
    record_event(locked, "person_updated", by=by)
    return locked


@transaction.atomic
def reveal(person: InjuredPerson, field: str, *, reason: str, by) -> str:
    """Show a personal value in clear: only with a reason, and written to the record (个人信息保护法)."""
    if field not in ("id_number", "mobile"):
        raise ValidationError(_("Unknown value."))
    if len(reason.strip()) < 4:
        raise ValidationError({"reason": _("Say why you need to see it (at least a few words).")})
    PersonalDataAccess.objects.create(person=person, field=field, reason=reason.strip()[:300], by=by)
    return getattr(InjuredPerson.objects.get(pk=person.pk), field)


def _set_estimate(person: InjuredPerson, amount: Decimal, *, reason: str, by) -> None:
    if amount == person.estimate:
        return
    EstimateRevision.objects.create(
        person=person, previous=person.estimate, amount=amount, reason=reason, by=by
    )
    person.estimate = amount
    InjuredPerson.objects.filter(pk=person.pk).update(estimate=amount)


# --- follow-ups -------------------------------------------------------------------------------------------------
def _snapshot(person: InjuredPerson) -> dict:
    return {
        "state": person.state,
        "estimate": str(person.estimate),
        "category": person.category.code,
        "hospital": person.hospital_label,
        "inpatient": person.inpatient,
        "diagnoses": person.diagnoses,
        "body_parts": person.body_parts,
        "disability_grade": person.disability_grade,
    }


@transaction.atomic
def submit_follow_up(person: InjuredPerson, record: dict, *, by) -> FollowUp:
    """Record the follow-up of the step the person is at, and take its outcome.

    Seed 001 p32: the submitted follow-up keeps its trail and the estimate as it was before submission; p10: at
    every step the handler tells them the case can be settled by mediation; p31: the next follow-up date brings
    the person back as an unprocessed task on that day. Each submission goes to follow-up review (跟踪审核)."""
    from .reviews import open_review

    locked = InjuredPerson.objects.select_for_update().select_related("claim", "category").get(pk=person.pk)
    if record.get("expected_state") and record["expected_state"] != locked.state:
        raise ValidationError(
            _("Someone else moved this person on while you were writing (now “%(state)s”). Reload the page.")
            % {"state": locked.get_state_display()}
        )
    if locked.state not in FOLLOWING:
        raise ValidationError(_("A follow-up is recorded only while the person is being followed up."))
    if not record.get("mediation_offered"):
        raise ValidationError(
            {
                "mediation_offered": _(
                    "Tell them the case can be settled by mediation, and tick it (seed 001)."
                )
            }
        )
    next_on = record.get("next_on")
    if next_on is not None and next_on <= timezone.localdate():
        raise ValidationError({"next_on": _("Choose a day after today.")})
    outcome = record.get("outcome") or ""
    if locked.state == PersonState.FIRST_FOLLOW_UP and outcome not in (
        "visit",
        "investigate",
        "follow_on",
        "close",
    ):
        raise ValidationError({"outcome": _("The first follow-up decides the next step: choose it.")})
    before = locked.estimate
    snapshot = _snapshot(locked)
    follow_up = FollowUp.objects.create(
        person=locked,
        kind=locked.state,
        contact_mode=record["contact_mode"],
        summary=record["summary"],
        details=record.get("details") or {},
        estimate_before=before,
        estimate_after=record["estimate"],
        mediation_offered=True,
        outcome=outcome,
        next_on=next_on,
        snapshot=snapshot,
        by=by,
    )
    _set_estimate(
        locked, record["estimate"], reason=_("Follow-up of %(day)s") % {"day": timezone.localdate()}, by=by
    )
    record_event(locked, "follow_up", by=by, note=record["summary"][:500])
    open_review(locked, kind="follow_up", amount=record["estimate"], by=by, follow_up=follow_up)
    if next_on is not None:
        InjuredPerson.objects.filter(pk=locked.pk).update(next_follow_up_on=next_on)
        schedule_reminder(
            locked.handler,
            subject=locked,
            org=locked.org,
            on=next_on,
            title=_("Follow up %(person)s (%(report)s)")
            % {"person": locked.name, "report": locked.claim.report_no},
            note=record["summary"][:300],
            by=by,
        )
        message_injured(locked, TO_INJURED_NEXT_CONTACT, key=f"follow-up:{follow_up.pk}", date=next_on)
    if outcome:
        params = {}
        if outcome == "investigate":
            params["reasons"] = record.get("reasons") or []
        perform_transition(
            locked,
            outcome,
            by=by,
            note=record.get("outcome_note", "") or record["summary"][:500],
            expected_state=locked.state,
            **params,
        )
    return follow_up


@transaction.atomic
def record_finding(investigation: Investigation, section: str, *, status: str, findings: str, by) -> None:
    if investigation.closed_at is not None:
        raise ValidationError(_("This investigation is closed."))
    if not findings.strip():
        raise ValidationError({"findings": _("Write what was found (or why the section does not apply).")})
    InvestigationFinding.objects.update_or_create(
        investigation=investigation,
        section=section,
        defaults={"status": status, "findings": findings.strip(), "by": by},
    )
    record_event(investigation.person, "investigation_finding", by=by, note=section)


# --- files ------------------------------------------------------------------------------------------------------
def check_upload(upload) -> str:
    """PDF, JPEG or PNG judged by content (a phone's camera sends JPEG), at most 10 MB. Returns the extension."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    head = upload.read(8)
    upload.seek(0)
    for signature, extension in SIGNATURES.items():
        if head.startswith(signature):
            return extension
    raise ValidationError(_("The file must be a PDF, JPEG or PNG (a photo or a scan)."))


_stored_files: ContextVar[list | None] = ContextVar("stored_attachment_files", default=None)


@contextmanager
def files_removed_on_error():
    """Files stored by ``store_attachment`` inside the block are deleted again when the block raises: the
    transaction that recorded them rolled back, and a refused step must leave no file in the media folder.
    Use it outside the service's ``transaction.atomic``."""
    stored: list = []
    token = _stored_files.set(stored)
    try:
        yield
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise
    finally:
        _stored_files.reset(token)


def store_attachment(
    person: InjuredPerson, upload, *, kind: str, by, investigation=None, section=""
) -> Attachment:
    extension = check_upload(upload)
    content = upload.read()
    digest = hashlib.sha256(content).hexdigest()
    attachment = Attachment(
        person=person,
        kind=kind,
        investigation=investigation,
        section=section,
        name=(upload.name or f"upload.{extension}")[:200],
        extension=extension,
        size=len(content),
        sha256=digest,
        by=by,
    )
    attachment.file.save(f"{digest}.{extension}", ContentFile(content), save=False)
    stored = _stored_files.get()
    if stored is not None:
        stored.append((attachment.file.storage, attachment.file.name))
    attachment.save()
    return attachment


def schedule_next(person: InjuredPerson, *, on: datetime.date, by) -> None:
    message_injured(person, TO_INJURED_NEXT_CONTACT, key=f"next:{on.isoformat()}", date=on)
    schedule_reminder(
        person.handler,
        subject=person,
        org=person.org,
        on=on,
        title=_("Follow up %(person)s (%(report)s)")
        % {"person": person.name, "report": person.claim.report_no},
        by=by,
    )
    InjuredPerson.objects.filter(pk=person.pk).update(next_follow_up_on=on)


__all__ = [
    "Liability",
    "add_person",
    "amend_claim",
    "check_upload",
    "files_removed_on_error",
    "liability_share",
    "record_finding",
    "register_claim",
    "reveal",
    "schedule_next",
    "store_attachment",
    "submit_follow_up",
    "update_person",
]
