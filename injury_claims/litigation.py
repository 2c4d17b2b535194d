"""Rules of a litigation matter (人伤涉诉, seed 001 p22–23) as pure functions over plain data: no ORM, no request.

* **Case numbers** (案号): 《最高人民法院关于人民法院案件案号的若干规定》(法〔2015〕137号, amended 法〔2018〕335号), Arts. 2–3:
  "“(”+收案年度+“)”+法院代字+专门审判代字+类型代字+案件编号+“号”". The court code is 最高法, a high court's one-character
  code, or that code with the two-digit (intermediate) or four-digit (basic court) number; the type code of a civil
  first instance is 民初, of a civil second instance 民终. Example: （2026）吉0102民初123号.
* **The appeal period** (上诉期): 民事诉讼法 Art. 171 "当事人不服地方人民法院第一审判决的，有权在判决书送达之日起十五日内向
  上一级人民法院提起上诉" — 15 days from service. Counted per Art. 85: "期间开始的时和日，不计算在期间内" (the day of
  service is not counted) and "期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期" (a last day on a
  weekend or a statutory holiday moves to the next working day; the working-day calendar of ``sla`` says which).
  A court mediation (民事调解书) is not appealable: it takes effect when signed for.
* **Claimed, reserved, awarded** by item: totals, and what looks wrong (a reserve above the claim, an award above
  the claim — the court judges the claims made; a plaintiff who raised a claim has the new figure recorded).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

# 民事诉讼法 (2023 revision) Art. 171: the appeal period against a first-instance judgment, in days from service.
APPEAL_DAYS_JUDGMENT = 15
APPEAL_SOURCE = "民事诉讼法第一百七十一条、第八十五条"
# The case-number format took effect on 2016-01-01 (法〔2015〕137号).
FIRST_CASE_YEAR = 2016
FIRST_INSTANCE_TYPE = "民初"
SECOND_INSTANCE_TYPE = "民终"

CASE_NO = re.compile(
    r"^\((?P<year>\d{4})\)"
    r"(?P<court>最高法|[\u4e00-\u9fff](?:\d{4}|\d{2})?)"
    r"(?P<type>[\u4e00-\u9fff]{2,4}?)"
    r"(?P<serial>[1-9]\d{0,6})号$"
)


@dataclass(frozen=True)
class CaseNumber:
    year: int
    court: str  # 法院代字: 吉0102
    type: str  # 类型代字 (with a 专门审判代字 before it when there is one): 民初
    serial: int

    def __str__(self) -> str:
        return f"（{self.year}）{self.court}{self.type}{self.serial}号"


def normalise_case_no(text: str) -> str:
    """Full-width or ASCII brackets, spaces and the optional 第 before the serial as people type them."""
    text = "".join((text or "").split())
    return text.replace("（", "(").replace("）", ")").replace("〔", "(").replace("〕", ")")


def parse_case_no(text: str) -> CaseNumber | None:
    match = CASE_NO.match(normalise_case_no(text).replace("第", ""))
    if match is None:
        return None
    return CaseNumber(
        year=int(match["year"]), court=match["court"], type=match["type"], serial=int(match["serial"])
    )


def case_no_problem(text: str, *, expected_type: str, this_year: int) -> str:
    """What is wrong with a case number of a civil first (民初) or second (民终) instance; empty when nothing."""
    parsed = parse_case_no(text)
    if parsed is None:
        return _(
            "A case number reads like （2026）吉0102民初123号: the year in brackets, the court's code, the case "
            "type and the serial number, ending with 号."
        )
    if not FIRST_CASE_YEAR <= parsed.year <= this_year:
        return _("The year of a case number is from %(first)s to this year.") % {"first": FIRST_CASE_YEAR}
    if not parsed.type.endswith(expected_type):
        return _("This instance's case number has the type %(type)s (it reads %(found)s).") % {
            "type": expected_type,
            "found": parsed.type,
        }
    return ""


def appeal_deadline(
    served_on: datetime.date, is_workday: Callable[[datetime.date], bool], days: int = APPEAL_DAYS_JUDGMENT
) -> datetime.date:
    """The last day to appeal a first-instance judgment served on ``served_on`` (Arts. 171 and 85)."""
    last = served_on + datetime.timedelta(days=days)
    while not is_workday(last):
        last += datetime.timedelta(days=1)
    return last


@dataclass(frozen=True)
class ItemRow:
    code: str
    claimed: Decimal
    reserved: Decimal
    awarded: Decimal | None = None


@dataclass(frozen=True)
class Totals:
    claimed: Decimal
    reserved: Decimal
    awarded: Decimal | None

    @property
    def reserve_shortfall(self) -> Decimal | None:
        """Awarded beyond the reserve (positive: the reserve was short)."""
        return None if self.awarded is None else self.awarded - self.reserved


def totals(rows: Iterable[ItemRow]) -> Totals:
    rows = list(rows)
    awarded = [row.awarded for row in rows if row.awarded is not None]
    return Totals(
        claimed=sum((row.claimed for row in rows), Decimal("0")),
        reserved=sum((row.reserved for row in rows), Decimal("0")),
        awarded=sum(awarded, Decimal("0")) if awarded else None,
    )


def row_warnings(row: ItemRow, label: str) -> list[str]:
    """What to look at on one item: never refused (the plaintiff may change the claims, 变更诉讼请求), but shown."""
    found = []
    if row.reserved > row.claimed:
        found.append(
            _("%(item)s: the reserve ¥%(reserved)s is above the ¥%(claimed)s claimed.")
            % {"item": label, "reserved": f"{row.reserved:,.2f}", "claimed": f"{row.claimed:,.2f}"}
        )
    if row.awarded is not None and row.awarded > row.claimed:
        found.append(
            _(
                "%(item)s: ¥%(awarded)s awarded is above the ¥%(claimed)s claimed: record the plaintiff's changed "
                "claim."
            )
            % {"item": label, "awarded": f"{row.awarded:,.2f}", "claimed": f"{row.claimed:,.2f}"}
        )
    return found
