"""Claims, injured persons and their follow-up (seed 001), each rule with its seed sentence."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from injury_claims.models import Claim, FollowUp, InjuredPerson, PersonalDataAccess, Review
from injury_claims.routing import route_review
from injury_claims.services import claims as services
from injury_claims.services import reviews as review_services
from injury_claims.workflows import PERSON, REVIEW_WORKFLOW, SURVEY
from organization.pii import blind_index
from sla.models import Deadline, Reminder
from tests.conftest import client_for, english_client
from tests.workflow_graph import assert_workflow_graph

from .conftest import VALID_ID, claim_data, person_data, photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The rules' messages are matched in their English source form."""
    from django.utils import translation

    with translation.override("en"):
        yield


# --- graphs ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("workflow", [SURVEY, PERSON, REVIEW_WORKFLOW], ids=lambda w: w.name)
def test_every_injury_workflow_is_a_sound_graph(workflow):
    assert_workflow_graph(workflow)


# --- the report ---------------------------------------------------------------------------------------------
@pytest.mark.covers("injury_claims.survey", "respond", "arrive")
def test_p3_the_report_opens_the_survey_with_seed_002_clocks_from_the_report(claim, follow_up_handler):
    """Seed 001 p3: "95518接到人伤报案后，提醒其向交警报案，在理赔系统中发起查勘及首次人伤跟踪任务"; seed 002: respond in 30
    minutes and be on site in 2 hours, both from the report."""
    survey = claim.survey
    clocks = {d.policy.code: d for d in Deadline.objects.for_object(survey).select_related("policy")}
    assert set(clocks) == {"report_response", "on_site"}
    assert clocks["report_response"].due_at == claim.reported_at + datetime.timedelta(minutes=30)
    assert clocks["on_site"].due_at == claim.reported_at + datetime.timedelta(hours=2)
    from workflow.services import perform_transition

    perform_transition(survey, "respond", by=follow_up_handler)
    running = Deadline.objects.for_object(survey).running().select_related("policy")
    assert [d.policy.code for d in running] == ["on_site"]
    assert running[0].due_at == claim.reported_at + datetime.timedelta(hours=2)
    perform_transition(survey, "arrive", by=follow_up_handler, scene="first")
    assert not Deadline.objects.for_object(survey).running().exists()


def test_p4_second_scene_needs_the_reason(claim, follow_up_handler):
    """Seed 001 p4: "标的车和相关人员仍在现场的，应赴第一现场；没有第一现场条件的，应赴第二现场"."""
    from workflow.services import TransitionRefused, perform_transition

    with pytest.raises(TransitionRefused, match="no first scene"):
        perform_transition(claim.survey, "arrive", by=follow_up_handler, scene="second")


@pytest.mark.covers("injury_claims.survey", "finish", "cancel")
def test_a_survey_is_finished_with_its_findings_or_cancelled_with_the_reason(orgs, follow_up_handler):
    from workflow.services import TransitionRefused, perform_transition

    first = services.register_claim(claim_data(orgs.jilin, follow_up_handler), [], by=follow_up_handler)
    perform_transition(first.survey, "arrive", by=follow_up_handler, scene="first")
    with pytest.raises(TransitionRefused, match="what the survey found"):
        perform_transition(first.survey, "finish", by=follow_up_handler)
    perform_transition(first.survey, "finish", by=follow_up_handler, note="两车追尾，伤者已送医")
    second = services.register_claim(
        claim_data(orgs.jilin, follow_up_handler, report_no="R2"), [], by=follow_up_handler
    )
    perform_transition(second.survey, "cancel", by=follow_up_handler, note="客户已自行协商")
    assert not Deadline.objects.for_object(second.survey).running().exists()


@pytest.mark.covers("injury_claims.review", "return_for_changes")
@pytest.mark.covers("injury_claims.person", "return_costs")
def test_a_returned_cost_review_sends_the_person_back_to_follow_up_with_the_reasons(
    claim, follow_up_handler, reviewers
):
    li = claim.persons.order_by("pk").last()
    _first(li, follow_up_handler, outcome="follow_on")
    review = _submit_costs(li, follow_up_handler, amount=Decimal("300"))
    review_services.decide_review(
        review, "return_for_changes", by=reviewers[0], note="缺少诊断证明", expected_state="pending"
    )
    li.refresh_from_db(), review.refresh_from_db()
    assert li.state == "subsequent" and review.reasons == "缺少诊断证明"
    again = _submit_costs(li, follow_up_handler, amount=Decimal("100"))
    assert set(again.bills.values_list("number", flat=True)) == {f"B{li.pk}-300", f"B{li.pk}-100"}


