"""Races in the hospital network: HQ approving and returning the same file, the branch withdrawing it while HQ
decides, and two people saving the same registry entry from forms loaded before either saved."""

from __future__ import annotations

from functools import partial

import pytest
from django.urls import reverse

from hospitals.forms.registry import HospitalForm
from hospitals.models import Cooperation, Hospital
from organization.roles import Role
from tests.conftest import english_client
from tests.hospitals.conftest import LIAISONS
from workflow.models import Event

from .harness import Pairs, Tally, is_translated

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

STALE = "Someone else changed this record while you were looking at it"
STALE_MSGID = (
    "Someone else changed this record while you were looking at it (it is now “%(state)s”). "
    "Reload the page and try again."
)
HOSPITAL = {
    "province": "22",
    "city": "长春市",
    "district": "朝阳区",
    "address": "新民大街71号",
    "nature": Hospital.Nature.PUBLIC,
    "grade": Hospital.Grade.G3A,
    "kind": Hospital.Kind.GENERAL,
    "beds": 800,
    "specialties": "创伤骨科",
    "emergency_phone": "0431-88782222",
    "emergency_contact": "急诊科",
    "itemised_billing": True,
}


def hospitals(org, n: int, prefix: str) -> list[Hospital]:
    return Hospital.objects.bulk_create(
        Hospital(org=org, name=f"{prefix}医院{i:04d}", **HOSPITAL) for i in range(n)
    )


def cooperations(org, n: int, prefix: str, state: str) -> list[Cooperation]:
    return Cooperation.objects.bulk_create(
        Cooperation(hospital=h, org=org, state=state, method="direct", **LIAISONS)
        for h in hospitals(org, n, prefix)
    )


def decisions(cooperation: Cooperation) -> list[Event]:
    return list(Event.objects.for_object(cooperation).filter(from_state="submitted"))


NOTES = {"approve": "同意", "return": "补充急诊照片"}


def decide(client, what: str, cooperation: Cooperation):
    action = "approve" if what == "approve" else "return_for_changes"
    url = reverse("hospitals:act", args=[cooperation.pk, action])
    return client.post(url, {"expected_state": "submitted", "note": NOTES[what]})


def test_two_hq_approvers_approve_and_return_the_same_file(orgs, make_user):
    """HQ's desk: one approver approves while another returns the same submission. One decision stands, with its
    own note and decider; the other approver sees the page again with the stale-state message."""
    assert is_translated(STALE_MSGID)
    first = english_client(make_user(orgs.hq, Role.HQ_NETWORK_APPROVER, username="hq_a"))
    second = english_client(make_user(orgs.hq, Role.HQ_NETWORK_APPROVER, username="hq_b"))
    tally = Tally("hospitals: HQ approves vs HQ returns the same cooperation")
    files = cooperations(orgs.jilin, 150, "审批", Cooperation.State.SUBMITTED)
    with Pairs() as pairs:
        for n, cooperation in enumerate(files):
            # Alternate which thread approves, so neither side is always first to the lock.
            a_does, b_does = ("approve", "return") if n % 2 else ("return", "approve")
            a, b = pairs.run(
                partial(decide, first, a_does, cooperation), partial(decide, second, b_does, cooperation)
            )
            tally.pairs += 1
            responses = {a_does: a.result(), b_does: b.result()}
            winners = [k for k, r in responses.items() if r.status_code == 302]
            assert len(winners) == 1, {k: r.status_code for k, r in responses.items()}
            (winner,) = winners
            (loser,) = {"approve", "return"} - {winner}
            assert responses[loser].status_code == 200
            assert STALE in responses[loser].content.decode()
            tally.stale_messages += 1
            tally.win(winner)
            cooperation.refresh_from_db()
            (event,) = decisions(cooperation)
            expected = ({"approve": "approved", "return": "returned"}[winner], NOTES[winner])
            if (cooperation.state, cooperation.decision_note) != expected or event.to_state != expected[0]:
                tally.lost_updates += 1
            assert (cooperation.state, cooperation.decision_note) == expected
            assert event.to_state == expected[0]
    tally.done()
    assert tally.wins.get("approve", 0) + tally.wins.get("return", 0) == len(files)


EDITED_STALE = "Someone else saved this hospital while you were editing it."


def loaded_form(hospital: Hospital) -> dict:
    """What the edit page's form posts back unchanged: its fields as the page fills them in (the page renders
    this form; the test below checks once that the page carries the hidden moment it was loaded)."""
    from django import forms

    data = {}
    for field in HospitalForm(instance=Hospital.objects.get(pk=hospital.pk)):
        value = field.value()
        if isinstance(field.field, forms.BooleanField):
            if value:
                data[field.html_name] = "on"
        else:
            data[field.html_name] = "" if value is None else value
    return data


