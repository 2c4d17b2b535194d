"""Issue 10 point 5 (the bank's payment batch file and its return file) and point 7 (the settlement reports).

"Payment: … a payment batch file for the bank (xlsx/CSV), payment recorded with its reference" — a calculator/
approver puts the pending payments of their scope in a batch; its file (序号, 收款人, 开户银行, 账号 in clear, 金额,
用途) is made by the worker for who may pay, each file an event on every settlement; the bank's return file marks
the payments paid, all or nothing.

"Reports: paid amounts by item, by hospital (cooperating vs not; average inpatient cost and non-医保 share per
hospital), by branch and month, with charts and .xlsx export." — checked on a small hand-built data set.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import Job
from hospitals.models import Cooperation
from injury_claims.models import CompensationStandard, Payment, PaymentBatch, Review, Settlement
from injury_claims.services import claims as claim_services
from injury_claims.services import payment_batch as batches
from injury_claims.services import reviews as review_services
from injury_claims.services import settlement as services
from organization.models import ReviewKind
from organization.roles import Role
from organization.services import set_authority_matrix
from tests.conftest import client_for, download_export, run_pending_jobs
from tests.hospitals.conftest import in_network, make_hospital
from workflow.models import Event

from .conftest import claim_data, person_data, photo
from .test_claims import _first
from .test_settlement import JILIN, _costs_approved, _ready

pytestmark = pytest.mark.django_db

ACCOUNT = "6217000012345678"
EVIL = '=HYPERLINK("http://evil.example","点击")'


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def standard(db):
    return CompensationStandard.objects.create(**JILIN)


@pytest.fixture
def approvers(orgs, make_user):
    set_authority_matrix(orgs.jilin, ReviewKind.SETTLEMENT, {5: Decimal("100000")})
    calculator = make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="calc", settlement_approval_level=5)
    approver = make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="appr", settlement_approval_level=5)
    return calculator, approver


def _client(user):
    """A signed-in client reading the pages in English (the messages checked are the msgids)."""
    client = client_for(user)
    client.cookies["lang"] = "en"
    return client


def _approved(settlement, handler, approvers) -> Settlement:
    """From costs approved to the settlement approved (理算 by one, 核赔 by the other)."""
    calculator, approver = approvers
    settlement = _ready(settlement, handler)
    services.calculate(settlement, by=calculator)
    review = services.submit(settlement, by=calculator)
    review_services.decide_review(review, "approve", by=approver, expected_state="pending")
    settlement.refresh_from_db()
    return settlement


def _new_claim(orgs, handler, number: int, name: str, **person):
    claim = claim_services.register_claim(
        claim_data(orgs.jilin, handler, report_no=f"RDAA20262201{number:08d}"),
        [person_data(name, **person)],
        by=handler,
    )
    return claim.persons.get()


def _pay_record(settlement, calculator, *, payee="张伟", account=ACCOUNT, amount=None) -> Payment:
    values = {
        "payee_kind": "injured",
        "payee_name": payee,
        "bank": "中国银行长春分行",
        "account": account,
        "amount": amount or settlement.total,
    }
    return services.record_payment(settlement, values, by=calculator)


# --- the payment batch ------------------------------------------------------------------------------------------
@pytest.fixture
def to_pay(orgs, follow_up_handler, reviewers, approvers, standard):
    """Two approved settlements of Jilin with their payments recorded: 张伟 ¥4,800 to his account, and one to a
    hospital whose name would be a formula."""
    calculator = approvers[0]
    zhang = _new_claim(orgs, follow_up_handler, 1, "张伟")
    li = _new_claim(orgs, follow_up_handler, 2, "李娜")
    first = _approved(_costs_approved(zhang, follow_up_handler, reviewers[0]), follow_up_handler, approvers)
    second = _approved(_costs_approved(li, follow_up_handler, reviewers[0]), follow_up_handler, approvers)
    one = _pay_record(first, calculator)
    two = _pay_record(second, calculator, payee=EVIL, account="6222 0200 0000 1111")
    return first, second, one, two


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel and WPS open it as Chinese text
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_a_batch_file_for_the_bank_holds_the_clear_account_and_leaves_a_trail(to_pay, approvers):
    first, second, one, two = to_pay
    calculator = approvers[0]
    client = _client(calculator)
    page = client.get(reverse("injury_claims:payments")).content.decode()
    assert page.count('data-testid="payment-row"') == 2
    assert "6217********5678" in page and ACCOUNT not in page  # the page shows the masked number only
    response = download_export(
        client, reverse("injury_claims:payment_batch_new"), {"payments": [one.pk, two.pk], "format": "csv"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    batch = PaymentBatch.objects.get()
    assert (batch.count, batch.total) == (2, one.amount + two.amount)
    rows = _csv_rows(b"".join(response.streaming_content))
    assert rows[0] == ["序号", "收款人", "开户银行", "账号", "金额", "用途"]
    report_no = first.person.claim.report_no
    assert rows[1] == ["1", "张伟", "中国银行长春分行", ACCOUNT, f"{one.amount:.2f}", f"{report_no} 张伟"]
    assert rows[2][0] == "2" and rows[2][3] == "6222020000001111"
    assert rows[2][1] == "'" + EVIL  # formula-safe: the bank's program and Excel read it as text
    for settlement in (first, second):
        verbs = set(Event.objects.for_object(settlement).values_list("verb", flat=True))
        assert {"payment_batched", "payment_batch_file"} <= verbs
    note = Event.objects.for_object(first).get(verb="payment_batch_file").note
    assert batch.number in note and "(csv)" in note
    assert Event.objects.for_object(first).get(verb="payment_batch_file").actor == calculator


def test_the_xlsx_batch_file_keeps_the_account_as_text_and_is_formula_safe(to_pay, approvers):
    _first, _second, one, two = to_pay
    calculator = approvers[0]
    batch = batches.make_batch(calculator, [one.pk, two.pk])
    client = _client(calculator)
    response = download_export(
        client, reverse("injury_claims:payment_batch_file", args=[batch.pk]), {"format": "xlsx"}
    )
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("序号", "收款人", "开户银行", "账号", "金额", "用途")
    assert rows[1][:5] == (1, "张伟", "中国银行长春分行", ACCOUNT, float(one.amount))
    assert sheet.cell(row=2, column=4).data_type == "s"  # not a number: no digit lost to 6.217E+15
    assert sheet.cell(row=3, column=2).data_type == "s" and rows[2][1] == "'" + EVIL
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    summary = dict(book["批次"].iter_rows(values_only=True))
    assert summary["批次号"] == batch.number and summary["笔数"] == 2


def test_a_payment_already_sent_is_not_sent_again_unless_said(to_pay, approvers):
    """The check that keeps a payment from being paid twice: it names the earlier batch; nothing is recorded."""
    _first_settlement, _second, one, two = to_pay
    calculator = approvers[0]
    earlier = batches.make_batch(calculator, [one.pk])
    client = _client(calculator)
    page = client.get(reverse("injury_claims:payments")).content.decode()
    assert earlier.number in page  # the list says where each payment was already sent
    refused = client.post(
        reverse("injury_claims:payment_batch_new"), {"payments": [one.pk, two.pk], "format": "xlsx"}
    )
    body = refused.content.decode()
    assert refused.status_code == 200 and 'data-testid="batch-errors"' in body
    assert f"already sent to the bank in batch {earlier.number}" in body
    assert PaymentBatch.objects.count() == 1 and not Job.objects.exists()
    again = client.post(
        reverse("injury_claims:payment_batch_new"),
        {"payments": [one.pk, two.pk], "format": "xlsx", "again": "on"},
    )
    assert again.status_code == 302 and PaymentBatch.objects.count() == 2


def test_bad_batch_input_gets_a_specific_error_and_changes_nothing(to_pay, approvers):
    calculator = approvers[0]
    client = _client(calculator)
    url = reverse("injury_claims:payment_batch_new")
    for data, message in (
        ({"format": "xlsx"}, "Select at least one payment."),
        ({"payments": [to_pay[2].pk], "format": "pdf"}, "Choose CSV or Excel (.xlsx)."),
        ({"payments": ["x"], "format": "csv"}, "Select the payments from the list."),
        ({"payments": [999999], "format": "csv"}, "1 selected payment is no longer to pay"),
    ):
        response = client.post(url, data)
        assert response.status_code == 200 and message in response.content.decode(), data
    assert not PaymentBatch.objects.exists() and not Job.objects.exists()
    assert not Event.objects.filter(verb__startswith="payment_batch").exists()


def test_only_who_pays_in_scope_makes_the_file(to_pay, approvers, follow_up_handler, outsider):
    """The follow-up handler reads the settlements but does not pay (403); Shenzhen's head sees nothing of Jilin's
    (404, and Jilin's payments are not theirs to batch); anonymous goes to the login."""
    _first_settlement, _second, one, two = to_pay
    batch = batches.make_batch(approvers[0], [one.pk, two.pk])
    handler, other = _client(follow_up_handler), _client(outsider)
    for url in (reverse("injury_claims:payments"), batch.get_absolute_url()):
        assert handler.get(url).status_code == 403
    assert handler.post(reverse("injury_claims:payment_batch_new"), {"payments": [one.pk]}).status_code == 403
    assert other.get(batch.get_absolute_url()).status_code == 404
    for name in ("payment_batch_file", "payment_batch_return"):
        assert other.post(reverse(f"injury_claims:{name}", args=[batch.pk])).status_code == 404
    page = other.get(reverse("injury_claims:payments")).content.decode()
    assert 'data-testid="payment-row"' not in page and batch.number not in page
    refused = other.post(reverse("injury_claims:payment_batch_new"), {"payments": [one.pk], "format": "csv"})
    assert refused.status_code == 200 and PaymentBatch.objects.count() == 1
    assert "no longer to pay in your organisation" in refused.content.decode()
    from django.test import Client

    anonymous = Client().get(reverse("injury_claims:payments"))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_the_worker_checks_again_who_asks_and_what_is_still_to_pay(to_pay, approvers):
    """A file is never made for who lost the role meanwhile, nor for a batch whose payment was paid since."""
    _first_settlement, _second, one, two = to_pay
    calculator = approvers[0]
    batch = batches.make_batch(calculator, [one.pk, two.pk])
    client = _client(calculator)
    client.post(reverse("injury_claims:payment_batch_file", args=[batch.pk]), {"format": "csv"})
    services.mark_paid(one, reference="BOC1", paid_on=timezone.localdate(), by=calculator)
    (job,) = run_pending_jobs()
    assert job.status == "failed" and "already paid" in job.error and not job.file
    refused = client.post(reverse("injury_claims:payment_batch_file", args=[batch.pk]), {"format": "csv"})
    assert refused.status_code == 200 and 'data-testid="file-errors"' in refused.content.decode()
    assert not Job.objects.filter(status="pending").exists()
    other = batches.make_batch(calculator, [two.pk], again=True)
    client.post(reverse("injury_claims:payment_batch_file", args=[other.pk]), {"format": "csv"})
    calculator.groups.clear()  # lost the post before the worker ran
    (job,) = run_pending_jobs()
    assert job.status == "failed" and not job.file
    assert not Event.objects.filter(verb="payment_batch_file").exists()


# --- the bank's return file -------------------------------------------------------------------------------------
def _return_file(rows, name="return.csv") -> SimpleUploadedFile:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["序号", "账号", "金额", "流水号", "日期"])
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("gb18030"), content_type="text/csv")


