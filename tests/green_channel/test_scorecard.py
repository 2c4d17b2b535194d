"""The vendor scorecard (issue 12 point 7): the pure figures (on time per step, satisfaction, cancellations and
no-shows per vendor × product × month, each with what it is made of), the page and who sees which bookings."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from green_channel.models import Booking, Vendor
from green_channel.scorecard import Average, BookingRow, ClockRow, Rate, clock_verdict, month_range, scorecard
from organization.roles import Role
from sla.models import Deadline, SlaPolicy
from tests.conftest import client_for, english_client
from tests.green_channel.conftest import make_policy

TZ = timezone.get_fixed_timezone(480)
JUNE, JULY = datetime.date(2026, 6, 1), datetime.date(2026, 7, 1)
DUE = datetime.datetime(2026, 6, 10, 17, 0, tzinfo=TZ)


def booking(pk, *, vendor=1, product=10, month=JUNE, state="closed", **kw) -> BookingRow:
    return BookingRow(
        id=pk,
        vendor=vendor,
        vendor_name=kw.pop("vendor_name", f"服务商{vendor}" if vendor else ""),
        product=product,
        product_name=kw.pop("product_name", f"产品{product}"),
        month=month,
        state=state,
        **kw,
    )


def clock(booking_id, state, *, step="outpatient_arranged", met_at=None, due_at=DUE) -> ClockRow:
    return ClockRow(booking=booking_id, step=step, state=state, due_at=due_at, met_at=met_at)


# --- on time per step -----------------------------------------------------------------------------------------
def test_a_clock_met_exactly_at_its_due_time_is_on_time_and_a_minute_later_is_late():
    """ "客户确认就诊专家后,在5个工作日内完成客户门诊安排" — 以内 includes the last moment: met at the due time is on time."""
    assert clock_verdict(clock(1, "met", met_at=DUE)) is True
    assert clock_verdict(clock(1, "met", met_at=DUE - datetime.timedelta(days=2))) is True
    assert clock_verdict(clock(1, "met", met_at=DUE + datetime.timedelta(minutes=1))) is False


def test_breached_then_met_is_late_still_breached_is_late_and_running_or_cancelled_is_not_counted():
    assert clock_verdict(clock(1, "met", met_at=DUE + datetime.timedelta(days=1))) is False
    assert clock_verdict(clock(1, "breached")) is False
    assert clock_verdict(clock(1, "open")) is None
    assert clock_verdict(clock(1, "warned")) is None
    assert clock_verdict(clock(1, "cancelled")) is None


def test_on_time_rate_per_step_is_met_on_time_over_met_and_breached():
    rows = [booking(pk) for pk in range(1, 6)]
    clocks = [
        clock(1, "met", met_at=DUE),
        clock(2, "met", met_at=DUE - datetime.timedelta(hours=3)),
        clock(3, "met", met_at=DUE + datetime.timedelta(days=1)),  # breached, then met: late
        clock(4, "breached"),
        clock(5, "open"),  # not yet decided
        clock(1, "met", step="review_result", met_at=DUE),
    ]
    card = scorecard(rows, clocks, step_order=("review_result", "outpatient_arranged"))
    assert card.steps == ("review_result", "outpatient_arranged")
    (cell,) = card.cells
    tally = cell.step("outpatient_arranged")
    assert (tally.on_time, tally.late, tally.running) == (2, 2, 1)
    assert cell.on_time("outpatient_arranged") == Rate(2, 4)
    assert cell.on_time("outpatient_arranged").percent == Decimal("50.0")
    assert cell.on_time("review_result") == Rate(1, 1)
    assert cell.on_time_all() == Rate(3, 5)
    assert str(cell.on_time_all()) == "60.0%"


def test_no_closed_clock_gives_no_rate_not_zero_percent():
    card = scorecard([booking(1), booking(2)], [clock(1, "open"), clock(2, "warned")])
    rate = card.total.on_time("outpatient_arranged")
    assert rate == Rate(0, 0)
    assert rate.percent is None
    assert str(rate) == "—"
    assert card.total.step("outpatient_arranged").running == 2
    # a step with no clock at all: no rate either
    assert str(card.total.on_time("visit")) == "—"


def test_a_cancelled_clock_is_not_counted_at_all():
    """The booking was cancelled (or declined) while the clock ran: neither on time nor late, nor running."""
    card = scorecard([booking(1), booking(2)], [clock(1, "cancelled"), clock(2, "met", met_at=DUE)])
    assert card.total.step("outpatient_arranged").running == 0
    assert card.total.on_time("outpatient_arranged") == Rate(1, 1)
    only_cancelled = scorecard([booking(1)], [clock(1, "cancelled")])
    assert only_cancelled.steps == ()
    assert str(only_cancelled.total.on_time("outpatient_arranged")) == "—"


def test_clocks_of_bookings_outside_the_selection_are_ignored():
    card = scorecard([booking(1)], [clock(99, "breached"), clock(1, "met", met_at=DUE)])
    assert card.total.on_time("outpatient_arranged") == Rate(1, 1)


# --- satisfaction ---------------------------------------------------------------------------------------------
def test_satisfaction_is_the_average_of_the_calls_made_with_its_sum_and_count():
    """ "服务结束后,会对客户进行满意度回访" — only the bookings with a call count."""
    rows = [booking(1, satisfaction=5), booking(2, satisfaction=4), booking(3, satisfaction=4), booking(4)]
    average = scorecard(rows, []).total.satisfaction
    assert average == Average(13, 3)
    assert average.value == Decimal("4.3")
    assert str(average) == "4.3"


def test_no_satisfaction_call_gives_no_average():
    average = scorecard([booking(1, state="cancelled", cancelled=True)], []).total.satisfaction
    assert average.value is None
    assert str(average) == "—"


# --- cancellations and no-shows -------------------------------------------------------------------------------
def test_cancellations_free_and_counted_as_used_and_no_shows():
    """ "客户确认服务后,在服务取消时效外(取消时效:距离就诊日两个工作日前)取消服务,视同该次服务已完成" — a late
    cancellation is counted as used; "若应客户本人原因放弃预约或未能准时就医,本公司将默认客户已享受了相应的预约或安排的服务
    事项" — so is a no-show where the product says so."""
    rows = [
        booking(1, state="cancelled", cancelled=True),
        booking(2, state="cancelled", cancelled=True, counted_as_used=True),
        booking(3, state="cancelled", cancelled=True),
        booking(4, state="no_show", counted_as_used=True),
        booking(5, state="no_show"),
        booking(6),
        booking(7, state="served", counted_as_used=True),  # a use, not a cancellation
        booking(8, state="declined"),
    ]
    total = scorecard(rows, []).total
    assert total.bookings == 8
    assert (total.cancelled_free, total.cancelled_used, total.cancellations) == (2, 1, 3)
    assert total.cancellation_rate == Rate(3, 8)
    assert str(total.cancellation_rate) == "37.5%"
    assert (total.no_shows, total.no_shows_used) == (2, 1)
    assert total.no_show_rate == Rate(2, 8)


