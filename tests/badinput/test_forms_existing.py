"""The forms of the hospital network, the reference data, search, reminders and verification under the corpus.

The endpoints (and the records behind them) are those of ``tests/test_form_errors.py``: each is posted with the
core corpus in one field after another, then with Hypothesis' values (see ``conftest.py``).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.badinput.conftest import VALUES, Endpoint, accepts, submit, with_core_corpus
from tests.test_form_errors import cases, world  # noqa: F401 - the fixture

UPLOADS = {"hospital import", "calendar import", "reference import"}  # the uploads corpus' part
NAMES = [
    "hospital create",
    "hospital edit",
    "eligibility",
    "agreement draft",
    "signing",
    "filing",
    "step request_rectification",
    "annual evaluation",
    "step decide (evaluation)",
    "function decision",
    "step terminate",
    "step reject",
    "maintenance",
    "reminder reschedule",
    "verify",
    "reference drug create",
    "reference drug edit",
    "reference standard create",
    "reference aid create",
    "save a search",
    "evaluate staff",
    "activity trainings",
    "activity advisors",
    "activity dispatches",
    "activity hk-cases",
]
READ_ONLY = {"verify": (200,)}
# The records of tests/test_form_errors.py are made for refusals: these are not ready to be taken (no signed scan
# posted, the agreement not signed, the termination's conditions): the corpus checks their refusals only.
NOT_READY = {"signing", "filing", "step terminate"}


@pytest.fixture
def endpoints(world):  # noqa: F811
    found = {}
    for case in cases(world):
        if case.name in UPLOADS:
            continue
        found[case.name] = Endpoint(
            case.name,
            case.url,
            case.client,
            case.data,
            form=lambda d, case=case: case.form(d, {}),
            ok_status=READ_ONLY.get(case.name, (302,)),
            transformed=("query",),  # a saved search keeps only the known filters of its query
        )
    return found


def test_the_list_is_complete(endpoints):
    assert sorted(endpoints) == sorted(NAMES)


@pytest.mark.parametrize("name", [n for n in NAMES if n not in NOT_READY])
def test_the_valid_data_is_taken(endpoints, name):
    accepts(endpoints[name])


@pytest.mark.parametrize("name", NAMES)
@with_core_corpus
@given(slot=st.integers(min_value=0, max_value=50), value=VALUES)
def test_bad_input(endpoints, name, slot, value):
    submit(endpoints[name], slot, value)
