"""Issue 12's acceptance journey through the Chinese UI: a green-channel agent looks a customer up by ID number,
books an expert outpatient visit and hands it to the vendor; the vendor's staff propose three experts, record the
customer's choice and confirm the appointment (the customer gets it by SMS); the customer cancels one working day
before the visit — later than "距离就诊日两个工作日前" — and the visit is counted as used."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from green_channel.models import Booking, ServiceUse
from organization.roles import Role
from sla import calendar
from sla.models import Delivery
from tests.e2e.test_shell_browser import log_in
from tests.green_channel.conftest import ID_NUMBER, make_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(orgs, make_user):
    from green_channel.models import ServiceProduct, Vendor, VendorStaff
    from tests.conftest import ensure_reference_data

    ensure_reference_data()
    make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT, username="agent")
    vendor = Vendor.objects.get(name="好人生")
    ServiceProduct.objects.filter(code="cancer-31-cities").update(vendor=vendor)
    VendorStaff.objects.create(
        user=make_user(None, Role.GREEN_CHANNEL_VENDOR, username="vendor"), vendor=vendor
    )
    return make_policy(orgs.jilin, "cancer-31-cities", number="GCP2024000009")


def test_an_agent_books_an_expert_visit_the_vendor_arranges_it_and_a_late_cancellation_counts(
    page, browser, live_server, world
):
    policy = world
    log_in(page, "agent")
    page.goto("/green-channel/")
    page.get_by_label("身份证号或保单号").fill(ID_NUMBER)
    page.get_by_role("button", name="查询").click()
    row = page.get_by_test_id("entitlement").filter(has_text="专家门诊预约")
    expect(row).to_have_attribute("data-status", "available")
    row.get_by_role("button", name="新增申请").click()
    page.get_by_label("客户需求").fill("肺癌术后，希望预约胸外科专家复查")
    page.get_by_role("button", name="登记申请").click()
    expect(page.get_by_test_id("booking-state")).to_have_text("已申请")
    page.get_by_role("button", name="资料齐全：开始审核").click()
    page.get_by_role("button", name="审核通过：启动服务").click()
    expect(page.get_by_test_id("booking-state")).to_have_text("审核通过")
    page.get_by_test_id("hand-over").click()
    expect(page.get_by_test_id("vendor")).to_have_text("好人生")
    booking = Booking.objects.get(policy=policy)

    # The vendor's staff, in their own session, arrange it.
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    vendor = context.new_page()
    log_in(vendor, "vendor")
    vendor.goto(f"/green-channel/bookings/{booking.pk}/")
    vendor.get_by_role("button", name="开始安排").click()
    for n, (expert, hospital) in enumerate(
        [("张建国", "吉林大学第一医院"), ("刘海燕", "吉林省肿瘤医院"), ("陈立新", "吉林大学第二医院")],
        start=1,
    ):
        block = vendor.get_by_test_id(f"expert-{n}")
        block.get_by_label("专家").fill(expert)
        block.get_by_label("医院").fill(hospital)
        block.get_by_label("科室").fill("胸外科")
    vendor.get_by_role("button", name="将推荐专家发送给客户").click()
    expect(vendor.get_by_test_id("proposal")).to_have_count(3)
    vendor.get_by_test_id("choose-2").click()  # the customer, on the phone, picks 刘海燕
    expect(vendor.get_by_test_id("booking-state")).to_have_text("客户已选专家：预约中")
    visit_day = calendar.add_working_days(timezone.localdate(), 1)
    vendor.get_by_label("预约时间").fill(f"{visit_day:%Y-%m-%d}T09:30")
    vendor.get_by_role("button", name="确认并发送短信").click()
    expect(vendor.get_by_test_id("booking-state")).to_have_text("预约已确认")
    expect(vendor.get_by_test_id("appointment")).to_contain_text("刘海燕")
    sms = Delivery.objects.filter(channel=Delivery.Channel.SMS, text__contains="已为您预约").get()
    assert "刘海燕" in sms.text and f"{visit_day:%Y-%m-%d} 09:30" in sms.text
    context.close()

    # One working day before the visit the customer cancels: past the last free day, it counts as used.
    page.reload()
    expect(page.get_by_test_id("cancellation-rule")).to_have_attribute("data-counts", "1")
    expect(page.get_by_test_id("cancellation-rule")).to_contain_text("视同该次服务已完成")
    page.get_by_label("客户取消原因").fill("客户临时出差")
    page.get_by_role("button", name="取消预约").click()
    expect(page.get_by_test_id("booking-state")).to_have_text("已取消")
    expect(page.get_by_test_id("outcome-reason")).to_have_attribute("data-counted", "1")
    assert ServiceUse.objects.filter(policy=policy).count() == 1
