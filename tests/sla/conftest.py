import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from organization.roles import Role
from tests.testapp.models import Widget

SH = ZoneInfo("Asia/Shanghai")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SH)


@pytest.fixture
def widget(orgs):
    return Widget.objects.create(org=orgs.jilinshi, name="王某人伤案")


@pytest.fixture
def handler(orgs, make_user):
    return make_user(
        orgs.jilinshi,
        Role.INJURY_FOLLOW_UP,
        username="handler",
        email="handler@example.com",
        phone="13811112222",
    )


@pytest.fixture
def head(orgs, make_user):
    """The branch claims head of Jilin: where breaches of the sub-branch escalate to."""
    return make_user(
        orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="head", email="head@example.com", phone="13833334444"
    )
