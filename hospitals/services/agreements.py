"""Agreements 协作医院合作协议书: the draft, its reviews, printing, signing (scan) and filing with HQ."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services import issue_document
from sla.notifications import notify
from workflow.services import record_event

from ..models import Agreement, Cooperation, Function, FunctionApproval
from ..selectors import hq_approvers, responsible_persons
from ..workflows import hq_decided, latest_agreement, renewal_draft, signing_problems
from .pipeline import lock_for_edit

FUNCTION_REQUESTED_NOTICE = "hospitals.function_requested"
FUNCTION_DECIDED_NOTICE = "hospitals.function_decided"

AGREEMENT_DOCUMENT = "cooperation_agreement"
MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_SIGNATURES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


@transaction.atomic
def save_agreement(cooperation: Cooperation, data: dict, *, by) -> Agreement:
    """Create the draft agreement, or change it while the cooperation is being prepared (COOPERATION.editable):
    once submitted, what HQ sees is what gets signed. While renewal is due, the next version is drafted here.
    A changed deviation needs new reviews; a function that needs HQ's approval is requested from HQ."""
    locked = lock_for_edit(cooperation, "agreement")
    agreement = latest_agreement(locked)
    if agreement is not None and agreement.is_signed:
        if locked.state != Cooperation.State.RENEWAL_DUE:
            raise ValidationError(_("This agreement is signed; changes need a renewal (a new version)."))
        agreement = Agreement(cooperation=locked, version=agreement.version + 1)
    elif agreement is None:
        agreement = Agreement(cooperation=locked, version=1)
    deviation_changed = (agreement.deviation or "").strip() != (data.get("deviation") or "").strip()
    for field, value in data.items():
        setattr(agreement, field, value)
    if deviation_changed:
        agreement.legal_reviewed_by = agreement.hq_reviewed_by = None
    agreement.full_clean(exclude=["cooperation", "signed_scan", "document"])
    agreement._history_user = by
    agreement.save()
    record_event(locked, "agreement_saved", by=by, note=f"v{agreement.version}")
    _request_approvals(agreement, by=by)
    return agreement


def _request_approvals(agreement: Agreement, *, by) -> None:
    """Ask HQ for every function of the draft that needs its approval; drop requests for functions removed."""
    needed = set(agreement.functions_needing_approval())
    FunctionApproval.objects.filter(agreement=agreement).exclude(function__in=needed).delete()
    for code in sorted(needed):
        _approval, created = FunctionApproval.objects.get_or_create(
            agreement=agreement, function=code, defaults={"requested_by": by}
        )
        if created:
            record_event(agreement.cooperation, "function_requested", by=by, note=str(Function(code).label))
            notify(
                hq_approvers(),
                kind=FUNCTION_REQUESTED_NOTICE,
                context={
                    "hospital": agreement.cooperation.hospital.name,
                    "org": agreement.cooperation.org.name,
                    "function": str(Function(code).label),
                },
                url=agreement.cooperation.get_absolute_url(),
                subject=agreement.cooperation,
                dedupe_key=f"function:{agreement.pk}:{code}",
            )


@transaction.atomic
def decide_function(agreement: Agreement, function: str, *, approve: bool, note: str, by) -> FunctionApproval:
    """HQ approves or refuses a function of an unsigned version (seed 000: "报总公司车险意健险理赔部批准后…开展医疗
    费担保或垫付服务"; "经报总公司车险意健险理赔部同意后…医疗顾问")."""
    agreement = Agreement.objects.select_for_update().select_related("cooperation").get(pk=agreement.pk)
    if agreement.is_signed:
        raise ValidationError(_("This version is signed: its functions were settled before signing."))
    try:
        approval = FunctionApproval.objects.select_for_update().get(agreement=agreement, function=function)
    except FunctionApproval.DoesNotExist as exc:
        raise ValidationError(_("The branch has not asked for this function in this version.")) from exc
    if not approve and not note.strip():
        raise ValidationError(_("Give the reasons: the branch needs them to act."))
    approval.status = FunctionApproval.Status.APPROVED if approve else FunctionApproval.Status.REFUSED
    approval.decided_by, approval.decided_at, approval.note = by, timezone.now(), note
    approval.save()
    label = str(Function(function).label)
    record_event(
        agreement.cooperation,
        "function_approved" if approve else "function_refused",
        by=by,
        note=f"{label} {note}".strip(),
    )
    cooperation = agreement.cooperation
    notify(
        [p for p in (*responsible_persons(cooperation.org), approval.requested_by) if p is not None],
        kind=FUNCTION_DECIDED_NOTICE,
        context={
            "hospital": cooperation.hospital.name,
            "function": label,
            "decision": str(approval.get_status_display()),
            "note": note,
        },
        url=cooperation.get_absolute_url(),
        subject=cooperation,
        dedupe_key=f"function-decided:{approval.pk}:{approval.decided_at.isoformat()}",
    )
    return approval


