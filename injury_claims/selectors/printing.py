"""Reads for the printed forms of settlement (issue 10): what the calculation sheet (理算书), the payment notice
(赔款支付通知书) and the claim-closing report (结案报告) print, gathered from the records as the templates show it.

Each ``*_problem`` function says, in the reader's language, why the form cannot be printed yet (empty: it can).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from workflow.models import Event

from ..choices import ReviewKind
from ..models import Calculation, Claim, InjuredPerson, Payment, Review, Settlement
from ..workflows.person import PersonState
from ..workflows.review import ReviewState
from ..workflows.settlement import SettlementState

CENT = Decimal("0.01")
DIGITS = "零壹贰叁肆伍陆柒捌玖"
GROUP_UNITS = ("", "万", "亿", "万亿")


def yuan(value) -> str:
    """12,345.60 — the amount as printed (figures kept as text in the calculation stay exact)."""
    try:
        return f"{Decimal(str(value)).quantize(CENT, ROUND_HALF_UP):,.2f}"
    except (InvalidOperation, ValueError):
        return str(value)


def _group(number: int) -> str:
    """A group of up to four digits in capitals: 1005 → 壹仟零伍."""
    out, zero, started = "", False, False
    for digit, unit in zip(f"{number:04d}", ("仟", "佰", "拾", ""), strict=True):
        if digit == "0":
            zero = zero or started
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[int(digit)] + unit
        started = True
    return out


def rmb_upper(value) -> str:
    """The amount in capitals as cheques and payment forms write it (人民币大写): 4800 → 肆仟捌佰元整,
    190246.49 → 壹拾玖万零贰佰肆拾陆元肆角玖分, 1000.05 → 壹仟元零伍分."""
    amount = Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)
    if amount < 0:
        return "负" + rmb_upper(-amount)
    whole = int(amount)
    cents = int((amount - whole) * 100)
    jiao, fen = divmod(cents, 10)
    groups = []
    while whole:
        whole, group = divmod(whole, 10000)
        groups.append(group)
    text, gap = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            gap = bool(text)
            continue
        words = _group(group)
        if text and (gap or group < 1000):
            words = "零" + words
        text += words + GROUP_UNITS[index]
        gap = False
    if text:
        text += "元"
    if not jiao and not fen:
        return (text or "零元") + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    return text


# --- who may print what, and when -------------------------------------------------------------------------
def sheet_problem(settlement: Settlement) -> str:
    if not settlement.calculations.exists():
        return _("Calculate first: the calculation sheet prints the latest calculation.")
    return ""


def notice_problem(payment: Payment) -> str:
    if payment.status != Payment.Status.PAID:
        return _("The payment notice is printed once the payment has its bank reference.")
    return ""


def closing_problem(claim: Claim) -> str:
    if claim.closed_at is None:
        return _("The closing report is printed once the claim is closed (every person paid or closed).")
    return ""


# --- the calculation sheet -----------------------------------------------------------------------------------
def approval_of(calculation: Calculation) -> Review | None:
    """The approval (核赔) that approved this calculation: a settlement review of the person, approved, submitted
    after the calculation was made (a returned calculation is made again)."""
    return (
        Review.objects.filter(
            person_id=calculation.settlement.person_id,
            kind=ReviewKind.SETTLEMENT,
            state=ReviewState.APPROVED,
            submitted_at__gte=calculation.at,
        )
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )


def _facts(settlement: Settlement) -> list[tuple[str, str]]:
    """The assessed facts the calculator used, labelled as printed (Chinese: the sheet always is)."""
    person, facts = settlement.person, settlement.facts or {}
    rows: list[tuple[str, str]] = []
    birth = facts.get("birth_date") or (person.birth_date.isoformat() if person.birth_date else "")
    if birth:
        rows.append(("出生日期", birth))
    if facts.get("death_date"):
        rows.append(("死亡日期", facts["death_date"]))
    if facts.get("grades"):
        grades = "、".join(f"{g}级" for g in facts["grades"])
        rows.append(("伤残等级", f"{grades}（定残日 {facts.get('assessment_date') or '—'}）"))
    if facts.get("hospital_days"):
        rows.append(("住院天数", f"{facts['hospital_days']} 天"))
    if facts.get("income_kind"):
        kinds = {"fixed": "固定收入", "average_3y": "最近三年平均收入", "industry": "相同或相近行业平均工资"}
        per = {"month": "月", "day": "日", "year": "年"}.get(facts.get("income_per") or "month", "")
        amount = f"{yuan(facts['income_amount'])} 元/{per}" if facts.get("income_amount") else ""
        industry = facts.get("income_industry", "")
        rows.append(
            ("误工收入", " ".join(x for x in (kinds.get(facts["income_kind"], ""), amount, industry) if x))
        )
    if facts.get("lost_work_days"):
        rows.append(("误工天数", f"{facts['lost_work_days']} 天"))
    if facts.get("nursing_days"):
        carers = facts.get("nursing_carers") or 1
        rate = f"，日标准 {yuan(facts['nursing_daily_rate'])} 元" if facts.get("nursing_daily_rate") else ""
        rows.append(("护理", f"{facts['nursing_days']} 天 × {carers} 人{rate}"))
    for row in facts.get("dependants", []):
        extra = "，无劳动能力" if row.get("incapable") else ""
        rows.append(
            (
                "被扶养人",
                f"{row['name']}（{row['birth_date']} 生，扶养人 {row.get('supporters', 1)} 人{extra}）",
            )
        )
    return rows


def _items(calculation: Calculation) -> list[dict]:
    rows = []
    for number, row in enumerate(calculation.items, start=1):
        rows.append(
            {
                "number": number,
                "code": row["code"],
                "label": row["label"],
                "amount": yuan(row["amount"]),
                "formula": row["formula"],
                "figures": [
                    {"label": f["label"], "value": f["value"], "cited": f.get("cited", "")}
                    for f in row.get("figures", [])
                ],
                "basis": row.get("basis", ""),
                "notes": row.get("notes", []),
                "adjusted": bool(row.get("adjusted")),
                "reason": row.get("reason", ""),
                "included_in": next(
                    (
                        other["label"]
                        for other in calculation.items
                        if other["code"] == row.get("included_in")
                    ),
                    "",
                ),
            }
        )
    return rows


def sheet_context(settlement: Settlement) -> dict:
    """Everything the calculation sheet prints: the claim and the person, the assessed facts, each item with its
    formula, figures and their sources (region, year, row, document), the adjustments with their reasons, the
    交强险/commercial allocation with the limits' source, the open-point settings, who calculated and approved."""
    calculation = settlement.latest_calculation()
    person, claim = settlement.person, settlement.person.claim
    allocation = calculation.allocation or {}
    approval = approval_of(calculation)
    return {
        "settlement": settlement,
        "calculation": calculation,
        "person": person,
        "claim": claim,
        "sum_insured": yuan(claim.third_party_sum_insured) if claim.third_party_sum_insured else "",
        "facts": _facts(settlement),
        "items": _items(calculation),
        "loss": yuan(calculation.loss),
        "allocation": {
            "compulsory": yuan(allocation.get("compulsory", 0)),
            "commercial": yuan(allocation.get("commercial", 0)),
            "not_covered": yuan(allocation.get("not_covered", 0)),
            "beyond_liability": yuan(allocation.get("beyond_liability", 0)),
            "victims": allocation.get("victims", 1),
            "liability_ratio": allocation.get("liability_ratio", ""),
            "limits": allocation.get("limits", ""),
            "buckets": [
                {**b, "claimed": yuan(b["claimed"]), "paid": yuan(b["paid"])}
                for b in allocation.get("buckets", [])
            ],
            "lines": [
                {
                    **line,
                    "amount": yuan(line["amount"]),
                    "compulsory": yuan(line["compulsory"]),
                    "commercial": yuan(line["commercial"]),
                }
                for line in allocation.get("lines", [])
            ],
            "notes": allocation.get("notes", []),
        },
        "settings_used": [
            {"code": code, "label": label, "value": value, "default": default}
            for code, label, value, default in calculation.settings_used
        ],
        "payable": yuan(calculation.payable),
        "payable_upper": rmb_upper(calculation.payable),
        "approval": approval,
        "approved": approval is not None
        and settlement.state in (SettlementState.APPROVED, SettlementState.PAID),
    }


