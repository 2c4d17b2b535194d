"""Issue 10 point 6: the printed forms of settlement — the calculation sheet (理算书 / 赔款计算书), the payment notice
(赔款支付通知书) and the claim-closing report (结案报告) — numbered, hash-registered, verifiable, each with a QR code to
the public verification page; printed by the worker from a button of the settlement page, for whoever may see the
claim."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from documents import jobs as document_jobs
from documents.models import IssuedDocument, Job
from documents.services import sha256_hex
from injury_claims.models import CompensationStandard
from injury_claims.selectors.printing import rmb_upper
from injury_claims.services import reviews as review_services
from injury_claims.services import settlement as services
from organization.models import ReviewKind
from organization.roles import Role
from organization.services import set_authority_matrix
from tests.conftest import client_for, run_pending_jobs
from workflow.models import Event
from workflow.services import perform_transition

from .test_settlement import JILIN, _costs_approved, _documents

pytestmark = pytest.mark.django_db

# A person with lost earnings, care, two disabilities and a dependant: every kind of figure and source is printed.
FACTS = {
    "birth_date": "1990-03-07",
    "hospital_days": 10,
    "nutrition": "500",
    "transport": "300",
    "grades": [9, 10],
    "income_kind": "fixed",
    "income_amount": "5000",
    "income_per": "month",
    "lost_work_days": 60,
    "nursing_days": 10,
    "dependants": [{"name": "张小明", "birth_date": "2015-01-01", "supporters": 2}],
}
ACCOUNT = "6217000012345678"


def text_of(data: bytes) -> str:
    """The PDF's text without any whitespace (line breaks fall anywhere in a table cell)."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def standard(db):
    return CompensationStandard.objects.create(**JILIN)


@pytest.fixture
def approvers(orgs, make_user):
    set_authority_matrix(orgs.jilin, ReviewKind.SETTLEMENT, {5: Decimal("1000000")})
    calculator = make_user(
        orgs.jilin, Role.CALCULATOR_APPROVER, username="calc", last_name="王", first_name="理算"
    )
    approver = make_user(
        orgs.jilin,
        Role.CALCULATOR_APPROVER,
        username="approver",
        last_name="赵",
        first_name="核赔",
        settlement_approval_level=5,
    )
    return calculator, approver


def _calculated(person, handler, reviewer, calculator):
    settlement = _costs_approved(person, handler, reviewer)
    facts = {**FACTS, "assessment_date": timezone.localdate().isoformat()}
    services.save_facts(settlement, facts, by=handler)
    _documents(settlement, handler)
    perform_transition(settlement, "confirm_assessment", by=handler, expected_state="assessment")
    settlement.refresh_from_db()
    services.calculate(
        settlement, by=calculator, adjustments={"transport": (Decimal("250.00"), "票据仅250元")}
    )
    return settlement


@pytest.fixture
def approved(claim, follow_up_handler, reviewers, approvers, standard):
    """张伟 of the claim, calculated (transport adjusted with its reason) and approved (核赔)."""
    calculator, approver = approvers
    settlement = _calculated(
        claim.persons.order_by("pk").first(), follow_up_handler, reviewers[1], calculator
    )
    review = services.submit(settlement, by=calculator)
    review_services.decide_review(review, "approve", by=approver, expected_state="pending")
    settlement.refresh_from_db()
    return settlement


def _print(user, url: str) -> IssuedDocument:
    response = client_for(user).post(url)
    assert response.status_code == 302
    (job,) = run_pending_jobs()
    assert response["Location"] == reverse("documents:job", args=[job.pk])
    assert job.status == Job.Status.DONE, job.error
    return job.document


def sheet_url(settlement) -> str:
    return reverse("injury_claims:print_calculation_sheet", args=[settlement.pk])


# --- the calculation sheet -------------------------------------------------------------------------------------
def test_the_sheet_prints_every_formula_with_its_figures_and_their_source_year_and_region(
    approved, follow_up_handler
):
    calculation = approved.latest_calculation()
    document = _print(follow_up_handler, sheet_url(approved))  # whoever sees the claim prints it
    text = text_of(document.file.open("rb").read())
    assert "赔款计算书" in text and "理算书" in text and document.number in text
    assert approved.person.name in text and approved.person.claim.report_no in text
    for row in calculation.items:
        assert squeeze(row["formula"]) in text, row["code"]  # every item's formula with its figures
        for figure in row["figures"]:
            assert squeeze(f"{figure['label']}：{figure['value']}") in text
    # the figures' source: region, statistical year and the court's notice
    assert "吉林省·2022·吉高法〔2023〕112号" in text
    assert "住院伙食补助费（元/天）：100.00" in text and "护理费日工资（元/天）：334.18" in text
    assert "吉林省2022年度" in text
    # the adjustment and its reason, the allocation with the limits' source, the open points
    assert "人工调整，原因：票据仅250元" in text
    assert squeeze(calculation.allocation["limits"]) in text
    assert "死亡伤残赔偿限额" in text and "医疗费用赔偿限额" in text
    for _code, label, value, _default in calculation.settings_used:
        assert squeeze(f"{label}{value}") in text
    # the total payable in figures and in capitals; who calculated and who approved
    assert f"{calculation.payable:,.2f}" in text and rmb_upper(calculation.payable) in text
    assert "王理算" in text and "赵核赔" in text
    assert "尚未经核赔审批" not in text


