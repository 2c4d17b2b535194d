import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from organization.roles import Role
from sla.services import reminders
from sla.services.deadlines import open_deadline
from sla.services.sweep import sweep
from tests.e2e.test_shell_browser import log_in, open_menu, show_filters
from tests.testapp.models import Widget

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def work(orgs, make_user):
    handler = make_user(orgs.jilinshi, Role.INJURY_FOLLOW_UP, username="handler")
    make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="head")
    widget = Widget.objects.create(org=orgs.jilinshi, name="王某")
    now = timezone.now()
    for title, started in (
        ("正常：资料齐全后赔付", now),
        ("超时：报案响应", now - dt.timedelta(hours=2)),
        ("预警：报案响应", now - dt.timedelta(minutes=26)),
    ):
        policy = "payment" if title.startswith("正常") else "report_response"
        open_deadline(
            policy, subject=widget, org=widget.org, title=title, assignee=handler, started_at=started
        )
    sweep()
    reminders.schedule_reminder(
        handler, subject=widget, org=widget.org, on=timezone.localdate(), title="预约跟踪：王某复诊"
    )
    return handler


def test_handler_works_the_inbox_without_reloading(page, work):
    log_in(page, "handler")
    deadlines = page.get_by_test_id("deadlines").locator("li")
    expect(deadlines).to_have_count(3)
    expect(deadlines.nth(0)).to_contain_text("超时：报案响应")
    expect(deadlines.nth(1)).to_contain_text("预警：报案响应")
    expect(deadlines.nth(2)).to_contain_text("正常：资料齐全后赔付")
    expect(deadlines.nth(2)).to_contain_text("工作时间")

    page.evaluate("window.__no_reload = true")
    reminders = page.get_by_test_id("reminders")
    expect(reminders).to_contain_text("王某复诊")
    reminders.get_by_role("link", name="再次提醒…").click()
    page.get_by_label("再次提醒日期").fill((timezone.localdate() + dt.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#toasts")).to_contain_text("将于")
    expect(page.get_by_test_id("reminders")).to_have_count(0)
    assert page.evaluate("window.__no_reload") is True  # htmx swapped the list; the page never reloaded

    show_filters(page)
    page.get_by_label("状态").select_option("breached")
    expect(page.get_by_test_id("deadlines").locator("li")).to_have_count(1)
    assert "state=breached" in page.url


def test_branch_manager_sees_breaches_on_the_dashboard(page, work, orgs, make_user):
    make_user(orgs.jilin, Role.BRANCH_MANAGER, username="manager")
    log_in(page, "manager")
    open_menu(page)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="服务时效").click()
    expect(page.get_by_test_id("breaches")).to_contain_text("超时：报案响应")
    expect(page.get_by_test_id("chart")).to_be_visible()
    expect(page.get_by_test_id("by-org")).to_contain_text("吉林市中心支公司")
