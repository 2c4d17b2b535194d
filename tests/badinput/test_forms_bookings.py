"""The green channel's bookings and network list under the corpus: the lookup by ID or policy number, the experts proposed, the customer's choice,
the appointment confirmed, the service delivered, a no-show, a cancellation, the satisfaction call; a network
list row's decision.

A booking's step comes back to the booking page with its reasons as messages (post/redirect/get). Each test builds
only the records of its endpoint; 10 fixed values + 1 generated per form (``GENERATED``)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from green_channel.forms.bookings import (
    CancelForm,
    ChoiceForm,
    ConfirmForm,
    ExpertFormSet,
    LookupForm,
    NoShowForm,
    SatisfactionForm,
    ServedForm,
)
from green_channel.models import ServiceProduct
from green_channel.network_forms import DecisionForm
from green_channel.network_services import import_network_list
from green_channel.services import bookings as services
from organization.roles import Role
from tests.badinput.conftest import VALUES, Endpoint, Together, accepts, submit, with_core_corpus
from tests.conftest import client_for
from tests.green_channel.conftest import agent, policy  # noqa: F401 - fixtures
from tests.green_channel.test_bookings import arrange, book
from tests.green_channel.test_network_services import LIST, registry  # noqa: F401 - fixtures
from workflow.services import perform_transition

GENERATED = 1
NAMES = [
    "policy lookup",
    "booking experts",
    "booking choice",
    "booking confirm",
    "booking served",
    "booking no-show",
    "booking cancel",
    "booking satisfaction",
    "network decision",
]
FORMS = {
    "booking confirm": ConfirmForm,
    "booking served": ServedForm,
    "booking no-show": NoShowForm,
    "booking cancel": CancelForm,
    "booking satisfaction": SatisfactionForm,
}


def _act(booking, action: str) -> str:
    return reverse("green_channel:booking_act", args=[booking.pk, action])


def _confirmed(booking, agent):  # noqa: F811
    return services.confirm(
        booking,
        appointment_at=timezone.now() + datetime.timedelta(days=3),
        hospital="吉林大学第一医院",
        department="胸外科",
        expert="专家1",
        by=agent,
    )


@pytest.fixture
def endpoint(request, policy, agent, orgs, make_user):  # noqa: F811
    name = request.param
    client = client_for(agent)
    if name == "network decision":
        hq_agent = make_user(orgs.hq, Role.GREEN_CHANNEL_AGENT, username="bf_hq_agent")
        request.getfixturevalue("registry")
        product = ServiceProduct.objects.get(code="cancer-31-cities")
        version = import_network_list(product, LIST, file_name="v1.xlsx", by=hq_agent)
        entry = version.entries.get(hospital_name="吉林省肿瘤医院")
        return Endpoint(
            name,
            reverse("green_channel:network_decide", args=[entry.pk]),
            client_for(hq_agent),
            {"choice": "absent", "revision": str(entry.revision)},
            form=lambda d: DecisionForm(d),
        )
    if name == "policy lookup":
        return Endpoint(
            name,
            reverse("green_channel:lookup"),
            client,
            {"q": policy.number},
            form=lambda d: LookupForm(d),
            ok_status=(200,),  # the answer is the page with the customer's entitlements
        )
    booking = book(policy, agent)
    if name == "booking experts":
        for step in ("documents_received", "accept", "start_arranging"):
            perform_transition(booking, step, by=agent)
        data = {"experts-TOTAL_FORMS": "3", "experts-INITIAL_FORMS": "0"}
        for n in range(3):
            data.update(
                {
                    f"experts-{n}-expert": f"专家{n + 1}",
                    f"experts-{n}-title": "主任医师",
                    f"experts-{n}-hospital": "吉林大学第一医院",
                    f"experts-{n}-department": "胸外科",
                    f"experts-{n}-available": "周三上午",
                }
            )
        return Endpoint(
            name,
            _act(booking, "experts"),
            client,
            data,
            form=lambda d: Together(ExpertFormSet(d, prefix="experts")),
            skip=("experts-TOTAL_FORMS", "experts-INITIAL_FORMS"),
        )
    if name == "booking choice":
        for step in ("documents_received", "accept", "start_arranging"):
            perform_transition(booking, step, by=agent)
        proposals = services.propose_experts(
            booking,
            [
                {
                    "expert": f"专家{n}",
                    "title": "主任医师",
                    "hospital": "吉林大学第一医院",
                    "department": "胸外科",
                }
                for n in (1, 2, 3)
            ],
            by=agent,
        )
        booking.refresh_from_db()
        return Endpoint(
            name,
            _act(booking, "choose"),
            client,
            {"proposal": str(proposals[0].pk), "expected_state": booking.state},
            form=lambda d: ChoiceForm(d),
        )
    booking = arrange(booking, agent)
    if name in ("booking served", "booking no-show", "booking cancel"):
        booking = _confirmed(booking, agent)
    if name == "booking satisfaction":
        booking = _confirmed(booking, agent)
        services.serve(booking, on=timezone.localdate(), by=agent)
        booking.refresh_from_db()
    data = {
        "booking confirm": {
            "appointment_at": (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "hospital": "吉林大学第一医院",
            "department": "胸外科",
            "expert": "专家1",
            "note": "请提前半小时到达",
        },
        "booking served": {"on": timezone.localdate().isoformat(), "note": "已就诊"},
        "booking no-show": {"counts": "yes", "note": "客户未到"},
        "booking cancel": {"counts": "", "note": "客户临时出差"},
        "booking satisfaction": {"score": "5", "note": "非常满意"},
    }[name]
    action = {
        "booking confirm": "confirm",
        "booking served": "served",
        "booking no-show": "no_show",
        "booking cancel": "cancel",
        "booking satisfaction": "satisfaction",
    }[name]
    return Endpoint(
        name,
        _act(booking, action),
        client,
        {"expected_state": booking.state, **data},
        form=lambda d, form=FORMS[name]: form(d),
    )


@pytest.mark.parametrize("endpoint", NAMES, indirect=True)
def test_the_valid_data_is_taken(endpoint):
    accepts(endpoint)


@pytest.mark.parametrize("endpoint", NAMES, indirect=True)
@with_core_corpus(generated=GENERATED)
@given(slot=st.integers(min_value=0, max_value=50), value=VALUES)
def test_bad_input(endpoint, slot, value):
    submit(endpoint, slot, value)