@transaction.atomic
def review_agreement(agreement: Agreement, kind: str, *, by) -> Agreement:
    """A change to the standard text (seed 000: "必须报本机构法律岗及总公司车险/意健险理赔部审核同意"): the branch
    legal post reviews it ("legal"), then HQ ("hq"). Who may is the view's permission; the order is checked here."""
    agreement = Agreement.objects.select_for_update().select_related("cooperation").get(pk=agreement.pk)
    if not agreement.has_deviation:
        raise ValidationError(_("The standard text needs no review."))
    if agreement.is_signed:
        raise ValidationError(_("This version is signed: its reviews were settled before signing."))
    if kind == "legal":
        agreement.legal_reviewed_by = by
    elif kind == "hq":
        if agreement.legal_reviewed_by_id is None:
            raise ValidationError(_("The branch legal post reviews the change first, then HQ."))
        agreement.hq_reviewed_by = by
    else:
        raise ValidationError(_("Unknown review."))
    agreement._history_user = by
    agreement.save(update_fields=["legal_reviewed_by", "hq_reviewed_by"])
    record_event(agreement.cooperation, f"agreement_{kind}_review", by=by, note=f"v{agreement.version}")
    return agreement


def print_agreement(agreement: Agreement, *, by):
    """The agreement as a numbered, hash-registered PDF in Chinese."""
    cooperation = agreement.cooperation
    document = issue_document(
        kind=AGREEMENT_DOCUMENT,
        template_name="hospitals/pdf/agreement.html",
        context={
            "agreement": agreement,
            "cooperation": cooperation,
            "hospital": cooperation.hospital,
            "approved_functions": set(
                agreement.function_approvals.filter(status=FunctionApproval.Status.APPROVED).values_list(
                    "function", flat=True
                )
            ),
        },
        subject=cooperation,
        org=cooperation.org,
        by=by,
        title=f"协作医院合作协议书 {cooperation.hospital.name} 第{agreement.version}版",
    )
    Agreement.objects.filter(pk=agreement.pk).update(document=document)
    return document


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


def _signing_opens_on(cooperation: Cooperation, agreement: Agreement) -> datetime.date:
    """The day HQ's decision allowed this version to be signed: the approval of the cooperation for the first
    version, the decision to renew on the annual evaluation for a renewal. Refuses when there is no such
    decision (what HQ approved is what gets signed)."""
    if agreement.version == 1:
        if cooperation.state != Cooperation.State.APPROVED or cooperation.decided_at is None:
            raise ValidationError(_("The agreement can be signed only once HQ has approved the cooperation."))
        return timezone.localdate(cooperation.decided_at)
    if cooperation.state != Cooperation.State.RENEWAL_DUE or renewal_draft(cooperation) != agreement:
        raise ValidationError(_("A new version is signed only for a renewal that is due."))
    decision = hq_decided(cooperation, "renew")
    if decision is None:
        raise ValidationError(
            _("HQ has not decided to renew: submit this year's evaluation recommending renewal to HQ first.")
        )
    return timezone.localdate(decision.decided_at)


def _lock(agreement: Agreement) -> tuple[Cooperation, Agreement]:
    """The cooperation, then the agreement (the order the steps lock them in)."""
    cooperation = (
        Cooperation.objects.select_for_update()
        .select_related("hospital", "org")
        .get(pk=agreement.cooperation_id)
    )
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    locked.cooperation = cooperation
    return cooperation, locked


