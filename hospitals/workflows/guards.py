"""What stands in the way of a step of the cooperation pipeline, as seed 000 writes it. Each guard returns the
reasons (translated sentences) or nothing; ``perform_transition`` evaluates them under the row lock and the hospital
page shows them next to the disabled button.

Models are imported inside the functions: the models import this package (the transitions are their mixins).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from workflow.declaration import guard

from ..eligibility import Verdict

# "每年对协作医院进行评估": an HQ decision on an annual evaluation holds for a year.
DECISION_VALID_DAYS = 365


# --- the agreements of a cooperation ----------------------------------------------------------------------------
def _prefetched(cooperation) -> list | None:
    """The cooperation's agreements when a list page prefetched them (HQ's queue), to spare a query a row."""
    cache = getattr(cooperation, "_prefetched_objects_cache", {}).get("agreements")
    return list(cache) if cache is not None else None


def latest_agreement(cooperation):
    """The newest version, signed or still a draft."""
    prefetched = _prefetched(cooperation)
    if prefetched is not None:
        return max(prefetched, key=lambda a: a.version, default=None)
    return cooperation.agreements.order_by("-version").first()


def signed_agreement(cooperation):
    """The newest signed version: the current term (or the last one, once it has ended)."""
    return cooperation.agreements.filter(signed_on__isnull=False).order_by("-version").first()


def agreement_in_force(cooperation, on: datetime.date):
    """The signed version whose term covers ``on``, if any."""
    return (
        cooperation.agreements.filter(
            signed_on__isnull=False, signed_on__lte=on, term_start__lte=on, term_end__gte=on
        )
        .order_by("-version")
        .first()
    )


def current_agreement(cooperation, on: datetime.date | None = None):
    """The signed version whose term has begun (the one in force, or the last one once it ended)."""
    on = on or timezone.localdate()
    return (
        cooperation.agreements.filter(signed_on__isnull=False, term_start__lte=on)
        .order_by("-version")
        .first()
    )


def renewal_draft(cooperation):
    """The next version prepared for a renewal: newer than the current term's (signed or not yet)."""
    latest, current = latest_agreement(cooperation), current_agreement(cooperation)
    if latest is None or current is None or latest.version <= current.version:
        return None
    return latest


# --- HQ's decisions on the annual evaluation ---------------------------------------------------------------------
def current_decision(cooperation, on: datetime.date | None = None):
    """HQ's latest decision on an annual evaluation of the cooperation, if taken within the last year."""
    on = on or timezone.localdate()
    evaluation = (
        cooperation.evaluations.filter(decided_at__isnull=False).order_by("-decided_at", "-pk").first()
    )
    if evaluation is None:
        return None
    decided_on = timezone.localdate(evaluation.decided_at)
    if (on - decided_on).days > DECISION_VALID_DAYS:
        return None
    return evaluation


def hq_decided(cooperation, decision: str, on: datetime.date | None = None):
    evaluation = current_decision(cooperation, on)
    return evaluation if evaluation is not None and evaluation.decision == decision else None


# --- submission (seed 000, 上报审批 and 协作医院应具备的条件) ----------------------------------------------------------
LIAISON_FIELDS = ("branch_liaison", "branch_liaison_phone", "hospital_liaison", "hospital_liaison_phone")


def missing_liaisons(cooperation) -> list[str]:
    """Seed 000: "与协作医院签署协议时，双方应设立合作项目联系人及联系电话"."""
    labels = {
        "branch_liaison": _("our project liaison"),
        "branch_liaison_phone": _("our project liaison's phone"),
        "hospital_liaison": _("the hospital's project liaison"),
        "hospital_liaison_phone": _("the hospital's project liaison's phone"),
    }
    return [str(labels[name]) for name in LIAISON_FIELDS if not (getattr(cooperation, name) or "").strip()]


def missing_for_submission(cooperation) -> list[str]:
    """What HQ needs and is not there yet (seed 000, 上报审批: "必须包括医院全称、地址、性质…急救电话…协议书草案"):
    empty when nothing is missing."""
    from ..models import Condition

    h = cooperation.hospital
    missing = []
    for ok, label in (
        (h.name, _("full name")),
        (h.address, _("address")),
        (h.nature, _("nature (public or private)")),
        (h.grade, _("grade")),
        (h.beds, _("size (number of beds)")),
        (h.specialties.strip(), _("key specialties")),
        (h.emergency_phone, _("emergency direct line (not 120)")),
        (h.emergency_contact, _("emergency contact person or department")),
        (cooperation.method, _("establishment method")),
    ):
        if not ok:
            missing.append(str(label))
    missing.extend(missing_liaisons(cooperation))
    recorded = set(cooperation.checks.values_list("condition", flat=True))
    if len(recorded) < len(Condition.values):
        missing.append(
            _("eligibility checklist (%(done)s of %(all)s conditions recorded)")
            % {"done": len(recorded), "all": len(Condition.values)}
        )
    if latest_agreement(cooperation) is None:
        missing.append(str(_("draft agreement")))
    return missing


def registry_failures(hospital, on: datetime.date) -> list[str]:
    """Conditions the registry entry itself fails, whatever the checklist says: condition 7 as the seed writes it
    and an expired licence (condition 1)."""
    problems = []
    verdict = hospital.condition_7()
    if verdict.verdict == Verdict.FAILS:
        problems.append(
            _(
                "Condition 7 is not met (%(reasons)s): the network takes public general hospitals of grade 2A "
                "(二级甲等) or above; a private or trauma specialty hospital only with HQ's special approval."
            )
            % {"reasons": verdict.explanation}
        )
    if not hospital.licence_in_force(on):
        problems.append(
            _("Condition 1 is not met: the practising licence expired on %(date)s.")
            % {"date": hospital.licence_valid_until}
        )
    return problems