def test_p3_the_dispatcher_must_remind_the_reporter_to_call_the_police(orgs, follow_up_handler):
    with pytest.raises(ValidationError) as refused:
        services.register_claim(
            claim_data(orgs.jilin, follow_up_handler, police_reminded=False), [], by=follow_up_handler
        )
    assert "traffic police" in str(refused.value)
    assert not Claim.objects.exists()


def test_the_liability_share_is_data(orgs, follow_up_handler):
    from injury_claims.models import LiabilityRatio

    LiabilityRatio.objects.create(org=orgs.jilin, liability="main", ratio=Decimal("0.6"))
    claim = services.register_claim(claim_data(orgs.jilin, follow_up_handler), [], by=follow_up_handler)
    assert claim.liability_ratio == Decimal("0.6")
    other = services.register_claim(
        claim_data(orgs.shenzhen, follow_up_handler, report_no="RDAA2"), [], by=follow_up_handler
    )
    assert other.liability_ratio == Decimal("0.7")  # the company default


def test_p3_an_injury_reported_later_amends_the_report_and_opens_a_first_follow_up(orgs, follow_up_handler):
    """Seed 001 p3: "后期报案有人伤的，及时修改报案信息并发起首次人伤跟踪任务"."""
    claim = services.register_claim(claim_data(orgs.jilin, follow_up_handler), [], by=follow_up_handler)
    person = services.add_person(claim, person_data(), by=follow_up_handler)
    claim.refresh_from_db()
    assert claim.injury_reported_late and person.state == "first_follow_up"


# --- persons --------------------------------------------------------------------------------------------------
@pytest.mark.covers("injury_claims.person", "submit_costs", "approve_costs")
@pytest.mark.covers("injury_claims.review", "approve")
def test_p25_several_persons_run_their_follow_ups_at_once(claim, follow_up_handler, reviewers):
    """Seed 001 p25: "一个案件下，可以同时存在多个未人伤费用审核通过的人伤跟踪流程。只要其中一个人伤跟踪流程费用审核通过，即可对审核通过
    的人伤发起理算"."""
    zhang, li = claim.persons.order_by("pk")
    _first(zhang, follow_up_handler, outcome="visit")
    _first(li, follow_up_handler, outcome="follow_on")
    zhang.refresh_from_db(), li.refresh_from_db()
    assert (zhang.state, li.state) == ("visit", "subsequent")
    _approve_costs(li, follow_up_handler, reviewers[0])
    li.refresh_from_db(), zhang.refresh_from_db()
    assert li.state == "costs_approved" and zhang.state == "visit"


@pytest.mark.covers("injury_claims.person", "close")
def test_p26_persons_are_added_one_at_a_time_once_costs_were_approved(claim, follow_up_handler, reviewers):
    """Seed 001 p26: "对'已费用审核通过的伤亡人员'可以再次发起人伤跟踪流程，一次仅允许追加一个伤亡人员"."""
    zhang, li = claim.persons.order_by("pk")
    _first(li, follow_up_handler, outcome="follow_on")
    _approve_costs(li, follow_up_handler, reviewers[0])
    with pytest.raises(ValidationError, match="one injured person at a time"):
        services.add_person(claim, person_data("王强"), by=follow_up_handler)  # 张伟 is still followed up
    services.submit_follow_up(zhang, _record(zhang, outcome="close"), by=follow_up_handler)
    added = services.add_person(claim, person_data("王强"), by=follow_up_handler)
    assert added.added_later
    with pytest.raises(ValidationError, match="one injured person at a time"):
        services.add_person(claim, person_data("赵敏"), by=follow_up_handler)


@pytest.mark.covers("injury_claims.person", "reopen")
def test_p26_an_approved_person_is_reopened_one_at_a_time(claim, follow_up_handler, reviewers):
    from workflow.services import TransitionRefused, perform_transition

    zhang, li = claim.persons.order_by("pk")
    _first(li, follow_up_handler, outcome="follow_on")
    _approve_costs(li, follow_up_handler, reviewers[0])
    with pytest.raises(TransitionRefused, match="one person at a time"):
        perform_transition(li, "reopen", by=follow_up_handler, note="再次就医")
    services.submit_follow_up(zhang, _record(zhang, outcome="close"), by=follow_up_handler)
    perform_transition(li, "reopen", by=follow_up_handler, note="再次就医")
    li.refresh_from_db()
    assert li.state == "subsequent"


