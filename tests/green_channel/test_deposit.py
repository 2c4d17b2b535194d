"""Issue 12 point 6: the hospital-deposit advance (住院费用垫付, seed 003 附件二 "重疾住院费用垫付服务流程") — applied within
the product's service hours, contact and liability on the product's clocks, the deposit paid with its receipt,
top-ups the next working day, the discharge notice a day ahead, the settlement on the discharge day, and closing only
when the money reconciles. Pages for the green-channel agents of the policy's org; everyone else 404."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from green_channel.models import (
    DepositAdvance,
    DepositPayment,
    InsuredPerson,
    Policy,
    ServiceProduct,
    ServiceStep,
    ServiceUse,
)
from green_channel.services import deposit as services
from green_channel.workflows import DEPOSIT
from organization.roles import Role
from sla.models import Deadline
from tests.conftest import english_client
from tests.workflow_graph import assert_workflow_graph
from workflow.services import StaleState, TransitionRefused, perform_transition

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def local(y, m, d, hh=10, mm=0, ss=0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, mm, ss, tzinfo=SH)


def receipt(name="押金单.png", content=PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def now(monkeypatch):
    """Set the wall clock: ``now(local(2026, 10, 9, 10))`` — every timestamp, "today" and the clocks follow it."""

    def set_now(moment: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))

    return set_now


@pytest.fixture
def product():
    return ServiceProduct.objects.get(code="ci-admission-deposit")


@pytest.fixture
def policy(orgs, product):
    insured = InsuredPerson.objects.create(name="王芳", id_number="220102198507150026")
    return Policy.objects.create(
        insured=insured,
        product=product,
        org=orgs.jilin,
        number="GC2025000100",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2030, 12, 31),
        cooling_off_days=15,
        grace_period_days=60,
        waiting_period_days=90,
        sum_insured=D("500000"),
    )


@pytest.fixture
def agent(orgs, make_user):
    return make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT, username="gc_agent")


@pytest.fixture
def colleague(orgs, make_user):
    return make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT, username="gc_colleague")


def apply(policy, agent, at=None) -> DepositAdvance:
    return services.apply_for_advance(
        policy, applied_at=at or local(2026, 9, 30, 17), by=agent, hospital_name="吉林大学第一医院"
    )


def step(advance, name, agent, **params):
    advance.refresh_from_db()
    perform_transition(advance, name, by=agent, expected_state=advance.state, **params)
    advance.refresh_from_db()
    return advance


def deadline(advance, code) -> Deadline:
    return Deadline.objects.for_object(advance).get(policy__code=code)


def end_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=SH)


def paid(advance, agent, now, amount=D("10000")):
    """Applied 30 Sep 17:00, contacted and liability confirmed on 9 Oct, the deposit paid that day."""
    now(local(2026, 10, 9, 10))
    step(advance, "record_contact", agent)
    step(advance, "confirm_liability", agent)
    return step(
        advance, "pay_deposit", agent, amount=amount, paid_on=datetime.date(2026, 10, 9), receipt=receipt()
    )


# --- the declaration ---------------------------------------------------------------------------------------------
def test_the_declaration_is_a_sound_graph_as_declared():
    assert DEPOSIT.problems() == []
    assert_workflow_graph(DEPOSIT)
    edges = {(t.name, t.source, t.target) for t in DEPOSIT.transitions()}
    assert edges == {
        ("record_contact", "applied", "contacted"),
        ("confirm_liability", "contacted", "liability_confirmed"),
        ("decline_liability", "contacted", "declined"),
        ("pay_deposit", "liability_confirmed", "deposit_paid"),
        ("request_top_up", "deposit_paid", "top_up_requested"),
        ("request_top_up", "discharge_notified", "top_up_requested"),
        ("top_up", "top_up_requested", "deposit_paid"),
        ("notify_discharge", "deposit_paid", "discharge_notified"),
        ("settle", "discharge_notified", "settled"),
        ("correct_settlement", "settled", "settled"),
        ("close", "settled", "closed"),
        ("withdraw", "applied", "withdrawn"),
        ("withdraw", "contacted", "withdrawn"),
        ("withdraw", "liability_confirmed", "withdrawn"),
    }
    assert DEPOSIT.finals == {"declined", "closed", "withdrawn"}


# --- the application ---------------------------------------------------------------------------------------------
def test_an_application_within_the_hours_opens_the_contact_clock_across_national_day(policy, agent):
    """ "我司工作人员在1个工作日内联系客户,收取索赔资料" — applied Wednesday 30 Sep 2026 at 18:00 (the end of the hours,
    included); 1–7 October is the National Day holiday, so the one working day is Thursday 8 October."""
    advance = apply(policy, agent, at=local(2026, 9, 30, 18, 0))
    assert advance.state == "applied" and advance.org == policy.org
    contact = deadline(advance, "gc_deposit_contact")
    assert contact.started_at == local(2026, 9, 30, 18, 0)
    assert contact.due_at == end_of(datetime.date(2026, 10, 8))
    assert (contact.clock_kind, contact.duration) == ("working_days", 1)


def test_the_clock_takes_the_products_duration_and_none_when_the_product_states_none(policy, agent, product):
    ServiceStep.objects.filter(service__product=product, code="contact").update(duration=2)
    first = apply(policy, agent)
    assert deadline(first, "gc_deposit_contact").due_at == end_of(datetime.date(2026, 10, 9))
    perform_transition(first, "withdraw", by=agent, expected_state="applied", note="客户改变主意")
    assert deadline(first, "gc_deposit_contact").state == "cancelled"
    ServiceStep.objects.filter(service__product=product, code="contact").delete()
    second = apply(policy, agent)
    assert not Deadline.objects.for_object(second).exists()


def test_outside_the_hours_the_application_is_refused_with_the_hours(policy, agent):
    """ "(工作时间:周一至周五9:30至18:00)": one second after 18:00, or on a Saturday, is refused; nothing is saved."""
    for moment in (local(2026, 9, 30, 18, 0, 1), local(2026, 9, 30, 9, 29), local(2026, 9, 26, 11)):
        with pytest.raises(ValidationError) as refused:
            apply(policy, agent, at=moment)
        assert "周一至周五9:30至18:00" in " ".join(refused.value.messages)
    assert not DepositAdvance.objects.exists()
    assert apply(policy, agent, at=local(2026, 9, 30, 9, 30)).state == "applied"


def test_one_advance_at_a_time_per_policy_and_only_the_policys_agents(policy, agent, orgs, make_user):
    apply(policy, agent)
    with pytest.raises(ValidationError, match="already has a deposit advance"):
        apply(policy, agent)
    outsider = make_user(orgs.shenzhen, Role.GREEN_CHANNEL_AGENT, username="sz_agent")
    with pytest.raises(PermissionDenied):
        apply(policy, outsider)


def test_a_product_without_the_service_is_refused(policy, agent):
    policy.product = ServiceProduct.objects.get(code="changsheng-youbei")
    policy.save()
    with pytest.raises(ValidationError, match="no hospital-deposit advance service"):
        apply(policy, agent)


# --- the process and its clocks ----------------------------------------------------------------------------------
@pytest.mark.covers("green_channel.deposit", "record_contact", "confirm_liability", "pay_deposit")
def test_contact_then_liability_within_three_working_days_then_the_deposit(policy, agent, now):
    """ "收取资料后,我司会在3个工作天内确认是否直付费用": documents collected Friday 9 Oct → Saturday 10 Oct (a 调休 working
    day), Monday 12, Tuesday 13 October. "确认责任,我司安排人员前往医院交纳住院押金,押金单由我司保管"."""
    advance = apply(policy, agent)
    now(local(2026, 10, 9, 10))
    step(advance, "record_contact", agent)
    contact = deadline(advance, "gc_deposit_contact")  # due at the end of 8 October: met, but late
    assert (contact.state, contact.met_at, contact.on_time) == ("met", local(2026, 10, 9, 10), False)
    liability = deadline(advance, "gc_deposit_liability")
    assert liability.due_at == end_of(datetime.date(2026, 10, 13))
    step(advance, "confirm_liability", agent)
    assert Deadline.objects.get(pk=liability.pk).on_time is True
    step(
        advance,
        "pay_deposit",
        agent,
        amount=D("10000"),
        paid_on=datetime.date(2026, 10, 9),
        receipt=receipt(),
    )
    assert advance.state == "deposit_paid"
    payment = advance.payments.get()
    assert (payment.kind, payment.amount, payment.receipt_name) == ("deposit", D("10000"), "押金单.png")
    assert ServiceUse.objects.filter(policy=policy, service=advance.service).count() == 1


@pytest.mark.covers("green_channel.deposit", "decline_liability", "withdraw")
def test_liability_declined_with_reasons_and_a_withdrawal(policy, agent, now):
    advance = apply(policy, agent)
    step(advance, "record_contact", agent)
    with pytest.raises(TransitionRefused, match="Give the reasons"):
        step(advance, "decline_liability", agent)
    step(advance, "decline_liability", agent, note="非保单约定重疾")
    assert advance.state == "declined" and advance.liability_reason == "非保单约定重疾"
    assert deadline(advance, "gc_deposit_liability").state in ("met", "breached")
    other = apply(policy, agent)
    with pytest.raises(TransitionRefused, match="Say why"):
        step(other, "withdraw", agent)
    assert step(other, "withdraw", agent, note="客户自行缴纳").state == "withdrawn"


@pytest.mark.covers("green_channel.deposit", "request_top_up", "top_up")
def test_top_ups_the_next_working_day_repeatable(policy, agent, now):
    """ "如需续费,客户请联系客服申请,我司在下一个工作日安排人员前往医院核实费用,及交纳押金" — asked Wednesday 30 Sep, the next
    working day after National Day is Thursday 8 October."""
    now(local(2026, 9, 30, 9, 45))
    advance = apply(policy, agent, at=local(2026, 9, 30, 9, 40))
    step(advance, "record_contact", agent)
    step(advance, "confirm_liability", agent)
    step(
        advance, "pay_deposit", agent, amount=D("8000"), paid_on=datetime.date(2026, 9, 30), receipt=receipt()
    )
    now(local(2026, 9, 30, 15))
    step(advance, "request_top_up", agent, amount=D("5000"))
    top_up = deadline(advance, "gc_deposit_top_up")
    assert top_up.due_at == end_of(datetime.date(2026, 10, 8))
    now(local(2026, 10, 8, 11))
    with pytest.raises(TransitionRefused, match="on or after the day it was requested"):
        step(
            advance, "top_up", agent, amount=D("5000"), paid_on=datetime.date(2026, 9, 29), receipt=receipt()
        )
    step(advance, "top_up", agent, amount=D("5000"), paid_on=datetime.date(2026, 10, 8), receipt=receipt())
    assert advance.state == "deposit_paid"
    assert Deadline.objects.get(pk=top_up.pk).state == "met"
    step(advance, "request_top_up", agent)
    step(advance, "top_up", agent, amount=D("3000"), paid_on=datetime.date(2026, 10, 8), receipt=receipt())
    assert advance.payment_amounts() == [D("8000"), D("5000"), D("3000")]
    assert Deadline.objects.for_object(advance).filter(policy__code="gc_deposit_top_up").count() == 2


@pytest.mark.covers("green_channel.deposit", "notify_discharge")
def test_discharge_notice_at_least_a_day_ahead(policy, agent, now):
    """ "客户出院前(至少提早一天)通知我司": notice on 20 Oct for discharge on 20 Oct is refused (with the earliest day), for
    21 Oct it is in time."""
    advance = paid(apply(policy, agent), agent, now)
    now(local(2026, 10, 20, 16))
    with pytest.raises(TransitionRefused) as refused:
        step(advance, "notify_discharge", agent, discharge_on=datetime.date(2026, 10, 20))
    assert refused.value.field == "discharge_on"
    assert "2026-10-21 at the earliest" in refused.value.message
    step(advance, "notify_discharge", agent, discharge_on=datetime.date(2026, 10, 21))
    assert advance.state == "discharge_notified" and advance.planned_discharge_on == datetime.date(
        2026, 10, 21
    )
    settlement = deadline(advance, "gc_deposit_settlement")
    assert settlement.started_at == local(2026, 10, 21, 0)
    assert settlement.due_at == local(2026, 10, 22, 0)  # the end of the discharge day
    # a top-up asked after the notice calls the discharge off: its settlement clock is cancelled
    step(advance, "request_top_up", agent)
    assert Deadline.objects.get(pk=settlement.pk).state == "cancelled"
    assert advance.planned_discharge_on is None


@pytest.mark.covers("green_channel.deposit", "settle", "correct_settlement", "close")
def test_settlement_on_the_discharge_day_and_closing_only_when_reconciled(policy, agent, now):
    """ "我司将安排工作人员于出院日进行出院结算并收集相关理赔材料" — not before the discharge day; the claim file collected; closed
    only when the ¥10,000 advanced is applied to the bill or refunded."""
    advance = paid(apply(policy, agent), agent, now)
    now(local(2026, 10, 19, 10))
    step(advance, "notify_discharge", agent, discharge_on=datetime.date(2026, 10, 21))
    figures = {
        "discharged_on": datetime.date(2026, 10, 21),
        "bill_total": D("7200.50"),
        "applied": D("7200.50"),
        "refunded": D("0"),
        "claim_file_collected": True,
    }
    now(local(2026, 10, 20, 17))
    with pytest.raises(TransitionRefused, match=r"on the discharge day \(2026-10-21\), not before"):
        step(advance, "settle", agent, **figures)
    now(local(2026, 10, 21, 15))
    with pytest.raises(TransitionRefused, match="claim file"):
        step(advance, "settle", agent, **{**figures, "claim_file_collected": False})
    step(advance, "settle", agent, **figures)
    assert advance.state == "settled"
    assert deadline(advance, "gc_deposit_settlement").state == "met"
    with pytest.raises(TransitionRefused, match=r"¥2,799.50 of the ¥10,000.00 advanced"):
        step(advance, "close", agent)
    step(advance, "correct_settlement", agent, **{**figures, "refunded": D("2799.50")})
    assert advance.state == "settled" and advance.settlement.refunded == D("2799.50")
    step(advance, "close", agent)
    assert advance.state == "closed" and advance.reconciliation().customer_pays == 0


def test_two_agents_on_the_same_advance_one_wins_the_other_is_told(policy, agent, colleague):
    advance = apply(policy, agent)
    mine = DepositAdvance.objects.get(pk=advance.pk)
    theirs = DepositAdvance.objects.get(pk=advance.pk)
    perform_transition(mine, "record_contact", by=agent, expected_state="applied")
    with pytest.raises(StaleState, match="Someone else changed this record"):
        perform_transition(theirs, "record_contact", by=colleague, expected_state="applied")
    outcome = services.take_step(
        theirs, "withdraw", {"expected_state": "applied", "note": "重复"}, {}, by=colleague
    )
    assert not outcome.done
    assert "Someone else changed this record" in " ".join(outcome.form.non_field_errors())
    assert DepositAdvance.objects.get(pk=advance.pk).state == "contacted"


# --- bad input ---------------------------------------------------------------------------------------------------
def test_bad_payments_are_refused_and_change_nothing(policy, agent, now):
    advance = apply(policy, agent)
    now(local(2026, 10, 9, 10))
    step(advance, "record_contact", agent)
    step(advance, "confirm_liability", agent)
    data = {"expected_state": "liability_confirmed", "amount": "-100", "paid_on": "2026-10-09"}
    outcome = services.take_step(advance, "pay_deposit", data, {"receipt": receipt()}, by=agent)
    assert outcome.form.errors["amount"] == ["The amount must be more than zero."]
    data["amount"] = "10000"
    outcome = services.take_step(
        advance, "pay_deposit", data, {"receipt": receipt("押金单.pdf", b"GIF89a not a receipt")}, by=agent
    )
    assert outcome.form.errors["receipt"] == ["The file must be a PDF, JPEG or PNG (a photo or a scan)."]
    outcome = services.take_step(advance, "pay_deposit", data, {}, by=agent)
    assert outcome.form.errors["receipt"] == ["Upload the hospital's receipt (押金单)."]
    advance.refresh_from_db()
    assert advance.state == "liability_confirmed" and not DepositPayment.objects.exists()
    assert services.take_step(advance, "pay_deposit", data, {"receipt": receipt()}, by=agent).done


# --- pages -------------------------------------------------------------------------------------------------------
def test_the_list_costs_a_constant_number_of_queries(policy, agent, django_assert_max_num_queries, orgs):
    client = english_client(agent)
    apply(policy, agent)
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("green_channel:deposits")).status_code == 200
    for n in range(4):
        other = Policy.objects.create(
            insured=policy.insured,
            product=policy.product,
            org=orgs.jilinshi,
            number=f"GC20250002{n}",
            starts_on=policy.starts_on,
            ends_on=policy.ends_on,
            cooling_off_days=15,
            grace_period_days=60,
            waiting_period_days=90,
            sum_insured=D("500000"),
        )
        apply(other, agent)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("green_channel:deposits"))
    assert page.content.decode().count('data-testid="deposit-row"') == 5


def test_the_new_page_takes_the_application(policy, agent, now):
    now(local(2026, 9, 30, 11))
    client = english_client(agent)
    url = reverse("green_channel:deposit_new") + f"?policy={policy.pk}"
    page = client.get(url)
    assert page.status_code == 200 and "周一至周五9:30至18:00" in page.content.decode()
    refused = client.post(url, {"hospital_name": "吉大一院", "applied_at": "2026-09-30T08:00"})
    assert refused.status_code == 200 and "outside those hours" in refused.content.decode()
    assert client.post(url, {"applied_at": "2026-09-30T10:00"}).status_code == 200  # no hospital
    assert not DepositAdvance.objects.exists()
    response = client.post(url, {"hospital_name": "吉大一院", "applied_at": "2026-09-30T10:00"})
    advance = DepositAdvance.objects.get()
    assert response.status_code == 302 and response["Location"] == advance.get_absolute_url()
    assert client.get(reverse("green_channel:deposit_new") + "?policy=abc").status_code == 404


def test_the_detail_page_takes_the_steps_with_a_receipt(policy, agent, now):
    advance = apply(policy, agent)
    now(local(2026, 10, 9, 10))
    client = english_client(agent)
    detail = client.get(advance.get_absolute_url())
    assert detail.status_code == 200
    body = detail.content.decode()
    assert 'data-testid="action-record_contact"' in body and "我司工作人员在1个工作日内联系客户" in body
    step_url = reverse("green_channel:deposit_step", args=[advance.pk, "record_contact"])
    assert client.post(step_url, {"expected_state": "applied"}).status_code == 302
    stale = client.post(step_url, {"expected_state": "applied"})
    assert stale.status_code == 200 and "Someone else changed this record" in stale.content.decode()
    step(advance, "confirm_liability", agent)
    pay = reverse("green_channel:deposit_step", args=[advance.pk, "pay_deposit"])
    bad = client.post(
        pay,
        {
            "expected_state": "liability_confirmed",
            "amount": "0",
            "paid_on": "2026-10-09",
            "receipt": receipt(),
        },
    )
    assert bad.status_code == 200 and "The amount must be more than zero." in bad.content.decode()
    good = client.post(
        pay,
        {
            "expected_state": "liability_confirmed",
            "amount": "9000",
            "paid_on": "2026-10-09",
            "receipt": receipt(),
        },
    )
    assert good.status_code == 302
    payment = DepositPayment.objects.get()
    download = client.get(reverse("green_channel:deposit_receipt", args=[payment.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert (
        client.post(reverse("green_channel:deposit_step", args=[advance.pk, "nonsense"])).status_code == 404
    )
    timeline = client.get(advance.get_absolute_url()).content.decode()
    assert "Deposit paid at the hospital" in timeline and "Deposit advance applied for" in timeline


def test_outsiders_and_other_roles_get_404(policy, agent, orgs, make_user, claims_head, now):
    advance = paid(apply(policy, agent), agent, now)
    payment = advance.payments.get()
    urls = [
        reverse("green_channel:deposits"),
        reverse("green_channel:deposit_new") + f"?policy={policy.pk}",
        advance.get_absolute_url(),
        reverse("green_channel:deposit_receipt", args=[payment.pk]),
    ]
    shenzhen_agent = make_user(orgs.shenzhen, Role.GREEN_CHANNEL_AGENT, username="sz_agent")
    for user in (claims_head,):
        for url in urls:
            assert english_client(user).get(url).status_code == 404, url
    for url in urls[1:]:
        assert english_client(shenzhen_agent).get(url).status_code == 404, url
    step_url = reverse("green_channel:deposit_step", args=[advance.pk, "request_top_up"])
    assert (
        english_client(shenzhen_agent).post(step_url, {"expected_state": "deposit_paid"}).status_code == 404
    )
    assert DepositAdvance.objects.get(pk=advance.pk).state == "deposit_paid"
    assert english_client(shenzhen_agent).get(urls[0]).content.decode().count("deposit-row") == 0


def test_the_demo_makes_advances_in_several_states_once(orgs, agent):
    from green_channel.deposit_demo import seed_demo_deposits

    assert seed_demo_deposits() == {"demo deposit advances": 5}
    assert seed_demo_deposits() == {"demo deposit advances": 0}
    states = set(DepositAdvance.objects.values_list("state", flat=True))
    assert states == {"applied", "liability_confirmed", "top_up_requested", "discharge_notified", "closed"}
    closed = DepositAdvance.objects.get(state="closed")
    assert closed.reconciliation().balances and closed.payments.count() == 2
