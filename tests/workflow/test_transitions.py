import threading

import pytest
from django.db import connection, connections

from organization.roles import Role
from tests.testapp.models import Widget
from tests.testapp.workflows import WIDGET
from tests.workflow_graph import assert_workflow_graph
from workflow import events
from workflow.models import Event
from workflow.services import (
    StaleState,
    TransitionNotPermitted,
    TransitionRefused,
    perform_transition,
    record_event,
)


@pytest.fixture
def widget(orgs):
    return Widget.objects.create(org=orgs.jilin, name="样品")


def test_widget_graph():
    assert_workflow_graph(WIDGET)


def test_graph_checker_catches_a_transition_without_permission(monkeypatch):
    transition = Widget.submit._django_fsm.transitions[Widget.State.DRAFT]
    monkeypatch.setattr(transition, "permission", None)
    with pytest.raises(AssertionError, match="names no permission"):
        assert_workflow_graph(WIDGET)


def test_graph_checker_catches_a_transition_without_label(monkeypatch):
    steps = {name: step for name, step in WIDGET.steps.items() if name != "reopen"}
    monkeypatch.setattr(WIDGET, "steps", steps)
    with pytest.raises(AssertionError, match="reopen has no Step"):
        assert_workflow_graph(WIDGET)


def test_graph_checker_catches_a_transition_without_test(monkeypatch):
    from tests import workflow_graph

    covered = workflow_graph.covered_transitions() - {("testapp.widget", "reopen")}
    monkeypatch.setattr(workflow_graph, "covered_transitions", lambda: covered)
    with pytest.raises(AssertionError, match=r"without a test .*reopen"):
        assert_workflow_graph(WIDGET)


