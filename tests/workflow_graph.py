"""The graph test every workflow runs (DESIGN.md "Workflows"): walk the declared @transition methods."""

from __future__ import annotations

from collections import defaultdict

from django_fsm import ANY_OTHER_STATE, ANY_STATE


def transitions_of(model, field_name: str) -> list:
    field = model._meta.get_field(field_name)
    return list(field.get_all_transitions(model))


def assert_workflow_graph(model, field_name: str, start: str, finals: set[str]) -> None:
    field = model._meta.get_field(field_name)
    states = {value for value, _label in field.choices}
    transitions = transitions_of(model, field_name)
    assert transitions, f"{model.__name__}.{field_name} declares no transitions"
    outgoing: dict[str, set[str]] = defaultdict(set)
    for t in transitions:
        assert t.permission is not None, (
            f"{model.__name__}.{t.name} ({t.source}→{t.target}) names no permission"
        )
        assert t.target in states, f"{model.__name__}.{t.name} targets unknown state {t.target!r}"
        sources = states if t.source in (ANY_STATE, ANY_OTHER_STATE) else {t.source}
        for source in sources:
            assert source in states, f"{model.__name__}.{t.name} starts from unknown state {source!r}"
            outgoing[source].add(t.target)
    reachable, frontier = {start}, [start]
    while frontier:
        for target in outgoing[frontier.pop()]:
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == states, f"unreachable from {start}: {sorted(states - reachable)}"
    dead_ends = {s for s in states - set(finals) if not outgoing[s]}
    assert not dead_ends, f"non-final states with no way out: {sorted(dead_ends)}"
    assert finals <= states