def test_personal_information_is_encrypted_found_by_hash_masked_and_revealed_with_a_reason(
    claim, follow_up_handler
):
    zhang = claim.persons.order_by("pk").first()
    services.update_person(zhang, {"id_number": VALID_ID, "mobile": "13912345678"}, by=follow_up_handler)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, mobile FROM injury_claims_injuredperson WHERE id = %s", [zhang.pk])
        stored_id, stored_mobile = cursor.fetchone()
    assert VALID_ID not in stored_id and "13912345678" not in stored_mobile
    assert InjuredPerson.objects.get(id_hash=blind_index(VALID_ID)).pk == zhang.pk
    zhang.refresh_from_db()
    assert zhang.id_masked == "110101********7555" and zhang.birth_date == datetime.date(1990, 3, 7)
    client = client_for(follow_up_handler)
    page = client.get(zhang.get_absolute_url()).content.decode()
    assert VALID_ID not in page and "110101********7555" in page
    refused = client.post(
        reverse("injury_claims:reveal", args=[zhang.pk]), {"field": "id_number", "reason": ""}
    )
    assert VALID_ID not in refused.content.decode() and not PersonalDataAccess.objects.exists()
    shown = client.post(
        reverse("injury_claims:reveal", args=[zhang.pk]), {"field": "id_number", "reason": "核对医院登记信息"}
    )
    assert VALID_ID in shown.content.decode()
    access = PersonalDataAccess.objects.get()
    assert (access.by, access.field, access.reason) == (follow_up_handler, "id_number", "核对医院登记信息")


# --- follow-ups ---------------------------------------------------------------------------------------------
def test_p32_each_submitted_follow_up_keeps_the_estimate_before_it_and_never_changes(
    claim, follow_up_handler
):
    """Seed 001 p32: "保留已经提交的首次跟踪、后续跟踪提交时的轨迹以及提交前保留的估损数据"."""
    zhang = claim.persons.order_by("pk").first()
    _first(zhang, follow_up_handler, outcome="visit", estimate=Decimal("12000"))
    follow_up = FollowUp.objects.get(person=zhang)
    assert (follow_up.estimate_before, follow_up.estimate_after) == (Decimal("8000"), Decimal("12000"))
    assert follow_up.snapshot["estimate"] == "8000.00" and follow_up.snapshot["state"] == "first_follow_up"
    follow_up.summary = "改写"
    with pytest.raises(ValidationError):
        follow_up.save()
    with pytest.raises(ValidationError):
        follow_up.delete()


def test_p10_every_follow_up_records_that_mediation_was_offered(claim, follow_up_handler):
    """Seed 001 p10: "人伤跟踪人员在每个跟踪环节都应告知我司可调解结案"."""
    zhang = claim.persons.order_by("pk").first()
    with pytest.raises(ValidationError, match="mediation"):
        services.submit_follow_up(zhang, _record(zhang, mediation_offered=False), by=follow_up_handler)
    assert not FollowUp.objects.exists()


@pytest.mark.covers("injury_claims.person", "visit", "follow_on", "investigate")
def test_p6_the_first_follow_up_decides_the_next_step_and_p8_investigation_needs_its_six_sections(
    claim, follow_up_handler
):
    """Seed 001 p6: "对住院案件…到医院进行人伤探视；对死亡案件…对案件进行调查核实"; p8: the six contents."""
    from workflow.services import TransitionRefused, perform_transition

    zhang = claim.persons.order_by("pk").first()
    with pytest.raises(TransitionRefused, match="first follow-up first"):
        perform_transition(zhang, "visit", by=follow_up_handler)
    _first(zhang, follow_up_handler, outcome="investigate", reasons=["death_disability"])
    zhang.refresh_from_db()
    assert zhang.state == "investigation"
    with pytest.raises(TransitionRefused, match="still needs these sections"):
        perform_transition(zhang, "follow_on", by=follow_up_handler)
    investigation = zhang.open_investigation()
    for section in ("accident", "injured", "deceased", "treatment", "dependants", "handling"):
        services.record_finding(
            investigation, section, status="done", findings="已核实", by=follow_up_handler
        )
    perform_transition(zhang, "follow_on", by=follow_up_handler)
    investigation.refresh_from_db()
    assert investigation.closed_at is not None
    perform_transition(zhang, "visit", by=follow_up_handler)  # p9: readmission or transfer → a new visit


