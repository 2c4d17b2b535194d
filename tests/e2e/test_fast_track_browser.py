"""Issue 11, the fast-track acceptance journey on a phone (390 × 844), through the Chinese UI: at the roadside the
adjuster records the facts of a minor injury after one outpatient visit with 1,500 of medical costs; the standard
proposes the band and says the costs need a medical reviewer's phone confirmation; the agreement waits until a
medical reviewer, on their own phone, records the confirmation; the adjuster records the agreement within the band,
prints it for signature (a numbered PDF that says the amounts are final) and uploads the signed scan."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from injury_claims.models import FastTrack
from injury_claims.services import claims as claim_services
from organization.roles import Role
from tests.e2e.test_claims_phone_journey import PHONE, bill_photo, fits, phone_of  # noqa: F401
from tests.e2e.test_shell_browser import log_in
from tests.injury_claims.conftest import claim_data, person_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(orgs, make_user):
    from tests.conftest import ensure_reference_data

    ensure_reference_data()
    adjuster = make_user(orgs.jilinshi, Role.CLAIMS_ADJUSTER, username="adjuster")
    make_user(orgs.jilin, Role.MEDICAL_REVIEWER, username="reviewer", last_name="周", first_name="审核")
    claim = claim_services.register_claim(
        claim_data(orgs.jilinshi, adjuster), [person_data("李娜", "outpatient_minor")], by=adjuster
    )
    return claim.persons.get()


def test_an_adjuster_runs_the_fast_track_on_the_spot(page, browser, live_server, world, bill_photo, tmp_path):  # noqa: F811
    person = world
    log_in(page, "adjuster")
    page.goto(person.get_absolute_url())
    page.get_by_test_id("open-fast-track").click()
    expect(page.get_by_role("heading", name="小额人伤快速处理")).to_be_visible()
    fits(page)
    for label in (
        "已经交警处理",
        "事故责任明确",
        "事故与伤情的因果关系成立",
        "当事人双方均在现场",
        "双方同意快速协商处理",
        "伤者自行判断损伤轻微",
    ):
        page.get_by_role("checkbox", name=label).check()
    page.get_by_label("目前就医情况").select_option(label="经一次门诊检查治疗")
    page.get_by_label("已发生医疗费用（元）").fill("1500")
    page.get_by_role("checkbox", name="检查报告有阳性体征，或病历有伤情描述").check()
    page.get_by_label("医嘱", exact=True).select_option(label="医嘱需后续治疗")
    page.get_by_label("医嘱全休天数").fill("3")
    page.get_by_role("button", name="测算适用档次").click()

    # The band: 1,000 (p14 "1000元以内 … 全休7天以下"); the costs above 1,000 need the phone confirmation (p18).
    expect(page.get_by_test_id("fast-track-state")).to_have_text("已建议档次")
    expect(page.get_by_test_id("ceiling")).to_have_text("¥1,000.00")
    expect(page.get_by_test_id("fast-track-band")).to_contain_text("须在签订协议前确认")
    expect(page.get_by_test_id("blocked-agree")).to_contain_text("须由医疗审核人员电话确认")
    fits(page)

    # The medical reviewer, called from the roadside, records the confirmation on their phone.
    with phone_of(browser, live_server, "reviewer") as reviewer:
        reviewer.goto(FastTrack.objects.get().get_absolute_url())
        form = reviewer.get_by_test_id("action-confirm")
        form.get_by_label("电话确认的内容").fill("门诊费用 1,500 元已电话核实，同意快速处理")
        form.get_by_role("button", name="电话确认").click()
        expect(reviewer.get_by_test_id("fast-track-state")).to_have_text("已电话确认")

    page.reload()
    expect(page.get_by_test_id("confirmation")).to_contain_text("门诊费用 1,500 元已电话核实")
    agree = page.get_by_test_id("action-agree")
    agree.get_by_label("协议金额（元）").fill("1000.01")
    agree.get_by_label("其中医疗费用（元）").fill("1000")
    agree.get_by_role("button", name="录入协议").click()
    expect(page.get_by_test_id("action-agree")).to_contain_text("超过该档上限")  # above the band: refused
    agree = page.get_by_test_id("action-agree")
    agree.get_by_label("协议金额（元）").fill("1000")
    agree.get_by_label("其中医疗费用（元）").fill("1000")
    agree.get_by_role("button", name="录入协议").click()
    expect(page.get_by_test_id("agreed-amount")).to_contain_text("¥1,000.00")
    fits(page)

    # Printed for signature: a numbered document that says the amounts are final.
    page.get_by_test_id("print-agreement").get_by_role("button").click()
    expect(page.get_by_test_id("job")).to_have_attribute("data-status", "done")
    page.get_by_test_id("job-document").click()
    number = page.get_by_test_id("number").inner_text()
    assert number.startswith("KS")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 PDF").click()
    pdf = tmp_path / "agreement.pdf"
    download.value.save_as(pdf)
    text = re.sub(
        r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    )
    assert "小额人伤快速处理协议" in text and "壹仟元整" in text and "门诊费用1,500元已电话核实" in text

    # The signed scan, photographed on the spot.
    page.goto(FastTrack.objects.get().get_absolute_url())
    page.get_by_test_id("scan-form").locator("input[type=file]").set_input_files(str(bill_photo))
    page.get_by_test_id("scan-form").get_by_role("button", name="上传").click()
    expect(page.get_by_test_id("signed-scan")).to_be_visible()
    page.get_by_test_id("action-record_result").get_by_role("button").click()
    expect(page.get_by_test_id("fast-track-state")).to_have_text("已录入协议结果")
    fits(page)
