"""Issue 9, the acceptance journey on a phone (390 × 844): an adjuster registers a claim with two injured persons,
records the first follow-up of one of them and the hospital visit with a photo of the bill, and schedules the next
follow-up; a reviewer whose ceiling covers the costs approves them, one whose ceiling is below does not see the
review; the appointment comes back to the adjuster's inbox on its day. Everything through the Chinese UI."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from injury_claims.identity import check_digit
from organization.models import ReviewKind
from organization.roles import Role
from organization.services import set_authority_matrix
from sla.models import Reminder
from tests.e2e.test_shell_browser import log_in, open_menu
from tests.hospitals.conftest import make_hospital
from tests.injury_claims.conftest import VALID_ID

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
REPORT_NO = "RDAA2026220200000009"
HOSPITAL = "吉林市人民医院"
SECOND_ID = "22020219880512002" + check_digit("22020219880512002")  # a valid GB 11643 number (吉林市, 1988)
BILL_NO = "ZY20260001"


@pytest.fixture
def people(orgs, make_user):
    """Jilin's matrix: cost review level 1 up to ¥5,000, level 3 up to ¥20,000; follow-up review level 1 up to
    ¥50,000. The adjuster works in the Jilin-city sub-branch; both reviewers in the Jilin branch."""
    set_authority_matrix(orgs.jilin, ReviewKind.COST, {1: Decimal("5000"), 3: Decimal("20000")})
    set_authority_matrix(orgs.jilin, ReviewKind.FOLLOW_UP, {1: Decimal("50000")})
    make_hospital(orgs.jilin, name=HOSPITAL, city="吉林市")
    return {
        "adjuster": make_user(orgs.jilinshi, Role.CLAIMS_ADJUSTER, username="adjuster"),
        "low": make_user(
            orgs.jilin,
            Role.MEDICAL_REVIEWER,
            username="rv_low",
            cost_review_level=1,
            follow_up_review_level=1,
        ),
        "high": make_user(orgs.jilin, Role.MEDICAL_REVIEWER, username="rv_high", cost_review_level=3),
    }


@pytest.fixture
def bill_photo(tmp_path):
    """A real (small) JPEG, as the phone's camera sends it."""
    path = tmp_path / "bill.jpg"
    Image.new("RGB", (64, 48), (240, 240, 230)).save(path, "JPEG")
    return path


@contextmanager
def phone_of(browser, live_server, username):
    """Another person on another phone: a browser context of their own, logged in."""
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, username)
        expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
        yield page
    finally:
        context.close()