def test_the_banks_return_file_marks_the_payments_paid_all_or_nothing(to_pay, approvers):
    first, second, one, two = to_pay
    calculator = approvers[0]
    batch = batches.make_batch(calculator, [one.pk, two.pk])
    client = _client(calculator)
    url = reverse("injury_claims:payment_batch_return", args=[batch.pk])
    today = timezone.localdate()
    future = today + datetime.timedelta(days=1)
    bad = client.post(
        url,
        {
            "file": _return_file(
                [
                    [1, ACCOUNT, f"{one.amount}", "BOC001", today.isoformat()],  # good, not recorded either
                    [2, "6222020000009999", "4,000.00", "", future.strftime("%Y%m%d")],
                    [3, ACCOUNT, "1.00", "BOC003", "2026-13-01"],
                    [1, ACCOUNT, f"{one.amount}", "BOC004", today.isoformat()],
                ]
            )
        },
    )
    body = bad.content.decode()
    assert bad.status_code == 200 and 'data-testid="return-rejected"' in body
    for message in (
        "The account does not match 序号 2 (6222********1111).",
        "The bank&#x27;s reference (流水号) is missing.",
        f"The payment date {future.isoformat()} is in the future.",
        f"There is no 序号 3 in batch {batch.number}.",
        "is not a date in the form YYYY-MM-DD.",
        "序号 1 is also on row 2.",
        f"¥4,000.00 does not match 序号 2 (¥{two.amount:,.2f}).",
    ):
        assert message in body, message
    for row in (3, 4, 5):
        assert f'data-row="{row}"' in body
    assert not Payment.objects.filter(status="paid").exists()
    assert not Event.objects.filter(verb="payment_bank_return").exists()

    good = client.post(
        url,
        {
            "file": _return_file(
                [
                    [1, ACCOUNT, f"{one.amount:,.2f}", "BOC001", today.strftime("%Y%m%d")],
                    [2, "6222 0200 0000 1111", f"{two.amount}", "BOC002", today.isoformat()],
                ]
            )
        },
    )
    assert good.status_code == 302
    one.refresh_from_db()
    assert (one.status, one.reference, one.paid_on) == ("paid", "BOC001", today)
    for settlement in (first, second):
        settlement.refresh_from_db()
        assert settlement.state == "paid" and settlement.person.claim.closed_at is not None
        assert Event.objects.for_object(settlement).filter(verb="payment_bank_return").exists()
    batch.refresh_from_db()
    assert batch.returned_at is not None
    again = client.post(
        url, {"file": _return_file([[1, ACCOUNT, f"{one.amount}", "BOC9", today.isoformat()]])}
    )
    assert "序号 1 is already recorded as paid (BOC001)." in again.content.decode()


