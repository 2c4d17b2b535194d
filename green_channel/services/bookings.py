"""Booking use cases (重疾绿通服务预约, seed 003): record a request, receive its documents, hand it to the vendor,
propose experts and record the customer's choice, confirm the appointment, record the outcome, cancel. Each runs
in one transaction on the locked booking; the state moves only through ``perform_transition`` (the declaration in
``green_channel.workflows.booking``), which tells a second person acting on the same booking that it changed.

The customer's SMS texts are administered templates (``SmsTemplate``): :func:`sms_text` fills the product's own
wording or the default one; every SMS is put on the booking's timeline.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sla import calendar
from sla.models import Deadline
from sla.notifications import Contact, Message, send_messages
from sla.services.deadlines import pause_deadline, resume_deadline
from workflow.services import perform_transition, record_event

from .. import booking_rules
from ..models import Booking, BookingDocument, ExpertProposal, Policy, ProductService, ServiceUse, SmsTemplate
from ..rules import can_arrange_booking, can_review_booking
from ..terms import Status
from ..workflows.booking import OPEN, BookingState

S = BookingState
CUSTOMER_SMS = "green_channel.customer_sms"
EXPERTS_TO_PROPOSE = 3  # "推荐三位专家供客户选择"


# --- SMS ---------------------------------------------------------------------------------------------------
def sms_text(booking: Booking, code: str, **extra) -> str:
    """The customer's SMS of ``code`` for this booking: the product's template, else the default."""
    templates = {t.product_id: t for t in SmsTemplate.objects.filter(code=code)}
    template = templates.get(booking.service.product_id) or templates.get(None)
    if template is None:
        return ""
    product = booking.service.product
    values = {
        "customer": booking.policy.insured.name,
        "number": booking.number,
        "service": booking.service.name,
        "product": product.name,
        "hotline": product.hotline or (product.vendor.hotline if product.vendor_id else ""),
        "reason": "",
        "missing": "",
        "hospital": booking.appointment_hospital,
        "department": booking.appointment_department,
        "expert": booking.appointment_expert,
        "appointment": (
            f"{timezone.localtime(booking.appointment_at):%Y-%m-%d %H:%M}" if booking.appointment_at else ""
        ),
        "experts": "",
        **{key: str(value) for key, value in extra.items()},
    }
    try:
        return template.text % values
    except (KeyError, ValueError, TypeError):
        return template.text  # an administrator's typo in a placeholder never stops the booking


def _sms(booking: Booking, code: str, *, by, key: str, **extra) -> None:
    mobile = booking.contact_mobile or booking.policy.insured.mobile
    text = sms_text(booking, code, **extra)
    if not mobile or not text:
        return
    send_messages(
        [
            Message(
                contact=Contact(mobile=mobile, name=booking.policy.insured.name),
                kind=CUSTOMER_SMS,
                context={"text": text},
                content_type_id=ContentType.objects.get_for_model(Booking).pk,
                object_id=booking.pk,
                dedupe_key=f"gc:{booking.pk}:{code}:{key}",
            )
        ]
    )
    record_event(booking, "sms", by=by, note=text)


# --- requests ----------------------------------------------------------------------------------------------
@transaction.atomic
def new_booking(
    policy: Policy,
    service: ProductService,
    *,
    by,
    channel: str,
    need: str,
    city: str = "",
    hospital: str = "",
    department: str = "",
    mobile: str = "",
    requested_at: datetime.datetime | None = None,
) -> Booking:
    """A customer's request, by phone or on the web. Refused with the reasons when the service is not covered,
    used up or not available yet; a second open request for the same service is refused too."""
    from ..selectors import entitlements_for_policy

    if not can_review_booking(by) or not can_review_booking(by, policy):
        raise PermissionDenied
    if service.product_id != policy.product_id:
        raise ValidationError(_("This service is not one of the policy's product."))
    Policy.objects.select_for_update().get(pk=policy.pk)  # one request at a time per policy
    found = entitlements_for_policy(policy.pk).service(str(service.pk))
    if found.status in (Status.NOT_COVERED, Status.USED_UP, Status.NOT_YET):
        raise ValidationError([str(reason) for reason in found.reasons] or [_("Not available.")])
    if Booking.objects.filter(policy=policy, service=service, state__in=OPEN).exists():
        raise ValidationError(_("This customer already has an open request for this service."))
    booking = Booking.objects.create(
        number="",
        policy=policy,
        service=service,
        org_id=policy.org_id,
        channel=channel,
        requested_at=requested_at or timezone.now(),
        requested_by=by,
        need=need,
        city=city,
        preferred_hospital=hospital,
        department=department,
        contact_mobile=mobile,
    )
    booking.number = f"GC{timezone.localtime(booking.requested_at):%Y%m%d}{booking.pk:05d}"
    booking.save(update_fields=["number"])
    record_event(booking, "request", by=by, note=need, to_state=S.REQUESTED)  # the first clocks open
    _sms(booking, SmsTemplate.Code.RECEIVED, by=by, key="received")
    return booking


def _locked(booking: Booking, states=None) -> Booking:
    row = (
        Booking.objects.select_for_update()
        .select_related("service__product", "policy__insured")
        .get(pk=booking.pk)
    )
    if states is not None and row.state not in states:
        raise ValidationError(
            _("This booking is now “%(state)s”: reload the page.") % {"state": row.get_state_display()}
        )
    return row


@transaction.atomic
def receive_document(booking: Booking, requirement_id: int, *, by) -> BookingDocument:
    row = _locked(booking, {S.REQUESTED, S.DOCUMENTS, S.REVIEW})
    if not can_review_booking(by, row):
        raise PermissionDenied
    requirement = row.service.documents.filter(pk=requirement_id).first()
    if requirement is None:
        raise ValidationError(_("This document is not on the service's checklist."))
    document, created = BookingDocument.objects.get_or_create(
        booking=row, requirement=requirement, defaults={"received_at": timezone.now(), "received_by": by}
    )
    if created:
        record_event(row, "document", by=by, note=requirement.name)
    return document


@transaction.atomic
def hand_over(booking: Booking, *, by) -> Booking:
    """Hand the booking to the product's vendor: its staff see it and arrange it from now on."""
    row = _locked(booking, OPEN)
    if not can_review_booking(by, row):
        raise PermissionDenied
    vendor = row.service.product.vendor
    if vendor is None:
        raise ValidationError(_("This product names no vendor: the booking stays with the agents."))
    if row.vendor_id == vendor.pk:
        raise ValidationError(_("This booking is already with %(vendor)s.") % {"vendor": vendor})
    row.vendor, row.handed_at = vendor, timezone.now()
    row.save(update_fields=["vendor", "handed_at"])
    record_event(row, "hand_over", by=by, note=str(vendor))
    return row


