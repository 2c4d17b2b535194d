"""Issue 13's acceptance journey through the Chinese UI: HQ opens the year (the drafts are computed from the facts),
the Jilin claims head disputes the depth item with an explanation, HQ upholds it with an adjustment, the branch
confirms and HQ finalises; the branch manager reads the final scorecard and prints it (a numbered, verifiable PDF)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from documents.models import IssuedDocument
from organization.roles import Role
from scoring.models import Scorecard
from tests.e2e.test_shell_browser import log_in
from tests.scoring.conftest import YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(orgs, make_user):
    """This year's assessment prepared; one Jilin hospital in the network; HQ, the Jilin claims head, its manager."""
    import datetime

    from hospitals.models import Cooperation
    from scoring.models import Assessment
    from tests.hospitals.conftest import in_network, make_hospital

    hospital = make_hospital(orgs.jilin)
    cooperation = Cooperation.objects.create(hospital=hospital, org=orgs.jilin)
    in_network(cooperation, start=datetime.date(YEAR - 2, 1, 1), end=datetime.date(YEAR + 1, 12, 31))
    make_user(orgs.hq, Role.HQ_NETWORK_APPROVER, username="hq")
    make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="head")
    make_user(orgs.jilin, Role.BRANCH_MANAGER, username="manager")
    return Assessment.objects.create(year=YEAR)


def test_hq_opens_the_year_the_branch_disputes_hq_resolves_and_finalises_the_manager_prints(
    page, browser, live_server, world
):
    log_in(page, "hq")
    page.goto(f"/scoring/{YEAR}/")
    page.get_by_test_id("open-year").click()
    expect(page.get_by_test_id("year-status")).to_contain_text("评分标准已锁定")
    card = Scorecard.objects.get(assessment=world, org__code="jilin")

    # The Jilin claims head, in their own session, disputes the depth item.
    head_context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    head = head_context.new_page()
    log_in(head, "head")
    head.goto(f"/scoring/cards/{card.pk}/")
    expect(head.get_by_test_id("card-state")).to_have_attribute("data-state", "draft")
    expect(head.get_by_test_id("points-depth")).to_have_text(
        "9.00"
    )  # no training, no advisor, no dispatch: 9
    head.locator("#id_note_item").select_option("depth")
    head.locator("input[name=kind][value=dispute]").check()
    head.locator("#id_note_text").fill("3月、9月在吉大一院组织了两次闭卷考试培训，签到表和试卷已上传总公司。")
    head.get_by_test_id("send-note").click()
    expect(head.get_by_test_id("card-state")).to_have_attribute("data-state", "disputed")

    # HQ upholds it with +5 points.
    page.goto(f"/scoring/cards/{card.pk}/")
    dispute = card.disputes.get()
    form = page.get_by_test_id(f"answer-form-{dispute.pk}")
    form.locator("input[name=upheld][value='1']").check()
    form.locator("input[name=points]").fill("5")
    form.locator("textarea[name=answer]").fill("核实签到表和试卷属实，按两次培训计5分。")
    page.get_by_test_id(f"answer-{dispute.pk}").click()
    expect(page.get_by_test_id("card-state")).to_have_attribute("data-state", "draft")
    expect(page.get_by_test_id("points-depth")).to_have_text("14.00")

    # The branch confirms the draft; HQ finalises.
    head.reload()
    head.get_by_test_id("action-confirm").get_by_role("button").click()
    expect(head.get_by_test_id("card-state")).to_have_attribute("data-state", "confirmed")
    head_context.close()
    page.reload()
    page.get_by_test_id("action-finalise").get_by_role("button").click()
    expect(page.get_by_test_id("card-state")).to_have_attribute("data-state", "final")

    # The branch manager reads the final scorecard and prints it.
    manager_context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    manager = manager_context.new_page()
    log_in(manager, "manager")
    manager.goto("/scoring/")
    manager.get_by_test_id(f"own-card-{YEAR}").click()
    expect(manager.get_by_test_id("card-state")).to_have_attribute("data-state", "final")
    expect(manager.get_by_test_id("detail-depth")).to_contain_text("核实签到表和试卷属实")
    manager.get_by_test_id("print").get_by_role("button").click()  # printed by the worker: the job links it
    expect(manager.get_by_test_id("job")).to_have_attribute("data-status", "done")
    manager.get_by_test_id("job-document").click()
    expect(manager.locator("h1")).to_contain_text("考核评分表 吉林分公司")
    document = IssuedDocument.objects.get(kind="scoring_scorecard")
    assert document.object_id == card.pk and document.number.startswith("KH-")
    assert document.issued_by.username == "manager"
    manager_context.close()
