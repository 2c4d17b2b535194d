"""The printed scorecard 考核评分表 (issue 13 point 6): a final card as a numbered, hash-registered PDF in Chinese
that HQ's claims department signs off. Only HQ prints, and only a final card: a draft can still change, and a
signed paper must not disagree with the card. The worker runs it (scoring.jobs); the branch reads the printed
document through the documents app (the kind's ``can_read`` is ``can_view_scoring``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services import issue_document
from organization.selectors import responsible_persons
from workflow.services import TransitionRefused

from ..models import Scorecard
from ..rules import can_view_scoring
from ..selectors import item_rows
from .cycle import NotAllowed

DOCUMENT_KIND = "scoring_scorecard"
TEMPLATE = "scoring/pdf/scorecard.html"
FACTS_SHOWN = 12  # per item or part; the rest is counted ("另有N项")


def _facts(item) -> dict:
    return {"shown": item.facts[:FACTS_SHOWN], "more": max(len(item.facts) - FACTS_SHOWN, 0)}


def assessed_persons(scorecard: Scorecard) -> dict[str, list]:
    """The branch's first and second responsible persons (seed 000 "被考核人"): the heads at the branch itself, not
    a sub-branch's (a sub-branch's claims head is not assessed and cannot answer the card)."""
    people = responsible_persons(scorecard.org)
    return {rank: [p for p in found if p.org_id == scorecard.org_id] for rank, found in people.items()}


def pdf_context(scorecard: Scorecard) -> dict:
    rows = item_rows(scorecard)
    for row in rows:
        row["facts"] = _facts(row["item"])
        row["parts"] = [{"part": part, "facts": _facts(part)} for part in row["item"].parts]
    persons = assessed_persons(scorecard)
    return {
        "scorecard": scorecard,
        "assessment": scorecard.assessment,
        "org": scorecard.org,
        "rows": rows,
        "maximum": sum((row["item"].maximum for row in rows), 0),
        "adjustments": [a for row in rows for a in row["adjustments"]],
        "disputes": [n for row in rows for n in row["notes"]],
        "first_persons": persons["first"],
        "second_persons": persons["second"],
        "finalised_at": timezone.localtime(scorecard.finalised_at) if scorecard.finalised_at else None,
    }


def print_scorecard(scorecard: Scorecard, *, by):
    """Issue the final card as a numbered PDF (KH-<year>-…), registered for verification; an Event on the card."""
    if not can_view_scoring(by, scorecard):
        raise NotAllowed(_("You may not print this document."))
    card = Scorecard.objects.select_related("assessment", "org", "finalised_by").get(pk=scorecard.pk)
    if card.state != Scorecard.State.FINAL:
        raise TransitionRefused(_("Only a final scorecard is printed for signing: finalise it first."))
    return issue_document(
        kind=DOCUMENT_KIND,
        template_name=TEMPLATE,
        context=pdf_context(card),
        subject=card,
        org=card.org,
        by=by,
        title=f"{card.assessment.year}年度理赔协作医院工作考核评分表 {card.org.name} 第{card.version}版",
    )
