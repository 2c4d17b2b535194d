from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from organization.demo import DEMO_PASSWORD, demo_usernames
from organization.models import AuthorityCeiling, OrgUnit, ReviewKind, User
from organization.roles import Role


@pytest.fixture(autouse=True)
def _few_demo_claims(monkeypatch):
    """These tests are about the org tree and the clocks: a first round of demo claims (every state) is enough;
    the full ~200 take half a minute per seed (tests/injury_claims/test_claims_demo.py checks the claims)."""
    monkeypatch.setattr("injury_claims.claims_demo.CLAIMS_PER_BRANCH", 7)


def test_seed_demo_builds_a_realistic_tree_and_is_idempotent(db):
    call_command("seed_demo", stdout=None)
    counts = (OrgUnit.objects.count(), User.objects.count(), AuthorityCeiling.objects.count())
    call_command("seed_demo", stdout=None)
    assert (OrgUnit.objects.count(), User.objects.count(), AuthorityCeiling.objects.count()) == counts

    jilin = OrgUnit.objects.get(code="jilin")
    assert jilin.secondary_type == OrgUnit.SecondaryType.PROVINCIAL_CAPITAL
    assert {o.city for o in jilin.children.all()} >= {"吉林市", "磐石市"}
    shenzhen = OrgUnit.objects.get(code="shenzhen")
    assert shenzhen.secondary_type == OrgUnit.SecondaryType.METROPOLITAN
    premiums = OrgUnit.objects.filter(level=OrgUnit.Level.TERTIARY).values_list(
        "annual_motor_premium", flat=True
    )
    assert any(p > Decimal("15000000") for p in premiums) and any(p < Decimal("15000000") for p in premiums)
    for branch in OrgUnit.objects.filter(level=OrgUnit.Level.SECONDARY):
        roles = set(User.objects.filter(org=branch).values_list("groups__name", flat=True))
        assert roles == {r.value for r in Role} - {Role.HQ_NETWORK_APPROVER, Role.GREEN_CHANNEL_VENDOR}
        assert AuthorityCeiling.objects.filter(org=branch).count() == 9 * len(
            ReviewKind
        )  # levels 1–9 for every kind of review


def test_every_listed_demo_login_works(db):
    call_command("seed_demo", stdout=None)
    for username, _org, _role in demo_usernames():
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD), username


def test_seed_keeps_a_changed_password(db):
    call_command("seed_demo", stdout=None)
    user = User.objects.get(username="jilin_branch_manager")
    user.set_password("a-new-private-password")
    user.save()
    call_command("seed_demo", stdout=None)
    user.refresh_from_db()
    assert user.check_password("a-new-private-password")


def test_seed_demo_gives_every_branch_running_clocks_reminders_and_history(db):
    from sla.models import Deadline, Reminder

    call_command("seed_demo", stdout=None)
    counts = (Deadline.objects.count(), Reminder.objects.count())
    call_command("seed_demo", stdout=None)
    assert (Deadline.objects.count(), Reminder.objects.count()) == counts  # loaded once
    for code in ("jilin", "shenzhen", "sichuan"):
        handler = User.objects.get(username=f"{code}_injury_follow_up")
        assert Deadline.objects.filter(assignee=handler, state__in=Deadline.RUNNING).count() >= 4
        # the SLA demo's two on the sub-branch, and the demo claims' scheduled follow-ups due today
        assert Reminder.objects.filter(recipient=handler, title__startswith="预约跟踪").count() == 2
        assert (
            Reminder.objects.filter(recipient=handler, due_on=timezone.localdate())
            .exclude(title__startswith="预约跟踪")
            .exists()
        )
    assert Deadline.objects.filter(state=Deadline.State.MET).count() >= 100
    # Seed 002 states no pause of the payment clock: none of the claims-service clocks pauses.
    assert not Deadline.objects.filter(paused_at__isnull=False).exists()