@pytest.mark.covers("testapp.widget", "submit")
def test_transition_changes_state_and_writes_one_event(
    widget, claims_head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = perform_transition(widget, "submit", by=claims_head, note="资料齐全", expected_state="draft")
    widget.refresh_from_db()
    assert widget.state == "submitted" and widget.submissions == 1
    assert list(Event.objects.for_object(widget)) == [event]
    assert (event.actor, event.verb, event.from_state, event.to_state, event.note, event.org) == (
        claims_head,
        "submit",
        "draft",
        "submitted",
        "资料齐全",
        widget.org,
    )


def test_permission_is_checked_and_nothing_changes(widget, outsider):
    with pytest.raises(TransitionNotPermitted):
        perform_transition(widget, "submit", by=outsider)
    widget.refresh_from_db()
    assert widget.state == "draft" and not Event.objects.exists()


def test_transition_not_available_from_current_state_is_refused(widget, hq_approver):
    with pytest.raises(TransitionRefused, match="无法执行此操作"):
        perform_transition(widget, "approve", by=hq_approver)
    assert not Event.objects.exists()


def test_unknown_action_is_refused(widget, claims_head):
    with pytest.raises(TransitionRefused):
        perform_transition(widget, "save", by=claims_head)


@pytest.mark.covers("testapp.widget", "reject")
def test_stale_expected_state_is_refused_with_clear_message(widget, claims_head, hq_approver):
    perform_transition(widget, "submit", by=claims_head, expected_state="draft")
    perform_transition(widget, "reject", by=hq_approver, expected_state="submitted")
    # A second approver still looking at "submitted" acts after the rejection: told, nothing lost.
    with pytest.raises(StaleState, match="已被他人修改"):
        perform_transition(widget, "approve", by=hq_approver, expected_state="submitted")
    widget.refresh_from_db()
    assert widget.state == "rejected"
    assert Event.objects.for_object(widget).count() == 2


def test_concurrent_transition_on_stale_copy_is_refused(widget, claims_head):
    """Optimistic net under the lock: a save from a copy loaded before another transition is refused."""
    from django_fsm import ConcurrentTransition

    stale = Widget.objects.get(pk=widget.pk)
    perform_transition(widget, "submit", by=claims_head)
    stale.submit()
    with pytest.raises(ConcurrentTransition):
        stale.save()


def test_caller_copy_reflects_new_state(widget, claims_head):
    perform_transition(widget, "submit", by=claims_head)
    assert widget.state == "submitted"


@pytest.fixture
def subscriber():
    """Subscribe a handler for one test."""
    uids = []

    def add(handler, **kwargs):
        uid = f"test-{len(uids)}"
        events.subscribe(handler, uid=uid, **kwargs)
        uids.append(uid)

    yield add
    for uid in uids:
        events.unsubscribe(uid)


def test_in_transaction_subscribers_run_inside_the_transaction(widget, claims_head, subscriber):
    seen = []
    subscriber(
        lambda event, subject: seen.append((subject.state, connection.in_atomic_block, event.to_state))
    )
    perform_transition(widget, "submit", by=claims_head)
    assert seen == [("submitted", True, "submitted")]


def test_after_commit_subscribers_wait_for_the_commit(
    widget, claims_head, subscriber, django_capture_on_commit_callbacks
):
    received = []
    subscriber(lambda event, subject: received.append(event.verb), after_commit=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        perform_transition(widget, "submit", by=claims_head)
    assert received == []
    for callback in callbacks:
        callback()
    assert received == ["submit"]


def test_refused_transition_publishes_nothing(
    widget, outsider, subscriber, django_capture_on_commit_callbacks
):
    seen = []
    subscriber(lambda event, subject: seen.append(event))
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(TransitionNotPermitted):
        perform_transition(widget, "submit", by=outsider)
    assert seen == [] and callbacks == []


def test_a_failing_subscriber_rolls_the_transition_back(widget, claims_head, subscriber):
    def broken(event, subject):
        raise RuntimeError("boom")

    subscriber(broken)
    with pytest.raises(RuntimeError):
        perform_transition(widget, "submit", by=claims_head)
    widget.refresh_from_db()
    assert widget.state == "draft" and not Event.objects.exists()


def test_record_event_for_non_transition_facts(widget, claims_head):
    event = record_event(widget, "comment", by=claims_head, note="电话联系医院")
    assert event.from_state == "" and Event.objects.for_object(widget).get() == event


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_at_once_one_wins_the_other_is_told(orgs, make_user):
    """Real row lock on PostgreSQL: two threads approve and reject the same submission at the same moment."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    from organization.roles import Role

    head = make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD)
    approvers = [make_user(orgs.hq, Role.HQ_NETWORK_APPROVER) for _ in range(2)]
    widget = Widget.objects.create(org=orgs.jilin, name="并发")
    perform_transition(widget, "submit", by=head)
    barrier = threading.Barrier(2)
    outcomes = []

    def act(user, name):
        try:
            barrier.wait()
            perform_transition(
                Widget(pk=widget.pk, org_id=widget.org_id), name, by=user, expected_state="submitted"
            )
            outcomes.append(("ok", name))
        except StaleState as exc:
            outcomes.append(("stale", exc.message))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(approvers[0], "approve")),
        threading.Thread(target=act, args=(approvers[1], "reject")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(kind for kind, _ in outcomes) == ["ok", "stale"]
    widget.refresh_from_db()
    winner = next(name for kind, name in outcomes if kind == "ok")
    assert widget.state == {"approve": "approved", "reject": "rejected"}[winner]
    assert Event.objects.for_object(widget).count() == 2  # submit + the winner only


# --- the declaration at work: guards under the lock, clocks and notices from the bus -----------------------------
@pytest.mark.covers("testapp.widget", "approve", "reopen")
def test_declared_clock_opens_on_entry_and_is_met_or_cancelled_on_exit(widget, claims_head, hq_approver):
    from sla.models import Deadline

    perform_transition(widget, "submit", by=claims_head)
    clock = Deadline.objects.for_object(widget).get()
    assert clock.policy.code == "test_review" and clock.is_running and clock.title == "Review of 样品"
    perform_transition(widget, "reject", by=hq_approver, note="缺资料")
    clock.refresh_from_db()
    assert clock.state == Deadline.State.CANCELLED  # the Clock names reject in cancel_on
    perform_transition(widget, "reopen", by=claims_head)
    perform_transition(widget, "submit", by=claims_head)
    perform_transition(widget, "approve", by=hq_approver)
    states = sorted(Deadline.objects.for_object(widget).values_list("state", flat=True))
    assert states == [Deadline.State.CANCELLED, Deadline.State.MET]


def test_declared_notice_reaches_the_recipients_but_not_the_actor(
    widget, claims_head, hq_approver, make_user, orgs
):
    from sla.models import Notification

    other_head = make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD)
    perform_transition(widget, "submit", by=claims_head)
    event = perform_transition(widget, "approve", by=hq_approver, note="同意")
    sent = Notification.objects.filter(kind="testapp.decided")
    assert {n.recipient for n in sent} == {claims_head, other_head}
    assert {n.dedupe_key for n in sent} == {f"event:{event.pk}:testapp.decided"}
    assert sent.first().title == "Widget 样品: Approved"


def test_a_guard_is_checked_under_the_lock_with_its_reason(widget, claims_head):
    """The guard reads the locked row: a name emptied after the page was loaded still stops the submission."""
    stale_copy = Widget.objects.get(pk=widget.pk)
    Widget.objects.filter(pk=widget.pk).update(name=" ")
    with pytest.raises(TransitionRefused, match="Give the widget a name"):
        perform_transition(stale_copy, "submit", by=claims_head, expected_state="draft")
    widget.refresh_from_db()
    assert widget.state == "draft" and not Event.objects.exists()


def test_a_permission_name_would_let_any_branch_pass_so_predicates_get_the_object(widget, outsider):
    """allowed(predicate) hands django-fsm a callable: with a permission *name* django-fsm falls back to
    user.has_perm(name) without the object, and a role holder of any branch would pass."""
    transition = Widget.submit._django_fsm.transitions[Widget.State.DRAFT]
    assert callable(transition.permission) and transition.permission.predicate.__name__ == "is_branch_staff"
    assert not transition.has_perm(widget, outsider)


def test_actions_for_offers_permitted_steps_and_explains_blocked_ones(widget, claims_head, hq_approver):
    Widget.objects.filter(pk=widget.pk).update(name="")
    widget.refresh_from_db()
    actions = WIDGET.actions_for(claims_head, widget)
    assert [(a.name, a.blocked_by) for a in actions] == [
        ("submit", ["Give the widget a name before submitting it."])
    ]
    assert WIDGET.actions_for(hq_approver, widget) == []
