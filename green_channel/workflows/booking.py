"""A green-channel service request 重疾绿通服务预约 (seed 003, DOMAIN.md §6), declared once.

* **requested** (phone or web) → **documents**: the service's checklist is asked for (SMS); the clocks pause while
  the customer sends them when the product says so → **review**: eligibility and the documents (the missing-
  documents notice sends the booking back to documents) → **accepted** (the start SMS) or **declined** (the
  ineligible notice with the reasons).
* **arranging**: the agent or the vendor proposes experts — "推荐三位专家供客户选择" — and records the customer's
  choice → **scheduling** (the expert chosen: "客户确认就诊专家后,在5个工作日内完成客户门诊安排") → **confirmed** with the
  appointment (SMS to the customer). Services without an expert to choose go from arranging to confirmed.
* **served** (visited / admitted / operated / opinion delivered: a use is counted) → the satisfaction call →
  **closed**. **no_show**: a missed appointment, counted as used per the product. **cancelled**: per the product's
  cancellation rule (``green_channel.booking_rules``), counted as used or not.

Every clock's duration is the product's (``ServiceStep``): each step is timed from its start — the customer's
first call, complete documents, the acceptance, the expert chosen, the confirmation — until the point it names: the
answer to the review, the confirmed appointment, or the service delivered. A step the product does not state has
no clock. The policies (``gc_<step>``) carry the warning threshold and escalation; their durations are not used.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import transition

from organization.roles import Role
from sla.registry import PolicySpec
from workflow.declaration import Clock, Notice, Step, Workflow, allowed, guard
from workflow.forms import ReasonsForm
from workflow.services import TransitionRefused

from ..rules import can_arrange_booking, can_review_booking


class BookingState(models.TextChoices):
    REQUESTED = "requested", gettext_lazy("Requested")
    DOCUMENTS = "documents", gettext_lazy("Waiting for documents")
    REVIEW = "review", gettext_lazy("Eligibility review")
    ACCEPTED = "accepted", gettext_lazy("Accepted")
    ARRANGING = "arranging", gettext_lazy("Arranging")
    SCHEDULING = "scheduling", gettext_lazy("Expert chosen: booking the appointment")
    CONFIRMED = "confirmed", gettext_lazy("Appointment confirmed")
    SERVED = "served", gettext_lazy("Service delivered: satisfaction call due")
    CLOSED = "closed", gettext_lazy("Closed")
    DECLINED = "declined", gettext_lazy("Not eligible")
    NO_SHOW = "no_show", gettext_lazy("Missed the appointment")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")


S = BookingState
OPEN = frozenset({S.REQUESTED, S.DOCUMENTS, S.REVIEW, S.ACCEPTED, S.ARRANGING, S.SCHEDULING, S.CONFIRMED})
FINALS = frozenset({S.CLOSED, S.DECLINED, S.NO_SHOW, S.CANCELLED})
# Where the experts may be proposed and the customer's choice recorded.
PROPOSING = frozenset({S.ACCEPTED, S.ARRANGING})
# The active states in order: a clock runs from its start point until it leaves its end point.
ORDER = (S.REQUESTED, S.DOCUMENTS, S.REVIEW, S.ACCEPTED, S.ARRANGING, S.SCHEDULING, S.CONFIRMED)


# --- guards ------------------------------------------------------------------------------------------------
@guard
def documents_complete(booking):
    """The service's checklist: every document received."""
    missing = booking.documents_missing()
    if missing:
        return _("Documents still missing: %(names)s.") % {"names": "、".join(missing)}
    return None


@guard
def entitled(booking):
    """The entitlement today: available (or undetermined, which the reviewer decides) — never used up, not yet
    available or not covered."""
    return booking.entitlement_problems()


@guard
def expert_chosen(booking):
    if booking.service.kind == "expert_outpatient" and not any(p.chosen for p in booking.proposals.all()):
        return _("Record which of the proposed experts the customer chose first.")
    return None


@guard
def appointment_set(booking):
    if booking.appointment_at is None or not booking.appointment_hospital:
        return _("Enter the appointment: its date and time and the hospital.")
    return None


