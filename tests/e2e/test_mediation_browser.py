"""Issue 11's mediation journey (人伤调解, seed 001 p8, p20–22): an authorised mediator opens the mediation from the
person page and drafts the plan, a medical reviewer within authority approves it, the mediator records the one-off
settlement agreement within the plan and prints it — a numbered, registered PDF."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from documents.models import IssuedDocument
from injury_claims.models import Mediation
from injury_claims.services import claims as claim_services
from organization.models import ReviewKind
from organization.roles import Role
from organization.services import set_authority_matrix
from tests.e2e.test_shell_browser import log_in
from tests.injury_claims.conftest import claim_data, person_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(orgs, make_user):
    from tests.conftest import ensure_reference_data

    ensure_reference_data()
    handler = make_user(orgs.jilin, Role.INJURY_FOLLOW_UP, username="handler")
    make_user(
        orgs.jilin,
        Role.MEDIATOR,
        username="mediator",
        mediator_trained_on=datetime.date(2026, 3, 10),
        mediator_authorised_by="22",
        mediator_valid_until=datetime.date(2099, 12, 31),
    )
    set_authority_matrix(orgs.jilin, ReviewKind.MEDIATION_PLAN, {1: Decimal("10000")})
    make_user(orgs.jilin, Role.MEDICAL_REVIEWER, username="reviewer", mediation_review_level=1)
    claim = claim_services.register_claim(claim_data(orgs.jilin, handler), [person_data("张伟")], by=handler)
    return claim.persons.get()


def test_a_mediators_plan_is_approved_and_its_agreement_printed(page, browser, live_server, world):
    person = world
    log_in(page, "mediator")
    page.goto(person.get_absolute_url())
    page.get_by_test_id("open-mediation").get_by_role("button").click()
    form = page.get_by_test_id("plan-form")
    first, second = page.get_by_test_id("plan-item-0"), page.get_by_test_id("plan-item-1")
    first.locator("select").select_option("medical")
    first.locator("input[name$=planned]").fill("4000")
    second.locator("select").select_option("nursing")
    second.locator("input[name$=planned]").fill("1000")
    form.locator("input[name=total]").fill("4500")
    form.get_by_test_id("save-plan").click()
    expect(page.get_by_test_id("plan-total")).to_contain_text("4500.00")
    page.get_by_test_id("action-submit").get_by_role("button").click()
    expect(page.get_by_test_id("mediation-state")).to_have_attribute("data-state", "submitted")
    mediation = Mediation.objects.get()

    # The medical reviewer within authority approves the plan from the review page.
    other = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 390, "height": 844}
    )
    reviewer = other.new_page()
    log_in(reviewer, "reviewer")
    reviewer.goto(mediation.review.get_absolute_url())
    expect(reviewer.get_by_test_id("reviewed-mediation-plan")).to_contain_text("4500.00")
    reviewer.get_by_test_id("action-approve").get_by_role("button").click()
    expect(reviewer.get_by_test_id("review-row")).to_have_count(0)  # back to the queue, now empty
    other.close()

    # The mediator records the agreement within the plan and prints it.
    page.reload()
    expect(page.get_by_test_id("mediation-state")).to_have_attribute("data-state", "approved")
    agree = page.get_by_test_id("action-agree")
    agree.locator("input[name=agreed_medical]").fill("4000")
    agree.locator("input[name=agreed_nursing]").fill("600")  # 4,600 is above the plan's 4,500: refused
    agree.get_by_role("button").click()
    expect(page.get_by_test_id("mediation-state")).to_have_attribute("data-state", "approved")
    agree = page.get_by_test_id("action-agree")
    agree.locator("input[name=agreed_medical]").fill("4000")
    agree.locator("input[name=agreed_nursing]").fill("500")  # exactly the plan's total: within it
    agree.get_by_role("button").click()
    expect(page.get_by_test_id("mediation-state")).to_have_attribute("data-state", "agreed")
    expect(page.get_by_test_id("agreed-total")).to_contain_text("4500.00")
    page.get_by_test_id("print-agreement").click()
    expect(page.get_by_test_id("job")).to_have_attribute("data-status", "done")
    page.get_by_test_id("job-document").click()
    number = page.get_by_test_id("number").inner_text()
    document = IssuedDocument.objects.get(number=number)
    assert document.kind == "mediation_agreement" and document.object_id == mediation.pk
    pdf = page.request.get(f"/documents/{number}.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF") and len(pdf.body()) == document.size
