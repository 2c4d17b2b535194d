"""The sign-in form under the corpus (no one is signed in: each post comes from a fresh browser)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from organization.roles import Role
from tests.badinput.conftest import VALUES, Endpoint, accepts, submit, with_core_corpus

NAMES = ["login"]


class FreshBrowser:
    """A new browser for each post; the page a redirect leads to is read in the same one."""

    def __init__(self):
        self.last = Client()
        self.cookies = self.last.cookies

    def post(self, *args, **kwargs):
        self.last = Client()
        self.cookies = self.last.cookies
        return self.last.post(*args, **kwargs)

    def get(self, *args, **kwargs):
        return self.last.get(*args, **kwargs)


@pytest.fixture
def endpoints(orgs, make_user):
    make_user(orgs.jilin, Role.BRANCH_MANAGER, username="bf_manager")
    login = Endpoint(
        "login",
        reverse("login"),
        FreshBrowser(),
        {"username": "bf_manager", "password": "pw-for-tests-0001"},
        fields=["username", "password"],
    )
    return {"login": login}


@pytest.mark.parametrize("name", NAMES)
def test_the_valid_data_is_taken(endpoints, name):
    accepts(endpoints[name])


@pytest.mark.parametrize("name", NAMES)
@with_core_corpus
@given(slot=st.integers(min_value=0, max_value=50), value=VALUES)
def test_bad_input(endpoints, name, slot, value):
    submit(endpoints[name], slot, value)