def eligibility_failures(cooperation) -> list[str]:
    """Conditions recorded as not met, or met without evidence (the checklist must show all eight are met)."""
    problems = []
    for check in cooperation.checks.all():
        if not check.met:
            problems.append(
                _("Condition %(n)s is not met: %(label)s.")
                % {"n": check.condition, "label": check.get_condition_display()}
            )
        elif not check.evidence.strip():
            problems.append(
                _("Condition %(n)s has no evidence: %(label)s.")
                % {"n": check.condition, "label": check.get_condition_display()}
            )
    return problems


@guard
def submission_complete(cooperation):
    problems = []
    missing = missing_for_submission(cooperation)
    if missing:
        problems.append(_("Cannot submit to HQ yet. Missing: %(items)s.") % {"items": "; ".join(missing)})
    problems += eligibility_failures(cooperation)
    problems += registry_failures(cooperation.hospital, timezone.localdate())
    agreement = latest_agreement(cooperation)
    if agreement is not None and agreement.has_deviation and agreement.legal_reviewed_by_id is None:
        problems.append(
            _(
                "The draft deviates from the standard text: the branch legal post must review it before it goes to HQ."
            )
        )
    return problems


@guard
def approvable(cooperation):
    """HQ approves only what still meets the conditions, and a deviating text only once HQ has reviewed it."""
    problems = registry_failures(cooperation.hospital, timezone.localdate())
    agreement = latest_agreement(cooperation)
    if agreement is not None and agreement.has_deviation and agreement.hq_reviewed_by_id is None:
        problems.append(
            _(
                "The draft deviates from the standard text: record HQ's review of the deviation before approving."
            )
        )
    return problems


# --- signing (seed 000, 协议书签定: "由双方适格领导签署协议书以确立合作关系") ------------------------------------------------
def signing_problems(agreement) -> list[str]:
    """What must be in place before a version may be signed: both reviews of a deviating text, HQ's approval of
    every function that needs it, and both sides' project liaisons."""
    from ..models import Function, FunctionApproval

    problems = []
    if not agreement.reviews_complete:
        problems.append(
            _(
                "The agreement deviates from the standard text: the branch legal post's review and HQ's review "
                "must both be recorded before signing."
            )
        )
    needed = agreement.functions_needing_approval()
    if needed:
        approved = set(
            FunctionApproval.objects.filter(
                agreement=agreement, status=FunctionApproval.Status.APPROVED
            ).values_list("function", flat=True)
        )
        for code in needed:
            if code not in approved:
                problems.append(
                    _("“%(function)s” needs HQ's approval before the agreement is signed.")
                    % {"function": Function(code).label}
                )
    missing = missing_liaisons(agreement.cooperation)
    if missing:
        problems.append(
            _("Both sides' project liaisons and phones are required at signing. Missing: %(items)s.")
            % {"items": "; ".join(missing)}
        )
    return problems


@guard
def agreement_ready_to_sign(cooperation):
    agreement = latest_agreement(cooperation)
    if agreement is None or agreement.signed_on is None:
        return _("Record the signing date of the agreement first.")
    return signing_problems(agreement)


@guard
def signed_scan_uploaded(cooperation):
    agreement = latest_agreement(cooperation)
    if agreement is None or not agreement.signed_scan:
        return _("Upload the scan of the signed agreement first.")
    return None


# --- renewal, termination, expiry --------------------------------------------------------------------------------
@guard
def renewal_ready(cooperation):
    """Seed 000: the annual evaluation goes to HQ, which decides renewal; the new version is signed and filed."""
    problems = []
    if hq_decided(cooperation, "renew") is None:
        problems.append(
            _("HQ has not decided to renew: submit this year's evaluation recommending renewal to HQ first.")
        )
    draft = renewal_draft(cooperation)
    if draft is None:
        problems.append(_("Prepare the next version of the agreement first."))
        return problems
    if not draft.is_signed:
        problems.append(_("Record the signing of version %(v)s first.") % {"v": draft.version})
    elif not draft.signed_scan:
        problems.append(_("Upload the scan of the signed version %(v)s first.") % {"v": draft.version})
    if draft.is_signed and draft.filed_with_hq_on is None:
        problems.append(_("File the signed version %(v)s with HQ first.") % {"v": draft.version})
    return problems


@guard
def termination_grounds(cooperation):
    """Seed 000: "取消或提前终止经提整改意见仍操作不规范医院的合作资格" — a rectification request first, or HQ's
    decision not to continue on the annual evaluation (HQ may also terminate at once, with its reasons)."""
    from ..models import Cooperation

    if cooperation.state == Cooperation.State.RECTIFICATION or hq_decided(cooperation, "terminate"):
        return None
    return _(
        "A cooperation is terminated after a rectification request the hospital did not meet, or on HQ's "
        "decision on the annual evaluation. Request rectification first."
    )


@guard
def term_over(cooperation):
    """The system expires a cooperation only when no signed agreement is in force today."""
    if agreement_in_force(cooperation, timezone.localdate()) is not None:
        return _("A signed agreement is still in force.")
    return None