def test_p31_a_scheduled_follow_up_returns_as_unprocessed_on_its_day(claim, follow_up_handler):
    """Seed 001 p31: "已经处理完毕的跟踪案件将在预约到期日变成'未处理'任务出现在系统主页上"."""
    zhang = claim.persons.order_by("pk").first()
    day = timezone.localdate() + datetime.timedelta(days=3)
    _first(zhang, follow_up_handler, outcome="visit", next_on=day)
    reminder = Reminder.objects.get(recipient=follow_up_handler)
    assert reminder.due_on == day and reminder.state == "scheduled"
    from sla.selectors import inbox_reminders

    assert not inbox_reminders(follow_up_handler).exists()  # not before its day
    Reminder.objects.filter(pk=reminder.pk).update(due_on=timezone.localdate())  # its day has come
    assert list(inbox_reminders(follow_up_handler)) == [reminder]


# --- reviews --------------------------------------------------------------------------------------------------
def test_p32_routing_at_the_ceiling_boundary_and_above_every_ceiling():
    """Seed 001 p32: "各省分公司在0-100万元内自行安排1-9级跟踪/费用/调解审核权限" — a ceiling covers its own amount."""
    ceilings = {1: Decimal("5000"), 3: Decimal("20000")}
    assert route_review(Decimal("5000"), ceilings).levels == (1, 3)
    assert route_review(Decimal("5000.01"), ceilings).levels == (3,)
    assert route_review(Decimal("20000.01"), ceilings).to_hq
    assert route_review(Decimal("1"), {}).to_hq


def test_a_cost_review_goes_to_reviewers_whose_ceiling_covers_it(
    claim, follow_up_handler, reviewers, orgs, make_user
):
    low, high = reviewers
    zhang = claim.persons.order_by("pk").first()
    _first(zhang, follow_up_handler, outcome="follow_on")
    review = _submit_costs(zhang, follow_up_handler, amount=Decimal("8000"))
    from injury_claims.selectors.claims import review_queue

    assert review not in review_queue(low) and review in review_queue(high)
    assert (
        client_for(low)
        .post(
            reverse("injury_claims:review_step", args=[review.pk, "approve"]), {"expected_state": "pending"}
        )
        .status_code
        == 403
    )
    above = _submit_costs(
        claim.persons.order_by("pk").last(), follow_up_handler, amount=Decimal("25000"), first=True
    )
    assert above.routed_to_hq
    hq_reviewer = make_user(orgs.hq, "medical_reviewer", username="hq_rv")
    assert above in review_queue(hq_reviewer) and above not in review_queue(high)


def test_a_reviewer_below_the_ceiling_is_told_why_they_cannot_decide(claim, follow_up_handler, reviewers):
    low, high = reviewers
    zhang = claim.persons.order_by("pk").first()
    review = _submit_costs(zhang, follow_up_handler, amount=Decimal("8000"), first=True)
    url = reverse("injury_claims:review", args=[review.pk])
    page = client_for(low).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="why-not"' in page and "8,000.00" in page and "5,000.00" in page
    assert 'data-testid="why-not"' not in client_for(high).get(url).content.decode()
    own = client_for(follow_up_handler).get(url).content.decode()
    assert 'data-testid="why-not"' in own


def test_the_queue_orders_by_age_or_by_amount(claim, follow_up_handler, reviewers):
    """Issue 9 point 10: "the reviewer's queue within their authority by amount and age"."""
    _low, high = reviewers
    zhang, li = claim.persons.order_by("pk")
    older = _submit_costs(zhang, follow_up_handler, amount=Decimal("3000"), first=True)
    larger = _submit_costs(li, follow_up_handler, amount=Decimal("9000"), first=True)
    client = client_for(high)
    by_age = client.get(reverse("injury_claims:reviews")).content.decode()
    by_amount = client.get(reverse("injury_claims:reviews"), {"order": "amount"}).content.decode()
    row = 'data-testid="review-row" data-pk="{}"'
    assert by_age.index(row.format(older.pk)) < by_age.index(row.format(larger.pk))
    assert by_amount.index(row.format(larger.pk)) < by_amount.index(row.format(older.pk))
    assert client.get(reverse("injury_claims:reviews"), {"order": "nonsense"}).status_code == 200


