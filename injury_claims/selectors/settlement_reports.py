"""The settlement reports (issue 10 point 7): what was paid in a year, by compensation item, by hospital and by
branch and month, for the branch's managers and heads (their own part of the company) and HQ (all of it).

What counts: the settlements **paid** in the year (their ``paid_at``, local time), in the reader's scope, optionally
one org unit with its sub-branches.

* **By item**: the approved calculation (the latest version, the one approved and printed) of each, its allocation
  lines summed per item — what 交强险 and the commercial policy paid, and the assessed loss.
* **By hospital**: the person's treating hospital (InjuredPerson.hospital; persons treated outside the registry
  together), cooperating when the hospital is in the network (hospitals' ``in_network_on``) on the last day of the
  year — today for the current year. From the cost reviews' approved bill lines of those persons: the number of
  persons with an inpatient bill, their average approved inpatient cost, and the non-医保 share (丙类 and self-paid
  over all approved). The branch uses these figures when it evaluates its hospitals.
* **By branch and month**: the amounts paid per branch (a sub-branch counts with its branch) and month.

The page costs the same few queries whatever the number of settlements (the allocations are summed in Python from
one query of their JSON).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hospitals.models import Cooperation
from organization.models import OrgUnit
from organization.scoping import scope_for

from .. import compensation as c
from ..choices import AgreedKind
from ..models import BillLine, Calculation, Settlement
from ..rules import can_view_claims
from ..workflows.settlement import SettlementState
from .search import OVERVIEW_ROLES

ZERO = Decimal("0")
CENT = Decimal("0.01")
FIRST_YEAR = 2000
CHART_WIDTH = 240
CHART_ROW = 22
OUTSIDE_CATEGORIES = ("C", "self")  # 丙类 and self-paid: outside the 医保 standard


def may_see_settlement_reports(user) -> bool:
    """The branch's managers and heads, and HQ staff who read claims (as the persons overview)."""
    if not can_view_claims(user):
        return False
    return bool(user.has_role(*OVERVIEW_ROLES) or scope_for(user).is_hq)


def report_orgs(user) -> QuerySet[OrgUnit]:
    return (
        scope_for(user).filter(OrgUnit.objects.filter(is_active=True), field="pk").order_by("level", "code")
    )


def _year_start(year: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, 1, 1))


def paid_settlements(user, *, year: int, org: OrgUnit | None = None) -> QuerySet[Settlement]:
    rows = Settlement.objects.filter(
        state=SettlementState.PAID, paid_at__gte=_year_start(year), paid_at__lt=_year_start(year + 1)
    )
    rows = scope_for(user).filter(rows)
    if org is not None:
        rows = rows.filter(Q(org=org) | Q(org__parent=org) | Q(org__parent__parent=org))
    return rows.order_by()


