"""Bad files through the uploads of scans and photos (issue 14, point 2): a bill's photo, an investigation's
evidence, an agreement's signed scan, and the PDF on the public verification page. Each is checked by content
(PDF, JPEG or PNG) and size; a refused file is answered 200/400 with a specific Chinese message, writes nothing and
leaves no file in MEDIA_ROOT. Above the request ceiling the middleware answers 413, with its own Chinese message."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hospitals.workflows import latest_agreement
from tests.badinput.upload_support import (
    JPEG,
    PDF,
    PNG,
    Integrity,
    assert_refused,
    form_errors,
    oversize,
    upload,
    xlsx,
    zh,
)
from tests.conftest import client_for
from tests.hospitals.conftest import approved, cooperation, hospital, submitted  # noqa: F401 - fixtures
from tests.injury_claims.conftest import claim, follow_up_handler  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
NOT_A_SCAN = "The file must be a PDF, JPEG or PNG (a photo or a scan)."


@dataclass
class Scan:
    """One upload of a scan: its page, the form field, the rest of a valid form, the form's context name and the
    messages of a wrong type and of the size limit."""

    url: str
    field: str
    data: dict
    form: str
    wrong_type: str
    too_big: str
    limit: int
    client: Client

    def post(self, name: str, content: bytes, client: Client | None = None):
        return (client or self.client).post(self.url, {**self.data, self.field: upload(name, content)})

    def errors(self, response) -> list[str]:
        if self.form == "signing_form":  # the hospital page binds the refused form to its agreement version
            forms = [v.signing_form for v in (response.context or {}).get("agreements", [])]
            return [str(m) for form in forms for messages in form.errors.values() for m in messages]
        return form_errors(response, self.form)


def bill_data() -> dict:
    return {
        "number": "MZ001",
        "kind": "outpatient",
        "issued_on": timezone.localdate().isoformat(),
        "hospital_name": "吉林大学第一医院",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "200",
        "lines-0-item": "头颅CT",
        "lines-0-category": "A",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "260",
        "lines-0-amount_claimed": "260",
    }


@pytest.fixture
def bill(claim, follow_up_handler):  # noqa: F811
    person = claim.persons.order_by("pk").first()
    url = reverse("injury_claims:bill_new", args=[person.pk])
    return Scan(
        url, "scan", bill_data(), "form", NOT_A_SCAN, "The file is larger than 10 MB.", 10 * MB,
        client_for(follow_up_handler),
    )  # fmt: skip


@pytest.fixture
def evidence(claim, follow_up_handler):  # noqa: F811
    from injury_claims.services import claims as services

    person = claim.persons.order_by("pk").first()
    services.submit_follow_up(
        person,
        {
            "expected_state": person.state,
            "contact_mode": "phone",
            "summary": "电话慰问",
            "estimate": person.estimate,
            "mediation_offered": True,
            "next_on": None,
            "outcome": "investigate",
            "reasons": ["death_disability"],
        },
        by=follow_up_handler,
    )
    url = reverse("injury_claims:finding", args=[person.pk])
    data = {"section": "accident", "status": "done", "findings": "已核实"}
    return Scan(
        url, "evidence", data, "finding_form", NOT_A_SCAN, "The file is larger than 10 MB.", 10 * MB,
        client_for(follow_up_handler),
    )  # fmt: skip


@pytest.fixture
def signing(approved, claims_head):  # noqa: F811
    agreement = latest_agreement(approved)
    url = reverse("hospitals:agreement_signing", args=[agreement.pk])
    today = timezone.localdate().isoformat()
    return Scan(
        url, "scan", {"signed_on": today}, "signing_form", "The scan must be a PDF, JPEG or PNG file.",
        "The scan is larger than 10 MB.", 10 * MB, client_for(claims_head),
    )  # fmt: skip


@pytest.fixture
def verify(db):
    return Scan(
        reverse("documents:verify"), "file", {"number": "MA-2026-000012"}, "form", "This file is not a PDF.",
        "The file is larger than 20 MB; issued documents are much smaller.", 20 * MB, Client(),
    )  # fmt: skip


UPLOADS = ["bill", "evidence", "signing", "verify"]

# (case, file name, content, "type" | "size" | "empty" | None: which message)
CORE = [
    ("empty", "scan.pdf", b"", "empty"),
    ("over the limit, a real PDF head", "scan.pdf", None, "size"),
    ("text named .pdf", "scan.pdf", b"hello, this is not a scan\n", "type"),
    ("windows program named .jpg", "photo.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "type"),
    ("html named .png", "photo.png", b"<html><script>alert(1)</script></html>", "type"),
    ("svg named .png", "photo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "type"),
    ("gif", "photo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "type"),
    ("xlsx named .pdf", "scan.pdf", xlsx([["a"]]), "type"),
    ("truncated signature", "scan.pdf", b"%PD", "type"),
    ("utf-16 text named .pdf", "scan.pdf", "%PDF-1.4".encode("utf-16"), "type"),
    ("bom then pdf", "scan.pdf", b"\xef\xbb\xbf" + PDF, "type"),
    ("png cut after its signature", "photo.jpg", PNG[:4], "type"),
]


@pytest.mark.parametrize("which", UPLOADS)
@pytest.mark.parametrize("case", CORE, ids=[c[0] for c in CORE])
def test_a_bad_scan_is_refused_with_its_message_and_leaves_nothing(which, case, request):
    target: Scan = request.getfixturevalue(which)
    _case, name, content, kind = case
    if kind == "size":
        content = oversize(target.limit, PDF)
    if which == "verify" and kind == "type" and content.startswith(b"%PDF-"):
        pytest.skip("the verification page only needs a PDF head")
    expected = {
        "type": target.wrong_type,
        "size": target.too_big,
        "empty": "The submitted file is empty.",
    }[kind]
    before = Integrity()
    response = target.post(name, content)
    assert_refused(response, before, target.errors(response), zh(expected))


@pytest.mark.parametrize("which", ["bill", "evidence", "signing"])
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("../../../etc/passwd.pdf", PDF),
        ("\u202egpj.exe", JPEG),
        ("'; DROP TABLE injury_claims_attachment; --.png", PNG),
        ("<script>alert(1)</script>.pdf", PDF),
        ("很长的文件名" * 60 + ".pdf", PDF),
    ],
    ids=["path traversal", "rtl override", "sql in name", "html in name", "300-character name"],
)
def test_a_good_scan_under_a_hostile_name_is_stored_inside_the_media_folder(which, name, content, request):
    target: Scan = request.getfixturevalue(which)
    before = Integrity()
    response = target.post(name, content)
    assert response.status_code == 302, target.errors(response)
    new = Integrity().files - before.files
    assert len(new) == 1, new
    stored = next(iter(new))
    assert ".." not in stored and "\u202e" not in stored and "<" not in stored and "'" not in stored


@pytest.mark.parametrize("which", ["bill", "signing"])
def test_another_branchs_record_answers_404_and_changes_nothing(which, request, orgs, make_user):
    from organization.roles import Role

    target: Scan = request.getfixturevalue(which)
    stranger = make_user(
        orgs.shenzhen, Role.BRANCH_CLAIMS_HEAD, Role.INJURY_FOLLOW_UP, Role.BRANCH_MANAGER, username="sz_all"
    )
    client = client_for(stranger)
    before = Integrity()
    response = target.post("scan.pdf", PDF, client=client)
    assert response.status_code == 404
    assert not before.changes()


@pytest.mark.parametrize("which", ["bill", "verify"])
@override_settings(MAX_REQUEST_BYTES=1 * MB)
def test_a_body_over_the_request_ceiling_gets_the_413_page_in_chinese_not_a_form_message(which, request):
    target: Scan = request.getfixturevalue(which)
    before = Integrity()
    response = target.post("scan.pdf", oversize(1 * MB, PDF))
    assert response.status_code == 413
    body = response.content.decode()
    assert zh("The upload is too large: at most %(mb)s MB can be sent at once.", mb=1) in body
    assert not before.changes()


# --- generated files ---------------------------------------------------------------------------------------------
HEADS = st.sampled_from(
    [
        b"",
        b"%PDF-",
        b"%PDF",
        b"\xff\xd8\xff",
        b"\xff\xd8",
        b"\x89PNG\r\n\x1a\n",
        b"\x89PNG",
        b"PK\x03\x04",
        b"MZ",
        b"GIF8",
        b"<?xml",
    ]
)
NAMES = st.sampled_from(
    [
        "scan.pdf",
        "photo.jpg",
        "photo.png",
        "scan.PDF",
        "scan",
        "scan.exe",
        ".pdf",
        "scan.pdf.exe",
        "扫描件.pdf",
    ]
)


@pytest.mark.parametrize("which", ["bill", "evidence", "signing", "verify"])
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=NAMES, head=HEADS, body=st.binary(max_size=300))
@example(name="scan.pdf", head=b"", body=b"\x00" * 10)
def test_generated_files_are_refused_unless_their_content_is_a_scan(which, name, head, body, request):
    from django.db import transaction

    target: Scan = request.getfixturevalue(which)
    content = head + body
    with transaction.atomic():
        before = Integrity()
        response = target.post(name, content)
        if response.status_code == 302 or (
            which == "verify" and response.status_code == 200 and not target.errors(response)
        ):
            # a real scan: accepted (the page reports the check); the example is rolled back
            is_scan = content.startswith((b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))
            assert is_scan, (name, content[:16])
        else:
            assert_refused(response, before, target.errors(response))
        transaction.set_rollback(True)
