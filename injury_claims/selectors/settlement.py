"""Reads for settlement: the calculator's inputs from the records (the calculator itself, injury_claims.compensation,
reads no database), the settlement pages, the payment batch."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db.models import Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.scoping import scope_for

from .. import compensation as c
from ..models import BillLine, CompensationStandard, CompulsoryLimit, Settlement
from ..rules import can_view_claims

# Cities with their own figures (separately administered areas: 计划单列市 and special economic zones).
SEPARATE_AREAS = {"深圳市": "深圳", "宁波市": "宁波", "厦门市": "厦门", "青岛市": "青岛", "大连市": "大连"}


class InputProblem(ValueError):
    """The records do not give the calculator what it needs: the message says what to enter."""


def get_settlement_for_user(user, pk: int) -> Settlement:
    settlement = (
        Settlement.objects.select_related("person", "person__claim", "person__category", "org", "calculator")
        .filter(pk=pk)
        .first()
    )
    if settlement is None or not can_view_claims(user, settlement):
        raise Http404
    return settlement


def settlements_for(user):
    return scope_for(user).filter(Settlement.objects.all())


# --- the calculator's inputs -----------------------------------------------------------------------------------
def region_figures(province: str, city: str, day: datetime.date) -> c.RegionFigures:
    """The court's figures (the accident's place stands for it until a suit names another court) in force on
    ``day``: the separately administered area's when the city has its own, else the province's."""
    area = SEPARATE_AREAS.get(city, "")
    rows = CompensationStandard.objects.filter(province=province, area=area).prefetch_related(
        "industry_wages"
    )
    row = rows.in_force(day).order_by("-stat_year").first() or rows.order_by("-stat_year").first()
    if row is None:
        raise InputProblem(
            _("No compensation standard for %(region)s: add it to the reference data.")
            % {"region": f"{province} {area}".strip()}
        )
    return c.RegionFigures(
        region=row.region.label(),
        stat_year=row.stat_year,
        source=row.source,
        urban_disposable_income=row.urban_disposable_income,
        urban_consumption=row.urban_consumption,
        average_wage=row.average_wage,
        funeral_expenses=row.funeral_expenses,
        hospital_meal_allowance=row.hospital_meal_allowance,
        nursing_daily_wage=row.nursing_daily_wage,
        industry_wages=tuple(
            c.IndustryWage(w.industry, w.annual_wage, w.daily_wage) for w in row.industry_wages.all()
        ),
        effective_from=row.effective_from,
        effective_to=row.effective_to,
    )


def compulsory_limits(day: datetime.date) -> c.CompulsoryLimits:
    row = CompulsoryLimit.in_force(day)
    if row is None:
        raise InputProblem(
            _("No 交强险 limits are in force on %(day)s: add them.") % {"day": day.isoformat()}
        )
    later = (
        CompulsoryLimit.objects.filter(effective_from__gt=row.effective_from)
        .order_by("effective_from")
        .first()
    )
    return c.CompulsoryLimits(
        effective_from=row.effective_from,
        effective_to=later.effective_from - datetime.timedelta(days=1) if later else None,
        death_disability=row.death_disability,
        medical=row.medical,
        property=row.property,
        no_fault_death_disability=row.no_fault_death_disability,
        no_fault_medical=row.no_fault_medical,
        no_fault_property=row.no_fault_property,
        source=row.source,
    )


def approved_medical(person) -> tuple[Decimal, Decimal]:
    """The medical costs the cost review approved, and the part of them outside 医保 (丙类 and self-paid)."""
    lines = BillLine.objects.filter(bill__person=person, bill__review__state="approved")
    total = lines.aggregate(s=Sum("amount_approved"))["s"] or Decimal("0")
    outside = lines.filter(category__in=["C", "self"]).aggregate(s=Sum("amount_approved"))["s"] or Decimal(
        "0"
    )
    return total, outside


def _money(value, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise InputProblem(_("%(label)s is not an amount.") % {"label": label}) from exc
    if amount < 0:
        raise InputProblem(_("%(label)s cannot be negative.") % {"label": label})
    return amount


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _expense(facts: dict, key: str, label: str) -> c.Expense | None:
    amount = _money(facts.get(key), label)
    return c.Expense(amount=amount) if amount else None


def victim_from(settlement: Settlement) -> c.Victim:
    """The person's assessed facts (Settlement.facts) and records as the calculator's Victim."""
    person, facts = settlement.person, settlement.facts or {}
    birth = _date(facts.get("birth_date")) or person.birth_date
    if birth is None:
        raise InputProblem(_("The birth date is needed (from the ID number or entered in the assessment)."))
    medical, outside = approved_medical(person)
    income = None
    if facts.get("income_kind"):
        income = c.Income(
            kind=c.IncomeKind(facts["income_kind"]),
            amount=_money(facts.get("income_amount"), _("income")),
            per=c.Per(facts.get("income_per") or "month"),
            industry=facts.get("income_industry", ""),
        )
    nursing = ()
    if facts.get("nursing_days"):
        nursing = (
            c.Nursing(
                days=int(facts["nursing_days"]),
                carers=int(facts.get("nursing_carers") or 1),
                more_carers_certified=bool(facts.get("nursing_certified")),
                daily_rate=_money(facts.get("nursing_daily_rate"), _("daily rate")),
            ),
        )
    dependants = tuple(
        c.Dependant(
            name=row["name"],
            birth_date=_date(row["birth_date"]),
            supporters=int(row.get("supporters") or 1),
            incapable=bool(row.get("incapable")),
        )
        for row in facts.get("dependants", [])
    )
    try:
        return c.Victim(
            name=person.name,
            birth_date=birth,
            injury_date=timezone.localdate(person.claim.accident_at),
            assessment_date=_date(facts.get("assessment_date")),
            death_date=_date(facts.get("death_date")),
            grades=tuple(int(g) for g in facts.get("grades", [])),
            income=income,
            lost_work_days=int(facts["lost_work_days"]) if facts.get("lost_work_days") else None,
            nursing=nursing,
            hospital_days=int(facts.get("hospital_days") or 0),
            medical=c.Expense(amount=medical, non_insurance=outside) if medical else None,
            nutrition=_expense(facts, "nutrition", _("nutrition")),
            transport=_expense(facts, "transport", _("transport")),
            lodging=_expense(facts, "lodging", _("lodging")),
            follow_up_treatment=_expense(facts, "follow_up_treatment", _("follow-up treatment")),
            rehabilitation=_expense(facts, "rehabilitation", _("rehabilitation")),
            mental_distress=_expense(facts, "mental_distress", _("mental distress")),
            mental_distress_first=bool(facts.get("mental_distress_first")),
            dependants=dependants,
        )
    except ValueError as exc:
        raise InputProblem(str(exc)) from exc


def policies_for(claim, limits: c.CompulsoryLimits) -> c.Policies:
    ratio = claim.liability_ratio if claim.liability_ratio is not None else Decimal("0")
    commercial = None
    if claim.third_party_sum_insured:
        commercial = c.CommercialPolicy(
            sum_insured=claim.third_party_sum_insured, name=claim.commercial_policy_no
        )
    return c.Policies(
        compulsory=limits,
        liable=ratio > 0,
        liability_ratio=ratio,
        commercial=commercial,
        accident_date=timezone.localdate(claim.accident_at),
    )


def claim_settlements(claim):
    """The claim's persons with assessed facts, paid ones included: the 交强险 limits and the sum insured are per
    accident, so every victim's loss shares them (a person added later changes everyone's share)."""
    return list(
        Settlement.objects.filter(person__claim=claim)
        .exclude(Q(facts={}) & Q(agreed_kind=""))
        .select_related("person", "person__claim")
        .order_by("person_id")
    )
