"""Read side of the green channel: the policies of an insured person found by ID number, and the plain facts that
feed the pure entitlement rules (green_channel.entitlements) — a constant number of queries per policy."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet

from organization.pii import blind_indexes

from . import terms as rules
from .entitlements import entitlements
from .models import Diagnosis, Policy, ProductService, ServiceProduct

GRADE_LEVEL = {"3a": 3, "3b": 3, "3c": 3, "2a": 2, "2b": 2, "2c": 2, "1": 1}


def policies_for_id_number(user, id_number: str) -> QuerySet[Policy]:
    """The insured person's policies in the user's scope, found by the keyed hash of the ID number."""
    return (
        Policy.objects.visible_to(user)
        .filter(insured__id_hash__in=blind_indexes(id_number))
        .select_related("insured", "product")
    )


def product_terms(product: ServiceProduct) -> rules.ProductTerms:
    """The product's administered terms as the pure rules read them (its services prefetched or one query)."""
    return rules.ProductTerms(
        services=tuple(service_terms(s) for s in product.services.all()),
        activation=rules.Activation(product.activation),
        activation_delay_days=product.activation_delay_days,
        term=rules.Term(product.term),
        extends_on_renewal=product.extends_on_renewal,
        max_extensions=product.max_extensions,
        waiting_from=rules.WaitingFrom(product.waiting_from),
        no_waiting_in_renewal_years=product.no_waiting_in_renewal_years,
        min_sum_insured=product.min_sum_insured,
        min_hospital_grade=product.min_hospital_grade,
        public_hospital_required=product.public_hospital_required,
    )


def service_terms(service: ProductService) -> rules.ServiceTerms:
    return rules.ServiceTerms(
        key=str(service.pk),
        name=service.name,
        uses_per=rules.UsesPer(service.uses_per),
        uses_limit=service.uses_limit,
        waiting=rules.Waiting(service.waiting),
        waiting_days=service.waiting_days,
        requires_diagnosis=service.requires_diagnosis,
    )


def policy_facts(policy: Policy) -> rules.PolicyFacts:
    return rules.PolicyFacts(
        starts_on=policy.starts_on,
        ends_on=policy.last_day,
        cooling_off_days=policy.cooling_off_days,
        grace_period_days=policy.grace_period_days,
        sum_insured=policy.sum_insured,
        renewal_payments=tuple(
            rules.RenewalPayment(due_on=p.due_on, paid_on=p.paid_on) for p in policy.renewal_payments.all()
        ),
        waiting_period_days=policy.waiting_period_days,
        is_renewal=policy.is_renewal,
    )


def diagnosis_facts(diagnosis: Diagnosis | None) -> rules.Diagnosis:
    if diagnosis is None:
        return rules.Diagnosis()
    if diagnosis.hospital is not None:
        grade = GRADE_LEVEL.get(diagnosis.hospital.grade)
        public = diagnosis.hospital.nature == diagnosis.hospital.Nature.PUBLIC
    else:
        grade, public = diagnosis.hospital_grade, diagnosis.hospital_public
    return rules.Diagnosis(
        in_illness_list=diagnosis.in_illness_list, hospital_grade=grade, hospital_public=public
    )


def entitlements_for_policy(policy_id: int, on: datetime.date | None = None) -> rules.Entitlements:
    """The policy's entitlements on ``on`` (today in Asia/Shanghai by default), in five queries."""
    from django.utils import timezone

    policy = (
        Policy.objects.select_related("product")
        .prefetch_related(
            Prefetch("product__services", queryset=ProductService.objects.order_by("order", "pk")),
            "renewal_payments",
            "uses",
        )
        .get(pk=policy_id)
    )
    diagnosis = Diagnosis.objects.select_related("hospital").filter(policy=policy).first()
    uses: dict[str, list[datetime.date]] = {}
    for use in policy.uses.all():
        uses.setdefault(str(use.service_id), []).append(use.used_on)
    return entitlements(
        product_terms(policy.product),
        policy_facts(policy),
        diagnosis_facts(diagnosis),
        uses,
        on or timezone.localdate(),
    )


