"""Security review (README.md, "Security review"): login throttling, session expiry, password rules.

Login throttling (django-axes): five failures lock that username from that address for 30 minutes, with a
translated page; a success before the limit resets the count. Sessions last a working day and end when the browser
closes. The change-password page refuses short, common, numeric and username-like passwords, in the reader's
language.
"""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from organization.roles import Role

pytestmark = pytest.mark.django_db

PASSWORD = "Kd8#vLq2-Wm"


@pytest.fixture
def staff(orgs, make_user):
    user = make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="wangfang")
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client: Client, password: str, *, address: str = "10.1.2.3", **headers):
    return client.post(
        reverse("login"), {"username": "wangfang", "password": password}, REMOTE_ADDR=address, **headers
    )


def signed_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


def test_five_failures_lock_the_username_from_that_address_for_half_an_hour_with_a_translated_page(staff):
    client = Client()
    for _ in range(4):
        assert log_in(client, "wrong-password").status_code == 200  # the form again, with its error
    locked = log_in(client, "wrong-password")
    assert locked.status_code == 429
    with translation.override("zh-hans"):
        title = translation.gettext("Too many failed log-in attempts")
    assert title != "Too many failed log-in attempts" and title in locked.content.decode()
    # Now even the right password is refused from that address, and nobody is signed in.
    assert log_in(client, PASSWORD).status_code == 429 and not signed_in(client)
    # The same person from another address is not locked out by someone guessing elsewhere.
    elsewhere = Client()
    assert log_in(elsewhere, PASSWORD, address="10.9.9.9").status_code == 302 and signed_in(elsewhere)
    # Thirty minutes later the lock is gone.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert log_in(client, PASSWORD).status_code == 302 and signed_in(client)


def test_a_forwarded_for_header_does_not_dodge_the_lock(staff):
    """Behind the proxy the lock is keyed on the connection's address (REMOTE_ADDR), never on a header the
    client writes: five guesses each claiming another X-Forwarded-For are still five from one address."""
    client = Client()
    for n in range(5):
        log_in(client, "wrong-password", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_a_success_before_the_limit_resets_the_count(staff):
    client = Client()
    for _ in range(4):
        log_in(client, "wrong-password")
    assert log_in(client, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        log_in(client, "wrong-password")
    assert log_in(client, PASSWORD).status_code == 302 and signed_in(client)


def test_a_session_lasts_a_working_day_and_ends_with_the_browser(staff):
    client = Client()
    before = timezone.now()
    assert log_in(client, PASSWORD).status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser session cookie: gone when it closes
    session = Session.objects.get(session_key=cookie.value)
    assert (
        before + datetime.timedelta(hours=10)
        <= session.expire_date
        <= timezone.now() + datetime.timedelta(hours=10)
    )
    assert signed_in(client)
    # A session older than a working day is sent to the login page.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    page = client.get(reverse("home"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "password",
    ["Sh0rt!x", "password123", "8675309123456", "wangfang2026"],
    ids=["short", "common", "numeric", "like-the-username"],
)
def test_the_change_password_page_refuses_weak_passwords_in_the_readers_language(staff, password):
    client = Client()
    client.force_login(staff)
    page = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert page.status_code == 200
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            password_validation.validate_password(password, staff)
        expected = refused.value.messages
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            password_validation.validate_password(password, staff)
        english = refused.value.messages
    assert expected != english  # translated
    for message in expected:
        assert escape(message) in page.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
