"""The scorecard's review cycle, declared once (seed 000, 协作医院工作的考核; issue 13).

HQ opens the year and the system computes a draft per branch (scoring.services.cycle) → the branch's responsible
persons read every fact; within the rubric's working days they may explain items, dispute them (the card waits for
HQ) or confirm the draft → HQ answers every dispute (upheld with an adjustment, or rejected, with reasons) and the
card returns to draft → HQ finalises once the branch confirmed or its time to dispute has passed: the card is
locked, later facts change nothing → a reopening needs reasons and keeps the final version it replaces.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import transition

from workflow.declaration import Clock, Notice, Step, Workflow, allowed, guard
from workflow.forms import ReasonsForm

from .rules import can_answer_scorecard, can_assess


class ScorecardState(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft: the branch reviews it")
    DISPUTED = "disputed", gettext_lazy("Disputed: waiting for HQ")
    CONFIRMED = "confirmed", gettext_lazy("Confirmed by the branch")
    FINAL = "final", gettext_lazy("Final")


S = ScorecardState
DISPUTE_POLICY = "scoring_dispute"  # HQ answers a branch's dispute (working days, sla policy)


@guard
def within_dispute_window(scorecard):
    """The branch disputes or confirms within the rubric's working days from the draft."""
    if scorecard.dispute_until and timezone.localdate() > scorecard.dispute_until:
        return _("The time to dispute ended on %(day)s.") % {"day": f"{scorecard.dispute_until:%Y-%m-%d}"}
    return None


@guard
def branch_had_its_time(scorecard):
    """HQ finalises a draft once the branch confirmed it or its time to dispute has passed."""
    if (
        scorecard.state == S.DRAFT
        and scorecard.dispute_until
        and timezone.localdate() <= scorecard.dispute_until
    ):
        return _(
            "The branch may dispute until %(day)s: finalise after that day or once the branch confirms."
        ) % {"day": f"{scorecard.dispute_until:%Y-%m-%d}"}
    return None


@guard
def no_open_dispute(scorecard):
    if scorecard.disputes.filter(kind="dispute", status="open").exists():
        return _("Answer every open dispute first.")
    return None


class ScorecardTransitions:
    @transition(
        field="state",
        source=[S.DRAFT, S.DISPUTED],
        target=S.DISPUTED,
        permission=allowed(can_answer_scorecard),
        conditions=[within_dispute_window],
    )
    def dispute(self, by=None, note="", item: str = ""):
        """The Dispute row is written by scoring.services.cycle.dispute_item in the same transaction."""

    @transition(
        field="state",
        source=S.DISPUTED,
        target=S.DRAFT,
        permission=allowed(can_assess),
        conditions=[no_open_dispute],
    )
    def resolve(self, by=None, note=""):
        """Taken by scoring.services.cycle.answer_dispute when HQ answers the last open dispute."""

    @transition(
        field="state",
        source=S.DRAFT,
        target=S.CONFIRMED,
        permission=allowed(can_answer_scorecard),
        conditions=[within_dispute_window],
    )
    def confirm(self, by=None, note=""):
        self.confirmed_by, self.confirmed_at = by, timezone.now()

    @transition(
        field="state",
        source=[S.DRAFT, S.CONFIRMED],
        target=S.FINAL,
        permission=allowed(can_assess),
        conditions=[branch_had_its_time, no_open_dispute],
    )
    def finalise(self, by=None, note=""):
        self.finalised_by, self.finalised_at = by, timezone.now()

    @transition(field="state", source=S.FINAL, target=S.DRAFT, permission=allowed(can_assess))
    def reopen(self, by=None, note=""):
        """scoring.services.cycle.reopen keeps the final version, recomputes and gives the branch a new window."""


def _assessed(scorecard):
    from organization.selectors import responsible_persons

    people = responsible_persons(scorecard.org)
    return [*people["first"], *people["second"]]


def _assessors(scorecard):
    from .selectors import assessors

    return assessors()


SCORECARD = Workflow(
    name="scoring.scorecard",
    model="scoring.Scorecard",
    states=ScorecardState,
    start=S.DRAFT,
    finals=frozenset({S.FINAL}),
    steps={
        "dispute": Step(
            gettext_lazy("Dispute an item"),
            gettext_lazy("The branch disputed an item"),
            offered=False,  # taken from the item's own form (scoring.views.cycle.dispute)
            notices=(Notice("scoring.disputed", to=_assessors),),
        ),
        "resolve": Step(
            gettext_lazy("Disputes answered"),
            gettext_lazy("HQ answered the branch's disputes"),
            offered=False,  # taken by answering the last open dispute
            notices=(Notice("scoring.resolved", to=_assessed),),
        ),
        "confirm": Step(gettext_lazy("Confirm the draft"), gettext_lazy("The branch confirmed the draft")),
        "finalise": Step(
            gettext_lazy("Finalise"),
            gettext_lazy("HQ finalised the scorecard"),
            notices=(Notice("scoring.finalised", to=_assessed),),
        ),
        "reopen": Step(
            gettext_lazy("Reopen"),
            gettext_lazy("HQ reopened the final scorecard"),
            form=ReasonsForm,
            style="secondary",
            notices=(Notice("scoring.reopened", to=_assessed),),
        ),
    },
    clocks=(
        Clock(
            S.DISPUTED, DISPUTE_POLICY, gettext_lazy("Answer the disputes of %(org)s's %(year)s scorecard")
        ),
    ),
    editable={
        # HQ recomputes the facts and adjusts items only before the card is final.
        "facts": frozenset({S.DRAFT, S.DISPUTED}),
        "adjustments": frozenset({S.DRAFT, S.DISPUTED}),
        "explanations": frozenset({S.DRAFT, S.DISPUTED}),
    },
    event_labels={
        "opened": gettext_lazy("Draft computed when HQ opened the year"),
        "recomputed": gettext_lazy("Facts gathered again"),
        "explained": gettext_lazy("The branch explained an item"),
        "dispute_answered": gettext_lazy("HQ answered a dispute"),
        "adjusted": gettext_lazy("HQ adjusted an item"),
        "document_issued": gettext_lazy("Scorecard printed"),
    },
    context=lambda scorecard: {"org": scorecard.org.name, "year": scorecard.assessment.year},
    # The one clock (answering disputes) is HQ's work: it belongs to HQ, the branch's parent, not to the branch.
    org_of=lambda scorecard: scorecard.org.parent,
)