# --- bookings (issue 12 point 4) -------------------------------------------------------------------------------
def find_policies(user, q: str) -> list[Policy]:
    """The customer's policies by ID number (its keyed hash) or by policy number, in the agent's scope."""
    from django.db.models import Q

    return list(
        Policy.objects.visible_to(user)
        .filter(Q(insured__id_hash__in=blind_indexes(q)) | Q(number__iexact=q))
        .select_related("insured", "product", "org")
        .order_by("-starts_on", "pk")[:20]
    )


def customer_view(user, q: str) -> list[dict]:
    """Each policy found with its entitlements today and its open bookings (a handful of queries per policy)."""
    from .models import Booking
    from .workflows.booking import OPEN

    rows = []
    policies = find_policies(user, q)
    open_bookings: dict[int, list] = {}
    for booking in Booking.objects.filter(policy__in=policies, state__in=OPEN).select_related("service"):
        open_bookings.setdefault(booking.policy_id, []).append(booking)
    for policy in policies:
        result = entitlements_for_policy(policy.pk)
        services = {str(s.pk): s for s in policy.product.services.all()}
        rows.append(
            {
                "policy": policy,
                "entitlements": result,
                "services": [(services.get(e.key), e) for e in result.services],
                "open": open_bookings.get(policy.pk, []),
            }
        )
    return rows


def get_policy_for_user(user, pk: int) -> Policy | None:
    return Policy.objects.visible_to(user).select_related("insured", "product").filter(pk=pk).first()


def get_booking_for_user(user, pk: int):
    """The booking if the person may see it (its org's agents, or the vendor it was handed to); None otherwise."""
    from .models import Booking
    from .rules import can_see_booking

    booking = (
        Booking.objects.select_related(
            "policy__insured", "policy__product", "service__product__vendor", "vendor", "org"
        )
        .filter(pk=pk)
        .first()
    )
    if booking is None or not can_see_booking(user, booking):
        return None
    return booking


# The board's colour for the nearest running clock: breached, warned, on track — or no clock running.
TIME_LEFT = {"breached": "overdue", "warned": "due-soon", "open": "on-track"}


def booking_board(user, state: str = "", product: int | None = None):
    """The person's bookings for the board: open ones first by default, newest first; paginate the result."""
    from .models import Booking
    from .workflows.booking import OPEN

    rows = Booking.objects.visible_to(user).select_related("policy__insured", "service__product", "vendor")
    if state == "all":
        pass
    elif state:
        rows = rows.filter(state=state)
    else:
        rows = rows.filter(state__in=OPEN)
    if product:
        rows = rows.filter(service__product_id=product)
    return rows.order_by("-requested_at", "-pk")


def with_clocks(bookings) -> list[dict]:
    """Each booking of a page with its nearest running clock (one query for the whole page)."""
    from django.contrib.contenttypes.models import ContentType

    from sla.models import Deadline

    from .models import Booking

    bookings = list(bookings)
    nearest: dict[int, Deadline] = {}
    if bookings:
        running = (
            Deadline.objects.running()
            .filter(
                content_type=ContentType.objects.get_for_model(Booking),
                object_id__in=[b.pk for b in bookings],
            )
            .select_related("policy")
            .order_by("due_at")
        )
        for deadline in running:
            nearest.setdefault(deadline.object_id, deadline)
    return [
        {
            "booking": booking,
            "deadline": nearest.get(booking.pk),
            "colour": TIME_LEFT.get(nearest[booking.pk].state, "") if booking.pk in nearest else "none",
        }
        for booking in bookings
    ]


