"""Personas (DESIGN.md "Tests"): people in an org tree of HQ, two branches and a sub-branch."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from organization.models import OrgUnit, User
from organization.roles import Role
from tests.factories import HQFactory, SecondaryFactory, TertiaryFactory, UserFactory


@dataclass
class Orgs:
    hq: OrgUnit
    jilin: OrgUnit
    jilinshi: OrgUnit
    shenzhen: OrgUnit


@pytest.fixture
def orgs(db) -> Orgs:
    hq = HQFactory()
    jilin = SecondaryFactory(code="jilin", name="吉林分公司", parent=hq)
    jilinshi = TertiaryFactory(code="jilin-jilinshi", name="吉林市中心支公司", parent=jilin)
    shenzhen = SecondaryFactory(
        code="shenzhen",
        name="深圳分公司",
        parent=hq,
        secondary_type=OrgUnit.SecondaryType.METROPOLITAN,
        province="44",
        claims_city="深圳市",
    )
    return Orgs(hq=hq, jilin=jilin, jilinshi=jilinshi, shenzhen=shenzhen)


@pytest.fixture
def make_user(db):
    def make(org: OrgUnit | None, *roles: Role, **fields) -> User:
        return UserFactory(org=org, roles=list(roles), **fields)

    return make


@pytest.fixture
def branch_manager(orgs, make_user) -> User:
    return make_user(orgs.jilin, Role.BRANCH_MANAGER, username="jl_manager")


@pytest.fixture
def claims_head(orgs, make_user) -> User:
    return make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="jl_head")


@pytest.fixture
def outsider(orgs, make_user) -> User:
    """Same roles as the Jilin staff, but in Shenzhen: must see nothing of Jilin."""
    return make_user(orgs.shenzhen, Role.BRANCH_CLAIMS_HEAD, Role.BRANCH_MANAGER, username="sz_head")


@pytest.fixture
def hq_approver(orgs, make_user) -> User:
    return make_user(orgs.hq, Role.HQ_NETWORK_APPROVER, username="hq_approver")


@pytest.fixture
def adjuster(orgs, make_user) -> User:
    return make_user(orgs.jilinshi, Role.CLAIMS_ADJUSTER, username="jl_adjuster")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def english_client(user: User) -> Client:
    """A signed-in client reading the pages in English: page tests assert the msgids, whatever the catalogue says
    (the product's default language is zh-hans)."""
    from django.conf import settings

    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """The language middleware activates the reader's language on the thread and leaves it there after the
    response: a test that read a page in English must not make the next test on this worker run in English."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """The working-day calendar is cached per process; a rolled-back test must not leave its days behind."""
    from sla import calendar

    calendar.clear_cache()
    yield
    calendar.clear_cache()


def ensure_reference_data() -> None:
    """What the migrations seed (roles, service-level policies, holiday calendars), back after a flush."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    from organization.roles import Role
    from sla import calendar
    from sla.calendar_data import load_package_years
    from sla.models import CalendarDay, CalendarYear
    from sla.registry import sync_policies

    for role in Role:
        Group.objects.get_or_create(name=role.value)
    sync_policies()
    if not CalendarYear.objects.exists():
        load_package_years(CalendarYear, CalendarDay)
    from hospitals.models import CoverageStandard

    if not CoverageStandard.objects.exists():
        importlib.import_module("hospitals.migrations.0003_seed_coverage_standard").seed(apps, None)
        importlib.import_module("hospitals.migrations.0006_history_baseline").baseline(apps, None)
    from injury_claims.models import EvaluationCriterion, InjuryCategory

    if not InjuryCategory.objects.exists():
        importlib.import_module("injury_claims.migrations.0004_injury_categories_liability_shares").forwards(
            apps, None
        )
    if not EvaluationCriterion.objects.exists():
        importlib.import_module("injury_claims.migrations.0005_default_evaluation_criteria").seed(apps, None)
    from injury_claims.models import CompulsoryLimit, RedFlagThresholds

    if not RedFlagThresholds.objects.exists():
        importlib.import_module("injury_claims.migrations.0006_red_flag_thresholds").seed(apps, None)
    if not CompulsoryLimit.objects.exists():
        importlib.import_module("injury_claims.migrations.0008_settlement_data").seed(apps, None)
    from injury_claims.models import FastTrackStandard

    if not FastTrackStandard.objects.exists():
        importlib.import_module("injury_claims.migrations.0013_fast_track_standard_and_guard").seed_standard(
            apps, None
        )
    from green_channel.models import ServiceProduct

    if not ServiceProduct.objects.exists():
        importlib.import_module("green_channel.migrations.0002_seed_products").seed(apps, None)
    from green_channel.models import SmsTemplate

    if not SmsTemplate.objects.exists():
        importlib.import_module("green_channel.migrations.0003_bookings").seed_sms(apps, None)
    from scoring.models import Question

    if not Question.objects.exists():
        importlib.import_module("scoring.migrations.0002_questions").seed(apps, None)
    calendar.clear_cache()


@pytest.fixture(scope="session", autouse=True)
def _reference_data_survives_flushes():
    """A transactional test ends with a flush that also empties the reference tables the migrations filled
    (roles, policies, calendars). Django sends post_migrate after that flush: seed them again there, so every
    later test, in any order, finds them."""
    from django.db.models.signals import post_migrate

    def reseed(sender, **kwargs):
        if sender.label == "sla":
            ensure_reference_data()

    post_migrate.connect(reseed, dispatch_uid="tests-reference-data")
    yield
    post_migrate.disconnect(dispatch_uid="tests-reference-data")


def run_pending_jobs() -> list:
    """Do what the worker does with the background jobs a request queued (tests run no worker); returns them."""
    from documents import jobs
    from documents.models import Job

    pending = list(Job.objects.filter(status=Job.Status.PENDING).order_by("pk"))
    for job in pending:
        jobs.run_job(job.pk)
    for job in pending:
        job.refresh_from_db()
    return pending


def download_export(client, url: str, data: dict | None = None):
    """POST an export, let the worker make it, and download the file from the job page's link."""
    from django.urls import reverse

    response = client.post(url, data or {})
    assert response.status_code == 302, response.status_code
    (job,) = run_pending_jobs()
    assert response["Location"] == reverse("documents:job", args=[job.pk])
    assert job.status == "done", job.error
    return client.get(reverse("documents:job_download", args=[job.pk]))


@pytest.fixture(scope="session", autouse=True)
def _other_sessions_end_before_the_database_is_dropped(django_db_setup, django_db_blocker):
    """The live server's request threads (browser tests) and the Celery workers some tests start hold connections
    of their own; one left idle (a browser keep-alive thread, say) makes dropping the test database fail with
    "being accessed by other users" and leaves it behind. End them before pytest-django drops the database."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` (row locks, pg_dump, real workers on the production stack) are skipped, with the
    reason, when the suite runs on the embedded SQLite; CI runs them on PostgreSQL."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://…")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)