def fits(page) -> None:
    """Nothing makes the page wider than the phone (a wide table scrolls inside its own box)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def go(page, link: str) -> None:
    """Through the menu button, as on a phone."""
    open_menu(page)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name=link).click()


def toast(page, text: str) -> None:
    expect(page.locator("#toasts")).to_contain_text(text)


def open_queue(page):
    go(page, "待审核")
    expect(page.get_by_role("heading", name="待审核")).to_be_visible()
    fits(page)
    return page.get_by_test_id("review-row")


def test_adjuster_and_reviewers_take_a_claim_from_report_to_cost_review_on_a_phone(
    page, browser, live_server, people, bill_photo
):
    today = timezone.localdate()
    next_on = today + dt.timedelta(days=3)

    # 1. The adjuster registers the claim on the phone: the report and the first injured person…
    log_in(page, "adjuster")
    go(page, "人伤理赔")
    page.get_by_test_id("register").click()
    expect(page.get_by_role("heading", name="案件登记")).to_be_visible()
    fits(page)
    report = page.get_by_role("group", name="报案")
    report.get_by_label("报案号").fill(REPORT_NO)
    report.get_by_label("报案渠道").select_option(label="95518调度")
    accident = timezone.localtime() - dt.timedelta(minutes=40)
    report.get_by_label("出险时间").fill(accident.strftime("%Y-%m-%dT%H:%M"))
    report.get_by_label("省份").select_option(label="吉林省")
    report.get_by_label("城市").fill("吉林市")
    report.get_by_label("出险地点").fill("解放中路88号路口")
    report.get_by_label("标的车牌号").fill("吉B12345")
    report.get_by_label("交强险保单号").fill("PDZA202622020000000009")
    report.get_by_role("checkbox", name="已提醒报案人报交警").check()
    first = page.get_by_test_id("person-0")
    first.get_by_label("姓名").fill("张伟")
    first.get_by_label("身份证号").fill(VALID_ID)
    first.get_by_label("事故中身份").select_option(label="三者车外人员")
    first.get_by_label("伤情类别").select_option(label="住院治疗")
    first.get_by_label("就诊医院", exact=True).select_option(label=HOSPITAL)
    first.get_by_role("checkbox", name="住院治疗").check()
    first.get_by_label("当前估损金额").fill("8000")
    page.get_by_role("button", name="登记").click()
    toast(page, f"案件 {REPORT_NO} 已登记")
    expect(page.get_by_role("heading", name=f"案件 {REPORT_NO}")).to_be_visible()
    fits(page)

    # … and the second, from the claim page (the report form has room for one; more are added from here).
    page.get_by_test_id("add-person").click()
    form = page.get_by_test_id("person-form")
    form.get_by_label("姓名").fill("李娜")
    form.get_by_label("身份证号").fill(SECOND_ID)
    form.get_by_label("事故中身份").select_option(label="三者车上人员")
    form.get_by_label("伤情类别").select_option(label="门诊轻微伤")
    form.get_by_label("当前估损金额").fill("800")
    fits(page)
    form.get_by_role("button", name="保存").click()
    toast(page, "已添加 李娜：已开启首次跟踪")
    page.get_by_role("link", name=REPORT_NO).click()
    lanes = page.get_by_test_id("lane")
    expect(lanes).to_have_count(2)  # one lane per injured person, each at its own first follow-up
    for lane, name in zip((lanes.nth(0), lanes.nth(1)), ("张伟", "李娜"), strict=True):
        expect(lane.get_by_role("link", name=name)).to_be_visible()
        expect(lane.get_by_test_id("lane-state")).to_have_text("首次跟踪")
    fits(page)

    # 2. The first follow-up of 张伟 (by phone): inpatient → hospital visit. Mediation must be offered.
    lanes.nth(0).get_by_role("link", name="张伟").click()
    expect(page.get_by_test_id("person-state")).to_have_text("首次跟踪")
    expect(page.get_by_test_id("id-number")).to_contain_text("110101********7555")  # masked
    fits(page)
    follow_up = page.get_by_test_id("follow-up-form")
    follow_up.get_by_label("方式").select_option(label="电话")
    follow_up.get_by_label("已慰问伤者或家属").check()
    follow_up.get_by_label("工作内容及了解情况").fill("电话慰问伤者家属，伤者右腿骨折已住院。")
    follow_up.get_by_label("下一步").select_option(label="住院：人伤探视")
    follow_up.get_by_role("button", name="提交跟踪").click()
    expect(page.get_by_test_id("error-mediation_offered")).to_contain_text("调解")  # not without the offer
    expect(page.get_by_test_id("person-state")).to_have_text("首次跟踪")
    follow_up = page.get_by_test_id("follow-up-form")
    follow_up.get_by_role("checkbox", name="已告知可通过调解结案").check()
    follow_up.get_by_role("button", name="提交跟踪").click()
    toast(page, "跟踪已提交审核")
    expect(page.get_by_test_id("person-state")).to_have_text("人伤探视")

    # 3. The hospital visit, the next follow-up three days on, and the bill photographed at the bedside.
    follow_up = page.get_by_test_id("follow-up-form")
    expect(page.get_by_test_id("follow-up")).to_contain_text("录入跟踪：人伤探视")
    follow_up.get_by_label("方式").select_option(label="当面")
    follow_up.get_by_label("已见到伤者").check()
    follow_up.get_by_label("已向医生了解治疗情况").check()
    follow_up.get_by_label("工作内容及了解情况").fill("病房探视，伤者已行内固定手术，恢复良好。")
    follow_up.get_by_label("估损金额（¥）").fill("12000")
    follow_up.get_by_role("checkbox", name="已告知可通过调解结案").check()
    follow_up.get_by_label("下次跟踪日期").fill(next_on.isoformat())
    follow_up.get_by_label("下一步").select_option(label="继续人伤探视")
    follow_up.get_by_role("button", name="提交跟踪").click()
    toast(page, "跟踪已提交审核")
    expect(page.get_by_test_id("person-state")).to_have_text("人伤探视")
    expect(page.get_by_test_id("person-facts")).to_contain_text(next_on.isoformat())
    expect(page.get_by_test_id("estimate")).to_have_text("¥12000.00")

    page.get_by_test_id("add-bill").click()
    expect(page.get_by_role("heading", name="录入票据")).to_be_visible()
    fits(page)
    scan = page.get_by_label("票据照片或扫描件")
    accepted = scan.get_attribute("accept").split(",")
    assert "application/pdf" in accepted and ("image/jpeg" in accepted or "image/*" in accepted), accepted
    # no "capture": the phone offers its camera or its files (a PDF e-invoice), not the camera alone
    assert scan.get_attribute("capture") is None
    bill = page.get_by_test_id("bill-form")
    bill.get_by_label("票据号").fill(BILL_NO)
    bill.get_by_label("类型").select_option(label="住院")
    bill.get_by_label("开票日期").fill(today.isoformat())
    expect(bill.get_by_label("开票单位")).to_have_value(HOSPITAL)  # the person's hospital
    scan.set_input_files(bill_photo)
    line = page.get_by_test_id("line-0")
    line.get_by_label("项目").fill("骨折内固定手术费")
    line.get_by_label("医保类别").select_option(label="乙类")
    line.get_by_label("数量").fill("1")
    line.get_by_label("单价").fill("6800")
    line.get_by_label("金额").fill("6800")
    bill.get_by_role("button", name="保存票据").click()
    toast(page, f"票据 {BILL_NO} 已录入")
    expect(page.get_by_test_id("bills")).to_contain_text(BILL_NO)
    fits(page)
    # The two follow-ups still wait for their review: the costs cannot go yet, and the page says why.
    submit_costs = page.get_by_test_id("action-submit_costs")
    expect(submit_costs.get_by_role("button", name="提交费用审核")).to_be_disabled()
    expect(page.get_by_test_id("blocked-submit_costs")).to_contain_text("该伤者有一条跟踪仍在等待审核")

    # The follow-up reviewer (within the follow-up ceiling) approves both follow-ups from their queue.
    with phone_of(browser, live_server, "rv_low") as low:
        rows = open_queue(low)
        expect(rows).to_have_count(2)
        for _ in range(2):
            expect(rows.first).to_contain_text("张伟")
            rows.first.get_by_role("link", name="跟踪审核").click()
            expect(low.get_by_test_id("review-state")).to_have_text("待审核")
            fits(low)
            low.get_by_test_id("action-approve").get_by_role("button", name="批准").click()
            toast(low, "审核通过")
        expect(rows).to_have_count(0)
        expect(low.get_by_test_id("review-queue")).to_contain_text("暂无待审核任务")

        # The adjuster submits the costs: ¥6,800, above the low reviewer's ¥5,000 cost ceiling.
        page.reload()
        submit_costs.get_by_role("button", name="提交费用审核").click()
        toast(page, "费用已提交审核")
        expect(page.get_by_test_id("person-state")).to_have_text("费用审核")
        cost_review = page.get_by_test_id("reviews").locator("li", has_text="费用审核")
        expect(cost_review).to_contain_text("¥6800.00")
        review_url = cost_review.get_by_role("link", name="费用审核").get_attribute("href")

        # 5. The reviewer below the ceiling: not in their queue; opened by its address, it is read-only.
        rows = open_queue(low)
        expect(rows).to_have_count(0)
        expect(low.get_by_test_id("review-queue")).to_contain_text("暂无待审核任务")
        low.goto(review_url)
        expect(low.get_by_role("heading", name="费用审核")).to_be_visible()
        expect(low.get_by_test_id("review-state")).to_have_text("待审核")
        expect(low.get_by_test_id("line-decisions")).to_contain_text("骨折内固定手术费")
        expect(low.get_by_role("button", name="批准")).to_have_count(0)
        expect(low.get_by_role("button", name="退回并说明原因")).to_have_count(0)
        expect(low.get_by_test_id("save-amounts")).to_have_count(0)
        expect(low.get_by_test_id("line-decisions").locator("input:not([type=hidden])")).to_have_count(0)
        expect(low.get_by_test_id("why-not")).to_contain_text("超出您此类审核的权限上限")
        fits(low)

    # 4. The reviewer whose ceiling covers ¥6,800 finds it in their queue and approves it.
    with phone_of(browser, live_server, "rv_high") as high:
        rows = open_queue(high)
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("张伟")
        expect(rows.first).to_contain_text("¥6800.00")
        rows.first.get_by_role("link", name="费用审核").click()
        expect(high.get_by_test_id("line-decisions")).to_contain_text("骨折内固定手术费")
        expect(high.get_by_test_id("line-decisions").get_by_role("link", name=BILL_NO)).to_be_visible()
        fits(high)
        high.get_by_test_id("action-approve").get_by_role("button", name="批准").click()
        toast(high, "审核通过")
        expect(rows).to_have_count(0)

    # The person's page shows the costs reviewed: the person at "costs approved", the line's approved amount.
    page.reload()
    expect(page.get_by_test_id("person-state")).to_have_text("费用审核通过")
    bills = page.get_by_test_id("bills")
    bills.locator("summary", has_text=BILL_NO).click()
    expect(bills.locator("tbody tr")).to_have_count(1)
    expect(bills.locator("tbody tr").locator("td").nth(3)).to_have_text("¥6800.00")
    fits(page)

    # 6. The appointment: three days away, it is not in the adjuster's inbox today…
    go(page, "待办")
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
    expect(page.get_by_test_id("reminders")).to_have_count(0)
    reminder = Reminder.objects.get(recipient=people["adjuster"], due_on=next_on)
    # … three days later, its day has come (the inbox shows reminders due on or before today):
    Reminder.objects.filter(pk=reminder.pk).update(due_on=today)
    page.reload()
    due = page.get_by_test_id("reminders").locator("li")
    expect(due).to_have_count(1)
    expect(page.get_by_role("heading", name="未处理的预约跟踪")).to_be_visible()
    expect(due).to_contain_text(f"跟踪 张伟（{REPORT_NO}）")
    expect(due.get_by_test_id("unprocessed")).to_have_text("未处理")
    expect(due).to_contain_text("今天")
    expect(due.get_by_role("button", name="已处理")).to_be_visible()
    fits(page)
    due.get_by_test_id("reminder-subject").click()  # back to the person from the inbox
    expect(page.get_by_test_id("person-facts")).to_contain_text(next_on.isoformat())