def test_a_return_file_that_is_not_one_is_refused_whole(to_pay, approvers):
    _first_settlement, _second, one, _two = to_pay
    batch = batches.make_batch(approvers[0], [one.pk])
    client = _client(approvers[0])
    url = reverse("injury_claims:payment_batch_return", args=[batch.pk])
    for upload, message in (
        (SimpleUploadedFile("r.pdf", b"%PDF-1.4"), "Upload an Excel workbook (.xlsx) or a CSV file (.csv)."),
        (SimpleUploadedFile("r.csv", "序号,账号\n1,2\n".encode()), "needs the columns"),
        (SimpleUploadedFile("r.csv", "序号,账号,金额,流水号,日期\n".encode()), "no data rows"),
    ):
        response = client.post(url, {"file": upload})
        assert response.status_code == 200 and message in response.content.decode(), message
    assert client.post(url, {}).status_code == 200
    one.refresh_from_db()
    assert one.status == "pending"


def test_the_payments_list_costs_the_same_queries_for_few_or_many(
    to_pay, approvers, django_assert_num_queries, django_assert_max_num_queries
):
    first, _second, one, _two = to_pay
    calculator = approvers[0]
    batches.make_batch(calculator, [one.pk])
    client = _client(calculator)
    url = reverse("injury_claims:payments")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(8):
        extra = Payment.objects.create(
            settlement=first,
            payee_kind="insured",
            payee_name=f"投保人{n}",
            bank="建设银行",
            account=f"62270000000000{n:02d}",
            account_masked="6227********00",
            amount=Decimal("10"),
            by=calculator,
        )
        batches.make_batch(calculator, [extra.pk])
    with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.content.decode().count('data-testid="payment-row"') == 10
    assert len(many) == len(few)
    batch = PaymentBatch.objects.first()
    with django_assert_max_num_queries(10):
        assert client.get(batch.get_absolute_url()).status_code == 200