class BookingTransitions:
    """The transitions of ``green_channel.models.Booking``."""

    @transition(field="state", source=S.REQUESTED, target=S.DOCUMENTS, permission=allowed(can_review_booking))
    def ask_documents(self, by=None, note=""):
        """The checklist is sent to the customer (SMS)."""

    @transition(
        field="state",
        source=[S.REQUESTED, S.DOCUMENTS],
        target=S.REVIEW,
        permission=allowed(can_review_booking),
        conditions=[documents_complete],
    )
    def documents_received(self, by=None, note=""):
        """资料齐全: the review starts (a clock counted from complete documents starts here)."""
        self.documents_complete_at = timezone.now()

    @transition(field="state", source=S.REVIEW, target=S.DOCUMENTS, permission=allowed(can_review_booking))
    def missing_documents(self, by=None, note=""):
        """The missing-documents notice (补充资料通知): back to the customer."""
        if not note.strip():
            raise TransitionRefused(_("Say which documents are missing."), field="note")

    @transition(
        field="state",
        source=S.REVIEW,
        target=S.ACCEPTED,
        permission=allowed(can_review_booking),
        conditions=[entitled],
    )
    def accept(self, by=None, note=""):
        """审核通过: the service starts (the start SMS)."""
        self.accepted_at = timezone.now()
        self.decision = note

    @transition(field="state", source=S.REVIEW, target=S.DECLINED, permission=allowed(can_review_booking))
    def decline(self, by=None, note=""):
        """Not eligible: the reasons go to the customer."""
        if not note.strip():
            raise TransitionRefused(_("Give the reasons: the customer is told them."), field="note")
        self.decision = note
        self.closed_at = timezone.now()

    @transition(field="state", source=S.ACCEPTED, target=S.ARRANGING, permission=allowed(can_arrange_booking))
    def start_arranging(self, by=None, note=""):
        """The agent or the vendor starts arranging the hospital, the expert or the opinion."""

    @transition(
        field="state",
        source=S.ARRANGING,
        target=S.SCHEDULING,
        permission=allowed(can_arrange_booking),
        conditions=[expert_chosen],
    )
    def choose_expert(self, by=None, note=""):
        """The customer chose one of the proposed experts (``services.bookings.record_choice``)."""
        self.expert_chosen_at = timezone.now()

    @transition(
        field="state",
        source=[S.ARRANGING, S.SCHEDULING],
        target=S.CONFIRMED,
        permission=allowed(can_arrange_booking),
        conditions=[expert_chosen, appointment_set],
    )
    def confirm(self, by=None, note=""):
        """The appointment is confirmed with the customer (SMS) — ``services.bookings.confirm`` sets it."""
        self.confirmed_at = timezone.now()

    @transition(field="state", source=S.CONFIRMED, target=S.SERVED, permission=allowed(can_arrange_booking))
    def served(self, by=None, note=""):
        """Visited / admitted / operated / opinion delivered: a use is counted (``services.bookings.serve``)."""

    @transition(field="state", source=S.CONFIRMED, target=S.NO_SHOW, permission=allowed(can_arrange_booking))
    def missed(self, by=None, note=""):
        """The customer did not come (``services.bookings.record_no_show``)."""
        self.closed_at = timezone.now()

    @transition(field="state", source=S.SERVED, target=S.CLOSED, permission=allowed(can_arrange_booking))
    def close(self, by=None, note=""):
        """The satisfaction call is made (``services.bookings.record_satisfaction``)."""
        self.closed_at = timezone.now()

    @transition(field="state", source=list(OPEN), target=S.CANCELLED, permission=allowed(can_review_booking))
    def cancel(self, by=None, note=""):
        """The customer cancels (``services.bookings.cancel``: the product's rule decides whether it counts)."""
        self.cancelled_at = self.closed_at = timezone.now()


# --- clocks from the product's steps ---------------------------------------------------------------------------
# Each step is met when the booking leaves its end point: the answer to the review, the confirmed appointment, the
# service delivered.
STEP_END = {
    "review_result": S.REVIEW,
    "feasibility": S.REVIEW,
    "booking_status": S.REVIEW,
    "booking_result": S.SCHEDULING,
    "outpatient_arranged": S.SCHEDULING,
    "admission_arranged": S.SCHEDULING,
    "whole_arrangement": S.SCHEDULING,
    "opinion_delivered": S.CONFIRMED,
    "visit": S.CONFIRMED,
}
STEP_NAMES = {
    "review_result": "绿通审核结果或补充资料通知",
    "feasibility": "绿通能否提供服务答复",
    "booking_status": "绿通预约情况告知",
    "booking_result": "绿通预约结果",
    "outpatient_arranged": "绿通门诊安排",
    "admission_arranged": "绿通住院安排",
    "whole_arrangement": "绿通整体安排",
    "opinion_delivered": "绿通书面二次诊疗意见",
    "visit": "绿通就诊",
}
POLICIES = tuple(
    PolicySpec(
        f"gc_{code}",
        name,
        "working_days",
        1,
        "Green channel: the duration is each product's own (its service-level step); this policy gives the "
        "warning threshold and the escalation.",
        escalation_role=Role.GREEN_CHANNEL_AGENT,
        may_pause=True,
    )
    for code, name in STEP_NAMES.items()
)
# Where a step's clock starts, by what the product counts it from.
START_OF = {
    "documents_received": S.REVIEW,
    "complete_records": S.REVIEW,
    "admission_slip": S.REVIEW,
    "expert_chosen": S.SCHEDULING,
}
STARTED_AT = {
    S.REQUESTED: "requested_at",
    S.REVIEW: "documents_complete_at",
    S.ACCEPTED: "accepted_at",
    S.SCHEDULING: "expert_chosen_at",
    S.CONFIRMED: "confirmed_at",
}
# The step after one that ended at the review starts at the acceptance; after the appointment, at the confirmation.
AFTER_END = {S.REVIEW: S.ACCEPTED, S.SCHEDULING: S.CONFIRMED}
UNIT_CLOCK = {"working_days": "working_days", "hours": "hours"}


