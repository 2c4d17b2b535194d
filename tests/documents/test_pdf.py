import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from documents.selectors import get_document_for_user
from documents.services import issue_document, render_pdf, sha256_hex
from tests.conftest import client_for


def fonts_of(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            targets = [d.get_object() for d in descendants] if descendants else [font]
            for target in targets:
                descriptor = target.get("/FontDescriptor")
                if descriptor is not None:
                    descriptor = descriptor.get_object()
                    embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                    names.add((str(target["/BaseFont"]), embedded))
    return names


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def issued(orgs, claims_head):
    return issue_document(
        kind="test",
        template_name="testapp/test_document.html",
        context={"body": "协作医院合作协议书：吉林大学第一医院，协议期限三年。"},
        subject=orgs.jilin,
        org=orgs.jilin,
        by=claims_head,
        title="测试文件",
    )


def test_chinese_document_renders_and_text_extracts_back():
    pdf = render_pdf(
        "testapp/test_document.html",
        {"body": "人伤调解员授权书：张三", "document_number": "TS-2026-000001", "verify_url": "x"},
    )
    assert pdf.startswith(b"%PDF-")
    text = re.sub(r"\s+", "", text_of(pdf))
    assert "人伤调解员授权书：张三" in text
    assert "TS-2026-000001" in text


def test_cjk_font_is_embedded():
    pdf = render_pdf(
        "testapp/test_document.html", {"body": "中文", "document_number": "N", "verify_url": "x"}
    )
    fonts = fonts_of(pdf)
    cjk = [(name, embedded) for name, embedded in fonts if "CJK" in name]
    assert cjk, fonts
    assert all(embedded for _name, embedded in cjk)


def test_issue_registers_number_hash_and_file(issued, orgs, claims_head):
    data = issued.file.open("rb").read()
    assert issued.number.startswith("TS-") and issued.number.endswith("-000001")
    assert issued.sha256 == sha256_hex(data) and issued.size == len(data)
    assert issued.issued_by == claims_head and issued.subject == orgs.jilin
    assert issued.number in re.sub(r"\s+", "", text_of(data))


def test_numbers_are_sequential_per_kind(issued, orgs, claims_head):
    second = issue_document(
        kind="test",
        template_name="testapp/test_document.html",
        context={"body": "二"},
        subject=orgs.jilin,
        org=orgs.jilin,
        by=claims_head,
        title="第二份",
    )
    assert int(second.number[-6:]) == int(issued.number[-6:]) + 1


# --- verification page ------------------------------------------------------------------------------------
def test_verification_by_number_and_hash_confirms_genuine(issued, client):
    response = client.post(
        reverse("documents:verify"), {"number": issued.number.lower(), "sha256": issued.sha256.upper()}
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'data-verdict="genuine"' in body
    assert issued.number in body


def test_verification_by_uploading_the_file(issued, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = issued.file.open("rb").read()
    upload = SimpleUploadedFile("doc.pdf", data, content_type="application/pdf")
    response = client.post(reverse("documents:verify"), {"number": issued.number, "file": upload})
    assert 'data-verdict="genuine"' in response.content.decode()


def test_a_changed_byte_fails_verification(issued, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = bytearray(issued.file.open("rb").read())
    data[len(data) // 2] ^= 0x01
    upload = SimpleUploadedFile("doc.pdf", bytes(data), content_type="application/pdf")
    response = client.post(reverse("documents:verify"), {"number": issued.number, "file": upload})
    assert 'data-verdict="not-genuine"' in response.content.decode()


def test_right_hash_with_wrong_number_fails(issued, client):
    response = client.post(reverse("documents:verify"), {"number": "TS-2026-999999", "sha256": issued.sha256})
    assert 'data-verdict="not-genuine"' in response.content.decode()


@pytest.mark.parametrize("bad", ["abc", "g" * 64, "0" * 63])
def test_malformed_hash_gets_specific_error(db, client, bad):
    response = client.post(reverse("documents:verify"), {"number": "TS-2026-000001", "sha256": bad})
    body = response.content.decode()
    assert response.status_code == 200 and "64" in body and "data-verdict" not in body


def test_non_pdf_upload_is_refused(db, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.pdf", b"GIF89a....", content_type="application/pdf")
    response = client.post(reverse("documents:verify"), {"number": "TS-2026-000001", "file": upload})
    assert "PDF" in response.content.decode() and "data-verdict" not in response.content.decode()


def test_neither_hash_nor_file_asks_for_one(db, client):
    response = client.post(reverse("documents:verify"), {"number": "TS-2026-000001"})
    assert "data-verdict" not in response.content.decode() and response.status_code == 200


def test_verification_page_is_public_and_get_shows_form(db, client):
    response = client.get(reverse("documents:verify"))
    assert response.status_code == 200 and "<form" in response.content.decode()


def test_verification_refuses_put(db, client):
    assert client.put(reverse("documents:verify")).status_code == 405


# --- download ---------------------------------------------------------------------------------------------
def test_download_for_permitted_user(issued, branch_manager):
    response = client_for(branch_manager).get(reverse("documents:download", args=[issued.number]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")


def test_download_by_outsider_is_404(issued, outsider):
    assert client_for(outsider).get(reverse("documents:download", args=[issued.number])).status_code == 404


def test_download_by_anonymous_redirects_to_login(issued, client):
    assert client.get(reverse("documents:download", args=[issued.number])).status_code == 302


def test_download_refuses_post(issued, branch_manager):
    assert (
        client_for(branch_manager).post(reverse("documents:download", args=[issued.number])).status_code
        == 405
    )


def test_issued_document_is_on_the_subjects_record(issued, orgs):
    from workflow.models import Event

    event = Event.objects.for_object(orgs.jilin).get()
    assert event.verb == "document_issued" and issued.number in event.note
    assert get_document_for_user(issued.issued_by, issued.number) == issued


def test_detail_shows_number_and_fingerprint_to_permitted_user(issued, branch_manager):
    body = client_for(branch_manager).get(reverse("documents:detail", args=[issued.number])).content.decode()
    assert issued.number in body and issued.sha256 in body


def test_detail_of_another_orgs_document_is_404(issued, outsider):
    assert client_for(outsider).get(reverse("documents:detail", args=[issued.number])).status_code == 404


def test_detail_of_unknown_number_is_404(db, branch_manager):
    assert (
        client_for(branch_manager).get(reverse("documents:detail", args=["MA-2026-999999"])).status_code
        == 404
    )


def test_detail_refuses_post(issued, branch_manager):
    assert (
        client_for(branch_manager).post(reverse("documents:detail", args=[issued.number])).status_code == 405
    )
