"""Demo claims (issue 9): about 200 claims with 1–4 injured persons in every state across the branches, treated at
hospitals of the registry (in the network and not), with bills and lines, reviews pending, approved and returned,
and follow-ups booked for today. Loaded once.

Everything goes through the services, as real work does, each step at the moment it would have been done: the
services stamp what they record with ``timezone.now()``, which the replay sets to that moment (``_replay``). So
timelines, review dates, survey clocks (met on time or late, still running on today's reports), estimate revisions
and reminders read like the last four months of a branch, and the steps of all claims run in chronological order
(records are numbered in the order they were made). Staff steps fall in office hours.

Cost: about 0.1 s per claim on SQLite, all of it the services' own work (~20 s for the 201 claims). Tests that
need the demo but not its size lower ``CLAIMS_PER_BRANCH`` (or pass ``per_branch``).
"""

from __future__ import annotations

import datetime
import heapq
import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from hospitals.models import Cooperation, Hospital
from organization.models import OrgUnit, User
from sla.models import Delivery, Reminder
from sla.services.reminders import handle_reminder
from workflow.services import perform_transition

from .claims_demo_data import (
    AGES,
    COMPANIONS,
    COSTS_RETURNED,
    DEATHS,
    FINDINGS,
    FOLLOW_UP_RETURNED,
    INPATIENT_ITEMS,
    LEADS,
    OUTPATIENT_ITEMS,
    PERSONS_PER_CLAIM,
    PLACES,
    PLATE_PREFIX,
    REDUCTION,
    SECTIONS,
    STREETS,
    _Clock,
    _hours,
    _office,
    _outcomes,
    _person_values,
    _record,
    _scan,
    _spread,
)
from .models import BillLine, Claim, InjuredPerson, InjuryCategory, Review
from .rules import can_review
from .services import claims as services
from .services import reviews as review_services
from .workflows.person import FOLLOWING, PersonState

CLAIMS_PER_BRANCH = 67  # × the three demo branches: 201 claims
S = PersonState
Story = Iterator[datetime.datetime]


@dataclass
class _Branch:
    org: OrgUnit
    province: str
    handler: User  # follows the injured persons up
    adjuster: User  # takes the report and surveys
    reviewers: list[User]  # lowest authority first
    places: list[tuple[OrgUnit, str, list[str]]]
    hospitals: list[Hospital]
    in_network: set[int]
    reported: int = 0
    decided: int = 0  # follow-up reviews decided: every eighth is returned


@dataclass
class _Demo:
    today: datetime.date
    until: datetime.datetime  # no step later than this (just before now)
    start_of_today: datetime.datetime
    categories: dict[str, InjuryCategory]
    person_type: ContentType
    spawn: Callable[[Story], None] = field(default=lambda story: None)
    claims: int = 0


@transaction.atomic
def seed_demo_claims(per_branch: int | None = None) -> dict[str, int]:
    if Claim.objects.exists():
        return {"demo claims": Claim.objects.count()}
    per_branch = CLAIMS_PER_BRANCH if per_branch is None else per_branch
    now, today = timezone.now(), timezone.localdate()
    demo = _Demo(
        today=today,
        until=now - datetime.timedelta(minutes=2),
        start_of_today=timezone.make_aware(datetime.datetime.combine(today, datetime.time())),
        categories={c.code: c for c in InjuryCategory.objects.all()},
        person_type=ContentType.objects.get_for_model(InjuredPerson),
    )
    stories = []
    for org in OrgUnit.objects.filter(level=OrgUnit.Level.SECONDARY).order_by("code"):
        branch = _branch(org, today)
        if branch is None:
            continue
        for n in range(per_branch):
            stories.append(_claim(demo, branch, n, random.Random(f"{org.code}:{n}")))
    before = Delivery.objects.aggregate(last=Max("pk"))["last"] or 0
    _replay(demo, stories)
    # The e-mails and SMS of that past work went out when it happened (the worker's doing, not the services'): the
    # worker is not to send four months of them when the demo starts.
    Delivery.objects.filter(pk__gt=before, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SENT, attempts=1, claimed_at=F("created_at"), sent_at=F("created_at")
    )
    return {"demo claims": demo.claims}


# --- the replay --------------------------------------------------------------------------------------------------
def _replay(demo: _Demo, stories: list[Story]) -> None:
    """Run the steps of all the stories in chronological order. A story is a generator that yields the moment of
    its next step; the code after the yield is that step, run with ``timezone.now()`` at that moment. A step may
    start new stories (``demo.spawn``): the claim's survey and persons, once it is registered."""
    queue: list[tuple[datetime.datetime, int, Story]] = []
    order = itertools.count()

    def spawn(story: Story) -> None:
        moment = next(story, None)
        if moment is not None:
            heapq.heappush(queue, (moment, next(order), story))

    demo.spawn = spawn
    for story in stories:
        spawn(story)
    clock, real_now = _Clock(), timezone.now
    timezone.now = clock.now
    try:
        while queue:
            moment, _n, story = heapq.heappop(queue)
            clock.at(moment)
            following = next(story, None)
            if following is not None:
                heapq.heappush(queue, (max(following, moment), next(order), story))
    finally:
        timezone.now = real_now


