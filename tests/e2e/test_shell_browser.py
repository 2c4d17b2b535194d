import pytest
from playwright.sync_api import expect

from organization.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-0001"


def log_in(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def open_menu(page):
    """On a phone the navigation folds behind the menu button (issue 9 point 10): open it."""
    menu = page.get_by_test_id("menu-button")
    if menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
        menu.click()


def show_filters(page):
    """On a phone a list's filters fold behind the "Filters" toggle: open it."""
    toggle = page.get_by_test_id("filters-toggle").locator("summary")
    if toggle.is_visible() and not page.locator("form#filters").is_visible():
        toggle.click()


def test_branch_manager_logs_in_sees_chinese_switches_to_english_and_logs_out(page, orgs, make_user):
    make_user(orgs.jilin, Role.BRANCH_MANAGER, username="jl_manager")
    log_in(page, "jl_manager")
    open_menu(page)
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link", name="待办")).to_be_visible()
    expect(nav.get_by_role("link", name="机构")).to_be_visible()
    expect(page.get_by_test_id("org")).to_have_text("吉林分公司")

    page.get_by_label("语言").select_option("en")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    open_menu(page)
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Organisations")).to_be_visible()
    expect(page.get_by_text("Branch manager").first).to_be_visible()

    open_menu(page)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.goto("/")
    assert "/accounts/login/" in page.url


def test_login_form_refuses_a_wrong_password_with_a_message(page, orgs, make_user):
    make_user(orgs.jilin, Role.BRANCH_MANAGER, username="jl_manager")
    log_in(page, "jl_manager", "not-the-password")
    expect(page.get_by_test_id("login-error")).to_contain_text("用户名或密码错误")
    assert "/accounts/login/" in page.url
