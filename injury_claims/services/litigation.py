"""Use cases of a litigation matter (人伤涉诉, seed 001 p22–23): open it on a person, record the claims by item and the
reserve, write the response plan, give medical review's opinions (诉讼审核), schedule hearings with reminders, record
the court's documents, take the steps — and, when it closes per judgment or court mediation, make the award the
person's fixed amounts (``services.settlement.fix_amounts``). The process is ``injury_claims.workflows.litigation``."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sla.services.reminders import reschedule_reminder, schedule_reminder
from workflow.actions import StepOutcome, take_step
from workflow.services import perform_transition, record_event

from ..models import (
    Attachment,
    Hearing,
    InjuredPerson,
    Judgment,
    JudgmentItem,
    Litigation,
    LitigationItem,
    LitigationOpinion,
)
from ..workflows.litigation import (
    HEARINGS_OPEN,
    LITIGATION,
    OPEN,
    LitigationState,
    can_give_litigation_opinion,
    can_litigate,
    is_litigation_officer,
)
from ..workflows.person import FOLLOWING
from .claims import files_removed_on_error, store_attachment

S = LitigationState


def _locked(
    matter: Litigation, *, states=OPEN, revision: int | None = None, expected_state: str | None = None
):
    locked = (
        Litigation.objects.select_for_update().select_related("person", "person__claim").get(pk=matter.pk)
    )
    if (expected_state is not None and locked.state != expected_state) or (
        revision is not None and locked.revision != revision
    ):
        raise ValidationError(
            _("Someone else changed this matter while you were working (now “%(state)s”). Reload the page.")
            % {"state": locked.get_state_display()}
        )
    if locked.state not in states:
        raise ValidationError(
            _("This cannot change while the matter is “%(state)s”.") % {"state": locked.get_state_display()}
        )
    return locked


@transaction.atomic
def open_litigation(person: InjuredPerson, values: dict, *, by) -> Litigation:
    """A suit is served: registered on the person with its court, case number, plaintiff and litigation officer."""
    if not can_litigate(by, person):
        raise PermissionDenied
    person = InjuredPerson.objects.select_for_update().get(pk=person.pk)
    officer = values["officer"]
    if not is_litigation_officer(officer, person):
        raise ValidationError({"officer": _("Choose a litigation officer (诉讼岗) of this person's branch.")})
    if Litigation.objects.filter(person=person).exists():
        raise ValidationError(_("This person already has a litigation matter."))
    if Litigation.objects.filter(court=values["court"], case_no=values["case_no"]).exists():
        raise ValidationError({"case_no": _("This court already has a matter with this case number.")})
    try:
        with transaction.atomic():
            matter = Litigation.objects.create(
                person=person,
                org=person.org,
                court=values["court"],
                case_no=values["case_no"],
                plaintiff=values["plaintiff"],
                filed_on=values["filed_on"],
                officer=officer,
                created_by=by,
            )
    except IntegrityError as exc:  # opened at the same moment by someone else
        raise ValidationError(_("This person already has a litigation matter.")) from exc
    record_event(matter, "opened", by=by, to_state=matter.state, note=f"{matter.court} {matter.case_no}")
    return matter


@transaction.atomic
def save_claims(matter: Litigation, items: dict, *, by, revision: int) -> Litigation:
    """The plaintiff's claims by item (code → (claimed, reserved)); the matter's reserve is their reserves' sum."""
    if not can_litigate(by, matter):
        raise PermissionDenied
    locked = _locked(matter, revision=revision)
    LitigationItem.objects.filter(litigation=locked).exclude(code__in=list(items)).delete()
    for code, (claimed, reserved) in items.items():
        LitigationItem.objects.update_or_create(
            litigation=locked, code=code, defaults={"claimed": claimed, "reserved": reserved}
        )
    reserve = sum((reserved for _claimed, reserved in items.values()), Decimal("0"))
    claimed = sum((claimed for claimed, _reserved in items.values()), Decimal("0"))
    Litigation.objects.filter(pk=locked.pk).update(reserve=reserve, revision=locked.revision + 1)
    record_event(locked, "claims_saved", by=by, note=f"¥{claimed:,.2f} / ¥{reserve:,.2f}")
    locked.refresh_from_db()
    return locked