# --- the payment notice --------------------------------------------------------------------------------------
def notice_context(payment: Payment) -> dict:
    settlement = payment.settlement
    return {
        "payment": payment,
        "settlement": settlement,
        "person": settlement.person,
        "claim": settlement.person.claim,
        "amount": yuan(payment.amount),
        "amount_upper": rmb_upper(payment.amount),
        "total": yuan(settlement.total) if settlement.total is not None else "",
    }


# --- the claim-closing report --------------------------------------------------------------------------------
def _closed_reason(person: InjuredPerson) -> str:
    event = Event.objects.for_object(person).filter(verb="close").order_by("-created_at", "-pk").first()
    return event.note if event else ""


def closing_context(claim: Claim) -> dict:
    """Every person of the claim: what was assessed and paid (by whom, when, the bank's reference), or why they
    were closed without payment; the claim's totals."""
    persons = list(
        InjuredPerson.objects.filter(claim=claim)
        .select_related("category", "settlement")
        .prefetch_related("settlement__payments")
        .order_by("pk")
    )
    rows, paid_total, compulsory_total, commercial_total = [], Decimal("0"), Decimal("0"), Decimal("0")
    for person in persons:
        settlement = getattr(person, "settlement", None)
        row = {"person": person, "closed": person.state == PersonState.CLOSED, "reason": "", "payments": []}
        if row["closed"]:
            row["reason"] = _closed_reason(person)
        if settlement is not None:
            calculation = settlement.latest_calculation()
            payments = [p for p in settlement.payments.all() if p.status == Payment.Status.PAID]
            paid = sum((p.amount for p in payments), Decimal("0"))
            row.update(
                settlement=settlement,
                loss=yuan(calculation.loss) if calculation else "",
                compulsory=yuan(calculation.allocation.get("compulsory", 0)) if calculation else "",
                commercial=yuan(calculation.allocation.get("commercial", 0)) if calculation else "",
                paid=yuan(paid),
                payments=[
                    {
                        "payee": p.payee_name,
                        "amount": yuan(p.amount),
                        "on": p.paid_on,
                        "reference": p.reference,
                    }
                    for p in payments
                ],
            )
            paid_total += paid
            if calculation and settlement.state == SettlementState.PAID:
                compulsory_total += Decimal(calculation.allocation.get("compulsory", "0"))
                commercial_total += Decimal(calculation.allocation.get("commercial", "0"))
        rows.append(row)
    return {
        "claim": claim,
        "rows": rows,
        "paid_total": yuan(paid_total),
        "paid_total_upper": rmb_upper(paid_total),
        "compulsory_total": yuan(compulsory_total),
        "commercial_total": yuan(commercial_total),
    }