# --- the reports ----------------------------------------------------------------------------------------------
def _costs(person, handler, reviewer, kind: str, lines: list[tuple[str, str, str]], cuts=None) -> Settlement:
    """The person's bill of ``kind`` with (item, category, amount) lines through the cost review; ``cuts``
    {item: approved amount} are the reviewer's reductions."""
    person.refresh_from_db()
    if person.state == "first_follow_up":
        _first(person, handler, outcome="follow_on")
    Review.objects.filter(person=person, kind="follow_up", state="pending").update(state="approved")
    review_services.record_bill(
        person,
        {"number": f"B{person.pk}", "kind": kind, "issued_on": timezone.localdate(), "hospital_name": "医院"},
        [
            {
                "item": item,
                "category": category,
                "quantity": Decimal("1"),
                "unit_price": Decimal(amount),
                "amount_claimed": Decimal(amount),
            }
            for item, category, amount in lines
        ],
        photo(),
        by=handler,
    )
    review = review_services.submit_costs(person, by=handler)
    if cuts:
        lines_by_item = {line.item: line.pk for bill in review.bills.all() for line in bill.lines.all()}
        review_services.set_approved_amounts(
            review, {lines_by_item[item]: (Decimal(a), "超出标准") for item, a in cuts.items()}, by=reviewer
        )
    review_services.decide_review(review, "approve", by=reviewer, expected_state="pending")
    return Settlement.objects.get(person=person)


