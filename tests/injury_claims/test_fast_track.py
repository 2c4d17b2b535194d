"""Issue 11 point 1: the fast track on an injured person (seed 001 p11–19) — opened with the band the standard
gives, refused with its reasons, a phone confirmation before an agreement above 1,000 of medical costs, the agreement
within the band, the signed scan, the medical check that scores but never changes an amount."""

from dataclasses import replace
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from injury_claims.fast_track import ADVICE_MINOR_SURGERY, Facts
from injury_claims.models import FastTrack
from injury_claims.services import fast_track as services
from injury_claims.workflows import FAST_TRACK, PERSON
from organization.roles import Role
from tests.workflow_graph import assert_workflow_graph
from workflow.services import TransitionRefused, perform_transition

from .conftest import photo

ON_SPOT = Facts(
    police_handled=True,
    liability_clear=True,
    causation=True,
    both_present=True,
    both_agree=True,
    injury_minor=True,
    visible_sign=True,
    cut_cm=D("4"),
)


def after_visit(cost: str) -> Facts:
    return replace(
        ON_SPOT,
        visible_sign=False,
        cut_cm=None,
        outpatient_visits=1,
        medical_cost=D(cost),
        positive_finding=True,
        advice=ADVICE_MINOR_SURGERY,
    )


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def person(claim):
    return claim.persons.get(name="李娜")


@pytest.fixture
def checker(orgs, make_user):
    return make_user(orgs.jilin, Role.MEDICAL_REVIEWER, username="ft_checker")


def test_the_fast_track_is_a_sound_graph():
    assert_workflow_graph(FAST_TRACK)
    assert_workflow_graph(PERSON)


def test_open_proposes_the_band_of_the_standard_in_force(person, follow_up_handler):
    """p16: "1000元以内 有损伤体征，但损伤轻微，如划伤在10cm以下"."""
    track = services.open_fast_track(person, ON_SPOT, by=follow_up_handler)
    assert (track.state, track.level, track.ceiling, track.medical_cap) == ("proposed", 2, D("1000"), D("0"))
    assert "A visible injury, slight" in track.reasons[0]
    assert track.standard.source.startswith("车险人伤案件操作流程和理赔实务")


def test_a_case_outside_the_standard_is_refused_with_every_reason_and_nothing_saved(
    person, follow_up_handler
):
    facts = replace(ON_SPOT, both_present=False, injury_minor=False)
    with pytest.raises(ValidationError) as refused:
        services.open_fast_track(person, facts, by=follow_up_handler)
    assert len(refused.value.messages) == 2 and "Both parties must be present." in refused.value.messages
    assert not FastTrack.objects.exists()
    person.refresh_from_db()
    assert person.state == "first_follow_up"  # the normal follow-up goes on


def test_only_the_claims_people_open_it_and_only_once(person, follow_up_handler, checker, outsider):
    with pytest.raises(PermissionDenied):
        services.open_fast_track(person, ON_SPOT, by=checker)
    with pytest.raises(PermissionDenied):
        services.open_fast_track(person, ON_SPOT, by=outsider)
    services.open_fast_track(person, ON_SPOT, by=follow_up_handler)
    with pytest.raises(ValidationError, match="already has a fast track"):
        services.open_fast_track(person, ON_SPOT, by=follow_up_handler)


@pytest.mark.covers("injury_claims.fast_track", "agree", "record_result", "score_case")
@pytest.mark.covers("injury_claims.person", "settle_by_fast_track")
def test_agree_file_the_scan_check_and_score_settles_the_persons_costs(person, follow_up_handler, checker):
    """p11: "签订协议 → 查勘员录入协议结果 → 医疗审核 → 核赔通过"; p19: medical review "进行打分考核"."""
    track = services.open_fast_track(person, ON_SPOT, by=follow_up_handler)
    with pytest.raises(TransitionRefused, match="above the band"):
        perform_transition(track, "agree", by=follow_up_handler, amount=D("1000.01"), medical_amount=D("0"))
    perform_transition(track, "agree", by=follow_up_handler, amount=D("1000"), medical_amount=D("0"))
    with pytest.raises(TransitionRefused, match="Upload the scan"):
        perform_transition(track, "record_result", by=follow_up_handler)
    services.file_signed_agreement(track, photo("agreement.jpg"), by=follow_up_handler)
    perform_transition(track, "record_result", by=follow_up_handler)
    with pytest.raises(TransitionRefused, match="from 0 to 100"):
        services.score(track, by=checker, score=101)
    services.score(track, by=checker, score=88, note="材料齐全")
    track.refresh_from_db()
    person.refresh_from_db()
    assert (track.state, track.score, track.amount, track.checked_by) == ("checked", 88, D("1000"), checker)
    assert person.state == "costs_approved"


