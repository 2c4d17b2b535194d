"""The SLA engine's subscribers to published events (workflow.events), run inside the transition's transaction.

* :func:`apply_clocks`: a transition leaves a state whose declared clock was running → the deadline is met (or
  cancelled, for the transitions the Clock names); it enters a state with a declared clock → a deadline opens.
* :func:`send_notices`: a transition's Step declares notices → each recipient is notified once per event (the key
  is the event), never the person who took the step; a recipient outside the staff (a ``Contact``) gets the text
  by SMS.

Both read the registered Workflow of the record's model; events on records without one pass through untouched.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation

from workflow import registry

from .models import Deadline
from .notifications import Contact, Message, Outgoing, send_messages, send_notifications
from .services.deadlines import cancel_deadline, meet_deadline, open_deadline


def _text(template, context: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(template) % {key: str(value) for key, value in context.items()}


def apply_clocks(event, subject: models.Model) -> None:
    workflow = registry.for_instance(subject)
    if workflow is None or not event.to_state or event.from_state == event.to_state:
        return
    before, after = workflow.clocks_in(event.from_state), workflow.clocks_in(event.to_state)
    # A clock spanning both states runs on. Clocks are told apart as declared, so two declarations of one policy
    # with different starts (a green-channel step counted from the first call or from complete documents) each
    # open in their own first state.
    staying = [clock for clock in after if clock in before]
    leaving = {clock.policy: clock for clock in before if clock not in after}
    if leaving:
        running = Deadline.objects.for_object(subject).running().filter(policy__code__in=list(leaving))
        for deadline in running.select_related("policy"):
            if event.verb in leaving[deadline.policy.code].cancel_on:
                cancel_deadline(deadline)
            else:
                meet_deadline(deadline, at=event.created_at)
    entering = [clock for clock in after if clock not in staying]
    if entering:
        context = workflow.context(subject)
        for clock in entering:
            if clock.applies is not None and not clock.applies(subject):
                continue
            terms = clock.terms(subject) if clock.terms is not None else None
            if clock.terms is not None and terms is None:
                continue  # the record states no service level for this step: nothing to time
            open_deadline(
                clock.policy,
                subject=subject,
                org=workflow.org_of(subject),
                title=_text(clock.title, context),
                started_at=(clock.start(subject) if clock.start else None) or event.created_at,
                terms=terms,
            )


def send_notices(event, subject: models.Model) -> None:
    workflow = registry.for_instance(subject)
    step = workflow.steps.get(event.verb) if workflow is not None else None
    if step is None or not step.notices:
        return
    with translation.override(
        settings.LANGUAGE_CODE
    ):  # the texts are the product's language, not the actor's
        context = {
            **workflow.context(subject),
            "state": workflow.state_label(event.to_state),
            "note": event.note,
            "by": str(event.actor or ""),
        }
    url = subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else ""
    content_type_id = ContentType.objects.get_for_model(subject).pk
    outgoing: list[Outgoing] = []
    messages: list[Message] = []
    for notice in step.notices:
        for index, recipient in enumerate(notice.to(subject)):
            if isinstance(recipient, Contact):  # someone outside the staff: the text by SMS
                messages.append(
                    Message(
                        contact=recipient,
                        kind=notice.kind,
                        context=context,
                        content_type_id=content_type_id,
                        object_id=subject.pk,
                        dedupe_key=f"event:{event.pk}:{notice.kind}:{index}",
                    )
                )
            elif recipient is not None and recipient.pk != event.actor_id:
                outgoing.append(
                    Outgoing(
                        recipient=recipient,
                        kind=notice.kind,
                        context=context,
                        url=url,
                        content_type_id=content_type_id,
                        object_id=subject.pk,
                        dedupe_key=f"event:{event.pk}:{notice.kind}",
                    )
                )
    send_notifications(outgoing)
    send_messages(messages)


def subscribe_all() -> None:
    from workflow import events

    events.subscribe(apply_clocks, uid="sla.apply_clocks")
    events.subscribe(send_notices, uid="sla.send_notices")
