import threading

import pytest
from django.db import connection, connections

from tests.testapp.models import Widget
from tests.workflow_graph import assert_workflow_graph
from workflow.models import Event
from workflow.services import (
    StaleState,
    TransitionNotPermitted,
    TransitionRefused,
    perform_transition,
    record_event,
)
from workflow.signals import event_committed, transition_applied


@pytest.fixture
def widget(orgs):
    return Widget.objects.create(org=orgs.jilin, name="样品")


def test_widget_graph():
    assert_workflow_graph(Widget, "state", Widget.START, set(Widget.FINAL))


def test_graph_checker_catches_a_transition_without_permission(monkeypatch):
    transition = Widget.submit._django_fsm.transitions[Widget.State.DRAFT]
    monkeypatch.setattr(transition, "permission", None)
    with pytest.raises(AssertionError, match="names no permission"):
        assert_workflow_graph(Widget, "state", Widget.START, set(Widget.FINAL))


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


def test_deadline_hook_runs_inside_the_transaction(widget, claims_head):
    seen = []

    def hook(sender, instance, event, **kwargs):
        seen.append((instance.state, connection.in_atomic_block, event.to_state))

    transition_applied.connect(hook, sender=Widget)
    try:
        perform_transition(widget, "submit", by=claims_head)
    finally:
        transition_applied.disconnect(hook, sender=Widget)
    assert seen == [("submitted", True, "submitted")]


def test_notifications_wait_for_the_commit(widget, claims_head, django_capture_on_commit_callbacks):
    received = []

    def listener(sender, instance, event, **kwargs):
        received.append(event.verb)

    event_committed.connect(listener, sender=Widget)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            perform_transition(widget, "submit", by=claims_head)
        assert received == [] and len(callbacks) == 1
        callbacks[0]()
        assert received == ["submit"]
    finally:
        event_committed.disconnect(listener, sender=Widget)


def test_refused_transition_queues_no_notification(widget, outsider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(TransitionNotPermitted):
        perform_transition(widget, "submit", by=outsider)
    assert callbacks == []


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