def test_no_booking_no_rate():
    card = scorecard([], [])
    assert card.is_empty
    assert str(card.total.cancellation_rate) == "—"
    assert card.cells == card.vendors == card.months == ()


# --- the lines: vendor × product × month, per vendor, per month -----------------------------------------------
def test_each_vendor_product_and_month_is_a_line_and_totals_add_up():
    rows = [
        booking(1, vendor=1, product=10, month=JUNE, satisfaction=5),
        booking(2, vendor=1, product=10, month=JULY, satisfaction=3),
        booking(3, vendor=1, product=11, month=JUNE, state="cancelled", cancelled=True),
        booking(4, vendor=2, product=10, month=JUNE, satisfaction=4),
        booking(5, vendor=None, product=10, month=JUNE),  # not handed over: the insurer's own agents
    ]
    clocks = [
        clock(1, "met", met_at=DUE),
        clock(2, "breached"),
        clock(4, "met", met_at=DUE + datetime.timedelta(hours=1)),
    ]
    card = scorecard(rows, clocks)
    keys = [(c.vendor, c.product, c.month) for c in card.cells]
    assert keys == [(1, 10, JUNE), (1, 10, JULY), (1, 11, JUNE), (2, 10, JUNE), (None, 10, JUNE)]
    assert [c.bookings for c in card.cells] == [1, 1, 1, 1, 1]
    first, vendor_two = card.vendors[0], card.vendors[1]
    assert (first.vendor, first.bookings, first.cancellations) == (1, 3, 1)
    assert first.on_time("outpatient_arranged") == Rate(1, 2)
    assert first.satisfaction == Average(8, 2)
    assert vendor_two.on_time("outpatient_arranged") == Rate(0, 1)
    assert card.vendors[-1].vendor is None
    assert [(m.month, m.bookings) for m in card.months] == [(JUNE, 4), (JULY, 1)]
    assert card.months[0].satisfaction == Average(9, 2)
    assert card.total.bookings == 5
    assert card.total.on_time("outpatient_arranged") == Rate(1, 3)