def test_two_people_save_the_same_hospital_from_forms_loaded_before_either_saved(orgs, make_user):
    """Two people of the branch open the same registry entry; one changes the beds, the other the emergency
    phone, and both save at once. One change is saved; the other person sees the form again, told that someone
    else saved meanwhile — never a save that quietly puts back the value the first one changed."""
    tabs = {
        "beds": english_client(make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="jl_head_a")),
        "phone": english_client(make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="jl_head_b")),
    }
    tally = Tally("hospitals: two saves of the same registry entry from stale forms")
    entries = hospitals(orgs.jilin, 100, "编辑")
    page = tabs["beds"].get(reverse("hospitals:edit", args=[entries[0].pk])).content.decode()
    assert f'name="loaded" value="{entries[0].updated_at.isoformat()}"' in page
    with Pairs() as pairs:
        for n, hospital in enumerate(entries):
            beds, phone = 1000 + n, f"0431-8{n:07d}"
            posts = {
                "beds": loaded_form(hospital) | {"beds": beds},
                "phone": loaded_form(hospital) | {"emergency_phone": phone},
            }
            url = reverse("hospitals:edit", args=[hospital.pk])
            order = ("beds", "phone") if n % 2 else ("phone", "beds")
            a, b = pairs.run(*(partial(tabs[who].post, url, posts[who]) for who in order))
            tally.pairs += 1
            responses = dict(zip(order, (a.result(), b.result()), strict=True))
            saved = {who for who, r in responses.items() if r.status_code == 302}
            hospital.refresh_from_db()
            applied = {"beds": hospital.beds == beds, "phone": hospital.emergency_phone == phone}
            if applied != {who: who in saved for who in applied}:
                tally.lost_updates += 1
            assert len(saved) == 1, (saved, applied)
            (winner,) = saved
            (loser,) = set(tabs) - saved
            assert responses[loser].status_code == 200
            assert EDITED_STALE in responses[loser].content.decode()
            tally.stale_messages += 1
            tally.win(winner)
            assert applied == {winner: True, loser: False}
            assert (hospital.beds, hospital.emergency_phone) == (
                (beds, HOSPITAL["emergency_phone"]) if winner == "beds" else (HOSPITAL["beds"], phone)
            )
    tally.done()


FROZEN = "This cannot change while the cooperation is “Submitted to HQ”."
# When the page is rendered after the submission committed, it says the same above the (then read-only) checklist.
FROZEN_PAGE = (
    "The cooperation is “Submitted to HQ”: the checklist and the establishment method can change only"
)


def test_the_checklist_saved_while_a_colleague_submits_the_file(orgs, make_user):
    """The branch edits the eligibility checklist (new evidence for the licence) in one tab while the file is
    submitted to HQ from another. Either the edit lands first and the submission carries it (both applied, one
    after the other), or the submission lands first and the edit is refused with the reason — never "Saved." with
    the checklist change dropped."""
    from hospitals.models import Condition, EligibilityCheck

    from .test_print_races import agreements

    assert is_translated("This cannot change while the cooperation is “%(state)s”.")
    head = make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="jl_head")
    tabs = {"edit": english_client(head), "submit": english_client(head)}
    files = [a.cooperation for a in agreements(orgs.jilin, 140)]
    EligibilityCheck.objects.bulk_create(
        EligibilityCheck(cooperation=c, condition=condition, met=True, evidence="现场核实")
        for c in files
        for condition in Condition
    )
    checklist = {"method": "direct", **LIAISONS}
    for condition in Condition:
        checklist |= {f"met_{condition.value}": "on", f"evidence_{condition.value}": "现场核实"}
    tally = Tally("hospitals: checklist edited vs file submitted (same person, two tabs)")
    with Pairs() as pairs:
        for n, cooperation in enumerate(files):
            evidence = f"复核执业许可证{n}"
            edit = partial(
                tabs["edit"].post,
                reverse("hospitals:eligibility", args=[cooperation.pk]),
                checklist | {f"evidence_{Condition.LICENCE.value}": evidence},
            )
            submit = partial(
                tabs["submit"].post,
                reverse("hospitals:act", args=[cooperation.pk, "submit"]),
                {"expected_state": "negotiating"},
            )
            order = ("edit", "submit") if n % 2 else ("submit", "edit")
            a, b = pairs.run(*({"edit": edit, "submit": submit}[w] for w in order))
            tally.pairs += 1
            responses = dict(zip(order, (a.result(), b.result()), strict=True))
            cooperation.refresh_from_db()
            assert responses["submit"].status_code == 302 and cooperation.state == "submitted"
            stored = EligibilityCheck.objects.get(
                cooperation=cooperation, condition=Condition.LICENCE
            ).evidence
            if responses["edit"].status_code == 302:
                # The edit came first: saved, and the file went to HQ with it.
                if stored != evidence:
                    tally.lost_updates += 1
                assert stored == evidence
                tally.both_applied_in_turn += 1
                tally.win("edit, then submit")
            else:
                assert responses["edit"].status_code == 200
                page = responses["edit"].content.decode()
                assert FROZEN in page or FROZEN_PAGE in page
                if stored != "现场核实":
                    tally.lost_updates += 1
                assert stored == "现场核实"
                tally.stale_messages += 1
                tally.win("submit")
    tally.done()
