"""The declaration of a state machine: one object per process, next to its django-fsm transitions.

A process is declared in ``<app>/workflows.py`` in two parts that live side by side:

1. a mixin of explicit ``@transition`` methods (grep finds them; no metaclass) that the model inherits, each with
   its ``permission=allowed(<rules predicate>)`` and its guards as ``conditions=[<Guard>, …]``;
2. a :class:`Workflow` naming, for each transition, its :class:`Step` — the label of the button, the words of the
   timeline, the form of the parameters it needs, the notices it sends — and, for the process, the clocks each
   state runs (:class:`Clock`), the parts of the record that may change only in some states (``editable``), the
   context its texts are filled with.

``perform_transition`` evaluates the guards and the permission under the row lock and publishes the event; the
``sla`` subscribers open, meet and cancel the declared clocks and send the declared notices from it. Views,
templates, the timeline and boards read labels and available actions from the Workflow; nothing restates them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cached_property

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django_fsm import ANY_OTHER_STATE, ANY_STATE


# --- guards and permissions -------------------------------------------------------------------------------------
class Guard:
    """A condition of a transition that explains itself.

    ``check(instance)`` returns what stands in the way — a translated message, a list of them, or nothing when
    the step may be taken. django-fsm sees a boolean condition; ``perform_transition`` asks for the messages under
    the row lock and reports them to the user.
    """

    def __init__(self, check: Callable[[models.Model], str | Iterable[str] | None]):
        self.check = check
        self.__name__ = check.__name__
        self.__doc__ = check.__doc__

    def problems(self, instance: models.Model) -> list[str]:
        found = self.check(instance)
        if not found:
            return []
        if isinstance(found, str):
            return [found]
        return [str(message) for message in found]

    def __call__(self, instance: models.Model) -> bool:
        return not self.problems(instance)

    def __repr__(self) -> str:
        return f"Guard({self.__name__})"


def guard(check: Callable[[models.Model], str | Iterable[str] | None]) -> Guard:
    """Decorator form of :class:`Guard`."""
    return Guard(check)


def allowed(predicate: Callable) -> Callable[[models.Model, object], bool]:
    """A django-rules predicate ``(user, obj)`` as a django-fsm permission ``(instance, user)``.

    Always pass a callable: with a permission *name*, django-fsm falls back to ``user.has_perm(name)`` without
    the object when the object check fails, so any holder of the role in any branch would pass.
    """

    def permission(instance: models.Model, user) -> bool:
        return bool(user is not None and predicate(user, instance))

    permission.predicate = predicate
    permission.__name__ = getattr(predicate, "__name__", "permission")
    return permission


# --- what a workflow declares -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Notice:
    """A notification a step sends: a kind registered with ``sla.registry.register_notice`` and its recipients."""

    kind: str
    # (instance) -> users; or sla.notifications.Contact for someone outside the staff, who gets the text by SMS
    to: Callable[[models.Model], Iterable]


@dataclass(frozen=True)
class Clock:
    """A service-level clock that runs while the record is in ``state``.

    Entering the state opens a deadline of ``policy``; leaving it meets the deadline, or cancels it when the
    leaving transition is in ``cancel_on`` (e.g. a withdrawal: nobody was late). ``state`` may name several states
    (a tuple): the clock then runs from entering the first of them until leaving them all — moving between them
    neither meets nor restarts it (the 3-working-day payment clock spans calculation, approval and payment).
    """

    state: str | tuple[str, ...]
    policy: str
    title: str  # lazy translated, formatted with the workflow's context
    cancel_on: frozenset[str] = frozenset()
    # (instance) -> when the clock started; None: when the state was entered. A survey's "on site within 2 hours"
    # runs from the report, not from the moment the surveyor answered.
    start: Callable[[models.Model], object] | None = None
    # (instance) -> whether this record runs the clock at all (the fast track's one-hour payment notice runs only for
    # fast-track settlements within its limit); None: always.
    applies: Callable[[models.Model], bool] | None = None
    # (instance) -> (clock kind, duration) the record brings for this clock, e.g. a green-channel product's
    # "5 working days" (sla.SlaPolicy.ClockKind values); None from the callable: the record states no service level
    # for it, and the clock does not run. No callable: the policy's own duration.
    terms: Callable[[models.Model], tuple[str, int] | None] | None = None

    @property
    def states(self) -> tuple[str, ...]:
        return self.state if isinstance(self.state, tuple) else (self.state,)


@dataclass(frozen=True)
class Step:
    """What one transition means to people."""

    label: str  # the button: "Submit to HQ"
    done: str  # the timeline and the change feed: "Submitted to HQ"
    form: type | None = None  # a workflow.forms.StepForm subclass; None: the plain note form
    notices: tuple[Notice, ...] = ()
    style: str = ""  # "secondary" for steps that end or refuse something
    offered: bool = (
        True  # False: taken by scheduled jobs only (perform_transition(system=True)), never a button
    )

    @property
    def form_class(self) -> type:
        if self.form is not None:
            return self.form
        from .forms import StepForm

        return StepForm


@dataclass
class Action:
    """One step a person may take now, ready for a template: its name, its declaration and its unbound form."""

    name: str
    step: Step
    form: object
    blocked_by: list[str] = dataclass_field(
        default_factory=list
    )  # guards not met: why it cannot be taken yet

    @property
    def label(self) -> str:
        return self.step.label


@dataclass
class Workflow:
    name: str  # "hospitals.cooperation"
    model: str  # "hospitals.Cooperation"
    states: type[models.TextChoices]
    start: str
    finals: frozenset[str]
    steps: Mapping[str, Step]
    field: str = "state"
    clocks: tuple[Clock, ...] = ()
    # Parts of the record (a related record, a group of fields) that may change only in the listed states.
    editable: Mapping[str, frozenset[str]] = dataclass_field(default_factory=dict)
    # Labels of the other events put on records of this process (record_event verbs), for the timeline.
    event_labels: Mapping[str, str] = dataclass_field(default_factory=dict)
    # (instance) -> the values texts are filled with (titles of clocks and notices).
    context: Callable[[models.Model], dict] = lambda instance: {}
    # (instance) -> the org unit its clocks belong to.
    org_of: Callable[[models.Model], object] = lambda instance: instance.org

    # --- the model -------------------------------------------------------------------------------------------
    @cached_property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def transitions(self) -> list:
        """Every (source → target) transition django-fsm collected for the state field."""
        field_ = self.model_class._meta.get_field(self.field)
        return list(field_.get_all_transitions(self.model_class))

    def transition_names(self) -> set[str]:
        return {t.name for t in self.transitions()}

    def sources(self, name: str) -> set[str]:
        all_states = {value for value, _label in self.states.choices}
        found: set[str] = set()
        for t in self.transitions():
            if t.name == name:
                found |= all_states if t.source in (ANY_STATE, ANY_OTHER_STATE) else {t.source}
        return found

    # --- labels ----------------------------------------------------------------------------------------------
    def step(self, name: str) -> Step:
        try:
            return self.steps[name]
        except KeyError as exc:
            raise ImproperlyConfigured(f"{self.name}: transition {name!r} has no Step") from exc

    def state_label(self, value: str) -> str:
        try:
            return str(self.states(value).label)
        except ValueError:
            return value

    def event_label(self, verb: str) -> str | None:
        if verb in self.steps:
            return str(self.steps[verb].done)
        label = self.event_labels.get(verb)
        return str(label) if label is not None else None

    # --- what a person may do now ----------------------------------------------------------------------------
    def actions_for(self, user, instance: models.Model) -> list[Action]:
        """The steps this person may take from the record's current state, for a page.

        A step whose guards are not met is still offered, with ``blocked_by`` saying why (the button is disabled):
        people see what is missing rather than wonder where the button went. All of it is checked again by
        ``perform_transition`` under the row lock.
        """
        current = getattr(instance, self.field)
        actions = []
        for transition in self.transitions():
            if transition.source not in (current, ANY_STATE) and not (
                transition.source == ANY_OTHER_STATE and transition.target != current
            ):
                continue
            step = self.step(transition.name)
            if (
                not step.offered
                or not callable(transition.permission)
                or not transition.has_perm(instance, user)
            ):
                continue
            blocked = []
            for condition in transition.conditions:
                blocked.extend(condition.problems(instance) if isinstance(condition, Guard) else [])
            form = step.form_class(
                instance=instance,
                initial={"expected_state": current},
                auto_id=f"id_{transition.name}_%s",
            )
            actions.append(Action(transition.name, step, form, blocked))
        return actions

    def may_edit(self, instance: models.Model, part: str) -> bool:
        """May this part of the record change in the record's current state?"""
        try:
            states = self.editable[part]
        except KeyError as exc:
            raise ImproperlyConfigured(f"{self.name}: no editable rule for {part!r}") from exc
        return getattr(instance, self.field) in states

    # --- clocks ----------------------------------------------------------------------------------------------
    def clocks_in(self, state: str) -> list[Clock]:
        return [clock for clock in self.clocks if state in clock.states]

    # --- checks ----------------------------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """What is wrong with the declaration itself (the graph test asserts there is nothing)."""
        found = []
        states = {value for value, _label in self.states.choices}
        names = self.transition_names()
        for name in sorted(names - set(self.steps)):
            found.append(f"{self.name}.{name} has no Step (label, timeline words)")
        for name in sorted(set(self.steps) - names):
            found.append(f"{self.name}: Step {name!r} names no transition")
        for name, step in self.steps.items():
            if not str(step.label).strip() or not str(step.done).strip():
                found.append(f"{self.name}.{name} has an empty label")
        for t in self.transitions():
            if not callable(t.permission):
                found.append(f"{self.name}.{t.name} ({t.source}→{t.target}) names no permission predicate")
        for clock in self.clocks:
            for state in clock.states:
                if state not in states:
                    found.append(f"{self.name}: clock {clock.policy} runs in unknown state {state!r}")
        for part, allowed_states in self.editable.items():
            if not set(allowed_states) <= states:
                found.append(f"{self.name}: editable {part!r} names unknown states")
        return found