def _cents(value) -> Decimal:
    """An amount to the cent (a database sum may come back as a float-like Decimal, or None for nothing)."""
    return Decimal(str(value or 0)).quantize(CENT, ROUND_HALF_UP)


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    """Percent with one decimal (None when there is nothing to divide)."""
    if not whole:
        return None
    return (100 * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _bars(rows: list[dict], key: str) -> list[dict]:
    """Bar lengths for the inline SVG chart (drawn with SVG attributes only, as the persons overview's)."""
    top = max((row[key] or ZERO for row in rows), default=ZERO)
    for index, row in enumerate(rows):
        value = row[key] or ZERO
        row["bar"] = round(CHART_WIDTH * value / top) if top else 0
        row["y"] = index * CHART_ROW
        row["text_y"] = index * CHART_ROW + CHART_ROW - 7
        row["bar_end"] = 160 + row["bar"] + 6
    return rows


# --- by item ------------------------------------------------------------------------------------------------------
def _by_item(settled: QuerySet[Settlement]) -> list[dict]:
    latest = (
        Calculation.objects.filter(settlement=OuterRef("settlement_id"))
        .order_by("-version")
        .values("version")
    )
    allocations = Calculation.objects.filter(
        settlement__in=settled.values("pk"), version=Subquery(latest[:1])
    ).values_list("allocation", flat=True)
    sums: dict[str, dict] = {}
    for allocation in allocations.iterator(chunk_size=2000):
        seen = set()
        for line in (allocation or {}).get("lines", []):
            code = line.get("code", "")
            row = sums.setdefault(
                code,
                {
                    "code": code,
                    "label": line.get("label") or code,
                    "persons": 0,
                    "loss": ZERO,
                    "compulsory": ZERO,
                    "commercial": ZERO,
                },
            )
            row["loss"] += Decimal(line.get("amount") or "0")
            row["compulsory"] += Decimal(line.get("compulsory") or "0")
            row["commercial"] += Decimal(line.get("commercial") or "0")
            if code not in seen:
                seen.add(code)
                row["persons"] += 1
    order = {str(code): index for index, code in enumerate(c.ItemCode)}
    rows = []
    for code, row in sorted(sums.items(), key=lambda pair: (order.get(pair[0], len(order)), pair[0])):
        known = c.ItemCode(code) if code in order else None
        row["label"] = str(c.ITEM_LABELS[known]) if known else row["label"]
        row["paid"] = row["compulsory"] + row["commercial"]
        rows.append(row)
    return _bars(rows, "paid")


# --- by hospital --------------------------------------------------------------------------------------------------
def _network_day(year: int) -> datetime.date:
    return min(timezone.localdate(), datetime.date(year, 12, 31))


def _by_hospital(settled: QuerySet[Settlement], year: int) -> tuple[list[dict], list[dict]]:
    paid = {
        row["person__hospital_id"]: row
        for row in settled.values("person__hospital_id", "person__hospital__name").annotate(
            persons=Count("pk"), paid=Sum("total")
        )
    }
    inpatient = Q(bill__kind="inpatient")
    costs = {
        row["bill__person__hospital_id"]: row
        for row in BillLine.objects.filter(
            bill__person__settlement__in=settled.values("pk"), bill__review__state="approved"
        )
        .order_by()
        .values("bill__person__hospital_id")
        .annotate(
            approved=Sum("amount_approved"),
            outside=Sum("amount_approved", filter=Q(category__in=OUTSIDE_CATEGORIES)),
            inpatient=Sum("amount_approved", filter=inpatient),
            inpatient_persons=Count("bill__person", distinct=True, filter=inpatient),
        )
    }
    ids = [pk for pk in paid if pk is not None]
    cooperating = set(
        Cooperation.objects.in_network_on(_network_day(year))
        .filter(hospital_id__in=ids)
        .values_list("hospital_id", flat=True)
    )
    rows = []
    for hospital_id, found in paid.items():
        cost = costs.get(hospital_id, {})
        row = {
            "hospital_id": hospital_id,
            "name": found["person__hospital__name"] or _("Not in the hospital registry"),
            "cooperating": hospital_id in cooperating,
            "persons": found["persons"],
            "paid": _cents(found["paid"]),
            "inpatient_persons": cost.get("inpatient_persons") or 0,
            "inpatient": _cents(cost.get("inpatient")),
            "approved": _cents(cost.get("approved")),
            "outside": _cents(cost.get("outside")),
        }
        rows.append(_figures(row))
    rows.sort(key=lambda row: (not row["cooperating"], row["hospital_id"] is None, -row["paid"], row["name"]))
    totals = []
    for flag, label in ((True, _("Cooperating hospitals")), (False, _("Other hospitals"))):
        group = [row for row in rows if row["cooperating"] is flag]
        total = {
            "hospital_id": None,
            "name": label,
            "cooperating": flag,
            "persons": sum(row["persons"] for row in group),
            "paid": sum((row["paid"] for row in group), ZERO),
            "inpatient_persons": sum(row["inpatient_persons"] for row in group),
            "inpatient": sum((row["inpatient"] for row in group), ZERO),
            "approved": sum((row["approved"] for row in group), ZERO),
            "outside": sum((row["outside"] for row in group), ZERO),
        }
        totals.append(_figures(total))
    return rows, totals


def _figures(row: dict) -> dict:
    row["average_inpatient"] = (
        _cents(row["inpatient"] / row["inpatient_persons"]) if row["inpatient_persons"] else None
    )
    row["outside_share"] = _share(row["outside"], row["approved"])
    return row


# --- by branch and month ------------------------------------------------------------------------------------------
def _by_month(settled: QuerySet[Settlement]) -> tuple[list[dict], dict]:
    branch = Case(When(org__level=OrgUnit.Level.TERTIARY, then=F("org__parent_id")), default=F("org_id"))
    found = (
        settled.annotate(branch=branch, month=TruncMonth("paid_at", output_field=DateField()))
        .values("branch", "month")
        .annotate(persons=Count("pk"), paid=Sum("total"))
    )
    cells: dict[int, list] = defaultdict(lambda: [None] * 12)
    persons: dict[int, int] = defaultdict(int)
    for row in found:
        month = row["month"].month
        cells[row["branch"]][month - 1] = (cells[row["branch"]][month - 1] or ZERO) + _cents(row["paid"])
        persons[row["branch"]] += row["persons"]
    names = dict(OrgUnit.objects.filter(pk__in=list(cells)).values_list("pk", "name")) if cells else {}
    branches = sorted(
        (
            {
                "org_id": pk,
                "name": names.get(pk, ""),
                "months": months,
                "paid": sum((value or ZERO for value in months), ZERO),
                "persons": persons[pk],
            }
            for pk, months in cells.items()
        ),
        key=lambda row: row["name"],
    )
    totals = [
        sum((row["months"][index] or ZERO for row in branches), ZERO)
        if any(row["months"][index] is not None for row in branches)
        else None
        for index in range(12)
    ]
    month_totals = {
        "org_id": None,
        "name": _("Total"),
        "months": totals,
        "paid": sum((row["paid"] for row in branches), ZERO),
        "persons": sum(row["persons"] for row in branches),
    }
    return branches, month_totals


# --- by track: fast track, mediation, litigation, the normal route (issue 11 point 6) -----------------------------
TRACKS = (
    (AgreedKind.FAST_TRACK, AgreedKind.FAST_TRACK.label),
    (AgreedKind.MEDIATION, AgreedKind.MEDIATION.label),
    (AgreedKind.JUDGMENT, AgreedKind.JUDGMENT.label),
    ("", gettext_lazy("Normal follow-up and calculation")),
)


def _by_track(settled: QuerySet[Settlement]) -> dict:
    """Per branch and month of payment, how many persons each track settled and its share; per track the average
    days from the report (报案) to the payment. A person's track is what fixed their amounts
    (``Settlement.agreed_kind``): a fast-track agreement, a mediated one-off agreement, a judgment; none — the
    normal route."""
    branch = Case(When(org__level=OrgUnit.Level.TERTIARY, then=F("org__parent_id")), default=F("org_id"))
    taken = ExpressionWrapper(F("paid_at") - F("person__claim__reported_at"), output_field=DurationField())
    found = list(
        settled.annotate(branch=branch, month=TruncMonth("paid_at", output_field=DateField()))
        .values("branch", "month", "agreed_kind")
        .annotate(persons=Count("pk"), days=Avg(taken))
    )
    names = dict(OrgUnit.objects.filter(pk__in={row["branch"] for row in found}).values_list("pk", "name"))
    cells: dict[tuple, dict] = defaultdict(lambda: {code: 0 for code, _label in TRACKS})
    per_track = {code: {"persons": 0, "days": ZERO} for code, _label in TRACKS}
    for row in found:
        kind = row["agreed_kind"] if row["agreed_kind"] in per_track else ""
        cells[(row["branch"], row["month"])][kind] += row["persons"]
        seconds = Decimal(str(row["days"].total_seconds())) if row["days"] is not None else ZERO
        per_track[kind]["persons"] += row["persons"]
        per_track[kind]["days"] += seconds / 86400 * row["persons"]
    rows = []
    for (pk, month), counts in sorted(
        cells.items(), key=lambda item: (names.get(item[0][0], ""), item[0][1])
    ):
        total = sum(counts.values())
        rows.append(
            {
                "name": names.get(pk, ""),
                "month": f"{month:%Y-%m}",
                "total": total,
                "tracks": [
                    {
                        "code": code,
                        "persons": counts[code],
                        "share": _share(Decimal(counts[code]), Decimal(total)),
                    }
                    for code, _label in TRACKS
                ],
            }
        )
    everyone = sum(track["persons"] for track in per_track.values())
    return {
        "labels": [label for _code, label in TRACKS],
        "rows": rows,
        "totals": [
            {
                "code": code,
                "label": label,
                "persons": per_track[code]["persons"],
                "share": _share(Decimal(per_track[code]["persons"]), Decimal(everyone)),
                "days": (per_track[code]["days"] / per_track[code]["persons"]).quantize(
                    Decimal("0.1"), ROUND_HALF_UP
                )
                if per_track[code]["persons"]
                else None,
            }
            for code, label in TRACKS
        ],
    }


# --- the report ---------------------------------------------------------------------------------------------------
def settlement_report(user, *, year: int, org: OrgUnit | None = None) -> dict:
    settled = paid_settlements(user, year=year, org=org)
    items = _by_item(settled)
    hospitals, network_totals = _by_hospital(settled, year)
    branches, month_totals = _by_month(settled)
    months = _bars(
        [
            {"label": f"{year}-{index + 1:02d}", "paid": value or ZERO}
            for index, value in enumerate(month_totals["months"])
        ],
        "paid",
    )
    averages = _bars(
        [
            {"label": row["name"], "cooperating": row["cooperating"], "paid": row["average_inpatient"]}
            for row in hospitals
            if row["average_inpatient"] is not None
        ],
        "paid",
    )
    return {
        "year": year,
        "org": org,
        "org_name": org.name if org is not None else _("Everything you may see"),
        "persons": month_totals["persons"],
        "paid": month_totals["paid"],
        "items": items,
        "items_total": {
            key: sum((row[key] for row in items), ZERO)
            for key in ("loss", "compulsory", "commercial", "paid")
        },
        "hospitals": hospitals,
        "network_totals": network_totals,
        "network_day": _network_day(year),
        "branches": branches,
        "month_totals": month_totals,
        "month_chart": months,
        "average_chart": averages,
        "tracks": _by_track(settled),
        "item_chart_height": CHART_ROW * max(len(items), 1),
        "month_chart_height": CHART_ROW * 12,
        "average_chart_height": CHART_ROW * max(len(averages), 1),
    }