def test_month_range_includes_both_ends_across_the_new_year():
    assert month_range(datetime.date(2025, 11, 1), datetime.date(2026, 2, 1)) == [
        datetime.date(2025, 11, 1),
        datetime.date(2025, 12, 1),
        datetime.date(2026, 1, 1),
        datetime.date(2026, 2, 1),
    ]
    assert month_range(JULY, JUNE) == []


# --- the page -------------------------------------------------------------------------------------------------
URL = reverse("green_channel:vendor_scorecard")
LOCAL = timezone.get_default_timezone()
JUNE_JULY = {"from_month": "2026-06", "to_month": "2026-07"}


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LOCAL)


def make_booking(policy, by, *, day, state="closed", vendor=None, clock=None, **fields) -> Booking:
    """A booking as it ended up (made directly: the scorecard reads only what the process left behind), with one
    clock of the outpatient-arrangement step: "met" (on time), "late" (met after its due time) or "breached"."""
    n = Booking.objects.count() + 1
    row = Booking.objects.create(
        number=f"GCT{n:05d}",
        policy=policy,
        service=policy.product.services.get(kind="expert_outpatient"),
        org_id=policy.org_id,
        channel="phone",
        requested_at=day,
        requested_by=by,
        need="肺癌术后复查",
        state=state,
        vendor=vendor,
        **fields,
    )
    if clock:
        due = day + datetime.timedelta(days=7)
        met = {"met": due, "late": due + datetime.timedelta(hours=1)}.get(clock)
        Deadline.objects.create(
            policy=SlaPolicy.objects.get(code="gc_outpatient_arranged"),
            content_type=ContentType.objects.get_for_model(Booking),
            object_id=row.pk,
            title=row.number,
            org_id=row.org_id,
            state="breached" if clock == "breached" else "met",
            started_at=day,
            due_at=due,
            warn_at=due - datetime.timedelta(days=1),
            met_at=met,
        )
    return row


@pytest.fixture
def world(orgs, make_user, policy, agent, vendor_user):
    """Jilin: two bookings of the product's vendor in June (one closed on time with 5 points, one cancelled late),
    one kept by the agents in July (a no-show). Shenzhen: one of another vendor in June (breached, 2 points)."""
    ours = policy.product.vendor
    other_vendor = Vendor.objects.create(name="远盟康健(测试)")
    shenzhen_agent = make_user(orgs.shenzhen, Role.GREEN_CHANNEL_AGENT, username="gc_sz_agent")
    shenzhen = make_policy(orgs.shenzhen, "cancer-31-cities", number="GCP2024000099")
    make_booking(policy, agent, day=local(2026, 6, 3, 10), vendor=ours, clock="met", satisfaction=5)
    make_booking(
        policy,
        agent,
        day=local(2026, 6, 30, 23, 30),  # still June in Beijing (15:30 UTC)
        state="cancelled",
        vendor=ours,
        clock="late",
        cancelled_at=local(2026, 7, 2, 9),
        counted_as_used=True,
    )
    make_booking(policy, agent, day=local(2026, 7, 1, 0, 10), state="no_show", counted_as_used=True)
    make_booking(
        shenzhen,
        shenzhen_agent,
        day=local(2026, 6, 15, 9),
        vendor=other_vendor,
        clock="breached",
        satisfaction=2,
    )
    return {"ours": ours, "other": other_vendor}