def _branch(org: OrgUnit, today: datetime.date) -> _Branch | None:
    users = {u.username: u for u in User.objects.filter(username__startswith=f"{org.code}_")}
    handler = users.get(f"{org.code}_injury_follow_up")
    adjuster = users.get(f"{org.code}_claims_adjuster")
    reviewers = [
        users[name]
        for name in (
            f"{org.code}_{role}" for role in ("medical_reviewer", "branch_claims_head", "medical_review_head")
        )
        if name in users
    ]
    if handler is None or adjuster is None or not reviewers:
        return None
    province = org.province or "22"
    units = {o.code: o for o in OrgUnit.objects.filter(Q(pk=org.pk) | Q(parent=org))}
    places = [
        (units.get(code, org) if code else org, city, districts)
        for code, city, districts in PLACES.get(org.code, [("", org.claims_city or "长春市", [""])])
    ]
    hospitals = list(Hospital.objects.filter(province=province).order_by("pk"))
    in_network = set(
        Hospital.objects.filter(province=province, cooperations__in=Cooperation.objects.in_network_on(today))
        .values_list("pk", flat=True)
        .distinct()
    )
    return _Branch(org, province, handler, adjuster, reviewers, places, hospitals, in_network)


# --- a claim and its survey --------------------------------------------------------------------------------------
def _claim(demo: _Demo, branch: _Branch, n: int, rng: random.Random) -> Story:
    lead = LEADS[n % len(LEADS)]
    low, high = AGES[lead]
    if lead == S.FIRST_FOLLOW_UP and rng.random() < 0.4:
        high = 0.125  # reported in the last three hours: the survey may still be under way
    reported = demo.until - datetime.timedelta(days=rng.uniform(low, high))
    endings = [lead] + [rng.choice(COMPANIONS[lead]) for _ in range(rng.choice(PERSONS_PER_CLAIM) - 1)]
    org, city, districts = rng.choice(branch.places)
    persons = [_person_values(demo, branch, e, city, rng, i == 0) for i, e in enumerate(endings)]
    liability = rng.choice(["full", "main", "equal", "minor", "none"])
    # The police settle simple cases on the spot; else their certificate comes days later (amend_claim).
    found_at_report = rng.random() < 0.4
    commercial = rng.random() < 0.8
    year = timezone.localtime(reported).year
    yield reported + datetime.timedelta(minutes=rng.uniform(2, 6))

    branch.reported += 1
    claim = services.register_claim(
        {
            "report_no": f"RDAA{year}{branch.province}{branch.org.pk:02d}{branch.reported:06d}",
            "channel": rng.choice(["95518", "95518", "95518", "phone", "app", "wechat", "counter"]),
            "reported_at": reported,
            "accident_at": reported - datetime.timedelta(minutes=rng.randrange(10, 180)),
            "province": branch.province,
            "city": city,
            "district": rng.choice(districts),
            "address": f"{rng.choice(STREETS)}{rng.randrange(1, 999)}号",
            "plate": f"{PLATE_PREFIX.get(branch.province, '吉A')}{rng.randrange(10000, 99999)}",
            "compulsory_policy_no": f"PDZA{year}{branch.province}{rng.randrange(10**9, 10**10)}",
            "commercial_policy_no": f"PDAA{year}{branch.province}{rng.randrange(10**9, 10**10)}"
            if commercial
            else "",
            "third_party_sum_insured": Decimal(rng.choice([500000, 1000000, 2000000]))
            if commercial
            else None,
            "passenger_sum_insured": Decimal(rng.choice([10000, 20000])) if commercial else None,
            "police_reminded": True,
            "police_handled": True,
            "liability": liability if found_at_report else "",
            "org": org,
            "handler": branch.handler,
        },
        persons,
        by=branch.adjuster,
    )
    demo.claims += 1
    demo.spawn(_survey(demo, branch, claim, random.Random(rng.random())))
    for index, (person, ending) in enumerate(zip(claim.persons.order_by("pk"), endings, strict=True)):
        # the first round of claims books each branch's handler some of today's appointments for sure
        due_today = index == 0 and n < len(LEADS) and lead in (S.VISIT, S.SUBSEQUENT)
        demo.spawn(_person(demo, branch, person, ending, random.Random(rng.random()), due_today=due_today))
    certificate_at = _office(reported + datetime.timedelta(days=rng.uniform(3, 15)), demo.until, rng)
    if found_at_report or certificate_at > demo.until:
        return
    yield certificate_at

    services.amend_claim(
        claim,
        {"liability": liability, "certificate_no": f"{branch.province}{rng.randrange(10**9, 10**10)}号"},
        by=branch.handler,
    )