# --- arranging ---------------------------------------------------------------------------------------------
@transaction.atomic
def propose_experts(booking: Booking, experts: list[dict], *, by) -> list[ExpertProposal]:
    """The experts proposed to the customer (three for an expert outpatient visit: "推荐三位专家供客户选择"); a new
    proposal replaces the earlier one until the customer has chosen."""
    row = _locked(booking, {S.ARRANGING})
    if not can_arrange_booking(by, row):
        raise PermissionDenied
    if row.service.kind == "expert_outpatient" and len(experts) != EXPERTS_TO_PROPOSE:
        raise ValidationError(
            _("Propose %(n)s experts for the customer to choose from.") % {"n": EXPERTS_TO_PROPOSE}
        )
    if not experts:
        raise ValidationError(_("Propose at least one expert."))
    ExpertProposal.objects.filter(booking=row).delete()
    now = timezone.now()
    rows = ExpertProposal.objects.bulk_create(
        ExpertProposal(booking=row, order=index, proposed_by=by, proposed_at=now, **expert)
        for index, expert in enumerate(experts, start=1)
    )
    listed = "；".join(f"{index}. {proposal}" for index, proposal in enumerate(rows, start=1))
    record_event(row, "propose", by=by, note=listed)
    _sms(row, SmsTemplate.Code.EXPERTS, by=by, key=f"experts:{now.timestamp()}", experts=listed)
    return rows


@transaction.atomic
def record_choice(booking: Booking, proposal_id: int, *, by, expected_state: str | None = None):
    row = _locked(booking)
    proposal = ExpertProposal.objects.filter(booking=row, pk=proposal_id).first()
    if proposal is None:
        raise ValidationError(_("Choose one of the experts proposed for this booking."))
    ExpertProposal.objects.filter(booking=row).update(chosen=False)
    ExpertProposal.objects.filter(pk=proposal.pk).update(chosen=True)
    Booking.objects.filter(pk=row.pk).update(
        appointment_expert=proposal.expert,
        appointment_hospital=proposal.hospital,
        appointment_department=proposal.department,
    )
    perform_transition(
        row, "choose_expert", by=by, note=str(proposal), expected_state=expected_state or row.state
    )
    return proposal


@transaction.atomic
def confirm(
    booking: Booking,
    *,
    appointment_at: datetime.datetime,
    hospital: str,
    department: str,
    expert: str,
    by,
    note: str = "",
    expected_state: str | None = None,
) -> Booking:
    """The appointment confirmed with the customer, who gets it by SMS."""
    row = _locked(booking)
    if not can_arrange_booking(by, row):
        raise PermissionDenied
    if appointment_at <= timezone.now():
        raise ValidationError({"appointment_at": _("The appointment must be in the future.")})
    Booking.objects.filter(pk=row.pk).update(
        appointment_at=appointment_at,
        appointment_hospital=hospital,
        appointment_department=department,
        appointment_expert=expert,
    )
    perform_transition(row, "confirm", by=by, note=note, expected_state=expected_state or row.state)
    row.refresh_from_db()
    _sms(row, SmsTemplate.Code.CONFIRMED, by=by, key=f"confirmed:{row.confirmed_at.timestamp()}")
    return row


