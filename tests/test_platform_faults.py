"""One test for each fault issue 7 lists under "Why"; each failed on the code before the issue.

Faults tested elsewhere: the four parallel tables and the graph checks (tests/workflow/test_transitions.py,
tests/hospitals/test_pipeline.py::test_cooperation_graph); views that write and query, generic apps that know the
domain, no import contracts (tests/test_architecture.py); a mediator's letter open to every branch user
(tests/injury_claims/test_mediators.py); the Excel export writing formulas and running in the request
(tests/hospitals/test_import.py, tests/hospitals/test_registry.py); printing in the request and the number lock
held through the render (tests/hospitals/test_pipeline.py, tests/documents/test_jobs.py); manage.py in debug
mode (tests/config/test_entry_points.py); history without old and new values (tests/workflow/test_history.py).
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from documents import registry as document_kinds
from documents.models import IssuedDocument
from hospitals.models import Agreement, Condition, Cooperation, EligibilityCheck, Function, Hospital
from organization.models import OrgUnit
from organization.roles import Role
from sla.models import Deadline, Notification
from tests.conftest import client_for, run_pending_jobs
from tests.hospitals.conftest import LIAISONS, make_hospital
from workflow.models import Event
from workflow.services import TransitionRefused, perform_transition

TODAY = timezone.localdate()


def prepared(cooperation: Cooperation, *, checklist: bool = True) -> Cooperation:
    """Everything HQ needs, the cooperation in negotiation."""
    Cooperation.objects.filter(pk=cooperation.pk).update(method="direct", state="negotiating", **LIAISONS)
    if checklist:
        EligibilityCheck.objects.bulk_create(
            EligibilityCheck(cooperation=cooperation, condition=c, met=True, evidence="核实")
            for c in Condition
        )
    Agreement.objects.create(
        cooperation=cooperation,
        functions=[Function.EMERGENCY],
        term_start=TODAY,
        term_end=TODAY + dt.timedelta(days=365),
        insurer_signatory="张总",
        hospital_signatory="李院长",
    )
    cooperation.refresh_from_db()
    return cooperation


@pytest.fixture
def negotiating(orgs):
    hospital = make_hospital(orgs.jilin)
    return Cooperation.objects.create(hospital=hospital, org=orgs.jilin)


# --- "guards are read from the unlocked instance before perform_transition, not declared as conditions=" ---------
def test_the_transition_itself_refuses_a_submission_with_the_list_of_what_is_missing(
    negotiating, claims_head
):
    """Before: the checks lived in hospitals.services; perform_transition(…, "submit") skipped them."""
    cooperation = prepared(negotiating, checklist=False)
    with pytest.raises(TransitionRefused, match=r"eligibility checklist|准入条件核查表"):
        perform_transition(cooperation, "submit", by=claims_head)
    assert Cooperation.objects.get(pk=cooperation.pk).state == "negotiating"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_guard_is_evaluated_under_the_row_lock(orgs, make_user):
    """Thread A holds the cooperation's row and withdraws a checklist entry; thread B submits at that moment and
    waits for the lock. The guard must read what A committed, not what B saw before it locked."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    head = make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD)
    cooperation = prepared(Cooperation.objects.create(hospital=make_hospital(orgs.jilin), org=orgs.jilin))
    locked, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def withdraw():
        from django.db import transaction

        try:
            with transaction.atomic():
                Cooperation.objects.select_for_update().get(pk=cooperation.pk)
                EligibilityCheck.objects.filter(cooperation=cooperation, condition=Condition.LICENCE).delete()
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    def submit():
        try:
            perform_transition(Cooperation.objects.get(pk=cooperation.pk), "submit", by=head)
            outcome["submit"] = "submitted"
        except TransitionRefused as exc:
            outcome["submit"] = exc.message
        finally:
            connections.close_all()

    a = threading.Thread(target=withdraw)
    a.start()
    assert locked.wait(10)
    b = threading.Thread(target=submit)
    b.start()
    b.join(1)  # B is now waiting on the row lock
    release.set()
    a.join(10)
    b.join(10)
    assert outcome["submit"] != "submitted"
    assert Cooperation.objects.get(pk=cooperation.pk).state == "negotiating"


# --- "deadlines … (so perform_transition opens/meets/cancels them, not the views)"; notices ------------------------
def test_the_transition_alone_opens_and_meets_the_hq_clock_and_tells_the_people_declared(
    negotiating, claims_head, hq_approver
):
    """Before: the HQ clock and the notifications were the job of hospitals.services, around the transition."""
    cooperation = prepared(negotiating)
    perform_transition(cooperation, "submit", by=claims_head)
    clock = Deadline.objects.for_object(cooperation).get()
    assert clock.policy.code == "hq_network_approval" and clock.is_running
    assert Notification.objects.filter(recipient=hq_approver, kind="hospitals.submitted").exists()
    perform_transition(cooperation, "approve", by=hq_approver, note="同意")
    clock.refresh_from_db()
    assert clock.state == Deadline.State.MET
    assert Notification.objects.filter(recipient=claims_head, kind="hospitals.decided").exists()


