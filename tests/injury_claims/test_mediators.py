"""The register of mediators and their authorisation letters (seed 001: "调解员必须经过培训并经省级公司授权")."""

import datetime

import pytest
from django.urls import reverse

from documents.models import IssuedDocument
from organization.roles import Role
from tests.conftest import client_for, run_pending_jobs

MEDIATORS = reverse("injury_claims:mediators")


def letter_url(member) -> str:
    return reverse("injury_claims:mediator_letter", args=[member.pk])


# --- mediator authorisation letter -------------------------------------------------------------------------
@pytest.fixture
def mediator(orgs, make_user):
    return make_user(
        orgs.jilinshi,
        Role.MEDIATOR,
        username="mediator",
        last_name="李",
        first_name="调解",
        mediator_trained_on=datetime.date(2026, 3, 10),
        mediator_authorised_by="22",
        mediator_valid_until=datetime.date(2099, 12, 31),
    )


def test_claims_head_prints_mediator_letter(mediator, claims_head):
    client = client_for(claims_head)
    response = client.post(letter_url(mediator))
    assert not IssuedDocument.objects.exists()  # printed by the worker, not in the request
    (job,) = run_pending_jobs()
    document = IssuedDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:job", args=[job.pk])
    assert job.document == document
    assert document.org == mediator.org and document.issued_by == claims_head
    assert (
        reverse("documents:detail", args=[document.number])
        in client.get(response["Location"]).content.decode()
    )
    page = client.get(reverse("documents:detail", args=[document.number])).content.decode()
    assert document.sha256 in page
    pdf = client_for(claims_head).get(reverse("documents:download", args=[document.number]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert int(pdf["Content-Length"]) == document.size


def test_outsider_cannot_print_mediator_letter(mediator, outsider):
    response = client_for(outsider).post(letter_url(mediator))
    assert response.status_code == 404
    assert not IssuedDocument.objects.exists()


def test_branch_manager_without_the_role_is_forbidden(mediator, branch_manager):
    response = client_for(branch_manager).post(letter_url(mediator))
    assert response.status_code == 403
    assert not IssuedDocument.objects.exists()


def test_mediator_letter_refuses_get(mediator, claims_head):
    response = client_for(claims_head).get(letter_url(mediator))
    assert response.status_code == 405


def test_expired_mediator_gets_no_letter(mediator, claims_head):
    mediator.mediator_valid_until = datetime.date(2020, 1, 1)
    mediator.save()
    client = client_for(claims_head)
    response = client.post(letter_url(mediator), follow=True)
    assert "不是有效授权的调解员" in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_register_lists_the_branchs_mediators_with_their_validity(mediator, claims_head, make_user, orgs):
    lapsed = make_user(
        orgs.jilin,
        Role.MEDIATOR,
        username="lapsed",
        mediator_trained_on=datetime.date(2024, 1, 1),
        mediator_authorised_by="22",
        mediator_valid_until=datetime.date(2025, 1, 1),
    )
    make_user(orgs.shenzhen, Role.MEDIATOR, username="sz_mediator")
    body = client_for(claims_head).get(MEDIATORS).content.decode()
    rows = body.count('data-testid="mediator-row"')
    assert rows == 2 and "李调解" in body
    assert f'action="{letter_url(mediator)}"' in body and f'action="{letter_url(lapsed)}"' not in body


@pytest.mark.parametrize("role", [Role.GREEN_CHANNEL_AGENT, Role.CLAIMS_ADJUSTER, Role.MEDIATOR])
def test_register_is_not_for_other_roles(orgs, make_user, role):
    assert client_for(make_user(orgs.jilin, role)).get(MEDIATORS).status_code == 404


def test_the_letter_is_read_by_the_mediator_and_the_issuers_only(mediator, claims_head, make_user, orgs):
    """A document is visible exactly when its record is: the letter is the mediator's, not every branch user's."""
    client_for(claims_head).post(letter_url(mediator))
    run_pending_jobs()
    document = IssuedDocument.objects.get()
    detail = reverse("documents:detail", args=[document.number])
    download = reverse("documents:download", args=[document.number])
    for reader in (mediator, claims_head):
        assert client_for(reader).get(detail).status_code == 200
        assert client_for(reader).get(download).status_code == 200
    for role in (Role.BRANCH_MANAGER, Role.GREEN_CHANNEL_AGENT, Role.MEDICAL_REVIEWER):
        other = make_user(orgs.jilin, role)
        assert client_for(other).get(detail).status_code == 404
        assert client_for(other).get(download).status_code == 404
