"""A litigation matter on an injured person (人伤涉诉, seed 001 p22–23), declared once.

p22 "诉讼案件管理": "诉讼岗负责诉讼案件的处理和管理工作，制定应诉方案…协助配合对诉讼案件保险责任、事故责任、伤残等级、赔偿项目、
标准和金额的审核；协助配合对应诉方案制定；将审核意见及方案录入车险理赔系统中的诉讼审核模块。" p23: "人伤涉诉案件 → 一审应诉 →
是否上诉 — 是: 医疗审核 → 二审 → 根据判决或调解结果结案; 否: 根据判决或调解结果结案".

* **opened**: the suit registered (court, case number, plaintiff, claims by item). Medical review gives its opinions
  (诉讼审核) on coverage, liability, disability grade, items, standards and amounts.
* **first_instance** (一审应诉): ``plan_response`` — the litigation officer's response plan, made with at least one
  medical-review opinion (p22 "协助配合对应诉方案制定"). Hearings are scheduled with reminders.
* **first_judgment**: the first-instance judgment recorded with its scan and its award by item. Then 是否上诉:
  ``appeal`` (p23: "是 → 医疗审核" — a medical reviewer's opinion on the judgment first, by somebody else than the
  officer, within the appeal period), ``opponent_appeals`` (the plaintiff appealed), or ``accept_judgment`` once
  the appeal period has run out (民事诉讼法 Art. 171: the judgment takes effect when nobody appealed in time).
* **second_instance** (二审): closed per the final judgment (``close_per_final_judgment``), by court mediation, or
  ``appeal_withdrawn`` (撤回上诉: the first judgment takes effect).
* A court mediation (调解书) closes either instance (``close_by_mediation``). **closed**: per the effective judgment
  or mediation — its awarded items become the person's fixed amounts (``services.litigation``). **withdrawn**: the
  plaintiff withdrew the suit (撤诉) before the first judgment; the person's follow-up goes on.

The judgment steps are taken by the judgment form (``services.litigation.record_judgment``: the scan and the
award by item come with them), never by a bare button: ``offered=False``.
"""

from __future__ import annotations

from django.apps import apps
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


class LitigationState(models.TextChoices):
    OPENED = "opened", gettext_lazy("Suit registered")
    FIRST_INSTANCE = "first_instance", gettext_lazy("First instance (一审应诉)")
    FIRST_JUDGMENT = "first_judgment", gettext_lazy("First-instance judgment: appeal?")
    SECOND_INSTANCE = "second_instance", gettext_lazy("Second instance (二审)")
    CLOSED = "closed", gettext_lazy("Closed per judgment or court mediation")
    WITHDRAWN = "withdrawn", gettext_lazy("Suit withdrawn (撤诉)")


S = LitigationState
LITIGATORS = frozenset({Role.LITIGATION_OFFICER, Role.BRANCH_CLAIMS_HEAD})
MEDICAL_REVIEWERS = frozenset({Role.MEDICAL_REVIEWER, Role.MEDICAL_REVIEW_HEAD})
OPEN = frozenset({S.OPENED, S.FIRST_INSTANCE, S.FIRST_JUDGMENT, S.SECOND_INSTANCE})
HEARINGS_OPEN = frozenset({S.OPENED, S.FIRST_INSTANCE, S.SECOND_INSTANCE})
FINAL = frozenset({S.CLOSED, S.WITHDRAWN})


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.org_id)


def can_litigate(user, obj=None) -> bool:
    """诉讼岗: the litigation officers of the org (and its claims head), in their scope."""
    if not _active(user) or not user.has_role(*LITIGATORS):
        return False
    return obj is None or scope_for(user).covers(getattr(obj, "org_id", None))


def is_litigation_officer(user, obj) -> bool:
    """A litigation officer (诉讼岗) of the record's part of the company: who may be given its suit."""
    return _active(user) and user.has_role(Role.LITIGATION_OFFICER) and scope_for(user).covers(obj.org_id)


def can_give_litigation_opinion(user, matter=None) -> bool:
    """诉讼审核 by medical review, in scope; never by the matter's officer or whoever opened it (nobody reviews their
    own work)."""
    if not _active(user) or not user.has_role(*MEDICAL_REVIEWERS):
        return False
    if matter is None:
        return True
    if user.pk in (matter.officer_id, matter.created_by_id):
        return False
    return scope_for(user).covers(matter.org_id)


LITIGATE = allowed(can_litigate)


# --- guards --------------------------------------------------------------------------------------------------
@guard
def claims_recorded(matter):
    if not matter.items.exists():
        return _("Record the plaintiff's claims by item first.")
    return None


@guard
def plan_written(matter):
    if not matter.response_plan.strip():
        return _("Write the response plan (应诉方案) first.")
    return None


