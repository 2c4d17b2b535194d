"""Injury claims' facts for the annual assessment of the cooperating-hospital work (seed 000, 协作医院工作的考核),
as plain data: the inpatients treated at a branch's cooperating hospitals in a year (the population of the customer
sample) and each hospital's figures for the year (inpatients, average cost, share outside social insurance). The
``scoring`` app reads them here and nowhere else.

"In the year": the accident happened in the year (Asia/Shanghai). "Inpatient": the person was admitted
(``InjuredPerson.inpatient``). Costs are the amounts claimed on the person's bills; "outside social insurance"
(非医保) is category C (丙类) and self-paid (自费) lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from ..choices import InsuranceCategory
from ..models import BillLine, InjuredPerson

NON_INSURED = (InsuranceCategory.C, InsuranceCategory.SELF_PAID)


def _inpatients(org_ids: Iterable[int], hospital_ids: Iterable[int], year: int):
    return InjuredPerson.objects.filter(
        org_id__in=list(org_ids),
        hospital_id__in=list(hospital_ids),
        inpatient=True,
        claim__accident_at__year=year,
    )


def inpatient_ids(org_ids: Iterable[int], hospital_ids: Iterable[int], year: int) -> list[int]:
    """The population of a branch's customer sample (one query)."""
    return sorted(_inpatients(org_ids, hospital_ids, year).values_list("pk", flat=True))


def inpatients_by_id(ids: Iterable[int]) -> dict[int, dict]:
    """Who a drawn id is, masked: name, hospital, masked mobile, report number (one query)."""
    return {
        p.pk: {
            "name": p.name,
            "hospital": p.hospital_label,
            "hospital_id": p.hospital_id,
            "mobile_masked": p.mobile_masked,
            "has_mobile": bool(p.mobile_hash),
            "report_no": p.claim.report_no,
        }
        for p in InjuredPerson.objects.filter(pk__in=list(ids)).select_related("claim", "hospital")
    }


def mobile_of(person_id: int) -> str:
    """The decrypted mobile of one drawn inpatient, to send the questionnaire link (never shown)."""
    return InjuredPerson.objects.only("mobile").get(pk=person_id).mobile or ""


def hospital_year_figures(org_ids: Iterable[int], hospital_ids: Iterable[int], year: int) -> dict[int, dict]:
    """Per hospital: inpatients treated in the year, costs claimed, average cost per inpatient and the share outside
    social insurance (two queries)."""
    org_ids, hospital_ids = list(org_ids), list(hospital_ids)
    counts = dict(
        _inpatients(org_ids, hospital_ids, year).values_list("hospital_id").annotate(n=Count("pk")).order_by()
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    costs = {
        row["bill__person__hospital_id"]: row
        for row in BillLine.objects.filter(bill__person__in=_inpatients(org_ids, hospital_ids, year))
        .values("bill__person__hospital_id")
        .annotate(
            claimed=Coalesce(Sum("amount_claimed"), Value(Decimal(0)), output_field=money),
            non_insured=Coalesce(
                Sum("amount_claimed", filter=Q(category__in=NON_INSURED)),
                Value(Decimal(0)),
                output_field=money,
            ),
        )
        .order_by()
    }
    figures = {}
    for hospital_id in hospital_ids:
        n = counts.get(hospital_id, 0)
        row = costs.get(hospital_id) or {"claimed": Decimal(0), "non_insured": Decimal(0)}
        claimed, non_insured = Decimal(row["claimed"]), Decimal(row["non_insured"])
        figures[hospital_id] = {
            "inpatients": n,
            "claimed": claimed,
            "average_cost": (claimed / n).quantize(Decimal("0.01")) if n else None,
            "non_insured_share": (non_insured * 100 / claimed).quantize(Decimal("0.1")) if claimed else None,
        }
    return figures