def test_the_sheet_is_registered_with_number_and_sha256_and_the_verification_page_confirms_it(
    approved, follow_up_handler, client
):
    document = _print(follow_up_handler, sheet_url(approved))
    data = document.file.open("rb").read()
    assert re.fullmatch(r"CS-\d{4}-\d{6}", document.number)
    assert document.kind == "calculation_sheet" and document.subject == approved
    assert document.sha256 == sha256_hex(data) and document.size == len(data)
    assert document.org == approved.org and document.issued_by == follow_up_handler
    assert Event.objects.for_object(approved).filter(verb="document_issued", note__contains=document.number)
    verify = reverse("documents:verify")
    genuine = client.post(verify, {"number": document.number, "sha256": document.sha256})
    assert 'data-verdict="genuine"' in genuine.content.decode()
    upload = SimpleUploadedFile("sheet.pdf", data, content_type="application/pdf")
    assert (
        'data-verdict="genuine"'
        in client.post(verify, {"number": document.number, "file": upload}).content.decode()
    )
    # a tampered hash, a tampered file
    wrong = ("0" if document.sha256[0] != "0" else "1") + document.sha256[1:]
    refused = client.post(verify, {"number": document.number, "sha256": wrong})
    assert 'data-verdict="not-genuine"' in refused.content.decode()
    tampered = bytearray(data)
    tampered[len(tampered) // 2] ^= 0x01
    upload = SimpleUploadedFile("sheet.pdf", bytes(tampered), content_type="application/pdf")
    assert (
        'data-verdict="not-genuine"'
        in client.post(verify, {"number": document.number, "file": upload}).content.decode()
    )


def test_the_qr_code_opens_the_documents_entry_on_the_verification_page(
    approved, follow_up_handler, client, monkeypatch
):
    from documents import services as document_services

    rendered = {}
    real = document_services.render_pdf

    def render(template_name, context):
        rendered.update(context)
        return real(template_name, context)

    monkeypatch.setattr(document_services, "render_pdf", render)
    document = _print(follow_up_handler, sheet_url(approved))
    link = rendered["verify_link"]
    assert link.startswith("https://claims.example.com/documents/verify/?")
    assert (
        document.number in link and f"t={document.verify_token}" in link and len(document.verify_token) >= 22
    )
    assert rendered["verify_qr"].startswith("data:image/svg+xml")
    text = text_of(document.file.open("rb").read())
    assert "扫码验真" in text or "Scantoverify" in text
    page = client.get(link.removeprefix("https://claims.example.com")).content.decode()
    assert 'data-verdict="registered"' in page and document.title in page and document.sha256 in page
    assert f'value="{document.number}"' in page  # the form is ready to check the PDF itself
    forged = client.get(reverse("documents:verify"), {"number": document.number, "t": "x" * 22})
    assert (
        'data-verdict="not-registered"' in forged.content.decode()
        and document.title not in forged.content.decode()
    )


def test_a_sheet_before_approval_says_so_and_a_sheet_before_any_calculation_is_refused(
    claim, follow_up_handler, reviewers, approvers, standard
):
    calculator, _approver = approvers
    zhang, li = claim.persons.order_by("pk")
    settlement = _calculated(zhang, follow_up_handler, reviewers[1], calculator)
    document = _print(calculator, sheet_url(settlement))
    assert "尚未经核赔审批" in text_of(document.file.open("rb").read())
    bare = _costs_approved(li, follow_up_handler, reviewers[1])
    response = client_for(follow_up_handler).post(sheet_url(bare))
    assert response.status_code == 302 and response["Location"] == bare.get_absolute_url()
    assert not Job.objects.filter(kind="injury_claims.calculation_sheet", params__settlement=bare.pk).exists()


def test_outsiders_get_404_and_print_nothing(approved, follow_up_handler, outsider, make_user, orgs):
    green = make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT, username="green")
    for user in (outsider, green):
        assert client_for(user).post(sheet_url(approved)).status_code == 404
    assert not Job.objects.exists()
    document = _print(follow_up_handler, sheet_url(approved))
    for user in (outsider, green):
        client = client_for(user)
        assert client.get(reverse("documents:detail", args=[document.number])).status_code == 404
        assert client.get(reverse("documents:download", args=[document.number])).status_code == 404
    manager = make_user(orgs.jilin, Role.BRANCH_MANAGER, username="manager")  # reads claims, so the sheet
    assert client_for(manager).get(reverse("documents:download", args=[document.number])).status_code == 200


