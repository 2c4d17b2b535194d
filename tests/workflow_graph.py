"""The graph test every workflow runs (DESIGN.md "Workflows"): walk the declaration and its django-fsm transitions.

It fails when a target state does not exist, a state cannot be reached from the start, a non-final state has no
way out, a transition has no Step (label, timeline words) or no permission predicate — or no test: every
transition must be named by a ``@pytest.mark.covers("<workflow>", "<transition>", …)`` marker on some test.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

from django_fsm import ANY_OTHER_STATE, ANY_STATE

from workflow.declaration import Workflow

TESTS = Path(__file__).resolve().parent


@cache
def covered_transitions() -> frozenset[tuple[str, str]]:
    """(workflow, transition) named by a ``pytest.mark.covers`` marker anywhere under tests/."""
    found: set[tuple[str, str]] = set()
    for path in TESTS.rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "covers" and node.args:
                values = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
                found.update((values[0], name) for name in values[1:])
    return frozenset(found)


def assert_workflow_graph(workflow: Workflow) -> None:
    problems = workflow.problems()
    assert not problems, "\n".join(problems)
    states = {value for value, _label in workflow.states.choices}
    transitions = workflow.transitions()
    assert transitions, f"{workflow.name} declares no transitions"
    outgoing: dict[str, set[str]] = defaultdict(set)
    for t in transitions:
        assert t.target in states, f"{workflow.name}.{t.name} targets unknown state {t.target!r}"
        sources = states if t.source in (ANY_STATE, ANY_OTHER_STATE) else {t.source}
        for source in sources:
            assert source in states, f"{workflow.name}.{t.name} starts from unknown state {source!r}"
            outgoing[source].add(t.target)
    reachable, frontier = {workflow.start}, [workflow.start]
    while frontier:
        for target in outgoing[frontier.pop()]:
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == states, f"unreachable from {workflow.start}: {sorted(states - reachable)}"
    dead_ends = {s for s in states - set(workflow.finals) if not outgoing[s]}
    assert not dead_ends, f"non-final states with no way out: {sorted(dead_ends)}"
    assert set(workflow.finals) <= states
    untested = sorted(
        name for name in workflow.transition_names() if (workflow.name, name) not in covered_transitions()
    )
    assert not untested, f"{workflow.name}: transitions without a test (@pytest.mark.covers): {untested}"