@transaction.atomic
def record_signing(
    agreement: Agreement, *, signed_on: datetime.date | None, scan: UploadedFile | None, by
) -> Agreement:
    """Record that a version was signed ("由双方适格领导签署协议书"), once: on or after HQ's decision, with both
    reviews, HQ's approval of the functions that need it and both sides' project liaisons. A signed version may
    only receive its missing scan; a signed and scanned one is final (a change is a renewal)."""
    cooperation, agreement = _lock(agreement)
    if agreement.is_signed:
        if agreement.signed_scan:
            raise ValidationError(
                _(
                    "Version %(v)s was signed on %(date)s and its scan is on file: it cannot be signed again. "
                    "A change needs a renewal (a new version)."
                )
                % {"v": agreement.version, "date": agreement.signed_on}
            )
        if signed_on is not None and signed_on != agreement.signed_on:
            raise ValidationError(
                _("Version %(v)s was signed on %(date)s: the date cannot change; only its scan can be added.")
                % {"v": agreement.version, "date": agreement.signed_on}
            )
        if scan is None:
            raise ValidationError(_("Choose the scan of the signed agreement."))
        _store_scan(agreement, scan, by=by)
        record_event(cooperation, "agreement_scan_added", by=by, note=f"v{agreement.version}")
        return agreement
    if latest_agreement(cooperation) != agreement:
        raise ValidationError(_("Only the newest version can be signed."))
    if signed_on is None:
        raise ValidationError(_("Give the signing date."))
    if signed_on > timezone.localdate():
        raise ValidationError(_("The signing date cannot be in the future."))
    opens_on = _signing_opens_on(cooperation, agreement)
    if signed_on < opens_on:
        raise ValidationError(
            _("The signing date cannot be before HQ's decision (%(date)s).") % {"date": opens_on}
        )
    problems = signing_problems(agreement)
    if problems:
        raise ValidationError(problems)
    agreement.signed_on = signed_on
    agreement._history_user = by
    agreement.save(update_fields=["signed_on"])
    if scan is not None:
        _store_scan(agreement, scan, by=by)
    record_event(cooperation, "agreement_signed_recorded", by=by, note=f"v{agreement.version} {signed_on}")
    return agreement


def _store_scan(agreement: Agreement, scan: UploadedFile, *, by) -> None:
    extension = check_scan(scan)
    agreement.signed_scan.save(f"agreement-{agreement.pk}-v{agreement.version}.{extension}", scan, save=False)
    agreement._history_user = by
    agreement.save(update_fields=["signed_scan"])


@transaction.atomic
def record_filing(agreement: Agreement, *, filed_on: datetime.date, plaque_hung: bool, by) -> Agreement:
    """Seed 000: "协议书原件扫描后以电子邮件形式报总公司车险部备案" — a signed version with its scan is filed with HQ,
    once, on or after its signing. The plaque at the gate may be recorded with it or later."""
    cooperation, agreement = _lock(agreement)
    if not agreement.is_signed or not agreement.signed_scan:
        raise ValidationError(_("Only a signed version with its scan can be filed with HQ."))
    if filed_on > timezone.localdate():
        raise ValidationError(_("The filing date cannot be in the future."))
    if filed_on < agreement.signed_on:
        raise ValidationError(
            _("The filing date cannot be before the signing (%(date)s).") % {"date": agreement.signed_on}
        )
    if agreement.filed_with_hq_on is not None and agreement.filed_with_hq_on != filed_on:
        raise ValidationError(
            _("Version %(v)s was filed with HQ on %(date)s.")
            % {"v": agreement.version, "date": agreement.filed_with_hq_on}
        )
    if agreement.filed_with_hq_on is None:
        agreement.filed_with_hq_on = filed_on
        agreement._history_user = by
        agreement.save(update_fields=["filed_with_hq_on"])
        record_event(cooperation, "agreement_filed", by=by, note=f"v{agreement.version} {filed_on}")
    if plaque_hung != cooperation.plaque_hung:
        Cooperation.objects.filter(pk=cooperation.pk).update(plaque_hung=plaque_hung)
    return agreement
