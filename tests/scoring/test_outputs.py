"""What the annual assessment puts out (issue 13 point 6): HQ's ranking with its distribution and summary, its
.xlsx export, the printed scorecard that HQ signs off, and the trend and per-hospital partials of the card page.
Scorecards are built directly from the pure rules (scoring.scorecard.score_all), not through the cycle."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from documents.models import IssuedDocument, Job
from scoring import facts as gathering
from scoring import scorecard as sc
from scoring import selectors
from scoring.models import Adjustment, Assessment, Dispute, Scorecard
from scoring.services.cycle import NotAllowed, total_of
from scoring.services.printing import print_scorecard
from tests.conftest import client_for, english_client, run_pending_jobs
from tests.factories import SecondaryFactory
from tests.scoring.conftest import YEAR, make_inpatient
from workflow.services import TransitionRefused

STRONG = sc.Facts(
    trainings=(sc.TrainingFact("2026-03-01", "骨科", True), sc.TrainingFact("2026-09-01", "神经外科", True)),
    advisors=("王医生 (吉林大学第一医院)",),
)  # 20 + 0 + 5 + 5 + 9 + 0 + 0 + 9 = 48
PLAIN = sc.Facts()  # 20 + 9 + 9 = 38
HOSPITALS = [
    {
        "id": 1,
        "name": "吉林大学第一医院",
        "city": "长春市",
        "inpatients": 12,
        "average_cost": "1234.00",
        "non_insured_share": "18.5",
        "recommendation_code": "renew",
        "recommendation": "续约",
        "decision_code": "",
        "decision": "",
        "complaints": "",
        "rectifications": 1,
    },
    {
        "id": 2,
        "name": "长春市中心医院",
        "city": "长春市",
        "inpatients": 0,
        "average_cost": None,
        "non_insured_share": None,
        "recommendation": "",
        "decision": "",
        "complaints": "",
        "rectifications": 0,
    },
]


def make_card(
    assessment, org, facts=PLAIN, *, state="draft", adjust=None, by=None, hospitals=()
) -> Scorecard:
    items = sc.score_all(facts, assessment.rubric())
    card = Scorecard.objects.create(
        assessment=assessment,
        org=org,
        items=[item.to_json() for item in items],
        facts=facts.to_json(),
        hospitals=list(hospitals),
        total=total_of(items, adjust or {}),
    )
    for item, points in (adjust or {}).items():
        Adjustment.objects.create(
            scorecard=card, version=1, item=item, points=points, reason="核查属实", by=by
        )
    if state != "draft":
        Scorecard.objects.filter(pk=card.pk).update(
            state=state, finalised_at=timezone.now() if state == "final" else None
        )
        card.refresh_from_db()
    return card


@pytest.fixture
def cards(assessment, orgs, hq_approver):
    liaoning = SecondaryFactory(code="liaoning", name="辽宁分公司", parent=orgs.hq)
    return {
        "jilin": make_card(assessment, orgs.jilin, STRONG, state="final", hospitals=HOSPITALS),
        "shenzhen": make_card(assessment, orgs.shenzhen, PLAIN, state="confirmed"),
        "liaoning": make_card(assessment, liaoning, PLAIN),
    }


# --- the ranking ------------------------------------------------------------------------------------------------
def test_ranking_best_first_and_equal_totals_share_their_rank(assessment, cards):
    rows = selectors.ranking(assessment)
    assert [(r["card"].org.code, r["rank"], r["tied"]) for r in rows] == [
        ("jilin", 1, False),
        ("liaoning", 2, True),
        ("shenzhen", 2, True),
    ]
    assert rows[0]["card"].total == Decimal("48.00")
    assert [c["points"] for c in rows[0]["cells"]] == [
        Decimal("20.00"),
        Decimal("19"),
        Decimal("0"),
        Decimal("0"),
        Decimal("9"),
    ]


def test_ranking_shows_items_after_adjustments_kept_within_the_item(assessment, orgs, hq_approver):
    card = make_card(
        assessment, orgs.jilin, adjust={sc.HK: Decimal("-3"), sc.CUSTOMER: Decimal("-2")}, by=hq_approver
    )
    (row,) = selectors.ranking(assessment)
    assert row["points"][sc.HK] == Decimal("6") and row["points"][sc.CUSTOMER] == Decimal(
        "0"
    )  # 0 − 2 stays 0
    assert {c["key"] for c in row["cells"] if c["adjusted"]} == {sc.HK, sc.CUSTOMER}
    assert card.total == Decimal("35")


def test_distribution_and_summary(assessment, cards):
    rows = selectors.ranking(assessment)
    bands = {b["low"]: b for b in selectors.distribution(rows)}
    assert len(bands) == 10 and bands[30]["count"] == 2 and bands[40]["count"] == 1
    assert bands[30]["height"] == 120 and bands[40]["height"] == 60 and bands[0]["height"] == 0
    summary = selectors.ranking_summary(rows)
    assert summary["count"] == 3 and summary["final"] == 1
    assert (summary["mean"], summary["median"]) == (Decimal("41.33"), Decimal("38.00"))
    assert (summary["highest"], summary["lowest"]) == (Decimal("48"), Decimal("38"))
    averages = {i["key"]: i["average"] for i in summary["items"]}
    assert averages[sc.DEPTH] == Decimal("12.33") and averages[sc.NETWORK] == Decimal("20.00")


def test_a_total_of_100_counts_in_the_top_band():
    card = Scorecard(total=Decimal("100"))
    bands = selectors.distribution([{"card": card}])
    assert bands[-1]["count"] == 1 and bands[-1]["label"] == "90–100"
    assert selectors.ranking_summary([])["mean"] is None


def test_ranking_page_for_hq_with_chart_links_and_constant_queries(assessment, cards, hq_approver, orgs):
    client = english_client(hq_approver)
    url = reverse("scoring:ranking", args=[assessment.year])
    with CaptureQueriesContext(connection) as three:
        body = client.get(url).content.decode()
    assert re.findall(r'data-testid="rank-row" data-org="([\w-]+)" data-rank="(\d)"', body) == [
        ("jilin", "1"),
        ("liaoning", "2"),
        ("shenzhen", "2"),
    ]
    assert body.count('data-testid="band"') == 10 and 'data-low="30" data-count="2"' in body
    assert cards["jilin"].get_absolute_url() in body
    assert reverse("scoring:ranking_xlsx", args=[assessment.year]) in body
    assert 'data-testid="mean">41.33' in body and 'data-state="final"' in body
    for _n in range(5):
        make_card(assessment, SecondaryFactory(parent=orgs.hq), STRONG)
    with CaptureQueriesContext(connection) as eight:
        body = client.get(url).content.decode()
    assert body.count('data-testid="rank-row"') == 8
    assert len(eight) == len(three) <= 8
    assert client_for(hq_approver).get(url).status_code == 200  # the default language, zh-hans


def test_ranking_is_hq_only(assessment, cards, claims_head, branch_manager, outsider, review_head, client):
    url = reverse("scoring:ranking", args=[assessment.year])
    for user in (claims_head, branch_manager, outsider, review_head):
        assert client_for(user).get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_ranking_of_a_missing_year_and_the_wrong_method(hq_approver, assessment):
    client = client_for(hq_approver)
    assert client.get(reverse("scoring:ranking", args=[YEAR + 5])).status_code == 404
    assert client.post(reverse("scoring:ranking", args=[assessment.year])).status_code == 405
    assert client.post(reverse("scoring:ranking_xlsx", args=[assessment.year])).status_code == 405
    body = (
        english_client(hq_approver).get(reverse("scoring:ranking", args=[assessment.year])).content.decode()
    )
    assert 'data-testid="nothing"' in body


# --- the export ----------------------------------------------------------------------------------------------------
def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_xlsx_has_the_rows_with_numbers_as_numbers(assessment, cards, hq_approver):
    rows = _sheet(english_client(hq_approver).get(reverse("scoring:ranking_xlsx", args=[assessment.year])))
    assert rows[0][:3] == ("Rank", "Branch code", "Branch") and rows[0][-3:] == (
        "Total",
        "State",
        "Finalised at",
    )
    assert rows[0][3] == "Network built and maintained"
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        (1, "jilin", "吉林分公司"),
        (2, "liaoning", "辽宁分公司"),
        (2, "shenzhen", "深圳分公司"),
    ]
    jilin = rows[1]
    assert jilin[3:9] == (20, 19, 0, 0, 9, 48) and jilin[9] == "Final" and jilin[10] is not None
    assert rows[2][10] is None


def test_xlsx_headers_follow_the_language_and_formulas_are_neutralised(assessment, orgs, hq_approver):
    make_card(
        assessment, SecondaryFactory(code="evil", name='=HYPERLINK("http://evil","点击")', parent=orgs.hq)
    )
    rows = _sheet(client_for(hq_approver).get(reverse("scoring:ranking_xlsx", args=[assessment.year])))
    assert "分公司" in rows[0] and "合计" in rows[0]  # zh-hans: the product's default language
    assert rows[1][2] == '\'=HYPERLINK("http://evil","点击")'


def test_xlsx_is_hq_only(assessment, cards, claims_head, outsider, client):
    url = reverse("scoring:ranking_xlsx", args=[assessment.year])
    assert client_for(claims_head).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404
    assert client.get(url).status_code == 302


# --- the printed scorecard ------------------------------------------------------------------------------------
def _text(document) -> str:
    data = document.file.open("rb").read()
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def test_hq_prints_a_final_card_numbered_registered_and_verifiable(
    assessment, orgs, hq_approver, claims_head, review_head, branch_manager, client
):
    card = make_card(
        assessment,
        orgs.jilin,
        STRONG,
        state="final",
        adjust={sc.HK: Decimal("-2")},
        by=hq_approver,
        hospitals=HOSPITALS,
    )
    Dispute.objects.create(
        scorecard=card,
        version=1,
        item=sc.HK,
        kind="dispute",
        status="rejected",
        text="案件均按时回访",
        by=claims_head,
        answer="回访记录缺失",
        answered_by=hq_approver,
        answered_at=timezone.now(),
    )
    response = client_for(hq_approver).post(reverse("scoring:scorecard_print", args=[card.pk]))
    (job,) = run_pending_jobs()
    assert response.status_code == 302 and response["Location"] == reverse("documents:job", args=[job.pk])
    assert job.status == Job.Status.DONE and job.params["back"] == card.get_absolute_url()
    document = job.document
    assert re.fullmatch(rf"KH-{timezone.localdate().year}-\d{{6}}", document.number)
    assert document.kind == "scoring_scorecard" and document.subject == card and document.org == orgs.jilin
    text = _text(document)
    for words in (
        f"{YEAR}年度理赔协作医院工作考核评分表",
        "吉林分公司",
        document.number,
        "考核人：总公司车险/意健险理赔部",
        str(claims_head),
        str(review_head),
        "核查属实",
        "案件均按时回访",
        "回访记录缺失",
        "吉林大学第一医院",
        "¥1,234.00",
        "18.5%",
        "46.00",
    ):
        assert words in text, words
    assert str(branch_manager) not in text
    verify = client.post(reverse("documents:verify"), {"number": document.number, "sha256": document.sha256})
    assert 'data-verdict="genuine"' in verify.content.decode()
    page = selectors.scorecard_page(hq_approver, card)
    assert [d.number for d in page["documents"]] == [document.number] and page["may_print"] is True
    assert selectors.scorecard_page(claims_head, card)["may_print"] is True
    with translation.override("en"):
        html = render_to_string("scoring/_documents.html", {**page, "csrf_token": "x"})
        branch = render_to_string(
            "scoring/_documents.html", {"scorecard": card, "documents": [], "may_print": False}
        )
    assert document.number in html and reverse("scoring:scorecard_print", args=[card.pk]) in html
    assert "Nothing printed yet." in branch and 'data-testid="print"' not in branch


def test_the_branch_reads_the_printed_card_another_branch_does_not(
    assessment, orgs, hq_approver, claims_head, outsider
):
    card = make_card(assessment, orgs.jilin, state="final")
    document = print_scorecard(card, by=hq_approver)
    url = reverse("documents:download", args=[document.number])
    assert client_for(claims_head).get(url).status_code == 200
    assert client_for(outsider).get(url).status_code == 404


def test_a_draft_is_not_printed(assessment, orgs, hq_approver):
    card = make_card(assessment, orgs.jilin)
    client = english_client(hq_approver)
    response = client.post(reverse("scoring:scorecard_print", args=[card.pk]))
    assert response.status_code == 302 and response["Location"] == card.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Only a final scorecard is printed for signing: finalise it first."
    ]
    assert not Job.objects.exists() and not IssuedDocument.objects.exists()
    with pytest.raises(TransitionRefused):
        print_scorecard(card, by=hq_approver)


def test_the_cards_readers_print_it_nobody_else(
    assessment, orgs, hq_approver, claims_head, branch_manager, outsider, sub_head, adjuster, client
):
    # "the branch manager sees the final scorecard and prints it" (issue 13): every reader of the card may print.
    card = make_card(assessment, orgs.jilin, state="final")
    url = reverse("scoring:scorecard_print", args=[card.pk])
    assert client_for(claims_head).post(url).status_code == 302
    assert client_for(branch_manager).post(url).status_code == 302
    assert client_for(adjuster).post(url).status_code == 404
    Job.objects.all().delete()
    assert client_for(outsider).post(url).status_code == 404
    assert client_for(sub_head).post(url).status_code == 404
    assert client.post(url).status_code == 302 and not Job.objects.exists()
    assert client_for(hq_approver).get(url).status_code == 405
    assert (
        client_for(hq_approver).post(reverse("scoring:scorecard_print", args=[card.pk + 99])).status_code
        == 404
    )
    with pytest.raises(NotAllowed):
        print_scorecard(card, by=outsider)


def test_a_card_reopened_before_the_worker_runs_is_not_printed(assessment, orgs, hq_approver):
    card = make_card(assessment, orgs.jilin, state="final")
    with translation.override("en"):
        english_client(hq_approver).post(reverse("scoring:scorecard_print", args=[card.pk]))
    Scorecard.objects.filter(pk=card.pk).update(state="draft")
    (job,) = run_pending_jobs()
    assert job.status == Job.Status.FAILED and "final" in job.error and not IssuedDocument.objects.exists()


# --- the partials ----------------------------------------------------------------------------------------------
def test_trend_partial_with_the_years_and_without(assessment, orgs):
    earlier = Assessment.objects.create(year=YEAR - 1)
    make_card(earlier, orgs.jilin, STRONG, state="final")
    card = make_card(assessment, orgs.jilin)
    trend = selectors.trend(card)
    assert [(b["year"], b["total"], b["final"], b["current"]) for b in trend] == [
        (YEAR - 1, Decimal("48"), True, False),
        (YEAR, Decimal("38"), False, True),
    ]
    assert trend[0]["height"] == 57 and trend[0]["y"] == 150 - 57
    with translation.override("en"):
        html = render_to_string("scoring/_trend.html", {"trend": trend})
        assert html.count('data-testid="trend-bar"') == 2 and f'data-year="{YEAR}"' in html
        assert 'data-testid="no-trend"' in render_to_string("scoring/_trend.html", {"trend": []})


def test_hospitals_partial_shows_figures_and_dashes(assessment, orgs):
    card = make_card(assessment, orgs.jilin, hospitals=HOSPITALS)
    with translation.override("en"):
        html = render_to_string("scoring/_hospitals.html", {"scorecard": card})
        empty = render_to_string(
            "scoring/_hospitals.html", {"scorecard": make_card(assessment, orgs.shenzhen)}
        )
    rows = re.findall(r'<tr data-testid="hospital-row".*?</tr>', html, re.S)
    assert len(rows) == 2
    assert "¥1,234.00" in rows[0] and "18.5%" in rows[0] and "Renew" in rows[0]
    assert rows[1].count("—") >= 5
    assert 'data-testid="no-hospitals"' in empty


def test_hospital_figures_gathered_for_the_card(assessment, orgs, network_hospital, follow_up):
    make_inpatient(orgs.jilin, network_hospital, follow_up)
    (row,) = gathering.hospital_figures(assessment, orgs.jilin)
    assert row["name"] == "吉林大学第一医院" and row["inpatients"] == 1
    assert row["average_cost"] is None  # no bill claimed yet: "—", not ¥0.00
    assert row["recommendation_code"] == "" and row["evaluated"] is False
