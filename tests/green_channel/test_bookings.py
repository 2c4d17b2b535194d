"""Green-channel bookings (issue 12 points 4 and 5): the declared process, its clocks from the product's steps on
the working-day calendar, the cancellation and no-show rules, the vendor hand-off, and who may do what."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from green_channel import booking_rules
from green_channel.models import Booking, ProductService, ServiceUse
from green_channel.services import bookings as services
from green_channel.workflows.booking import BOOKING, BookingState
from organization.roles import Role
from sla import calendar
from sla.models import Deadline
from tests.conftest import client_for
from tests.green_channel.conftest import make_policy
from tests.workflow_graph import assert_workflow_graph
from workflow.services import StaleState, TransitionRefused, perform_transition

S = BookingState
TZ = timezone.get_current_timezone()


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TZ)


def outpatient(policy) -> ProductService:
    return policy.product.services.get(kind="expert_outpatient")


def book(policy, agent, **kw) -> Booking:
    return services.new_booking(
        policy,
        kw.pop("service", None) or outpatient(policy),
        by=agent,
        channel="phone",
        need="肺癌术后复查",
        **kw,
    )


def arrange(booking, by) -> Booking:
    """requested → review → accepted → arranging, three experts proposed and the first chosen."""
    for step in ("documents_received", "accept", "start_arranging"):
        perform_transition(booking, step, by=by)
    services.propose_experts(
        booking,
        [
            {
                "expert": f"专家{n}",
                "title": "主任医师",
                "hospital": "吉林大学第一医院",
                "department": "胸外科",
            }
            for n in (1, 2, 3)
        ],
        by=by,
    )
    first = booking.proposals.get(order=1)
    services.record_choice(booking, first.pk, by=by)
    booking.refresh_from_db()
    return booking


# --- the declaration ---------------------------------------------------------------------------------------
def test_the_booking_graph_is_as_declared():
    assert_workflow_graph(BOOKING)
    assert {(t.name, t.source, t.target) for t in BOOKING.transitions()} == (
        {
            ("ask_documents", S.REQUESTED, S.DOCUMENTS),
            ("documents_received", S.REQUESTED, S.REVIEW),
            ("documents_received", S.DOCUMENTS, S.REVIEW),
            ("missing_documents", S.REVIEW, S.DOCUMENTS),
            ("accept", S.REVIEW, S.ACCEPTED),
            ("decline", S.REVIEW, S.DECLINED),
            ("start_arranging", S.ACCEPTED, S.ARRANGING),
            ("choose_expert", S.ARRANGING, S.SCHEDULING),
            ("confirm", S.ARRANGING, S.CONFIRMED),
            ("confirm", S.SCHEDULING, S.CONFIRMED),
            ("served", S.CONFIRMED, S.SERVED),
            ("missed", S.CONFIRMED, S.NO_SHOW),
            ("close", S.SERVED, S.CLOSED),
            *{
                ("cancel", state, S.CANCELLED)
                for state in (
                    S.REQUESTED,
                    S.DOCUMENTS,
                    S.REVIEW,
                    S.ACCEPTED,
                    S.ARRANGING,
                    S.SCHEDULING,
                    S.CONFIRMED,
                )
            },
        }
    )


# --- cancellation (pure) -----------------------------------------------------------------------------------
OUTPATIENT = booking_rules.CancellationTerms("until_before_visit", 2, "working_days")


@pytest.fixture(autouse=True)
def _calendar(db):
    """The working-day calendar is administered data (sla.CalendarDay)."""


def cancel_on(day: datetime.date, terms=OUTPATIENT, **kw):
    return booking_rules.cancellation(
        terms,
        accepted=True,
        confirmed=kw.pop("confirmed", True),
        visit_at=at(2026, 10, 9, 9, 30),
        now=datetime.datetime.combine(day, datetime.time(17, 0), tzinfo=TZ),
        days_before=calendar.working_days_before,
    )


def test_outpatient_cancellation_is_free_until_exactly_two_working_days_before_across_national_day():
    """ "客户确认服务后,在服务取消时效外(取消时效:距离就诊日两个工作日前)取消服务,视同该次服务已完成". A visit on Friday 9
    October 2026: 8 October is one working day before it, 1–7 October are the National Day holiday, so the last free
    day is 30 September — two working days before, which is still free."""
    last = cancel_on(datetime.date(2026, 9, 30))
    assert (last.allowed, last.counts_as_used, last.last_free) == (True, False, datetime.date(2026, 9, 30))
    for day in (datetime.date(2026, 10, 1), datetime.date(2026, 10, 7), datetime.date(2026, 10, 8)):
        late = cancel_on(day)
        assert (late.allowed, late.counts_as_used) == (True, True), day
        assert "2026-09-30" in late.text


def test_before_the_appointment_is_confirmed_a_cancellation_is_free():
    """ "门诊预约服务落实前将取得客户确认" — before the customer confirmed, nothing is used."""
    assert cancel_on(datetime.date(2026, 10, 8), confirmed=False).counts_as_used is False


def test_other_cancellation_rules():
    confirmed = booking_rules.CancellationTerms("not_after_confirmation")
    assert (
        cancel_on(datetime.date(2026, 9, 1), confirmed).counts_as_used is True
    )  # "如若取消,则视同该次服务已完成"
    refused = cancel_on(datetime.date(2026, 9, 1), booking_rules.CancellationTerms("not_after_approval"))
    assert refused.allowed is False  # 瑞泰 "服务审核通过后,视为服务权益已使用,不再接收取消服务"
    start_sms = booking_rules.cancellation(
        booking_rules.CancellationTerms("not_after_start_message"),
        accepted=True,
        confirmed=False,
        visit_at=None,
        now=at(2026, 9, 1, 9),
        days_before=calendar.working_days_before,
    )
    assert start_sms.counts_as_used is True  # "若预约启动的短信发送后再申请取消,视为该服务已使用"
    assert cancel_on(datetime.date(2026, 9, 1), booking_rules.CancellationTerms("")).counts_as_used is None


def test_no_show_counts_as_the_product_says():
    assert booking_rules.no_show(True).counts_as_used is True
    assert booking_rules.no_show(False).counts_as_used is False
    assert booking_rules.no_show(None).counts_as_used is None  # the manual is silent: the agent decides


# --- the process on the database ---------------------------------------------------------------------------
@pytest.mark.covers(
    "green_channel.booking",
    "documents_received",
    "accept",
    "start_arranging",
    "choose_expert",
    "confirm",
    "served",
    "close",
)
def test_an_expert_outpatient_booking_from_request_to_satisfaction_call(policy, agent):
    booking = book(policy, agent)
    assert booking.state == S.REQUESTED and booking.number.startswith("GC")
    booking = arrange(booking, agent)
    assert booking.state == S.SCHEDULING and booking.appointment_expert == "专家1"
    # "客户确认就诊专家后,在5个工作日内完成客户门诊安排": the clock runs from the choice, 5 working days of the product.
    clock = Deadline.objects.for_object(booking).get(policy__code="gc_outpatient_arranged")
    assert (clock.clock_kind, clock.duration) == ("working_days", 5)
    chosen = timezone.localtime(booking.expert_chosen_at).date()
    assert timezone.localtime(clock.due_at).date() == calendar.add_working_days(chosen, 5)
    visit = timezone.now() + datetime.timedelta(days=3)
    services.confirm(
        booking,
        appointment_at=visit,
        hospital="吉林大学第一医院",
        department="胸外科",
        expert="专家1",
        by=agent,
    )
    clock.refresh_from_db()
    assert clock.state == Deadline.State.MET
    booking.refresh_from_db()
    services.serve(booking, on=timezone.localdate(), by=agent)
    services.record_satisfaction(booking, score=5, by=agent)
    booking.refresh_from_db()
    assert booking.state == S.CLOSED and booking.satisfaction == 5 and booking.counted_as_used
    assert ServiceUse.objects.filter(policy=policy, service=booking.service).count() == 1
    # Uses per service year: 1 — the next request is refused with the reason.
    with pytest.raises(ValidationError):
        book(policy, agent)


def test_the_customer_gets_an_sms_at_each_step_they_must_know(policy, agent):
    from sla.models import Delivery

    booking = arrange(book(policy, agent), agent)
    services.confirm(
        booking,
        appointment_at=timezone.now() + datetime.timedelta(days=3),
        hospital="吉大一院",
        department="胸外科",
        expert="专家1",
        by=agent,
    )
    sms = list(
        Delivery.objects.filter(channel=Delivery.Channel.SMS).order_by("pk").values_list("text", flat=True)
    )
    assert any("已受理" in text for text in sms)
    assert any("专家1" in text and "专家3" in text for text in sms)  # the three experts proposed
    assert any("已为您预约" in text and "吉大一院" in text for text in sms)
    assert booking.policy.insured.mobile_masked == "139****1111"


@pytest.mark.covers("green_channel.booking", "cancel")
def test_cancelled_one_working_day_before_the_visit_counts_as_used(policy, agent):
    booking = arrange(book(policy, agent), agent)
    tomorrow = calendar.add_working_days(timezone.localdate(), 1)
    visit = datetime.datetime.combine(tomorrow, datetime.time(9, 30), tzinfo=TZ)
    booking = services.confirm(
        booking, appointment_at=visit, hospital="吉大一院", department="胸外科", expert="专家1", by=agent
    )
    outcome = services.cancellation_outcome(booking)
    assert (outcome.allowed, outcome.counts_as_used) == (True, True)
    services.cancel(booking, note="客户临时出差", by=agent)
    booking.refresh_from_db()
    assert booking.state == S.CANCELLED and booking.counted_as_used and booking.use is not None


@pytest.mark.covers("green_channel.booking", "missed")
def test_a_missed_appointment_needs_the_agent_s_decision_when_the_manual_is_silent(policy, agent):
    booking = arrange(book(policy, agent), agent)
    services.confirm(
        booking,
        appointment_at=timezone.now() + datetime.timedelta(days=3),
        hospital="吉大一院",
        department="胸外科",
        expert="专家1",
        by=agent,
    )
    with pytest.raises(ValidationError):
        services.record_no_show(booking, counts=None, by=agent)
    policy.product.no_show_counts_as_used = True
    policy.product.save()
    booking = Booking.objects.get(pk=booking.pk)
    services.record_no_show(booking, counts=None, by=agent)
    booking.refresh_from_db()
    assert booking.state == S.NO_SHOW and booking.counted_as_used


def test_expert_outpatient_needs_three_experts_and_a_choice(policy, agent):
    booking = book(policy, agent)
    for step in ("documents_received", "accept", "start_arranging"):
        perform_transition(booking, step, by=agent)
    with pytest.raises(ValidationError):
        services.propose_experts(
            booking, [{"expert": "专家1", "hospital": "吉大一院", "department": "胸外科"}], by=agent
        )
    with pytest.raises(TransitionRefused) as refused:
        services.confirm(
            booking,
            appointment_at=timezone.now() + datetime.timedelta(days=2),
            hospital="吉大一院",
            department="",
            expert="",
            by=agent,
        )
    assert "chose" in str(refused.value) or "选择" in str(refused.value)


def test_a_second_open_request_for_the_same_service_is_refused(policy, agent):
    book(policy, agent)
    with pytest.raises(ValidationError):
        book(policy, agent)


def test_two_agents_on_the_same_booking_one_wins_the_other_is_told(policy, agent, make_user, orgs):
    other = make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT)
    booking = book(policy, agent)
    perform_transition(booking, "documents_received", by=agent, expected_state=S.REQUESTED)
    with pytest.raises(StaleState):
        perform_transition(
            Booking.objects.get(pk=booking.pk), "documents_received", by=other, expected_state=S.REQUESTED
        )


@pytest.mark.covers("green_channel.booking", "ask_documents")
def test_clocks_pause_while_the_customer_sends_documents_when_the_product_says_so(orgs, agent):
    """平安 29城: "客户首次来电…1个工作日内告知审核结果" — the review clock runs from the first call; with the product saying
    the clock pauses while waiting for the customer, the time in "waiting for documents" does not count."""
    policy = make_policy(orgs.jilin, "pingan-29-cities", number="GCP-PA-1")
    service = policy.product.services.get(kind="second_opinion")
    ProductService.objects.filter(pk=service.pk).update(pauses_awaiting_customer=True)
    service.refresh_from_db()
    booking = services.new_booking(
        policy, service, by=agent, channel="phone", need="二次诊疗意见", requested_at=at(2026, 11, 2, 9, 0)
    )
    review = Deadline.objects.for_object(booking).get(policy__code="gc_review_result")
    assert review.due_at == at(2026, 11, 3, 23, 59, 59)  # 1 working day from Monday 9:00
    perform_transition(booking, "ask_documents", by=agent)
    review.refresh_from_db()
    assert review.paused_at is not None
    for doc in service.documents.all():
        services.receive_document(booking, doc.pk, by=agent)
    perform_transition(booking, "documents_received", by=agent)
    review.refresh_from_db()
    assert review.paused_at is None and review.paused_total > datetime.timedelta()
    assert review.due_at > at(2026, 11, 3, 23, 59, 59)


def test_a_step_the_product_does_not_state_runs_no_clock(orgs, agent):
    policy = make_policy(orgs.jilin, "taikang-online", number="GCP-TK-1", starts_on=datetime.date(2026, 6, 1))
    booking = book(policy, agent)
    assert not Deadline.objects.for_object(booking).exists()


# --- vendor hand-off and scope -----------------------------------------------------------------------------
def test_the_vendor_sees_and_arranges_only_the_bookings_handed_to_it(policy, agent, vendor_user, orgs):
    booking = book(policy, agent)
    other = book(
        make_policy(
            orgs.jilin, "cancer-31-cities", number="GCP2", id_number="220102198806062222", name="李华"
        ),
        agent,
    )
    vendor = client_for(vendor_user)
    assert vendor.get(booking.get_absolute_url()).status_code == 404  # not handed over yet
    services.hand_over(booking, by=agent)
    assert vendor.get(booking.get_absolute_url()).status_code == 200
    assert vendor.get(other.get_absolute_url()).status_code == 404
    board = vendor.get("/green-channel/bookings/")
    assert booking.number in board.content.decode() and other.number not in board.content.decode()
    assert vendor.get("/green-channel/").status_code == 404  # the customer lookup is the insurer's
    # The review is the insurer's: the vendor cannot accept.
    perform_transition(booking, "documents_received", by=agent)
    response = vendor.post(f"/green-channel/bookings/{booking.pk}/do/accept/", {"expected_state": S.REVIEW})
    assert response.status_code == 403
    perform_transition(booking, "accept", by=agent)
    perform_transition(Booking.objects.get(pk=booking.pk), "start_arranging", by=vendor_user)
    services.propose_experts(
        Booking.objects.get(pk=booking.pk),
        [{"expert": f"专家{n}", "hospital": "吉大一院", "department": "胸外科"} for n in (1, 2, 3)],
        by=vendor_user,
    )
    with pytest.raises(PermissionDenied):
        services.hand_over(booking, by=vendor_user)


def test_agents_of_another_branch_and_other_roles_get_404(policy, agent, make_user, orgs):
    booking = book(policy, agent)
    for user in (
        make_user(orgs.shenzhen, Role.GREEN_CHANNEL_AGENT),
        make_user(orgs.jilin, Role.CLAIMS_ADJUSTER),
    ):
        client = client_for(user)
        assert client.get(booking.get_absolute_url()).status_code == 404
        assert (
            client.post(f"/green-channel/bookings/{booking.pk}/do/cancel/", {"note": "x"}).status_code == 404
        )
        assert client.get(f"/green-channel/policies/{policy.pk}/request/").status_code == 404
    assert (
        client_for(make_user(orgs.jilin, Role.CLAIMS_ADJUSTER)).get("/green-channel/bookings/").status_code
        == 404
    )


def test_the_board_costs_the_same_number_of_queries_for_more_bookings(
    policy, agent, orgs, django_assert_max_num_queries
):
    client = client_for(agent)
    book(policy, agent)
    with django_assert_max_num_queries(20) as few:
        assert client.get("/green-channel/bookings/").status_code == 200
    for n in range(4):
        extra = make_policy(
            orgs.jilin,
            "cancer-31-cities",
            number=f"GCP-Q{n}",
            id_number=f"22010219880606{n:04d}",
            name=f"客户{n}",
        )
        book(extra, agent)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/green-channel/bookings/")
    assert response.content.decode().count('data-testid="booking-row"') == 5


def test_lookup_by_id_number_shows_entitlements_with_reasons(policy, agent):
    from tests.conftest import english_client

    page = english_client(agent).post("/green-channel/", {"q": "220102 19880606 1234"}).content.decode()
    assert policy.number in page and 'data-status="available"' in page
    bad = english_client(agent).post("/green-channel/", {"q": "12"}).content.decode()
    assert "Enter a whole ID number" in bad


@pytest.mark.covers("green_channel.booking", "missing_documents", "decline")
def test_missing_documents_go_back_to_the_customer_and_a_decline_needs_reasons(orgs, agent):
    from sla.models import Delivery

    policy = make_policy(orgs.jilin, "xintai", number="GCP-XT-1", starts_on=datetime.date(2026, 6, 1))
    service = policy.product.services.get(kind="admission")
    booking = services.new_booking(policy, service, by=agent, channel="web", need="住院安排")
    perform_transition(booking, "ask_documents", by=agent)
    with pytest.raises(TransitionRefused):  # the checklist is not complete
        perform_transition(booking, "documents_received", by=agent)
    for doc in service.documents.all():
        services.receive_document(booking, doc.pk, by=agent)
    perform_transition(booking, "documents_received", by=agent)
    # "客服人员收到资料后1个工作日内告知您审核结果": the review clock runs from the documents received.
    review = Deadline.objects.for_object(booking).get(policy__code="gc_review_result", state="open")
    assert (review.clock_kind, review.duration) == ("working_days", 1)
    perform_transition(booking, "missing_documents", by=agent, note="诊断证明缺医院公章")
    review.refresh_from_db()
    assert review.state == Deadline.State.MET  # the missing-documents notice is the answer in time
    assert Delivery.objects.filter(text__contains="诊断证明缺医院公章").exists()
    perform_transition(booking, "documents_received", by=agent)
    with pytest.raises(TransitionRefused):
        perform_transition(booking, "decline", by=agent, note="")
    perform_transition(booking, "decline", by=agent, note="所患疾病不在约定疾病范围内")
    assert Delivery.objects.filter(text__contains="不在约定疾病范围内").exists()