def booking_page(booking, user) -> dict:
    """Everything the booking page shows: the steps this person may take, the checklist, the experts, the clocks,
    what a cancellation would mean now, and the timeline with every SMS."""
    from sla.models import Deadline
    from workflow.models import Event
    from workflow.timeline import describe

    from .rules import can_arrange_booking, can_review_booking
    from .services.bookings import cancellation_outcome
    from .workflows.booking import BOOKING, OPEN, PROPOSING, BookingState

    received = {d.requirement_id: d for d in booking.documents.select_related("received_by")}
    checklist = [(doc, received.get(doc.pk)) for doc in booking.service.documents.all()]
    proposals = list(booking.proposals.all())
    reviewer = can_review_booking(user, booking)
    arranger = can_arrange_booking(user, booking)
    state = booking.state
    return {
        "booking": booking,
        "policy": booking.policy,
        "service": booking.service,
        "product": booking.service.product,
        "actions": BOOKING.actions_for(user, booking),
        "checklist": checklist,
        "may_receive_documents": reviewer
        and state in {BookingState.REQUESTED, BookingState.DOCUMENTS, BookingState.REVIEW},
        "may_hand_over": reviewer
        and state in OPEN
        and booking.service.product.vendor_id is not None
        and booking.vendor_id != booking.service.product.vendor_id,
        "proposals": proposals,
        "may_propose": arranger and state == BookingState.ARRANGING,
        "may_choose": arranger and state == BookingState.ARRANGING and bool(proposals),
        "proposing": state in PROPOSING,
        "may_confirm": arranger and state in {BookingState.ARRANGING, BookingState.SCHEDULING},
        "may_serve": arranger and state == BookingState.CONFIRMED,
        "may_close": arranger and state == BookingState.SERVED,
        "may_cancel": reviewer and state in OPEN,
        "cancellation": cancellation_outcome(booking) if state in OPEN else None,
        "deadlines": list(
            Deadline.objects.for_object(booking).select_related("policy").order_by("started_at")
        ),
        "timeline": describe(
            Event.objects.for_object(booking).select_related("actor").order_by("created_at", "pk")
        ),
    }


# The network lists (issue 12 point 2), for later users: which hospitals are in a product's current list, and is
# this one (green_channel.network_selectors).
from .network_selectors import InNetwork as InNetwork  # noqa: E402
from .network_selectors import in_network as in_network  # noqa: E402
from .network_selectors import network_hospitals as network_hospitals  # noqa: E402

# --- vendor scorecard (issue 12 point 7) -----------------------------------------------------------------------
SCORE_CHART_WIDTH = 240
SCORE_CHART_ROW = 22
SCORE_LABEL_X = 160


def scorecard_bookings(user):
    """The bookings a person's scorecard counts: vendor staff their vendor's; agents and administrators their part
    of the company (HQ: every booking); anyone else none."""
    from .models import Booking
    from .rules import can_see_scorecard, vendor_of

    vendor_id = vendor_of(user)
    if vendor_id is not None:
        return Booking.objects.filter(vendor_id=vendor_id)
    if not can_see_scorecard(user):
        return Booking.objects.none()
    from organization.scoping import scope_for

    return scope_for(user).filter(Booking.objects.all())


def _month_start(month: datetime.date) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(month.year, month.month, 1))