def rows(response, testid: str) -> list[str]:
    import re

    return re.findall(rf'<tr data-testid="{testid}"[^>]*>', response.content.decode())


def test_hq_agents_and_administrators_see_every_vendor(world, orgs, make_user):
    for user in (
        make_user(orgs.hq, Role.GREEN_CHANNEL_AGENT, username="gc_hq"),
        make_user(orgs.hq, Role.ADMINISTRATOR, username="gc_admin"),
    ):
        response = english_client(user).get(URL, JUNE_JULY)
        assert response.status_code == 200
        report = response.context["report"]
        card = report["card"]
        assert card.total.bookings == 4
        assert {line.vendor for line in card.vendors} == {world["ours"].pk, world["other"].pk, None}
        # on time: one met on time of three closed clocks (one met late, one breached)
        assert str(card.total.on_time("outpatient_arranged")) == "33.3%"
        assert str(card.total.satisfaction) == "3.5"
        assert [r.count('data-bookings="2"') for r in rows(response, "cell-row")] == [1, 0, 0]
        assert 'data-testid="on-time-chart"' in response.content.decode()


def test_a_branch_agent_sees_only_its_part_of_the_company(world, agent):
    response = english_client(agent).get(URL, JUNE_JULY)
    assert response.status_code == 200
    card = response.context["report"]["card"]
    assert card.total.bookings == 3
    assert world["other"].pk not in {line.vendor for line in card.vendors}
    (june, july) = card.months
    assert (june.month, june.bookings, july.month, july.bookings) == (JUNE, 2, JULY, 1)
    assert (june.cancelled_free, june.cancelled_used) == (0, 1)
    assert (july.no_shows, july.no_shows_used) == (1, 1)
    ours = next(line for line in card.vendors if line.vendor == world["ours"].pk)
    assert ours.on_time("outpatient_arranged") == Rate(1, 2)
    html = response.content.decode()
    assert "Vendor scorecard" in html
    assert "(1/2)" in html  # what the rate is made of
    assert [f'data-vendor="{world["other"].pk}"' in row for row in rows(response, "vendor-row")] == [
        False,
        False,
    ]


def test_vendor_staff_see_only_their_own_vendor_whatever_they_ask(world, vendor_user):
    response = english_client(vendor_user).get(URL, {**JUNE_JULY, "vendor": world["other"].pk})
    assert response.status_code == 200
    card = response.context["report"]["card"]
    assert [line.vendor for line in card.vendors] == [world["ours"].pk]
    assert card.total.bookings == 2
    assert "vendor" not in response.context["form"].fields
    assert len(rows(response, "vendor-row")) == 1
    assert "远盟康健" not in response.content.decode()  # no other vendor named anywhere


def test_the_filters_narrow_the_bookings(world, orgs, make_user, policy):
    hq = make_user(orgs.hq, Role.GREEN_CHANNEL_AGENT, username="gc_hq")
    card = english_client(hq).get(URL, {**JUNE_JULY, "vendor": world["other"].pk}).context["report"]["card"]
    assert card.total.bookings == 1
    card = (
        english_client(hq)
        .get(URL, {"from_month": "2026-07", "to_month": "2026-07"})
        .context["report"]["card"]
    )
    assert card.total.bookings == 1
    card = english_client(hq).get(URL, {**JUNE_JULY, "product": policy.product_id}).context["report"]["card"]
    assert card.total.bookings == 4


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"from_month": "2026-13", "to_month": "2026-12"},
            "from_month",
            "Enter a month as YYYY-MM, e.g. 2026-06.",
        ),
        (
            {"from_month": "June", "to_month": "2026-07"},
            "from_month",
            "Enter a month as YYYY-MM, e.g. 2026-06.",
        ),
        (
            {"from_month": "2026-08", "to_month": "2026-06"},
            "to_month",
            "The last month comes before the first",
        ),
        ({"from_month": "2023-01", "to_month": "2026-01"}, "to_month", "Choose at most 36 months at a time."),
        ({**JUNE_JULY, "product": "abc"}, "product", "Choose one of the products listed."),
        ({**JUNE_JULY, "vendor": "999999"}, "vendor", "Choose one of the vendors listed."),
    ],
)
def test_bad_filter_input_gets_a_specific_error_and_nothing_is_computed(world, agent, params, field, message):
    response = english_client(agent).get(URL, params)
    assert response.status_code == 200
    assert response.context["report"] is None
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert message in html
    assert 'data-testid="by-vendor"' not in html


