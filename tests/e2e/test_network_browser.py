"""Issue 4's journey: a branch claims head shortlists and submits a hospital, an HQ approver approves it, the branch
records the signing and downloads the agreement PDF, and the branch manager sees the coverage change. Issue 8's: the
branch asks for the medical-fee guarantee, HQ approves it on its desk, and the printed agreement says so."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from hospitals.models import Agreement, Condition, Cooperation, EligibilityCheck, Function
from organization.roles import Role
from tests.hospitals.conftest import LIAISONS, make_hospital

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-for-tests-0001"


@pytest.fixture
def contexts():
    opened = []
    yield opened
    for context in opened:
        context.close()


def log_in(browser, live_server, username, contexts):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    contexts.append(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    return page


def prepared(orgs) -> Cooperation:
    """A Jilin hospital in its home city 长春市 with everything HQ needs, the cooperation just collected."""
    hospital = make_hospital(orgs.jilin, city="长春市")
    cooperation = Cooperation.objects.create(
        hospital=hospital, org=orgs.jilin, method=Cooperation.Method.DIRECT, **LIAISONS
    )
    EligibilityCheck.objects.bulk_create(
        EligibilityCheck(cooperation=cooperation, condition=c, met=True, evidence="实地核实")
        for c in Condition
    )
    today = timezone.localdate()
    Agreement.objects.create(
        cooperation=cooperation,
        functions=[Function.EMERGENCY, Function.TREATMENT],
        term_start=today,
        term_end=today + dt.timedelta(days=1095),
        insurer_signatory="张总",
        hospital_signatory="李院长",
    )
    return cooperation


def test_shortlist_submit_approve_sign_download_and_coverage(
    browser, live_server, orgs, make_user, tmp_path, contexts
):
    make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="head")
    make_user(orgs.jilin, Role.BRANCH_MANAGER, username="manager")
    make_user(orgs.hq, Role.HQ_NETWORK_APPROVER, username="approver")
    cooperation = prepared(orgs)
    hospital, today = cooperation.hospital, timezone.localdate()

    manager = log_in(browser, live_server, "manager", contexts)
    manager.goto("/hospitals/coverage/")
    home_city = manager.locator('tr[data-testid="coverage-place"][data-place="长春市"]').first
    expect(home_city).to_have_attribute("data-active", "0")

    head = log_in(browser, live_server, "head", contexts)
    head.goto(f"/hospitals/{hospital.pk}/")
    for step in ("shortlist", "contact", "negotiate", "submit"):
        head.get_by_test_id(f"action-{step}").get_by_role("button").click()
    expect(head.get_by_test_id("state")).to_have_text("已上报总公司")

    approver = log_in(browser, live_server, "approver", contexts)
    approver.goto("/hospitals/approvals/")
    submission = approver.get_by_test_id(f"submission-{cooperation.pk}")
    submission.get_by_test_id("action-approve").get_by_role("button").click()
    expect(approver.get_by_test_id("queue-empty")).to_be_visible()

    head.goto(f"/hospitals/{hospital.pk}/")
    expect(head.get_by_test_id("state")).to_have_text("总公司已批准")
    scan = tmp_path / "signed.pdf"
    scan.write_bytes(b"%PDF-1.4\n% signed scan\n")
    signing = head.get_by_test_id("signing")
    signing.locator("input[type=date]").fill(today.isoformat())
    signing.locator("input[type=file]").set_input_files(str(scan))
    signing.locator("button[type=submit]").click()
    head.get_by_test_id("action-sign").get_by_role("button").click()
    head.get_by_test_id("action-activate").get_by_role("button").click()
    expect(head.get_by_test_id("state")).to_have_text("合作中")
    head.get_by_test_id("print").click()  # printed by the worker: the job page links the document
    expect(head.get_by_test_id("job")).to_have_attribute("data-status", "done")
    head.get_by_test_id("job-document").click()
    with head.expect_download() as download:
        head.get_by_role("button", name="下载 PDF").click()
    pdf = tmp_path / "agreement.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")

    manager.reload()
    expect(manager.locator('tr[data-testid="coverage-place"][data-place="长春市"]').first).to_have_attribute(
        "data-active", "1"
    )


def test_hq_approves_the_guarantee_function_and_the_agreement_pdf_says_so(
    browser, live_server, orgs, make_user, tmp_path, contexts
):
    """Seed 000: "报总公司车险意健险理赔部批准后…开展医疗费担保或垫付服务"."""
    make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="head")
    make_user(orgs.hq, Role.HQ_NETWORK_APPROVER, username="approver")
    cooperation = prepared(orgs)
    Cooperation.objects.filter(pk=cooperation.pk).update(state=Cooperation.State.NEGOTIATING)
    hospital, today = cooperation.hospital, timezone.localdate()

    head = log_in(browser, live_server, "head", contexts)
    head.goto(f"/hospitals/cooperations/{cooperation.pk}/agreement/")
    head.locator('input[name="functions"][value="guarantee"]').check()
    head.locator("#agreement-form button[type=submit]").click()
    expect(
        head.get_by_test_id("function-approvals-v1").locator('[data-function="guarantee"]')
    ).to_have_attribute("data-status", "requested")
    head.get_by_test_id("action-submit").get_by_role("button").click()
    expect(head.get_by_test_id("state")).to_have_text("已上报总公司")

    approver = log_in(browser, live_server, "approver", contexts)
    approver.goto("/hospitals/approvals/")
    approver.get_by_test_id(f"submission-{cooperation.pk}").get_by_test_id("action-approve").get_by_role(
        "button"
    ).click()
    function = approver.locator('article[data-testid^="function-"]').first
    function.locator('select[name="decision"]').select_option("approve")
    function.get_by_role("button", name="记录总公司决定").click()
    expect(approver.get_by_text("暂无待批准的合作功能。")).to_be_visible()

    head.goto(f"/hospitals/{hospital.pk}/")
    expect(
        head.get_by_test_id("function-approvals-v1").locator('[data-function="guarantee"]')
    ).to_have_attribute("data-status", "approved")
    signing = head.get_by_test_id("signing")
    signing.locator("input[type=date]").fill(today.isoformat())
    signing.locator("button[type=submit]").click()
    head.get_by_test_id("print").click()
    expect(head.get_by_test_id("job")).to_have_attribute("data-status", "done")
    head.get_by_test_id("job-document").click()
    with head.expect_download() as download:
        head.get_by_role("button", name="下载 PDF").click()
    pdf = tmp_path / "agreement.pdf"
    download.value.save_as(pdf)
    text = re.sub(
        r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    )
    assert "经甲方总公司批准，乙方为甲方指定客户提供医疗费用担保" in text