def scorecard_rows(user, *, first: datetime.date, last: datetime.date, product=None, vendor=None):
    """The plain rows of the bookings requested from the first day of ``first`` to the end of ``last`` (local time)
    and of their product-step clocks: two queries, whatever the number of bookings."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from sla.models import Deadline

    from .models import Booking
    from .scorecard import BookingRow, ClockRow

    end = datetime.date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    bookings = scorecard_bookings(user).filter(
        requested_at__gte=_month_start(first), requested_at__lt=_month_start(end)
    )
    if product is not None:
        bookings = bookings.filter(service__product_id=getattr(product, "pk", product))
    if vendor is not None:
        bookings = bookings.filter(vendor_id=getattr(vendor, "pk", vendor))
    bookings = bookings.order_by()
    rows = []
    for (
        pk,
        product_id,
        product_name,
        vendor_id,
        vendor_name,
        requested,
        state,
        score,
        cancelled,
        used,
    ) in bookings.values_list(
        "pk",
        "service__product_id",
        "service__product__name",
        "vendor_id",
        "vendor__name",
        "requested_at",
        "state",
        "satisfaction",
        "cancelled_at",
        "counted_as_used",
    ):
        local = timezone.localtime(requested)
        rows.append(
            BookingRow(
                id=pk,
                product=product_id,
                product_name=product_name,
                vendor=vendor_id,
                vendor_name=vendor_name or "",
                month=datetime.date(local.year, local.month, 1),
                state=state,
                satisfaction=score,
                cancelled=cancelled is not None,
                counted_as_used=used,
            )
        )
    clocks = [
        ClockRow(booking=object_id, step=code.removeprefix("gc_"), state=state, due_at=due, met_at=met)
        for object_id, code, state, due, met in Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(Booking),
            object_id__in=bookings.values("pk"),
            policy__code__startswith="gc_",
        )
        .exclude(state=Deadline.State.CANCELLED)
        .order_by()
        .values_list("object_id", "policy__code", "state", "due_at", "met_at")
    ]
    return rows, clocks


def _score_bars(rows: list[dict], top) -> list[dict]:
    """Bar lengths and positions for an inline SVG chart (SVG attributes only, as the settlement reports')."""
    for index, row in enumerate(rows):
        row["y"] = index * SCORE_CHART_ROW
        row["text_y"] = index * SCORE_CHART_ROW + SCORE_CHART_ROW - 7
        for key in ("value", "second"):
            value = row.get(key)
            row[f"{key}_bar"] = round(SCORE_CHART_WIDTH * value / top) if value and top else 0
        row["second_x"] = SCORE_LABEL_X + row["value_bar"]
        row["bar_end"] = SCORE_LABEL_X + row["value_bar"] + row["second_bar"] + 6
    return rows


def _chart(rows: list[dict], top) -> dict:
    return {"rows": _score_bars(rows, top), "height": SCORE_CHART_ROW * max(len(rows), 1)}


def vendor_scorecard(user, *, first: datetime.date, last: datetime.date, product=None, vendor=None) -> dict:
    """The scorecard page: the figures (``green_channel.scorecard``) and its three charts — on time per step for
    each vendor, satisfaction per month, cancellations per month (free and counted as used)."""
    from decimal import Decimal

    from .choices import StepCode
    from .scorecard import month_range, scorecard
    from .workflows.booking import STEP_NAMES

    rows, clocks = scorecard_rows(user, first=first, last=last, product=product, vendor=vendor)
    card = scorecard(rows, clocks, step_order=tuple(STEP_NAMES))
    labels = {code: (StepCode(code).label if code in StepCode.values else code) for code in card.steps}
    steps = [{"code": code, "label": labels[code]} for code in card.steps]
    on_time_charts = []
    for line in card.vendors:
        bars = []
        for code in card.steps:
            rate = line.on_time(code)
            bars.append({"label": labels[code], "code": code, "value": rate.percent, "rate": rate})
        on_time_charts.append({"figures": line, **_chart(bars, Decimal(100))})
    by_month = {line.month: line for line in card.months}
    months = month_range(first, last)
    satisfaction = []
    cancellations = []
    for month in months:
        line = by_month.get(month)
        average = line.satisfaction if line is not None else None
        satisfaction.append(
            {"label": f"{month:%Y-%m}", "value": average.value if average else None, "average": average}
        )
        cancellations.append(
            {
                "label": f"{month:%Y-%m}",
                "value": line.cancelled_free if line else 0,
                "second": line.cancelled_used if line else 0,
                "figures": line,
            }
        )
    most = max((row["value"] + row["second"] for row in cancellations), default=0)

    def lines(figures) -> list[dict]:
        return [{"figures": f, "rates": [f.on_time(code) for code in card.steps]} for f in figures]

    return {
        "card": card,
        "cells": lines(card.cells),
        "vendors": lines(card.vendors),
        "total": lines([card.total])[0],
        "steps": steps,
        "first": first,
        "last": last,
        "on_time_charts": on_time_charts,
        "satisfaction_chart": _chart(satisfaction, Decimal(5)),
        "cancellation_chart": _chart(cancellations, most),
    }