LAST_YEAR = timezone.localdate().year - 1


def _at(month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(LAST_YEAR, month, day, 10, 0))


@pytest.fixture
def paid_world(orgs, follow_up_handler, reviewers, approvers, standard):
    """Four persons paid last year, each with the calculator's figures (FACTS: 10 days in hospital → meals ¥1,000,
    nutrition ¥500, transport ¥300) on top of their approved medical costs, all paid by 交强险:

    ============  ==========  =====================================  ========  =======  =====  ===========
    person        hospital    approved bill lines                    medical   total    month  branch
    ============  ==========  =====================================  ========  =======  =====  ===========
    张一          H1 (coop)   inpatient A 2,000 · C 500 · self 500   3,000     4,800    Mar    Jilin
    张二          H1 (coop)   inpatient A 4,000 · B 1,000 → 800      4,800     6,600    Mar    Jilin
    张三          H2          outpatient A 1,000 · self 250          1,250     3,050    Jul    Jilin
    张四          H2          inpatient A 5,000 · C 1,000            6,000     7,800    Jul    Shenzhen
    ============  ==========  =====================================  ========  =======  =====  ===========

    And one person approved but not paid (not in the report)."""
    calculator = approvers[0]
    reviewer = reviewers[1]
    h1 = make_hospital(orgs.jilin, name="吉林大学第一医院")
    in_network(Cooperation.objects.create(hospital=h1, org=orgs.jilin))
    h2 = make_hospital(orgs.jilin, name=EVIL, city="长春市")
    plan = [
        (
            "张一",
            h1,
            "inpatient",
            [("床位", "A", "2000"), ("进口药", "C", "500"), ("自费材料", "self", "500")],
            None,
        ),
        ("张二", h1, "inpatient", [("手术", "A", "4000"), ("乙类药", "B", "1000")], {"乙类药": "800"}),
        ("张三", h2, "outpatient", [("门诊", "A", "1000"), ("自费药", "self", "250")], None),
        ("张四", h2, "inpatient", [("住院", "A", "5000"), ("丙类药", "C", "1000")], None),
    ]
    paid_on = [_at(3, 15), _at(3, 20), _at(7, 1), _at(7, 2)]
    settlements = []
    for number, (name, hospital, kind, lines, cuts) in enumerate(plan, start=10):
        person = _new_claim(orgs, follow_up_handler, number, name, hospital=hospital)
        settlement = _approved(
            _costs(person, follow_up_handler, reviewer, kind, lines, cuts), follow_up_handler, approvers
        )
        payment = _pay_record(settlement, calculator, payee=name)
        services.mark_paid(payment, reference=f"BOC{number}", paid_on=timezone.localdate(), by=calculator)
        settlements.append(settlement)
    pending = _new_claim(orgs, follow_up_handler, 20, "张五", hospital=h1)
    _approved(
        _costs(pending, follow_up_handler, reviewer, "inpatient", [("床位", "A", "9000")]),
        follow_up_handler,
        approvers,
    )
    for settlement, at in zip(settlements, paid_on, strict=True):
        Settlement.objects.filter(pk=settlement.pk).update(paid_at=at)
    Settlement.objects.filter(pk=settlements[3].pk).update(org=orgs.shenzhen)
    return h1, h2, settlements


def _report(user, **params):
    from injury_claims.selectors.settlement_reports import settlement_report

    return settlement_report(user, year=LAST_YEAR, **params)


