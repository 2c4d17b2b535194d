"""The fast track for a small injury claim (小额人伤快速处理, seed 001 p11–19), declared once.

p11: "是否小额 → 小额人伤快处模块 → 是否成功 → 是 签订协议 → 查勘员录入协议结果 → 医疗审核 → 核赔通过"; not successful → the
normal follow-up (人伤跟踪) goes on. The band comes from the standard (``injury_claims.fast_track``) when the track is
opened; the person's follow-up keeps its own state meanwhile.

* **proposed**: the facts recorded, the band proposed with its reasons. Incurred medical costs above 1,000 (up to
  2,000) need a medical reviewer's phone confirmation **before** the agreement (p18): ``confirm``.
* **agreed**: the agreement signed on the spot for an amount within the band (the form is printed for signature).
* **signed**: the adjuster records the agreement's result with the signed scan (查勘员录入协议结果).
* **checked**: p19 "在医疗审核时仅进行上传资料和录入信息的复核，不再对赔偿项目和金额进行审核及修改，但进行打分考核" — a medical
  reviewer checks the material and scores the case; the amounts cannot change (the form has no amount, the model
  refuses it, the database refuses it). The person's costs are then approved at the agreed amounts and the
  settlement's calculation and approval take them as they are.
* **failed**: no agreement — the person's normal follow-up continues.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import transition

from organization.roles import Role
from organization.scoping import scope_for
from workflow.declaration import Notice, Step, Workflow, allowed, guard
from workflow.forms import ReasonsForm
from workflow.services import TransitionRefused

from ..forms.fast_track import AgreeForm, ConfirmForm, ScoreForm
from ..rules import can_work_claim


class FastTrackState(models.TextChoices):
    PROPOSED = "proposed", gettext_lazy("Band proposed")
    CONFIRMED = "confirmed", gettext_lazy("Confirmed by phone")
    AGREED = "agreed", gettext_lazy("Agreement signed")
    SIGNED = "signed", gettext_lazy("Result recorded")
    CHECKED = "checked", gettext_lazy("Checked and scored")
    FAILED = "failed", gettext_lazy("No agreement: normal follow-up")


S = FastTrackState
CHECKERS = frozenset({Role.MEDICAL_REVIEWER, Role.MEDICAL_REVIEW_HEAD})
# Once agreed, the amounts are the agreement's (p19): nobody changes them.
AMOUNTS_FIXED = frozenset({S.AGREED, S.SIGNED, S.CHECKED})


def can_check_fast_track(user, track=None) -> bool:
    """A medical reviewer of the branch, never the adjuster who agreed it (nobody checks their own work)."""
    if not (user and user.is_authenticated and user.is_active and user.org_id and user.has_role(*CHECKERS)):
        return False
    if track is None:
        return True
    if user.pk in (track.agreed_by_id, track.created_by_id):
        return False
    return scope_for(user).covers(track.org_id)


@guard
def confirmation_needed(track):
    if not track.needs_confirmation:
        return _("Medical costs within the limit need no phone confirmation.")
    return None


@guard
def confirmed_if_needed(track):
    if track.needs_confirmation and track.state != S.CONFIRMED:
        return _("A medical reviewer must confirm the medical costs by phone before the agreement.")
    return None


@guard
def scan_uploaded(track):
    if track.signed_scan_id is None:
        return _("Upload the scan of the signed agreement first.")
    return None


class FastTrackTransitions:
    """The transitions of ``injury_claims.models.FastTrack``."""

    @transition(
        field="state",
        source=S.PROPOSED,
        target=S.CONFIRMED,
        permission=allowed(can_check_fast_track),
        conditions=[confirmation_needed],
    )
    def confirm(self, by=None, note=""):
        """p18: "快速处理前需要电话告知医疗审核人员，待确认同意后…"."""
        if not note.strip():
            raise TransitionRefused(_("Write down what was confirmed on the phone."), field="note")
        self.confirmed_by, self.confirmed_at, self.confirmation_note = by, timezone.now(), note.strip()

    @transition(
        field="state",
        source=[S.PROPOSED, S.CONFIRMED],
        target=S.AGREED,
        permission=allowed(can_work_claim),
        conditions=[confirmed_if_needed],
    )
    def agree(self, by=None, note="", amount=None, medical_amount=None):
        """p17: the agreement signed on the spot, within the band."""
        problems = self.agreement_problems(amount, medical_amount)
        if problems:
            raise TransitionRefused(problems[0], field="amount")
        self.amount, self.medical_amount = amount, medical_amount
        self.agreed_by, self.agreed_at = by, timezone.now()

    @transition(
        field="state",
        source=S.AGREED,
        target=S.SIGNED,
        permission=allowed(can_work_claim),
        conditions=[scan_uploaded],
    )
    def record_result(self, by=None, note=""):
        """查勘员录入协议结果: the signed agreement is in."""

    @transition(field="state", source=S.SIGNED, target=S.AGREED, permission=allowed(can_check_fast_track))
    def return_material(self, by=None, note=""):
        """The material is incomplete or unreadable: back to the adjuster (the amounts stay as agreed)."""
        if not note.strip():
            raise TransitionRefused(_("Say what is missing."), field="note")
        self.signed_scan = None

    @transition(field="state", source=S.SIGNED, target=S.CHECKED, permission=allowed(can_check_fast_track))
    def score_case(self, by=None, note="", score=None):
        """p19: checked and scored, the amounts untouched; the person's costs are approved at them."""
        if score is None or not 0 <= score <= 100:
            raise TransitionRefused(_("Score the case from 0 to 100."), field="score")
        self.score, self.checked_by, self.checked_at = score, by, timezone.now()

    @transition(
        field="state",
        source=[S.PROPOSED, S.CONFIRMED, S.AGREED],
        target=S.FAILED,
        permission=allowed(can_work_claim),
    )
    def fail(self, by=None, note=""):
        """No agreement (是否成功: 否): the normal follow-up continues."""
        if not note.strip():
            raise TransitionRefused(_("Say why no agreement was reached."), field="note")


def _handler(track):
    return [track.person.handler] if track.person.handler_id else []


HANDLER_NOTICE = Notice("injury_claims.person_changed", _handler)

FAST_TRACK = Workflow(
    name="injury_claims.fast_track",
    model="injury_claims.FastTrack",
    states=FastTrackState,
    start=S.PROPOSED,
    finals=frozenset({S.CHECKED, S.FAILED}),
    steps={
        "confirm": Step(
            gettext_lazy("Confirm by phone"),
            gettext_lazy("Medical costs confirmed by phone"),
            form=ConfirmForm,
        ),
        "agree": Step(gettext_lazy("Record the agreement"), gettext_lazy("Agreement signed"), form=AgreeForm),
        "record_result": Step(gettext_lazy("Record the result"), gettext_lazy("Agreement result recorded")),
        "return_material": Step(
            gettext_lazy("Return for material"),
            gettext_lazy("Returned for material"),
            form=ReasonsForm,
            style="secondary",
            notices=(HANDLER_NOTICE,),
        ),
        "score_case": Step(
            gettext_lazy("Check and score"),
            gettext_lazy("Checked and scored"),
            form=ScoreForm,
            notices=(HANDLER_NOTICE,),
        ),
        "fail": Step(
            gettext_lazy("No agreement"),
            gettext_lazy("No agreement: normal follow-up"),
            form=ReasonsForm,
            style="secondary",
        ),
    },
    context=lambda track: {"person": track.person.name, "report": track.person.claim.report_no},
)
