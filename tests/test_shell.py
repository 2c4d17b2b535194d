"""The shell every page shares: login, language, error pages, security headers, throttling, CSRF."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from config.env import env_bool, env_int, required_in_production
from tests.conftest import client_for


def test_login_page_is_chinese_by_default_even_for_an_english_browser(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get(reverse("login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode() and response["Content-Language"] == "zh-hans"


def test_language_switch_to_english_and_back(db, branch_manager):
    client = client_for(branch_manager)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert "Organisations" in body and "Branch manager" in body
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "机构" in client.get("/").content.decode()


def test_unknown_language_cookie_falls_back_to_chinese(db):
    client = Client()
    client.cookies["lang"] = "fr"
    assert client.get(reverse("login"))["Content-Language"] == "zh-hans"


def test_navigation_follows_roles(db, branch_manager, make_user, orgs):
    from organization.roles import Role

    body = client_for(branch_manager).get("/").content.decode()
    assert 'href="/admin/"' not in body
    admin = make_user(orgs.jilin, Role.ADMINISTRATOR, is_staff=True)
    assert 'href="/admin/"' in client_for(admin).get("/").content.decode()


def test_header_shows_org_and_role(db, branch_manager):
    body = client_for(branch_manager).get("/").content.decode()
    assert 'data-testid="org">吉林分公司' in body and "分公司经理" in body


def test_wrong_password_gets_a_message_and_no_session(db, branch_manager):
    client = Client()
    response = client.post(reverse("login"), {"username": "jl_manager", "password": "wrong-password"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_right_password_logs_in(db, branch_manager):
    client = Client()
    response = client.post(reverse("login"), {"username": "jl_manager", "password": "pw-for-tests-0001"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_login_is_throttled_after_five_failures(db, branch_manager):
    client = Client()
    for _ in range(5):
        client.post(reverse("login"), {"username": "jl_manager", "password": "nope"})
    response = client.post(reverse("login"), {"username": "jl_manager", "password": "pw-for-tests-0001"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_logout_is_post_only_and_ends_the_session(db, branch_manager):
    client = client_for(branch_manager)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/").status_code == 302


def test_password_change(db, branch_manager):
    client = client_for(branch_manager)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-for-tests-0001",
            "new_password1": "a-much-longer-pass-2026",
            "new_password2": "a-much-longer-pass-2026",
        },
    )
    assert response.status_code == 302
    branch_manager.refresh_from_db()
    assert branch_manager.check_password("a-much-longer-pass-2026")


def test_password_change_rejects_a_weak_password(db, branch_manager):
    client = client_for(branch_manager)
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw-for-tests-0001", "new_password1": "12345", "new_password2": "12345"},
    )
    assert response.status_code == 200 and "密码" in response.content.decode()
    branch_manager.refresh_from_db()
    assert branch_manager.check_password("pw-for-tests-0001")


def test_csrf_is_enforced_on_post(db, branch_manager):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "jl_manager", "password": "pw-for-tests-0001"})
    assert response.status_code == 403


def test_404_page_is_translated(db, branch_manager):
    response = client_for(branch_manager).get("/no-such-page/")
    assert response.status_code == 404 and "不存在" in response.content.decode()


def test_500_page_is_translated(rf):
    from organization.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500 and "出错" in response.content.decode()


def test_security_headers(db):
    response = Client().get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


def test_htmx_request_gets_messages_as_toast_trigger(rf):
    import json

    from django.contrib import messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.http import HttpResponse

    from config.middleware import HtmxMessagesMiddleware

    def view(request):
        messages.success(request, "已保存")
        return HttpResponse("ok", headers={"HX-Trigger": "saved"})

    request = rf.get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    request.htmx = True
    response = HtmxMessagesMiddleware(view)(request)
    raw = response["HX-Trigger"]
    assert raw.isascii()  # a header with raw Chinese would be MIME-encoded and unreadable to htmx
    trigger = json.loads(raw)
    assert trigger["toast"]["messages"] == [{"level": "success", "text": "已保存"}] and "saved" in trigger


# --- settings helpers -------------------------------------------------------------------------------------
def test_missing_production_secret_fails_loudly(monkeypatch):
    monkeypatch.delenv("SOME_SECRET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SOME_SECRET"):
        required_in_production("SOME_SECRET", debug=False, dev_default="x")
    assert required_in_production("SOME_SECRET", debug=True, dev_default="x") == "x"


def test_malformed_env_values_fail_loudly(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("FLAG")
    monkeypatch.setenv("NUM", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("NUM", 1)


def test_navigation_marks_only_the_most_specific_entry(db, orgs, make_user):
    from organization.navigation import navigation_for
    from organization.roles import Role

    approver = make_user(orgs.hq, Role.HQ_NETWORK_APPROVER)
    active = [item["url"] for item in navigation_for(approver, "/hospitals/approvals/") if item["active"]]
    assert active == ["/hospitals/approvals/"]
    assert [i["url"] for i in navigation_for(approver, "/") if i["active"]] == ["/"]