# --- "… label … in four parallel tables": the timeline and the feed read the declaration --------------------------
def test_the_timeline_and_the_feed_say_what_happened_in_words_from_the_declaration(negotiating, claims_head):
    """Before: the hospital page's timeline printed the raw verb ("submit") and the feed kept its own table."""
    cooperation = prepared(negotiating)
    perform_transition(cooperation, "submit", by=claims_head)
    client = client_for(claims_head)
    page = client.get(reverse("hospitals:detail", args=[cooperation.hospital_id])).content.decode()
    timeline = page.split('data-testid="timeline"', 1)[1].split("</ol>", 1)[0]
    assert "· 已上报总公司: 谈判沟通中 → 已上报总公司" in timeline
    assert ">submit<" not in timeline and "· submit" not in timeline
    feed = client.get(reverse("hospitals:feed")).content.decode()
    assert 'data-testid="feed-what">已上报总公司<div' in feed


# --- "sub-branch staff … can print an agreement and then get 404 on the document" --------------------------------
def test_sub_branch_staff_open_the_agreement_they_printed(orgs, adjuster, negotiating):
    cooperation = prepared(negotiating)
    agreement = cooperation.agreements.get()
    client = client_for(adjuster)
    client.post(reverse("hospitals:agreement_print", args=[agreement.pk]))
    (job,) = run_pending_jobs()
    assert job.status == "done", job.error
    detail = reverse("documents:detail", args=[job.document.number])
    assert client.get(detail).status_code == 200
    assert client.get(reverse("documents:download", args=[job.document.number])).status_code == 200


# --- "a green-channel agent or a mediator of the branch … can open an agreement PDF (with liaisons' phones)" -------
@pytest.mark.parametrize("role", [Role.GREEN_CHANNEL_AGENT, Role.MEDIATOR])
def test_roles_without_business_in_the_network_cannot_open_its_agreements(orgs, make_user, claims_head, role):
    cooperation = Cooperation.objects.create(hospital=make_hospital(orgs.jilin), org=orgs.jilin)
    document = IssuedDocument(
        number="CA-2026-000009",
        kind="cooperation_agreement",
        title="协议",
        sha256="0" * 64,
        size=8,
        issued_at=timezone.now(),
        issued_by=claims_head,
        org=orgs.jilin,
        content_type=ContentType.objects.get_for_model(Cooperation),
        object_id=cooperation.pk,
    )
    document.file.save("x.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    person = make_user(orgs.jilin, role)
    for name in ("documents:detail", "documents:download"):
        assert client_for(person).get(reverse(name, args=[document.number])).status_code == 404
        assert client_for(claims_head).get(reverse(name, args=[document.number])).status_code == 200


# --- "sub-branch staff are scoped by two different rules … the scope logic is written out six times" -------------
def test_every_list_asks_the_one_scope_and_the_answer_fits_the_record(orgs, make_user, adjuster, claims_head):
    """One primitive (organization.scoping), two named answers: a sub-branch's own part of the company (org
    pages, work items such as deadlines) and the branch's shared records (its hospital network). Before, the
    network and the org tree disagreed by accident: one let a sub-branch work the branch, the other hid it."""
    from organization.scoping import scope_for
    from sla.services.deadlines import open_deadline

    shenzhen_sub = OrgUnit.objects.create(
        code="sz-nanshan",
        name="南山支公司",
        level="tertiary",
        parent=orgs.shenzhen,
        city="南山区",
        annual_motor_premium=1,
    )
    sibling = OrgUnit.objects.create(
        code="jl-panshi",
        name="磐石支公司",
        level="tertiary",
        parent=orgs.jilin,
        city="磐石市",
        annual_motor_premium=1,
    )
    for org in (orgs.jilin, orgs.shenzhen):
        Cooperation.objects.create(
            hospital=make_hospital(org, name=f"{org.name}医院", city=org.claims_city), org=org
        )
    for org in (orgs.jilin, orgs.jilinshi, sibling, orgs.shenzhen, shenzhen_sub):
        open_deadline("report_response", subject=org, org=org, title=org.name)
    sub_scope = scope_for(adjuster)
    assert set(OrgUnit.objects.visible_to(adjuster)) == {orgs.jilinshi}
    assert set(Deadline.objects.visible_to(adjuster).values_list("org_id", flat=True)) == {orgs.jilinshi.pk}
    assert set(Hospital.objects.visible_to(adjuster).values_list("org_id", flat=True)) == {orgs.jilin.pk}
    assert sub_scope.shares(orgs.jilin.pk) and not sub_scope.covers(orgs.jilin.pk)
    assert not sub_scope.shares(sibling.pk) and not sub_scope.shares(orgs.shenzhen.pk)
    branch = {orgs.jilin.pk, orgs.jilinshi.pk, sibling.pk}
    assert set(OrgUnit.objects.visible_to(claims_head).values_list("pk", flat=True)) == branch
    assert set(Deadline.objects.visible_to(claims_head).values_list("org_id", flat=True)) == branch
    assert set(Cooperation.objects.visible_to(claims_head).values_list("org_id", flat=True)) == {
        orgs.jilin.pk
    }


# --- "the sweep has a second notification path" -----------------------------------------------------------------
def test_the_sweep_notifies_through_the_one_notification_function(orgs, make_user, monkeypatch):
    """The sweep makes its notifications set-based (INSERT … SELECT) through sla.notifications, and their
    deliveries come from the same fan-out as every other notification's."""
    from sla import notifications
    from sla.services import sweep as sweeping
    from sla.services.deadlines import open_deadline

    handler = make_user(orgs.jilinshi, Role.INJURY_FOLLOW_UP, email="h@example.com")
    make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, email="head@example.com")
    open_deadline(
        "report_response",
        subject=orgs.jilinshi,
        org=orgs.jilinshi,
        title="报案",
        assignee=handler,
        started_at=timezone.now() - dt.timedelta(hours=2),
    )
    calls, fan_outs = [], []
    real_sets, real_fan_out = notifications.send_notification_sets, notifications._fan_out

    def spy(sets):
        sets = list(sets)
        calls.append([item.kind for item in sets])
        return real_sets(sets)

    def fan_out_spy(batch, now):
        fan_outs.append(batch)
        return real_fan_out(batch, now)

    monkeypatch.setattr(sweeping, "send_notification_sets", spy)
    monkeypatch.setattr(notifications, "_fan_out", fan_out_spy)
    result = sweeping.sweep()
    assert result.breached == 1 and calls == [["sla.deadline_breach", "sla.deadline_escalate"]]
    assert Notification.objects.count() == 2 and len(fan_outs) == 1 and len(result.delivery_ids) == 2
    notifications.notify([handler], kind="hospitals.submitted", context={"hospital": "甲", "org": "乙"})
    assert len(fan_outs) == 2