def test_the_report_figures_on_a_hand_built_data_set(paid_world, orgs, make_user):
    h1, h2, settlements = paid_world
    assert [
        s.total for s in Settlement.objects.filter(pk__in=[s.pk for s in settlements]).order_by("pk")
    ] == [
        Decimal("4800.00"),
        Decimal("6600.00"),
        Decimal("3050.00"),
        Decimal("7800.00"),
    ]
    hq = make_user(orgs.hq, Role.MEDICAL_REVIEW_HEAD, username="hq_head")
    report = _report(hq)
    assert (report["persons"], report["paid"]) == (4, Decimal("22250.00"))
    items = {row["code"]: row for row in report["items"]}
    assert items["medical"]["paid"] == Decimal("15050.00") and items["medical"]["persons"] == 4
    assert items["hospital_meals"]["paid"] == Decimal("4000.00")
    assert items["nutrition"]["paid"] == Decimal("2000.00") and items["transport"]["paid"] == Decimal(
        "1200.00"
    )
    assert report["items_total"]["paid"] == report["paid"] and report["items_total"]["commercial"] == 0
    hospitals = {row["hospital_id"]: row for row in report["hospitals"]}
    one, two = hospitals[h1.pk], hospitals[h2.pk]
    assert one["cooperating"] and not two["cooperating"]
    # H1: two inpatients, (3,000 + 4,800) / 2 = 3,900; non-医保 (500 + 500) / 7,800 = 12.8 %
    assert (one["persons"], one["paid"], one["inpatient_persons"]) == (2, Decimal("11400.00"), 2)
    assert one["average_inpatient"] == Decimal("3900.00") and one["outside_share"] == Decimal("12.8")
    # H2: one inpatient (张四) 6,000; non-医保 (250 + 1,000) / (1,250 + 6,000) = 17.2 %
    assert (two["persons"], two["paid"], two["inpatient_persons"]) == (2, Decimal("10850.00"), 1)
    assert two["average_inpatient"] == Decimal("6000.00") and two["outside_share"] == Decimal("17.2")
    cooperating, others = report["network_totals"]
    assert cooperating["average_inpatient"] == Decimal("3900.00") and others["outside_share"] == Decimal(
        "17.2"
    )
    branches = {row["org_id"]: row for row in report["branches"]}
    jilin, shenzhen = branches[orgs.jilin.pk], branches[orgs.shenzhen.pk]
    assert jilin["months"][2] == Decimal("11400.00") and jilin["months"][6] == Decimal("3050.00")
    assert jilin["paid"] == Decimal("14450.00") and jilin["persons"] == 3
    assert shenzhen["months"][6] == Decimal("7800.00") and shenzhen["months"][2] is None
    assert report["month_totals"]["months"][6] == Decimal("10850.00")
    # one org: Shenzhen alone
    only = _report(hq, org=orgs.shenzhen)
    assert (only["persons"], only["paid"]) == (1, Decimal("7800.00"))


def test_a_branch_sees_its_own_hq_all_and_others_nothing(
    paid_world, orgs, claims_head, branch_manager, outsider, follow_up_handler, approvers
):
    _h1, h2, _settlements = paid_world
    report = _report(branch_manager)
    assert (report["persons"], report["paid"]) == (3, Decimal("14450.00"))
    two = next(row for row in report["hospitals"] if row["hospital_id"] == h2.pk)
    assert two["inpatient_persons"] == 0 and two["average_inpatient"] is None
    assert two["outside_share"] == Decimal("20.0")  # 张三 alone: 250 / 1,250
    assert _report(outsider)["paid"] == Decimal("7800.00")  # Shenzhen's own
    url = reverse("injury_claims:settlement_reports")
    for user in (follow_up_handler, approvers[0]):
        assert _client(user).get(url).status_code == 404
        assert _client(user).post(reverse("injury_claims:settlement_reports_export")).status_code == 404
    page = _client(claims_head).get(url, {"year": LAST_YEAR})
    body = page.content.decode()
    assert page.status_code == 200 and body.count('data-testid="hospital-row"') == 2
    assert 'data-testid="item-chart"' in body and 'data-testid="month-chart"' in body
    assert (
        'data-testid="average-chart"' in body
        and "<script" not in body.split("<main", 1)[-1].split("</main>")[0]
    )
    assert "=HYPERLINK(&quot;http://evil.example&quot;" in body  # escaped text, never markup
    refused = _client(claims_head).get(url, {"year": LAST_YEAR, "org": orgs.shenzhen.pk})
    assert 'data-testid="filter-errors"' in refused.content.decode()