def test_a_long_queue_is_not_counted_to_the_end(claim, follow_up_handler, reviewers, monkeypatch):
    """Issue 14 (load): the queue counts at most QUEUE_COUNT_CAP pending reviews; the pager says "more than"."""
    from injury_claims.views import claims as views

    _low, high = reviewers
    zhang, li = claim.persons.order_by("pk")
    _submit_costs(zhang, follow_up_handler, amount=Decimal("3000"), first=True)
    _submit_costs(li, follow_up_handler, amount=Decimal("9000"), first=True)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client = english_client(high)
    assert "Page 1 of 2" in client.get(reverse("injury_claims:reviews")).content.decode()
    monkeypatch.setattr(views, "QUEUE_COUNT_CAP", 1)
    page = client.get(reverse("injury_claims:reviews")).content.decode()
    assert "Page 1 of more than 1" in page
    assert 'data-testid="review-row"' in page


def test_nobody_reviews_their_own_work(orgs, make_user, follow_up_handler, reviewers):
    low, _high = reviewers
    claim = services.register_claim(claim_data(orgs.jilin, low), [person_data()], by=low)
    person = claim.persons.get()
    low.groups.add(*follow_up_handler.groups.all())  # a reviewer who also follows up
    _first(person, low, outcome="follow_on")
    review = _submit_costs(person, low, amount=Decimal("100"))
    from injury_claims.rules import can_review

    assert not can_review(low, review)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("postgresql" not in connection.vendor and True, reason="row locks need PostgreSQL")