def _count_use(row: Booking, on: datetime.date, note: str) -> None:
    use = ServiceUse.objects.create(policy_id=row.policy_id, service_id=row.service_id, used_on=on, note=note)
    Booking.objects.filter(pk=row.pk).update(use=use, counted_as_used=True)


@transaction.atomic
def serve(booking: Booking, *, on: datetime.date, by, note: str = "", expected_state: str | None = None):
    """Visited / admitted / operated / opinion delivered: the use is counted on that day."""
    row = _locked(booking)
    if on > timezone.localdate():
        raise ValidationError({"on": _("The day cannot be in the future.")})
    perform_transition(row, "served", by=by, note=note, expected_state=expected_state or row.state)
    Booking.objects.filter(pk=row.pk).update(served_on=on)
    _count_use(row, on, row.number)


@transaction.atomic
def record_no_show(booking: Booking, *, by, counts: bool | None, note: str = "", expected_state=None):
    row = _locked(booking)
    outcome = booking_rules.no_show(row.service.product.no_show_counts_as_used)
    decided = outcome.counts_as_used if outcome.counts_as_used is not None else counts
    if decided is None:
        raise ValidationError({"counts": _("The manual does not say: decide whether the no-show counts.")})
    perform_transition(row, "missed", by=by, note=note, expected_state=expected_state or row.state)
    Booking.objects.filter(pk=row.pk).update(outcome_reason=outcome.text)
    if decided:
        _count_use(row, timezone.localdate(), _("%(number)s: missed appointment") % {"number": row.number})


@transaction.atomic
def record_satisfaction(booking: Booking, *, score: int, by, note: str = "", expected_state=None):
    row = _locked(booking)
    if not 1 <= score <= 5:
        raise ValidationError({"score": _("Give a score from 1 to 5.")})
    perform_transition(row, "close", by=by, note=note, expected_state=expected_state or row.state)
    Booking.objects.filter(pk=row.pk).update(satisfaction=score)


def cancellation_outcome(booking: Booking, now: datetime.datetime | None = None) -> booking_rules.Outcome:
    """What cancelling now would mean, by the product's rule and the working-day calendar."""
    service = booking.service
    terms = booking_rules.CancellationTerms(
        service.cancellation, service.cancellation_notice, service.cancellation_notice_unit
    )
    return booking_rules.cancellation(
        terms,
        accepted=booking.accepted_at is not None,
        confirmed=booking.confirmed_at is not None,
        visit_at=timezone.localtime(booking.appointment_at) if booking.appointment_at else None,
        now=timezone.localtime(now or timezone.now()),
        days_before=calendar.working_days_before,
    )


@transaction.atomic
def cancel(booking: Booking, *, by, note: str, counts: bool | None = None, expected_state=None):
    """The customer cancels: free or counted as used by the product's rule (the agent decides only where the
    manual is silent)."""
    row = _locked(booking)
    if not note.strip():
        raise ValidationError({"note": _("Say why the customer cancels.")})
    outcome = cancellation_outcome(row)
    if not outcome.allowed:
        raise ValidationError(outcome.text)
    decided = outcome.counts_as_used if outcome.counts_as_used is not None else counts
    if decided is None:
        raise ValidationError({"counts": outcome.text})
    perform_transition(row, "cancel", by=by, note=note, expected_state=expected_state or row.state)
    Booking.objects.filter(pk=row.pk).update(outcome_reason=outcome.text)
    if decided:
        _count_use(row, timezone.localdate(), _("%(number)s: cancelled late") % {"number": row.number})
    _sms(row, SmsTemplate.Code.CANCELLED, by=by, key="cancelled", reason=outcome.text)


# --- what each step does beyond the state (the workflow's event subscriber) ----------------------------------
def after_step(event, subject) -> None:
    """The customer's SMS for the review's steps, and the clocks paused while the customer sends documents when
    the product says so (resumed when they are complete)."""
    if not isinstance(subject, Booking) or not event.to_state or event.from_state == event.to_state:
        return
    booking = subject
    service = booking.service
    key = str(event.pk)
    if event.to_state == S.DOCUMENTS:
        names = "、".join(doc.name for doc in service.documents.all())
        code = SmsTemplate.Code.MISSING if event.verb == "missing_documents" else SmsTemplate.Code.DOCUMENTS
        _sms(booking, code, by=event.actor, key=key, missing=event.note or names)
        if service.pauses_awaiting_customer:
            for deadline in Deadline.objects.for_object(booking).running().filter(paused_at__isnull=True):
                if deadline.state != Deadline.State.BREACHED and deadline.policy.may_pause:
                    pause_deadline(deadline, at=event.created_at)
    elif event.from_state == S.DOCUMENTS:
        for deadline in Deadline.objects.for_object(booking).running().filter(paused_at__isnull=False):
            resume_deadline(deadline, at=event.created_at)
    if event.verb == "accept":
        _sms(booking, SmsTemplate.Code.ACCEPTED, by=event.actor, key=key)
    elif event.verb == "decline":
        _sms(booking, SmsTemplate.Code.DECLINED, by=event.actor, key=key, reason=event.note)
