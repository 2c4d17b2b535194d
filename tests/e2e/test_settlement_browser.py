"""Issue 10's acceptance journey: a calculator/approver calculates one person while the second person of the same claim
is still in follow-up, an approver within authority approves, the payment is recorded, the printed calculation sheet
shows the formulas, and the verification page confirms it."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from injury_claims.models import CompensationStandard, Settlement
from injury_claims.services import claims as claim_services
from injury_claims.services import reviews as review_services
from injury_claims.services import settlement as services
from organization.models import ReviewKind
from organization.roles import Role
from organization.services import set_authority_matrix
from tests.e2e.test_shell_browser import log_in, open_menu
from tests.injury_claims.conftest import claim_data, person_data
from tests.injury_claims.test_settlement import JILIN
from workflow.services import perform_transition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(orgs, make_user):
    from tests.conftest import ensure_reference_data
    from tests.injury_claims.test_claims import _first, _submit_costs

    ensure_reference_data()
    handler = make_user(orgs.jilin, Role.INJURY_FOLLOW_UP, username="handler")
    set_authority_matrix(orgs.jilin, ReviewKind.COST, {1: Decimal("50000")})
    set_authority_matrix(orgs.jilin, ReviewKind.SETTLEMENT, {1: Decimal("2000"), 5: Decimal("100000")})
    reviewer = make_user(orgs.jilin, Role.MEDICAL_REVIEWER, username="reviewer", cost_review_level=1)
    make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="calculator", settlement_approval_level=5)
    make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="approver", settlement_approval_level=5)
    make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="approver_low", settlement_approval_level=1)
    CompensationStandard.objects.create(**JILIN)
    claim = claim_services.register_claim(
        claim_data(orgs.jilin, handler),
        [person_data("张伟"), person_data("李娜", "outpatient_minor", estimate=Decimal("800"))],
        by=handler,
    )
    zhang, li = claim.persons.order_by("pk")
    _first(li, handler, outcome="follow_on")  # 李娜 is still followed up
    review = _submit_costs(zhang, handler, amount=Decimal("3000"), first=True)
    review_services.decide_review(review, "approve", by=reviewer, expected_state="pending")
    settlement = Settlement.objects.get(person=zhang)
    services.save_facts(
        settlement, {"birth_date": "1990-03-07", "hospital_days": 10, "nutrition": "500"}, by=handler
    )
    for requirement in settlement.requirements():
        services.receive_document(settlement, requirement, received_on=timezone.localdate(), by=handler)
    settlement.refresh_from_db()
    perform_transition(settlement, "confirm_assessment", by=handler, expected_state="assessment")
    return claim, settlement, li


def test_calculate_approve_pay_print_and_verify(page, browser, live_server, world, tmp_path):
    claim, _settlement, li = world
    # The calculator: Settlements → the person, while 李娜 is still in follow-up.
    log_in(page, "calculator")
    open_menu(page)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="理算核赔").click()
    page.get_by_test_id("settlement-row").filter(has_text="张伟").get_by_role("link", name="张伟").click()
    expect(page.get_by_test_id("settlement-state")).to_have_text("理算")
    page.get_by_test_id("calculate").click()
    meals = page.get_by_test_id("item-hospital_meals")
    expect(meals).to_contain_text(
        "100.00 × 10"
    )  # 住院伙食补助费: Jilin's 100 元/天 × 10 days, with its source
    expect(meals).to_contain_text("吉高法〔2023〕112号")
    expect(page.get_by_test_id("allocation")).to_contain_text("我司应付 ¥4500.00")
    li.refresh_from_db()
    assert li.state == "subsequent"  # the other person of the claim is still followed up
    page.get_by_test_id("action-submit").get_by_role("button").click()
    expect(page.get_by_test_id("settlement-state")).to_have_text("核赔")

    # An approver within authority approves; one below the ceiling does not see it.
    low = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 390, "height": 844}
    )
    low_page = low.new_page()
    log_in(low_page, "approver_low")
    open_menu(low_page)
    low_page.get_by_role("navigation", name="主导航").get_by_role("link", name="待审核").click()
    expect(low_page.get_by_test_id("review-row")).to_have_count(0)
    low.close()
    other = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 390, "height": 844}
    )
    approver = other.new_page()
    log_in(approver, "approver")
    open_menu(approver)
    approver.get_by_role("navigation", name="主导航").get_by_role("link", name="待审核").click()
    approver.get_by_test_id("review-row").filter(has_text="张伟").get_by_role("link").first.click()
    expect(approver.get_by_test_id("reviewed-calculation")).to_contain_text("4500.00")
    approver.get_by_test_id("action-approve").get_by_role("button").click()
    expect(approver.get_by_role("heading", name="待审核")).to_be_visible()  # back to the queue, now empty
    expect(approver.get_by_test_id("review-row")).to_have_count(0)
    other.close()

    # The calculator records the payment and marks it paid.
    page.reload()
    expect(page.get_by_test_id("settlement-state")).to_have_text("核赔通过，待支付")
    form = page.get_by_test_id("payment-form")
    form.get_by_label("开户银行").fill("中国银行")
    form.get_by_label("银行账号").fill("6217000012345678")
    form.get_by_role("button", name="登记支付").click()
    row = page.get_by_test_id("payment-row")
    expect(row).to_contain_text("6217********5678")
    row.locator("input[name=reference]").fill("BOC20261124001")
    row.get_by_role("button", name="已支付").click()
    expect(page.get_by_test_id("settlement-state")).to_have_text("已支付")

    # The printed calculation sheet shows the formulas; the verification page confirms it.
    page.get_by_test_id("print-sheet").click()
    expect(page.get_by_test_id("job")).to_have_attribute("data-status", "done")
    page.get_by_test_id("job-document").click()
    number = page.get_by_test_id("number").inner_text()
    sha256 = page.get_by_test_id("sha256").inner_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 PDF").click()
    pdf = tmp_path / "sheet.pdf"
    download.value.save_as(pdf)
    text = re.sub(
        r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    )
    assert "100.00×10" in text and "吉高法〔2023〕112号" in text and re.search(r"4,?500\.00", text)
    page.goto("/documents/verify/")
    page.get_by_label("文件编号").fill(number)
    page.locator("input[type=file]").set_input_files(str(pdf))
    page.get_by_role("button", name="验证").click()
    expect(page.locator("[data-verdict=genuine]")).to_be_visible()
    assert sha256
    claim.refresh_from_db()
    assert claim.closed_at is None  # 李娜 is not settled yet: the claim stays open