def step_start(booking, step) -> str | None:
    """The state a product step's clock starts in for this booking. "clock_start": the customer's first call, or
    complete documents when the product says so (a product that does not say counts from the first call);
    "previous_step": where the step before it ended."""
    counted = step.counted_from
    if counted in START_OF:
        return START_OF[counted]
    if counted == "previous_step":
        earlier = [s for s in booking.service_steps() if s.order < step.order and s.code in STEP_END]
        if earlier:
            return AFTER_END.get(STEP_END[earlier[-1].code])
        counted = "clock_start"
    if counted == "clock_start":
        return S.REVIEW if booking.service.clock_start == "complete_documents" else S.REQUESTED
    return None


def _clock(code: str, start: str) -> Clock:
    end = STEP_END[code]
    states = ORDER[ORDER.index(start) : ORDER.index(end) + 1]

    def product_step(booking):
        step = booking.service_step(code)
        return step if step is not None and step_start(booking, step) == start else None

    def terms(booking):
        step = product_step(booking)
        if step is None or step.unit not in UNIT_CLOCK or not step.duration:
            return None
        return (UNIT_CLOCK[step.unit], step.duration)

    return Clock(
        state=states,
        policy=f"gc_{code}",
        title=gettext_lazy("%(number)s · %(service)s · %(customer)s"),
        cancel_on=frozenset({"cancel", "decline"} if end != S.REVIEW else {"cancel"}),
        start=lambda booking: getattr(booking, STARTED_AT[start], None),
        applies=lambda booking: product_step(booking) is not None,
        terms=terms,
    )


CLOCKS = tuple(
    _clock(code, start)
    for code, end in STEP_END.items()
    for start in ORDER[: ORDER.index(end) + 1]
    if start in STARTED_AT
)


def _context(booking) -> dict:
    return {
        "number": booking.number,
        "service": booking.service.name,
        "customer": booking.policy.insured.name,
    }


def _agents(booking):
    """The agents of the booking's org (a vendor's step is told to the people who handed it over)."""
    from organization.models import User

    return User.objects.filter(org_id=booking.org_id, groups__name=Role.GREEN_CHANNEL_AGENT, is_active=True)


TO_AGENTS = Notice("green_channel.booking_changed", _agents)

BOOKING = Workflow(
    name="green_channel.booking",
    model="green_channel.Booking",
    states=BookingState,
    start=S.REQUESTED,
    finals=FINALS,
    steps={
        "ask_documents": Step(gettext_lazy("Ask for the documents"), gettext_lazy("Documents asked for")),
        "documents_received": Step(
            gettext_lazy("Documents complete: review"), gettext_lazy("Documents complete, in review")
        ),
        "missing_documents": Step(
            gettext_lazy("Send the missing-documents notice"),
            gettext_lazy("Missing-documents notice sent"),
            form=ReasonsForm,
            style="secondary",
        ),
        "accept": Step(gettext_lazy("Accept: start the service"), gettext_lazy("Accepted")),
        "decline": Step(
            gettext_lazy("Not eligible"),
            gettext_lazy("Declined: not eligible"),
            form=ReasonsForm,
            style="secondary",
        ),
        "start_arranging": Step(gettext_lazy("Start arranging"), gettext_lazy("Arranging started")),
        "choose_expert": Step(
            gettext_lazy("Record the customer's choice"),
            gettext_lazy("Expert chosen by the customer"),
            offered=False,
        ),
        "confirm": Step(
            gettext_lazy("Confirm the appointment"),
            gettext_lazy("Appointment confirmed"),
            notices=(TO_AGENTS,),
            offered=False,
        ),
        "served": Step(gettext_lazy("Service delivered"), gettext_lazy("Service delivered"), offered=False),
        "missed": Step(
            gettext_lazy("The customer did not come"), gettext_lazy("Missed appointment"), offered=False
        ),
        "close": Step(
            gettext_lazy("Record the satisfaction call"),
            gettext_lazy("Satisfaction call made"),
            offered=False,
        ),
        "cancel": Step(gettext_lazy("Cancel"), gettext_lazy("Cancelled"), offered=False, style="secondary"),
    },
    clocks=CLOCKS,
    event_labels={
        "request": gettext_lazy("Request recorded"),
        "document": gettext_lazy("Document received"),
        "hand_over": gettext_lazy("Handed to the vendor"),
        "propose": gettext_lazy("Experts proposed"),
        "sms": gettext_lazy("SMS sent to the customer"),
    },
    context=_context,
)