def test_the_report_page_costs_the_same_queries_whatever_the_data(
    paid_world, orgs, claims_head, follow_up_handler, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from injury_claims.models import Calculation

    client = _client(claims_head)
    url = reverse("injury_claims:settlement_reports")
    with django_assert_max_num_queries(16), CaptureQueriesContext(connection) as few:
        page = client.get(url, {"year": LAST_YEAR})
    assert page.status_code == 200
    h3 = make_hospital(orgs.jilin, name="长春市中心医院")
    for n in range(6):  # more persons, another hospital, other months
        person = _new_claim(orgs, follow_up_handler, 30 + n, f"赵{n}", hospital=h3)
        settlement = Settlement.objects.create(
            person=person, org=orgs.jilin, state="paid", paid_at=_at(n + 1, 5), total=Decimal("100")
        )
        Calculation.objects.create(
            settlement=settlement,
            version=1,
            items=[],
            allocation={
                "lines": [{"code": "nursing", "amount": "100", "compulsory": "100", "commercial": "0"}]
            },
            region="吉林 2022",
            loss=Decimal("100"),
            payable=Decimal("100"),
            by=claims_head,
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(url, {"year": LAST_YEAR})
    assert page.content.decode().count('data-testid="hospital-row"') == 3
    assert len(many) == len(few)


def test_the_report_exports_to_xlsx_in_the_worker_formula_safe(paid_world, orgs, claims_head):
    client = _client(claims_head)
    bad = client.post(reverse("injury_claims:settlement_reports_export"), {"year": "1999"})
    assert bad.status_code == 200 and not Job.objects.exists()
    response = download_export(
        client, reverse("injury_claims:settlement_reports_export"), {"year": LAST_YEAR}
    )
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["说明", "按赔偿项目", "按医院", "按机构和月份"]
    items = {row[0]: row for row in book["按赔偿项目"].iter_rows(min_row=2, values_only=True)}
    assert any("医药费" in label and row[5] == 9050 for label, row in items.items())
    hospitals = list(book["按医院"].iter_rows(min_row=2, values_only=True))
    names = [row[0] for row in hospitals]
    assert "'" + EVIL in names and EVIL not in names
    first = next(row for row in hospitals if row[0] == "吉林大学第一医院")
    assert first[1] == "是" and first[6] == 3900 and round(first[9], 3) == 0.128
    assert not any(cell.data_type == "f" for sheet in book for row in sheet.iter_rows() for cell in row)
    months = list(book["按机构和月份"].iter_rows(values_only=True))
    assert months[0][0] == "机构" and months[1][0] == orgs.jilin.name and months[1][3] == 11400


def test_the_share_of_each_track_and_its_days_to_settle(paid_world, orgs, make_user):
    """Issue 11 point 6: "share of injury claims settled by fast track / mediation / litigation per branch and
    month, average days to settle on each track" — a person's track is what fixed their amounts."""
    from injury_claims.models import Claim

    _h1, _h2, settlements = paid_world
    kinds = ["fast_track", "mediation", "", ""]
    reported = [_at(3, 1), _at(2, 18), _at(6, 1), _at(6, 20)]  # 14, 30, 30 and 12 days before payment
    for settlement, kind, at in zip(settlements, kinds, reported, strict=True):
        Settlement.objects.filter(pk=settlement.pk).update(agreed_kind=kind)
        Claim.objects.filter(persons__settlement=settlement).update(reported_at=at)
    hq = make_user(orgs.hq, Role.MEDICAL_REVIEW_HEAD, username="hq_tracks")
    tracks = _report(hq)["tracks"]
    totals = {row["code"]: row for row in tracks["totals"]}
    assert (totals["fast_track"]["persons"], totals["fast_track"]["share"], totals["fast_track"]["days"]) == (
        1,
        Decimal("25.0"),
        Decimal("14.0"),
    )
    assert (totals["mediation"]["persons"], totals["mediation"]["days"]) == (1, Decimal("30.0"))
    assert (totals["judgment"]["persons"], totals["judgment"]["days"]) == (0, None)
    assert (totals[""]["persons"], totals[""]["share"], totals[""]["days"]) == (
        2,
        Decimal("50.0"),
        Decimal("21.0"),
    )
    rows = {(row["name"], row["month"]): row for row in tracks["rows"]}
    march = rows[(orgs.jilin.name, f"{LAST_YEAR}-03")]
    assert march["total"] == 2 and [t["share"] for t in march["tracks"]] == [
        Decimal("50.0"),
        Decimal("50.0"),
        Decimal("0.0"),
        Decimal("0.0"),
    ]
    assert rows[(orgs.shenzhen.name, f"{LAST_YEAR}-07")]["tracks"][3]["persons"] == 1
    page = _client(hq).get(reverse("injury_claims:settlement_reports"), {"year": LAST_YEAR}).content.decode()
    assert 'data-testid="by-track"' in page and 'data-track="fast_track"' in page