@pytest.mark.covers("injury_claims.fast_track", "confirm")
def test_above_1000_of_medical_costs_a_medical_reviewer_confirms_by_phone_before_the_agreement(
    person, follow_up_handler, checker
):
    """p18: "已发生医疗费用在1000-2000元之间，快速处理前需要电话告知医疗审核人员，待确认同意后…"."""
    track = services.open_fast_track(person, after_visit("1500"), by=follow_up_handler)
    assert track.needs_confirmation
    with pytest.raises(TransitionRefused, match="confirm the medical costs by phone"):
        perform_transition(track, "agree", by=follow_up_handler, amount=D("1800"), medical_amount=D("1500"))
    with pytest.raises(TransitionRefused):  # the adjuster cannot confirm it for the reviewer
        perform_transition(track, "confirm", by=follow_up_handler, note="ok")
    with pytest.raises(TransitionRefused, match="what was confirmed"):
        perform_transition(track, "confirm", by=checker, note=" ")
    perform_transition(track, "confirm", by=checker, note="电话确认 1,500 元门诊费用")
    perform_transition(track, "agree", by=follow_up_handler, amount=D("1800"), medical_amount=D("1500"))
    track.refresh_from_db()
    assert (track.state, track.confirmed_by, track.amount) == ("agreed", checker, D("1800"))


def test_within_1000_no_confirmation_is_asked_or_possible(person, follow_up_handler, checker):
    """p18: "已发生医疗费用在1000元以内，案件理算时无需医疗审核" — exactly 1,000 is within."""
    track = services.open_fast_track(person, after_visit("1000"), by=follow_up_handler)
    assert not track.needs_confirmation
    with pytest.raises(TransitionRefused, match="need no phone confirmation"):
        perform_transition(track, "confirm", by=checker, note="ok")


@pytest.mark.covers("injury_claims.fast_track", "return_material")
def test_the_check_may_return_for_material_but_nobody_checks_their_own_agreement(
    person, follow_up_handler, orgs, make_user, checker
):
    track = services.open_fast_track(person, ON_SPOT, by=follow_up_handler)
    perform_transition(track, "agree", by=follow_up_handler, amount=D("600"), medical_amount=D("0"))
    services.file_signed_agreement(track, photo(), by=follow_up_handler)
    perform_transition(track, "record_result", by=follow_up_handler)
    with pytest.raises(TransitionRefused):
        services.score(track, by=follow_up_handler, score=90)
    perform_transition(track, "return_material", by=checker, note="扫描件不清晰")
    track.refresh_from_db()
    assert (track.state, track.signed_scan, track.amount) == ("agreed", None, D("600"))


@pytest.mark.covers("injury_claims.fast_track", "fail")
def test_no_agreement_ends_the_track_and_the_follow_up_goes_on(person, follow_up_handler):
    """p11: "是否成功 — 否 → 人伤跟踪"."""
    track = services.open_fast_track(person, ON_SPOT, by=follow_up_handler)
    with pytest.raises(TransitionRefused, match="why no agreement"):
        perform_transition(track, "fail", by=follow_up_handler, note="")
    perform_transition(track, "fail", by=follow_up_handler, note="伤者要求住院观察")
    person.refresh_from_db()
    assert person.state == "first_follow_up"


# --- p19: the agreed amounts never change -----------------------------------------------------------------------
@pytest.fixture
def agreed(person, follow_up_handler):
    track = services.open_fast_track(person, ON_SPOT, by=follow_up_handler)
    perform_transition(track, "agree", by=follow_up_handler, amount=D("900"), medical_amount=D("0"))
    track.refresh_from_db()
    return track


def test_the_model_refuses_to_change_an_agreed_amount(agreed):
    """p19: "在医疗审核时仅进行上传资料和录入信息的复核，不再对赔偿项目和金额进行审核及修改"."""
    agreed.amount = D("500")
    with pytest.raises(ValidationError, match="fixed once signed"):
        agreed.save()
    agreed.refresh_from_db()
    assert agreed.amount == D("900")


def test_the_database_refuses_it_whatever_the_code_path(agreed):
    """p19: "理算与核赔环节不再调整小额快速处理人伤案件的赔偿项目和金额" — even an UPDATE that skips the model."""
    with pytest.raises(IntegrityError), transaction.atomic():
        FastTrack.objects.filter(pk=agreed.pk).update(amount=D("500"))
    with pytest.raises(IntegrityError), transaction.atomic():
        FastTrack.objects.filter(pk=agreed.pk).update(ceiling=D("2000"))
    agreed.refresh_from_db()
    assert (agreed.amount, agreed.ceiling) == (D("900"), D("1000"))


def test_the_database_keeps_the_amount_within_the_band(person, follow_up_handler):
    track = services.open_fast_track(person, ON_SPOT, by=follow_up_handler)
    with pytest.raises(IntegrityError), transaction.atomic():
        FastTrack.objects.filter(pk=track.pk).update(amount=D("1000.01"), medical_amount=D("0"))


def test_the_check_has_no_way_to_pass_an_amount(agreed, follow_up_handler, checker):
    services.file_signed_agreement(agreed, photo(), by=follow_up_handler)
    perform_transition(agreed, "record_result", by=follow_up_handler)
    with pytest.raises(TypeError):
        services.score(agreed, by=checker, score=80, amount=D("100"))
    assert connection.vendor in ("postgresql", "sqlite")