def _survey(demo: _Demo, branch: _Branch, claim: Claim, rng: random.Random) -> Story:
    """Seed 002: respond within 30 minutes, be on site within 2 hours, both from the report — mostly on time."""
    reported, survey, by = claim.reported_at, claim.survey, branch.adjuster
    registered = claim.created_at  # the report is entered a few minutes after the call
    if demo.until - reported > _hours(3) and rng.random() < 0.08:
        yield registered + datetime.timedelta(minutes=rng.uniform(3, 15))
        perform_transition(
            survey, "cancel", by=by, note="报案人称双方已撤离现场，伤者自行就医，电话核实无需查勘。"
        )
        return
    late = rng.random() < 0.12
    respond = registered + datetime.timedelta(minutes=rng.uniform(27, 40) if late else rng.uniform(1, 22))
    arrive = reported + datetime.timedelta(minutes=rng.uniform(125, 170) if late else rng.uniform(35, 115))
    finish = arrive + datetime.timedelta(minutes=rng.uniform(25, 70))
    if respond > demo.until:
        return
    yield respond
    perform_transition(survey, "respond", by=by)
    if arrive > demo.until:
        return
    yield arrive
    if rng.random() < 0.8:
        perform_transition(survey, "arrive", by=by, scene="first")
    else:
        perform_transition(
            survey,
            "arrive",
            by=by,
            scene="second",
            second_scene_reason="车辆已移至路边，伤者已送医，无第一现场条件。",
        )
    if finish > demo.until:
        return
    yield finish
    perform_transition(survey, "finish", by=by, note="拍摄现场及车辆照片，询问当事人，伤者已送医治疗。")


# --- an injured person's follow-up -------------------------------------------------------------------------------
def _person(
    demo: _Demo, branch: _Branch, person: InjuredPerson, ending: str, rng: random.Random, *, due_today: bool
) -> Story:
    if ending == S.FIRST_FOLLOW_UP:
        return
    registered = person.created_at
    # Before today on claims older than a day, so that the last follow-up can book today's appointment.
    old = registered < demo.start_of_today - datetime.timedelta(days=1)
    follow_until = demo.start_of_today - datetime.timedelta(minutes=30) if old else demo.until
    outcomes = _outcomes(ending, person, rng)
    sections = SECTIONS[: rng.randint(1, 5)] if ending == S.INVESTIGATION else []
    returned_costs = ending == S.SUBSEQUENT and old and not due_today and rng.random() < 0.3
    costs = ending in (S.COST_REVIEW, S.COSTS_APPROVED) or returned_costs
    first = registered + min(_hours(rng.uniform(1, 20)), (follow_until - registered) * 0.3)
    later = _spread(rng, first, follow_until, len(outcomes) - 1 + len(sections))
    steps = sorted(_office(t, follow_until, rng) for t in [first, *later])
    times, finding_times = steps[: len(outcomes)], steps[len(outcomes) :]
    bills = 2 if person.inpatient else 1
    cost_steps = bills + (1 if ending == S.COST_REVIEW else 2)
    start = (finding_times or times)[-1] + _hours(2)
    cost_times = (
        sorted(_office(t, demo.until, rng) for t in _spread(rng, start, demo.until, cost_steps))
        if costs
        else []
    )
    booked: datetime.date | None = None
    for index, (outcome, moment) in enumerate(zip(outcomes, times, strict=True)):
        yield moment

        day = timezone.localdate()
        if booked == day:  # the appointment the last follow-up booked: done
            _handle_reminders(demo, branch, person, day)
        following = times[index + 1] if index + 1 < len(times) else None
        if following is not None:
            booked = timezone.localdate(following) if timezone.localdate(following) > day else None
        elif ending in FOLLOWING and not costs:
            booked = _appointment(demo, rng, day, due_today)
        else:
            booked = None
        person.refresh_from_db()
        follow_up = services.submit_follow_up(
            person, _record(person, outcome, booked, rng), by=branch.handler
        )
        then = following or (finding_times or cost_times or [demo.until])[0]
        decided = _office(moment + _hours(rng.uniform(2, 40)), then, rng)
        if decided >= then and then != demo.until:
            decided = _office(moment + (then - moment) / 2, then, rng)  # reviewed before the handler goes on
        backlog = (
            then == demo.until and moment > demo.until - datetime.timedelta(days=5) and rng.random() < 0.5
        )
        if decided < then and not backlog:  # else waiting in the reviewers' queue
            yield decided

            _decide_follow_up(branch, follow_up.review)
    for section, moment in zip(sections, finding_times, strict=True):
        yield moment

        n_a = section == "deceased" and person.category.code not in DEATHS
        services.record_finding(
            person.open_investigation(),
            section,
            status="n_a" if n_a else "done",
            findings="伤者未死亡，本节不适用。" if n_a else FINDINGS[section],
            by=branch.handler,
        )
    if not costs:
        return
    for number, moment in enumerate(cost_times[:bills]):
        yield moment

        person.refresh_from_db()
        _record_bill(branch, person, rng, inpatient=person.inpatient and number == 0)
    yield cost_times[bills]

    person.refresh_from_db()
    if person.has_pending_follow_up_review():  # above the branch's authority: its review waits at HQ
        return
    review = review_services.submit_costs(person, by=branch.handler, expected_state=person.state)
    if ending == S.COST_REVIEW:
        return
    yield cost_times[bills + 1]

    _decide_costs(branch, review, rng, approve=not returned_costs)