def test_the_worker_checks_again_who_asked(approved, outsider):
    job = document_jobs.start_job(
        "injury_claims.calculation_sheet", by=outsider, params={"settlement": approved.pk}
    )
    document_jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and not IssuedDocument.objects.exists()


def test_the_settlement_page_offers_the_print_and_lists_what_was_printed(approved, follow_up_handler):
    client = client_for(follow_up_handler)
    page = client.get(approved.get_absolute_url()).content.decode()
    assert 'data-testid="print-sheet"' in page and sheet_url(approved) in page
    assert 'data-testid="print-closing"' not in page  # the claim is open
    document = _print(follow_up_handler, sheet_url(approved))
    page = client.get(approved.get_absolute_url()).content.decode()
    assert reverse("documents:detail", args=[document.number]) in page


# --- the payment notice and the closing report -----------------------------------------------------------------
def _pay(settlement, calculator, reference="BOC20261124001"):
    payment = services.record_payment(
        settlement,
        {
            "payee_kind": "injured",
            "payee_name": "张伟",
            "bank": "中国银行长春分行",
            "amount": settlement.total,
            "account": ACCOUNT,
        },
        by=calculator,
    )
    return payment


def test_the_payment_notice_shows_payee_masked_account_amount_reference_and_date(
    approved, follow_up_handler, approvers
):
    calculator, _approver = approvers
    payment = _pay(approved, calculator)
    url = reverse("injury_claims:print_payment_notice", args=[approved.pk, payment.pk])
    assert client_for(follow_up_handler).post(url).status_code == 302
    assert not Job.objects.exists()  # not paid yet: nothing to notify
    services.mark_paid(payment, reference="BOC20261124001", paid_on=timezone.localdate(), by=calculator)
    document = _print(follow_up_handler, url)
    text = text_of(document.file.open("rb").read())
    assert document.number.startswith("PN-") and "赔款支付通知书" in text
    assert (
        "张伟" in text and "中国银行长春分行" in text and "6217********5678" in text and ACCOUNT not in text
    )
    assert f"{payment.amount:,.2f}" in text and rmb_upper(payment.amount) in text
    assert "BOC20261124001" in text and timezone.localdate().strftime("%Y年%-m月%-d日") in text


def test_the_closing_report_lists_every_person_paid_or_closed_with_the_reason(
    claim, approved, follow_up_handler, approvers
):
    calculator, _approver = approvers
    li = claim.persons.order_by("pk").last()
    url = reverse("injury_claims:print_closing_report", args=[claim.pk])
    assert client_for(follow_up_handler).post(url).status_code == 302 and not Job.objects.exists()  # open
    perform_transition(li, "close", by=follow_up_handler, note="伤者书面放弃索赔", expected_state=li.state)
    payment = _pay(approved, calculator)
    services.mark_paid(payment, reference="BOC20261124001", paid_on=timezone.localdate(), by=calculator)
    claim.refresh_from_db()
    assert claim.closed_at is not None
    page = client_for(follow_up_handler).get(approved.get_absolute_url()).content.decode()
    assert 'data-testid="print-closing"' in page and 'data-testid="print-notice"' in page
    document = _print(follow_up_handler, url)
    text = text_of(document.file.open("rb").read())
    assert document.number.startswith("CR-") and document.subject == claim and "结案报告" in text
    assert "张伟" in text and f"{payment.amount:,.2f}" in text and "BOC20261124001" in text
    assert "李娜" in text and "伤者书面放弃索赔" in text


# --- amounts in capitals ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "零元整"),
        ("4800", "肆仟捌佰元整"),
        ("190246.49", "壹拾玖万零贰佰肆拾陆元肆角玖分"),
        ("1000.05", "壹仟元零伍分"),
        ("100000005", "壹亿零伍元整"),
        ("10010", "壹万零壹拾元整"),
        ("0.30", "叁角"),
        ("1234567.80", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角"),
    ],
)
def test_amounts_in_capitals(amount, words):
    assert rmb_upper(Decimal(amount)) == words