@transaction.atomic
def save_plan(matter: Litigation, text: str, *, by, revision: int) -> Litigation:
    """p22: "制定应诉方案" — the litigation officer's response plan, revised as the suit goes on."""
    if not can_litigate(by, matter):
        raise PermissionDenied
    locked = _locked(matter, revision=revision)
    Litigation.objects.filter(pk=locked.pk).update(response_plan=text.strip(), revision=locked.revision + 1)
    record_event(locked, "plan_saved", by=by)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def give_opinion(matter: Litigation, values: dict, *, by, expected_state: str) -> LitigationOpinion:
    """p22: medical review's opinion on one aspect, entered in the litigation-review module (诉讼审核模块)."""
    if not can_give_litigation_opinion(by, matter):
        raise PermissionDenied
    locked = _locked(matter, expected_state=expected_state)
    opinion = LitigationOpinion.objects.create(
        litigation=locked,
        stage=locked.state,
        aspect=values["aspect"],
        opinion=values["opinion"].strip(),
        amount=values.get("amount"),
        by=by,
    )
    record_event(locked, "opinion", by=by, note=f"{opinion.get_aspect_display()}: {opinion.opinion[:300]}")
    return opinion


def _reminder_text(matter: Litigation, hearing: Hearing) -> tuple[str, str]:
    title = _("Hearing of %(case_no)s (%(person)s)") % {
        "case_no": matter.case_no,
        "person": matter.person.name,
    }
    local = timezone.localtime(hearing.at)
    note = f"{local:%Y-%m-%d %H:%M} {matter.court} {hearing.room} · {hearing.get_kind_display()}"
    return title, note


def _check_hearing_dates(values: dict) -> None:
    if values["at"] <= timezone.now():
        raise ValidationError({"at": _("A hearing is scheduled for a time still to come.")})
    if values["remind_on"] < timezone.localdate():
        raise ValidationError({"remind_on": _("A reminder cannot be set for a day in the past.")})


@transaction.atomic
def schedule_hearing(matter: Litigation, values: dict, *, by) -> Hearing:
    """A court date: the officer is reminded on the day chosen (an unprocessed item in their inbox)."""
    if not can_litigate(by, matter):
        raise PermissionDenied
    locked = _locked(matter, states=HEARINGS_OPEN)
    _check_hearing_dates(values)
    if values.get("outcome"):
        raise ValidationError({"outcome": _("The outcome is recorded after the hearing.")})
    hearing = Hearing.objects.create(
        litigation=locked,
        instance=2 if locked.state == S.SECOND_INSTANCE else 1,
        kind=values["kind"],
        at=values["at"],
        room=values["room"],
        remind_on=values["remind_on"],
        by=by,
    )
    title, note = _reminder_text(locked, hearing)
    hearing.reminder = schedule_reminder(
        locked.officer, subject=locked, org=locked.org, on=hearing.remind_on, title=title, note=note, by=by
    )
    hearing.save(update_fields=["reminder"])
    record_event(locked, "hearing_scheduled", by=by, note=note)
    return hearing


@transaction.atomic
def change_hearing(hearing: Hearing, values: dict, *, by) -> Hearing:
    """Moved by the court (the reminder moves with it) or, once held, its outcome recorded."""
    matter = hearing.litigation
    if not can_litigate(by, matter):
        raise PermissionDenied
    locked = _locked(matter, states=HEARINGS_OPEN)
    row = Hearing.objects.select_for_update().get(pk=hearing.pk)
    moved = values["at"] != row.at or values["remind_on"] != row.remind_on
    if moved:
        _check_hearing_dates(values)
    if values.get("outcome", "").strip() and values["at"] > timezone.now():
        raise ValidationError({"outcome": _("The outcome is recorded after the hearing.")})
    for name in ("kind", "at", "room", "remind_on"):
        setattr(row, name, values[name])
    row.outcome = values.get("outcome", "").strip()
    title, note = _reminder_text(locked, row)
    if moved:
        if row.reminder_id and row.remind_on > timezone.localdate():
            reschedule_reminder(row.reminder, on=row.remind_on, by=by, note=note)
        else:  # today, or it had none: a new one (the old one is done with)
            if row.reminder_id:
                row.reminder.delete()
            row.reminder = schedule_reminder(
                locked.officer,
                subject=locked,
                org=locked.org,
                on=row.remind_on,
                title=title,
                note=note,
                by=by,
            )
    row.save()
    record_event(
        locked, "hearing_changed", by=by, note=note + (f" — {row.outcome[:200]}" if row.outcome else "")
    )
    return row


