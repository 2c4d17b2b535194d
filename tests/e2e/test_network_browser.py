"""Issue 4's journey: a branch claims head shortlists and submits a hospital, an HQ approver approves it, the branch
records the signing and downloads the agreement PDF, and the branch manager sees the coverage change."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hospitals.models import Agreement, Condition, Cooperation, EligibilityCheck, Function
from organization.roles import Role
from tests.hospitals.conftest import make_hospital

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


def test_shortlist_submit_approve_sign_download_and_coverage(
    browser, live_server, orgs, make_user, tmp_path, contexts
):
    make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="head")
    make_user(orgs.jilin, Role.BRANCH_MANAGER, username="manager")
    make_user(orgs.hq, Role.HQ_NETWORK_APPROVER, username="approver")
    hospital = make_hospital(orgs.jilin, city="长春市")  # orgs.jilin's home city is 长春市
    cooperation = Cooperation.objects.create(
        hospital=hospital, org=orgs.jilin, method=Cooperation.Method.DIRECT
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
