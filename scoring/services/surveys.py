"""The satisfaction samples' use cases (issue 13, points 2 and 3; seed 000: "以二级机构为单位,随机抽样问卷五名住院治疗的平安
客户", "由总公司车险/意健险理赔部对各二级机构的协作医院进行随机抽样实地调研或电话回访测评").

HQ draws each branch's sample once per year and kind (the seed and the sorted population are recorded, so anyone
can redo the draw: :func:`verify_draw`), asks the drawn customers or hospitals by phone or on site, or sends a
customer a link to a questionnaire they open on their phone (a signed token that expires; no login). A customer
who cannot be reached is replaced by the next one of the recorded order, with the reason. Every step writes an
Event on the draw or on the response (workflow.services.record_event). A branch whose scorecard of the year is
final takes no more answers: the final card is locked, and a reopening gathers the facts again.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organization.models import OrgUnit
from sla.notifications import Contact, Message, send_messages
from workflow.services import StaleState, TransitionRefused, record_event

from .. import facts, sampling
from ..models import Assessment, Question, SampleDraw, Scorecard, SurveyResponse
from ..rules import can_assess
from ..workflows import ScorecardState

LINK_SALT = "scoring.survey_link"
LINK_SMS = "scoring.survey_link"
FREE_TEXT_MAX = 500
R = SurveyResponse.Status

# What the audit events mean (registered in scoring.apps).
DRAW_EVENTS = {"sample_drawn": gettext_lazy("Sample drawn")}
RESPONSE_EVENTS = {
    "answers_recorded": gettext_lazy("Answers recorded"),
    "answered_by_link": gettext_lazy("Answered through the link"),
    "unreachable": gettext_lazy("Could not be reached"),
    "replacement": gettext_lazy("Drawn as a replacement"),
    "link_sent": gettext_lazy("Questionnaire link sent by SMS"),
    "mobile_revealed": gettext_lazy("Mobile number shown to call"),
}


class NotAllowed(TransitionRefused):
    """The person may not do this (the view answers 403)."""


class LinkRefused(Exception):
    """A questionnaire link that cannot be used: ``gone`` (expired, replaced, already answered: 410) or not ours
    (tampered or unknown: 404). The message is translated and safe to show to anyone."""

    def __init__(self, message: str, *, gone: bool):
        self.message, self.gone = str(message), gone
        super().__init__(self.message)


def _require_assessor(by) -> None:
    if not can_assess(by):
        raise NotAllowed(_("Only HQ's claims department draws and asks the samples."))


def _check_not_final(assessment_id: int, org_id: int) -> None:
    card = Scorecard.objects.filter(assessment_id=assessment_id, org_id=org_id).only("state").first()
    if card is not None and card.state == ScorecardState.FINAL:
        raise StaleState(_("The branch's scorecard of this year is final: its samples no longer change."))


def sample_size(assessment: Assessment, kind: str) -> int:
    return (
        assessment.customer_sample_size if kind == Question.Kind.CUSTOMER else assessment.hospital_sample_size
    )


def population(assessment: Assessment, org: OrgUnit, kind: str) -> list[int]:
    if kind == Question.Kind.CUSTOMER:
        return facts.inpatient_population(assessment, org)
    return facts.hospital_population(assessment, org)


def _subjects(assessment: Assessment, org: OrgUnit, kind: str, ids) -> dict[int, dict]:
    """What to put on each drawn response: its foreign key and a masked label (name and hospital, or the
    hospital's name and city)."""
    ids = list(ids)
    if kind == Question.Kind.CUSTOMER:
        people = facts.describe_inpatients(ids)
        return {
            pk: {"injured_person_id": pk, "label": f"{p['name']} · {p['hospital']}"[:120]}
            for pk, p in people.items()
        }
    hospitals = facts.describe_hospitals(assessment, org)
    return {
        pk: {"hospital_id": pk, "label": " · ".join(filter(None, [h["name"], h.get("city", "")]))[:120]}
        for pk, h in hospitals.items()
        if pk in ids
    }


def _response(draw: SampleDraw, subject_id: int, subject: dict | None) -> SurveyResponse:
    subject = subject or {"label": f"#{subject_id}"}
    return SurveyResponse(
        draw=draw,
        position=list(draw.order).index(subject_id) + 1,
        subject_id=subject_id,
        injured_person_id=subject.get("injured_person_id"),
        hospital_id=subject.get("hospital_id"),
        label=subject["label"],
    )


# --- the draw ---------------------------------------------------------------------------------------------------
def draw_sample(assessment: Assessment, org: OrgUnit, kind: str, *, by) -> SampleDraw:
    """Draw the branch's sample of ``kind`` once for the year (allowed as soon as the year exists): record the seed,
    the sorted population, the drawn order and the size, and ask the first ``size`` of the order. A population
    smaller than the size gives what there is (the pages say "only N eligible"); an empty one draws nothing."""
    _require_assessor(by)
    if kind not in Question.Kind.values:
        raise TransitionRefused(_("Choose the customers' or the hospitals' questionnaire."))
    if org.level != OrgUnit.Level.SECONDARY:
        raise TransitionRefused(_("Samples are drawn per branch (secondary org)."))
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _check_not_final(locked.pk, org.pk)
        earlier = (
            SampleDraw.objects.filter(assessment=locked, org=org, kind=kind)
            .select_related("drawn_by")
            .first()
        )
        if earlier is not None:
            raise StaleState(
                _("This sample was drawn already by %(person)s on %(day)s: it is drawn once a year.")
                % {"person": earlier.drawn_by, "day": f"{timezone.localtime(earlier.drawn_at):%Y-%m-%d}"}
            )
        ids = population(locked, org, kind)
        if not ids:
            raise TransitionRefused(
                _("No inpatient customer of the branch is eligible yet: nothing was drawn.")
                if kind == Question.Kind.CUSTOMER
                else _("The branch had no cooperating hospital in the year: nothing was drawn.")
            )
        result = sampling.draw(ids, sampling.new_seed(), sample_size(locked, kind))
        try:
            with transaction.atomic():
                draw = SampleDraw.objects.create(
                    assessment=locked,
                    org=org,
                    kind=kind,
                    seed=result.seed,
                    population=list(result.population),
                    order=list(result.order),
                    size=result.size,
                    drawn_by=by,
                )
        except IntegrityError as exc:  # another assessor drew it meanwhile (a backend without the row lock)
            raise StaleState(_("This sample was drawn already: reload the page.")) from exc
        subjects = _subjects(locked, org, kind, result.chosen)
        SurveyResponse.objects.bulk_create([_response(draw, pk, subjects.get(pk)) for pk in result.chosen])
        note = _("%(chosen)s drawn from %(population)s eligible (sample size %(size)s), seed %(seed)s.") % {
            "chosen": len(result.chosen),
            "population": len(result.population),
            "size": result.size,
            "seed": result.seed,
        }
        record_event(draw, "sample_drawn", by=by, note=note)
    return draw


@dataclass(frozen=True)
class Verification:
    matches: bool
    recomputed: tuple[int, ...]
    recorded: tuple[int, ...]


def verify_draw(draw: SampleDraw) -> Verification:
    """Redo the draw from the recorded seed and population: does it give the recorded order?"""
    again = sampling.draw(draw.population, draw.seed, draw.size)
    recorded = tuple(draw.order)
    return Verification(
        again.order == recorded and again.population == tuple(draw.population), again.order, recorded
    )


# --- answers ----------------------------------------------------------------------------------------------------
def _locked(response: SurveyResponse) -> SurveyResponse:
    return (
        SurveyResponse.objects.select_for_update(of=("self",))
        .select_related("draw", "recorded_by")
        .get(pk=response.pk)
    )


def _check_pending(response: SurveyResponse) -> None:
    if response.status == R.ANSWERED:
        who = response.recorded_by or _("the customer through the link")
        raise StaleState(
            _("Already answered by %(person)s on %(day)s. Reload the page.")
            % {"person": who, "day": f"{timezone.localtime(response.answered_at):%Y-%m-%d %H:%M}"}
        )
    if response.status == R.UNREACHABLE:
        raise StaleState(
            _("%(person)s marked this one unreachable already (%(reason)s). Reload the page.")
            % {"person": response.recorded_by or _("Someone"), "reason": response.unreachable_reason}
        )


def validate_answers(kind: str, answers: dict) -> list[dict]:
    """Every asked scale question answered 1…scale, free text optional and at most 500 characters; the answers
    with each question's text and scale as asked (a later change of the questionnaire changes no answer)."""
    asked = list(Question.objects.filter(kind=kind, is_active=True).order_by("position", "pk"))
    given = {int(key): value for key, value in answers.items()}
    errors: dict[str, list[str]] = {}
    unknown = set(given) - {q.pk for q in asked}
    if unknown:
        errors["__all__"] = [_("The questionnaire changed meanwhile: reload the page.")]
    rows = []
    for question in asked:
        value = given.get(question.pk)
        field = f"q{question.pk}"
        if question.scale:
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = None
            if number is None or not 1 <= number <= question.scale:
                errors[field] = [_("Choose an answer from 1 to %(max)s.") % {"max": question.scale}]
                continue
            rows.append(
                {"question": question.pk, "text": question.text, "scale": question.scale, "value": number}
            )
        else:
            text = str(value or "").strip()
            if len(text) > FREE_TEXT_MAX:
                errors[field] = [_("At most %(max)s characters.") % {"max": FREE_TEXT_MAX}]
                continue
            rows.append({"question": question.pk, "text": question.text, "scale": 0, "value": text})
    if errors:
        raise ValidationError(errors)
    return rows


def _store(locked: SurveyResponse, rows: list[dict], channel: str, by) -> None:
    locked.answers = rows
    locked.points = sum(r["value"] for r in rows if r["scale"])
    locked.scale = sum(r["scale"] for r in rows if r["scale"])
    locked.status, locked.channel = R.ANSWERED, channel
    locked.answered_at, locked.recorded_by = timezone.now(), by
    locked.link_nonce = ""  # an answered questionnaire's link is dead
    locked.save(
        update_fields=[
            "answers",
            "points",
            "scale",
            "status",
            "channel",
            "answered_at",
            "recorded_by",
            "link_nonce",
        ]
    )


def record_answers(response: SurveyResponse, answers: dict, channel: str, *, by) -> SurveyResponse:
    """HQ records the answers given by phone or on site. Two people at once: the row is locked, the second is told
    who answered it first."""
    _require_assessor(by)
    if channel not in (SurveyResponse.Channel.PHONE, SurveyResponse.Channel.ON_SITE):
        raise ValidationError({"channel": [_("Choose by phone or on site.")]})
    with transaction.atomic():
        locked = _locked(response)
        _check_pending(locked)
        _check_not_final(locked.draw.assessment_id, locked.draw.org_id)
        rows = validate_answers(locked.draw.kind, answers)
        _store(locked, rows, channel, by)
        record_event(
            locked,
            "answers_recorded",
            by=by,
            note=f"{locked.channel_label}: {locked.points} / {locked.scale}",
        )
    return locked


def mark_unreachable(response: SurveyResponse, reason: str, *, by) -> SurveyResponse | None:
    """The drawn one cannot be reached: marked with the reason and replaced by the next of the recorded order.
    Returns the replacement, or None when the population is exhausted."""
    _require_assessor(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why they could not be reached.")]})
    with transaction.atomic():
        draw = SampleDraw.objects.select_for_update().get(pk=response.draw_id)  # one replacement at a time
        locked = _locked(response)
        _check_pending(locked)
        _check_not_final(draw.assessment_id, draw.org_id)
        locked.status, locked.unreachable_reason, locked.recorded_by = R.UNREACHABLE, reason[:300], by
        locked.link_nonce = ""
        locked.save(update_fields=["status", "unreachable_reason", "recorded_by", "link_nonce"])
        used = draw.responses.values_list("subject_id", flat=True)
        nxt = sampling.next_replacement(draw.order, used)
        replacement = None
        if nxt is not None:
            subject = _subjects(draw.assessment, draw.org, draw.kind, [nxt]).get(nxt)
            replacement = _response(draw, nxt, subject)
            replacement.save()
            record_event(
                replacement,
                "replacement",
                by=by,
                note=_("Replaces %(label)s: %(reason)s") % {"label": locked.label, "reason": reason},
            )
            outcome = _("replaced by %(label)s") % {"label": replacement.label}
        else:
            outcome = _("the population is exhausted: no one left to replace them")
        record_event(locked, "unreachable", by=by, note=f"{reason} — {outcome}")
    return replacement


# --- the link ---------------------------------------------------------------------------------------------------
def link_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("scoring:survey_link", args=[token])


def link_valid_until(response: SurveyResponse) -> datetime.datetime | None:
    if response.link_sent_at is None:
        return None
    return response.link_sent_at + datetime.timedelta(days=response.draw.assessment.survey_link_days)


def send_link(response: SurveyResponse, *, by) -> str:
    """Send a drawn customer the questionnaire link by SMS (a signed token carrying the response and a new random
    nonce, valid for the rubric's days). Sending again makes a new nonce: the earlier link no longer works.
    Returns the link (the SMS is sent by the worker after commit)."""
    _require_assessor(by)
    with transaction.atomic():
        locked = _locked(response)
        if locked.draw.kind != Question.Kind.CUSTOMER:
            raise TransitionRefused(_("Only customers get a link; hospitals are asked by phone or on site."))
        _check_pending(locked)
        _check_not_final(locked.draw.assessment_id, locked.draw.org_id)
        mobile = facts.inpatient_mobile(locked.injured_person_id or locked.subject_id)
        if not mobile:
            raise TransitionRefused(
                _("No mobile number is on file for this customer: call them or mark them unreachable.")
            )
        locked.link_nonce = secrets.token_urlsafe(12)
        locked.link_sent_at = timezone.now()
        locked.save(update_fields=["link_nonce", "link_sent_at"])
        token = signing.dumps({"r": locked.pk, "n": locked.link_nonce}, salt=LINK_SALT)
        url = link_url(token)
        until = link_valid_until(locked)
        hospital = locked.label.split(" · ", 1)[-1]
        send_messages(
            [
                Message(
                    contact=Contact(mobile=mobile),
                    kind=LINK_SMS,
                    context={
                        "hospital": hospital,
                        "url": url,
                        "until": f"{timezone.localtime(until):%Y-%m-%d}",
                    },
                    content_type_id=ContentType.objects.get_for_model(SurveyResponse).pk,
                    object_id=locked.pk,
                    dedupe_key=f"scoring:link:{locked.pk}:{locked.link_nonce}",
                )
            ]
        )
        record_event(
            locked,
            "link_sent",
            by=by,
            note=_("Valid until %(day)s.") % {"day": f"{timezone.localtime(until):%Y-%m-%d}"},
        )
    return url


def open_link(token: str, *, lock: bool = False) -> SurveyResponse:
    """The pending response a link stands for, or :class:`LinkRefused` (nothing is changed)."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
        pk, nonce = int(data["r"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise LinkRefused(
            _("This link is not valid. Check that you opened the whole link from the SMS."), gone=False
        ) from exc
    rows = SurveyResponse.objects.select_related("draw", "draw__assessment")
    if lock:
        rows = rows.select_for_update()
    response = rows.filter(pk=pk, draw__kind=Question.Kind.CUSTOMER).first()
    if response is None:
        raise LinkRefused(
            _("This link is not valid. Check that you opened the whole link from the SMS."), gone=False
        )
    try:
        signing.loads(
            token, salt=LINK_SALT, max_age=datetime.timedelta(days=response.draw.assessment.survey_link_days)
        )
    except signing.SignatureExpired as exc:
        raise LinkRefused(_("This link has expired. Thank you all the same."), gone=True) from exc
    if response.status != R.PENDING:
        raise LinkRefused(_("This questionnaire has been answered already. Thank you."), gone=True)
    if not response.link_nonce or not secrets.compare_digest(response.link_nonce, nonce):
        raise LinkRefused(_("This link was replaced by a newer one: please use the latest SMS."), gone=True)
    card = Scorecard.objects.filter(
        assessment_id=response.draw.assessment_id, org_id=response.draw.org_id
    ).first()
    if card is not None and card.state == ScorecardState.FINAL:
        raise LinkRefused(_("The survey is closed. Thank you all the same."), gone=True)
    return response


def answer_by_link(token: str, answers: dict) -> SurveyResponse:
    """The customer answers through their link (no login): checked again under the row's lock; used once."""
    with transaction.atomic():
        response = open_link(token, lock=True)
        rows = validate_answers(Question.Kind.CUSTOMER, answers)
        _store(response, rows, SurveyResponse.Channel.LINK, None)
        record_event(response, "answered_by_link", note=f"{response.points} / {response.scale}")
    return response


def reveal_mobile(response: SurveyResponse, *, by) -> str:
    """The whole mobile of a drawn customer, to call them (shown on request, audited)."""
    _require_assessor(by)
    if response.draw.kind != Question.Kind.CUSTOMER:
        raise TransitionRefused(_("Only customers have a mobile on file here."))
    mobile = facts.inpatient_mobile(response.injured_person_id or response.subject_id)
    record_event(response, "mobile_revealed", by=by)
    return mobile
