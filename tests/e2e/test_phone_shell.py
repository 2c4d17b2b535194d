"""Issue 9 point 10: the adjuster's work on a phone (390 × 844). The header is one compact row (brand, bell, menu
button) and the navigation folds behind the button; a list's filters fold behind a "Filters" toggle, so the first
screen shows rows; nothing makes the page wider than the phone. On a desktop nothing is folded."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from organization.roles import Role
from sla.services.deadlines import open_deadline
from sla.services.sweep import sweep
from tests.conftest import ensure_reference_data
from tests.e2e.test_shell_browser import log_in
from tests.hospitals.conftest import make_hospital
from tests.testapp.models import Widget

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
HEADER_MAX = 64  # px: brand, bell and menu button in one row


@pytest.fixture
def hospitals(orgs):
    return [make_hospital(orgs.jilin, name=f"吉林测试医院{i:02d}") for i in range(12)]


@pytest.fixture
def adjuster(orgs, make_user):
    """A claims adjuster of the Jilin-city sub-branch with three deadlines in the inbox."""
    user = make_user(orgs.jilinshi, Role.CLAIMS_ADJUSTER, username="adjuster")
    widget = Widget.objects.create(org=orgs.jilinshi, name="王某")
    now = timezone.now()
    for title, started in (("报案响应", now - dt.timedelta(hours=2)), ("资料齐全后赔付", now)):
        policy = "payment" if title == "资料齐全后赔付" else "report_response"
        open_deadline(policy, subject=widget, org=widget.org, title=title, assignee=user, started_at=started)
    sweep()
    return user


@pytest.fixture
def manager(orgs, make_user):
    return make_user(orgs.jilin, Role.BRANCH_MANAGER, username="manager")


@pytest.fixture(params=["adjuster", "manager"])
def person(request):
    return request.getfixturevalue(request.param)


def top(locator) -> float:
    box = locator.bounding_box()
    assert box is not None, "not rendered"
    return box["y"]


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_phone_header_is_one_row_and_the_navigation_opens_from_the_menu_button(page, person, hospitals):
    log_in(page, person.username)
    header = page.locator("header.site-header")
    nav = page.locator("nav.mainnav")
    menu = page.get_by_test_id("menu-button")
    expect(menu).to_be_visible()
    assert header.bounding_box()["height"] <= HEADER_MAX
    expect(page.get_by_test_id("bell")).to_be_visible()
    expect(nav).to_be_hidden()
    expect(page.get_by_test_id("who")).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_attribute("aria-controls", "shell-tools shell-nav")
    assert menu.get_attribute("aria-label")
    assert page_width(page) <= PHONE["width"]

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(page.get_by_test_id("who")).to_be_visible()
    expect(page.locator("#language-switcher")).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(menu).to_be_focused()

    menu.click()
    nav.locator('a[href="/hospitals/"]').click()
    page.wait_for_url("**/hospitals/")
    expect(page.get_by_test_id("hospital-row").first).to_be_visible()
    expect(page.locator("nav.mainnav")).to_be_hidden()  # a new page starts folded
    assert page.locator("header.site-header").bounding_box()["height"] <= HEADER_MAX


def test_phone_registry_shows_rows_on_the_first_screen_and_filters_on_demand(page, person, hospitals):
    log_in(page, person.username)
    page.goto("/hospitals/")
    form = page.get_by_test_id("filters")
    toggle = page.get_by_test_id("filters-toggle").locator("summary")
    expect(form).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_test_id("filters-count")).to_be_hidden()
    assert top(page.get_by_test_id("hospital-row").first) < PHONE["height"]
    assert page_width(page) <= PHONE["width"]

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    search = form.locator('input[name="q"]')
    expect(search).to_be_visible()
    expect(form.locator('select[name="grade"]')).to_be_visible()
    search.fill("测试医院07")  # htmx still filters as the user types
    expect(page.get_by_test_id("hospital-row")).to_have_count(1)
    expect(page.get_by_test_id("filters-count")).to_have_text("(1)")
    assert "q=" in page.url
    assert page_width(page) <= PHONE["width"]

    page.reload()  # an active filter: still folded, but the toggle says how many
    expect(form).to_be_hidden()
    expect(page.get_by_test_id("filters-count")).to_have_text("(1)")
    expect(page.get_by_test_id("hospital-row")).to_have_count(1)


def test_phone_inbox_shows_deadlines_on_the_first_screen(page, adjuster):
    log_in(page, adjuster.username)
    deadlines = page.get_by_test_id("deadlines").locator("li")
    expect(deadlines).to_have_count(2)
    expect(page.locator("form#filters")).to_be_hidden()
    assert top(deadlines.first) < PHONE["height"]
    assert page_width(page) <= PHONE["width"]

    page.get_by_test_id("filters-toggle").locator("summary").click()
    page.locator('form#filters select[name="state"]').select_option("breached")  # htmx swaps the inbox
    expect(deadlines).to_have_count(1)
    expect(page.get_by_test_id("filters-count")).to_have_text("(1)")
    assert "state=breached" in page.url


def test_phone_coverage_and_activity_pages_fit_the_width(page, manager, hospitals):
    ensure_reference_data()  # the coverage standard, should an earlier flush have taken it
    log_in(page, manager.username)
    page.goto("/hospitals/coverage/")
    expect(
        page.get_by_test_id("coverage-places")
    ).to_be_visible()  # a table wider than the phone scrolls inside
    for url in ("/hospitals/coverage/", "/hospitals/activity/", "/hospitals/feed/", "/sla/dashboard/"):
        page.goto(url)
        assert page_width(page) <= PHONE["width"], url
        assert page.locator("header.site-header").bounding_box()["height"] <= HEADER_MAX, url


def test_desktop_shows_navigation_and_filters_without_clicking(browser, live_server, adjuster, hospitals):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, adjuster.username)
        expect(page.locator("nav.mainnav")).to_be_visible()
        expect(page.get_by_test_id("who")).to_be_visible()
        expect(page.get_by_test_id("menu-button")).to_be_hidden()
        page.locator('nav.mainnav a[href="/hospitals/"]').click()
        expect(page.get_by_test_id("filters")).to_be_visible()
        expect(page.get_by_test_id("filters-toggle")).to_be_hidden()
        expect(page.get_by_test_id("filters").locator('input[name="q"]')).to_be_visible()
    finally:
        context.close()