STEP_FOR_DOCUMENT = {
    (1, Judgment.Kind.JUDGMENT): "record_first_judgment",
    (1, Judgment.Kind.MEDIATION): "close_by_mediation",
    (2, Judgment.Kind.JUDGMENT): "close_per_final_judgment",
    (2, Judgment.Kind.MEDIATION): "close_by_mediation",
}


@files_removed_on_error()
@transaction.atomic
def record_judgment(matter: Litigation, values: dict, *, by, expected_state: str) -> Judgment:
    """The court's document of the current instance with its scan and its award by item, and the step it makes:
    a first judgment opens the appeal decision; a second-instance judgment or a mediation closes the matter."""
    if not can_litigate(by, matter):
        raise PermissionDenied
    locked = _locked(matter, states={S.FIRST_INSTANCE, S.SECOND_INSTANCE}, expected_state=expected_state)
    instance = 2 if locked.state == S.SECOND_INSTANCE else 1
    scan = store_attachment(locked.person, values["scan"], kind=Attachment.Kind.DOCUMENT, by=by)
    judgment = Judgment.objects.create(
        litigation=locked,
        instance=instance,
        kind=values["kind"],
        case_no=values["case_no"],
        decided_on=values["decided_on"],
        served_on=values["served_on"],
        scan=scan,
        summary=values.get("summary", "").strip(),
        by=by,
    )
    JudgmentItem.objects.bulk_create(
        JudgmentItem(judgment=judgment, code=code, amount=amount) for code, amount in values["awards"].items()
    )
    record_event(locked, "judgment_recorded", by=by, note=f"{judgment} ¥{judgment.total():,.2f}")
    step = STEP_FOR_DOCUMENT[(instance, values["kind"])]
    perform_transition(locked, step, by=by, expected_state=expected_state)
    if step == "record_first_judgment":
        _remind_appeal(locked, by=by)
    else:
        settle_per_court(locked, by=by)
    return judgment


def _remind_appeal(matter: Litigation, *, by) -> None:
    """The appeal decision to make before the period ends: in the officer's inbox from today."""
    matter.refresh_from_db()
    deadline = matter.appeal_deadline()
    schedule_reminder(
        matter.officer,
        subject=matter,
        org=matter.org,
        on=timezone.localdate(),
        title=_("Decide on an appeal of %(case_no)s by %(day)s")
        % {"case_no": matter.case_no, "day": f"{deadline:%Y-%m-%d}"},
        note=matter.appeal_source,
        by=by,
    )


def take_litigation_step(matter: Litigation, name: str, data, *, by) -> StepOutcome:
    """A step from the matter's page; one that closes it applies the award to the person in the same transaction."""
    with transaction.atomic():
        outcome = take_step(LITIGATION, matter, name, data, by=by)
        if outcome.done and outcome.event.to_state == S.CLOSED:
            settle_per_court(matter, by=by)
    return outcome


def settle_per_court(matter: Litigation, *, by) -> None:
    """p23 "根据判决或调解结果结案": the effective award becomes the person's amounts — their costs are the court's
    (``settle_by_judgment`` while they were being followed up) and their settlement calculates on the award and
    refuses adjustments. A settlement already approved or paid keeps its amount: the matter's record says so."""
    from .settlement import fix_amounts

    person = InjuredPerson.objects.select_for_update().get(pk=matter.person_id)
    matter.refresh_from_db()
    source = str(matter.effective_judgment) if matter.effective_judgment_id else ""
    if person.state in FOLLOWING:
        perform_transition(person, "settle_by_judgment", by=by, note=source, system=True)
    try:
        fix_amounts(person, by=by)
    except ValidationError as exc:
        record_event(matter, "amounts_not_fixed", by=by, note=" ".join(exc.messages))


__all__ = [
    "change_hearing",
    "give_opinion",
    "open_litigation",
    "record_judgment",
    "save_claims",
    "save_plan",
    "schedule_hearing",
    "settle_per_court",
    "take_litigation_step",
]