@guard
def opinion_given(matter):
    """p22: medical review "协助配合对应诉方案制定"."""
    if not matter.opinions.exists():
        return _("A medical reviewer's opinion (诉讼审核) is needed for the response plan.")
    return None


@guard
def opinion_on_judgment(matter):
    """p23: "是否上诉 是 → 医疗审核": a medical-review opinion given on the first judgment."""
    if not matter.opinions.filter(stage=S.FIRST_JUDGMENT).exists():
        return _("A medical reviewer's opinion on the judgment is needed before appealing.")
    return None


@guard
def appeal_period_over(matter):
    """民事诉讼法 Art. 171: the judgment takes effect once the 15 days from service passed without an appeal."""
    deadline = matter.appeal_deadline()
    if deadline is not None and timezone.localdate() <= deadline:
        return _("The appeal period runs until %(day)s: the judgment takes effect after it.") % {
            "day": f"{deadline:%Y-%m-%d}"
        }
    return None


def _judgment_guard(instance: int, kind: str):
    def check(matter):
        if not matter.judgments.filter(instance=instance, kind=kind).exists():
            return _("Record the court's document with its award first.")
        return None

    check.__name__ = f"judgment_{instance}_{kind}_recorded"
    return guard(check)


@guard
def mediation_recorded(matter):
    instance = 2 if matter.state == S.SECOND_INSTANCE else 1
    if not matter.judgments.filter(instance=instance, kind="mediation").exists():
        return _("Record the court mediation document (调解书) with its award first.")
    return None


@guard
def person_can_take_award(matter):
    """The award becomes the person's amounts: not while their costs are in review, not once closed unpaid."""
    from .person import PersonState

    person = matter.person
    if person.state == PersonState.COST_REVIEW:
        return _("The person's costs are in review: wait for its decision before closing per the court.")
    if person.state == PersonState.CLOSED:
        return _("The person's follow-up was closed without payment: the award cannot be settled for them.")
    return None


def _note_required(note: str, message: str) -> None:
    if not note.strip():
        raise TransitionRefused(message, field="note")


def _judgment(matter, instance: int, kind: str | None = None):
    rows = apps.get_model("injury_claims", "Judgment").objects.filter(litigation=matter, instance=instance)
    return rows.filter(kind=kind).first() if kind else rows.first()


class LitigationTransitions:
    """The transitions of ``injury_claims.models.Litigation``."""

    @transition(
        field="state",
        source=S.OPENED,
        target=S.FIRST_INSTANCE,
        permission=LITIGATE,
        conditions=[claims_recorded, plan_written, opinion_given],
    )
    def plan_response(self, by=None, note=""):
        """p22: "制定应诉方案" — the plan set, the first instance defended on it."""
        self.plan_by, self.plan_at = by, timezone.now()

    @transition(
        field="state",
        source=S.FIRST_INSTANCE,
        target=S.FIRST_JUDGMENT,
        permission=LITIGATE,
        conditions=[_judgment_guard(1, "judgment")],
    )
    def record_first_judgment(self, by=None, note=""):
        """The first-instance judgment is in: its award by item, served on a day (the appeal period runs)."""

    @transition(
        field="state",
        source=S.FIRST_JUDGMENT,
        target=S.SECOND_INSTANCE,
        permission=LITIGATE,
        conditions=[opinion_on_judgment],
    )
    def appeal(self, by=None, note=""):
        """是否上诉: yes — within the period, on a medical reviewer's opinion (not the officer's own)."""
        _note_required(note, _("Give the grounds of the appeal."))
        if not self.opinions.filter(stage=S.FIRST_JUDGMENT).exclude(by=by).exists():
            raise TransitionRefused(
                _("The opinion on the judgment must be somebody else's: nobody approves their own.")
            )
        deadline = self.appeal_deadline()
        if deadline is not None and timezone.localdate() > deadline:
            raise TransitionRefused(
                _("The appeal period ended on %(day)s (%(source)s).")
                % {"day": f"{deadline:%Y-%m-%d}", "source": self.appeal_source}
            )
        self.appeal_decision, self.decided_by, self.decided_at = "appeal", by, timezone.now()

    @transition(field="state", source=S.FIRST_JUDGMENT, target=S.SECOND_INSTANCE, permission=LITIGATE)
    def opponent_appeals(self, by=None, note=""):
        """The plaintiff appealed: the second instance is defended whatever our decision."""
        _note_required(note, _("Say what the plaintiff appeals against."))
        self.appeal_decision, self.decided_by, self.decided_at = "opponent", by, timezone.now()

    @transition(
        field="state",
        source=S.FIRST_JUDGMENT,
        target=S.CLOSED,
        permission=LITIGATE,
        conditions=[appeal_period_over, person_can_take_award],
    )
    def accept_judgment(self, by=None, note=""):
        """是否上诉: no — nobody appealed in time, the first judgment is effective."""
        self.appeal_decision, self.decided_by, self.decided_at = "accept", by, timezone.now()
        self.effective_judgment = _judgment(self, 1, "judgment")

    @transition(
        field="state",
        source=S.SECOND_INSTANCE,
        target=S.CLOSED,
        permission=LITIGATE,
        conditions=[_judgment_guard(2, "judgment"), person_can_take_award],
    )
    def close_per_final_judgment(self, by=None, note=""):
        """二审 → 根据判决结案: the second-instance judgment is final."""
        self.effective_judgment = _judgment(self, 2, "judgment")

    @transition(
        field="state",
        source=S.SECOND_INSTANCE,
        target=S.CLOSED,
        permission=LITIGATE,
        conditions=[person_can_take_award],
    )
    def appeal_withdrawn(self, by=None, note=""):
        """The appeal was withdrawn (撤回上诉): the first judgment takes effect."""
        _note_required(note, _("Say who withdrew the appeal and when the court allowed it."))
        self.effective_judgment = _judgment(self, 1, "judgment")

    @transition(
        field="state",
        source=[S.FIRST_INSTANCE, S.SECOND_INSTANCE],
        target=S.CLOSED,
        permission=LITIGATE,
        conditions=[mediation_recorded, person_can_take_award],
    )
    def close_by_mediation(self, by=None, note=""):
        """根据调解结果结案: the court mediation document, signed for by the parties, is effective."""
        instance = 2 if self.state == S.SECOND_INSTANCE else 1
        self.effective_judgment = _judgment(self, instance, "mediation")

    @transition(field="state", source=[S.OPENED, S.FIRST_INSTANCE], target=S.WITHDRAWN, permission=LITIGATE)
    def withdraw(self, by=None, note=""):
        """The plaintiff withdrew the suit (撤诉) with the court's leave: the person's follow-up goes on."""
        _note_required(note, _("Say when the court allowed the withdrawal."))


