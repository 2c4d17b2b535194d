"""Issue 11 point 1 on the pages, and after the fast track: the adjuster records the facts on a phone and sees the
band (or every reason the case cannot take it), takes the steps, prints the agreement for signature, uploads the
signed scan; the medical check scores; calculation and approval take the agreed amounts as they are (form, service
and database), and the one-hour payment notice runs from approval (seed 001 p19)."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import IssuedDocument
from injury_claims.forms.fast_track import ScoreForm
from injury_claims.models import FastTrack, FastTrackStandard, Settlement
from injury_claims.services import fast_track as services
from injury_claims.services import reviews as review_services
from injury_claims.services import settlement as settlement_services
from organization.models import ReviewKind
from organization.roles import Role
from organization.services import set_authority_matrix
from sla.models import Deadline
from tests.conftest import client_for as _client
from tests.conftest import english_client as client_for
from tests.conftest import run_pending_jobs
from workflow.services import perform_transition

from .conftest import photo
from .test_fast_track import ON_SPOT, after_visit
from .test_settlement import JILIN, _documents
from .test_settlement_printing import text_of

pytestmark = pytest.mark.django_db

ELIGIBLE = {
    "police_handled": "on",
    "liability_clear": "on",
    "causation": "on",
    "both_present": "on",
    "both_agree": "on",
    "injury_minor": "on",
    "outpatient_visits": "0",
    "visible_sign": "on",
    "cut_cm": "10",  # exactly 10 cm: "10cm以上" includes it, the higher band
    "advice": "none",
    "rest_days": "0",
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def person(claim):
    return claim.persons.get(name="李娜")


@pytest.fixture
def checker(orgs, make_user):
    return make_user(orgs.jilin, Role.MEDICAL_REVIEWER, username="ft_checker")


def _new(person):
    return reverse("injury_claims:fast_track_new", args=[person.pk])


# --- opening it ------------------------------------------------------------------------------------------------
def test_the_person_page_offers_it_to_the_adjuster_only(person, follow_up_handler, checker):
    page = client_for(follow_up_handler).get(person.get_absolute_url()).content.decode()
    assert 'data-testid="open-fast-track"' in page and _new(person) in page
    page = client_for(checker).get(person.get_absolute_url()).content.decode()
    assert 'data-testid="open-fast-track"' not in page
    assert client_for(checker).get(_new(person)).status_code == 403


def test_the_facts_propose_the_band_on_the_spot(person, follow_up_handler):
    """p16: "2000元以内 有损伤体征，但损伤稍重，如划伤在10cm以上" — a cut of exactly 10 cm."""
    client = client_for(follow_up_handler)
    assert client.get(_new(person)).status_code == 200
    response = client.post(_new(person), ELIGIBLE)
    track = FastTrack.objects.get(person=person)
    assert response.status_code == 302 and response.url == track.get_absolute_url()
    assert (track.level, track.ceiling, track.facts["cut_cm"]) == (3, D("2000"), "10")
    page = client.get(track.get_absolute_url()).content.decode()
    assert 'data-testid="ceiling">¥2,000.00' in page and "以上 includes the figure" in page
    page = _client(follow_up_handler).get(track.get_absolute_url()).content.decode()
    assert '<strong data-testid="ceiling">¥2,000.00' in page and "第 3 档" in page  # zh-hans by default
    assert 'data-testid="action-agree"' in page and 'data-testid="print-agreement"' not in page
    # a second visit to the form goes to the track
    assert client.get(_new(person)).url == track.get_absolute_url()


def test_a_refused_case_shows_every_reason_and_saves_nothing(person, follow_up_handler):
    """p13 "当事人双方均在现场" and "伤者自行判断损伤轻微" — both missing, both said."""
    data = {**ELIGIBLE}
    del data["both_present"], data["injury_minor"]
    response = client_for(follow_up_handler).post(_new(person), data)
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="fast-track-refused"' in page
    assert "Both parties must be present." in page and "does not judge the injury minor" in page
    assert not FastTrack.objects.exists()
    person.refresh_from_db()
    assert person.state == "first_follow_up"


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"cut_cm": "abc"}, "cut_cm", "Enter the length in centimetres"),
        ({"cut_cm": "-1"}, "cut_cm", None),
        ({"outpatient_visits": "1"}, "medical_cost", "Enter the medical costs of the outpatient visit."),
        ({"medical_cost": "300"}, "medical_cost", "No treatment yet: there are no medical costs."),
        ({"rest_days": "1.5"}, "rest_days", "Enter a whole number of days."),
        ({"outpatient_visits": "7"}, "outpatient_visits", None),
    ],
)
def test_bad_facts_get_their_message_and_change_nothing(person, follow_up_handler, change, field, message):
    response = client_for(follow_up_handler).post(_new(person), {**ELIGIBLE, **change})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert message in " ".join(errors[field])
    assert not FastTrack.objects.exists()


def test_outsiders_get_404_and_methods_are_checked(person, follow_up_handler, outsider):
    track = services.open_fast_track(person, ON_SPOT, by=follow_up_handler)
    urls = [
        _new(person),
        track.get_absolute_url(),
        reverse("injury_claims:fast_track_step", args=[track.pk, "agree"]),
        reverse("injury_claims:fast_track_scan", args=[track.pk]),
        reverse("injury_claims:fast_track_print", args=[track.pk]),
    ]
    client = client_for(outsider)
    for url in urls:
        assert client.get(url).status_code in (404, 405)
        assert client.post(url).status_code in (404, 405)
    assert client.get(urls[1]).status_code == 404 and client.post(urls[3]).status_code == 404
    mine = client_for(follow_up_handler)
    assert mine.put(track.get_absolute_url()).status_code == 405
    assert mine.get(urls[2]).status_code == 405
    assert mine.post(reverse("injury_claims:fast_track_step", args=[track.pk, "nonsense"])).status_code == 404


# --- the steps on the page ----------------------------------------------------------------------------------------
def test_an_agreement_above_the_band_or_on_a_stale_page_changes_nothing(person, follow_up_handler):
    track = services.open_fast_track(person, ON_SPOT, by=follow_up_handler)  # band 2: up to 1,000
    url = reverse("injury_claims:fast_track_step", args=[track.pk, "agree"])
    client = client_for(follow_up_handler)
    response = client.post(url, {"expected_state": "proposed", "amount": "1000.01", "medical_amount": "0"})
    assert response.status_code == 200 and "above the band" in response.content.decode()
    response = client.post(url, {"expected_state": "confirmed", "amount": "800", "medical_amount": "0"})
    assert response.status_code == 200 and "Reload" in response.content.decode()
    track.refresh_from_db()
    assert (track.state, track.amount) == ("proposed", None)
    response = client.post(url, {"expected_state": "proposed", "amount": "800", "medical_amount": "0"})
    assert response.status_code == 302
    track.refresh_from_db()
    assert (track.state, track.amount) == ("agreed", D("800"))


def test_the_phone_confirmation_is_taken_by_a_medical_reviewer_on_the_page(
    person, follow_up_handler, checker
):
    """p18: "已发生医疗费用在1000-2000元之间，快速处理前需要电话告知医疗审核人员，待确认同意后…"."""
    track = services.open_fast_track(person, after_visit("1200"), by=follow_up_handler)
    page = client_for(follow_up_handler).get(track.get_absolute_url()).content.decode()
    assert 'data-testid="blocked-agree"' in page  # the agreement waits for the confirmation
    url = reverse("injury_claims:fast_track_step", args=[track.pk, "confirm"])
    assert (
        client_for(follow_up_handler).post(url, {"expected_state": "proposed", "note": "x"}).status_code
        == 403
    )
    response = client_for(checker).post(url, {"expected_state": "proposed", "note": ""})
    assert response.status_code == 200 and "Write down what was confirmed" in response.content.decode()
    response = client_for(checker).post(
        url, {"expected_state": "proposed", "note": "电话确认门诊费 1,200 元"}
    )
    assert response.status_code == 302
    track.refresh_from_db()
    assert (track.state, track.confirmed_by) == ("confirmed", checker)


def test_print_upload_and_score_on_the_pages(person, follow_up_handler, checker):
    track = services.open_fast_track(person, ON_SPOT, by=follow_up_handler)
    perform_transition(track, "agree", by=follow_up_handler, amount=D("700"), medical_amount=D("0"))
    client = client_for(follow_up_handler)
    response = client.post(reverse("injury_claims:fast_track_print", args=[track.pk]))
    assert response.status_code == 302
    run_pending_jobs()
    document = IssuedDocument.objects.get(kind="fast_track_agreement")
    text = text_of(document.file.open("rb").read())
    assert "小额人伤快速处理协议" in text and "人民币700.00元" in text and "柒佰元整" in text
    assert document.number.startswith("KS") and "理算与核赔环节不再调整本协议约定的赔偿项目和金额" in text

    scan = reverse("injury_claims:fast_track_scan", args=[track.pk])
    response = client.post(scan, {"scan": SimpleUploadedFile("agreement.pdf", b"MZ\x90\x00 not a scan")})
    assert response.status_code == 200
    track.refresh_from_db()
    assert track.signed_scan is None
    assert client.post(scan, {"scan": photo("agreement.jpg")}).status_code == 302
    url = reverse("injury_claims:fast_track_step", args=[track.pk, "record_result"])
    assert client.post(url, {"expected_state": "agreed"}).status_code == 302

    score = reverse("injury_claims:fast_track_step", args=[track.pk, "score_case"])
    assert client.post(score, {"expected_state": "signed", "score": "90"}).status_code == 403  # not their own
    checking = client_for(checker)
    response = checking.post(score, {"expected_state": "signed", "score": "101"})
    assert response.status_code == 200 and "from 0 to 100" in response.content.decode()
    response = checking.post(score, {"expected_state": "signed", "score": "92", "amount": "100"})
    assert response.status_code == 302
    track.refresh_from_db()
    person.refresh_from_db()
    assert (track.state, track.score, track.amount) == ("checked", 92, D("700"))
    assert person.state == "costs_approved"
    settlement = Settlement.objects.get(person=person)
    assert (settlement.agreed_kind, settlement.state) == ("fast_track", "assessment")


# --- after the fast track: calculation and approval take the agreed amounts -------------------------------------
def test_the_check_form_has_no_amount_at_all():
    """p19: "不再对赔偿项目和金额进行审核及修改，但进行打分考核" — the form offers a score, nothing else."""
    assert set(ScoreForm.base_fields) == {"expected_state", "note", "score"}


@pytest.fixture
def scored(person, follow_up_handler, checker):
    """p18: costs of 1,500 after one visit (confirmed by phone), 1,800 agreed of which 1,500 medical."""
    track = services.open_fast_track(person, after_visit("1500"), by=follow_up_handler)
    perform_transition(track, "confirm", by=checker, note="电话确认")
    perform_transition(track, "agree", by=follow_up_handler, amount=D("1800"), medical_amount=D("1500"))
    services.file_signed_agreement(track, photo("agreement.jpg"), by=follow_up_handler)
    perform_transition(track, "record_result", by=follow_up_handler)
    services.score(track, by=checker, score=95)
    return Settlement.objects.get(person=person)


@pytest.fixture
def approvers(orgs, make_user):
    from injury_claims.models import CompensationStandard

    CompensationStandard.objects.create(**JILIN)
    set_authority_matrix(orgs.jilin, ReviewKind.SETTLEMENT, {1: D("10000")})
    calculator = make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="calc", settlement_approval_level=1)
    approver = make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="appr", settlement_approval_level=1)
    return calculator, approver


def test_calculation_takes_the_agreed_items_and_refuses_adjustments(scored, follow_up_handler, approvers):
    """p19: "理算与核赔环节不再调整小额快速处理人伤案件的赔偿项目和金额"."""
    calculator, approver = approvers
    _documents(scored, follow_up_handler)
    perform_transition(scored, "confirm_assessment", by=follow_up_handler, expected_state="assessment")
    scored.refresh_from_db()
    with pytest.raises(ValidationError, match="理算不得调整"):
        settlement_services.calculate(scored, by=calculator, adjustments={"medical": (D("1000"), "减少")})
    calculation = settlement_services.calculate(scored, by=calculator)
    items = {row["code"]: D(row["amount"]) for row in calculation.items}
    assert items == {"medical": D("1500"), "agreed_sum": D("300")}
    assert calculation.loss == D("1800") and calculation.payable == D("1800.00")
    assert all(row["agreed"] for row in calculation.items)
    # the calculation page refuses an adjustment typed in anyway
    response = client_for(calculator).post(
        reverse("injury_claims:settlement_calculate", args=[scored.pk]),
        {"amount-medical": "1000", "reason-medical": "减少"},
    )
    assert response.status_code == 200 and "理算不得调整" in response.content.decode()
    assert scored.calculations.count() == 1

    review = settlement_services.submit(scored, by=calculator)
    review_services.decide_review(review, "approve", by=approver, expected_state="pending")
    scored.refresh_from_db()
    assert (scored.state, scored.total) == ("approved", D("1800.00"))
    clock = Deadline.objects.for_object(scored).get(policy__code="fast_track_payment_notice")
    assert clock.state == Deadline.State.OPEN
    assert clock.due_at - clock.started_at == datetime.timedelta(hours=1)
    assert FastTrack.objects.get(person=scored.person).amount == D("1800")


def test_the_one_hour_notice_runs_up_to_10000_inclusive(scored):
    """p19: "按照万元以下一小时通知赔付的时限要求" — 以下 includes 10,000 (the standard's figure)."""
    assert FastTrackStandard.in_force(timezone.localdate()).payment_notice_limit == D("10000")
    for total, runs in ((D("10000"), True), (D("10000.01"), False)):
        scored.total = total
        assert scored.one_hour_notice() is runs
    scored.total = D("500")
    scored.agreed_kind = ""
    assert scored.one_hour_notice() is False  # an ordinary settlement has only the 3-working-day clock


def test_an_approved_settlement_cannot_be_replaced_by_an_agreement(scored, follow_up_handler):
    Settlement.objects.filter(pk=scored.pk).update(state="approved")
    with pytest.raises(ValidationError, match="cannot replace its calculation"):
        settlement_services.fix_amounts(scored.person, by=follow_up_handler)
