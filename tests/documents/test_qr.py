"""The QR code on every issued document: a link to the verification page with the number and the document's random
token, which opens its entry in the register (the fingerprint of a PDF cannot be printed inside it)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents import qr
from documents import services as document_services
from documents.services import issue_document, registered


@pytest.fixture
def rendered(monkeypatch):
    seen: dict = {}
    real = document_services.render_pdf

    def render(template_name, context):
        seen.update(context)
        return real(template_name, context)

    monkeypatch.setattr(document_services, "render_pdf", render)
    return seen


@pytest.fixture
def issued(orgs, claims_head, rendered):
    return issue_document(
        kind="test",
        template_name="testapp/test_document.html",
        context={"body": "测试"},
        subject=orgs.jilin,
        org=orgs.jilin,
        by=claims_head,
        title="测试文件",
    )


def test_every_issued_document_carries_a_qr_code_of_its_verification_link(issued, rendered):
    assert len(issued.verify_token) == 22
    assert rendered["verify_link"] == qr.verify_link(issued.number, issued.verify_token)
    assert rendered["verify_link"].startswith("https://claims.example.com/documents/verify/?number=TS-")
    assert rendered["verify_qr"] == qr.qr_data_uri(rendered["verify_link"])
    assert rendered["verify_qr"].startswith("data:image/svg+xml") and "path" in rendered["verify_qr"]
    assert rendered["verify_url"] == "https://claims.example.com/documents/verify/"


def test_tokens_differ_between_documents(issued, orgs, claims_head):
    second = issue_document(
        kind="test",
        template_name="testapp/test_document.html",
        context={"body": "二"},
        subject=orgs.jilin,
        org=orgs.jilin,
        by=claims_head,
        title="第二份",
    )
    assert second.verify_token != issued.verify_token


def test_the_link_opens_the_entry_and_prepares_the_check_of_the_pdf(issued, client):
    page = client.get(reverse("documents:verify"), {"number": issued.number, "t": issued.verify_token})
    body = page.content.decode()
    assert page.status_code == 200 and 'data-verdict="registered"' in body
    assert issued.title in body and issued.org.name in body and issued.sha256 in body
    assert f'value="{issued.number}"' in body and "errorlist" not in body


@pytest.mark.parametrize("token", ["", "x" * 22, "wrong"])
def test_a_wrong_token_confirms_nothing_and_reveals_nothing(issued, client, token):
    body = client.get(reverse("documents:verify"), {"number": issued.number, "t": token}).content.decode()
    assert 'data-verdict="not-registered"' in body and issued.title not in body and issued.sha256 not in body


def test_a_document_issued_before_the_qr_codes_has_no_token_to_match(issued):
    type(issued).objects.filter(pk=issued.pk).update(verify_token="")
    assert registered(issued.number, "") is None and registered(issued.number, "anything") is None
    assert registered(issued.number.lower(), issued.verify_token) is None  # the token is gone


def test_the_number_alone_still_asks_for_the_fingerprint(db, client):
    body = client.get(reverse("documents:verify"), {"number": "TS-2026-000001"}).content.decode()
    assert "data-verdict" not in body and "errorlist" in body