def _handler(matter):
    """The person's follow-up handler hears of the court's outcome (their person's amounts are the court's now)."""
    return [matter.person.handler] if matter.person.handler_id else []


HANDLER_NOTICE = Notice("injury_claims.person_changed", _handler)

LITIGATION = Workflow(
    name="injury_claims.litigation",
    model="injury_claims.Litigation",
    states=LitigationState,
    start=S.OPENED,
    finals=FINAL,
    steps={
        "plan_response": Step(
            gettext_lazy("Set the response plan"), gettext_lazy("Response plan set: first instance")
        ),
        "record_first_judgment": Step(
            gettext_lazy("Record the first-instance judgment"),
            gettext_lazy("First-instance judgment recorded"),
            offered=False,
            notices=(HANDLER_NOTICE,),
        ),
        "appeal": Step(gettext_lazy("Appeal"), gettext_lazy("Appealed"), form=ReasonsForm),
        "opponent_appeals": Step(
            gettext_lazy("The plaintiff appealed"),
            gettext_lazy("The plaintiff appealed"),
            form=ReasonsForm,
            style="secondary",
        ),
        "accept_judgment": Step(
            gettext_lazy("Close per the first judgment"),
            gettext_lazy("Closed per the first-instance judgment"),
        ),
        "close_per_final_judgment": Step(
            gettext_lazy("Close per the final judgment"),
            gettext_lazy("Closed per the second-instance judgment"),
            offered=False,
            notices=(HANDLER_NOTICE,),
        ),
        "appeal_withdrawn": Step(
            gettext_lazy("The appeal was withdrawn"),
            gettext_lazy("Appeal withdrawn: the first judgment is effective"),
            form=ReasonsForm,
            style="secondary",
        ),
        "close_by_mediation": Step(
            gettext_lazy("Close per court mediation"),
            gettext_lazy("Closed per court mediation"),
            offered=False,
            notices=(HANDLER_NOTICE,),
        ),
        "withdraw": Step(
            gettext_lazy("The suit was withdrawn"),
            gettext_lazy("Suit withdrawn"),
            form=ReasonsForm,
            style="secondary",
        ),
    },
    event_labels={
        "opened": gettext_lazy("Litigation matter opened"),
        "claims_saved": gettext_lazy("Claims by item saved"),
        "plan_saved": gettext_lazy("Response plan saved"),
        "opinion": gettext_lazy("Medical-review opinion given (诉讼审核)"),
        "hearing_scheduled": gettext_lazy("Hearing scheduled"),
        "hearing_changed": gettext_lazy("Hearing changed"),
        "judgment_recorded": gettext_lazy("Court document recorded"),
        "amounts_not_fixed": gettext_lazy("Award not applied to the settlement"),
    },
    context=lambda matter: {
        "person": matter.person.name,
        "report": matter.person.claim.report_no,
        "case_no": matter.case_no,
    },
)