def _appointment(
    demo: _Demo, rng: random.Random, day: datetime.date, due_today: bool
) -> datetime.date | None:
    if day < demo.today and (due_today or rng.random() < 0.3):
        return demo.today
    if rng.random() < 0.7:
        return max(day, demo.today) + datetime.timedelta(days=rng.randint(1, 10))
    return None


def _handle_reminders(demo: _Demo, branch: _Branch, person: InjuredPerson, day: datetime.date) -> None:
    for reminder in Reminder.objects.filter(
        content_type=demo.person_type, object_id=person.pk, due_on=day, state=Reminder.State.SCHEDULED
    ):
        handle_reminder(reminder, by=branch.handler)


def _reviewer(branch: _Branch, review: Review) -> User | None:
    """The lowest authority of the branch that may take the review (none when it went to HQ)."""
    return next((user for user in branch.reviewers if can_review(user, review)), None)


def _decide_follow_up(branch: _Branch, review: Review) -> None:
    reviewer = _reviewer(branch, review)
    if reviewer is None:
        return
    branch.decided += 1
    if branch.decided % 8 == 3:
        review_services.decide_review(
            review, "return_for_changes", by=reviewer, note=FOLLOW_UP_RETURNED, expected_state="pending"
        )
    else:
        review_services.decide_review(review, "approve", by=reviewer, expected_state="pending")


def _record_bill(branch: _Branch, person: InjuredPerson, rng: random.Random, *, inpatient: bool) -> None:
    today = timezone.localdate()
    lines = []
    if inpatient:
        days = rng.randint(5, 20)
        items = [("床位费", "A", "45", (days, days)), ("护理费", "A", "30", (days, days))]
        items += rng.sample(INPATIENT_ITEMS, rng.randint(2, 4))
    else:
        items = rng.sample(OUTPATIENT_ITEMS, rng.randint(2, 4))
    for item, category, price, (low, high) in items:
        quantity, unit_price = Decimal(rng.randint(low, high)), Decimal(price)
        lines.append(
            {
                "item": item,
                "category": category,
                "quantity": quantity,
                "unit_price": unit_price,
                "amount_claimed": (quantity * unit_price).quantize(Decimal("0.01")),
            }
        )
    number = f"{'ZY' if inpatient else 'MZ'}{today:%y%m}{rng.randrange(10**6, 10**7)}"
    accident_day = timezone.localdate(person.claim.accident_at)
    review_services.record_bill(
        person,
        {
            "number": number,
            "kind": "inpatient" if inpatient else "outpatient",
            "issued_on": max(accident_day, today - datetime.timedelta(days=rng.randint(0, 5))),
            "hospital_name": person.hospital_label or f"{person.claim.city}医院",
        },
        lines,
        _scan(number),
        by=branch.handler,
    )


def _decide_costs(branch: _Branch, review: Review, rng: random.Random, *, approve: bool) -> None:
    reviewer = _reviewer(branch, review)
    if reviewer is None:
        return
    if not approve:
        review_services.decide_review(
            review, "return_for_changes", by=reviewer, note=COSTS_RETURNED, expected_state="pending"
        )
        return
    cuts = {
        line.pk: (
            Decimal(0) if line.category == "self" else (line.amount_claimed / 2).quantize(Decimal("0.01")),
            REDUCTION,
        )
        for line in BillLine.objects.filter(bill__review=review, category__in=["self", "C"])
        if rng.random() < 0.7
    }
    if cuts:
        review_services.set_approved_amounts(review, cuts, by=reviewer)
    review_services.decide_review(review, "approve", by=reviewer, expected_state="pending")