def test_thirty_six_months_are_allowed(world, agent):
    response = english_client(agent).get(URL, {"from_month": "2023-08", "to_month": "2026-07"})
    assert response.context["report"]["card"].total.bookings == 3


def test_a_vendor_cannot_filter_on_another_vendors_product(world, vendor_user):
    from green_channel.models import ServiceProduct

    foreign = ServiceProduct.objects.exclude(vendor=world["ours"]).first()
    response = english_client(vendor_user).get(URL, {**JUNE_JULY, "product": foreign.pk})
    assert response.context["report"] is None
    assert "Choose one of the products listed." in response.content.decode()


def test_no_bookings_in_the_months_says_so(world, agent):
    response = english_client(agent).get(URL, {"from_month": "2025-01", "to_month": "2025-03"})
    assert response.context["report"]["card"].is_empty
    assert "No bookings in these months." in response.content.decode()


def test_the_default_is_the_last_twelve_months(world, agent):
    report = english_client(agent).get(URL).context["report"]
    assert (report["last"].year * 12 + report["last"].month) - (
        report["first"].year * 12 + report["first"].month
    ) == 11
    assert report["last"] == timezone.localdate().replace(day=1)
    assert client_for(agent).get(URL, JUNE_JULY).status_code == 200  # the default language renders too


@pytest.mark.parametrize("who", ["outsider", "claims_head", "vendor_without_vendor", "hq_approver"])
def test_everyone_else_gets_404(world, orgs, make_user, who):
    user = {
        "outsider": lambda: make_user(orgs.shenzhen, Role.BRANCH_CLAIMS_HEAD, username="x1"),
        "claims_head": lambda: make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="x2"),
        "vendor_without_vendor": lambda: make_user(None, Role.GREEN_CHANNEL_VENDOR, username="x3"),
        "hq_approver": lambda: make_user(orgs.hq, Role.HQ_NETWORK_APPROVER, username="x4"),
    }[who]()
    assert client_for(user).get(URL, JUNE_JULY).status_code == 404


def test_anonymous_goes_to_the_login(db):
    from django.test import Client

    assert Client().get(URL).status_code == 302


def test_the_navigation_entry_uses_the_views_predicate(world, agent, vendor_user, orgs, make_user):
    from organization import navigation

    entry = next(e for e in navigation.entries() if e.url_name == "green_channel:vendor_scorecard")
    assert entry.visible(agent) and entry.visible(vendor_user)
    assert not entry.visible(make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="x5"))


def test_the_page_costs_the_same_queries_as_bookings_grow(world, orgs, make_user, policy, agent):
    hq = make_user(orgs.hq, Role.GREEN_CHANNEL_AGENT, username="gc_hq")
    client = english_client(hq)
    client.get(URL, JUNE_JULY)  # warm the content-type cache and the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, JUNE_JULY).status_code == 200
    for day in range(1, 21):
        make_booking(
            policy,
            agent,
            day=local(2026, 6 + day % 2, day, 10),
            vendor=world["ours"] if day % 3 else world["other"],
            clock=("met", "late", "breached")[day % 3],
            satisfaction=1 + day % 5,
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, JUNE_JULY)
    assert response.context["report"]["card"].total.bookings == 24
    assert len(many) == len(few)
    assert len(many) <= 10