def test_two_reviewers_decide_the_same_review_one_wins_the_other_is_told(orgs, make_user):
    from tests.conftest import ensure_reference_data

    ensure_reference_data()
    handler = make_user(orgs.jilin, "injury_follow_up", username="race_follow")
    from organization.models import ReviewKind
    from organization.services import set_authority_matrix

    set_authority_matrix(orgs.jilin, ReviewKind.COST, {1: Decimal("5000")})
    a = make_user(orgs.jilin, "medical_reviewer", username="race_a", cost_review_level=1)
    b = make_user(orgs.jilin, "medical_reviewer", username="race_b", cost_review_level=1)
    claim = services.register_claim(claim_data(orgs.jilin, handler), [person_data()], by=handler)
    person = claim.persons.get()
    _first(person, handler, outcome="follow_on")
    review = _submit_costs(person, handler, amount=Decimal("300"))
    from django.db import close_old_connections

    from workflow.services import TransitionRefused

    results: list[str] = []
    barrier = threading.Barrier(2)

    def decide(user, decision):
        from django.utils import translation

        barrier.wait()
        try:
            with translation.override("en"):  # a new thread starts in the product's language
                review_services.decide_review(
                    Review.objects.get(pk=review.pk), decision, by=user, note="理由", expected_state="pending"
                )
            results.append("won")
        except TransitionRefused as exc:
            with translation.override("en"):
                results.append(str(exc.message))
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=decide, args=(a, "approve")),
        threading.Thread(target=decide, args=(b, "return_for_changes")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("won") == 1
    assert any("changed" in r for r in results if r != "won")
    review.refresh_from_db()
    person.refresh_from_db()
    assert (review.state == "approved") == (person.state == "costs_approved")


# --- pages ----------------------------------------------------------------------------------------------------
def test_other_branches_get_404_on_every_claim_page(claim, outsider):
    zhang = claim.persons.order_by("pk").first()
    client = client_for(outsider)
    for url in (
        claim.get_absolute_url(),
        zhang.get_absolute_url(),
        reverse("injury_claims:person_edit", args=[zhang.pk]),
    ):
        assert client.get(url).status_code == 404


def test_the_claim_page_shows_one_lane_per_person(claim, follow_up_handler, django_assert_max_num_queries):
    client = client_for(follow_up_handler)
    with django_assert_max_num_queries(40):
        page = client.get(claim.get_absolute_url())
    assert page.content.decode().count('data-testid="lane"') == 2


def test_lists_cost_the_same_queries_for_one_row_or_many(claim, follow_up_handler, reviewers, orgs):
    from django.test.utils import CaptureQueriesContext

    def count(client, url) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    handler, reviewer = client_for(follow_up_handler), client_for(reviewers[1])
    claims_url, queue_url = reverse("injury_claims:claims"), reverse("injury_claims:reviews")
    zhang = claim.persons.order_by("pk").first()
    _first(zhang, follow_up_handler, outcome="follow_on")
    _submit_costs(zhang, follow_up_handler, amount=Decimal("6000"))
    one = (count(handler, claims_url), count(reviewer, queue_url))
    for n in range(5):
        more = services.register_claim(
            claim_data(orgs.jilin, follow_up_handler, report_no=f"R{n}"),
            [person_data()],
            by=follow_up_handler,
        )
        person = more.persons.get()
        _first(person, follow_up_handler, outcome="follow_on")
        _submit_costs(person, follow_up_handler, amount=Decimal("7000"))
    assert (count(handler, claims_url), count(reviewer, queue_url)) == one
    assert (
        len(list(__import__("injury_claims.selectors.claims", fromlist=["x"]).review_queue(reviewers[1])))
        == 6
    )


def test_a_bill_is_recorded_from_the_phone_with_a_photo_and_a_bad_file_is_refused(claim, follow_up_handler):
    zhang = claim.persons.order_by("pk").first()
    client = client_for(follow_up_handler)
    url = reverse("injury_claims:bill_new", args=[zhang.pk])
    data = {
        "number": "MZ001",
        "kind": "outpatient",
        "issued_on": timezone.localdate().isoformat(),
        "hospital_name": "吉林大学第一医院",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "200",
        "lines-0-item": "头颅CT",
        "lines-0-category": "A",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "260",
        "lines-0-amount_claimed": "260",
    }
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = client.post(url, {**data, "scan": SimpleUploadedFile("x.jpg", b"MZ\x90\x00 not an image")})
    assert (
        bad.status_code == 200
        and "文件须为 PDF、JPEG 或 PNG" in bad.content.decode()
        and not zhang.bills.exists()
    )
    good = client.post(url, {**data, "scan": photo()})
    assert good.status_code == 302 and zhang.bills.get().lines.get().amount_claimed == Decimal("260")


# --- helpers --------------------------------------------------------------------------------------------------
def _record(person, **overrides) -> dict:
    record = {
        "expected_state": person.state,
        "contact_mode": "phone",
        "summary": "电话慰问，了解伤情",
        "estimate": person.estimate,
        "mediation_offered": True,
        "next_on": None,
        "outcome": "",
    }
    record.update(overrides)
    return record


def _first(person, by, **overrides):
    person.refresh_from_db()
    return services.submit_follow_up(person, _record(person, **overrides), by=by)


def _submit_costs(person, by, *, amount: Decimal, first: bool = False) -> Review:
    person.refresh_from_db()
    if first and person.state == "first_follow_up":
        _first(person, by, outcome="follow_on")
        person.refresh_from_db()
    # the follow-up review must be decided first (no_review_pending): approve it as HQ would not be needed
    Review.objects.filter(person=person, kind="follow_up", state="pending").update(state="approved")
    review_services.record_bill(
        person,
        {
            "number": f"B{person.pk}-{amount}",
            "kind": "outpatient",
            "issued_on": timezone.localdate(),
            "hospital_name": "医院",
        },
        [
            {
                "item": "治疗",
                "category": "A",
                "quantity": Decimal("1"),
                "unit_price": amount,
                "amount_claimed": amount,
            }
        ],
        photo(),
        by=by,
    )
    return review_services.submit_costs(person, by=by)


def _approve_costs(person, by, reviewer):
    review = _submit_costs(person, by, amount=Decimal("500"))
    review_services.decide_review(review, "approve", by=reviewer, expected_state="pending")


def test_a_review_is_announced_to_the_reviewers_who_may_take_it(
    claim, follow_up_handler, reviewers, orgs, make_user
):
    """Seed 001 p28: the reviewer is told of a review to do — those whose ceiling covers it, in scope, not its author."""
    from sla.models import Notification

    low, high = reviewers
    other_branch = make_user(orgs.shenzhen, "medical_reviewer", username="sz_rv", cost_review_level=3)
    zhang = claim.persons.order_by("pk").first()
    review = _submit_costs(zhang, follow_up_handler, amount=Decimal("8000"), first=True)
    told = set(
        Notification.objects.filter(kind="injury_claims.review_requested", object_id=None)
        .filter(url=review.get_absolute_url())
        .values_list("recipient__username", flat=True)
    )
    assert high.username in told and low.username not in told and other_branch.username not in told
    assert follow_up_handler.username not in told
