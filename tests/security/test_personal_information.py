"""Security review (README.md, "Security review"): revealing personal information.

An ID number or mobile is shown whole only on request with a reason, and every reveal writes who, when, what and
why; another branch gets 404 and leaves no trace; the answer is never cached; no whole ID number reaches a log,
a list page or an address (the green-channel lookup posts the number instead of putting it in the query string,
which web servers and proxies log).
"""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from green_channel.models import Policy
from injury_claims.models import PersonalDataAccess
from injury_claims.services import claims as services
from organization.roles import Role
from tests.conftest import client_for
from tests.green_channel.conftest import ID_NUMBER, make_policy
from tests.injury_claims.conftest import VALID_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(claim, follow_up_handler):
    zhang = claim.persons.order_by("pk").first()
    services.update_person(zhang, {"id_number": VALID_ID, "mobile": "13912345678"}, by=follow_up_handler)
    return zhang


def test_every_reveal_is_audited_with_who_when_what_and_why_and_never_cached(
    person, follow_up_handler, caplog
):
    caplog.set_level(logging.DEBUG)
    client = client_for(follow_up_handler)
    before = timezone.now()
    for field, value in (("id_number", VALID_ID), ("mobile", "13912345678")):
        shown = client.post(
            reverse("injury_claims:reveal", args=[person.pk]), {"field": field, "reason": "核对身份"}
        )
        assert shown.status_code == 200 and value in shown.content.decode()
        assert "no-store" in shown["Cache-Control"]
    accesses = list(PersonalDataAccess.objects.order_by("pk"))
    assert [(a.person_id, a.by, a.field, a.reason) for a in accesses] == [
        (person.pk, follow_up_handler, "id_number", "核对身份"),
        (person.pk, follow_up_handler, "mobile", "核对身份"),
    ]
    assert all(before <= a.at <= timezone.now() for a in accesses)
    assert not [r for r in caplog.records if VALID_ID in r.getMessage() or "13912345678" in r.getMessage()]


def test_another_branch_gets_404_and_leaves_no_audit_row(person, outsider):
    refused = client_for(outsider).post(
        reverse("injury_claims:reveal", args=[person.pk]), {"field": "id_number", "reason": "核对身份"}
    )
    assert refused.status_code == 404 and VALID_ID not in refused.content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_no_whole_id_number_on_the_list_pages_or_the_person_page(person, follow_up_handler):
    client = client_for(follow_up_handler)
    for url in (
        reverse("injury_claims:claims"),
        reverse("injury_claims:search") + "?q=张伟",
        reverse("injury_claims:claim", args=[person.claim_id]),
        person.get_absolute_url(),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert VALID_ID not in page.content.decode() and "13912345678" not in page.content.decode(), url
    assert person.id_masked in client.get(person.get_absolute_url()).content.decode()


def test_the_green_channel_lookup_keeps_the_id_number_out_of_the_address(orgs, make_user, caplog):
    caplog.set_level(logging.DEBUG)
    policy: Policy = make_policy(orgs.jilin, "cancer-31-cities", number="GCP2024000001")
    client = client_for(make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT))
    form = client.get(reverse("green_channel:lookup")).content.decode()
    assert 'method="post" data-testid="lookup-form"' in form
    found = client.post(reverse("green_channel:lookup"), {"q": ID_NUMBER}).content.decode()
    assert policy.number in found and ID_NUMBER not in found.replace(f'value="{ID_NUMBER}"', "")
    # A number put in the address is not searched (it would already be in the access log).
    assert policy.number not in client.get(reverse("green_channel:lookup"), {"q": ID_NUMBER}).content.decode()
    assert not [r for r in caplog.records if ID_NUMBER in r.getMessage()]
