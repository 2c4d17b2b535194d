"""Use cases of the cooperation pipeline and its agreements. Every state change goes through
workflow.services.perform_transition (row lock, stale check, permission, event row); the business checks that
decide whether a step may happen live here."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import DocumentKind
from documents.services import issue_document
from organization.models import OrgUnit, User
from organization.roles import Role
from organization.selectors import responsible_persons as org_responsible_persons
from sla.notifications import notify
from sla.services import close_deadlines_for, open_deadline, schedule_reminder
from workflow.services import TransitionRefused, perform_transition, record_event

from .models import Agreement, Condition, Cooperation, EligibilityCheck, Hospital, Rectification

APPROVAL_POLICY = "hq_network_approval"
EXPIRY_WARNINGS = (90, 60, 30)
MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_SIGNATURES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


# --- who hears about the network ------------------------------------------------------------------------------
def responsible_persons(org: OrgUnit) -> list[User]:
    """The branch's first and second responsible persons: the default recipients of network reminders."""
    people = org_responsible_persons(org)
    return people["first"] + people["second"]


def hq_approvers() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, org__level=OrgUnit.Level.HQ, groups__name=Role.HQ_NETWORK_APPROVER
        )
        .distinct()
        .order_by("pk")
    )


# --- submission -------------------------------------------------------------------------------------------
def latest_agreement(cooperation: Cooperation) -> Agreement | None:
    return cooperation.agreements.order_by("-version").first()


def missing_for_submission(cooperation: Cooperation) -> list[str]:
    """What HQ needs and is not there yet (seed 000, 上报审批): empty when the cooperation may be submitted."""
    h: Hospital = cooperation.hospital
    missing = []
    for ok, label in (
        (h.name, _("full name")),
        (h.address, _("address")),
        (h.nature, _("nature (public or private)")),
        (h.grade, _("grade")),
        (h.beds, _("size (number of beds)")),
        (h.specialties.strip(), _("key specialties")),
        (h.emergency_phone, _("emergency direct line (not 120)")),
        (h.emergency_contact, _("emergency contact person or department")),
        (cooperation.method, _("establishment method")),
    ):
        if not ok:
            missing.append(str(label))
    recorded = set(cooperation.checks.values_list("condition", flat=True))
    if len(recorded) < len(Condition.values):
        missing.append(
            _("eligibility checklist (%(done)s of %(all)s conditions recorded)")
            % {"done": len(recorded), "all": len(Condition.values)}
        )
    if latest_agreement(cooperation) is None:
        missing.append(str(_("draft agreement")))
    return missing


@transaction.atomic
def save_eligibility(cooperation: Cooperation, checks: dict[int, tuple[bool, str]], *, by) -> None:
    """Record the eight conditions: met or not, with the evidence for each."""
    for condition, (met, evidence) in checks.items():
        EligibilityCheck.objects.update_or_create(
            cooperation=cooperation,
            condition=Condition(condition),
            defaults={"met": met, "evidence": evidence},
        )
    record_event(cooperation, "eligibility_recorded", by=by)


