"""Demo data of the annual assessment (issue 13, point 7): two years so every page has content — last year final
(every branch's card finalised by HQ after its window, one with an upheld dispute, printed for Jilin), this year
open in draft with a dispute from Jilin waiting for HQ, an explanation from Shenzhen and an adjustment. The
satisfaction samples are drawn and partly answered for both years (scoring.services.surveys).

Idempotent: nothing is made twice (a year that exists is left as it is). The facts come from the other apps' demo
data (the network's trainings, advisors, dispatches, HK cases; injury claims' inpatients); scoring writes only its
own records.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from organization.models import OrgUnit, User
from organization.roles import Role
from workflow.services import TransitionRefused, perform_transition

from .models import Assessment, Question, Scorecard
from .services import cycle, surveys


def _people() -> tuple[User | None, dict[str, User]]:
    hq = (
        User.objects.filter(username="hq_approver").first()
        or User.objects.filter(groups__name=Role.HQ_NETWORK_APPROVER, org__level=OrgUnit.Level.HQ).first()
    )
    heads = {
        u.org.code: u
        for u in User.objects.filter(groups__name=Role.BRANCH_CLAIMS_HEAD, org__level=OrgUnit.Level.SECONDARY)
        .select_related("org")
        .order_by("pk")
    }
    return hq, heads


REMARKS = ["医生很负责，费用解释清楚", "", "希望查勘员探视再及时一些", "住院手续办得很快"]


def _samples(assessment: Assessment, hq: User, *, answered: int, rng: random.Random) -> None:
    """Both samples of every branch drawn; the first ``answered`` of each asked (customers by phone, hospitals on
    site); this year one customer could not be reached (replaced) and one was sent the link."""
    questions = {
        kind: list(Question.objects.filter(kind=kind, is_active=True)) for kind in Question.Kind.values
    }
    for org in OrgUnit.objects.filter(level=OrgUnit.Level.SECONDARY, is_active=True).order_by("code"):
        for kind in Question.Kind.values:
            try:
                draw = surveys.draw_sample(assessment, org, kind, by=hq)
            except TransitionRefused:
                continue  # nobody eligible (no inpatient of that year): the samples page says so
            responses = list(draw.responses.order_by("position"))
            if kind == Question.Kind.CUSTOMER and answered < draw.size and len(responses) > answered:
                replacement = surveys.mark_unreachable(responses[answered], "电话停机，三次联系未果", by=hq)
                if replacement is not None and len(responses) > answered + 1:
                    surveys.send_link(responses[answered + 1], by=hq)
            for response in responses[:answered]:
                values = {
                    q.pk: rng.choice([3, 4, 4, 5, 5]) if q.scale else rng.choice(REMARKS)
                    for q in questions[kind]
                }
                channel = "phone" if kind == Question.Kind.CUSTOMER else rng.choice(["on_site", "phone"])
                surveys.record_answers(response, values, channel, by=hq)


def _last_year(year: int, hq: User, heads: dict[str, User]) -> None:
    assessment = cycle.create_year(year, by=hq)
    _samples(assessment, hq, answered=5, rng=random.Random(year))
    cycle.open_year(assessment, by=hq)
    cards = {c.org.code: c for c in Scorecard.objects.filter(assessment=assessment).select_related("org")}
    jilin = cards.get("jilin")
    if jilin and "jilin" in heads:
        dispute = cycle.dispute_item(
            jilin,
            item="depth",
            text="9月在吉大一院组织的第二次闭卷考试培训漏录，附签到表和试卷。",
            by=heads["jilin"],
            expected_state="draft",
        )
        cycle.answer_dispute(
            dispute, upheld=True, answer="核实签到表和试卷属实，按两次培训计分。", points=Decimal(2), by=hq
        )
    past = timezone.localdate() - datetime.timedelta(days=1)
    Scorecard.objects.filter(assessment=assessment).update(dispute_until=past)
    for card in Scorecard.objects.filter(assessment=assessment):
        perform_transition(card, "finalise", by=hq, expected_state=card.state, note="年度考核定稿")


def _this_year(year: int, hq: User, heads: dict[str, User]) -> None:
    assessment = cycle.create_year(year, by=hq)
    cycle.update_rubric(
        assessment, {"dispatch_response_minutes": 30}, by=hq, reason="沿用上年急救响应时限（30分钟）"
    )
    _samples(assessment, hq, answered=2, rng=random.Random(year))
    cycle.open_year(assessment, by=hq)
    cards = {c.org.code: c for c in Scorecard.objects.filter(assessment=assessment).select_related("org")}
    if "jilin" in cards and "jilin" in heads:
        cycle.dispute_item(
            cards["jilin"],
            item="network",
            text="吉林市中心医院协议已于本月续签，扫描件已报总公司备案，数量应达标。",
            by=heads["jilin"],
            expected_state="draft",
        )
    if "shenzhen" in cards and "shenzhen" in heads:
        cycle.explain(
            cards["shenzhen"],
            item="customer_satisfaction",
            text="抽中的两名客户已返港，电话无法接通，已按规则补抽。",
            by=heads["shenzhen"],
        )
        cycle.adjust(
            cards["shenzhen"],
            item="hk",
            points=Decimal(-2),
            reason="HK-2026-031 回访超时，系统未记录，总公司核查后扣分。",
            by=hq,
        )


def seed_demo_scoring() -> dict[str, int]:
    hq, heads = _people()
    if hq is None or not heads:
        return {}
    this_year = timezone.localdate().year
    if not Assessment.objects.filter(year=this_year - 1).exists():
        _last_year(this_year - 1, hq, heads)
    if not Assessment.objects.filter(year=this_year).exists():
        _this_year(this_year, hq, heads)
    return {
        "assessment years": Assessment.objects.count(),
        "scorecards": Scorecard.objects.count(),
    }