# --- "`notify` checks then creates (racy)" -------------------------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_notifying_the_same_key_make_one_row_and_neither_fails(orgs, make_user):
    """Before: notify() looked for the key, then inserted. Two transactions notifying at once both found nothing;
    the second insert then broke on the unique key (a 500 for whoever came second)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs two real transactions")
    from django.db import transaction

    from sla.notifications import notify

    person = make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD)
    first_inserted, go = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def first():
        try:
            with transaction.atomic():
                notify(
                    [person],
                    kind="hospitals.submitted",
                    context={"hospital": "甲", "org": "乙"},
                    dedupe_key="k1",
                )
                first_inserted.set()
                go.wait(5)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def second():
        try:
            with transaction.atomic():
                notify(
                    [person],
                    kind="hospitals.submitted",
                    context={"hospital": "甲", "org": "乙"},
                    dedupe_key="k1",
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    a = threading.Thread(target=first)
    a.start()
    assert first_inserted.wait(5)
    b = threading.Thread(target=second)
    b.start()  # its insert waits on the first transaction's uncommitted row
    b.join(0.5)
    go.set()
    a.join(10)
    b.join(10)
    assert errors == []
    assert Notification.objects.filter(recipient=person, dedupe_key="k1").count() == 1


# --- "`documents` holds an enum of domain document kinds (each new kind is a `documents` migration)" ------------
def test_every_kind_of_document_is_registered_by_the_app_that_prints_it():
    import documents.models

    assert not hasattr(documents.models, "DocumentKind")
    owners = {kind.slug: kind.can_read.__module__.split(".")[0] for kind in document_kinds.kinds()}
    assert owners["cooperation_agreement"] == "hospitals"
    assert owners["mediator_authorisation"] == "injury_claims"
    assert not any(owner == "documents" for owner in owners.values())
    assert IssuedDocument._meta.get_field("kind").choices is None


def test_the_events_of_a_record_are_visible_exactly_when_the_record_is(
    orgs, claims_head, outsider, negotiating
):
    """Events are read through their records (Event.objects.of): no org-based shortcut that shows another
    branch's events or hides a sub-branch's."""
    cooperation = prepared(negotiating)
    perform_transition(cooperation, "submit", by=claims_head)
    mine = Event.objects.of(Cooperation.objects.visible_to(claims_head))
    theirs = Event.objects.of(Cooperation.objects.visible_to(outsider))
    assert mine.filter(verb="submit").exists() and not theirs.exists()