# --- transitions ------------------------------------------------------------------------------------------
def act(
    cooperation: Cooperation, action: str, *, by, expected_state: str | None = None, note: str = "", **kwargs
):
    """Take one step of the pipeline on behalf of `by`, with the checks that step needs."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise TransitionRefused(_("Unknown action."))
    return handler(cooperation, by=by, expected_state=expected_state, note=note, **kwargs)


def _simple(name: str):
    def step(cooperation, *, by, expected_state, note, **kwargs):
        return perform_transition(cooperation, name, by=by, note=note, expected_state=expected_state)

    return step


def _submit(cooperation, *, by, expected_state, note, **kwargs):
    missing = missing_for_submission(cooperation)
    if missing:
        raise ValidationError(
            _("Cannot submit to HQ yet. Missing: %(items)s.") % {"items": "; ".join(missing)}
        )
    with transaction.atomic():
        event = perform_transition(cooperation, "submit", by=by, note=note, expected_state=expected_state)
        open_deadline(
            APPROVAL_POLICY,
            subject=cooperation,
            org=cooperation.org,
            title=_("HQ decision on %(hospital)s (%(org)s)")
            % {"hospital": cooperation.hospital, "org": cooperation.org},
        )
        notify(
            hq_approvers(),
            title=_("New cooperating hospital to approve: %(hospital)s") % {"hospital": cooperation.hospital},
            body=_("Submitted by %(org)s.") % {"org": cooperation.org},
            url=cooperation.get_absolute_url(),
            subject=cooperation,
        )
    return event


def _decision(name: str, *, reasons_required: bool):
    def step(cooperation, *, by, expected_state, note, special_approval: bool = False, **kwargs):
        note = note.strip()
        if reasons_required and not note:
            raise ValidationError(_("Give the reasons: the branch needs them to act."))
        extra = {"reasons": note}
        if name == "approve":
            if cooperation.hospital.needs_special_approval and not special_approval:
                raise ValidationError(
                    _("This hospital needs HQ's explicit special approval (%(reasons)s): tick it to approve.")
                    % {"reasons": ", ".join(cooperation.hospital.special_approval_reasons)}
                )
            extra["special_approval"] = bool(special_approval and cooperation.hospital.needs_special_approval)
        with transaction.atomic():
            event = perform_transition(
                cooperation, name, by=by, note=note, expected_state=expected_state, **extra
            )
            close_deadlines_for(cooperation, policy_code=APPROVAL_POLICY)
            cooperation.refresh_from_db()
            notify(
                responsible_persons(cooperation.org)
                + ([cooperation.created_by] if cooperation.created_by else []),
                title=_("HQ decision on %(hospital)s: %(state)s")
                % {"hospital": cooperation.hospital, "state": cooperation.get_state_display()},
                body=note,
                url=cooperation.get_absolute_url(),
                subject=cooperation,
            )
        return event

    return step


def _sign(cooperation, *, by, expected_state, note, **kwargs):
    agreement = latest_agreement(cooperation)
    if agreement is None or agreement.signed_on is None:
        raise ValidationError(_("Record the signing date of the agreement first."))
    if not agreement.reviews_complete:
        raise ValidationError(
            _(
                "The agreement deviates from the standard text: the branch legal review and the HQ review must both be recorded before signing."
            )
        )
    return perform_transition(cooperation, "sign", by=by, note=note, expected_state=expected_state)


def _activate(cooperation, *, by, expected_state, note, **kwargs):
    agreement = latest_agreement(cooperation)
    if agreement is None or not agreement.signed_scan:
        raise ValidationError(_("Upload the scan of the signed agreement first."))
    return perform_transition(cooperation, "activate", by=by, note=note, expected_state=expected_state)


def _rectify(cooperation, *, by, expected_state, note, deadline: datetime.date | None = None, **kwargs):
    today = timezone.localdate()
    if not note.strip():
        raise ValidationError(_("Describe what the hospital must rectify."))
    if deadline is None or deadline <= today:
        raise ValidationError(_("Give a rectification deadline after today."))
    with transaction.atomic():
        event = perform_transition(
            cooperation, "request_rectification", by=by, note=note, expected_state=expected_state
        )
        Rectification.objects.create(
            cooperation=cooperation, issues=note, requested_on=today, deadline=deadline
        )
        for person in responsible_persons(cooperation.org):
            schedule_reminder(
                person,
                subject=cooperation,
                org=cooperation.org,
                on=deadline,
                title=_("Rectification deadline: %(hospital)s") % {"hospital": cooperation.hospital},
                note=note,
                by=by,
            )
    return event


def _close_rectification(cooperation, *, by, expected_state, note, **kwargs):
    with transaction.atomic():
        event = perform_transition(
            cooperation, "close_rectification", by=by, note=note, expected_state=expected_state
        )
        cooperation.rectifications.filter(outcome=Rectification.Outcome.PENDING).update(
            outcome=Rectification.Outcome.RECTIFIED, outcome_note=note, closed_on=timezone.localdate()
        )
    return event


def _terminate(cooperation, *, by, expected_state, note, **kwargs):
    if not note.strip():
        raise ValidationError(_("Give the reason for terminating the cooperation."))
    with transaction.atomic():
        event = perform_transition(
            cooperation, "terminate", by=by, note=note, expected_state=expected_state, reason=note
        )
        cooperation.rectifications.filter(outcome=Rectification.Outcome.PENDING).update(
            outcome=Rectification.Outcome.FAILED, closed_on=timezone.localdate()
        )
        notify(
            hq_approvers(),
            title=_("Cooperation terminated: %(hospital)s (%(org)s)")
            % {"hospital": cooperation.hospital, "org": cooperation.org},
            body=note,
            url=cooperation.get_absolute_url(),
            subject=cooperation,
        )
    return event


def _renew(cooperation, *, by, expected_state, note, term_end: datetime.date | None = None, **kwargs):
    current = latest_agreement(cooperation)
    if current is None:
        raise ValidationError(_("There is no agreement to renew."))
    if term_end is None or term_end <= current.term_end:
        raise ValidationError(
            _("The renewed term must end after the current one (%(end)s).") % {"end": current.term_end}
        )
    with transaction.atomic():
        event = perform_transition(cooperation, "renew", by=by, note=note, expected_state=expected_state)
        Agreement.objects.create(
            cooperation=cooperation,
            version=current.version + 1,
            functions=current.functions,
            term_start=current.term_end + datetime.timedelta(days=1),
            term_end=term_end,
            insurer_signatory=current.insurer_signatory,
            hospital_signatory=current.hospital_signatory,
            signed_on=timezone.localdate(),
            guarantee_enabled=current.guarantee_enabled,
            guarantee_hq_approved=current.guarantee_hq_approved,
        )
    return event


ACTIONS = {
    "shortlist": _simple("shortlist"),
    "contact": _simple("contact"),
    "negotiate": _simple("negotiate"),
    "submit": _submit,
    "return_for_changes": _decision("return_for_changes", reasons_required=True),
    "reject": _decision("reject", reasons_required=True),
    "approve": _decision("approve", reasons_required=False),
    "sign": _sign,
    "activate": _activate,
    "request_rectification": _rectify,
    "close_rectification": _close_rectification,
    "mark_renewal_due": _simple("mark_renewal_due"),
    "renew": _renew,
    "terminate": _terminate,
}


# --- agreements -------------------------------------------------------------------------------------------
@transaction.atomic
def save_agreement(cooperation: Cooperation, data: dict, *, by) -> Agreement:
    """Create the draft agreement, or change it while it is not signed. A changed deviation needs new reviews."""
    agreement = latest_agreement(cooperation)
    if agreement is not None and agreement.signed_on is not None:
        raise ValidationError(_("This agreement is signed; changes need a renewal (a new version)."))
    if data.get("guarantee_enabled") and not data.get("guarantee_hq_approved"):
        raise ValidationError(
            _("Medical-fee guarantee and prepayment may be enabled only with HQ's approval.")
        )
    if agreement is None:
        agreement = Agreement(cooperation=cooperation, version=1)
    deviation_changed = (agreement.deviation or "").strip() != (data.get("deviation") or "").strip()
    for field, value in data.items():
        setattr(agreement, field, value)
    if deviation_changed:
        agreement.legal_reviewed_by = agreement.hq_reviewed_by = None
    agreement.full_clean(exclude=["cooperation", "signed_scan", "document"])
    agreement.save()
    record_event(cooperation, "agreement_saved", by=by, note=f"v{agreement.version}")
    return agreement


def print_agreement(agreement: Agreement, *, by):
    """The agreement as a numbered, hash-registered PDF in Chinese."""
    cooperation = agreement.cooperation
    document = issue_document(
        kind=DocumentKind.COOPERATION_AGREEMENT,
        template_name="hospitals/pdf/agreement.html",
        context={"agreement": agreement, "cooperation": cooperation, "hospital": cooperation.hospital},
        subject=cooperation,
        org=cooperation.org,
        by=by,
        title=f"协作医院合作协议书 {cooperation.hospital.name} 第{agreement.version}版",
    )
    Agreement.objects.filter(pk=agreement.pk).update(document=document)
    return document


@transaction.atomic
def review_agreement(agreement: Agreement, kind: str, *, by) -> Agreement:
    if not agreement.has_deviation:
        raise ValidationError(_("The standard text needs no review."))
    if kind == "legal":
        agreement.legal_reviewed_by = by
    elif kind == "hq":
        agreement.hq_reviewed_by = by
    else:
        raise ValidationError(_("Unknown review."))
    agreement.save(update_fields=["legal_reviewed_by", "hq_reviewed_by"])
    record_event(agreement.cooperation, f"agreement_{kind}_review", by=by, note=f"v{agreement.version}")
    return agreement


def check_scan(upload: UploadedFile) -> str:
    """PDF, JPEG or PNG, judged by content, at most 10 MB. Returns the file extension."""
    if upload.size > MAX_SCAN_BYTES:
        raise ValidationError(_("The scan is larger than 10 MB."))
    head = upload.read(8)
    upload.seek(0)
    for signature, extension in SCAN_SIGNATURES.items():
        if head.startswith(signature):
            return extension
    raise ValidationError(_("The scan must be a PDF, JPEG or PNG file."))


@transaction.atomic
def record_signing(
    agreement: Agreement, *, signed_on: datetime.date, scan: UploadedFile | None, by
) -> Agreement:
    if signed_on > timezone.localdate():
        raise ValidationError(_("The signing date cannot be in the future."))
    agreement.signed_on = signed_on
    if scan is not None:
        extension = check_scan(scan)
        agreement.signed_scan.save(
            f"agreement-{agreement.pk}-v{agreement.version}.{extension}", scan, save=False
        )
    agreement.save(update_fields=["signed_on", "signed_scan"])
    record_event(
        agreement.cooperation, "agreement_signed_recorded", by=by, note=f"v{agreement.version} {signed_on}"
    )
    return agreement


@transaction.atomic
def record_filing(agreement: Agreement, *, filed_on: datetime.date, plaque_hung: bool, by) -> Agreement:
    if filed_on > timezone.localdate():
        raise ValidationError(_("The filing date cannot be in the future."))
    agreement.filed_with_hq_on = filed_on
    agreement.save(update_fields=["filed_with_hq_on"])
    Cooperation.objects.filter(pk=agreement.cooperation_id).update(plaque_hung=plaque_hung)
    record_event(agreement.cooperation, "agreement_filed", by=by, note=str(filed_on))
    return agreement


# --- expiry -----------------------------------------------------------------------------------------------
def send_expiry_reminders(today: datetime.date | None = None) -> int:
    """Daily: tell the responsible persons at 90, 60 and 30 days before an agreement ends (once each), and move
    the cooperation to "renewal due" when its agreement enters the 90-day window."""
    today = today or timezone.localdate()
    sent = 0
    horizon = today + datetime.timedelta(days=max(EXPIRY_WARNINGS))
    for cooperation in (
        Cooperation.objects.filter(
            state__in=Cooperation.IN_NETWORK,
            agreements__term_end__gte=today,
            agreements__term_end__lte=horizon,
        )
        .select_related("hospital", "org")
        .distinct()
    ):
        agreement = latest_agreement(cooperation)
        if agreement is None or not today <= agreement.term_end <= horizon:
            continue
        days = agreement.days_to_expiry(today)
        if cooperation.state in (Cooperation.State.ACTIVE, Cooperation.State.RECTIFICATION):
            perform_transition(
                cooperation,
                "mark_renewal_due",
                by=None,
                system=True,
                note=_("Agreement ends on %(end)s.") % {"end": agreement.term_end},
            )
        threshold = min(w for w in EXPIRY_WARNINGS if days <= w)
        created = notify(
            responsible_persons(cooperation.org),
            title=_("Agreement with %(hospital)s ends in %(days)s days")
            % {"hospital": cooperation.hospital, "days": days},
            body=_("Term ends on %(end)s: renew or terminate.") % {"end": agreement.term_end},
            url=cooperation.get_absolute_url(),
            subject=cooperation,
            dedupe_key=f"agreement:{agreement.pk}:{threshold}",
        )
        sent += len(created)
    return sent
